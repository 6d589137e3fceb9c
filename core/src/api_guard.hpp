// The exception barrier of the api facade, private to core: everything thrown below
// becomes an INTERNAL error value, so nothing ever crosses into JavaScript.
#pragma once

#include <exception>
#include <new>
#include <string>

#include "api_json.hpp"

namespace techo::detail {

template <typename Body>
std::string guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return error_envelope({ErrorCode::kInternal, "out of memory", {}});
  } catch (const std::exception& e) {
    return error_envelope({ErrorCode::kInternal, std::string("internal error: ") + e.what(), {}});
  } catch (...) {
    return error_envelope({ErrorCode::kInternal, "internal error", {}});
  }
}

}  // namespace techo::detail
