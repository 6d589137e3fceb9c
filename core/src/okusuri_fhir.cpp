// A notebook's records as FHIR R4 resources in the shape JP Core gives them, so that every
// view reads them as it reads any other source:
//   1 → Patient; 11/15 → the pharmacy (Organization) and pharmacist (Practitioner, and the
//   PractitionerRole joining them); 51/55 likewise for the prescribing institution and doctor;
//   201 → one MedicationDispense per drug of each block, its prescription (RP number,
//   prescriber) a contained MedicationRequest, with 301's usage text exactly as written,
//   quantity, days and dosage form, and every caution, leftover-medicine note and remark
//   (281 291 311 391 401 411 421 501 601) as a note naming its record;
//   2 → AllergyIntolerance (1 allergy, 2 adverse reaction) or Condition (3 history);
//   3/31 → MedicationStatement with its ingredients; 4 and unknown records → Basic, raw;
//   701 → PractitionerRole (かかりつけ薬剤師).
// Every id is a digest of what identifies the thing, over names in NFKC: for a dispensing
// the person, the date, the pharmacy, the prescribing institution, the drug and its place
// among same-named drugs of the block. A sticker scanned again — or by a second guardian —
// names the same resources and adds nothing; so does the person's own list (出力区分 2,
// which names institutions by name only and renumbers RPs) read back into their vault.
#include <cstdlib>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "okusuri_records.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
#include "techo/okusuri_techo.hpp"
#include "text_cp932.hpp"

namespace techo::okusuri {
namespace detail {
namespace {

using nlohmann::json;

constexpr const char* kRecordExtension = "https://techo.example/fhir/StructureDefinition/okusuri-techo-record";
constexpr const char* kRawExtension = "https://techo.example/fhir/StructureDefinition/okusuri-techo-raw";
constexpr const char* kNormalizedExtension = "https://techo.example/fhir/StructureDefinition/normalized-text";
constexpr const char* kInstitutionNumber = "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no";
constexpr const char* kRpNumber = "urn:oid:1.2.392.100495.20.3.81";
constexpr const char* kDosageForms = "https://techo.example/fhir/CodeSystem/jahis-dosage-form";

std::string digest_id(std::string_view kind, std::initializer_list<std::string_view> parts) {
  crypto::Sha256 h;
  for (std::string_view p : parts) {
    h.update(crypto::as_bytes(p));
    h.update(crypto::as_bytes(std::string_view("\x1f", 1)));
  }
  const auto d = h.finish();
  return "jahis-" + std::string(kind) + "-" + encoding::hex_encode(std::span(d).first(12));
}

std::string norm(std::string_view s) { return text::nfkc(s); }

json origin_meta(const Records& r) {
  return json{{"tag", json::array({json{{"system", std::string(kOriginSystem)}, {"code", std::string(kOrigin)},
                                         {"display", "お薬手帳"}}})},
              {"source", "jahis-tc:" + r.version}};
}

// A name kept as written, with its NFKC form for matching and search when it differs.
void with_normalized(json& element, const std::string& written) {
  const std::string n = norm(written);
  if (n != written) element["extension"] = json::array({json{{"url", kNormalizedExtension}, {"valueString", n}}});
}

json note_of(const Note& n) {
  static const std::map<std::string, std::string> kLabels = {
      {"281", "薬品補足"}, {"291", "薬品服用注意"}, {"311", "用法補足"}, {"391", "処方服用注意"}, {"401", "服用注意"},
      {"411", "医療機関等提供情報"}, {"421", "残薬確認"}, {"501", "備考"}, {"601", "患者等記入"}};
  json out{{"text", n.text},
           {"extension", json::array({json{{"url", kRecordExtension}, {"valueCode", n.record}}})}};
  if (auto l = kLabels.find(n.record); l != kLabels.end()) out["authorString"] = l->second;
  if (!n.date.empty()) out["time"] = n.date;
  return out;
}

// JAHIS 薬品コード種別: 2 レセ電, 3 厚労省 (薬価基準収載医薬品コード), 4 YJ, 6 HOT (5 is not
// assigned here; 1 is "no code").
json drug_coding(const std::string& type, const std::string& code, const std::string& display) {
  if (code.empty() || type == "1") return nullptr;
  std::string system;
  if (type == "4") system = "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code";
  else if (type == "6") {
    system = code.size() == 7    ? "http://medis.or.jp/CodeSystem/master-HOT7"
             : code.size() == 13 ? "http://medis.or.jp/CodeSystem/master-HOT13"
                                 : "http://medis.or.jp/CodeSystem/master-HOT9";
  } else {
    system = "urn:techo:jahis-tc:drug-code-type:" + type;  // レセ電 and 厚労省 codes, named by their JAHIS type
  }
  return json{{"system", system}, {"code", code}, {"display", display}};
}

json concept_with(const std::string& name, json coding) {
  json c{{"text", name}};
  if (!coding.is_null()) c["coding"] = json::array({std::move(coding)});
  with_normalized(c, name);
  return c;
}

struct Built {
  std::vector<fhir::Resource> resources;
  void add(json body) {
    fhir::Resource r;
    r.type = body["resourceType"].get<std::string>();
    r.id = body["id"].get<std::string>();
    r.body = std::move(body);
    resources.push_back(std::move(r));
  }
};

std::string reference(const char* type, const std::string& id) { return std::string(type) + "/" + id; }

class Mapper {
 public:
  explicit Mapper(const Records& r) : r_(r), meta_(origin_meta(r)) {}

