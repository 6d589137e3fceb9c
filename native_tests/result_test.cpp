#include <catch2/catch.hpp>

#include "techo/result.hpp"

using techo::Error;
using techo::ErrorCode;
using techo::Result;

TEST_CASE("Result holds either a value or an error", "[result]") {
  Result<int> good = 42;
  REQUIRE(good.has_value());
  CHECK(good.value() == 42);

  Result<int> bad = Error{ErrorCode::kMalformedInput, "broken", "line 1"};
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == ErrorCode::kMalformedInput);
  CHECK(bad.error().path == "line 1");
}

TEST_CASE("Error::within prepends the outer location", "[result]") {
  Error inner{ErrorCode::kInvalidResource, "expected a number", "Bundle.entry[3].resource.value"};
  CHECK(inner.within("labs.json").path == "labs.json: Bundle.entry[3].resource.value");
  Error bare{ErrorCode::kMalformedInput, "not JSON", ""};
  CHECK(bare.within("labs.json").path == "labs.json");
  CHECK(bare.within("").path == "");
}

TEST_CASE("every error code has a stable upper-case name", "[result]") {
  CHECK(techo::error_code_name(ErrorCode::kMalformedInput) == "MALFORMED_INPUT");
  CHECK(techo::error_code_name(ErrorCode::kInvalidResource) == "INVALID_RESOURCE");
  CHECK(techo::error_code_name(ErrorCode::kUnsupported) == "UNSUPPORTED");
  CHECK(techo::error_code_name(ErrorCode::kStorage) == "STORAGE");
}
