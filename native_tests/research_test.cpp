// Research copies (issue 14, item 6): one person's resources pseudonymised for a research
// grant. A randomized property test over generated Japanese records, one test per field
// rule, the JP-CLINS examples, odd input that must never throw, and a timing figure
// (hidden: run with "[.research-timing]").
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "civil_days.hpp"
#include "techo/crypto.hpp"
#include "techo/fhir.hpp"
#include "techo/research.hpp"
#include "test_data.hpp"

namespace research = techo::research;
using nlohmann::json;
using techo::fhir::Resource;

namespace {

research::PseudonymKey key_of(std::string_view grant_id, std::uint8_t person = 1) {
  techo::crypto::Secret<32> secret;
  for (std::size_t i = 0; i < secret.size(); ++i) secret.data()[i] = static_cast<std::uint8_t>(person * 31 + i * 7);
  return research::key_for_grant(secret, grant_id);
}

Resource resource_of(json body, std::string full_url = {}) {
  Resource r;
  r.type = body.value("resourceType", "");
  r.id = body.contains("id") && body["id"].is_string() ? body["id"].get<std::string>() : "";
  r.full_url = std::move(full_url);
  r.body = std::move(body);
  return r;
}

// ---- walking JSON the way the checks need it -----------------------------------------------

using Visit = std::function<void(const std::string& pointer, const std::string& key, const json& value)>;
void walk(const json& value, const std::string& pointer, const std::string& key, const Visit& visit) {
  visit(pointer, key, value);
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) walk(it.value(), pointer + "/" + it.key(), it.key(), visit);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) walk(value[i], pointer + "/" + std::to_string(i), key, visit);
  }
}

// Every string in a resource as the outside world sees it: object keys, string values,
// and the entry's id and fullUrl.
std::vector<std::string> all_strings(const Resource& r) {
  std::vector<std::string> out = {r.type, r.id, r.full_url};
  walk(r.body, "", "", [&](const std::string&, const std::string& key, const json& v) {
    out.push_back(key);
    if (v.is_string()) out.push_back(v.get<std::string>());
  });
  return out;
}

std::vector<std::string> leaks(const std::vector<Resource>& out, const std::vector<std::string>& secrets) {
  std::vector<std::string> found;
  for (const auto& r : out) {
    for (const auto& s : all_strings(r)) {
      for (const auto& secret : secrets) {
        if (!secret.empty() && s.find(secret) != std::string::npos) found.push_back(r.type + ": \"" + s + "\" holds \"" + secret + "\"");
      }
    }
  }
  return found;
}

std::map<std::string, std::string> string_leaves(const json& body) {
  std::map<std::string, std::string> out;
  walk(body, "", "", [&](const std::string& p, const std::string&, const json& v) {
    if (v.is_string()) out[p] = v.get<std::string>();
  });
  return out;
}

// Day number of a YYYY-MM-DD prefix.
std::int64_t day_of(const std::string& s) {
  return techo::detail::days_from_civil(std::stoll(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2)));
}
std::string date_of_day(std::int64_t day) {
  const auto c = techo::detail::civil_from_days(day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(c.year), c.month, c.day);
  return buf;
}

// References in the copy resolve to a resource of the copy: by fullUrl, by Type/id, or to a
// contained resource of the same resource.
std::vector<std::string> unresolved(const std::vector<Resource>& out) {
  std::set<std::string> targets;
  for (const auto& r : out) {
    if (!r.full_url.empty()) targets.insert(r.full_url);
    if (!r.id.empty()) targets.insert(r.type + "/" + r.id);
  }
  std::vector<std::string> bad;
  for (const auto& r : out) {
    std::set<std::string> local;
    if (r.body.contains("contained")) {
      for (const auto& c : r.body["contained"]) local.insert(std::string(1, '#').append(c.value("id", "")));
    }
    walk(r.body, "", "", [&](const std::string& p, const std::string& key, const json& v) {
      if (key != "reference" || !v.is_string()) return;
      const std::string ref = v.get<std::string>();
      if (!targets.count(ref) && !local.count(ref)) bad.push_back(r.type + p + " = " + ref);
    });
  }
  return bad;
}

// ---- a generator of one person's record -----------------------------------------------------

// SplitMix64: the same sequence everywhere (the standard distributions are not).
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(below(static_cast<std::size_t>(hi - lo + 1))); }
  std::string digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + below(10));
    return s;
  }
  template <typename T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[below(N)]; }
};