  Result<std::vector<fhir::Resource>> run() {
    if (!r_.patient) {
      return Error{ErrorCode::kMalformedInput, "the text names no person: a お薬手帳 text needs its patient record (1)", "line 2"};
    }
    patient();
    for (const auto& remark : r_.remarks) remark_of(remark);
    for (const auto& otc : r_.otc) otc_of(otc);
    for (const auto& memo : r_.memos) memo_of(memo);
    for (const auto& block : r_.blocks) block_of(block);
    if (r_.family_pharmacist) family_pharmacist();
    if (!r_.unknown.empty()) unknown_records();
    return std::move(out_.resources);
  }

 private:
  const Records& r_;
  json meta_;
  Built out_;
  std::string patient_id_;
  std::set<std::string> written_;  // support resources already added (one per id)

  json base(const char* type, const std::string& id) const {
    return json{{"resourceType", type}, {"id", id}, {"meta", meta_}};
  }
  json subject() const { return json{{"reference", reference("Patient", patient_id_)}}; }
  bool first_time(const std::string& id) { return written_.insert(id).second; }

  void patient() {
    const Patient& p = *r_.patient;
    patient_id_ = digest_id("patient", {norm(p.name), p.birth_date});
    json body = base("Patient", patient_id_);
    json kanji{{"use", "official"}, {"text", p.name},
               {"extension", json::array({json{{"url", "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"},
                                               {"valueCode", "IDE"}}})}};
    // 姓と名は全角（または半角）空白で区切られる
    for (std::string_view space : {std::string_view("\xE3\x80\x80"), std::string_view(" ")}) {
      if (const auto at = p.name.find(space); at != std::string::npos) {
        kanji["family"] = p.name.substr(0, at);
        kanji["given"] = json::array({p.name.substr(at + space.size())});
        break;
      }
    }
    json names = json::array({kanji});
    if (!p.kana.empty()) {
      json kana{{"use", "official"}, {"text", p.kana},
                {"extension", json::array({json{{"url", "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"},
                                                {"valueCode", "SYL"}}})}};
      names.push_back(std::move(kana));
    }
    body["name"] = std::move(names);
    body["gender"] = p.sex == "1" ? "male" : p.sex == "2" ? "female" : "unknown";
    if (!p.birth_date.empty()) body["birthDate"] = p.birth_date;
    if (!p.address.empty() || !p.postal_code.empty()) {
      json a{{"text", p.address}};
      if (!p.postal_code.empty()) a["postalCode"] = p.postal_code;
      body["address"] = json::array({std::move(a)});
    }
    if (!p.phone.empty()) body["telecom"] = json::array({json{{"system", "phone"}, {"value", p.phone}}});
    if (!p.emergency_contact.empty()) {
      body["contact"] = json::array({json{{"telecom", json::array({json{{"system", "phone"}, {"value", p.emergency_contact}}})},
                                          {"relationship", json::array({json{{"text", "緊急連絡先"}}})}}});
    }
    json ext = json::array();
    if (!p.blood_type.empty()) {
      ext.push_back(json{{"url", "https://techo.example/fhir/StructureDefinition/okusuri-techo-blood-type"},
                         {"valueString", p.blood_type}});
    }
    if (!p.weight.empty()) {
      ext.push_back(json{{"url", "https://techo.example/fhir/StructureDefinition/okusuri-techo-weight"},
                         {"valueString", p.weight + " kg"}});
    }
    if (!ext.empty()) body["extension"] = std::move(ext);
    out_.add(std::move(body));
  }

