// Share packages from the vault and their verifier (issue 14, items 3 to 6 and 8): a
// package holds exactly the grant's resources of its person; a revoked, expired or used
// grant makes none; the verifier finds every alteration; research copies carry no direct
// identifier; a child's record is handed over. Ends with the randomized property test
// over generated records and 10,000 random grants.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "techo/age.hpp"
#include "techo/consent.hpp"
#include "techo/fhir.hpp"
#include "techo/jcs.hpp"
#include "techo/research.hpp"
#include "techo/share_package.hpp"
#include "techo/vault.hpp"
#include "techo/views.hpp"
#include "tar.hpp"
#include "test_data.hpp"
#include "vault_testing.hpp"

using techo::ErrorCode;
using techo::KdfParams;
using techo::Vault;
using techo::VaultTesting;
using techo::test::TempFile;
using nlohmann::json;
namespace consent = techo::consent;

namespace {

const KdfParams kFastKdf{2, 19u << 20};
constexpr std::int64_t kNow = 1796119200;  // 2026-12-01T10:00:00Z

// A generated family record: who each fact is about, its kinds and day, kept beside the
// Bundle so the property test judges packages by the generator's knowledge, not by the
// code under test.
struct Fact {
  std::string full_url;
  int person = 0;  // index into kPeople
  std::set<std::string> kinds;
  std::string day;  // "" when undated
};

struct GeneratedPerson {
  const char* name;
  const char* kana;
  const char* birth;
  const char* insurer_number;
  const char* kohi_number;
  const char* phone;
  const char* postal;
  const char* city;
  const char* line;
};

constexpr GeneratedPerson kPeople[] = {
    {"山田 太郎", "ヤマダ タロウ", "1980-04-01", "12345678", "54136015", "090-1234-5678", "1500001", "渋谷区", "神宮前1-2-3"},
    {"山田 さくら", "ヤマダ サクラ", "2016-07-07", "87654321", "88136017", "03-9876-5432", "1500002", "目黒区", "中町4-5-6"},
    {"山田 梅", "ヤマダ ウメ", "1948-02-11", "11223344", "38136012", "045-111-2222", "2310001", "横浜市中区", "新港7-8-9"},
};

struct Generated {
  std::string bundle;
  std::vector<Fact> facts;
};

std::string day_of(std::mt19937& rng) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", 2015 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 12),
                1 + static_cast<int>(rng() % 28));
  return out;
}