struct Kana { const char* kanji; const char* kana; };
constexpr Kana kFamilies[] = {{"牧野", "マキノ"}, {"山田", "ヤマダ"}, {"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"},
                              {"田中", "タナカ"}, {"渡辺", "ワタナベ"}, {"伊藤", "イトウ"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"},
                              {"吉田", "ヨシダ"}, {"松本", "マツモト"}, {"井上", "イノウエ"}, {"木村", "キムラ"}};
constexpr Kana kGivens[] = {{"爛漫", "ランマン"}, {"太郎", "タロウ"}, {"花子", "ハナコ"}, {"翔太", "ショウタ"}, {"美咲", "ミサキ"},
                            {"健一", "ケンイチ"}, {"陽菜", "ヒナ"}, {"大翔", "ヒロト"}, {"結衣", "ユイ"}, {"蓮", "レン"},
                            {"葵", "アオイ"}, {"誠", "マコト"}};
struct Place { const char* prefecture; const char* city; const char* town; const char* postal; };
constexpr Place kPlaces[] = {{"高知県", "高知市", "五台山", "781-8125"}, {"東京都", "新宿区", "西新宿", "160-0023"},
                             {"大阪府", "大阪市北区", "梅田", "530-0001"}, {"北海道", "札幌市中央区", "北一条西", "060-0001"},
                             {"福岡県", "福岡市博多区", "博多駅前", "812-0011"}};
struct Code { const char* system; const char* code; const char* display; };
constexpr Code kLabs[] = {{"http://loinc.org", "2345-7", "グルコース"}, {"http://loinc.org", "4548-4", "HbA1c"},
                          {"urn:oid:1.2.392.200119.4.504", "3F015000002327101", "AST"},
                          {"urn:oid:1.2.392.200119.4.504", "3C025000002327201", "クレアチニン"},
                          {"http://loinc.org", "8480-6", "収縮期血圧"}};
constexpr Code kConditions[] = {{"http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MDCDisease", "8833421", "高血圧症"},
                                {"http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MDCDisease", "8846028", "２型糖尿病"},
                                {"http://hl7.org/fhir/sid/icd-10", "J30.2", "季節性アレルギー性鼻炎"},
                                {"http://hl7.org/fhir/sid/icd-10", "K29.7", "胃炎"}};
constexpr Code kDrugs[] = {{"urn:oid:1.2.392.100495.20.2.74", "2171022F1026", "アムロジピン錠５ｍｇ"},
                           {"urn:oid:1.2.392.100495.20.2.74", "3962002F1022", "メトホルミン塩酸塩錠２５０ｍｇ"},
                           {"urn:oid:1.2.392.100495.20.2.74", "1149019F1560", "ロキソプロフェンＮａ錠６０ｍｇ"}};
constexpr Code kVaccines[] = {{"urn:oid:1.2.392.200119.4.403.1", "1711", "インフルエンザＨＡワクチン"},
                              {"http://hl7.org/fhir/sid/cvx", "208", "COVID-19 mRNA"}};
constexpr Code kAllergens[] = {{"urn:oid:1.2.392.200119.4.1005", "J7F1", "サバ"}, {"urn:oid:1.2.392.200119.4.1005", "J9FB", "キウイ"}};

json coding(const Code& c) { return {{"system", c.system}, {"code", c.code}, {"display", c.display}}; }
json codeable(const Code& c) { return {{"coding", json::array({coding(c)})}, {"text", c.display}}; }

// The date keys the generator writes full dates under, for the shift checks.
const std::set<std::string> kGeneratedDateKeys = {"effectiveDateTime", "issued", "onsetDateTime", "abatementDateTime",
                                                  "recordedDate", "authoredOn", "start", "end", "occurrenceDateTime",
                                                  "recorded", "date", "lastUpdated", "time", "creation"};
// What the generator writes that is identifying in itself.
const std::set<std::string> kGeneratedIdentifyingTypes = {"Practitioner", "Organization", "Location"};

struct GeneratedRecord {
  std::vector<Resource> resources;
  std::size_t patient = 0;
  std::vector<std::string> other_people;  // names of practitioners, organisations, places
};

class RecordGenerator {
 public:
  explicit RecordGenerator(std::uint64_t seed) : rng_{seed} {}

  GeneratedRecord record(std::size_t n) {
    GeneratedRecord rec;
    rec_ = &rec;
    n_ = n;
    mode_ = static_cast<int>(rng_.below(3));
    birth_ = rng_.between(techo::detail::days_from_civil(1930, 1, 1), techo::detail::days_from_civil(2020, 12, 31));
    first_event_ = birth_ + 400;  // nothing happens on the birth date, so no shifted date equals it
    last_event_ = std::max(first_event_ + 30, techo::detail::days_from_civil(2026, 12, 31));
    const Kana& family = rng_.pick(kFamilies);
    const Kana& given = rng_.pick(kGivens);
    name_ = std::string(family.kanji) + " " + given.kanji;
    phone_ = "0" + rng_.digits(1) + "-" + rng_.digits(4) + "-" + rng_.digits(4);
    const Place& place = rng_.pick(kPlaces);
    address_ = std::string(place.city) + place.town + rng_.digits(4) + "-" + std::to_string(rng_.between(1, 30));

    add_patient(family, given, place);
    const std::string doc = add_practitioner();
    const std::string doc2 = rng_.chance(50) ? add_practitioner() : doc;
    const std::string org = add_organization();
    const std::string loc = rng_.chance(40) ? add_location() : "";

    std::vector<std::string> encounters, conditions, observations, medications, requests;
    for (int i = 0, k = static_cast<int>(rng_.between(1, 3)); i < k; ++i) encounters.push_back(add_encounter(doc, org, loc));
    for (int i = 0, k = static_cast<int>(rng_.between(1, 5)); i < k; ++i) conditions.push_back(add_condition(doc2, encounters));
    for (int i = 0, k = static_cast<int>(rng_.between(3, 15)); i < k; ++i) observations.push_back(add_observation(doc, encounters));
    for (int i = 0, k = static_cast<int>(rng_.between(0, 2)); i < k; ++i) medications.push_back(add_medication(org));
    for (int i = 0, k = static_cast<int>(rng_.between(1, 6)); i < k; ++i) requests.push_back(add_request(doc, medications, conditions));
    for (int i = 0, k = static_cast<int>(rng_.between(0, 2)); i < k; ++i) add_allergy(doc2);
    for (int i = 0, k = static_cast<int>(rng_.between(0, 3)); i < k; ++i) add_immunization(doc, loc);
    if (rng_.chance(60)) add_composition(doc, org, conditions, requests, observations);
    if (rng_.chance(30)) add_document(doc);
    return rec;
  }

  std::size_t generated() const { return counter_; }

 private:
  std::string id(const char* stem) { return std::string(stem) + "-" + std::to_string(n_) + "-" + std::to_string(counter_++); }

  // Adds a resource in this record's reference style and returns how others refer to it.
  std::string add(json body) {
    const std::string type = body["resourceType"];
    const std::string rid = body["id"];
    std::string full_url, ref;
    if (mode_ == 0) {
      full_url = "urn:uuid:" + uuid_of(rid);
      ref = full_url;
    } else if (mode_ == 1) {
      full_url = "https://fhir.example-hospital.jp/fhir/" + type + "/" + rid;
      ref = rng_.chance(20) ? full_url : type + "/" + rid;
    } else {
      ref = type + "/" + rid;
    }
    rec_->resources.push_back(resource_of(std::move(body), full_url));
    return ref;
  }
  std::string uuid_of(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(h >> 32),
                  static_cast<unsigned>(h & 0xffff), static_cast<unsigned>((h >> 16) & 0xfff),
                  static_cast<unsigned>((h >> 28) & 0xfff), static_cast<unsigned long long>(h & 0xffffffffffffull));
    return buf;
  }

  std::int64_t event_day() { return rng_.between(first_event_, last_event_); }
  std::string date(std::int64_t day) { return date_of_day(day); }
  std::string date_time(std::int64_t day) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:00+09:00", date_of_day(day).c_str(), static_cast<int>(rng_.below(24)),
                  static_cast<int>(rng_.below(60)));
    return buf;
  }
  std::string instant(std::int64_t day) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", date_of_day(day).c_str(), static_cast<int>(rng_.below(24)),
                  static_cast<int>(rng_.below(60)), static_cast<int>(rng_.below(60)), static_cast<int>(rng_.below(1000)));
    return buf;
  }
  json meta() { return {{"lastUpdated", instant(event_day())}, {"source", "urn:oid:1.2.392.100495.20.3.41." + rng_.digits(10)},
                        {"versionId", rng_.digits(2)}}; }

  // How free text mentions the person, so that dropping it is tested and not assumed.
  std::string gossip() {
    switch (rng_.below(4)) {
      case 0: return name_ + "さん、経過良好。";
      case 1: return "連絡先 " + phone_ + " に電話済み";
      case 2: return "住所 " + address_ + " へ郵送";
      default: return "本人(" + name_ + ")に説明し同意を得た";
    }
  }
  json subject() {
    json ref = {{"reference", patient_ref_}};
    if (rng_.chance(50)) ref["display"] = name_;
    if (rng_.chance(10)) ref = {{"reference", "Patient?identifier=urn:oid:1.2.392.100495.20.3.51.1|" + patient_number_}};
    return ref;
  }
  json ref_to(const std::string& ref, const std::string& display) {
    json r = {{"reference", ref}};
    if (rng_.chance(60)) r["display"] = display;
    return r;
  }
  json note() { return json::array({{{"text", gossip()}, {"time", date_time(event_day())}}}); }
  json narrative() { return {{"status", "generated"}, {"div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + gossip() + "</div>"}}; }

  void add_patient(const Kana& family, const Kana& given, const Place& place) {
    patient_number_ = rng_.digits(static_cast<int>(rng_.between(6, 10)));
    const std::string insurer = rng_.digits(8);
    json identifiers = json::array({
        {{"system", "urn:oid:1.2.392.100495.20.3.51.1" + rng_.digits(10)}, {"value", patient_number_}},
        {{"system", "http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID"},
         {"value", insurer + ":あいう" + rng_.digits(2) + ":" + rng_.digits(5) + ":0" + rng_.digits(1)}},
        {{"system", "urn:oid:1.2.392.100495.20.3.61"}, {"value", insurer}},
        {{"system", "urn:oid:1.2.392.100495.20.3.71"}, {"value", "54" + rng_.digits(6)}},       // 公費負担者番号
        {{"system", "urn:oid:1.2.392.100495.20.3.72"}, {"value", rng_.digits(7)}},              // 公費受給者番号
    });
    const json representation_ide = {{{"url", "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"}, {"valueCode", "IDE"}}};
    const json representation_syl = {{{"url", "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"}, {"valueCode", "SYL"}}};
    const std::string address_text = std::string(place.prefecture) + address_;
    const Kana& contact_given = rng_.pick(kGivens);
    json body = {
        {"resourceType", "Patient"},
        {"id", id("pat")},
        {"meta", meta()},
        {"text", narrative()},
        {"extension", json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"},
                                    {"valueAddress", {{"city", place.city}}}},
                                   {{"url", "http://hl7.org/fhir/StructureDefinition/patient-religion"},
                                    {"valueCodeableConcept", {{"text", "無宗教"}}}}})},
        {"identifier", identifiers},
        {"active", true},
        {"name", json::array({{{"extension", representation_ide}, {"use", "official"}, {"text", name_}, {"family", family.kanji}, {"given", {given.kanji}}},
                              {{"extension", representation_syl}, {"use", "official"}, {"text", std::string(family.kana) + " " + given.kana},
                               {"family", family.kana}, {"given", {given.kana}}}})},
        {"telecom", json::array({{{"system", "phone"}, {"value", phone_}, {"use", "home"}},
                                 {{"system", "phone"}, {"value", "090-" + rng_.digits(4) + "-" + rng_.digits(4)}, {"use", "mobile"}},
                                 {{"system", "email"}, {"value", "p" + rng_.digits(6) + "@example.jp"}}})},
        {"gender", rng_.chance(50) ? "female" : "male"},
        {"birthDate", date_of_day(birth_)},
        {"address", json::array({{{"text", address_text}, {"line", {address_}}, {"city", place.city}, {"state", place.prefecture},
                                  {"postalCode", place.postal}, {"country", "JP"}}})},
        {"photo", json::array({{{"contentType", "image/jpeg"}, {"data", "/9j/4AAQSkZJRgABAQ=="}}})},
        {"contact", json::array({{{"relationship", json::array({{{"text", "母"}}})},
                                  {"name", {{"text", std::string(family.kanji) + " " + contact_given.kanji}, {"family", family.kanji},
                                            {"given", {contact_given.kanji}}}},
                                  {"telecom", json::array({{{"system", "phone"}, {"value", "03-" + rng_.digits(4) + "-" + rng_.digits(4)}}})}}})},
        {"maritalStatus", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus"}, {"code", "M"}}})}}},
    };
    if (rng_.chance(10)) body["deceasedBoolean"] = false;
    rec_->patient = rec_->resources.size();
    patient_ref_ = add(std::move(body));
  }

  std::string add_practitioner() {
    const Kana& family = rng_.pick(kFamilies);
    const Kana& given = rng_.pick(kGivens);
    const std::string name = std::string(family.kanji) + " " + given.kanji;
    const std::string number = "MD" + rng_.digits(8);
    rec_->other_people.push_back(number);
    doctor_name_ = name;
    return add({{"resourceType", "Practitioner"}, {"id", id("doc")},
                {"identifier", json::array({{{"system", "urn:oid:1.2.392.100495.20.3.31"}, {"value", number}}})},
                {"name", json::array({{{"text", name}, {"family", family.kanji}, {"given", {given.kanji}}}})},
                {"telecom", json::array({{{"system", "phone"}, {"value", "03-" + rng_.digits(4) + "-" + rng_.digits(4)}}})}});
  }
  std::string add_organization() {
    const std::string name = std::string("テスト") + rng_.pick(kPlaces).city + "病院" + rng_.digits(3);
    rec_->other_people.push_back(name);
    org_name_ = name;
    return add({{"resourceType", "Organization"}, {"id", id("org")}, {"name", name},
                {"identifier", json::array({{{"system", "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no"},
                                             {"value", "13" + rng_.digits(8)}}})},
                {"address", json::array({{{"text", "東京都港区" + rng_.digits(3)}}})}});
  }
  std::string add_location() {
    const std::string name = "第" + rng_.digits(2) + "診察室" + rng_.digits(3);
    rec_->other_people.push_back(name);
    return add({{"resourceType", "Location"}, {"id", id("loc")}, {"name", name}});
  }

  std::string add_encounter(const std::string& doc, const std::string& org, const std::string& loc) {
    const std::int64_t start = event_day();
    json body = {{"resourceType", "Encounter"}, {"id", id("enc")}, {"meta", meta()}, {"status", "finished"},
                 {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "AMB"}, {"display", "外来"}}},
                 {"identifier", json::array({{{"system", "http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier"}, {"value", rng_.digits(6)}}})},
                 {"subject", subject()},
                 {"period", {{"start", date_time(start)}, {"end", date_time(start + rng_.between(0, 3))}}},
                 {"participant", json::array({{{"individual", ref_to(doc, doctor_name_)}}})},
                 {"serviceProvider", ref_to(org, org_name_)}};
    if (!loc.empty()) body["location"] = json::array({{{"location", ref_to(loc, "診察室")}}});
    return add(std::move(body));
  }

  std::string add_condition(const std::string& doc, const std::vector<std::string>& encounters) {
    const std::int64_t onset = event_day();
    json body = {{"resourceType", "Condition"}, {"id", id("cond")}, {"meta", meta()},
                 {"clinicalStatus", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"}, {"code", "active"}}})}}},
                 {"code", codeable(rng_.pick(kConditions))}, {"subject", subject()},
                 {"encounter", {{"reference", encounters[rng_.below(encounters.size())]}}},
                 {"onsetDateTime", date(onset)}, {"recordedDate", date(onset + rng_.between(0, 30))},
                 {"asserter", ref_to(doc, doctor_name_)}};
    if (rng_.chance(30)) body["abatementDateTime"] = date(onset + rng_.between(30, 300));
    if (rng_.chance(50)) body["note"] = note();
    if (rng_.chance(30)) body["text"] = narrative();
    return add(std::move(body));
  }

  std::string add_observation(const std::string& doc, const std::vector<std::string>& encounters) {
    const Code& code = rng_.pick(kLabs);
    const std::int64_t day = event_day();
    json body = {{"resourceType", "Observation"}, {"id", id("obs")}, {"meta", meta()}, {"status", "final"},
                 {"category", json::array({{{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                                                                     {"code", "laboratory"}}})}}})},
                 {"code", codeable(code)}, {"subject", subject()},
                 {"encounter", {{"reference", encounters[rng_.below(encounters.size())]}}},
                 {"effectiveDateTime", date_time(day)}, {"issued", instant(day + 1)},
                 {"valueQuantity", {{"value", static_cast<double>(rng_.between(10, 2000)) / 10}, {"unit", "mg/dL"},
                                    {"system", "http://unitsofmeasure.org"}, {"code", "mg/dL"}}},
                 {"referenceRange", json::array({{{"low", {{"value", 70}}}, {"high", {{"value", 110}}}, {"text", "70-110"}}})},
                 {"identifier", json::array({{{"system", "urn:oid:1.2.392.100495.20.3.81"}, {"value", rng_.digits(9)}}})}};
    switch (rng_.below(4)) {
      case 0: body["performer"] = json::array({ref_to(doc, doctor_name_)}); break;
      case 1:  // a contained practitioner, as the JP-CLINS examples write them
        body["contained"] = json::array({{{"resourceType", "Practitioner"}, {"id", "p1"}, {"name", json::array({{{"text", doctor_name_}}})}}});
        body["performer"] = json::array({{{"reference", "#p1"}, {"display", doctor_name_}}});
        break;
      case 2: body["note"] = note(); break;
      default: body.erase("valueQuantity"); body["valueString"] = gossip(); break;
    }
    return add(std::move(body));
  }

  std::string add_medication(const std::string& org) {
    return add({{"resourceType", "Medication"}, {"id", id("med")}, {"code", codeable(rng_.pick(kDrugs))},
                {"identifier", json::array({{{"system", "urn:oid:1.2.392.100495.20.3.91"}, {"value", rng_.digits(8)}}})},
                {"manufacturer", ref_to(org, org_name_)},
                {"batch", {{"lotNumber", "LOT" + rng_.digits(6)}, {"expirationDate", date(event_day())}}}});
  }

  std::string add_request(const std::string& doc, const std::vector<std::string>& medications, const std::vector<std::string>& conditions) {
    const std::int64_t day = event_day();
    json body = {{"resourceType", "MedicationRequest"}, {"id", id("rx")}, {"meta", meta()}, {"status", "active"}, {"intent", "order"},
                 {"identifier", json::array({{{"system", "urn:oid:1.2.392.100495.20.3.81"}, {"value", "RP" + rng_.digits(6)}}})},
                 {"groupIdentifier", {{"system", "urn:oid:1.2.392.100495.20.3.82"}, {"value", rng_.digits(10)}}},
                 {"subject", subject()}, {"authoredOn", date(day)}, {"requester", ref_to(doc, doctor_name_)},
                 {"reasonReference", json::array({{{"reference", conditions[rng_.below(conditions.size())]}}})},
                 {"dosageInstruction", json::array({{{"text", "1日1回朝食後"}, {"patientInstruction", gossip()},
                                                      {"timing", {{"code", {{"text", "朝食後"}}}, {"repeat", {{"frequency", 1}, {"period", 1}, {"periodUnit", "d"}}}}},
                                                      {"doseAndRate", json::array({{{"doseQuantity", {{"value", 1}, {"unit", "錠"}}}}})}}})},
                 {"dispenseRequest", {{"validityPeriod", {{"start", date(day)}, {"end", date(day + 3)}}},
                                      {"expectedSupplyDuration", {{"value", 28}, {"unit", "日"}}}}},
                 {"extension", json::array({{{"url", "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_MedicationRequest_DispenseRequest_InstructionForDispense"},
                                             {"valueString", "一包化 " + name_}},
                                            {{"url", "http://jpfhir.jp/fhir/core/Extension/StructureDefinition/JP_MedicationRequest_DispenseRequest_ExpectedRepeatCount"},
                                             {"valueInteger", 2}}})}};
    if (!medications.empty() && rng_.chance(50)) {
      body["medicationReference"] = {{"reference", medications[rng_.below(medications.size())]}};
    } else {
      body["medicationCodeableConcept"] = codeable(rng_.pick(kDrugs));
    }
    if (rng_.chance(30)) body["note"] = note();
    return add(std::move(body));
  }

  void add_allergy(const std::string& doc) {
    const std::int64_t day = event_day();
    add({{"resourceType", "AllergyIntolerance"}, {"id", id("alg")}, {"meta", meta()},
         {"clinicalStatus", {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"}, {"code", "active"}}})}}},
         {"code", codeable(rng_.pick(kAllergens))}, {"patient", subject()}, {"recordedDate", date(day)}, {"onsetDateTime", date(day)},
         {"recorder", ref_to(doc, doctor_name_)},
         {"reaction", json::array({{{"manifestation", json::array({{{"text", "じんましん"}}})}, {"description", gossip()}, {"onset", date(day)}}})},
         {"note", note()}});
  }

  void add_immunization(const std::string& doc, const std::string& loc) {
    const std::int64_t day = event_day();
    json body = {{"resourceType", "Immunization"}, {"id", id("imm")}, {"meta", meta()}, {"status", "completed"},
                 {"vaccineCode", codeable(rng_.pick(kVaccines))}, {"patient", subject()},
                 {"occurrenceDateTime", date_time(day)}, {"recorded", date(day)}, {"lotNumber", "L" + rng_.digits(6)},
                 {"performer", json::array({{{"function", {{"text", "接種医"}}}, {"actor", ref_to(doc, doctor_name_)}}})},
                 {"protocolApplied", json::array({{{"doseNumberPositiveInt", 1}}})}};
    if (!loc.empty()) body["location"] = ref_to(loc, "接種会場");
    if (rng_.chance(50)) body["note"] = note();
    add(std::move(body));
  }

  void add_composition(const std::string& doc, const std::string& org, const std::vector<std::string>& conditions,
                       const std::vector<std::string>& requests, const std::vector<std::string>& observations) {
    json entries_c = json::array(), entries_r = json::array(), entries_o = json::array();
    for (const auto& c : conditions) entries_c.push_back({{"reference", c}, {"display", "傷病名"}});
    for (const auto& r : requests) entries_r.push_back({{"reference", r}});
    for (const auto& o : observations) entries_o.push_back({{"reference", o}});
    const auto section = [&](const char* title, const char* code, json entries) {
      return json{{"title", title}, {"text", narrative()},
                  {"code", {{"coding", json::array({{{"system", "http://jpfhir.jp/fhir/clins/CodeSystem/document-section"}, {"code", code}}})}}},
                  {"entry", std::move(entries)}};
    };
    add({{"resourceType", "Composition"}, {"id", id("comp")}, {"meta", meta()}, {"status", "final"},
         {"identifier", {{"system", "http://jpfhir.jp/fhir/core/IdSystem/resourceInstance-identifier"}, {"value", "1311234567-2024-" + rng_.digits(8)}}},
         {"type", {{"coding", json::array({{{"system", "http://jpfhir.jp/fhir/clins/CodeSystem/doc-typecodes"}, {"code", "57133-1"}, {"display", "診療情報提供書"}}})}}},
         {"subject", subject()}, {"date", date_time(event_day())}, {"title", "診療情報提供書 " + name_ + " 様"},
         {"author", json::array({ref_to(doc, doctor_name_)})}, {"custodian", ref_to(org, org_name_)},
         {"attester", json::array({{{"mode", "legal"}, {"time", date_time(event_day())}, {"party", ref_to(doc, doctor_name_)}}})},
         {"section", json::array({section("紹介元情報", "920", json::array({ref_to(org, org_name_), ref_to(doc, doctor_name_)})),
                                  {{"title", "構造情報"},
                                   {"section", json::array({section("傷病名・主訴", "340", entries_c), section("処方", "440", entries_r),
                                                            section("検査結果", "610", entries_o)})}}})}});
  }

  void add_document(const std::string& doc) {
    add({{"resourceType", "DocumentReference"}, {"id", id("docref")}, {"meta", meta()}, {"status", "current"},
         {"masterIdentifier", {{"system", "urn:ietf:rfc:3986"}, {"value", "urn:oid:1.2.3." + rng_.digits(8)}}},
         {"subject", subject()}, {"date", instant(event_day())}, {"author", json::array({ref_to(doc, doctor_name_)})},
         {"description", "紹介状 " + name_}, {"type", codeable({"http://loinc.org", "11488-4", "Consult note"})},
         {"content", json::array({{{"attachment", {{"contentType", "application/pdf"}, {"data", "JVBERi0xLjQK"}, {"title", name_ + ".pdf"},
                                                    {"url", "https://fhir.example-hospital.jp/Binary/" + patient_number_},
                                                    {"creation", date_time(event_day())}}}}})}});
  }

  Rng rng_;
  GeneratedRecord* rec_ = nullptr;
  std::size_t n_ = 0, counter_ = 0;
  int mode_ = 0;
  std::int64_t birth_ = 0, first_event_ = 0, last_event_ = 0;
  std::string name_, phone_, address_, patient_number_, patient_ref_, doctor_name_, org_name_;
};

const std::set<std::string> kPatientKeys = {"resourceType", "id", "meta", "gender", "birthDate", "deceasedBoolean", "deceasedDateTime"};

}  // namespace

