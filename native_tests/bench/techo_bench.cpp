// Benchmark driver. Built twice from this one source, natively and for wasm, and run by
// scripts/bench, which puts the two side by side. Prints one JSON object per figure:
//   {"figure": "...", "median_ms": ..., "runs": ..., "bytes": ...}
// The figures go through techo::api::Session, the path a user's data really takes.
#include <algorithm>
#include <map>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../test_session.hpp"
#include "techo/immunization.hpp"
#include "techo/age.hpp"
#include "techo/api.hpp"
#include "techo/lifelog_merge.hpp"
#include "techo/crypto.hpp"
#include "techo/vault.hpp"
#include "sqlite/sqlite.hpp"
#include "vault_audit_log.hpp"
#include "vault_testing.hpp"

#if defined(__EMSCRIPTEN__)
#else
#include <sys/resource.h>
#endif

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "techo_bench: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

template <typename Work>
double median_ms(int runs, Work&& work) {
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    work();
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// Parse + store: a fresh in-memory vault each run, every file imported as a person would.
int bench_import_fhir(const std::vector<std::string>& paths, int runs) {
  std::vector<std::string> files;
  std::size_t bytes = 0;
  for (const auto& p : paths) {
    files.push_back(read_file(p));
    bytes += files.back().size();
  }
  bool failed = false;
  double ms = median_ms(runs, [&] {
    techo::test::TestSession session;
    session.open(":memory:");
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (session.import_fhir(files[i], paths[i]).rfind("{\"ok\":true", 0) != 0) failed = true;
    }
  });
  if (failed) {
    std::fprintf(stderr, "techo_bench: an import failed\n");
    return 1;
  }
  std::printf("{\"figure\": \"import_fhir\", \"median_ms\": %.3f, \"runs\": %d, \"bytes\": %zu}\n", ms, runs, bytes);
  return 0;
}

// Peak memory of this process: the wasm linear memory (it only grows, so its size now is
// its peak), or the native resident set's high-water mark.
double peak_memory_mib() {
#if defined(__EMSCRIPTEN__)
  return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0 / (1024.0 * 1024.0);
#else
  // VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss across exec, so a driver
  // started by Node reported Node's own high-water mark (615 MiB in every row).
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // "VmHWM:   12345 kB"
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
#endif
}

// Many files, each its own import (as a person picks a folder of bundles): into a memory
// session, an unencrypted vault on disk, or the encrypted vault, so that the cost of
// encryption on multi-file imports (one commit per file) is measured against the same
// build without it. A fresh vault per run; creating it (Argon2id) is not timed.
int bench_import_files(const std::string& mode, const std::string& dir, const std::vector<std::string>& paths, int runs) {
  if (mode != "memory" && mode != "plain" && mode != "encrypted") {
    std::fprintf(stderr, "techo_bench: import_files MODE is memory, plain or encrypted\n");
    return 2;
  }
  std::vector<std::string> files;
  std::size_t bytes = 0;
  for (const auto& p : paths) {
    files.push_back(read_file(p));
    bytes += files.back().size();
  }
  long long resources = 0;
  bool failed = false;
  std::vector<double> samples, cpu_samples;
  for (int run = 0; run < runs && !failed; ++run) {
    const std::string path = dir + "/bench-files." + mode;
    std::remove(path.c_str());
    std::remove((path + "-journal").c_str());
    techo::test::TestSession session;
    const std::string opened = mode == "memory"      ? session.open(":memory:")
                               : mode == "plain"     ? session.open(path)
                                                     : session.create_vault(path, "bench passphrase", "{}");
    if (opened.rfind("{\"ok\":true", 0) != 0) {
      std::fprintf(stderr, "techo_bench: cannot open the vault: %s\n", opened.substr(0, 300).c_str());
      return 1;
    }
    resources = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    for (std::size_t i = 0; i < files.size() && !failed; ++i) {
      const std::string reply = session.import_fhir(files[i], paths[i]);
      failed = reply.rfind("{\"ok\":true", 0) != 0;
      if (failed) std::fprintf(stderr, "techo_bench: import failed: %s\n", reply.substr(0, 300).c_str());
      else resources += nlohmann::json::parse(reply)["value"]["importedTotal"].get<long long>();
    }
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    cpu_samples.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    std::remove(path.c_str());
  }
  if (failed) return 1;
  std::sort(samples.begin(), samples.end());
  std::sort(cpu_samples.begin(), cpu_samples.end());
  const double ms = samples[samples.size() / 2];
  // cpu_ms: the process's CPU time over the same span (natively; wasm's clock() is wall
  // time), which a machine shared with other work leaves closer to the truth than wall time.
  std::printf("{\"figure\": \"import_files\", \"mode\": \"%s\", \"files\": %zu, \"median_ms\": %.1f, \"cpu_ms\": %.1f, "
              "\"runs\": %d, \"bytes\": %zu, \"resources\": %lld, \"resources_per_s\": %.0f, \"peak_mib\": %.1f}\n",
              mode.c_str(), files.size(), ms, cpu_samples[cpu_samples.size() / 2], runs, bytes, resources,
              static_cast<double>(resources) / (ms / 1e3), peak_memory_mib());
  return 0;
}

