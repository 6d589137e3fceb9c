// Which schedule product a record's vaccine code names: by code (CVX, the codes the
// schedule lists per product), else by the display text as a last resort (flagged, for
// records that carry only a local code or none).
#include <algorithm>
#include <cctype>

#include "techo/immunization.hpp"
#include "techo/terminology.hpp"

namespace techo::immunization {
namespace {

// Any form of CVX the terminology registry knows (the URI, the OID).
bool is_cvx(const std::string& system) { return terminology::same_system(system, "http://hl7.org/fhir/sid/cvx"); }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::optional<std::string> product_for(const Schedule& schedule, const std::string& system, const std::string& code,
                                       const std::string& text, bool& from_text) {
  from_text = false;
  if (is_cvx(system) && !code.empty()) {
    // CVX codes are written with and without a leading zero ("08" / "8").
    const std::string bare = code.size() > 1 && code[0] == '0' ? code.substr(1) : code;
    for (const auto& p : schedule.products) {
      for (const auto& c : p.cvx) {
        const std::string c_bare = c.size() > 1 && c[0] == '0' ? c.substr(1) : c;
        if (c_bare == bare) return p.id;
      }
    }
  }
  if (!code.empty()) {
    for (const auto& p : schedule.products) {
      if (p.id == code) return p.id;  // a record that already carries the schedule's product id
    }
  }
  if (text.empty()) return std::nullopt;
  // The longest name that occurs in the text wins ("四種混合" inside "五種混合" cannot
  // occur, but "肺炎球菌（13価）" must beat a shorter shared name).
  const std::string haystack = lower(text);
  const Product* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& p : schedule.products) {
    for (const auto& name : p.names) {
      const std::string needle = lower(name);
      if (needle.size() > best_length && haystack.find(needle) != std::string::npos) {
        best = &p;
        best_length = needle.size();
      }
    }
  }
  if (!best) return std::nullopt;
  from_text = true;
  return best->id;
}

}  // namespace techo::immunization