Generated generate(std::uint32_t seed, int facts_per_person) {
  std::mt19937 rng(seed);
  json entries = json::array();
  Generated out;
  entries.push_back({{"fullUrl", "urn:uuid:org-1"},
                     {"resource", {{"resourceType", "Organization"}, {"id", "org-1"}, {"name", "さくら内科クリニック"}}}});
  entries.push_back({{"fullUrl", "urn:uuid:dr-1"},
                     {"resource", {{"resourceType", "Practitioner"}, {"id", "dr-1"}, {"name", json::array({{{"text", "佐藤 医師"}}})}}}});
  for (int p = 0; p < 3; ++p) {
    const auto& who = kPeople[p];
    for (int copy = 0; copy < 2; ++copy) {  // the same person from two institutions
      const std::string id = "pat-" + std::to_string(p) + "-" + std::to_string(copy);
      entries.push_back(
          {{"fullUrl", "urn:uuid:" + id},
           {"resource",
            {{"resourceType", "Patient"},
             {"id", id},
             {"identifier", json::array({{{"system", "urn:oid:1.2.392.100495.20.3.51"}, {"value", who.insurer_number}},
                                         {{"system", "urn:oid:1.2.392.100495.20.3.71"}, {"value", who.kohi_number}}})},
             {"name", json::array({{{"text", who.name}, {"family", std::string(who.name).substr(0, 6)}},
                                   {{"text", who.kana}, {"extension", json::array({{{"url", "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"}, {"valueCode", "SYL"}}})}}})},
             {"telecom", json::array({{{"system", "phone"}, {"value", who.phone}}})},
             {"address", json::array({{{"text", std::string(who.city) + who.line}, {"postalCode", who.postal}, {"city", who.city}, {"line", json::array({who.line})}}})},
             {"birthDate", who.birth}}}});
    }
    for (int i = 0; i < facts_per_person; ++i) {
      const std::string id = "f-" + std::to_string(p) + "-" + std::to_string(i);
      const std::string url = "urn:uuid:" + id;
      const std::string subject = "urn:uuid:pat-" + std::to_string(p) + "-" + std::to_string(rng() % 2);
      const bool dated = rng() % 10 != 0;
      const std::string day = dated ? day_of(rng) : "";
      Fact f{url, p, {}, day};
      json r{{"id", id}, {"subject", {{"reference", subject}}}};
      switch (rng() % 8) {
        case 0:
          r["resourceType"] = "MedicationRequest";
          r["medicationCodeableConcept"] = {{"text", "アムロジピン錠5mg"}};
          r["requester"] = {{"reference", "urn:uuid:dr-1"}, {"display", "佐藤 医師"}};
          if (dated) r["authoredOn"] = day;
          r["note"] = json::array({{{"text", who.name + std::string("さんは朝に飲むこと")}}});
          f.kinds = {"medications", "prescriptions"};
          break;
        case 1:
          r["resourceType"] = "MedicationDispense";
          r["medicationCodeableConcept"] = {{"text", "ロキソプロフェン錠60mg"}};
          r["performer"] = json::array({{{"actor", {{"reference", "urn:uuid:org-1"}}}}});
          if (dated) r["whenHandedOver"] = day;
          f.kinds = {"medications"};
          break;
        case 2:
          r["resourceType"] = "Condition";
          r["code"] = {{"text", "高血圧症"}};
          if (dated) r["recordedDate"] = day;
          f.kinds = {"diagnoses"};
          break;
        case 3:
          r["resourceType"] = "AllergyIntolerance";
          r.erase("subject");
          r["patient"] = {{"reference", subject}};
          if (rng() % 2) {
            r["category"] = json::array({"medication"});
            r["code"] = {{"text", "ペニシリン"}};
            f.kinds = {"contraindications"};
          } else {
            r["category"] = json::array({"food"});
            r["code"] = {{"text", "そば"}};
            f.kinds = {"allergies"};
          }
          if (dated) r["recordedDate"] = day;
          break;
        case 4:
          r["resourceType"] = "Observation";
          r["status"] = "final";
          r["category"] = json::array({{{"coding", json::array({{{"code", "laboratory"}}})}}});
          r["code"] = {{"coding", json::array({{{"system", "http://loinc.org"}, {"code", "4548-4"}}})}, {"text", "HbA1c"}};
          r["valueQuantity"] = {{"value", 5.0 + (rng() % 30) / 10.0}, {"unit", "%"}};
          r["performer"] = json::array({{{"reference", "urn:uuid:org-1"}}});
          if (dated) r["effectiveDateTime"] = day;
          f.kinds = {"labs", "lab-results"};
          break;
        case 5:
          r["resourceType"] = "Observation";
          r["status"] = "final";
          r["category"] = json::array({{{"coding", json::array({{{"code", "laboratory"}}})}}});
          r["code"] = {{"coding", json::array({{{"system", "urn:oid:1.2.392.200119.4.504"}, {"code", "5F016141306101101"}}})}, {"text", "HBs抗原"}};
          r["valueString"] = "陰性";
          if (dated) r["effectiveDateTime"] = day;
          f.kinds = {"infections"};
          break;
        case 6:
          r["resourceType"] = "Immunization";
          r.erase("subject");
          r["patient"] = {{"reference", subject}};
          r["status"] = "completed";
          r["vaccineCode"] = {{"text", "MR"}};
          if (dated) r["occurrenceDateTime"] = day;
          else r["occurrenceString"] = "幼児期";
          f.kinds = {"vaccinations"};
          break;
        default:
          r["resourceType"] = "Composition";
          r["status"] = "final";
          r["type"] = {{"text", "診療情報提供書"}};
          r["title"] = "診療情報提供書";
          r["author"] = json::array({{{"reference", "urn:uuid:dr-1"}}});
          r["text"] = {{"status", "generated"}, {"div", std::string("<div xmlns=\"http://www.w3.org/1999/xhtml\">") + who.name + " 様 " + who.phone + "</div>"}};
          if (dated) r["date"] = day;
          f.kinds = {"documents"};
          break;
      }
      if (!dated && r["resourceType"] == "Composition") r["date"] = "", r.erase("date");
      entries.push_back({{"fullUrl", url}, {"resource", r}});
      out.facts.push_back(std::move(f));
    }
  }
  out.bundle = json{{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}}.dump();
  return out;
}