// The physical limit: ChaCha20-Poly1305 (IETF) opening 64 KiB chunks in memory, which is
// all an age payload needs besides reading. With `xchacha`, XChaCha20-Poly1305 (the
// vault's page cipher, detached tag) on the same chunks: the figure the JavaScript peer
// (libsodium-wrappers) is compared with for that cipher.
int bench_aead_raw(int mib, int runs, bool xchacha) {
  std::vector<std::uint8_t> sealed(techo::age::kChunkSize + 16), plain(techo::age::kChunkSize);
  std::array<std::uint8_t, 32> key{};
  std::array<std::uint8_t, 12> nonce{};
  std::array<std::uint8_t, 24> xnonce{};
  std::array<std::uint8_t, 16> tag{};
  if (xchacha) {
    techo::crypto::xchacha20poly1305_seal(key, xnonce, plain, {}, std::span(sealed).first(plain.size()), tag);
  } else {
    techo::crypto::chacha20poly1305_seal(key, nonce, plain, sealed);
  }
  const int chunks = mib * 16;
  bool ok = true;
  double ms = median_ms(runs, [&] {
    for (int i = 0; i < chunks; ++i) {
      ok &= xchacha ? techo::crypto::xchacha20poly1305_open(key, xnonce, std::span(sealed).first(plain.size()), {}, tag, plain)
                    : techo::crypto::chacha20poly1305_open(key, nonce, sealed, plain);
    }
  });
  if (!ok) return 1;
  const double bytes = static_cast<double>(chunks) * techo::age::kChunkSize;
  std::printf("{\"figure\": \"%s\", \"median_ms\": %.3f, \"runs\": %d, \"mb_per_s\": %.1f}\n",
              xchacha ? "aead_raw_xchacha" : "aead_raw", ms, runs, bytes / 1e6 / (ms / 1e3));
  return 0;
}

// age decryption, the plaintext dropped (as `age -d > /dev/null`). From a file, streamed
// in 1 MiB reads with bounded memory; or, to isolate the format's own cost from reading,
// from a copy already in memory (still pushed in 1 MiB pieces).
int bench_age_decrypt(const std::string& file, const std::string& identity_file, int runs, bool from_memory) {
  auto identities = techo::age::parse_identity_file(read_file(identity_file));
  if (!identities) {
    std::fprintf(stderr, "techo_bench: %s\n", identities.error().message.c_str());
    return 1;
  }
  const std::string preloaded = from_memory ? read_file(file) : std::string();
  std::vector<std::uint8_t> buffer(1 << 20);
  std::uint64_t plaintext = 0;
  bool ok = true;
  double ms = median_ms(runs, [&] {
    techo::age::DecryptOptions options;
    for (const auto& id : *identities) options.identities.push_back(techo::age::X25519Identity::parse(id.to_string()).value());
    techo::age::Decryptor decryptor(std::move(options));
    auto sink = [](techo::crypto::ByteView) -> techo::Status { return techo::Ok{}; };
    if (from_memory) {
      const auto bytes = techo::crypto::as_bytes(preloaded);
      for (std::size_t at = 0; ok && at < bytes.size(); at += buffer.size()) {
        ok = decryptor.push(bytes.subspan(at, std::min(buffer.size(), bytes.size() - at)), sink).has_value();
      }
    } else {
      FILE* in = std::fopen(file.c_str(), "rb");
      std::size_t n;
      while (ok && (n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
        ok = decryptor.push(techo::crypto::ByteView(buffer.data(), n), sink).has_value();
      }
      std::fclose(in);
    }
    ok = ok && decryptor.finish(sink).has_value();
    plaintext = decryptor.plaintext_bytes();
  });
  if (!ok) {
    std::fprintf(stderr, "techo_bench: decryption failed\n");
    return 1;
  }
  std::printf("{\"figure\": \"%s\", \"median_ms\": %.3f, \"runs\": %d, \"mb_per_s\": %.1f, "
              "\"peak_mib\": %.1f}\n",
              from_memory ? "age_decrypt_memory" : "age_decrypt_file", ms, runs,
              static_cast<double>(plaintext) / 1e6 / (ms / 1e3), peak_memory_mib());
  return 0;
}

// ---- the vault: encrypted vs the same build with encryption off ---------------------------

techo::fhir::Bundle synthetic_records(int n) {
  // About 500 bytes per record, like a lab result with a short note.
  std::string json = R"({"resourceType": "Bundle", "type": "collection", "entry": [)";
  for (int i = 0; i < n; ++i) {
    if (i) json += ',';
    json += R"({"resource": {"resourceType": "Observation", "id": "obs-)" + std::to_string(i) +
            R"x(", "status": "final", "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}], "code": {"coding": [{"system": "urn:oid:1.2.392.200119.4.504", "code": "3D046000001906202", "display": "HbA1c(NGSP)"}]}, "effectiveDateTime": "2026-01-01T08:00:00+09:00", "valueQuantity": {"value": )x" +
            std::to_string(50 + i % 30) + R"x(, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}, "note": [{"text": "健診結果 synthetic record for benchmarks"}]}})x";
  }
  json += "]}";
  return techo::fhir::parse_bundle(json).value();
}

struct VaultFigures {
  double insert_ms, first_page_ms, full_scan_ms, cold_scan_ms, lookup_us = 0, lookup_in_transaction_us = 0, unlock_ms = 0, backup_ms = 0;
  double file_mib = 0;
  std::int64_t pages = 0;
};

