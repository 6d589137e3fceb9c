// Grants and revocations: made from what the person filled in, signed by their key over
// the RFC 8785 form, and read back checking every field (consent.hpp has the format).
#include <algorithm>
#include <cstdio>

#include "civil_days.hpp"
#include "json_read.hpp"
#include "techo/age.hpp"
#include "techo/consent.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/jcs.hpp"

namespace techo::consent {
namespace {

using nlohmann::json;

constexpr std::string_view kGrantSignatureContext = "techo-consent-grant/v1 signature\n";
constexpr std::string_view kRevocationSignatureContext = "techo-consent-revocation/v1 signature\n";
// A grant longer than ten years is not one a person can keep track of.
constexpr std::int64_t kMaxLifetimeSeconds = 10LL * 366 * 86400;

Error invalid(std::string message, std::string path) { return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(path)}; }
Error malformed(std::string message, const std::string& where, const std::string& field) {
  return Error{ErrorCode::kMalformedInput, std::move(message), where.empty() ? field : where + "." + field};
}

bool is_purpose(std::string_view p) {
  return std::find(std::begin(kPurposes), std::end(kPurposes), p) != std::end(kPurposes);
}

// "YYYY-MM-DD" naming a real day.
bool is_day(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int y = std::stoi(std::string(d.substr(0, 4))), m = std::stoi(std::string(d.substr(5, 2))),
            day = std::stoi(std::string(d.substr(8, 2)));
  if (m < 1 || m > 12 || day < 1 || day > 31) return false;
  const auto back = detail::civil_from_days(detail::days_from_civil(y, m, day));
  return back.month == m && back.day == day;
}

// Sorted and unique, each element checked by `valid`; the error names the element.
Result<std::vector<std::string>> name_set(const std::vector<std::string>& names, const std::string& path,
                                          bool (*valid)(std::string_view), const char* what) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!valid(names[i])) return invalid("expected " + std::string(what) + ", got \"" + names[i] + "\"", path + "[" + std::to_string(i) + "]");
  }
  std::vector<std::string> out = names;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool is_resource_type(std::string_view t) {
  if (t.empty() || t.size() > 64 || t[0] < 'A' || t[0] > 'Z') return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
}

std::string b64(std::span<const std::uint8_t> bytes) { return encoding::base64_encode(bytes, encoding::Padding::kRequired); }

json unsigned_grant_json(const Grant& g) {
  json person{{"name", g.person.name}, {"keyId", g.person.key_id}, {"signingKey", b64(g.person.signing_key)}};
  if (!g.person.birth_year.empty()) person["birthYear"] = g.person.birth_year;
  json grantee{{"name", g.grantee.name}, {"recipient", g.grantee.recipient}};
  if (!g.grantee.signing_key.empty()) grantee["signingKey"] = g.grantee.signing_key;
  json scope{{"categories", g.categories}};
  if (!g.resource_types.empty()) scope["resourceTypes"] = g.resource_types;
  json period = json::object();
  if (!g.data_start.empty()) period["start"] = g.data_start;
  if (!g.data_end.empty()) period["end"] = g.data_end;
  return json{{"type", kGrantType},  {"id", g.id},          {"person", std::move(person)},
              {"grantee", std::move(grantee)}, {"purpose", g.purpose}, {"scope", std::move(scope)},
              {"dataPeriod", std::move(period)}, {"issued", g.issued}, {"expires", g.expires},
              {"use", g.once ? "once" : "continuing"}, {"proxy", g.proxy}};
}

json unsigned_revocation_json(const Revocation& r) {
  return json{{"type", kRevocationType}, {"grant", r.grant_id}, {"revoked", r.revoked}, {"keyId", r.key_id},
              {"signingKey", b64(r.signing_key)}};
}

Result<std::string> signing_message(std::string_view context, const json& unsigned_form) {
  auto canonical = jcs::canonicalize(unsigned_form);
  if (!canonical) return std::move(canonical).error();
  return std::string(context) + *canonical;
}

// ---- reading ------------------------------------------------------------------------