struct Family {
  Family(std::uint32_t seed, int facts_per_person) : vault(Vault::open(":memory:").value()), generated(generate(seed, facts_per_person)) {}
  TempFile file{"share-package.vault"};
  Vault vault;
  Generated generated;
  std::vector<std::int64_t> ids;  // person index → profile id
};

std::unique_ptr<Family> family(std::uint32_t seed = 1, int facts_per_person = 24) {
  auto f = std::make_unique<Family>(seed, facts_per_person);
  auto created = Vault::create(f->file.path(), "家族の鍵", kFastKdf);
  REQUIRE(created.has_value());
  f->vault = std::move(created->vault);
  auto bundle = techo::fhir::parse_bundle(f->generated.bundle);
  REQUIRE(bundle.has_value());
  auto report = f->vault.import_bundle({"family.json"}, *bundle);
  REQUIRE(report.has_value());
  REQUIRE(report->skipped.empty());
  auto people = f->vault.people();
  REQUIRE(people.has_value());
  for (const auto& who : kPeople) {
    const auto it = std::find_if(people->begin(), people->end(), [&](const techo::Person& p) { return p.name == who.name; });
    REQUIRE(it != people->end());
    f->ids.push_back(it->id);
  }
  return f;
}

struct Grantee {
  techo::age::X25519Identity identity = techo::age::X25519Identity::generate();
  consent::Grantee as_grantee(const char* name = "さくら内科クリニック") const { return {name, identity.recipient().to_string(), ""}; }
};

consent::GrantRequest request_for(const Grantee& g, std::vector<std::string> categories, const char* purpose = "treatment") {
  consent::GrantRequest r;
  r.grantee = g.as_grantee();
  r.purpose = purpose;
  r.categories = std::move(categories);
  return r;
}

consent::PackageReport open_package(const techo::crypto::Bytes& file, const Grantee& g, std::int64_t now = kNow,
                                    std::vector<consent::Revocation> revocations = {}) {
  consent::VerifyOptions options;
  options.identities.push_back(techo::age::X25519Identity::parse(g.identity.to_string()).value());
  options.revocations = std::move(revocations);
  options.now_unix = now;
  return consent::verify_package(file, options);
}

std::set<std::string> codes_of(const consent::PackageReport& r) {
  std::set<std::string> out;
  for (const auto& p : r.problems) out.insert(std::string(techo::error_code_name(p.code)));
  return out;
}

// Rewrites one file of a package (decrypted with the grantee's key, encrypted again to
// it): what a grantee or anyone holding the grantee's key could do.
techo::crypto::Bytes altered(const techo::crypto::Bytes& file, const Grantee& g, const std::string& name,
                             const std::function<void(std::string&)>& change) {
  techo::age::DecryptOptions d;
  d.identities.push_back(techo::age::X25519Identity::parse(g.identity.to_string()).value());
  auto plain = techo::age::decrypt(file, std::move(d));
  REQUIRE(plain.has_value());
  auto files = techo::detail::read_tar(std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
  REQUIRE(files.has_value());
  change((*files)[name]);
  techo::detail::TarWriter tar;
  for (const auto& [n, data] : *files) tar.add(n, data, kNow);
  const std::string archive = tar.finish();
  techo::age::EncryptOptions e;
  e.recipients.push_back(g.identity.recipient());
  return techo::age::encrypt(techo::crypto::as_bytes(archive), std::move(e)).value();
}

}  // namespace

