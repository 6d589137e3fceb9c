// Research copies: one person's resources pseudonymised for a research grant. One pass
// over each resource's JSON, generic over every resource type, building the copy rather
// than editing the original, so that nothing is kept by forgetting to remove it.
//
// The field rules, in the order the walker applies them to each member `key: value`:
//
//  1. Resources left out whole (kAboutOthers, kIdentifyingRecords): those about other
//     identifiable people or places (Practitioner, Organization, Location, …) and those
//     that are identifying records in themselves (Coverage holds the 保険者番号 and 記号・番号,
//     Device its serial and UDI, Binary and Media raw content, Provenance and AuditEvent
//     who did what, Bundle a nested copy of everything). References to them go with them.
//     The same holds inside `contained`, where a Patient is left out too (the person's
//     Patient is the top-level one, reduced by rule 4).
//  2. Keys not spelled like FHIR element names ([A-Za-z][A-Za-z0-9]*) are dropped: this
//     takes the primitive extensions (`_birthDate`: the birth time lives there) and
//     anything that is not FHIR.
//  3. Always removed, wherever they are: `identifier` and every key ending in `Identifier`
//     (accessionIdentifier, groupIdentifier, masterIdentifier, …), `name` (in clinical
//     resources a name is a person's, an organisation's or a place's), `telecom`,
//     `address`, `photo`, `contact`, `signature`, `lotNumber`, `serialNumber`,
//     `udiCarrier`, `requisition` (an Identifier), `uid` (DICOM UIDs), `url` outside an
//     extension (it may be a server's address for the person), and element `id`s.
//  4. The Patient keeps `gender`, `birthDate` reduced to its year ("1985", not shifted:
//     a year is what Safe Harbor allows and ages stay right to within the offset),
//     `deceasedBoolean` and `deceasedDateTime` (shifted like every other date). Nothing
//     else of it: names, identifiers, telecom, address, photo, contacts, links, marital
//     status, communication, and every extension (on a Patient they carry birth places,
//     maiden names, religion, nationality).
//  5. References. A Reference is an object with `reference`, or whose members are only
//     reference/type/identifier/display/extension/id (a "logical" one). Its `display`,
//     `identifier`, `extension` and `id` are dropped; it keeps `type` and the mapped
//     `reference`; with no usable `reference` the whole Reference goes:
//       - "Type/id", absolute "https://…/Type/id" and "…/Type/id/_history/n" become
//         "Type/<P(Type/id)>": every package of one grant maps one resource alike, and the
//         server's address (a hospital's) is gone;
//       - "urn:uuid:…" and "urn:oid:…" become "urn:uuid:<P(urn)>";
//       - "#local" points into `contained`: kept (pseudonymised) when the contained
//         resource is kept, removed when it was dropped or is not there;
//       - to a type of rule 1 (by its "Type/", its `type`, or the type of the entry whose
//         fullUrl it is): removed;
//       - conditional references ("Patient?identifier=…|12345") and anything else that
//         does not parse: removed (they carry identifier values).
//     The entry's `id` is P(Type/id) and its fullUrl "urn:uuid:<P(fullUrl)>" (a RESTful
//     fullUrl: "urn:uuid:<P(Type/id)>"), so references that resolved still resolve; an
//     entry without a fullUrl gets one.
//  6. Dates, recognised by key and checked by shape. Date-typed keys: names ending in
//     `Date`, `DateTime` or `Instant` (birthDate, recordedDate, onsetDateTime,
//     valueDateTime, expirationDate, …), every `effective*`, and date, dateTime, issued,
//     authored, authoredOn, recorded, lastUpdated, timestamp, created, creation,
//     whenHandedOver, whenPrepared, start, end (Period, and Appointment's instants),
//     time (Annotation, attester), sent, received, onset, event (Timing), instant,
//     lastOccurrence, dateAsserted. Under such a key a string must be a FHIR date,
//     dateTime or instant (YYYY, YYYY-MM, YYYY-MM-DD, or a full date with Thh:mm[:ss[.f]]
//     and an optional Z or ±hh:mm); it is shifted by the grant's whole-day offset with
//     its time of day and zone kept. A partial date keeps its precision: the middle of its
//     month (the 15th) or year (2 July) is shifted and the month or year it lands in is
//     written. Anything else under a date key (text, numbers, impossible days such as
//     2021-02-30) is dropped. Under every other key year-like values are codes and stay
//     ("2020" as a code is not shifted), but a full date (YYYY-MM-DD…) is dropped: left
//     unshifted next to shifted ones it would give the offset away.
//  7. `meta` keeps `tag`, `security` and the shifted `lastUpdated`, and gains the HL7
//     security label PSEUDED; `source` (the sending system), `versionId` and `profile`
//     (the copy no longer meets the profiles it claimed: they require identifiers and
//     names) are dropped.
//  8. Extensions (`extension`, `modifierExtension`), outside the Patient: kept when their
//     value is a code, a quantity or a date — valueCode, valueCoding,
//     valueCodeableConcept, valueQuantity, valueAge, valueDuration, valueCount,
//     valueDistance, valueRange, valueRatio, valueBoolean, valueInteger, valueDecimal,
//     valuePositiveInt, valueUnsignedInt, valueDate, valueDateTime, valueInstant,
//     valueTime, valuePeriod, valueTiming, valueReference (mapped by rule 5) —, and when
//     nested, if any of their sub-extensions is kept. Strings, markdown, URIs, ids,
//     identifiers, names, addresses, contact points and attachments drop the extension.
//     A modifierExtension follows the same rule.
//  9. Free text, dropped unless Options::keep_free_text: every Narrative (`text` objects:
//     resources' and Composition sections'), `note`, `comment`, `comments` (whatever
//     their type), and the string values of `description`, `title`, `summary`,
//     `conclusion`, `patientInstruction`, `instruction`, `purpose`, every key ending in
//     `String` (valueString, onsetString, abatementString, occurrenceString, …) or
//     `Markdown`, and a string `text` whose object is not a CodeableConcept (Dosage.text,
//     referenceRange.text, Annotation.text). A CodeableConcept's `text` and a Coding's
//     `display` stay: they name a code, not a person.
// 10. Attachments (`attachment`, `presentedForm`, `valueAttachment`, `contentAttachment`)
//     keep only `contentType`, `language` and the shifted `creation`: their data, url,
//     title (a file name), size and hash are dropped, free text kept or not.
// 11. A last guard over every string and key the copy would keep: one that contains a
//     direct identifier (direct_identifiers) of a Patient of the input is dropped — a
//     name typed into a code's text or a display of a kept extension. So is a string that
//     is not valid UTF-8. Objects and arrays left empty are dropped with their key.
//
// Odd input never throws: a value of an unexpected type is dropped (a resource whose body
// is not an object, or whose resourceType disagrees with its entry, is left out), and
// nesting deeper than kMaxDepth is cut.
#include "techo/research.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "civil_days.hpp"
#include "techo/encoding.hpp"