// Reads the fields of one object, each by name and type, remembering the first problem.
class Fields {
 public:
  Fields(const json& object, std::string where) : object_(object), where_(std::move(where)) {
    if (!object_.is_object()) problem_ = malformed("expected an object", where_, "");
  }
  std::string text(const char* name, bool required = true) {
    const json* v = json_read::find(object_, name);
    if (!v) {
      if (required) fail("expected a string", name);
      return {};
    }
    if (!v->is_string()) {
      fail("expected a string", name);
      return {};
    }
    return v->get<std::string>();
  }
  bool boolean(const char* name) {
    const json* v = json_read::find(object_, name);
    if (!v || !v->is_boolean()) {
      fail("expected true or false", name);
      return false;
    }
    return v->get<bool>();
  }
  std::vector<std::string> texts(const char* name, bool required) {
    std::vector<std::string> out;
    const json* v = json_read::find(object_, name);
    if (!v) {
      if (required) fail("expected a list of strings", name);
      return out;
    }
    if (!v->is_array()) {
      fail("expected a list of strings", name);
      return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) {
        fail("expected a string", std::string(name) + "[" + std::to_string(i) + "]");
        return {};
      }
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }
  Fields object(const char* name) {
    const json* v = json_read::find(object_, name);
    if (!v || !v->is_object()) fail("expected an object", name);
    return Fields(v && v->is_object() ? *v : kEmptyObject(), where_.empty() ? name : where_ + "." + name);
  }
  std::array<std::uint8_t, 32> key(const char* name) {
    std::array<std::uint8_t, 32> out{};
    const std::string t = text(name);
    if (problem_) return out;
    auto bytes = encoding::base64_decode(t, encoding::Padding::kRequired);
    if (!bytes || bytes->size() != 32) {
      fail("expected a 32-byte Ed25519 key in base64", name);
      return out;
    }
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  }
  std::array<std::uint8_t, 64> signature(const char* name) {
    std::array<std::uint8_t, 64> out{};
    const std::string t = text(name);
    if (problem_) return out;
    auto bytes = encoding::base64_decode(t, encoding::Padding::kRequired);
    if (!bytes || bytes->size() != 64) {
      fail("expected a 64-byte signature in base64", name);
      return out;
    }
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  }
  void fail(const std::string& message, const std::string& field) {
    if (!problem_) problem_ = malformed(message, where_, field);
  }
  // Adopts a nested reader's problem.
  void take(const Fields& inner) {
    if (!problem_ && inner.problem_) problem_ = inner.problem_;
  }
  const std::optional<Error>& problem() const { return problem_; }
  const std::string& where() const { return where_; }

 private:
  static const json& kEmptyObject() {
    static const json empty = json::object();
    return empty;
  }
  const json& object_;
  std::string where_;
  std::optional<Error> problem_;
};

}  // namespace

bool is_category(std::string_view category) {
  if (std::find(std::begin(kCategories), std::end(kCategories), category) != std::end(kCategories)) return true;
  if (category.rfind(kLifelogCategoryPrefix, 0) != 0) return false;
  const std::string_view metric = category.substr(kLifelogCategoryPrefix.size());
  return !metric.empty() && metric.size() <= 64 &&
         std::all_of(metric.begin(), metric.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::int64_t default_lifetime_seconds(std::string_view purpose) {
  if (purpose == "treatment") return 24 * 3600;
  if (purpose == "emergency") return 72 * 3600;
  if (purpose == "app") return 90LL * 86400;
  if (purpose == "hand-over") return 10LL * 365 * 86400;
  return 365LL * 86400;  // research
}

std::string utc_timestamp(std::int64_t unix_seconds) {
  const std::int64_t days = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  const std::int64_t secs = unix_seconds - days * 86400;
  const auto d = detail::civil_from_days(days);
  char out[64];
  std::snprintf(out, sizeof out, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", static_cast<long long>(d.year), d.month, d.day,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return out;
}

std::optional<std::int64_t> parse_utc_timestamp(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (t.size() < 20 || t[10] != 'T' || t.back() != 'Z' || t[13] != ':' || t[16] != ':') return std::nullopt;
  if (!is_day(t.substr(0, 10))) return std::nullopt;
  auto two = [&](std::size_t at) -> int {
    if (t[at] < '0' || t[at] > '9' || t[at + 1] < '0' || t[at + 1] > '9') return -1;
    return (t[at] - '0') * 10 + (t[at + 1] - '0');
  };
  const int h = two(11), m = two(14), s = two(17);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return std::nullopt;
  const std::string_view rest = t.substr(19, t.size() - 20);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2 || rest.size() > 10) return std::nullopt;
    if (!std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  }
  const std::string day(t.substr(0, 10));
  const std::int64_t days = detail::days_from_civil(std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2)), std::stoi(day.substr(8, 2)));
  return days * 86400 + h * 3600 + m * 60 + s;
}