  void remark_of(const Remark& m) {
    const std::string id = digest_id("remark", {patient_id_, m.type, norm(m.text)});
    if (m.type == "3") {
      json body = base("Condition", id);
      body["subject"] = subject();
      body["code"] = concept_with(m.text, nullptr);
      body["category"] = json::array({json{{"text", "既往歴"}}});
      body["note"] = json::array({json{{"text", "お薬手帳の患者特記（既往歴）"}}});
      out_.add(std::move(body));
      return;
    }
    json body = base("AllergyIntolerance", id);
    body["patient"] = subject();
    body["code"] = concept_with(m.text, nullptr);
    body["clinicalStatus"] = json{{"coding", json::array({json{
        {"system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"}, {"code", "active"}}})}};
    body["verificationStatus"] = json{{"coding", json::array({json{
        {"system", "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"}, {"code", "unconfirmed"}}})}};
    // 2: 副作用歴 — a reaction to a medicine; 1: an allergy (to anything)
    if (m.type == "2") {
      body["type"] = "intolerance";
      body["category"] = json::array({"medication"});
    } else {
      body["type"] = "allergy";
    }
    out_.add(std::move(body));
  }

  void otc_of(const OtcDrug& d) {
    const std::string id = digest_id("otc", {patient_id_, norm(d.name), d.start});
    json body = base("MedicationStatement", id);
    body["status"] = d.end.empty() ? "active" : "completed";
    body["subject"] = subject();
    body["informationSource"] = subject();
    if (d.ingredients.empty()) {
      body["medicationCodeableConcept"] = concept_with(d.name, nullptr);
    } else {
      json ingredients = json::array();
      for (const auto& i : d.ingredients) {
        ingredients.push_back(json{{"itemCodeableConcept", concept_with(i.name, drug_coding(i.code_type, i.code, i.name))}});
      }
      body["contained"] = json::array({json{{"resourceType", "Medication"}, {"id", "otc"},
                                            {"code", concept_with(d.name, nullptr)}, {"ingredient", std::move(ingredients)}}});
      body["medicationReference"] = json{{"reference", "#otc"}, {"display", d.name}};
    }
    if (!d.start.empty() || !d.end.empty()) {
      json period = json::object();
      if (!d.start.empty()) period["start"] = d.start;
      if (!d.end.empty()) period["end"] = d.end;
      body["effectivePeriod"] = std::move(period);
    }
    body["note"] = json::array({json{{"text", "一般用医薬品（お薬手帳）"}}});
    out_.add(std::move(body));
  }

  void memo_of(const Memo& m) {
    json body = base("Basic", digest_id("memo", {patient_id_, m.date, m.text}));
    body["code"] = json{{"text", "お薬手帳メモ"}};
    body["subject"] = subject();
    if (!m.date.empty()) body["created"] = m.date;
    body["extension"] = json::array({json{{"url", kRawExtension}, {"valueString", m.text}}});
    out_.add(std::move(body));
  }

  // An institution as an Organization, once per id; "" when the record names none.
  std::string organization(const Institution& i) {
    if (i.empty()) return {};
    const std::string number = i.number();
    const std::string id = digest_id("org", {i.name.empty() ? number : norm(i.name)});
    if (!first_time(id)) return id;
    json body = base("Organization", id);
    body["name"] = i.name;
    if (!number.empty()) body["identifier"] = json::array({json{{"system", kInstitutionNumber}, {"value", number}}});
    if (!i.address.empty() || !i.postal_code.empty()) {
      json a{{"text", i.address}};
      if (!i.postal_code.empty()) a["postalCode"] = i.postal_code;
      body["address"] = json::array({std::move(a)});
    }
    if (!i.phone.empty()) body["telecom"] = json::array({json{{"system", "phone"}, {"value", i.phone}}});
    out_.add(std::move(body));
    return id;
  }