// Insert N records in one transaction, then query. The bundle is parsed before timing so
// the figure is the storage path: serialization, B-tree inserts and (when on) encryption.
int bench_vault(const std::string& dir, int n, int runs) {
  const auto bundle = synthetic_records(n);
  auto figures = [&](bool encrypted) {
    VaultFigures f{};
    const std::string path = dir + (encrypted ? "/bench-encrypted.techo" : "/bench-plain.db");
    std::remove(path.c_str());
    std::string recovery_recipient;
    {
      auto vault = encrypted ? techo::Vault::create(path, "bench passphrase").value().vault
                             : techo::Vault::open(path).value();
      recovery_recipient = vault.recovery_recipient();
      // Warm cache: a page cache large enough for the whole database.
      (void)vault.set_page_cache_mib(128);
      f.insert_ms = median_ms(1, [&] { (void)vault.import_bundle({"bench.json"}, bundle).value(); });
      (void)vault.timeline(50).value();  // warm the page cache
      // A first page takes microseconds: time 1,000 of them per sample.
      f.first_page_ms = median_ms(runs, [&] {
                          for (int i = 0; i < 1000; ++i) (void)vault.timeline(50).value();
                        }) / 1000.0;
      f.full_scan_ms = median_ms(runs, [&] { (void)vault.timeline(1 << 30).value(); });
      // A lookup: the import's identity check (ResourceWriter's find), one resource by its
      // key, spread over the table; 10,000 per sample. Each query on its own (autocommit:
      // a read transaction each, as a view's query), and all inside one transaction (as
      // the import makes them): the difference is what starting and ending a read
      // transaction costs through the vault's VFS.
      auto& db = techo::VaultTesting::connection(vault).db;
      auto find = db.prepare("SELECT id, content_hash, last_updated, source_id FROM resources WHERE identity_key = ? LIMIT 1").value();
      constexpr int lookups = 10000;
      auto look_up = [&] {
        for (int i = 0; i < lookups; ++i) {
          find.bind(1, "id:Observation/obs-" + std::to_string((static_cast<long long>(i) * 7919) % n));
          if (!find.step().value()) {
            std::fprintf(stderr, "techo_bench: lookup %d missed\n", i);
            std::exit(1);
          }
          (void)find.column_int(0), (void)find.column_text(1), (void)find.column_text(2), (void)find.column_int(3);
          find.reset();
        }
      };
      f.lookup_us = median_ms(runs, look_up) * 1000.0 / lookups;
      f.lookup_in_transaction_us = median_ms(runs, [&] {
                                     (void)db.exec("BEGIN").value();
                                     look_up();
                                     (void)db.exec("COMMIT").value();
                                   }) * 1000.0 / lookups;
    }
    // A fresh connection has an empty page cache: every page goes through the VFS.
    auto reopen = [&] { return encrypted ? techo::Vault::unlock(path, "bench passphrase") : techo::Vault::open(path); };
    if (encrypted) {
      f.unlock_ms = median_ms(runs, [&] { (void)reopen().value(); });
    }
    {
      std::vector<double> samples;
      for (int i = 0; i < runs; ++i) {
        auto vault = reopen().value();  // unlocking is not part of the scan
        const auto before = vault.pages_decrypted();
        samples.push_back(median_ms(1, [&] { (void)vault.timeline(1 << 30).value(); }));
        if (encrypted) f.pages = static_cast<std::int64_t>(vault.pages_decrypted() - before);
      }
      std::sort(samples.begin(), samples.end());
      f.cold_scan_ms = samples[samples.size() / 2];
    }
    if (encrypted) {
      auto vault = reopen().value();
      const auto recipient = techo::age::X25519Recipient::parse(recovery_recipient).value();
      f.backup_ms = median_ms(runs, [&] {
        const std::string archive = vault.export_archive().value();
        techo::age::EncryptOptions options;
        options.recipients.push_back(recipient);
        (void)techo::age::encrypt(techo::crypto::as_bytes(archive), std::move(options)).value();
      });
    }
    FILE* file = std::fopen(path.c_str(), "rb");
    std::fseek(file, 0, SEEK_END);
    const long size = std::ftell(file);
    std::fclose(file);
    f.file_mib = static_cast<double>(size) / (1024.0 * 1024.0);
    std::remove(path.c_str());
    return f;
  };
  const VaultFigures plain = figures(false);
  const VaultFigures enc = figures(true);

  // The shim's work per page against the raw AEAD on the same 4 KiB: the difference of a
  // cold full scan, spread over the pages the VFS actually decrypted during it, and
  // XChaCha20-Poly1305 opening 4056 bytes.
  std::vector<std::uint8_t> page(4056), out(4056);
  std::array<std::uint8_t, 32> key{};
  std::array<std::uint8_t, 24> nonce{};
  std::array<std::uint8_t, 16> tag{};
  techo::crypto::xchacha20poly1305_seal(key, nonce, page, {}, page, tag);
  const int reps = 20000;
  bool ok = true;
  const double raw_ms = median_ms(runs, [&] {
    for (int i = 0; i < reps; ++i) ok &= techo::crypto::xchacha20poly1305_open(key, nonce, page, {}, tag, out);
  });
  const double raw_us_per_page = raw_ms * 1000.0 / reps;
  const double shim_us_per_page = (enc.cold_scan_ms - plain.cold_scan_ms) * 1000.0 / static_cast<double>(enc.pages);

  std::printf("{\"figure\": \"vault\", \"records\": %d, "
              "\"insert_ms\": [%.1f, %.1f], \"first_page_ms\": [%.3f, %.3f], \"full_scan_ms\": [%.1f, %.1f], "
              "\"cold_scan_ms\": [%.1f, %.1f], \"lookup_us\": [%.2f, %.2f], \"lookup_in_transaction_us\": [%.2f, %.2f], \"file_mib\": [%.1f, %.1f], \"pages\": %lld, "
              "\"unlock_ms\": %.1f, \"backup_ms\": %.1f, \"raw_aead_us_per_page\": %.2f, \"shim_us_per_page\": %.2f, "
              "\"peak_mib\": %.1f, \"ok\": %s}\n",
              n, plain.insert_ms, enc.insert_ms, plain.first_page_ms, enc.first_page_ms, plain.full_scan_ms,
              enc.full_scan_ms, plain.cold_scan_ms, enc.cold_scan_ms, plain.lookup_us, enc.lookup_us, plain.lookup_in_transaction_us, enc.lookup_in_transaction_us, plain.file_mib, enc.file_mib,
              static_cast<long long>(enc.pages), enc.unlock_ms, enc.backup_ms, raw_us_per_page, shim_us_per_page,
              peak_memory_mib(), ok ? "true" : "false");
  return 0;
}