// ---- the randomized property test ----------------------------------------------------------

TEST_CASE("research: generated records leave no direct identifier and keep their dates, references and order", "[research]") {
  constexpr std::size_t kRecords = 1000;
  RecordGenerator gen(20260601);
  std::size_t dates_checked = 0, references_checked = 0, offsets_equal = 0;
  std::set<int> offsets;
  for (std::size_t n = 0; n < kRecords; ++n) {
    const GeneratedRecord rec = gen.record(n);
    const std::string grant_id = "grant-" + std::to_string(n);
    const auto key = key_of(grant_id);
    const int offset = research::date_shift_days(key);
    offsets.insert(offset);
    const auto out = research::pseudonymise(rec.resources, key);
    INFO("record " << n << ", grant " << grant_id << ", offset " << offset);

    // No direct identifier of the person anywhere, nor the names and numbers of the
    // practitioners, organisations and places.
    const auto identifiers = research::direct_identifiers(rec.resources[rec.patient]);
    REQUIRE(identifiers.size() >= 12);  // two names (whole, family, given), five identifiers, three telecoms, address, birth date
    const auto found = leaks(out, identifiers);
    REQUIRE(found == std::vector<std::string>{});
    REQUIRE(leaks(out, rec.other_people) == std::vector<std::string>{});

    // Identifying resources are gone, the rest keep their order.
    std::vector<const Resource*> kept;
    for (const auto& r : rec.resources) {
      if (!kGeneratedIdentifyingTypes.count(r.type)) kept.push_back(&r);
    }
    REQUIRE(out.size() == kept.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      REQUIRE(out[i].type == kept[i]->type);
      REQUIRE(out[i].body["resourceType"] == out[i].type);
      REQUIRE(out[i].body.value("id", "") == out[i].id);
      REQUIRE(out[i].id != kept[i]->id);
      REQUIRE(!out[i].full_url.empty());  // every entry has one, for the Bundle
    }

    // The Patient: gender, birth year, nothing else of theirs.
    const Resource& patient = out[0];
    REQUIRE(patient.type == "Patient");
    for (auto it = patient.body.begin(); it != patient.body.end(); ++it) REQUIRE(kPatientKeys.count(it.key()));
    REQUIRE(patient.body["birthDate"] == rec.resources[rec.patient].body["birthDate"].get<std::string>().substr(0, 4));
    REQUIRE(patient.body["gender"] == rec.resources[rec.patient].body["gender"]);

    // References resolve inside the copy.
    REQUIRE(unresolved(out) == std::vector<std::string>{});
    for (const auto& r : out) {
      walk(r.body, "", "", [&](const std::string&, const std::string& key, const json& v) {
        if (key == "reference") ++references_checked;
        if (key == "identifier" || key == "note") FAIL("kept " << key);
        if (v.is_object() && v.contains("reference") && v.contains("display")) FAIL("kept the display of a reference");
      });
    }

    // Every full date the copy holds is its original shifted by the grant's offset: order
    // and intervals kept.
    for (std::size_t i = 0; i < out.size(); ++i) {
      const auto before = string_leaves(kept[i]->body);
      for (const auto& [pointer, value] : string_leaves(out[i].body)) {
        const std::string key = pointer.substr(pointer.rfind('/') + 1);
        if (!kGeneratedDateKeys.count(key) || value.size() < 10) continue;
        INFO(out[i].type << pointer << " = " << value);
        const auto original = before.find(pointer);
        REQUIRE(original != before.end());
        REQUIRE(day_of(value) - day_of(original->second) == offset);
        REQUIRE(value.substr(10) == original->second.substr(10));  // time of day and zone kept
        ++dates_checked;
      }
    }

    // The same grant gives the same copy; another grant shares no pseudonym with it.
    const auto again = research::pseudonymise(rec.resources, key);
    REQUIRE(again.size() == out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      REQUIRE(again[i].id == out[i].id);
      REQUIRE(again[i].full_url == out[i].full_url);
      REQUIRE(again[i].body.dump() == out[i].body.dump());
    }
    const auto other_key = key_of(grant_id + "-second");
    const auto other = research::pseudonymise(rec.resources, other_key);
    std::set<std::string> names;
    for (const auto& r : out) names.insert({r.id, r.full_url});
    for (const auto& r : other) {
      REQUIRE(!names.count(r.id));
      REQUIRE(!names.count(r.full_url));
    }
    if (research::date_shift_days(other_key) == offset) ++offsets_equal;
  }
  INFO(dates_checked << " dates, " << references_checked << " references, " << gen.generated() << " resources");
  CHECK(dates_checked > 20000);
  CHECK(references_checked > 20000);
  CHECK(offsets_equal < 10);  // 1 in 672 by chance
  CHECK(offsets.size() > 400);
}

