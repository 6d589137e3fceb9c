// Grants and revocations (issue 14, item 2 and 5): made from a request with its defaults,
// signed over RFC 8785, read back refusing every alteration; the FHIR Consent; the scope.
#include <catch2/catch.hpp>

#include "techo/age.hpp"
#include "techo/consent.hpp"
#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/jcs.hpp"

using techo::ErrorCode;
using nlohmann::json;
namespace consent = techo::consent;

namespace {

constexpr std::int64_t kNow = 1796119200;  // 2026-12-01T10:00:00Z

struct Signer {
  techo::crypto::Ed25519KeyPair key;
  consent::PersonRef person;
};

Signer signer(std::uint8_t seed_byte = 7) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(seed_byte);
  Signer s{techo::crypto::ed25519_from_seed(seed), {}};
  s.person.name = "山田 太郎";
  s.person.birth_year = "1980";
  s.person.signing_key = s.key.public_key;
  s.person.key_id = techo::envelope::key_id(s.key.public_key);
  return s;
}

consent::GrantRequest clinic_visit() {
  consent::GrantRequest r;
  r.grantee.name = "さくら内科クリニック";
  r.grantee.recipient = techo::age::X25519Identity::generate().recipient().to_string();
  r.purpose = "treatment";
  r.categories = {"medications", "allergies", "lab-results"};
  return r;
}

consent::SignedGrant signed_grant(const Signer& s, consent::GrantRequest r = clinic_visit()) {
  auto g = consent::make_grant(r, s.person, kNow);
  REQUIRE(g.has_value());
  auto signed_g = consent::sign(*g, s.key);
  REQUIRE(signed_g.has_value());
  return *signed_g;
}

std::string text_of(const consent::SignedGrant& g) { return techo::jcs::canonicalize(consent::to_json(g)).value(); }

techo::fhir::Resource resource(const char* text) {
  techo::fhir::Resource r;
  r.body = json::parse(text);
  r.type = r.body["resourceType"];
  r.id = r.body.value("id", "");
  return r;
}

}  // namespace

TEST_CASE("a grant takes the purpose's default lifetime and use", "[consent]") {
  const Signer s = signer();
  auto treatment = consent::make_grant(clinic_visit(), s.person, kNow);
  REQUIRE(treatment.has_value());
  CHECK(treatment->issued == "2026-12-01T10:00:00Z");
  CHECK(treatment->expires == "2026-12-02T10:00:00Z");  // a clinic visit: 24 hours
  CHECK(treatment->once);
  CHECK(treatment->categories == std::vector<std::string>{"allergies", "lab-results", "medications"});  // sorted
  CHECK(treatment->id.size() == 32);
  auto app_request = clinic_visit();
  app_request.purpose = "app";
  auto app = consent::make_grant(app_request, s.person, kNow);
  REQUIRE(app.has_value());
  CHECK(app->expires == "2027-03-01T10:00:00Z");  // 90 days
  CHECK_FALSE(app->once);
  CHECK(consent::make_grant(clinic_visit(), s.person, kNow)->id != treatment->id);
}

TEST_CASE("a grant request is checked field by field", "[consent]") {
  const Signer s = signer();
  auto with = [&](auto change) {
    auto r = clinic_visit();
    change(r);
    return consent::make_grant(r, s.person, kNow);
  };
  auto bad_key = with([](auto& r) { r.grantee.recipient = "age1notakey"; });
  REQUIRE_FALSE(bad_key.has_value());
  CHECK(bad_key.error().path == "grantee.recipient");
  auto bad_category = with([](auto& r) { r.categories = {"medications", "everything"}; });
  REQUIRE_FALSE(bad_category.has_value());
  CHECK(bad_category.error().path == "scope.categories[1]");
  CHECK(with([](auto& r) { r.purpose = "marketing"; }).error().path == "purpose");
  CHECK(with([](auto& r) { r.categories.clear(); }).error().path == "scope.categories");
  CHECK(with([](auto& r) { r.expires = "2026-11-30T00:00:00Z"; }).error().path == "expires");
  CHECK(with([](auto& r) { r.data_start = "2026-02-30"; }).error().path == "dataPeriod.start");
  CHECK(with([](auto& r) { r.data_start = "2026-02-01"; r.data_end = "2026-01-01"; }).error().path == "dataPeriod.end");
  CHECK(with([](auto& r) { r.grantee.name.clear(); }).error().path == "grantee.name");
  CHECK(with([](auto& r) { r.categories = {"lifelog:steps"}; }).has_value());
  CHECK(with([](auto& r) { r.categories = {"lifelog:"}; }).error().path == "scope.categories[0]");
}

