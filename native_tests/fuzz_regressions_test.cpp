// Every input a fuzzer crashed on (native_tests/data/fuzz-regressions/<target>/...) is fed
// to the same target again: the reader must answer success or an error value — a crash,
// a sanitizer report (the sanitizer layer of scripts/test runs this too), an escaping
// exception or INTERNAL fails. Inputs whose fix belongs to work not yet merged are listed
// in fuzz-regressions/PENDING with the reason; they are reported, not run, until then.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "fuzz/targets.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;

namespace {

std::set<std::string> pending() {
  std::set<std::string> names;
  std::ifstream in(techo::test::data_path("fuzz-regressions/PENDING"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    names.insert(line.substr(0, line.find(' ')));
  }
  return names;
}

std::vector<std::string> regression_inputs() {
  std::vector<std::string> inputs;
  for (const auto& target : techo::fuzz::all_targets()) {
    const fs::path dir = techo::test::data_path("fuzz-regressions/" + std::string(target.name));
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) inputs.push_back(std::string(target.name) + "/" + entry.path().filename().string());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

}  // namespace

TEST_CASE("every fuzz target has a regression folder name and a function", "[fuzz]") {
  const auto targets = techo::fuzz::all_targets();
  REQUIRE(targets.size() == 19);
  for (const auto& t : targets) CHECK(t.run != nullptr);
}

TEST_CASE("fuzz targets accept what their seeds are made of", "[fuzz]") {
  // A target that rejected even a valid file would fuzz only its error paths.
  using techo::fuzz::all_targets;
  const auto run = [](std::string_view name, const std::string& bytes) {
    for (const auto& t : all_targets()) {
      if (t.name == name) return t.run(techo::crypto::as_bytes(bytes));
    }
    FAIL("no target " << name);
    return techo::Status{techo::Ok{}};
  };
  CHECK(run("fhir_scanner", techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-PCS-Example-01.json")));
  CHECK(run("fhir_bundle", techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-PCS-Example-01.json")));
  CHECK(run("apple_health", techo::test::read_data("apple-health-export/export6s3sample.xml")));
  CHECK(run("zip", techo::test::read_data("apple-health-export/export-infozip-stream.zip")));
  CHECK(run("zip", techo::test::read_data("apple-health-export/export-python-zip64.zip")));
  CHECK(run("csv", "timestamp,metric,value,unit,source\n2026-01-01T07:10:00+09:00,heart-rate,64,/min,pulse check\n"));
  CHECK(run("age_header", "age-encryption.org/v1\n-> X25519 x\n--- y\n").error().code == techo::ErrorCode::kAgeHeader);
}

TEST_CASE("inputs the fuzzers crashed on are answered, not crashed on", "[fuzz]") {
  static const auto skip = pending();
  const auto inputs = regression_inputs();
  if (inputs.empty()) return;
  const std::string input = GENERATE_COPY(from_range(inputs));
  CAPTURE(input);
  if (skip.count(input)) {
    WARN("pending (see fuzz-regressions/PENDING): " << input);
    return;
  }
  const std::string target = input.substr(0, input.find('/'));
  const std::string bytes = techo::test::read_data("fuzz-regressions/" + input);
  for (const auto& t : techo::fuzz::all_targets()) {
    if (t.name != target) continue;
    techo::Status answer = techo::Ok{};
    REQUIRE_NOTHROW(answer = t.run(techo::crypto::as_bytes(bytes)));
    if (!answer) {
      CAPTURE(answer.error().message, answer.error().path);
      CHECK(answer.error().code != techo::ErrorCode::kInternal);
    }
  }
}