// ---- the key and the offset ---------------------------------------------------------------

TEST_CASE("research: the per-grant key and date offset", "[research]") {
  const auto bytes = [](const research::PseudonymKey& k) { return std::vector<std::uint8_t>(k.data(), k.data() + k.size()); };
  const auto a = key_of("grant-a");
  REQUIRE(bytes(a) == bytes(key_of("grant-a")));
  REQUIRE(bytes(a) != bytes(key_of("grant-b")));
  REQUIRE(bytes(a) != bytes(key_of("grant-a", 2)));
  REQUIRE(bytes(a) != std::vector<std::uint8_t>(32, 0));
  bool negative = false, positive = false;
  std::set<int> seen;
  for (int i = 0; i < 3000; ++i) {
    const int d = research::date_shift_days(key_of("g" + std::to_string(i)));
    REQUIRE(std::abs(d) >= 30);
    REQUIRE(std::abs(d) <= 365);
    negative |= d < 0;
    positive |= d > 0;
    seen.insert(d);
  }
  REQUIRE(negative);
  REQUIRE(positive);
  REQUIRE(seen.size() > 600);  // of 672 possible
  REQUIRE(research::date_shift_days(a) == research::date_shift_days(key_of("grant-a")));
}

// ---- one test per rule --------------------------------------------------------------------