bool expired(const Grant& grant, std::int64_t now_unix) {
  const auto expires = parse_utc_timestamp(grant.expires);
  return !expires || now_unix >= *expires;
}

Result<Grant> make_grant(const GrantRequest& request, const PersonRef& person, std::int64_t now_unix) {
  Grant g;
  g.person = person;
  if (request.grantee.name.empty() || request.grantee.name.size() > 200) {
    return invalid("expected the grantee's name (1 to 200 bytes): whom the person shares with", "grantee.name");
  }
  g.grantee.name = request.grantee.name;
  if (auto r = age::X25519Recipient::parse(request.grantee.recipient); !r) {
    return invalid("expected the grantee's age public key (age1…): " + r.error().message, "grantee.recipient");
  }
  g.grantee.recipient = request.grantee.recipient;
  if (!request.grantee.signing_key.empty()) {
    auto key = encoding::base64_decode(request.grantee.signing_key, encoding::Padding::kRequired);
    if (!key || key->size() != 32) return invalid("expected the grantee's Ed25519 key as 32 bytes in base64", "grantee.signingKey");
    g.grantee.signing_key = request.grantee.signing_key;
  }
  if (!is_purpose(request.purpose)) {
    return invalid("expected purpose treatment, emergency, research or app, got \"" + request.purpose + "\"", "purpose");
  }
  g.purpose = request.purpose;
  auto categories = name_set(request.categories, "scope.categories", is_category, "a category such as medications, labs or lifelog:steps");
  if (!categories) return std::move(categories).error();
  auto types = name_set(request.resource_types, "scope.resourceTypes", is_resource_type, "a FHIR resource type");
  if (!types) return std::move(types).error();
  if (categories->empty() && types->empty()) {
    return invalid("expected at least one category (or resource type) to share", "scope.categories");
  }
  g.categories = std::move(*categories);
  g.resource_types = std::move(*types);
  if (!request.data_start.empty() && !is_day(request.data_start)) return invalid("expected a day YYYY-MM-DD", "dataPeriod.start");
  if (!request.data_end.empty() && !is_day(request.data_end)) return invalid("expected a day YYYY-MM-DD", "dataPeriod.end");
  if (!request.data_start.empty() && !request.data_end.empty() && request.data_end < request.data_start) {
    return invalid("the data period ends before it starts", "dataPeriod.end");
  }
  g.data_start = request.data_start;
  g.data_end = request.data_end;
  g.issued = utc_timestamp(now_unix);
  std::int64_t expires = now_unix + default_lifetime_seconds(g.purpose);
  if (!request.expires.empty()) {
    const auto at = parse_utc_timestamp(request.expires);
    if (!at) return invalid("expected a UTC time such as 2026-12-02T10:00:00Z", "expires");
    if (*at <= now_unix) return invalid("the expiry is not in the future", "expires");
    if (*at - now_unix > kMaxLifetimeSeconds) return invalid("a grant lasts at most ten years", "expires");
    expires = *at;
  }
  g.expires = utc_timestamp(expires);
  g.once = request.once.value_or(g.purpose == "treatment" || g.purpose == "emergency");
  g.proxy = request.proxy;
  if (g.proxy && g.once) return invalid("a proxy grant is a continuing share", "use");
  if (g.proxy && request.expires.empty()) g.expires = utc_timestamp(now_unix + 365LL * 86400);
  std::array<std::uint8_t, 16> id{};
  crypto::random_bytes(id);
  g.id = encoding::hex_encode(id);
  return g;
}

