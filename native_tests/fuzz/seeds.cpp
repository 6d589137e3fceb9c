// Writes the seed corpora the targets start from, derived from the corpora in
// native_tests/data (so the repo needs nothing else): the CCTV age files without their
// test-vector preamble, envelopes and backups made from the JP-CLINS examples, NDJSON and
// CSV in the forms the readers take. Inputs that are usable as they are (FHIR JSON, Open
// mHealth, vendor JSON, Apple Health XML) are read from native_tests/data directly.
//   techo_fuzz_seeds <native_tests/data> <out>   →  <out>/<target>/...
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "restore_parts.hpp"
#include "tar.hpp"
#include "zip_writer.hpp"
#include "techo/consent.hpp"
#include "techo/envelope.hpp"
#include "techo/jcs.hpp"
#include "techo/share_package.hpp"
#include "techo/fhir.hpp"
#include "techo/vault.hpp"

namespace fs = std::filesystem;
using namespace techo;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, std::string_view bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool inflate_all(std::string_view compressed, std::string& out) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  std::array<char, 65536> buffer;
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = buffer.size();
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer.data(), buffer.size() - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

// A CCTV vector is "key: value" lines, a blank line, then the age file (maybe zlib'd).
void age_files(const fs::path& data, const fs::path& out) {
  for (const auto& entry : fs::directory_iterator(data / "age-cctv")) {
    const std::string name = entry.path().filename().string();
    if (name == "SOURCE.txt" || name.find("hybrid") != std::string::npos || name.find("mlkem") != std::string::npos) continue;
    const std::string raw = slurp(entry.path());
    const std::size_t blank = raw.find("\n\n");
    if (blank == std::string::npos || raw.find("AGE-SECRET-KEY-PQ-") < blank) continue;
    std::string file = raw.substr(blank + 2);
    if (raw.substr(0, blank).find("compressed: zlib") != std::string::npos) {
      std::string inflated;
      if (!inflate_all(file, inflated)) continue;
      file = std::move(inflated);
    }
    // The longest STREAM vectors are megabytes: their first chunks are seed enough.
    if (file.size() > 200 * 1024) file.resize(200 * 1024);
    spit(out / "age" / name, file);
  }
}

std::vector<fs::path> jp_clins_files(const fs::path& data) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(data / "jp-clins-examples")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void envelopes(const fs::path& data, const fs::path& out) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(7);
  const auto key = crypto::ed25519_from_seed(seed);
  for (const auto& p : jp_clins_files(data)) {
    if (p.filename().string().rfind("Bundle-", 0) != 0) continue;
    envelope::Envelope fields;
    fields.issuer_name = "Techo fuzz seed issuer";
    fields.created = "2026-01-01T00:00:00Z";
    const std::string payload = slurp(p);
    const auto sealed = envelope::seal(fields, crypto::as_bytes(payload), key);
    if (!sealed) continue;  // a payload seal refuses (not I-JSON) is no seed
    spit(out / "envelope" / p.filename(), std::string_view(reinterpret_cast<const char*>(sealed->data()), sealed->size()));
  }
}

void ndjson(const fs::path& data, const fs::path& out) {
  std::string lines;
  for (const auto& p : jp_clins_files(data)) {
    const auto body = nlohmann::json::parse(slurp(p), nullptr, false);
    if (body.is_object() && body.value("resourceType", "") != "Bundle") lines += body.dump() + "\n";
    if (lines.size() > 32 * 1024) break;
  }
  spit(out / "ndjson" / "jp-clins.ndjson", lines);
}

void csv(const fs::path& out) {
  spit(out / "csv" / "generic.csv",
       "timestamp,metric,value,unit,source\n"
       "2026-01-01T07:00:00+09:00/2026-01-01T08:00:00+09:00,steps,1200,{steps},pedometer\n"
       "2026-01-01T07:10:00+09:00,heart-rate,64,/min,pulse check\n"
       "2026-01-01T07:20:00Z,body-weight,61.5,kg,scale\n"
       "2026-01-01T07:30:00+09:00,blood-pressure-systolic,121,mm[Hg],OMRON HEM-7600T\n");
}

// Small archives in the shapes the zip reader takes (stored, deflated, data descriptors
// with and without signature, ZIP64), an Apple Health export among them, and the two
// streamed archives committed beside the sample export.
void zips(const fs::path& data, const fs::path& out) {
  const std::string xml = slurp(data / "apple-health-export" / "export6s3sample.xml");
  using techo::test::make_zip;
  spit(out / "zip" / "apple-health.zip",
       make_zip({{"apple_health_export/", "", 0},
                 {"apple_health_export/export.xml", xml, 8, true},
                 {"apple_health_export/workout-routes/route_1.gpx", xml.substr(0, 600), 8, true, false}}));
  spit(out / "zip" / "stored-deflated.zip", make_zip({{"a.txt", "hello, stored", 0}, {"b.txt", xml.substr(0, 2000), 8}}));
  spit(out / "zip" / "zip64.zip",
       make_zip({{"export.xml", xml.substr(0, 3000), 8, true, true, true}, {"c.bin", "stored zip64", 0, false, true, true}}));
  spit(out / "zip" / "empty.zip", make_zip({}));
  for (const char* name : {"export-infozip-stream.zip", "export-python-zip64.zip"}) {
    spit(out / "zip" / name, slurp(data / "apple-health-export" / name));
  }
}