namespace {

const json kPatient = json::parse(R"({"resourceType":"Patient","id":"pat-1","birthDate":"1985-04-02","gender":"male",
  "name":[{"text":"山田 太郎","family":"山田","given":["太郎"]}],"telecom":[{"system":"phone","value":"03-1111-2222"}]})");

// One resource pseudonymised next to the person's Patient (first) and a Practitioner.
json one(const json& body, const research::Options& options = {}, const std::string& full_url = {}) {
  const std::vector<Resource> in = {resource_of(kPatient, "urn:uuid:11111111-1111-4111-8111-111111111111"),
                                    resource_of(json{{"resourceType", "Practitioner"}, {"id", "doc-1"}}, "urn:uuid:22222222-2222-4222-8222-222222222222"),
                                    resource_of(body, full_url)};
  const auto out = research::pseudonymise(in, key_of("unit"), options);
  REQUIRE(out.size() == 2);
  return out[1].body;
}

std::string shifted(const std::string& date) { return date_of_day(day_of(date) + research::date_shift_days(key_of("unit"))) + date.substr(10); }

}  // namespace

TEST_CASE("research: the Patient keeps gender, birth year and death only", "[research]") {
  for (const char* file : {"Patient-Example-JP-Patient-eCS-MAKINO.json", "Patient-Example-JP-Patient-standard.json",
                           "Patient-Example-JP-Patient-minimun.json"}) {
    INFO(file);
    const Resource patient = resource_of(json::parse(techo::test::read_data(std::string("jp-clins-examples/") + file)));
    const auto ids = research::direct_identifiers(patient);
    const auto out = research::pseudonymise({patient}, key_of("corpus"));
    REQUIRE(out.size() == 1);
    REQUIRE(leaks(out, ids) == std::vector<std::string>{});
    for (auto it = out[0].body.begin(); it != out[0].body.end(); ++it) REQUIRE(kPatientKeys.count(it.key()));
    if (patient.body.contains("birthDate")) REQUIRE(out[0].body["birthDate"] == patient.body["birthDate"].get<std::string>().substr(0, 4));
  }
  const Resource makino = resource_of(json::parse(techo::test::read_data("jp-clins-examples/Patient-Example-JP-Patient-eCS-MAKINO.json")));
  const auto ids = research::direct_identifiers(makino);
  const std::set<std::string> got(ids.begin(), ids.end());
  for (const char* expected : {"牧野 爛漫", "牧野", "爛漫", "マキノ ランマン", "マキノ", "ランマン", "000999739", "00012345:あいう:１８７:05",
                               "03-123-1234", "高知県高知市五台山4200-6", "781-8125", "高知市", "1930-06-28", "03-0123-4545   99991"}) {
    INFO(expected);
    REQUIRE(got.count(expected));
  }
  REQUIRE(!got.count("female"));
  REQUIRE(!got.count("高知県"));  // a prefecture names no one

  json dead = kPatient;
  dead["deceasedDateTime"] = "2020-03-04T05:06:07+09:00";
  dead["multipleBirthInteger"] = 2;
  dead["_birthDate"] = {{"extension", json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/patient-birthTime"},
                                                    {"valueDateTime", "1985-04-02T03:04:00+09:00"}}})}};
  const auto out = research::pseudonymise({resource_of(dead)}, key_of("unit"));
  REQUIRE(out[0].body["deceasedDateTime"] == shifted("2020-03-04T05:06:07+09:00"));
  REQUIRE(!out[0].body.contains("multipleBirthInteger"));
  REQUIRE(!out[0].body.contains("_birthDate"));
  REQUIRE(out[0].body["birthDate"] == "1985");
}