TEST_CASE("a signed grant reads back, and any alteration is refused", "[consent]") {
  const Signer s = signer();
  const auto g = signed_grant(s);
  const std::string text = text_of(g);
  auto back = consent::parse_signed_grant(text, "grant.json");
  REQUIRE(back.has_value());
  CHECK(back->grant.id == g.grant.id);
  CHECK(back->grant.categories == g.grant.categories);

  // Each field changed after signing: the signature no longer matches.
  for (const auto& [pointer, value] : std::vector<std::pair<std::string, json>>{
           {"/expires", "2036-12-02T10:00:00Z"},
           {"/scope/categories/0", "diagnoses"},
           {"/grantee/recipient", techo::age::X25519Identity::generate().recipient().to_string()},
           {"/purpose", "research"},
           {"/use", "continuing"},
           {"/person/name", "山田 花子"}}) {
    json altered = json::parse(text);
    altered[json::json_pointer(pointer)] = value;
    auto r = consent::signed_grant_from_json(altered, "grant.json");
    INFO(pointer);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == ErrorCode::kInvalidSignature);
  }
  // Signed by another key that claims to be the person's: the key id gives it away, or
  // with a consistent key id, the signature is that of another key.
  const Signer other = signer(9);
  json swapped = json::parse(text);
  swapped["person"]["signingKey"] = techo::encoding::base64_encode(other.key.public_key, techo::encoding::Padding::kRequired);
  CHECK(consent::signed_grant_from_json(swapped, "").error().code == ErrorCode::kMalformedInput);
  swapped["person"]["keyId"] = other.person.key_id;
  CHECK(consent::signed_grant_from_json(swapped, "").error().code == ErrorCode::kInvalidSignature);
  // A field this version does not know is not silently signed-but-ignored.
  json extra = json::parse(text);
  extra["scope"]["everything"] = true;
  CHECK(consent::signed_grant_from_json(extra, "").error().code == ErrorCode::kMalformedInput);
  // A name twice, wrong types, not JSON: errors naming the place, never a throw.
  CHECK(consent::parse_signed_grant(R"({"id":"a","id":"b"})", "g").error().code == ErrorCode::kMalformedInput);
  json wrong_type = json::parse(text);
  wrong_type["scope"]["categories"] = "medications";
  auto typed = consent::signed_grant_from_json(wrong_type, "grant.json");
  REQUIRE_FALSE(typed.has_value());
  CHECK(typed.error().path == "grant.json.scope.categories");
  CHECK_FALSE(consent::parse_signed_grant("[1,2", "g").has_value());
  CHECK_FALSE(consent::signed_grant_from_json(json(42), "g").has_value());
}

TEST_CASE("a revocation is signed by the grant's own key and names it", "[consent]") {
  const Signer s = signer();
  const auto g = signed_grant(s);
  auto r = consent::revoke(g, s.key, kNow + 60);
  REQUIRE(r.has_value());
  CHECK(r->revoked == "2026-12-01T10:01:00Z");
  auto back = consent::parse_revocation(techo::jcs::canonicalize(consent::to_json(*r)).value(), "revocation");
  REQUIRE(back.has_value());
  CHECK(consent::revokes(*back, g));
  CHECK_FALSE(consent::revokes(*back, signed_grant(s)));  // another grant of the same person
  // Another person's key cannot revoke it (revoke refuses, and a forged one does not verify).
  const Signer other = signer(9);
  CHECK_FALSE(consent::revoke(g, other.key, kNow).has_value());
  json forged = consent::to_json(*r);
  forged["grant"] = signed_grant(s).grant.id;
  CHECK(consent::revocation_from_json(forged, "").error().code == ErrorCode::kInvalidSignature);
}