namespace techo::research {
namespace {

using nlohmann::json;
using namespace std::literals;

constexpr int kMaxDepth = 64;

// Rule 1: about other identifiable people or places.
constexpr std::string_view kAboutOthers[] = {
    "Practitioner", "PractitionerRole", "Organization", "OrganizationAffiliation", "RelatedPerson", "Location", "Person",
    "Group",        "HealthcareService", "Endpoint",    "CareTeam",                "InsurancePlan",
};
// Rule 1: records that are identifying in themselves.
constexpr std::string_view kIdentifyingRecords[] = {
    "Coverage", "CoverageEligibilityRequest", "CoverageEligibilityResponse", "Claim", "ClaimResponse", "ExplanationOfBenefit",
    "Account", "Invoice", "PaymentNotice", "PaymentReconciliation", "EnrollmentRequest", "EnrollmentResponse", "Contract",
    "Device", "Binary", "Media", "Provenance", "AuditEvent", "Consent", "Communication", "CommunicationRequest", "Bundle",
    "Linkage", "Schedule", "Slot", "VerificationResult", "MessageHeader", "Subscription",
};

// Rule 3.
constexpr std::string_view kRemoved[] = {"identifier", "name",         "telecom",   "address",     "photo",
                                         "contact",    "signature",    "lotNumber", "serialNumber", "udiCarrier",
                                         "requisition", "uid",         "url",       "id",          "resourceType",
                                         "meta",       "contained"};
// Rule 6.
constexpr std::string_view kDateKeys[] = {"date",   "dateTime", "issued",  "authored", "authoredOn",     "recorded",
                                          "lastUpdated", "timestamp", "created", "creation", "whenHandedOver", "whenPrepared",
                                          "start",  "end",      "time",    "sent",     "received",       "onset",
                                          "event",  "instant",  "lastOccurrence", "dateAsserted"};
// Rule 8.
constexpr std::string_view kExtensionValues[] = {
    "valueCode",    "valueCoding",     "valueCodeableConcept", "valueQuantity",    "valueAge",      "valueDuration",
    "valueCount",   "valueDistance",   "valueRange",           "valueRatio",       "valueBoolean",  "valueInteger",
    "valueDecimal", "valuePositiveInt", "valueUnsignedInt",    "valueDate",        "valueDateTime", "valueInstant",
    "valueTime",    "valuePeriod",     "valueTiming",          "valueReference"};
// Rule 9.
constexpr std::string_view kAnnotations[] = {"note", "comment", "comments"};
constexpr std::string_view kFreeTextStrings[] = {"description", "title",       "summary", "conclusion",
                                                 "patientInstruction", "instruction", "purpose"};
// Rule 10.
constexpr std::string_view kAttachments[] = {"attachment", "presentedForm", "valueAttachment", "contentAttachment"};

template <std::size_t N>
bool among(std::string_view key, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), key) != std::end(list);
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_left_out(std::string_view type) { return among(type, kAboutOthers) || among(type, kIdentifyingRecords); }

bool is_element_name(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(key[0])) return false;
  return std::all_of(key.begin(), key.end(), [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}
bool is_type_name(std::string_view type) {
  return !type.empty() && type[0] >= 'A' && type[0] <= 'Z' && is_element_name(type);
}
// FHIR's id: [A-Za-z0-9\-\.]{1,64}.
bool is_fhir_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

bool is_date_key(std::string_view key) {
  return ends_with(key, "Date") || ends_with(key, "DateTime") || ends_with(key, "Instant") || starts_with(key, "effective") ||
         among(key, kDateKeys);
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) extra = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3, cp = c & 0x07;
    else return false;
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= n) return false;
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// ---- dates ---------------------------------------------------------------------------------

enum class Precision { kYear, kMonth, kDay };
struct FhirDate {
  int year = 0, month = 1, day = 1;
  Precision precision = Precision::kYear;
  std::string_view rest;  // "Thh:mm:ss.sss+09:00" after a full date, as written
};

bool digits(std::string_view s, std::size_t at, std::size_t count, int& value) {
  if (at + count > s.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// "Thh:mm[:ss[.f…]][Z|±hh:mm]" (FHIR wants seconds and a zone; data in the wild omits them).
bool valid_time(std::string_view t) {
  int v = 0;
  if (t.size() < 6 || t[0] != 'T' || !digits(t, 1, 2, v) || v > 23 || t[3] != ':' || !digits(t, 4, 2, v) || v > 59) return false;
  std::size_t i = 6;
  if (i < t.size() && t[i] == ':') {
    if (!digits(t, i + 1, 2, v) || v > 60) return false;
    i += 3;
    if (i < t.size() && t[i] == '.') {
      const std::size_t start = ++i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      if (i == start || i - start > 9) return false;
    }
  }
  if (i == t.size()) return true;
  if (t[i] == 'Z') return i + 1 == t.size();
  if (t[i] != '+' && t[i] != '-') return false;
  return t.size() == i + 6 && digits(t, i + 1, 2, v) && v <= 14 && t[i + 3] == ':' && digits(t, i + 4, 2, v) && v <= 59;
}

std::optional<FhirDate> parse_date(std::string_view s) {
  FhirDate d;
  if (!digits(s, 0, 4, d.year) || d.year < 1) return std::nullopt;
  if (s.size() == 4) return d;
  if (s[4] != '-' || !digits(s, 5, 2, d.month) || d.month < 1 || d.month > 12) return std::nullopt;
  d.precision = Precision::kMonth;
  if (s.size() == 7) return d;
  if (s[7] != '-' || !digits(s, 8, 2, d.day) || d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
  d.precision = Precision::kDay;
  if (s.size() == 10) return d;
  d.rest = s.substr(10);
  if (!valid_time(d.rest)) return std::nullopt;
  return d;
}

bool is_full_date(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  const auto d = parse_date(s.substr(0, 10));
  return d.has_value();
}

// The date `days` later (or earlier) at the same precision; nullopt when it leaves years
// 0001..9999.
std::optional<std::string> shift_date(const FhirDate& d, int days) {
  std::int64_t day;
  switch (d.precision) {
    case Precision::kYear: day = detail::days_from_civil(d.year, 7, 2); break;
    case Precision::kMonth: day = detail::days_from_civil(d.year, d.month, 15); break;
    default: day = detail::days_from_civil(d.year, d.month, d.day); break;
  }
  const auto c = detail::civil_from_days(day + days);
  if (c.year < 1 || c.year > 9999) return std::nullopt;
  std::string out;
  out.reserve(10 + d.rest.size());
  const auto two = [&](int v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
  };
  const int y = static_cast<int>(c.year);
  two(y / 100);
  two(y % 100);
  if (d.precision != Precision::kYear) {
    out += '-';
    two(c.month);
  }
  if (d.precision == Precision::kDay) {
    out += '-';
    two(c.day);
  }
  out.append(d.rest);
  return out;
}

// ---- pseudonyms ----------------------------------------------------------------------------

constexpr std::string_view kIdDomain = "techo-research/id/v1\0"sv;        // of "Type/id"
constexpr std::string_view kUrnDomain = "techo-research/urn/v1\0"sv;      // of urn:uuid:/urn:oid: and other fullUrls
constexpr std::string_view kLocalDomain = "techo-research/local/v1\0"sv;  // of contained ids
constexpr std::string_view kShiftDomain = "techo-research/date-shift/v1\0"sv;
constexpr std::string_view kGrantDomain = "techo-research/grant-key/v1\0"sv;

std::array<std::uint8_t, 16> digest(const PseudonymKey& key, std::string_view domain, std::string_view value) {
  std::array<std::uint8_t, 16> out{};
  crypto::blake2b_keyed(key.view(), {crypto::as_bytes(domain), crypto::as_bytes(value)}, out);
  return out;
}

std::string as_uuid(std::array<std::uint8_t, 16> b) {
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // looks like any random (v4) UUID
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
  const std::string hex = encoding::hex_encode(b);
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

// "…/Type/id" or "…/Type/id/_history/v", as (Type, id).
std::optional<std::pair<std::string_view, std::string_view>> restful(std::string_view ref) {
  if (const auto h = ref.rfind("/_history/"); h != std::string_view::npos) ref = ref.substr(0, h);
  const auto slash = ref.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view id = ref.substr(slash + 1);
  const std::string_view head = ref.substr(0, slash);
  const auto type_start = head.rfind('/');
  const std::string_view type = type_start == std::string_view::npos ? head : head.substr(type_start + 1);
  if (!is_type_name(type) || !is_fhir_id(id)) return std::nullopt;
  // A relative reference is exactly Type/id; an absolute one has a scheme.
  if (type_start != std::string_view::npos && head.find("://") == std::string_view::npos) return std::nullopt;
  return std::pair{type, id};
}

bool is_urn(std::string_view s) { return starts_with(s, "urn:uuid:") || starts_with(s, "urn:oid:"); }

// ---- the guard of rule 11 ------------------------------------------------------------------

class LeakGuard {
 public:
  void add(const std::string& s) {
    if (s.size() < 2) return;
    patterns_.push_back(s);
    prefixes_.set(pair_of(s[0], s[1]));
  }
  bool hit(std::string_view s) const {
    if (patterns_.empty() || s.size() < 2) return false;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      if (!prefixes_.test(pair_of(s[i], s[i + 1]))) continue;
      for (const auto& p : patterns_) {
        if (p[0] == s[i] && p[1] == s[i + 1] && s.compare(i, p.size(), p) == 0) return true;
      }
    }
    return false;
  }

 private:
  static std::size_t pair_of(char a, char b) {
    return static_cast<std::size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
  }
  std::vector<std::string> patterns_;
  std::bitset<65536> prefixes_;
};

// ---- the walker ----------------------------------------------------------------------------

class Pseudonymiser {
 public:
  Pseudonymiser(const std::vector<fhir::Resource>& resources, const PseudonymKey& key, const Options& options)
      : key_(key), options_(options), offset_(date_shift_days(key)) {
    for (const auto& r : resources) {
      if (!r.full_url.empty()) left_out_urls_.emplace(r.full_url, is_left_out(r.type));
      if (r.type == "Patient") {
        for (const auto& s : direct_identifiers(r)) guard_.add(s);
      }
    }
  }

  std::optional<fhir::Resource> resource(const fhir::Resource& in, std::size_t position) {
    if (!is_type_name(in.type) || is_left_out(in.type) || !in.body.is_object()) return std::nullopt;
    const json* type = find(in.body, "resourceType");
    if (!type || !type->is_string() || type->get_ref<const std::string&>() != in.type) return std::nullopt;
    fhir::Resource out;
    out.type = in.type;
    if (!resource_body(in.body, in.type, /*contained=*/false, 0, out.body)) return std::nullopt;
    if (const json* id = find(out.body, "id")) out.id = id->get<std::string>();
    out.full_url = full_url(in, position);
    return out;
  }

 private:
  static const json* find(const json& object, std::string_view key) {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  std::string id_pseudonym(std::string_view type, std::string_view id) {
    std::string identity;
    identity.reserve(type.size() + id.size() + 1);
    identity.append(type).append("/").append(id);
    return encoding::hex_encode(digest(key_, kIdDomain, identity));
  }
  std::string local_pseudonym(std::string_view id) { return encoding::hex_encode(digest(key_, kLocalDomain, id)).substr(0, 16); }

  std::string full_url(const fhir::Resource& in, std::size_t position) {
    const std::string& url = in.full_url;
    if (!url.empty() && !is_urn(url)) {
      if (const auto rest = restful(url)) return as_uuid(digest(key_, kIdDomain, std::string(rest->first) + "/" + std::string(rest->second)));
    }
    if (!url.empty()) return as_uuid(digest(key_, kUrnDomain, url));
    const json* id = find(in.body, "id");
    if (id && id->is_string() && is_fhir_id(id->get_ref<const std::string&>())) {
      return as_uuid(digest(key_, kIdDomain, in.type + "/" + id->get<std::string>()));
    }
    return as_uuid(digest(key_, kUrnDomain, "techo-entry:" + std::to_string(position)));
  }

  // ---- resources ----

  bool resource_body(const json& in, const std::string& type, bool contained, int depth, json& out) {
    out = json::object();
    out["resourceType"] = type;
    if (const json* id = find(in, "id"); id && id->is_string()) {
      const auto& text = id->get_ref<const std::string&>();
      if (contained && !text.empty()) out["id"] = local_pseudonym(text);
      if (!contained && is_fhir_id(text)) out["id"] = id_pseudonym(type, text);
    }
    json meta_out;
    if (meta(find(in, "meta"), depth, meta_out)) out["meta"] = std::move(meta_out);
    if (!contained) {
      contained_kept_.clear();
      json kept;
      if (const json* c = find(in, "contained"); c && c->is_array() && contained_resources(*c, depth, kept)) {
        out["contained"] = std::move(kept);
      }
    }
    if (type == "Patient") {
      patient(in, depth, out);
      return true;
    }
    for (auto it = in.begin(); it != in.end(); ++it) {
      json value;
      if (member(info(it.key()), it.value(), /*in_codeable_concept=*/false, depth + 1, value)) put(out, it.key(), std::move(value));
    }
    return true;
  }

  // The contained resources kept, and their local ids, known before any of them is walked
  // (they may refer to each other).
  bool contained_resources(const json& list, int depth, json& out) {
    std::vector<std::pair<const json*, std::string>> kept;
    for (const auto& c : list) {
      if (!c.is_object()) continue;
      const json* type = find(c, "resourceType");
      const json* id = find(c, "id");
      if (!type || !type->is_string() || !id || !id->is_string() || id->get_ref<const std::string&>().empty()) continue;
      const auto& t = type->get_ref<const std::string&>();
      if (!is_type_name(t) || is_left_out(t) || t == "Patient") continue;
      contained_kept_.insert(id->get<std::string>());
      kept.emplace_back(&c, t);
    }
    out = json::array();
    for (const auto& [c, type] : kept) {
      json body;
      if (resource_body(*c, type, /*contained=*/true, depth + 1, body)) out.push_back(std::move(body));
    }
    return !out.empty();
  }

  // Rule 4.
  void patient(const json& in, int depth, json& out) {
    if (const json* g = find(in, "gender"); g && g->is_string() && plain_string(*g)) out["gender"] = *g;
    if (const json* b = find(in, "birthDate"); b && b->is_string()) {
      if (const auto d = parse_date(b->get_ref<const std::string&>())) {
        char year[8];
        std::snprintf(year, sizeof year, "%04d", d->year);
        out["birthDate"] = year;
      }
    }
    if (const json* d = find(in, "deceasedBoolean"); d && d->is_boolean()) out["deceasedBoolean"] = *d;
    json death;
    if (const json* d = find(in, "deceasedDateTime"); d && date_value(*d, depth + 1, death)) out["deceasedDateTime"] = std::move(death);
  }

  // Rule 7.
  bool meta(const json* in, int depth, json& out) {
    out = json::object();
    json value;
    if (in && in->is_object()) {
      if (const json* u = find(*in, "lastUpdated"); u && date_value(*u, depth + 1, value)) out["lastUpdated"] = std::move(value);
      if (const json* t = find(*in, "tag"); t && generic(*t, depth + 1, value)) out["tag"] = std::move(value);
      if (const json* s = find(*in, "security"); s && generic(*s, depth + 1, value)) out["security"] = std::move(value);
    }
    json& security = out["security"];
    if (!security.is_array()) security = json::array();
    const bool labelled = std::any_of(security.begin(), security.end(), [](const json& c) {
      return c.is_object() && c.value("code", json()) == "PSEUDED";
    });
    if (!labelled) {
      security.push_back({{"system", "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"}, {"code", "PSEUDED"},
                          {"display", "pseudonymized"}});
    }
    return true;
  }

  // ---- members and values ----

  // What a key's rule is, worked out once per distinct key of a call.
  enum class Rule : std::uint8_t { kDrop, kAttachment, kExtension, kText, kAnnotation, kFreeText, kDate, kPlain };
  struct KeyInfo {
    Rule rule = Rule::kPlain;
    bool reference = false;          // "reference"
    bool names = false;              // "display", "identifier": what a logical Reference holds
    bool reference_member = false;   // may be a member of a Reference
    bool codeable_member = false;    // may be a member of a CodeableConcept
    bool value_x = false;            // value[x]
    bool extension_value = false;    // a value[x] an extension keeps (rule 8)
  };

  const KeyInfo& info(const std::string& key) {
    if (auto it = keys_.find(key); it != keys_.end()) return it->second;
    KeyInfo k;
    if (!is_element_name(key) || among(key, kRemoved) || ends_with(key, "Identifier") || guard_.hit(key)) k.rule = Rule::kDrop;
    else if (among(key, kAttachments)) k.rule = Rule::kAttachment;
    else if (key == "extension" || key == "modifierExtension") k.rule = Rule::kExtension;
    else if (key == "text") k.rule = Rule::kText;
    else if (among(key, kAnnotations)) k.rule = Rule::kAnnotation;
    else if (among(key, kFreeTextStrings) || ends_with(key, "String") || ends_with(key, "Markdown")) k.rule = Rule::kFreeText;
    else if (is_date_key(key)) k.rule = Rule::kDate;
    k.reference = key == "reference";
    k.names = key == "display" || key == "identifier";
    k.reference_member = k.reference || k.names || key == "type" || key == "extension" || key == "id";
    k.codeable_member = key == "coding" || key == "text" || key == "extension" || key == "id";
    k.value_x = starts_with(key, "value");
    k.extension_value = among(key, kExtensionValues);
    return keys_.emplace(key, k).first->second;
  }

  bool member(const KeyInfo& k, const json& value, bool in_codeable_concept, int depth, json& out) {
    switch (k.rule) {
      case Rule::kDrop: return false;
      case Rule::kAttachment: return attachment(value, depth, out);
      case Rule::kExtension: return extensions(value, depth, out);
      case Rule::kText:
        if (value.is_object()) return options_.keep_free_text && narrative(value, out);
        if (!options_.keep_free_text && !in_codeable_concept) return false;
        return string_value(value, out) && !is_full_date(out.get_ref<const std::string&>());
      case Rule::kAnnotation:
        if (!options_.keep_free_text) return false;
        break;
      case Rule::kFreeText:
        if (!options_.keep_free_text && !value.is_object()) return false;
        break;
      case Rule::kDate: return date_value(value, depth, out);
      case Rule::kPlain: break;
    }
    return generic(value, depth, out);
  }

  // Appends to an object whose keys arrive in order (nlohmann's objects are sorted maps).
  static void put(json& object, const std::string& key, json&& value) {
    auto& map = object.get_ref<json::object_t&>();
    map.emplace_hint(map.end(), key, std::move(value));
  }

  bool generic(const json& value, int depth, json& out) {
    if (depth > kMaxDepth) return false;
    switch (value.type()) {
      case json::value_t::object: return object(value, depth, out);
      case json::value_t::array: {
        out = json::array();
        out.get_ref<json::array_t&>().reserve(value.size());
        for (const auto& element : value) {
          json kept;
          if (!element.is_array() && generic(element, depth + 1, kept)) out.push_back(std::move(kept));
        }
        return !out.empty();
      }
      case json::value_t::string: return string_value(value, out) && !is_full_date(out.get_ref<const std::string&>());
      case json::value_t::boolean:
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
        out = value;
        return true;
      case json::value_t::number_float:
        out = value;
        return std::isfinite(value.get<double>());
      default: return false;  // null, binary, discarded
    }
  }

  bool object(const json& value, int depth, json& out) {
    // One scan for the shape (a Reference? a CodeableConcept?), keeping each key's rule.
    constexpr std::size_t kInline = 32;
    std::array<const KeyInfo*, kInline> inline_infos;
    std::vector<const KeyInfo*> more;
    const std::size_t n = value.size();
    const KeyInfo** infos = inline_infos.data();
    if (n > kInline) {
      more.resize(n);
      infos = more.data();
    }
    bool reference_like = true, names = false, codeable = true;
    std::size_t i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i) {
      const KeyInfo& k = info(it.key());
      infos[i] = &k;
      if (k.reference) {
        auto type = value.find("type");
        return reference(it.value(), type == value.end() ? nullptr : &*type, out);
      }
      names |= k.names;
      reference_like &= k.reference_member;
      codeable &= k.codeable_member;
    }
    if (reference_like && names) return false;  // a logical Reference: an identifier, a display, no reference
    out = json::object();
    i = 0;
    for (auto it = value.begin(); it != value.end(); ++it, ++i) {
      json kept;
      if (member(*infos[i], it.value(), codeable, depth + 1, kept)) put(out, it.key(), std::move(kept));
    }
    return !out.empty();
  }

  // A string kept as it is: valid UTF-8 and free of the person's identifiers (rule 11).
  bool plain_string(const json& value) const {
    const auto& s = value.get_ref<const std::string&>();
    return valid_utf8(s) && !guard_.hit(s);
  }
  bool string_value(const json& value, json& out) const {
    if (!value.is_string() || !plain_string(value)) return false;
    out = value;
    return true;
  }

  bool date_value(const json& value, int depth, json& out) {
    if (depth > kMaxDepth) return false;
    if (value.is_string()) {
      const auto d = parse_date(value.get_ref<const std::string&>());
      if (!d) return false;
      auto shifted = shift_date(*d, offset_);
      if (!shifted || guard_.hit(*shifted)) return false;
      out = std::move(*shifted);
      return true;
    }
    if (value.is_object()) return object(value, depth, out);
    if (value.is_array()) {
      out = json::array();
      out.get_ref<json::array_t&>().reserve(value.size());
      for (const auto& element : value) {
        json kept;
        if (!element.is_array() && date_value(element, depth + 1, kept)) out.push_back(std::move(kept));
      }
      return !out.empty();
    }
    return false;
  }

  bool narrative(const json& value, json& out) const {
    const json* div = find(value, "div");
    json text;
    if (!div || !string_value(*div, text)) return false;
    out = {{"div", std::move(text)}};
    if (const json* status = find(value, "status"); status && status->is_string() && plain_string(*status)) out["status"] = *status;
    return true;
  }

  // Rule 10.
  bool attachment(const json& value, int depth, json& out) {
    if (depth > kMaxDepth) return false;
    if (value.is_array()) {
      out = json::array();
      for (const auto& element : value) {
        json kept;
        if (element.is_object() && attachment(element, depth + 1, kept)) out.push_back(std::move(kept));
      }
      return !out.empty();
    }
    if (!value.is_object()) return false;
    out = json::object();
    json kept;
    for (const char* key : {"contentType", "language"}) {
      if (const json* v = find(value, key); v && string_value(*v, kept)) out[key] = std::move(kept);
    }
    if (const json* c = find(value, "creation"); c && date_value(*c, depth + 1, kept)) out["creation"] = std::move(kept);
    return !out.empty();
  }

  // Rule 8.
  bool extensions(const json& value, int depth, json& out) {
    if (!value.is_array() || depth > kMaxDepth) return false;
    out = json::array();
    out.get_ref<json::array_t&>().reserve(value.size());
    for (const auto& e : value) {
      json kept;
      if (extension(e, depth + 1, kept)) out.push_back(std::move(kept));
    }
    return !out.empty();
  }

  bool extension(const json& e, int depth, json& out) {
    if (!e.is_object() || depth > kMaxDepth) return false;
    const json* url = find(e, "url");
    json url_kept;
    if (!url || !string_value(*url, url_kept)) return false;
    for (auto it = e.begin(); it != e.end(); ++it) {
      const KeyInfo& k = info(it.key());
      if (!k.value_x) continue;
      json value;
      if (!k.extension_value || !member(k, it.value(), /*in_codeable_concept=*/false, depth + 1, value)) return false;
      out = {{"url", std::move(url_kept)}, {it.key(), std::move(value)}};
      return true;
    }
    const json* nested = find(e, "extension");
    json kept;
    if (!nested || !extensions(*nested, depth + 1, kept)) return false;
    out = {{"url", std::move(url_kept)}, {"extension", std::move(kept)}};
    return true;
  }

  // ---- references (rule 5) ----

  bool reference(const json& reference_value, const json* type, json& out) {
    const json* ref = &reference_value;
    if (!ref->is_string()) return false;
    std::string type_text;
    if (type && type->is_string()) type_text = type->get<std::string>();
    const std::string& text = ref->get_ref<const std::string&>();
    std::string mapped;
    if (!text.empty() && text[0] == '#') {
      if (text.size() == 1) mapped = "#";
      else if (contained_kept_.count(text.substr(1))) mapped = "#" + local_pseudonym(text.substr(1));
      else return false;
    } else {
      const Mapped& m = map_reference(text);
      if (m.value.empty()) return false;
      if (m.unknown_urn && is_left_out(type_text)) return false;
      mapped = m.value;
    }
    out = {{"reference", std::move(mapped)}};
    if (!type_text.empty() && valid_utf8(type_text) && !guard_.hit(type_text) && !is_full_date(type_text)) out["type"] = type_text;
    return true;
  }

  struct Mapped {
    std::string value;         // empty: the Reference goes
    bool unknown_urn = false;  // a urn that is not an entry of the input: its `type` decides
  };

  const Mapped& map_reference(const std::string& ref) {
    if (auto it = cache_.find(ref); it != cache_.end()) return it->second;
    Mapped m;
    const auto entry = left_out_urls_.find(ref);
    const bool in_input = entry != left_out_urls_.end();
    if (in_input && entry->second) {
      // an entry that is left out
    } else if (ref.find('?') != std::string::npos) {
      // conditional: search parameters, often identifier values
    } else if (is_urn(ref)) {
      m.value = as_uuid(digest(key_, kUrnDomain, ref));
      m.unknown_urn = !in_input;
    } else if (const auto rest = restful(ref)) {
      if (!is_left_out(rest->first)) m.value = std::string(rest->first) + "/" + id_pseudonym(rest->first, rest->second);
    } else if (in_input) {
      m.value = as_uuid(digest(key_, kUrnDomain, ref));  // an absolute fullUrl of another shape
    }
    return cache_.emplace(ref, std::move(m)).first->second;
  }

  const PseudonymKey& key_;
  const Options& options_;
  const int offset_;
  LeakGuard guard_;
  std::unordered_map<std::string, bool> left_out_urls_;  // input fullUrl -> its entry is left out
  std::unordered_map<std::string, Mapped> cache_;
  std::unordered_set<std::string> contained_kept_;  // local ids of the current resource's kept contained
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      std::uint64_t h = 1469598103934665603ull;  // FNV-1a: keys are short
      for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      return static_cast<std::size_t>(h);
    }
  };
  std::unordered_map<std::string, KeyInfo, KeyHash, std::equal_to<>> keys_;
};

// ---- direct identifiers --------------------------------------------------------------------

class Collector {
 public:
  void add(const json* value) {
    if (value && value->is_string()) add(value->get<std::string>());
  }
  void add(const std::string& s) {
    if (s.size() < 2 || !seen_.insert(s).second) return;
    out_.push_back(s);
    // The same without the spaces around it, as it may be written elsewhere.
    const auto first = s.find_first_not_of(" \t");
    const auto last = s.find_last_not_of(" \t");
    if (first != std::string::npos && (first > 0 || last + 1 < s.size())) add(s.substr(first, last - first + 1));
  }
  void list(const json* value) {
    if (!value) return;
    if (value->is_string()) add(value);
    if (value->is_array()) {
      for (const auto& v : *value) add(&v);
    }
  }
  void human_name(const json& name) {
    if (!name.is_object()) return;
    add(find(name, "text"));
    const json* family = find(name, "family");
    add(family);
    const json* given = find(name, "given");
    list(given);
    if (family && family->is_string() && given && given->is_array()) {
      std::string joined;
      for (const auto& g : *given) {
        if (g.is_string()) joined += (joined.empty() ? "" : " ") + g.get<std::string>();
      }
      if (!joined.empty()) {
        const std::string f = family->get<std::string>();
        for (const char* space : {" ", "\u3000", ""}) {
          add(f + space + joined);
          add(joined + space + f);
        }
      }
    }
  }
  void address(const json& a) {
    if (!a.is_object()) return;
    add(find(a, "text"));
    list(find(a, "line"));
    add(find(a, "city"));
    add(find(a, "district"));
    add(find(a, "postalCode"));
  }
  template <typename F>
  void each(const json& object, const char* key, F f) {
    const json* v = find(object, key);
    if (!v) return;
    if (v->is_array()) {
      for (const auto& e : *v) f(e);
    } else {
      f(*v);
    }
  }
  std::vector<std::string> take() { return std::move(out_); }

  static const json* find(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

 private:
  std::vector<std::string> out_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

PseudonymKey key_for_grant(const crypto::Secret<32>& person_secret, std::string_view grant_id) {
  PseudonymKey key;
  crypto::blake2b_keyed(person_secret.view(), {crypto::as_bytes(kGrantDomain), crypto::as_bytes(grant_id)}, key.span());
  return key;
}

int date_shift_days(const PseudonymKey& key) {
  const auto d = digest(key, kShiftDomain, {});
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | d[static_cast<std::size_t>(i)];
  const int magnitude = 30 + static_cast<int>(v % 336);  // 30..365
  return (d[8] & 1) ? magnitude : -magnitude;
}

std::vector<fhir::Resource> pseudonymise(const std::vector<fhir::Resource>& resources, const PseudonymKey& key,
                                         const Options& options) {
  Pseudonymiser walker(resources, key, options);
  std::vector<fhir::Resource> out;
  out.reserve(resources.size());
  for (std::size_t i = 0; i < resources.size(); ++i) {
    try {
      if (auto r = walker.resource(resources[i], i)) out.push_back(std::move(*r));
    } catch (const json::exception&) {
      // A shape the walker did not foresee: the resource is left out rather than half-kept.
    }
  }
  return out;
}

std::vector<std::string> direct_identifiers(const fhir::Resource& patient) {
  Collector c;
  const json& body = patient.body;
  if (!body.is_object()) return {};
  try {
    c.each(body, "name", [&](const json& n) { c.human_name(n); });
    c.each(body, "identifier", [&](const json& i) { c.add(Collector::find(i, "value")); });
    c.each(body, "telecom", [&](const json& t) { c.add(Collector::find(t, "value")); });
    c.each(body, "address", [&](const json& a) { c.address(a); });
    c.each(body, "contact", [&](const json& contact) {
      c.each(contact, "name", [&](const json& n) { c.human_name(n); });
      c.each(contact, "telecom", [&](const json& t) { c.add(Collector::find(t, "value")); });
      c.each(contact, "address", [&](const json& a) { c.address(a); });
    });
    // Extensions of a Patient carry birth places, maiden names and more of the same.
    c.each(body, "extension", [&](const json& e) {
      c.add(Collector::find(e, "valueString"));
      if (const json* a = Collector::find(e, "valueAddress")) c.address(*a);
      if (const json* n = Collector::find(e, "valueHumanName")) c.human_name(*n);
      if (const json* i = Collector::find(e, "valueIdentifier")) c.add(Collector::find(*i, "value"));
      if (const json* t = Collector::find(e, "valueContactPoint")) c.add(Collector::find(*t, "value"));
    });
    if (const json* b = Collector::find(body, "birthDate"); b && b->is_string() && b->get_ref<const std::string&>().size() > 4) c.add(b);
  } catch (const json::exception&) {
    // what was collected so far stands
  }
  return c.take();
}

}  // namespace techo::research