TEST_CASE("research: every identifier is removed, wherever it is", "[research]") {
  const json out = one(json::parse(R"({"resourceType":"Specimen","id":"s1",
    "identifier":[{"system":"urn:x","value":"A1"}],"accessionIdentifier":{"value":"A2"},
    "subject":{"reference":"Patient/pat-1","identifier":{"value":"A3"}},
    "collection":{"collector":{"identifier":{"value":"A4"}},"collectedDateTime":"2024-01-02"},
    "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0487","code":"SER","display":"Serum"}]}})"));
  const std::string text = out.dump();
  for (const char* id : {"A1", "A2", "A3", "A4", "identifier", "Identifier", "collector"}) {
    INFO(id);
    REQUIRE(text.find(id) == std::string::npos);
  }
  REQUIRE(out["type"]["coding"][0]["display"] == "Serum");
  REQUIRE(out["collection"]["collectedDateTime"] == shifted("2024-01-02"));
}

TEST_CASE("research: ids, fullUrls and references become keyed pseudonyms that still resolve", "[research]") {
  const std::vector<Resource> in = {
      resource_of(kPatient, "https://fhir.example.jp/fhir/Patient/pat-1"),
      resource_of(json::parse(R"({"resourceType":"Encounter","id":"e1"})"), "urn:uuid:33333333-3333-4333-8333-333333333333"),
      resource_of(json::parse(R"({"resourceType":"Organization","id":"o1","name":"テスト病院"})"), "urn:uuid:44444444-4444-4444-8444-444444444444"),
      resource_of(json::parse(R"({"resourceType":"Observation","id":"obs1","status":"final",
        "subject":{"reference":"Patient/pat-1","display":"山田 太郎","type":"Patient"},
        "encounter":{"reference":"urn:uuid:33333333-3333-4333-8333-333333333333"},
        "basedOn":[{"reference":"https://fhir.example.jp/fhir/Patient/pat-1/_history/3"},{"reference":"ServiceRequest/sr-outside"},
                   {"reference":"urn:uuid:55555555-5555-4555-8555-555555555555"}],
        "performer":[{"reference":"urn:uuid:44444444-4444-4444-8444-444444444444","display":"テスト病院"},
                     {"reference":"Practitioner/doc-9","display":"医師 一郎"},
                     {"reference":"urn:uuid:66666666-6666-4666-8666-666666666666","type":"PractitionerRole"},
                     {"reference":"Patient?identifier=urn:x|123456"},
                     {"display":"鈴木 次郎"},{"reference":"#c1"},{"reference":"#c2"}],
        "contained":[{"resourceType":"Practitioner","id":"c1","name":[{"text":"佐藤 三郎"}]},
                     {"resourceType":"Specimen","id":"c2","type":{"text":"血清"}}],
        "hasMember":[{"reference":"Observation/obs2"}]})")),
      resource_of(json::parse(R"({"resourceType":"Observation","id":"obs2","status":"final","subject":{"reference":"https://fhir.example.jp/fhir/Patient/pat-1"}})")),
  };
  const auto key = key_of("refs");
  const auto out = research::pseudonymise(in, key);
  REQUIRE(out.size() == 4);  // the Organization is gone
  const json& obs = out[2].body;
  const std::string text = obs.dump();
  walk(obs, "", "", [](const std::string& p, const std::string&, const json& v) {
    if (v.is_object() && v.contains("reference") && v.contains("display")) FAIL("a display kept at " << p);
  });
  for (const char* gone : {"pat-1", "山田", "テスト病院", "医師", "鈴木", "佐藤", "123456", "doc-9", "obs2", "sr-outside",
                           "33333333", "55555555", "example.jp", "_history"}) {
    INFO(gone);
    REQUIRE(text.find(gone) == std::string::npos);
  }
  // Each reference still reaches the same resource: by Type/id or by fullUrl.
  REQUIRE(obs["subject"]["reference"] == "Patient/" + out[0].id);
  REQUIRE(obs["subject"]["type"] == "Patient");
  REQUIRE(obs["encounter"]["reference"] == out[1].full_url);
  REQUIRE(obs["hasMember"][0]["reference"] == "Observation/" + out[3].id);
  REQUIRE(out[3].body["subject"]["reference"] == "Patient/" + out[0].id);
  REQUIRE(obs["basedOn"].size() == 3);
  REQUIRE(obs["basedOn"][0]["reference"] == "Patient/" + out[0].id);
  // What is outside the copy gets a pseudonym all the same, consistently.
  const std::string outside = obs["basedOn"][1]["reference"];
  REQUIRE(outside.rfind("ServiceRequest/", 0) == 0);
  const std::string outside_uuid = obs["basedOn"][2]["reference"];
  REQUIRE(outside_uuid.rfind("urn:uuid:", 0) == 0);
  REQUIRE(outside_uuid.size() == 45);
  // Of the performers only the contained Specimen (not a person) is left.
  REQUIRE(obs["performer"].size() == 1);
  REQUIRE(obs["contained"].size() == 1);
  REQUIRE(obs["contained"][0]["resourceType"] == "Specimen");
  REQUIRE(obs["performer"][0]["reference"] == "#" + obs["contained"][0]["id"].get<std::string>());
  REQUIRE(obs["contained"][0]["type"]["text"] == "血清");
  REQUIRE(unresolved(out) == std::vector<std::string>{"Observation/basedOn/1/reference = " + outside,
                                                      "Observation/basedOn/2/reference = " + outside_uuid});
  // ids are pseudonyms of the FHIR identity, so two packages of one grant agree.
  const auto alone = research::pseudonymise({in[4]}, key);
  REQUIRE(alone[0].id == out[3].id);
  REQUIRE(alone[0].body["subject"]["reference"] == obs["subject"]["reference"]);
  REQUIRE(research::pseudonymise({in[4]}, key_of("refs-2"))[0].id != out[3].id);
}

TEST_CASE("research: dates shift by the grant's whole-day offset under date-typed keys only", "[research]") {
  const int offset = research::date_shift_days(key_of("unit"));
  const json out = one(json::parse(R"({"resourceType":"Observation","id":"o","status":"final",
    "meta":{"lastUpdated":"2024-02-29T23:59:59.123Z","source":"urn:oid:1.2.3","versionId":"7",
            "profile":["http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Observation_LabResult_eCS"],
            "tag":[{"system":"urn:x","code":"t"}]},
    "effectivePeriod":{"start":"2024-03-01T09:00:00+09:00","end":"2024-03-02"},
    "issued":"2024-03-03T00:00:00Z",
    "code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.504","code":"2020","display":"2020"}],"text":"2020-01-01"},
    "valueDateTime":"2023-12-31",
    "component":[{"code":{"text":"年"},"valueDate":"2023"},{"code":{"text":"月"},"valuePeriod":{"start":"2023-06","end":"2023-07"}}],
    "specimen":{"reference":"Specimen/s"},
    "method":{"coding":[{"code":"1999-01-01"}]},
    "interpretation":[{"coding":[{"system":"urn:x","code":"2021"}]}],
    "recordedDate":"yesterday","onsetDateTime":"2021-02-30","effectiveInstant":42})"));
  REQUIRE(out["meta"]["lastUpdated"] == shifted("2024-02-29T23:59:59.123Z"));
  REQUIRE(!out["meta"].contains("source"));
  REQUIRE(!out["meta"].contains("versionId"));
  REQUIRE(!out["meta"].contains("profile"));  // the copy no longer meets the profiles it claimed
  REQUIRE(out["meta"]["tag"][0]["code"] == "t");
  REQUIRE(out["meta"]["security"][0]["code"] == "PSEUDED");
  REQUIRE(out["effectivePeriod"]["start"] == shifted("2024-03-01T09:00:00+09:00"));
  REQUIRE(out["effectivePeriod"]["end"] == shifted("2024-03-02"));
  REQUIRE(out["issued"] == shifted("2024-03-03T00:00:00Z"));
  REQUIRE(out["valueDateTime"] == shifted("2023-12-31"));
  // Codes that look like years are codes.
  REQUIRE(out["code"]["coding"][0]["code"] == "2020");
  REQUIRE(out["code"]["coding"][0]["display"] == "2020");
  REQUIRE(out["interpretation"][0]["coding"][0]["code"] == "2021");
  // A full date under a key that is not date-typed is neither shifted nor kept: it would
  // give the offset away.
  REQUIRE(!out["code"].contains("text"));
  REQUIRE(!out.contains("method"));
  // Partial dates keep their precision: the middle of the year or month is shifted.
  const auto c = techo::detail::civil_from_days(techo::detail::days_from_civil(2023, 7, 2) + offset);
  REQUIRE(out["component"][0]["valueDate"] == std::to_string(c.year));
  const auto m = techo::detail::civil_from_days(techo::detail::days_from_civil(2023, 6, 15) + offset);
  char month[32];
  std::snprintf(month, sizeof month, "%04d-%02d", static_cast<int>(m.year), m.month);
  REQUIRE(out["component"][1]["valuePeriod"]["start"] == month);
  // What is not a date under a date key is dropped, never passed through.
  REQUIRE(!out.contains("recordedDate"));
  REQUIRE(!out.contains("onsetDateTime"));
  REQUIRE(!out.contains("effectiveInstant"));
}