TEST_CASE("expiry is the grant's own time", "[consent]") {
  const Signer s = signer();
  const auto g = signed_grant(s);
  CHECK_FALSE(consent::expired(g.grant, kNow));
  CHECK_FALSE(consent::expired(g.grant, kNow + 86399));
  CHECK(consent::expired(g.grant, kNow + 86400));
  CHECK(consent::parse_utc_timestamp("2026-12-01T10:00:00.123Z") == kNow);
  CHECK_FALSE(consent::parse_utc_timestamp("2026-12-01T10:00:00+09:00"));
  CHECK_FALSE(consent::parse_utc_timestamp("2026-13-01T10:00:00Z"));
  CHECK(consent::utc_timestamp(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("the FHIR Consent has the IHE PCF shape and carries the signed grant", "[consent]") {
  const Signer s = signer();
  auto request = clinic_visit();
  request.data_start = "2025-01-01";
  const auto g = signed_grant(s, request);
  const json c = consent::as_fhir_consent(g, false);
  CHECK(c["resourceType"] == "Consent");
  CHECK(c["status"] == "active");
  CHECK(c["scope"]["coding"][0]["code"] == "patient-privacy");
  CHECK(c["category"][0]["coding"][0]["code"] == "59284-0");
  CHECK(c["policy"].size() == 1);  // ppc-1: a policy or a policyRule
  CHECK(c["provision"]["period"]["end"] == g.grant.expires);
  CHECK(c["provision"]["dataPeriod"]["start"] == "2025-01-01");
  CHECK(c["provision"]["purpose"][0]["code"] == "TREAT");
  CHECK(c["provision"]["actor"][0]["reference"]["identifier"]["value"] == g.grant.grantee.recipient);
  CHECK(c["provision"]["data"][0]["meaning"] == "related");
  // The signed grant inside verifies as it is.
  const auto bytes = techo::encoding::base64_decode(c["sourceAttachment"]["data"].get<std::string>(), techo::encoding::Padding::kRequired);
  REQUIRE(bytes.has_value());
  CHECK(consent::parse_signed_grant(std::string(bytes->begin(), bytes->end()), "").has_value());
  CHECK(consent::as_fhir_consent(g, true)["status"] == "inactive");
}

TEST_CASE("what a grant covers is decided from the resource alone", "[consent]") {
  const Signer s = signer();
  auto request = clinic_visit();
  request.categories = {"contraindications", "infections", "prescriptions"};
  request.data_start = "2025-01-01";
  request.data_end = "2025-12-31";
  const auto g = consent::make_grant(request, s.person, kNow).value();
  const auto drug_allergy = resource(R"({"resourceType":"AllergyIntolerance","id":"a1","category":["medication"],"recordedDate":"2025-03-01","code":{"text":"ペニシリン"}})");
  const auto food_allergy = resource(R"({"resourceType":"AllergyIntolerance","id":"a2","category":["food"],"recordedDate":"2025-03-01","code":{"text":"そば"}})");
  const auto request_2025 = resource(R"({"resourceType":"MedicationRequest","id":"m1","authoredOn":"2025-06-01","medicationCodeableConcept":{"text":"アムロジピン"}})");
  const auto request_2024 = resource(R"({"resourceType":"MedicationRequest","id":"m2","authoredOn":"2024-06-01","medicationCodeableConcept":{"text":"アムロジピン"}})");
  const auto undated = resource(R"({"resourceType":"MedicationRequest","id":"m3","medicationCodeableConcept":{"text":"アムロジピン"}})");
  const auto dispense = resource(R"({"resourceType":"MedicationDispense","id":"d1","whenHandedOver":"2025-06-01","medicationCodeableConcept":{"text":"アムロジピン"}})");
  const auto hbs = resource(R"({"resourceType":"Observation","id":"o1","status":"final","category":[{"coding":[{"code":"laboratory"}]}],
      "code":{"coding":[{"system":"urn:oid:1.2.392.200119.4.504","code":"5F016141306101101"}]},"effectiveDateTime":"2025-05-01","valueString":"陰性"})");
  const auto hba1c = resource(R"({"resourceType":"Observation","id":"o2","status":"final","category":[{"coding":[{"code":"laboratory"}]}],
      "code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"effectiveDateTime":"2025-05-01","valueQuantity":{"value":5.9,"unit":"%"}})");
  CHECK(consent::categories_of(drug_allergy) == std::set<std::string>{"contraindications"});
  CHECK(consent::categories_of(food_allergy) == std::set<std::string>{"allergies"});
  CHECK(consent::categories_of(request_2025) == std::set<std::string>{"medications", "prescriptions"});
  CHECK(consent::categories_of(hbs) == std::set<std::string>{"infections"});
  CHECK(consent::categories_of(hba1c) == std::set<std::string>{"lab-results", "labs"});
  CHECK(consent::covers(g, drug_allergy));
  CHECK_FALSE(consent::covers(g, food_allergy));
  CHECK(consent::covers(g, request_2025));
  CHECK_FALSE(consent::covers(g, request_2024));  // outside the data period
  CHECK_FALSE(consent::covers(g, undated));       // undated: outside any bounded period
  CHECK_FALSE(consent::covers(g, dispense));      // a dispensing is a medication, not a prescription
  CHECK(consent::covers(g, hbs));
  CHECK_FALSE(consent::covers(g, hba1c));
  // A resource type named in the scope covers that type too.
  auto typed = request;
  typed.categories.clear();
  typed.resource_types = {"MedicationDispense"};
  CHECK(consent::covers(consent::make_grant(typed, s.person, kNow).value(), dispense));
  CHECK(consent::categories_of(resource(R"({"resourceType":"Patient","id":"p"})")).empty());
  CHECK(consent::is_supporting("Practitioner"));
}