TEST_CASE("a share package holds exactly the grant's resources of its person, and verifies", "[consent][package]") {
  auto f = family();
  Grantee clinic;
  auto grant = f->vault.create_grant(f->ids[0], request_for(clinic, {"medications", "contraindications"}), kNow);
  REQUIRE(grant.has_value());
  CHECK(grant->status(kNow) == "active");
  auto package = f->vault.share_package(grant->grant.grant.id, kNow + 60);
  REQUIRE(package.has_value());
  const auto report = open_package(package->file, clinic, kNow + 120);
  INFO((report.problems.empty() ? "" : report.problems[0].message + " at " + report.problems[0].path));
  REQUIRE(report.ok);
  std::set<std::string> expected;
  for (const auto& fact : f->generated.facts) {
    if (fact.person == 0 && (fact.kinds.count("medications") || fact.kinds.count("contraindications"))) expected.insert(fact.full_url);
  }
  REQUIRE_FALSE(expected.empty());
  std::set<std::string> facts_found, patients, supporting;
  for (const auto& e : report.bundle["entry"]) {
    const std::string type = e["resource"]["resourceType"];
    const std::string url = e["fullUrl"];
    if (type == "Patient") patients.insert(url);
    else if (consent::is_supporting(type)) supporting.insert(url);
    else facts_found.insert(url);
  }
  CHECK(facts_found == expected);
  CHECK(patients == std::set<std::string>{"urn:uuid:pat-0-0", "urn:uuid:pat-0-1"});  // both of this person's, no one else's
  CHECK(supporting.count("urn:uuid:dr-1"));  // the prescriber the MedicationRequests name
  CHECK(report.resources == package->resources);
  // The grant was for one visit: it is used now.
  auto again = f->vault.share_package(grant->grant.grant.id, kNow + 180);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == ErrorCode::kGrantExpired);
  CHECK(f->vault.grant(grant->grant.grant.id)->status(kNow + 180) == "used");
}

TEST_CASE("expired and revoked grants make no package, and a receiver refuses them", "[consent][package]") {
  auto f = family();
  Grantee app;
  auto grant = f->vault.create_grant(f->ids[0], request_for(app, {"labs"}, "app"), kNow);
  REQUIRE(grant.has_value());
  const std::string id = grant->grant.grant.id;
  auto package = f->vault.share_package(id, kNow);
  REQUIRE(package.has_value());
  // After the 90 days: no package, and the package made before is refused when opened.
  auto late = f->vault.share_package(id, kNow + 91LL * 86400);
  REQUIRE_FALSE(late.has_value());
  CHECK(late.error().code == ErrorCode::kGrantExpired);
  const auto opened_late = open_package(package->file, app, kNow + 91LL * 86400);
  CHECK_FALSE(opened_late.ok);
  CHECK(codes_of(opened_late).count("GRANT_EXPIRED"));
  CHECK(opened_late.bundle.is_null());
  // Revoked: no package; a receiver who knows the revocation refuses what it has.
  auto revoked = f->vault.revoke_grant(id, kNow + 60);
  REQUIRE(revoked.has_value());
  REQUIRE(revoked->revocation.has_value());
  CHECK(revoked->status(kNow + 60) == "revoked");
  auto after = f->vault.share_package(id, kNow + 120);
  REQUIRE_FALSE(after.has_value());
  CHECK(after.error().code == ErrorCode::kGrantRevoked);
  const auto opened = open_package(package->file, app, kNow + 120, {*revoked->revocation});
  CHECK_FALSE(opened.ok);
  CHECK(codes_of(opened).count("GRANT_REVOKED"));
  // Without the revocation the receiver cannot know: data already shared is not recalled.
  CHECK(open_package(package->file, app, kNow + 120).ok);
  // Revoked and expired survive locking.
  const std::string path = f->file.path();
  f->vault = Vault::open(":memory:").value();
  auto reopened = Vault::unlock(path, "家族の鍵");
  REQUIRE(reopened.has_value());
  CHECK(reopened->grant(id)->status(kNow + 120) == "revoked");
}