TEST_CASE("research: free text is dropped unless kept on purpose; codes and their words stay", "[research]") {
  const json body = json::parse(R"({"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order",
    "text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">処方</div>"},
    "medicationCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.100495.20.2.74","code":"2171022F1026","display":"アムロジピン錠５ｍｇ"}],"text":"アムロジピン"},
    "note":[{"text":"腎機能に注意"}],
    "dosageInstruction":[{"text":"1日1回朝食後","patientInstruction":"飲み忘れ注意","timing":{"code":{"text":"朝食後"}}}],
    "reasonCode":[{"text":"高血圧"}],
    "statusReason":{"coding":[{"code":"x"}],"text":"中止理由"}})");
  const json out = one(body);
  REQUIRE(!out.contains("text"));
  REQUIRE(!out.contains("note"));
  REQUIRE(!out["dosageInstruction"][0].contains("text"));
  REQUIRE(!out["dosageInstruction"][0].contains("patientInstruction"));
  REQUIRE(out["dosageInstruction"][0]["timing"]["code"]["text"] == "朝食後");
  REQUIRE(out["medicationCodeableConcept"]["text"] == "アムロジピン");
  REQUIRE(out["medicationCodeableConcept"]["coding"][0]["display"] == "アムロジピン錠５ｍｇ");
  REQUIRE(out["reasonCode"][0]["text"] == "高血圧");
  REQUIRE(out["statusReason"]["text"] == "中止理由");

  research::Options keep;
  keep.keep_free_text = true;
  const json kept = one(body, keep);
  REQUIRE(kept["note"][0]["text"] == "腎機能に注意");
  REQUIRE(kept["dosageInstruction"][0]["text"] == "1日1回朝食後");
  REQUIRE(kept["dosageInstruction"][0]["patientInstruction"] == "飲み忘れ注意");
  REQUIRE(kept["text"]["div"].get<std::string>().find("処方") != std::string::npos);

  const json obs = one(json::parse(R"({"resourceType":"Observation","id":"o","status":"final","code":{"text":"所見"},
    "valueString":"特記なし","comment":"再検","referenceRange":[{"text":"基準内","low":{"value":1}}],
    "component":[{"code":{"text":"a"},"valueString":"b"}]})"));
  REQUIRE(!obs.contains("valueString"));
  REQUIRE(!obs.contains("comment"));
  REQUIRE(obs["referenceRange"][0] == json::parse(R"({"low":{"value":1}})"));
  REQUIRE(obs["component"][0] == json::parse(R"({"code":{"text":"a"}})"));

  // A name that reached a kept word is dropped there too, even with free text kept.
  const json leaked = one(json::parse(R"({"resourceType":"Condition","id":"c","code":{"text":"山田 太郎 の既往"},
    "note":[{"text":"山田さんに説明"}],"category":[{"coding":[{"code":"x","display":"山田 太郎"}]}]})"), keep);
  REQUIRE(leaked.dump().find("山田") == std::string::npos);
}

TEST_CASE("research: attachments keep their kind only; Composition sections lose their narrative", "[research]") {
  const json doc = one(json::parse(R"({"resourceType":"DocumentReference","id":"d","status":"current",
    "description":"紹介状","content":[{"attachment":{"contentType":"application/pdf","language":"ja","data":"JVBERi0=",
      "url":"https://x.example/Binary/9","title":"yamada.pdf","size":5,"hash":"2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
      "creation":"2024-05-06T07:08:09+09:00"}}]})"));
  REQUIRE(doc["content"][0]["attachment"] == json{{"contentType", "application/pdf"}, {"language", "ja"},
                                                  {"creation", shifted("2024-05-06T07:08:09+09:00")}});
  REQUIRE(!doc.contains("description"));

  const json comp = one(json::parse(R"({"resourceType":"Composition","id":"c","status":"final","title":"診療情報提供書",
    "date":"2024-01-01","author":[{"reference":"urn:uuid:22222222-2222-4222-8222-222222222222","display":"医師"}],
    "type":{"coding":[{"system":"http://loinc.org","code":"57133-1","display":"Referral note"}]},
    "section":[{"title":"紹介目的","code":{"coding":[{"code":"950"}]},"text":{"status":"additional","div":"<div>腹痛精査</div>"},
                "entry":[{"reference":"urn:uuid:22222222-2222-4222-8222-222222222222","display":"紹介元医師"}],
                "section":[{"code":{"coding":[{"code":"340"}]},"text":{"status":"additional","div":"<div>x</div>"}}]}]})"));
  REQUIRE(!comp.contains("author"));  // its only author was a Practitioner
  REQUIRE(!comp.contains("title"));
  REQUIRE(comp["date"] == shifted("2024-01-01"));
  REQUIRE(comp["section"][0] == json::parse(R"({"code":{"coding":[{"code":"950"}]},"section":[{"code":{"coding":[{"code":"340"}]}}]})"));
}

TEST_CASE("research: extensions survive only when they carry codes, quantities or dates", "[research]") {
  const json out = one(json::parse(R"({"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order",
    "extension":[{"url":"u:code","valueCode":"a"},{"url":"u:cc","valueCodeableConcept":{"coding":[{"code":"b"}]}},
                 {"url":"u:qty","valueQuantity":{"value":3,"unit":"日"}},{"url":"u:int","valueInteger":2},
                 {"url":"u:bool","valueBoolean":true},{"url":"u:date","valueDate":"2024-01-01"},
                 {"url":"u:str","valueString":"山田"},{"url":"u:addr","valueAddress":{"city":"高知市"}},
                 {"url":"u:id","valueIdentifier":{"value":"123"}},{"url":"u:uri","valueUri":"https://x.example/pat/1"},
                 {"url":"u:ref","valueReference":{"reference":"Practitioner/doc-1"}},{"valueCode":"no-url"},
                 {"url":"u:nested","extension":[{"url":"a","valueString":"x"},{"url":"b","valueCode":"y"}]},
                 {"url":"u:empty","extension":[{"url":"a","valueString":"x"}]}],
    "modifierExtension":[{"url":"u:mod","valueBoolean":false}],
    "_status":{"extension":[{"url":"u:dar","valueCode":"unknown"}]},
    "dosageInstruction":[{"extension":[{"url":"u:in","valueString":"x"}],"sequence":1}]})"));
  std::vector<std::string> urls;
  for (const auto& e : out["extension"]) urls.push_back(e["url"]);
  REQUIRE(urls == std::vector<std::string>{"u:code", "u:cc", "u:qty", "u:int", "u:bool", "u:date", "u:nested"});
  REQUIRE(out["extension"][5]["valueDate"] == shifted("2024-01-01"));
  REQUIRE(out["extension"][6]["extension"] == json::parse(R"([{"url":"b","valueCode":"y"}])"));
  REQUIRE(out["modifierExtension"][0]["valueBoolean"] == false);
  REQUIRE(!out.contains("_status"));
  REQUIRE(out["dosageInstruction"][0] == json{{"sequence", 1}});
}