// A backup of a vault holding a few JP-CLINS Bundles and a lifelog file: as a raw tar
// (for the tar target) and as parts (for the restore target).
int backups(const fs::path& data, const fs::path& out) {
  auto vault = Vault::open(":memory:");
  if (!vault) return 1;
  int imported = 0;
  for (const auto& p : jp_clins_files(data)) {
    if (p.filename().string().rfind("Bundle-", 0) != 0) continue;
    auto bundle = fhir::parse_bundle(slurp(p));
    if (!bundle) continue;
    if (vault->import_bundle({p.filename().string()}, *bundle)) ++imported;
  }
  auto samples = lifelog::parse_lifelog_csv(slurp(out / "csv" / "generic.csv"));
  if (samples) (void)vault->import_lifelog({"generic.csv"}, *samples);
  auto archive = vault->export_archive();
  if (!archive || imported == 0) return 1;
  spit(out / "tar" / "backup.tar", *archive);
  auto files = detail::read_tar(*archive);
  if (!files) return 1;
  spit(out / "restore" / "backup.parts", fuzz::join_parts(*files));
  return 0;
}

}  // namespace

// The forecast requests of the known-answer cases, one file each (the schedule file itself
// is a seed too: scripts/fuzz adds assets/immunization).
void vaccination_requests(const fs::path& data, const fs::path& out) {
  const auto cases = nlohmann::json::parse(slurp(data / "immunization" / "forecast-cases.json"));
  int n = 0;
  for (const auto& c : cases["cases"]) {
    nlohmann::json request = {{"birthDate", c["birthDate"]}, {"today", c["today"]}, {"doses", nlohmann::json::array()}};
    if (c.contains("sex")) request["sex"] = c["sex"];
    for (const auto& d : c["doses"]) request["doses"].push_back({{"product", d[0]}, {"date", d[1]}});
    spit(out / "vaccinations" / ("case-" + std::to_string(++n) + ".json"), request.dump());
  }
}

// Share packages' archives (what the age file holds) made from the JP-CLINS examples, each
// with a grant naming a different category; and the grant and a revocation alone.
void share_packages(const fs::path& data, const fs::path& out) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(7);
  const auto key = crypto::ed25519_from_seed(seed);
  consent::PersonRef person{"山田 太郎", "1980", envelope::key_id(key.public_key), key.public_key};
  const char* categories[] = {"medications", "labs", "diagnoses", "allergies", "documents", "vaccinations"};
  int i = 0;
  for (const auto& p : jp_clins_files(data)) {
    if (p.filename().string().rfind("Bundle-", 0) != 0) continue;
    auto bundle = fhir::parse_bundle(slurp(p));
    if (!bundle) continue;
    consent::GrantRequest request;
    request.grantee = {"clinic", age::X25519Identity::from_secret(key.secret_key.view().first<32>()).recipient().to_string(), ""};
    request.purpose = "app";
    request.categories = {categories[i++ % 6]};
    auto grant = consent::make_grant(request, person, 1796119200);
    if (!grant) continue;
    grant->id = std::string(32, 'a');  // seeds are the same on every run
    auto signed_grant = consent::sign(*grant, key);
    if (!signed_grant) continue;
    std::vector<fhir::Resource> resources;
    for (const auto& r : bundle->resources) {
      if (r.type == "Patient" || consent::covers(signed_grant->grant, r)) resources.push_back(r);
    }
    auto archive = consent::package_archive(*signed_grant, resources, false, key, 1796119200);
    if (!archive) continue;
    spit(out / "share_package" / p.filename(), *archive);
    if (i == 1) {
      spit(out / "share_package" / "grant.json", jcs::canonicalize(consent::to_json(*signed_grant)).value());
      auto revocation = consent::revoke(*signed_grant, key, 1796119260);
      if (revocation) spit(out / "share_package" / "revocation.json", jcs::canonicalize(consent::to_json(*revocation)).value());
    }
  }
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <native_tests/data> <out>\n", argv[0]);
    return 2;
  }
  const fs::path data = argv[1], out = argv[2];
  age_files(data, out);
  envelopes(data, out);
  ndjson(data, out);
  csv(out);
  zips(data, out);
  vaccination_requests(data, out);
  share_packages(data, out);
  return backups(data, out);
}