TEST_CASE("the verifier finds every alteration of a package", "[consent][package]") {
  auto f = family();
  Grantee clinic;
  auto grant = f->vault.create_grant(f->ids[0], request_for(clinic, {"diagnoses", "medications"}, "app"), kNow);
  REQUIRE(grant.has_value());
  auto package = f->vault.share_package(grant->grant.grant.id, kNow);
  REQUIRE(package.has_value());
  REQUIRE(open_package(package->file, clinic).ok);

  SECTION("a resource edited") {
    auto file = altered(package->file, clinic, "records.fhir.json", [](std::string& text) {
      json b = json::parse(text);
      for (auto& e : b["entry"]) {
        if (e["resource"]["resourceType"] == "Condition") {
          e["resource"]["code"]["text"] = "健康";
          break;
        }
      }
      text = b.dump();
    });
    const auto r = open_package(file, clinic);
    CHECK_FALSE(r.ok);
    CHECK(codes_of(r).count("INVALID_SIGNATURE"));
    CHECK(r.problems[0].path.find("Bundle.entry[") != std::string::npos);
    CHECK(r.bundle.is_null());
  }
  SECTION("a resource added, with the manifest rewritten to list it") {
    auto file = altered(package->file, clinic, "manifest.json", [](std::string& text) {
      json m = json::parse(text);
      m["resources"].push_back({{"fullUrl", "urn:uuid:extra"}, {"resourceType", "Condition"}, {"sha256", std::string(64, '0')}});
      text = m.dump();
    });
    CHECK(codes_of(open_package(file, clinic)).count("INVALID_SIGNATURE"));
  }
  SECTION("a resource removed") {
    auto file = altered(package->file, clinic, "records.fhir.json", [](std::string& text) {
      json b = json::parse(text);
      b["entry"].erase(b["entry"].size() - 1);
      text = b.dump();
    });
    CHECK(codes_of(open_package(file, clinic)).count("MALFORMED_INPUT"));
  }
  SECTION("the grant widened") {
    auto file = altered(package->file, clinic, "grant.json", [](std::string& text) {
      json g = json::parse(text);
      g["expires"] = "2036-01-01T00:00:00Z";
      text = g.dump();
    });
    CHECK(codes_of(open_package(file, clinic)).count("INVALID_SIGNATURE"));
  }
  SECTION("a file added") {
    auto file = altered(package->file, clinic, "notes.txt", [](std::string& text) { text = "extra"; });
    CHECK(codes_of(open_package(file, clinic)).count("MALFORMED_INPUT"));
  }
  SECTION("another identity, a truncated file, not an age file") {
    Grantee stranger;
    CHECK(codes_of(open_package(package->file, stranger)).count("AGE_NO_MATCH"));
    techo::crypto::Bytes cut(package->file.begin(), package->file.begin() + package->file.size() / 2);
    CHECK_FALSE(open_package(cut, clinic).ok);
    const std::string junk = "not a package";
    CHECK_FALSE(open_package(techo::crypto::Bytes(junk.begin(), junk.end()), clinic).ok);
  }
}

