#include "targets.hpp"

namespace techo::fuzz {

Error broken(std::string_view what) { return Error{ErrorCode::kInternal, std::string(what), "fuzz"}; }

bool same_answer(const Status& a, const Status& b) {
  if (a.has_value() != b.has_value()) return false;
  return a.has_value() || a.error().code == b.error().code;
}

}  // namespace techo::fuzz