  // A person at an institution: Practitioner + PractitionerRole; "" when nobody is named.
  std::string role(const PersonName& p, const std::string& organization_id, const std::string& what,
                   const std::string& start = {}, const std::string& end = {}) {
    if (p.empty()) return {};
    const std::string practitioner_id = digest_id("practitioner", {norm(p.name), organization_id});
    const std::string role_id = digest_id("role", {practitioner_id, organization_id, what});
    if (first_time(practitioner_id)) {
      json body = base("Practitioner", practitioner_id);
      body["name"] = json::array({json{{"text", p.name}}});
      out_.add(std::move(body));
    }
    if (first_time(role_id)) {
      json body = base("PractitionerRole", role_id);
      body["practitioner"] = json{{"reference", reference("Practitioner", practitioner_id)}, {"display", p.name}};
      if (!organization_id.empty()) body["organization"] = json{{"reference", reference("Organization", organization_id)}};
      body["code"] = json::array({json{{"text", what}}});
      if (!p.department.empty()) body["specialty"] = json::array({json{{"text", p.department}}});
      if (!p.contact.empty()) body["telecom"] = json::array({json{{"system", "phone"}, {"value", p.contact}}});
      if (!start.empty() || !end.empty()) {  // how long the arrangement (かかりつけ) lasts
        json period = json::object();
        if (!start.empty()) period["start"] = start;
        if (!end.empty()) period["end"] = end;
        body["period"] = std::move(period);
      }
      out_.add(std::move(body));
    }
    return role_id;
  }

  static json quantity(const std::string& value, const std::string& unit) {
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || !end || *end != '\0') return nullptr;
    return json{{"value", v}, {"unit", unit}};
  }

  void block_of(const Block& b) {
    const std::string pharmacy_id = organization(b.pharmacy);
    const std::string pharmacist_id = role(b.pharmacist, pharmacy_id, "薬剤師");
    const std::string pharmacy_key = pharmacy_id.empty() ? norm(b.pharmacist.name) : pharmacy_id;
    std::map<std::string, int> seen;  // same-named drugs of this block so far
    for (const auto& p : b.prescriptions) {
      const std::string institution_id = organization(p.institution);
      const std::string doctor_id = role(p.doctor, institution_id, "医師");
      for (const auto& rp : p.rps) {
        for (const auto& d : rp.drugs) {
          const int ordinal = ++seen[norm(d.name)];
          dispense(b, rp, d, ordinal, pharmacy_id, pharmacist_id, pharmacy_key, institution_id, doctor_id);
        }
      }
    }
  }