Result<SignedGrant> sign(const Grant& grant, const crypto::Ed25519KeyPair& key) {
  if (!std::equal(key.public_key.begin(), key.public_key.end(), grant.person.signing_key.begin())) {
    return Error{ErrorCode::kInternal, "a grant is signed only by the key it names", "person.signingKey"};
  }
  auto message = signing_message(kGrantSignatureContext, unsigned_grant_json(grant));
  if (!message) return std::move(message).error();
  return SignedGrant{grant, crypto::ed25519_sign(key, crypto::as_bytes(*message))};
}

Result<Revocation> revoke(const SignedGrant& grant, const crypto::Ed25519KeyPair& key, std::int64_t now_unix) {
  Revocation r;
  r.grant_id = grant.grant.id;
  r.revoked = utc_timestamp(now_unix);
  r.key_id = grant.grant.person.key_id;
  r.signing_key = grant.grant.person.signing_key;
  if (!std::equal(key.public_key.begin(), key.public_key.end(), r.signing_key.begin())) {
    return Error{ErrorCode::kInternal, "a grant is revoked only by the key that signed it", "signingKey"};
  }
  auto message = signing_message(kRevocationSignatureContext, unsigned_revocation_json(r));
  if (!message) return std::move(message).error();
  r.signature = crypto::ed25519_sign(key, crypto::as_bytes(*message));
  return r;
}

json to_json(const SignedGrant& g) {
  json out = unsigned_grant_json(g.grant);
  out["signature"] = b64(g.signature);
  return out;
}

json to_json(const Revocation& r) {
  json out = unsigned_revocation_json(r);
  out["signature"] = b64(r.signature);
  return out;
}