TEST_CASE("a research grant's package is pseudonymised, and the opt-out blocks research", "[consent][package][research]") {
  auto f = family();
  Grantee lab;
  auto grant = f->vault.create_grant(f->ids[0], request_for(lab, {"labs", "medications", "documents"}, "research"), kNow);
  REQUIRE(grant.has_value());
  auto package = f->vault.share_package(grant->grant.grant.id, kNow);
  REQUIRE(package.has_value());
  CHECK(package->pseudonymised);
  const auto report = open_package(package->file, lab);
  INFO((report.problems.empty() ? "" : report.problems[0].message + " at " + report.problems[0].path));
  REQUIRE(report.ok);
  const std::string text = report.bundle.dump();
  for (const auto& who : kPeople) {
    for (const char* s : {who.name, who.kana, who.insurer_number, who.kohi_number, who.phone, who.postal, who.line, who.birth}) {
      INFO(s);
      CHECK(text.find(s) == std::string::npos);
    }
  }
  // Opted out: no research grant, no research package; both states logged elsewhere.
  REQUIRE(f->vault.set_research_opt_out(true).has_value());
  CHECK(f->vault.consent_settings()->research_opt_out);
  auto blocked = f->vault.create_grant(f->ids[0], request_for(lab, {"labs"}, "research"), kNow);
  REQUIRE_FALSE(blocked.has_value());
  CHECK(blocked.error().code == ErrorCode::kOptedOut);
  auto blocked_package = f->vault.share_package(grant->grant.grant.id, kNow);
  REQUIRE_FALSE(blocked_package.has_value());
  CHECK(blocked_package.error().code == ErrorCode::kOptedOut);
  CHECK(f->vault.create_grant(f->ids[0], request_for(lab, {"labs"}, "treatment"), kNow).has_value());  // treatment is not research
  REQUIRE(f->vault.set_research_opt_out(false).has_value());
  CHECK(f->vault.share_package(grant->grant.grant.id, kNow).has_value());
}

TEST_CASE("an emergency-summary grant carries what the emergency view shows", "[consent][package]") {
  auto f = family();
  Grantee er;
  auto grant = f->vault.create_grant(f->ids[0], request_for(er, {"emergency-summary"}, "emergency"), kNow);
  REQUIRE(grant.has_value());
  auto package = f->vault.share_package(grant->grant.grant.id, kNow);
  REQUIRE(package.has_value());
  const auto report = open_package(package->file, er);
  REQUIRE(report.ok);
  techo::views::Query q;
  q.person = f->ids[0];
  // The view's entries by what they are; the package's facts are those resources.
  auto stored = f->vault.stored_resources({"AllergyIntolerance", "Condition", "MedicationRequest", "MedicationDispense", "Observation"}, f->ids[0]);
  REQUIRE(stored.has_value());
  std::set<std::int64_t> view_ids;
  auto card = techo::views::emergency(f->vault, q);
  REQUIRE(card.has_value());
  std::function<void(const json&)> ids = [&](const json& v) {
    if (v.is_object()) {
      if (v.contains("id") && v["id"].is_number_integer()) view_ids.insert(v["id"].get<std::int64_t>());
      for (const auto& [k, x] : v.items()) if (k != "person") ids(x);
    } else if (v.is_array()) {
      for (const auto& x : v) ids(x);
    }
  };
  ids(*card);
  std::set<std::string> expected;
  for (const auto& r : *stored) {
    if (view_ids.count(r.id)) expected.insert(r.resource.full_url);
  }
  std::set<std::string> found;
  for (const auto& e : report.bundle["entry"]) {
    if (!consent::is_supporting(e["resource"]["resourceType"].get<std::string>())) found.insert(e["fullUrl"]);
  }
  REQUIRE_FALSE(expected.empty());
  CHECK(found == expected);
}