  void dispense(const Block& b, const Rp& rp, const Drug& d, int ordinal, const std::string& pharmacy_id,
                const std::string& pharmacist_id, const std::string& pharmacy_key, const std::string& institution_id,
                const std::string& doctor_id) {
    const std::string id =
        digest_id("dispense", {patient_id_, b.date, pharmacy_key, institution_id, norm(d.name), std::to_string(ordinal)});
    json body = base("MedicationDispense", id);
    body["identifier"] = json::array({json{{"system", "urn:techo:okusuri-techo:dispense"}, {"value", id}}});
    body["status"] = "completed";
    body["subject"] = subject();
    json medication = concept_with(d.name, drug_coding(d.code_type, d.code, d.name));
    if (!d.generic_name.empty() || !d.generic_code.empty()) {
      // 一般名 and its code (一般名処方マスタ) as a second coding of the same drug
      json generic{{"system", "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationGeneralOrderCode"},
                   {"display", d.generic_name}};
      if (!d.generic_code.empty()) generic["code"] = d.generic_code;
      if (!medication.contains("coding")) medication["coding"] = json::array();
      medication["coding"].push_back(std::move(generic));
    }
    body["medicationCodeableConcept"] = medication;
    if (!pharmacist_id.empty()) {
      body["performer"] = json::array({json{{"actor", {{"reference", reference("PractitionerRole", pharmacist_id)}}}}});
    } else if (!pharmacy_id.empty()) {
      body["performer"] = json::array({json{{"actor", {{"reference", reference("Organization", pharmacy_id)}}}}});
    }
    if (!pharmacy_id.empty()) body["location"] = json{{"display", b.pharmacy.name}};
    body["whenHandedOver"] = b.date;

    // The prescription it was dispensed on: its RP and who wrote it.
    json request{{"resourceType", "MedicationRequest"}, {"id", "rx"}, {"status", "completed"}, {"intent", "order"},
                 {"subject", subject()}, {"medicationCodeableConcept", medication},
                 {"identifier", json::array({json{{"system", kRpNumber}, {"value", std::to_string(rp.number)}}})}};
    if (!doctor_id.empty()) request["requester"] = json{{"reference", reference("PractitionerRole", doctor_id)}};
    else if (!institution_id.empty()) request["requester"] = json{{"reference", reference("Organization", institution_id)}};
    if (request.contains("requester")) {
      body["contained"] = json::array({std::move(request)});
      body["authorizingPrescription"] = json::array({json{{"reference", "#rx"}}});
    }

    // 用量 (201) is the daily amount for medicines taken by mouth (内服, 内滴), one dose for
    // 頓服, the whole amount otherwise; 調剤数量 (301) counts days (日分) or doses (回分).
    const json amount = quantity(d.amount, d.unit);
    const json count = quantity(rp.quantity, rp.quantity_unit);
    json dosage{{"text", rp.usage}};
    static const std::map<std::string, std::string> kForms = {
        {"1", "内服"}, {"2", "内滴"}, {"3", "頓服"}, {"4", "注射"}, {"5", "外用"}, {"6", "浸煎"}, {"7", "湯"},
        {"9", "材料"}, {"10", "その他"}};
    if (auto f = kForms.find(rp.form); f != kForms.end()) {
      dosage["method"] = json{{"coding", json::array({json{{"system", kDosageForms}, {"code", rp.form}, {"display", f->second}}})},
                              {"text", f->second}};
      if (rp.form == "3") dosage["asNeededBoolean"] = true;
    }
    const bool daily = rp.form == "1" || rp.form == "2" || rp.quantity_unit == "日分";
    if (!amount.is_null()) {
      if (daily && rp.form != "3") {
        dosage["doseAndRate"] = json::array({json{{"rateRatio", {{"numerator", amount},
                                                                 {"denominator", {{"value", 1}, {"unit", "日"}, {"code", "d"},
                                                                                  {"system", "http://unitsofmeasure.org"}}}}}}});
      } else {
        dosage["doseAndRate"] = json::array({json{{"doseQuantity", amount}}});
      }
    }
    json additional = json::array();
    for (const auto& n : rp.notes) {
      if (n.record == "311") additional.push_back(json{{"text", n.text}});
    }
    if (!additional.empty()) dosage["additionalInstruction"] = std::move(additional);
    body["dosageInstruction"] = json::array({std::move(dosage)});
    if (!count.is_null() && rp.quantity_unit == "日分") {
      body["daysSupply"] = json{{"value", count["value"]}, {"unit", "日"}, {"system", "http://unitsofmeasure.org"}, {"code", "d"}};
      if (!amount.is_null() && rp.form != "3") {
        body["quantity"] = json{{"value", amount["value"].get<double>() * count["value"].get<double>()}, {"unit", d.unit}};
      }
    } else if (!count.is_null() && !amount.is_null() && rp.quantity_unit == "回分") {
      body["quantity"] = json{{"value", amount["value"].get<double>() * count["value"].get<double>()}, {"unit", d.unit}};
    } else if (!amount.is_null()) {
      body["quantity"] = amount;
    }

    json notes = json::array();
    for (const auto& n : d.notes) notes.push_back(note_of(n));
    for (const auto& n : rp.notes) {
      if (n.record != "311") notes.push_back(note_of(n));
    }
    for (const auto& n : b.notes) notes.push_back(note_of(n));
    if (!notes.empty()) body["note"] = std::move(notes);
    out_.add(std::move(body));
  }

  void family_pharmacist() {
    const FamilyPharmacist& f = *r_.family_pharmacist;
    Institution pharmacy;
    pharmacy.name = f.pharmacy;
    const std::string pharmacy_id = organization(pharmacy);
    PersonName who{f.name, f.contact, {}};
    role(who, pharmacy_id, "かかりつけ薬剤師", f.start, f.end);
  }

  void unknown_records() {
    std::string joined;
    json raw = json::array();
    for (const auto& u : r_.unknown) {
      joined += u.raw + "\n";
      raw.push_back(json{{"url", kRawExtension}, {"valueString", u.raw}});
    }
    json body = base("Basic", digest_id("unknown", {patient_id_, joined}));
    body["code"] = json{{"text", "お薬手帳の未対応レコード"}};
    body["subject"] = subject();
    body["extension"] = std::move(raw);
    out_.add(std::move(body));
  }
};

}  // namespace
}  // namespace detail

Result<Notebook> read(std::string_view text) {
  auto records = detail::parse_records(text);
  if (!records) return std::move(records).error();
  auto resources = detail::Mapper(*records).run();
  if (!resources) return std::move(resources).error();
  Notebook out;
  out.version = records->version;
  out.output_category = records->output_category;
  out.blocks = static_cast<int>(records->blocks.size());
  out.drugs = records->drugs;
  out.resources = std::move(resources).value();
  for (const auto& u : records->unknown) {
    out.unknown_records.push_back(Error{ErrorCode::kUnsupported,
                                        "record type " + u.record + " is not one Techo reads: kept as written",
                                        "line " + std::to_string(u.line)});
  }
  return out;
}

}  // namespace techo::okusuri