Result<SignedGrant> signed_grant_from_json(const json& value, const std::string& where) {
  Fields f(value, where);
  SignedGrant s;
  Grant& g = s.grant;
  if (const std::string type = f.text("type"); !f.problem() && type != kGrantType) {
    f.fail("expected type " + std::string(kGrantType), "type");
  }
  g.id = f.text("id");
  if (!f.problem() && (g.id.size() != 32 || !std::all_of(g.id.begin(), g.id.end(), [](char c) {
                         return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                       }))) {
    f.fail("expected 32 lower-case hex digits", "id");
  }
  Fields person = f.object("person");
  g.person.name = person.text("name");
  g.person.birth_year = person.text("birthYear", false);
  g.person.key_id = person.text("keyId");
  g.person.signing_key = person.key("signingKey");
  if (!person.problem() && g.person.key_id != envelope::key_id(g.person.signing_key)) {
    person.fail("the key id is not that of the signing key", "keyId");
  }
  f.take(person);
  Fields grantee = f.object("grantee");
  g.grantee.name = grantee.text("name");
  g.grantee.recipient = grantee.text("recipient");
  g.grantee.signing_key = grantee.text("signingKey", false);
  if (!grantee.problem() && !age::X25519Recipient::parse(g.grantee.recipient)) grantee.fail("expected an age1… key", "recipient");
  f.take(grantee);
  g.purpose = f.text("purpose");
  if (!f.problem() && !is_purpose(g.purpose)) f.fail("unknown purpose \"" + g.purpose + "\"", "purpose");
  Fields scope = f.object("scope");
  g.categories = scope.texts("categories", true);
  g.resource_types = scope.texts("resourceTypes", false);
  for (std::size_t i = 0; !scope.problem() && i < g.categories.size(); ++i) {
    if (!is_category(g.categories[i])) scope.fail("unknown category \"" + g.categories[i] + "\"", "categories[" + std::to_string(i) + "]");
  }
  for (std::size_t i = 0; !scope.problem() && i < g.resource_types.size(); ++i) {
    if (!is_resource_type(g.resource_types[i])) scope.fail("expected a FHIR resource type", "resourceTypes[" + std::to_string(i) + "]");
  }
  f.take(scope);
  Fields period = f.object("dataPeriod");
  g.data_start = period.text("start", false);
  g.data_end = period.text("end", false);
  if (!period.problem() && !g.data_start.empty() && !is_day(g.data_start)) period.fail("expected YYYY-MM-DD", "start");
  if (!period.problem() && !g.data_end.empty() && !is_day(g.data_end)) period.fail("expected YYYY-MM-DD", "end");
  f.take(period);
  g.issued = f.text("issued");
  g.expires = f.text("expires");
  if (!f.problem() && !parse_utc_timestamp(g.issued)) f.fail("expected a UTC time", "issued");
  if (!f.problem() && !parse_utc_timestamp(g.expires)) f.fail("expected a UTC time", "expires");
  const std::string use = f.text("use");
  if (!f.problem() && use != "once" && use != "continuing") f.fail("expected once or continuing", "use");
  g.once = use == "once";
  g.proxy = f.boolean("proxy");
  s.signature = f.signature("signature");
  if (f.problem()) return *f.problem();
  // The signature covers what the signer wrote, canonically; the fields read back must
  // say exactly that (a field Techo does not know would be signed but unread: refused).
  json unsigned_form = value;
  unsigned_form.erase("signature");
  if (unsigned_form != unsigned_grant_json(g)) {
    return malformed("the grant holds fields this version does not know, or lists out of order", where, "");
  }
  auto message = signing_message(kGrantSignatureContext, unsigned_form);
  if (!message) return std::move(message).error();
  if (!crypto::ed25519_verify(g.person.signing_key, s.signature, crypto::as_bytes(*message))) {
    return Error{ErrorCode::kInvalidSignature, "the person's signature on the grant does not match: it was altered or not signed by their key",
                 where.empty() ? "signature" : where + ".signature"};
  }
  return s;
}

Result<SignedGrant> parse_signed_grant(std::string_view text, const std::string& where) {
  auto value = jcs::parse_unique(text, where);
  if (!value) return std::move(value).error();
  return signed_grant_from_json(*value, where);
}

Result<Revocation> revocation_from_json(const json& value, const std::string& where) {
  Fields f(value, where);
  Revocation r;
  if (const std::string type = f.text("type"); !f.problem() && type != kRevocationType) {
    f.fail("expected type " + std::string(kRevocationType), "type");
  }
  r.grant_id = f.text("grant");
  r.revoked = f.text("revoked");
  if (!f.problem() && !parse_utc_timestamp(r.revoked)) f.fail("expected a UTC time", "revoked");
  r.key_id = f.text("keyId");
  r.signing_key = f.key("signingKey");
  r.signature = f.signature("signature");
  if (f.problem()) return *f.problem();
  json unsigned_form = value;
  unsigned_form.erase("signature");
  if (unsigned_form != unsigned_revocation_json(r)) {
    return malformed("the revocation holds fields this version does not know", where, "");
  }
  auto message = signing_message(kRevocationSignatureContext, unsigned_form);
  if (!message) return std::move(message).error();
  if (r.key_id != envelope::key_id(r.signing_key) ||
      !crypto::ed25519_verify(r.signing_key, r.signature, crypto::as_bytes(*message))) {
    return Error{ErrorCode::kInvalidSignature, "the revocation's signature does not match its key",
                 where.empty() ? "signature" : where + ".signature"};
  }
  return r;
}

Result<Revocation> parse_revocation(std::string_view text, const std::string& where) {
  auto value = jcs::parse_unique(text, where);
  if (!value) return std::move(value).error();
  return revocation_from_json(*value, where);
}

bool revokes(const Revocation& revocation, const SignedGrant& grant) {
  return revocation.grant_id == grant.grant.id && revocation.signing_key == grant.grant.person.signing_key;
}

}  // namespace techo::consent