TEST_CASE("a child's record is handed over to the child's own key, ending the proxies", "[consent][package][family]") {
  auto f = family();
  const std::int64_t child = f->ids[1];
  Grantee second_guardian;
  auto proxy_request = request_for(second_guardian, {"vaccinations", "medications"}, "app");
  proxy_request.proxy = true;
  auto proxy = f->vault.create_grant(child, proxy_request, kNow);
  REQUIRE(proxy.has_value());
  CHECK(proxy->grant.grant.proxy);
  CHECK(proxy->grant.grant.expires == "2027-12-01T10:00:00Z");  // proxies expire: a year by default
  Grantee own_key;
  auto handed = f->vault.hand_over(child, own_key.identity.recipient().to_string(), kNow + 60);
  REQUIRE(handed.has_value());
  CHECK(handed->grants_ended == 1);
  const auto report = open_package(handed->file, own_key, kNow + 120);
  INFO((report.problems.empty() ? "" : report.problems[0].message + " at " + report.problems[0].path));
  REQUIRE(report.ok);
  CHECK(report.grant->grant.purpose == "hand-over");
  std::set<std::string> expected;
  for (const auto& fact : f->generated.facts) {
    if (fact.person == 1) expected.insert(fact.full_url);
  }
  std::set<std::string> found;
  for (const auto& e : report.bundle["entry"]) {
    if (!consent::is_supporting(e["resource"]["resourceType"].get<std::string>())) found.insert(e["fullUrl"]);
  }
  CHECK(found == expected);  // the whole record, dated or not
  CHECK(f->vault.grant(proxy->grant.grant.id)->status(kNow + 120) == "revoked");
  auto no_more = f->vault.create_grant(child, request_for(second_guardian, {"vaccinations"}), kNow + 120);
  REQUIRE_FALSE(no_more.has_value());
  CHECK(no_more.error().path == "person");
  CHECK_FALSE(f->vault.hand_over(child, own_key.identity.recipient().to_string(), kNow + 180).has_value());  // once
  CHECK_FALSE(f->vault.hand_over(f->ids[0], own_key.identity.recipient().to_string(), kNow).has_value());  // not the account holder
}