// The path a person's file takes in the page: an age file read in 1 MiB pieces into one
// streaming import (decrypted, parsed and stored as it arrives) in an encrypted vault
// (created beforehand, so the Argon2id unlock is not counted), then the timeline's first
// page. NDJSON streams line by line; a Bundle is read entry by entry at the end.
int bench_import_encrypted(const std::string& file, const std::string& identity_file, const std::string& dir, int runs,
                           bool import_only) {
  const std::string identity = read_file(identity_file);
  std::vector<std::uint8_t> buffer(1 << 20);
  double first_page_ms = 0, medications_ms = 0, labs_ms = 0, safety_ms = 0, emergency_ms = 0, import_peak_mib = 0;
  long long resources = 0, plaintext = 0;
  bool ok = true;
  std::vector<double> samples, cpu_samples;
  for (int run = 0; run < runs && ok; ++run) {
    const std::string path = dir + "/bench-import.techo";
    std::remove(path.c_str());
    techo::test::TestSession session;
    ok = session.create_vault(path, "bench passphrase", "{}").rfind("{\"ok\":true", 0) == 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    ok = ok && session.import_begin("record.age", nlohmann::json{{"identity", identity}}.dump()).rfind("{\"ok\":true", 0) == 0;
    FILE* in = std::fopen(file.c_str(), "rb");
    std::size_t n;
    std::string progress;
    while (ok && (n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
      progress = session.import_push(std::string_view(reinterpret_cast<const char*>(buffer.data()), n));
      ok = progress.rfind("{\"ok\":true", 0) == 0;
    }
    std::fclose(in);
    const std::string report = ok ? session.import_finish() : std::string();
    ok = ok && report.rfind("{\"ok\":true", 0) == 0;
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    cpu_samples.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    if (!ok) {
      std::fprintf(stderr, "techo_bench: import failed: %s %s\n", progress.substr(0, 300).c_str(), report.substr(0, 300).c_str());
      break;
    }
    resources = nlohmann::json::parse(report)["value"]["importedTotal"].get<long long>();
    plaintext = nlohmann::json::parse(progress)["value"]["plaintextBytes"].get<long long>();
    if (run == 0) import_peak_mib = peak_memory_mib();  // before any view holds the record's JSON
    // "import-only": the import alone (to profile it); the view figures read 0.
    if (import_only) {
      std::remove(path.c_str());
      continue;
    }
    first_page_ms = median_ms(5, [&] { (void)session.records(R"({"limit": 50})"); });
    // The views a person opens, computed from the whole record.
    const char* day = R"({"today": "2026-01-01"})";
    medications_ms = median_ms(3, [&] { (void)session.view("medications", day); });
    labs_ms = median_ms(3, [&] { (void)session.view("labs", day); });
    safety_ms = median_ms(3, [&] { (void)session.view("safety", day); });
    emergency_ms = median_ms(3, [&] { (void)session.view("emergency", day); });
    std::remove(path.c_str());
  }
  if (!ok) return 1;
  std::sort(samples.begin(), samples.end());
  std::sort(cpu_samples.begin(), cpu_samples.end());
  const double ms = samples[samples.size() / 2];
  std::printf("{\"figure\": \"import_encrypted\", \"median_ms\": %.1f, \"cpu_ms\": %.1f, \"resources\": %lld, \"bytes\": %lld, "
              "\"mb_per_s\": %.1f, \"resources_per_s\": %.0f, \"first_page_ms\": %.3f, \"medications_ms\": %.1f, "
              "\"labs_ms\": %.1f, \"safety_ms\": %.1f, \"emergency_ms\": %.1f, \"peak_mib\": %.1f, \"views_peak_mib\": %.1f}\n",
              ms, cpu_samples[cpu_samples.size() / 2], resources, plaintext, static_cast<double>(plaintext) / 1e6 / (ms / 1e3),
              static_cast<double>(resources) / (ms / 1e3), first_page_ms, medications_ms, labs_ms, safety_ms,
              emergency_ms, import_peak_mib, peak_memory_mib());
  return 0;
}

// Every view a person opens, on a record imported once into an encrypted vault on disk:
// the median of 5 calls each and the size of its reply, then the peak memory (native: max
// RSS; wasm: linear memory) once all have run. A view's cost should follow what it shows.
int bench_views(const std::string& file, const std::string& identity_file, const std::string& dir) {
  const std::string identity = read_file(identity_file);
  const std::string path = dir + "/bench-views.techo";
  std::remove(path.c_str());
  techo::test::TestSession session;
  bool ok = session.create_vault(path, "bench passphrase", "{}").rfind("{\"ok\":true", 0) == 0;
  ok = ok && session.import_begin("record.age", nlohmann::json{{"identity", identity}}.dump()).rfind("{\"ok\":true", 0) == 0;
  const std::string bytes = read_file(file);
  for (std::size_t at = 0; ok && at < bytes.size(); at += 1 << 20) {
    ok = session.import_push(std::string_view(bytes).substr(at, 1 << 20)).rfind("{\"ok\":true", 0) == 0;
  }
  ok = ok && session.import_finish().rfind("{\"ok\":true", 0) == 0;
  if (!ok) {
    std::fprintf(stderr, "techo_bench: views: the import failed\n");
    return 1;
  }
  const double before_views_mib = peak_memory_mib();
  const char* day = R"({"today": "2026-01-01"})";
  nlohmann::json out{{"figure", "views"}, {"import_peak_mib", before_views_mib}};
  const std::vector<std::pair<std::string, std::function<std::string()>>> views = {
      {"timeline", [&] { return session.records(R"({"limit": 50})"); }},
      {"medications", [&] { return session.view("medications", day); }},
      {"labs", [&] { return session.view("labs", day); }},
      {"checkups", [&] { return session.view("checkups", day); }},
      {"ehr-summary", [&] { return session.view("ehr-summary", day); }},
      {"immunizations", [&] { return session.view("immunizations", day); }},
      {"safety", [&] { return session.view("safety", day); }},
      {"emergency", [&] { return session.view("emergency", day); }},
  };
  const char* only = std::getenv("TECHO_BENCH_VIEWS");  // "labs,medications": only those (for profiling)
  for (const auto& view : views) {
    const std::string& name = view.first;
    const auto& call = view.second;
    if (only && ("," + std::string(only) + ",").find("," + name + ",") == std::string::npos) continue;
    std::size_t reply = 0;
    const double ms = median_ms(5, [&] {
      const std::string text = call();
      if (text.rfind("{\"ok\":true", 0) != 0) ok = false;
      reply = text.size();
    });
    out["views"][name] = {{"ms", ms}, {"reply_bytes", reply}};
  }
  out["views_peak_mib"] = peak_memory_mib();
  std::remove(path.c_str());
  if (!ok) {
    std::fprintf(stderr, "techo_bench: views: a view failed\n");
    return 1;
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

// An Apple Health export streamed from a file in 1 MiB pieces into an encrypted vault:
// expat reads it as it arrives, samples are stored as read, touched days merged at the end.
int bench_import_apple_health(const std::string& file, const std::string& dir) {
  const std::string path = dir + "/bench-apple.techo";
  std::remove(path.c_str());
  techo::test::TestSession session;
  bool ok = session.create_vault(path, "bench passphrase", "{}").rfind("{\"ok\":true", 0) == 0;
  std::vector<char> buffer(1 << 20);
  const auto start = std::chrono::steady_clock::now();
  ok = ok && session.import_begin("export.xml", "{}").rfind("{\"ok\":true", 0) == 0;
  FILE* in = std::fopen(file.c_str(), "rb");
  std::size_t n = 0;
  long long bytes = 0;
  std::string reply;
  while (ok && (n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
    bytes += static_cast<long long>(n);
    reply = session.import_push(std::string_view(buffer.data(), n));
    ok = reply.rfind("{\"ok\":true", 0) == 0;
  }
  std::fclose(in);
  if (ok) reply = session.import_finish();
  ok = ok && reply.rfind("{\"ok\":true", 0) == 0;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::remove(path.c_str());
  if (!ok) {
    std::fprintf(stderr, "techo_bench: apple health import failed: %s\n", reply.substr(0, 300).c_str());
    return 1;
  }
  const auto report = nlohmann::json::parse(reply)["value"];
  std::printf("{\"figure\": \"import_apple_health\", \"ms\": %.1f, \"bytes\": %lld, \"mb_per_s\": %.1f, \"samples\": %lld, "
              "\"days\": %lld, \"peak_mib\": %.1f}\n",
              ms, bytes, static_cast<double>(bytes) / 1e6 / (ms / 1e3), report["imported"].get<long long>(),
              report["daysRecomputed"].get<long long>(), peak_memory_mib());
  return 0;
}

// Three sources over one year: minute-level heart rate (watch all year, a chest strap and
// a ring for a third of it each, overlapping the watch) plus step intervals from a watch
// and a phone — about 1.6 million samples — merged and aggregated per day.
// A year of three heart-rate sources (watch every minute, chest strap and ring every two)
// and three step sources (watch minutes by day, phone two-minute intervals, an app's
// five-minute intervals), held as the merge holds them (Series), merged and aggregated
// per day.
int bench_lifelog_merge(int runs) {
  using techo::lifelog::DeviceKind;
  using techo::lifelog::Series;
  const std::int64_t year_start = 1767193200;  // 2026-01-01 00:00 JST
  Series heart("heart-rate"), steps("steps");
  std::uint32_t state = 12345;
  auto next = [&] { state = state * 1664525u + 1013904223u; return state >> 8; };
  const techo::lifelog::Source watch{"Apple Watch", DeviceKind::kWatch}, strap{"Polar H10", DeviceKind::kMedicalDevice},
      ring{"Oura", DeviceKind::kApp}, phone{"iPhone", DeviceKind::kPhone}, app{"Google Fit", DeviceKind::kApp};
  for (std::int64_t m = 0; m < 365 * 1440; ++m) {
    const std::int64_t t = year_start + m * 60;
    heart.add(t, t, 60 + next() % 40, watch);
    if (m % 2 == 0) heart.add(t + 20, t + 20, 60 + next() % 40, strap);
    if (m % 2 == 1) heart.add(t + 40, t + 40, 60 + next() % 40, ring);
    const int minute_of_day = static_cast<int>(m % 1440);
    if (minute_of_day >= 8 * 60 && minute_of_day < 20 * 60) steps.add(t, t + 60, next() % 120, watch);
    if (minute_of_day >= 7 * 60 && minute_of_day < 23 * 60 && m % 2 == 0) steps.add(t + 30, t + 150, next() % 200, phone);
    if (m % 5 == 0) steps.add(t, t + 300, next() % 400, app);
  }
  const std::size_t samples = heart.readings.size() + steps.readings.size();
  std::size_t days = 0;
  const double ms = median_ms(runs, [&] {
    auto hr = techo::lifelog::merge(heart);
    auto st = techo::lifelog::merge(steps);
    auto totals = techo::lifelog::daily_totals(st, 540);
    std::map<std::int64_t, std::pair<double, int>> hr_days;
    for (const auto& p : hr.pieces) {
      auto& d = hr_days[(p.start + 540 * 60) / 86400];
      d.first += p.value;
      ++d.second;
    }
    days = totals.size() + hr_days.size();
  });
  std::printf("{\"figure\": \"lifelog_merge\", \"median_ms\": %.1f, \"samples\": %zu, \"days\": %zu, \"peak_mib\": %.1f}\n",
              ms, samples, days, peak_memory_mib());
  return 0;
}

// The vaccination forecast of a family of four children with full histories (a newborn, a
// toddler, a six-year-old, a twelve-year-old girl), each history grown with the
// forecaster itself: every next dose given on the first day it is recommended, until
// today. Timed: the four forecasts, as vaccinations() runs them.
int bench_forecast_family(int runs) {
  namespace imm = techo::immunization;
  const auto& schedule = imm::builtin_schedule();
  const imm::Date today = *imm::Date::parse("2026-11-21");
  struct Kid {
    imm::Child child;
    std::vector<imm::GivenDose> doses;
  };
  std::vector<Kid> kids = {{{*imm::Date::parse("2026-07-03"), "male"}, {}},
                           {{*imm::Date::parse("2024-09-14"), "female"}, {}},
                           {{*imm::Date::parse("2020-08-20"), "male"}, {}},
                           {{*imm::Date::parse("2014-05-02"), "female"}, {}}};
  std::size_t doses = 0;
  for (auto& kid : kids) {
    for (int round = 0; round < 80; ++round) {
      bool gave = false;
      const auto f = imm::forecast(schedule, kid.child, today, kid.doses);
      for (const auto& s : f["series"]) {
        if (!s["recommendedFrom"].is_string() || s["category"] != "routine" || (s["status"] != "due" && s["status"] != "overdue")) continue;
        const auto from = imm::Date::parse(s["recommendedFrom"].get<std::string>());
        if (!from || *from > today) continue;
        kid.doses.push_back(imm::GivenDose{s["nextProduct"].get<std::string>(), *from, s["id"].get<std::string>()});
        gave = true;
        break;  // one dose at a time: the next forecast sees it
      }
      if (!gave) break;
    }
    doses += kid.doses.size();
  }
  std::size_t series = 0, invalid = 0;
  for (const auto& kid : kids) {
    for (const auto& s : imm::forecast(schedule, kid.child, today, kid.doses)["series"]) {
      for (const auto& d : s["doses"]) invalid += d["valid"] == false;
    }
  }
  if (invalid) {
    std::fprintf(stderr, "techo_bench: the grown histories hold %zu invalid doses\n", invalid);
    return 1;
  }
  const double ms = median_ms(runs, [&] {
    series = 0;
    for (const auto& kid : kids) series += imm::forecast(schedule, kid.child, today, kid.doses)["series"].size();
  });
  std::printf("{\"figure\": \"forecast_family\", \"median_ms\": %.3f, \"children\": %zu, \"doses\": %zu, \"series\": %zu}\n", ms,
              kids.size(), doses, series);
  return 0;
}

// A share package from the 50,000-resource record, one category in scope (issue 14), and
// the receiving side's verification of it: each through the API a page calls (sharePackage,
// verify_share_package), timed separately. The vault import happens once, untimed.
int bench_share_package(const std::string& file, const std::string& identity_file, const std::string& dir, int runs,
                        const std::vector<std::string>& categories) {
  const std::string identity = read_file(identity_file);
  const std::string path = dir + "/bench-share.techo";
  std::remove(path.c_str());
  techo::test::TestSession session;
  auto ok = [](const std::string& reply) { return reply.rfind("{\"ok\":true", 0) == 0; };
  if (!ok(session.create_vault(path, "bench passphrase", "{}"))) return 1;
  const std::string record = read_file(file);
  const std::string imported = session.import_bytes(record, "record.age", nlohmann::json{{"identity", identity}}.dump());
  if (!ok(imported)) {
    std::fprintf(stderr, "techo_bench: import failed: %s\n", imported.substr(0, 300).c_str());
    return 1;
  }
  const auto people = nlohmann::json::parse(session.call("people"))["value"]["people"];
  const auto grantee = nlohmann::json::parse(techo::api::generate_identity())["value"];
  const auto grant = nlohmann::json::parse(session.call(
      "createGrant", nlohmann::json{{"request",
                                     {{"person", people[0]["id"]},
                                      {"grantee", {{"name", "bench clinic"}, {"recipient", grantee["recipient"]}}},
                                      {"purpose", "app"},
                                      {"categories", categories}}}}));
  if (!grant.value("ok", false)) {
    std::fprintf(stderr, "techo_bench: createGrant failed: %s\n", grant.dump().substr(0, 300).c_str());
    return 1;
  }
  const std::string id = grant["value"]["id"];
  nlohmann::json last;
  std::string package;
  const double build_ms = median_ms(runs, [&] {
    last = nlohmann::json::parse(session.call("sharePackage", nlohmann::json{{"id", id}}));
    package.assign(session.file_output().begin(), session.file_output().end());
  });
  if (!last.value("ok", false)) {
    std::fprintf(stderr, "techo_bench: sharePackage failed: %s\n", last.dump().substr(0, 300).c_str());
    return 1;
  }
  const std::string options = nlohmann::json{{"identity", grantee["identity"]}}.dump();
  std::string reply;  // the reply text as the bindings hand it to JavaScript; parsed after the timing
  const double verify_ms = median_ms(runs, [&] { reply = techo::api::verify_share_package(package, options); });
  const auto verified = nlohmann::json::parse(reply);
  if (!verified["value"].value("ok", false)) {
    std::fprintf(stderr, "techo_bench: the package does not verify: %s\n", verified.dump().substr(0, 300).c_str());
    return 1;
  }
  std::remove(path.c_str());
  std::printf("{\"figure\": \"share_package\", \"build_ms\": %.1f, \"verify_ms\": %.1f, \"record_resources\": %lld, "
              "\"package_resources\": %lld, \"package_bytes\": %zu}\n",
              build_ms, verify_ms, nlohmann::json::parse(imported)["value"]["importedTotal"].get<long long>(),
              last["value"]["resources"].get<long long>(), package.size());
  return 0;
}

// The disclosure log of an encrypted vault on disk, with an account holder (so checkpoints
// are signed every 256 entries): `entries` appended in transactions of `batch` (as jobs
// append theirs with their work; each commit writes the header that binds the head), then
// the whole log verified: chain, signatures, header. A fresh vault per append run.
int bench_audit(const std::string& dir, int entries, int batch, int runs) {
  const std::string path = dir + "/bench-audit.techo";
  const techo::KdfParams fast{2, 19u << 20};
  auto fresh = [&] {
    std::remove(path.c_str());
    std::remove((path + "-journal").c_str());
    auto vault = techo::Vault::create(path, "bench passphrase", fast).value().vault;
    auto bundle = techo::fhir::parse_bundle(
        R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:p","resource":{"resourceType":"Patient","id":"p","name":[{"text":"山田 太郎"}],"birthDate":"1980-04-01"}}]})");
    (void)vault.import_bundle({"holder.json"}, bundle.value()).value();
    return vault;
  };
  auto append_all = [&](techo::Vault& vault) {
    auto& connection = techo::VaultTesting::connection(vault);
    for (int done = 0; done < entries; done += batch) {
      auto s = techo::sqlite::in_transaction(connection.db, [&]() -> techo::Status {
        for (int i = done; i < std::min(entries, done + batch); ++i) {
          techo::detail::AuditEvent event{"package", 1, 0, {{"grantee", "さくら内科クリニック"}, {"resources", i % 50}, {"categories", {"labs", "medications"}}}};
          if (auto a = techo::detail::append_audit(connection, event); !a) return a;
        }
        return techo::Ok{};
      });
      if (!s) {
        std::fprintf(stderr, "techo_bench: append failed: %s\n", s.error().message.c_str());
        std::exit(1);
      }
    }
  };
  const double append_ms = median_ms(std::min(runs, 3), [&] {
    auto vault = fresh();
    append_all(vault);
  });
  auto vault = techo::Vault::unlock(path, "bench passphrase").value();
  std::int64_t checked = 0, checkpoints = 0;
  bool ok = false;
  const double verify_ms = median_ms(runs, [&] {
    auto report = vault.verify_audit_log().value();
    checked = report.entries;
    checkpoints = report.checkpoints;
    ok = report.ok;
  });
  const double page_ms = median_ms(runs, [&] {
    for (int i = 0; i < 100; ++i) (void)vault.audit_log(50).value();
  }) / 100.0;
  if (!ok) {
    std::fprintf(stderr, "techo_bench: the benchmark's log does not verify\n");
    return 1;
  }
  std::printf("{\"figure\": \"audit\", \"append_ms\": %.1f, \"append_us_per_entry\": %.2f, \"batch\": %d, "
              "\"verify_ms\": %.1f, \"entries\": %lld, \"checkpoints\": %lld, \"first_page_ms\": %.3f, \"peak_mib\": %.1f}\n",
              append_ms, append_ms * 1000.0 / entries, batch, verify_ms, static_cast<long long>(checked),
              static_cast<long long>(checkpoints), page_ms, peak_memory_mib());
  return 0;
}

}  // namespace

// A お薬手帳 of `blocks` dispensing blocks (each a date, pharmacy, pharmacist, clinic,
// doctor, two drugs with usage and a caution), written as a pharmacy's system writes them
// and read and stored through importFile into the encrypted vault: a fresh vault per run,
// its creation (Argon2id) not timed.
std::string synthetic_notebook(int blocks) {
  std::string out = "JAHISTC08,1\r\n1,山田　太郎,1,19800401,1000001,東京都千代田区千代田１－１,03-1234-5678,,A,65,ﾔﾏﾀﾞ ﾀﾛｳ\r\n";
  for (int b = 0; b < blocks; ++b) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d%02d%02d", 2026 - b / 300, 12 - (b / 25) % 12, 1 + b % 25);
    const std::string n = std::to_string(b % 7);
    out += std::string("5,") + date + ",1\r\n";
    out += "11,さくら薬局　" + n + "号店,13,4,123456" + n + ",1000002,東京都千代田区丸の内１－１,03-0000-1111,1\r\n";
    out += "15,薬剤師　花子,03-0000-1112,1\r\n51,千代田クリニック" + n + ",13,1,765432" + n + ",1\r\n55,医師　一郎,内科,1\r\n";
    out += "201,1,ﾛｷｿﾆﾝ錠60mg,3,錠,2,620098801,1\r\n201,1,ﾑｺｽﾀ錠100mg,3,錠,4,2329021F1021,1\r\n";
    out += "301,1,1日3回毎食後,7,日分,1,,,1\r\n401,眠気に注意してください,1\r\n";
  }
  return out;
}

int bench_okusuri(const std::string& dir, int blocks, int runs) {
  const std::string text = synthetic_notebook(blocks);
  long long resources = 0;
  std::vector<double> samples;
  for (int run = 0; run < runs; ++run) {
    const std::string path = dir + "/bench-okusuri.vault";
    std::remove(path.c_str());
    std::remove((path + "-journal").c_str());
    techo::test::TestSession session;
    const std::string opened = session.create_vault(path, "bench passphrase", "{}");
    if (opened.rfind("{\"ok\":true", 0) != 0) {
      std::fprintf(stderr, "techo_bench: cannot create the vault: %s\n", opened.substr(0, 300).c_str());
      return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    const std::string reply = session.import_fhir(text, "okusuri.txt");
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (reply.rfind("{\"ok\":true", 0) != 0) {
      std::fprintf(stderr, "techo_bench: import failed: %s\n", reply.substr(0, 300).c_str());
      return 1;
    }
    resources = nlohmann::json::parse(reply)["value"]["importedTotal"].get<long long>();
    std::remove(path.c_str());
  }
  std::sort(samples.begin(), samples.end());
  std::printf("{\"figure\": \"okusuri\", \"blocks\": %d, \"bytes\": %zu, \"median_ms\": %.1f, \"runs\": %d, "
              "\"resources\": %lld, \"peak_mib\": %.1f}\n",
              blocks, text.size(), samples[samples.size() / 2], runs, resources, peak_memory_mib());
  return 0;
}

int main(int argc, char** argv) {
  if (!techo::crypto::init()) return 1;
  if (argc < 4) {
    std::fprintf(stderr, "usage: techo_bench import_fhir RUNS FILE... | aead_raw|aead_raw_xchacha RUNS MIB | age_decrypt_file|age_decrypt_memory RUNS FILE IDENTITY\n");
    return 2;
  }
  const std::string figure = argv[1];
  const int runs = std::max(1, std::atoi(argv[2]));
  std::vector<std::string> paths(argv + 3, argv + argc);
  if (figure == "import_fhir") return bench_import_fhir(paths, runs);
  if (figure == "import_files" && argc >= 6) {
    return bench_import_files(argv[3], argv[4], std::vector<std::string>(argv + 5, argv + argc), runs);
  }
  if (figure == "aead_raw") return bench_aead_raw(std::atoi(argv[3]), runs, false);
  if (figure == "aead_raw_xchacha") return bench_aead_raw(std::atoi(argv[3]), runs, true);
  if (figure == "import_encrypted" && (argc == 6 || (argc == 7 && std::string(argv[6]) == "import-only"))) {
    return bench_import_encrypted(argv[3], argv[4], argv[5], runs, argc == 7);
  }
  if (figure == "views" && argc == 6) return bench_views(argv[3], argv[4], argv[5]);
  if (figure == "import_apple_health" && argc == 5) return bench_import_apple_health(argv[3], argv[4]);
  if (figure == "lifelog_merge") return bench_lifelog_merge(runs);
  if (figure == "okusuri" && argc == 5) return bench_okusuri(argv[3], std::atoi(argv[4]), runs);
  if (figure == "share_package" && argc >= 7) {
    return bench_share_package(argv[3], argv[4], argv[5], runs, std::vector<std::string>(argv + 6, argv + argc));
  }
  if (figure == "forecast_family") return bench_forecast_family(runs);
  if (figure == "vault" && argc == 5) return bench_vault(argv[3], std::atoi(argv[4]), runs);
  if (figure == "audit" && argc == 6) return bench_audit(argv[3], std::atoi(argv[4]), std::atoi(argv[5]), runs);
  if (figure == "age_decrypt_file" && argc == 5) return bench_age_decrypt(argv[3], argv[4], runs, false);
  if (figure == "age_decrypt_memory" && argc == 5) return bench_age_decrypt(argv[3], argv[4], runs, true);
  std::fprintf(stderr, "techo_bench: unknown figure %s\n", figure.c_str());
  return 2;
}