TEST_CASE("research: resources identifying in themselves are left out; Medication stays", "[research]") {
  std::vector<Resource> in = {resource_of(kPatient)};
  for (const char* type : {"Practitioner", "PractitionerRole", "Organization", "RelatedPerson", "Location", "Person", "Group",
                           "HealthcareService", "Endpoint", "Coverage", "Device", "Provenance", "Binary", "Media", "Bundle"}) {
    in.push_back(resource_of(json{{"resourceType", type}, {"id", "x"}}));
  }
  in.push_back(resource_of(json::parse(R"({"resourceType":"Medication","id":"med","code":{"coding":[{"code":"2171022F1026"}]},
    "manufacturer":{"reference":"Organization/x","display":"製薬"},"batch":{"lotNumber":"L1","expirationDate":"2025-01-01"}})")));
  in.push_back(resource_of(json::parse(R"({"resourceType":"Condition","id":"c","subject":{"reference":"Patient/pat-1"}})")));
  const auto out = research::pseudonymise(in, key_of("unit"));
  REQUIRE(out.size() == 3);
  REQUIRE(out[0].type == "Patient");
  REQUIRE(out[1].type == "Medication");
  REQUIRE(out[2].type == "Condition");
  REQUIRE(out[1].body["code"]["coding"][0]["code"] == "2171022F1026");
  REQUIRE(!out[1].body.contains("manufacturer"));
  REQUIRE(out[1].body["batch"] == json{{"expirationDate", shifted("2025-01-01")}});
}

TEST_CASE("research: the JP-CLINS referral document keeps no one's name", "[research]") {
  auto bundle = techo::fhir::parse_bundle(techo::test::read_data("jp-clins-examples/Bundle-Bundle-CLINS-Referral-Example-01.json"));
  REQUIRE(bundle.has_value());
  const auto& in = bundle->resources;
  std::vector<std::string> secrets;
  for (const auto& r : in) {
    if (r.type == "Patient") {
      for (const auto& s : research::direct_identifiers(r)) secrets.push_back(s);
    }
  }
  REQUIRE(secrets.size() > 8);
  for (const char* s : {"港診療所", "東京第一テスト病院", "1311234567-2021-12345678", "192844"}) secrets.push_back(s);
  const auto out = research::pseudonymise(in, key_of("referral"));
  REQUIRE(leaks(out, secrets) == std::vector<std::string>{});
  REQUIRE(unresolved(out) == std::vector<std::string>{});
  std::size_t kept = 0;
  for (const auto& r : in) kept += !(r.type == "Practitioner" || r.type == "Organization");
  REQUIRE(out.size() == kept);
  for (const auto& file : {"jp-clins-examples/Bundle-Bundle-CLINS-PCS-Example-01.json", "jp-clins-examples/Bundle-Bundle-CLINS-Observations-Example-01.json"}) {
    auto other = techo::fhir::parse_bundle(techo::test::read_data(file));
    REQUIRE(other.has_value());
    std::vector<std::string> ids;
    for (const auto& r : other->resources) {
      if (r.type == "Patient") ids = research::direct_identifiers(r);
    }
    const auto copy = research::pseudonymise(other->resources, key_of("pcs"));
    REQUIRE(!copy.empty());
    REQUIRE(leaks(copy, ids) == std::vector<std::string>{});
    REQUIRE(unresolved(copy) == std::vector<std::string>{});
  }
}

TEST_CASE("research: odd input never throws and is dropped conservatively", "[research]") {
  // Every node of generated records replaced, one at a time, by values of every type.
  RecordGenerator gen(7);
  const json odd[] = {nullptr, 1, -2.5, true, "", "2024-01-01", "牧野", json::array(), json::object(), json::array({1, "x", nullptr}),
                      json{{"reference", 5}}, json{{"extension", "x"}}, json{{"resourceType", 3}}};
  std::size_t runs = 0;
  for (std::size_t n = 0; n < 30; ++n) {
    const GeneratedRecord rec = gen.record(n);
    Rng rng{n};
    for (int k = 0; k < 60; ++k) {
      std::vector<Resource> in = rec.resources;
      Resource& victim = in[rng.below(in.size())];
      std::vector<json::json_pointer> pointers;
      walk(victim.body, "", "", [&](const std::string& p, const std::string&, const json&) { pointers.emplace_back(p); });
      victim.body[pointers[rng.below(pointers.size())]] = odd[rng.below(std::size(odd))];
      std::vector<Resource> out;
      REQUIRE_NOTHROW(out = research::pseudonymise(in, key_of("odd")));
      for (const auto& r : out) REQUIRE_NOTHROW(r.body.dump());
      REQUIRE(leaks(out, research::direct_identifiers(rec.resources[rec.patient])) == std::vector<std::string>{});
      ++runs;
    }
  }
  REQUIRE(runs == 1800);

  // Whole resources of the wrong shape.
  std::vector<Resource> in;
  in.push_back({"Patient", "p", "", json::array({1, 2})});
  in.push_back({"Observation", "o", "", json{{"resourceType", "Condition"}}});
  in.push_back({"", "", "", json{{"resourceType", ""}}});
  in.push_back({"Observation", "o", "", json("text")});
  in.push_back({"Observation", "o2", "urn:uuid:x", json{{"resourceType", "Observation"}, {"id", 7}, {"status", "final"}}});
  in.push_back({"Observation", "o3", "", json{{"resourceType", "Observation"}, {"id", "o3"}, {"\xff\xfe", "x"}, {"code", {{"text", std::string("\xe7\x89")}}}}});
  // Deep nesting stops at the depth limit.
  json deep = json::array();
  json* innermost = &deep;
  for (int i = 0; i < 5000; ++i) {
    innermost->push_back(json::array());
    innermost = &innermost->back();
  }
  in.push_back({"Observation", "o4", "", json{{"resourceType", "Observation"}, {"id", "o4"}, {"component", deep}}});
  std::vector<Resource> out;
  REQUIRE_NOTHROW(out = research::pseudonymise(in, key_of("odd")));
  REQUIRE(out.size() == 3);
  for (const auto& r : out) {
    REQUIRE(r.type == "Observation");
    REQUIRE_NOTHROW(r.body.dump());
  }
  REQUIRE(!out[0].body.contains("id"));  // an id that is not a string is dropped
  REQUIRE(out[0].id.empty());
  REQUIRE(!out[1].body.contains("code"));  // broken UTF-8 is dropped
  REQUIRE(!out[2].body.contains("component"));
  REQUIRE(research::direct_identifiers({"Patient", "p", "", json("x")}).empty());
}

// ---- a figure for the notes (not an assertion) -------------------------------------------

TEST_CASE("research: time to pseudonymise 50,000 generated resources", "[.research-timing]") {
  RecordGenerator gen(50000);
  std::vector<Resource> in;
  GeneratedRecord first = gen.record(0);
  std::vector<std::string> ids = research::direct_identifiers(first.resources[first.patient]);
  in = first.resources;
  // One person's record: the first record's Patient, the facts of many more.
  for (std::size_t n = 1; in.size() < 50000; ++n) {
    GeneratedRecord rec = gen.record(n);
    for (std::size_t i = 0; i < rec.resources.size() && in.size() < 50000; ++i) {
      if (rec.resources[i].type != "Patient") in.push_back(std::move(rec.resources[i]));
    }
  }
  const auto key = key_of("timing");
  double best = 1e9;
  std::size_t kept = 0;
  for (int run = 0; run < 5; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto out = research::pseudonymise(in, key);
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
    kept = out.size();
  }
  double copy_best = 1e9;
  for (int run = 0; run < 5; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<Resource> copy = in;
    const auto t1 = std::chrono::steady_clock::now();
    copy_best = std::min(copy_best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::cout << "research: a plain copy of the input takes " << copy_best << " ms\n";
  std::cout << "research: pseudonymise " << in.size() << " resources -> " << kept << " in " << best << " ms (best of 5)\n";
  SUCCEED();
}