TEST_CASE("property: no package ever holds a resource outside its scope, period or person", "[consent][package][property]") {
  // Generated family records and 10,000 random grants over them. Every grant's selection is
  // judged against the generator's own record of each fact (person, kinds, day); a sample
  // of them goes through the whole path (package, age, verifier); research copies are
  // searched for every identifier of every person, and their shifted dates keep order.
  auto f = family(20261201, 40);
  std::mt19937 rng(14);
  const std::vector<std::string> categories = {"medications", "labs", "diagnoses", "allergies", "infections",
                                               "contraindications", "lab-results", "prescriptions", "documents", "vaccinations"};
  std::map<std::string, const Fact*> fact_of;
  for (const auto& fact : f->generated.facts) fact_of[fact.full_url] = &fact;
  Grantee grantee;
  int grants = 0, whole_path = 0, research = 0;
  std::int64_t resources_checked = 0;
  for (int i = 0; i < 10000; ++i) {
    const int person = static_cast<int>(rng() % 3);
    consent::GrantRequest r;
    r.grantee = grantee.as_grantee();
    const char* purposes[] = {"treatment", "emergency", "research", "app"};
    r.purpose = purposes[rng() % 4];
    for (const auto& c : categories) {
      if (rng() % 4 == 0) r.categories.push_back(c);
    }
    if (r.categories.empty()) r.categories.push_back(categories[rng() % categories.size()]);
    if (rng() % 2) {
      std::string a = day_of(rng), b = day_of(rng);
      if (b < a) std::swap(a, b);
      if (rng() % 3) r.data_start = a;
      if (rng() % 3) r.data_end = b;
    }
    auto grant = consent::make_grant(r, consent::PersonRef{"p", "", "ed25519:" + std::string(32, '0'), {}}, kNow);
    REQUIRE(grant.has_value());
    auto selected = VaultTesting::package_resources(f->vault, *grant, f->ids[person]);
    REQUIRE(selected.has_value());
    ++grants;
    for (const auto& res : *selected) {
      ++resources_checked;
      if (consent::is_supporting(res.type)) {
        if (res.type == "Patient") REQUIRE(res.id.rfind("pat-" + std::to_string(person) + "-", 0) == 0);
        continue;
      }
      const auto it = fact_of.find(res.full_url);
      REQUIRE(it != fact_of.end());
      const Fact& fact = *it->second;
      INFO(res.full_url);
      REQUIRE(fact.person == person);
      const bool named = std::any_of(grant->categories.begin(), grant->categories.end(), [&](const std::string& c) { return fact.kinds.count(c); });
      REQUIRE(named);
      if (!grant->data_start.empty() || !grant->data_end.empty()) {
        REQUIRE_FALSE(fact.day.empty());
        REQUIRE((grant->data_start.empty() || fact.day >= grant->data_start));
        REQUIRE((grant->data_end.empty() || fact.day <= grant->data_end));
      }
    }
    // And nothing in scope is missing.
    std::size_t expected = 0, facts = 0;
    for (const auto& fact : f->generated.facts) {
      if (fact.person != person) continue;
      if (!std::any_of(grant->categories.begin(), grant->categories.end(), [&](const std::string& c) { return fact.kinds.count(c); })) continue;
      if ((!grant->data_start.empty() || !grant->data_end.empty()) &&
          (fact.day.empty() || (!grant->data_start.empty() && fact.day < grant->data_start) || (!grant->data_end.empty() && fact.day > grant->data_end))) {
        continue;
      }
      ++expected;
    }
    for (const auto& res : *selected) facts += consent::is_supporting(res.type) ? 0 : 1;
    REQUIRE(facts == expected);

    if (i % 50 == 0) {  // the whole path for 200 of them
      auto stored = f->vault.create_grant(f->ids[person], r, kNow);
      REQUIRE(stored.has_value());
      auto package = f->vault.share_package(stored->grant.grant.id, kNow);
      if (facts == 0 && !package.has_value()) continue;
      REQUIRE(package.has_value());
      const auto report = open_package(package->file, grantee);
      INFO((report.problems.empty() ? "" : report.problems[0].message + " at " + report.problems[0].path));
      REQUIRE(report.ok);
      ++whole_path;
      if (r.purpose == "research") {
        ++research;
        const std::string text = report.bundle.dump();
        for (const auto& who : kPeople) {
          for (const char* s : {who.name, who.kana, who.insurer_number, who.kohi_number, who.phone, who.postal, who.line, who.birth}) {
            INFO(s);
            REQUIRE(text.find(s) == std::string::npos);
          }
        }
        // Shifted dates keep their order and intervals: sorted, the original days and the
        // shifted days differ by one offset, the same for every fact, and not zero.
        auto day_number = [](const std::string& d) {
          const int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)), dd = std::stoi(d.substr(8, 2));
          const int a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
          return dd + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
        };
        std::vector<int> original, shifted;
        for (const auto& res : *selected) {
          if (consent::is_supporting(res.type)) continue;
          if (const std::string d = consent::data_date_of(res); !d.empty()) original.push_back(day_number(d));
        }
        for (const auto& e : report.bundle["entry"]) {
          techo::fhir::Resource res;
          res.body = e["resource"];
          res.type = res.body.value("resourceType", "");
          if (consent::is_supporting(res.type)) continue;
          if (const std::string d = consent::data_date_of(res); !d.empty()) shifted.push_back(day_number(d));
        }
        std::sort(original.begin(), original.end());
        std::sort(shifted.begin(), shifted.end());
        REQUIRE(original.size() == shifted.size());
        for (std::size_t k = 0; k < original.size(); ++k) {
          REQUIRE(shifted[k] - original[k] == shifted[0] - original[0]);
          REQUIRE(shifted[k] != original[k]);
        }
      }
    }
  }
  CHECK(grants == 10000);
  CHECK(whole_path >= 150);
  CHECK(research > 20);
  CHECK(resources_checked > 100000);
}
