// The streaming zip reader (core/src/zip_stream.hpp): zips written here (fuzz/zip_writer.hpp)
// and by Info-ZIP and Python (native_tests/data/apple-health-export), read whole and in
// pieces down to one byte; every fault is an error value with its category and place.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "fuzz/zip_writer.hpp"
#include "techo/lifelog_apple_health.hpp"
#include "test_data.hpp"
#include "zip_stream.hpp"

using techo::ErrorCode;
using techo::Ok;
using techo::Status;
using techo::detail::ZipAction;
using techo::detail::ZipEntry;
using techo::detail::ZipLimits;
using techo::detail::ZipStream;
using techo::test::make_zip;
using techo::test::ZipFileSpec;

namespace {

struct ReadEntry {
  std::string name;
  std::string data;
  bool checked = false;  // on_entry_end came
  std::uint64_t size = 0;
  std::size_t largest_chunk = 0;
};

struct ReadZip {
  Status answer = Ok{};
  std::vector<ReadEntry> entries;
  std::uint64_t entries_passed = 0;  // ZipStream::entries()
};

std::string pseudo_random(std::size_t n, std::uint32_t seed) {
  std::string out(n, '\0');
  for (char& c : out) {
    seed = seed * 1664525u + 1013904223u;
    c = static_cast<char>(seed >> 24);
  }
  return out;
}

std::string text(std::size_t n, int salt) {
  std::string out;
  for (int i = 0; out.size() < n; ++i) out += "<Record n=\"" + std::to_string(i * 31 + salt) + "\" value=\"" + std::to_string(i % 97) + "\"/>\n";
  out.resize(n);
  return out;
}

ReadZip read_zip(std::string_view zip, std::size_t piece, ZipLimits limits = {},
                 std::function<ZipAction(const ZipEntry&)> pick = {}) {
  ReadZip r;
  ZipStream reader(
      "export.zip",
      {[&](const ZipEntry& e) -> techo::Result<ZipAction> {
         const ZipAction a = pick ? pick(e) : ZipAction::kRead;
         if (a == ZipAction::kRead) r.entries.push_back({e.name});
         return a;
       },
       [&](const ZipEntry&, techo::crypto::ByteView chunk) -> Status {
         r.entries.back().data.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
         r.entries.back().largest_chunk = std::max(r.entries.back().largest_chunk, chunk.size());
         return Ok{};
       },
       [&](const ZipEntry& e) -> Status {
         r.entries.back().checked = true;
         r.entries.back().size = e.size.value_or(~0ull);
         return Ok{};
       }},
      limits);
  const auto bytes = techo::crypto::as_bytes(zip);
  for (std::size_t at = 0; at < bytes.size() && r.answer; at += piece) {
    r.answer = reader.push(bytes.subspan(at, std::min(piece, bytes.size() - at)));
  }
  if (r.answer) r.answer = reader.finish();
  r.entries_passed = reader.entries();
  return r;
}

techo::Error error_of(const ReadZip& r) {
  REQUIRE_FALSE(r.answer.has_value());
  return r.answer.error();
}

// Where a given entry's local header begins (the writer lays them out in order).
std::uint64_t offset_of(const std::string& zip, const std::string& name) {
  const std::size_t at = zip.find(name);
  REQUIRE(at != std::string::npos);
  return at - 30;
}

}  // namespace

TEST_CASE("zip: stored and deflated entries, with and without data descriptors, read alike in pieces of any size", "[zip]") {
  const std::vector<ZipFileSpec> files{
      {"apple_health_export/", "", 0},
      {"apple_health_export/export.xml", text(200000, 1), 8, true},
      {"apple_health_export/export_cda.xml", text(30000, 2), 8, false},
      {"apple_health_export/electrocardiograms/ecg_1.csv", pseudo_random(5000, 3), 0, false},
      {"apple_health_export/workout-routes/route_1.gpx", text(3000, 4), 8, true, false},  // no descriptor signature
      {"empty.txt", "", 8, true},
      {"stored-empty.txt", "", 0},
      {"incompressible.bin", pseudo_random(70000, 5), 8, true},
  };
  const std::string zip = make_zip(files);
  const std::size_t piece = GENERATE(std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{1} << 20);
  INFO("pieces of " << piece);
  const ReadZip r = read_zip(zip, piece);
  REQUIRE(r.answer.has_value());
  REQUIRE(r.entries.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    INFO(files[i].name);
    CHECK(r.entries[i].name == files[i].name);
    CHECK(r.entries[i].data == files[i].data);
    CHECK(r.entries[i].checked);
    CHECK(r.entries[i].size == files[i].data.size());
    CHECK(r.entries[i].largest_chunk <= 64 * 1024);
  }
}

TEST_CASE("zip: ZIP64 extra fields, in the header and with 64-bit descriptor sizes", "[zip]") {
  const std::vector<ZipFileSpec> files{
      {"a.xml", text(100000, 1), 8, false, true, true},
      {"b.xml", text(100000, 2), 8, true, true, true},
      {"c.bin", pseudo_random(1000, 3), 0, false, true, true},
      {"d.xml", text(1000, 4), 8, true, false, true},
  };
  const std::string zip = make_zip(files);
  for (std::size_t piece : {std::size_t{1}, zip.size()}) {
    const ReadZip r = read_zip(zip, piece);
    REQUIRE(r.answer.has_value());
    REQUIRE(r.entries.size() == 4);
    for (std::size_t i = 0; i < files.size(); ++i) CHECK(r.entries[i].data == files[i].data);
  }
}

TEST_CASE("zip: many entries, the caller picking which to read", "[zip]") {
  std::vector<ZipFileSpec> files;
  for (int i = 0; i < 600; ++i) {
    files.push_back({"workout-routes/route_" + std::to_string(i) + ".gpx", text(static_cast<std::size_t>(i * 37 % 5000), i),
                     static_cast<std::uint16_t>(i % 3 == 0 ? 0 : 8), i % 2 == 0 && i % 3 != 0, i % 4 == 0});
  }
  files.push_back({"apple_health_export/export.xml", text(50000, 9), 8, true});
  const std::string zip = make_zip(files);
  SECTION("every entry") {
    const ReadZip r = read_zip(zip, 1000);
    REQUIRE(r.answer.has_value());
    REQUIRE(r.entries.size() == files.size());
    for (std::size_t i = 0; i < files.size(); ++i) CHECK(r.entries[i].data == files[i].data);
  }
  SECTION("only */export.xml; the others are passed by") {
    auto pick = [](const ZipEntry& e) {
      const std::string_view n = e.name;
      return n.size() >= 11 && n.substr(n.size() - 11) == "/export.xml" ? ZipAction::kRead : ZipAction::kSkip;
    };
    const ReadZip r = read_zip(zip, 1000, {}, pick);
    REQUIRE(r.answer.has_value());
    REQUIRE(r.entries.size() == 1);
    CHECK(r.entries[0].data == files.back().data);
    CHECK(r.entries_passed == files.size());
  }
}

TEST_CASE("zip: a CRC-32 that does not match is MALFORMED_INPUT naming the entry", "[zip]") {
  const bool descriptor = GENERATE(false, true);
  const ZipFileSpec bad{"apple_health_export/export.xml", text(20000, 1), 8, descriptor, true, false, 0, true};
  const std::string zip = make_zip({{"first.txt", "hello", 0}, bad, {"after.txt", "never reached", 8}});
  for (std::size_t piece : {std::size_t{1}, zip.size()}) {
    const ReadZip r = read_zip(zip, piece);
    const techo::Error e = error_of(r);
    CHECK(e.code == ErrorCode::kMalformedInput);
    CHECK_THAT(e.message, Catch::Contains("CRC-32"));
    CHECK_THAT(e.path, Catch::StartsWith("export.zip: apple_health_export/export.xml at byte "));
    // The data was handed on, but the entry never checked out.
    REQUIRE(r.entries.size() == 2);
    CHECK_FALSE(r.entries[1].checked);
  }
}

TEST_CASE("zip: a truncated file is MALFORMED_INPUT wherever it is cut", "[zip]") {
  const std::string zip = make_zip({{"a.txt", text(300, 1), 8, true}, {"b.txt", "stored bytes", 0}, {"c.txt", text(400, 2), 8}});
  // The central directory's offset, from the end record.
  const std::size_t eocd = zip.size() - 22;
  const std::size_t central = static_cast<unsigned char>(zip[eocd + 16]) | (static_cast<unsigned char>(zip[eocd + 17]) << 8);
  for (std::size_t cut = 0; cut < zip.size(); ++cut) {
    INFO("cut at " << cut);
    const ReadZip r = read_zip(std::string_view(zip).substr(0, cut), 1 + cut % 13);
    if (cut >= central + 4) {
      CHECK(r.answer.has_value());  // the central directory was reached: nothing after it is read
    } else {
      REQUIRE_FALSE(r.answer.has_value());
      CHECK(r.answer.error().code == ErrorCode::kMalformedInput);
      CHECK_THAT(r.answer.error().message, Catch::Contains("truncated") || Catch::Contains("empty"));
      CHECK_THAT(r.answer.error().path, Catch::StartsWith("export.zip"));
    }
  }
  SECTION("the message names the entry it ends in") {
    const std::size_t cut = offset_of(zip, "c.txt") + 40;
    const techo::Error e = error_of(read_zip(std::string_view(zip).substr(0, cut), 16));
    CHECK(e.message == "the zip file ends inside this entry (it is truncated)");
    CHECK(e.path == "export.zip: c.txt at byte " + std::to_string(cut));
  }
}

TEST_CASE("zip: encrypted entries are UNSUPPORTED with a clear message", "[zip]") {
  const std::string zip = make_zip({{"ok.txt", "fine", 8}, {"apple_health_export/export.xml", "secret", 0, false, true, false, 0x0001}});
  const techo::Error e = error_of(read_zip(zip, 3));
  CHECK(e.code == ErrorCode::kUnsupported);
  CHECK_THAT(e.message, Catch::Contains("encrypted"));
  CHECK(e.path == "export.zip: apple_health_export/export.xml at byte " + std::to_string(offset_of(zip, "apple_health_export/export.xml")));
}

TEST_CASE("zip: zip bombs are refused by the ratio cap and the size caps", "[zip]") {
  const std::string zeros(16u << 20, '\0');  // deflates about 1030:1
  SECTION("sizes in a data descriptor: refused while inflating, before much is handed on") {
    const std::string zip = make_zip({{"bomb.xml", zeros, 8, true, true, false, 0, false, 9}});
    const ReadZip r = read_zip(zip, 1 << 20);
    const techo::Error e = error_of(r);
    CHECK(e.code == ErrorCode::kUnsupported);
    CHECK_THAT(e.message, Catch::Contains("zip bomb"));
    CHECK_THAT(e.path, Catch::StartsWith("export.zip: bomb.xml at byte "));
    REQUIRE(r.entries.size() == 1);
    CHECK(r.entries[0].data.size() <= (1u << 20) + 2 * 64 * 1024);
  }
  SECTION("sizes in the header: refused before inflating") {
    const std::string zip = make_zip({{"bomb.xml", zeros, 8, false, true, false, 0, false, 9}});
    const ReadZip r = read_zip(zip, 1 << 20);
    const techo::Error e = error_of(r);
    CHECK(e.code == ErrorCode::kUnsupported);
    CHECK_THAT(e.message, Catch::Contains("zip bomb"));
    CHECK(e.path == "export.zip: bomb.xml at byte 0");
    REQUIRE(r.entries.size() == 1);  // on_entry saw its header; no data came
    CHECK(r.entries[0].data.empty());
  }
  SECTION("a looser ratio lets it through") {
    ZipLimits loose;
    loose.max_ratio = 5000;
    const ReadZip r = read_zip(make_zip({{"zeros.bin", zeros, 8, true, true, false, 0, false, 9}}), 1 << 20, loose);
    REQUIRE(r.answer.has_value());
    CHECK(r.entries.at(0).data == zeros);
  }
  SECTION("per entry and in all") {
    ZipLimits small;
    small.max_entry_bytes = 1000;
    small.max_total_bytes = 2500;
    for (bool descriptor : {false, true}) {
      const techo::Error e = error_of(read_zip(make_zip({{"big.txt", text(1001, 1), 8, descriptor}}), 100, small));
      CHECK(e.code == ErrorCode::kUnsupported);
      CHECK_THAT(e.message, Catch::Contains("limit of 1000"));
    }
    const std::string three = make_zip({{"1", text(900, 1)}, {"2", text(900, 2)}, {"3", text(900, 3)}});
    const techo::Error e = error_of(read_zip(three, 100, small));
    CHECK_THAT(e.message, Catch::Contains("2500 bytes in all"));
    CHECK_THAT(e.path, Catch::StartsWith("export.zip: 3 at byte "));
  }
}

TEST_CASE("zip: input that is not a zip is MALFORMED_INPUT at byte 0", "[zip]") {
  const std::string gzip = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + techo::test::deflate_raw("hello");
  for (std::string input : {std::string(), std::string("hello, world"), std::string("PK"),
                            techo::test::read_data("apple-health-export/export6s3sample.xml"), gzip}) {
    INFO(input.substr(0, 20));
    const techo::Error e = error_of(read_zip(input, 5));
    CHECK(e.code == ErrorCode::kMalformedInput);
    CHECK_THAT(e.message, Catch::StartsWith("not a zip file") || Catch::Contains("truncated"));
    CHECK_THAT(e.path, Catch::StartsWith("export.zip at byte 0") || Catch::Equals("export.zip at byte 2"));
  }
  // Bytes between entries that begin no header.
  std::string zip = make_zip({{"a.txt", "one"}, {"b.txt", "two"}});
  const std::uint64_t b = offset_of(zip, "b.txt");
  zip.insert(b, "junk");
  const techo::Error e = error_of(read_zip(zip, 1));
  CHECK(e.code == ErrorCode::kMalformedInput);
  CHECK(e.path == "export.zip at byte " + std::to_string(b));
}

TEST_CASE("zip: what a stream cannot read is UNSUPPORTED, naming the entry", "[zip]") {
  SECTION("a stored entry with a data descriptor") {
    const std::string zip = make_zip({{"apple_health_export/export.xml", "<HealthData/>", 0, true}});
    const techo::Error e = error_of(read_zip(zip, 1));
    CHECK(e.code == ErrorCode::kUnsupported);
    CHECK_THAT(e.message, Catch::Contains("stored (uncompressed) entry with a data descriptor"));
    CHECK(e.path == "export.zip: apple_health_export/export.xml at byte 0");
  }
  SECTION("...unless it is empty (a folder), with or without the descriptor's signature") {
    for (bool signature : {true, false}) {
      const std::string zip = make_zip({{"apple_health_export/", "", 0, true, signature}, {"apple_health_export/x", "x", 8, true}});
      const ReadZip r = read_zip(zip, 1);
      REQUIRE(r.answer.has_value());
      CHECK(r.entries.size() == 2);
    }
  }
  SECTION("a compression method other than stored and deflated") {
    const std::string zip = make_zip({{"export.xml", "BZh91AY&SY", 12}});
    const techo::Error e = error_of(read_zip(zip, 4));
    CHECK(e.code == ErrorCode::kUnsupported);
    CHECK_THAT(e.message, Catch::Contains("bzip2"));
  }
  SECTION("a name longer than the limit") {
    CHECK(read_zip(make_zip({{std::string(4096, 'n'), "ok"}}), 100).answer.has_value());
    const techo::Error e = error_of(read_zip(make_zip({{std::string(4097, 'n'), "too long"}}), 100));
    CHECK(e.code == ErrorCode::kUnsupported);
    CHECK(e.message == "an entry name of 4097 bytes (the limit is 4096)");
    CHECK(e.path == "export.zip at byte 0");
  }
}

TEST_CASE("zip: a callback's error ends the reading, placed in the archive and entry; later calls repeat it", "[zip]") {
  const std::string zip = make_zip({{"a/export.xml", text(100000, 1), 8, true}, {"b.txt", "x"}});
  ZipStream reader("export.zip", {nullptr,
                                  [](const ZipEntry&, techo::crypto::ByteView) -> Status {
                                    return techo::Error{ErrorCode::kMalformedInput, "not valid XML", "line 42"};
                                  },
                                  nullptr});
  Status s = reader.push(techo::crypto::as_bytes(zip));
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().path == "export.zip: a/export.xml: line 42");
  Status again = reader.finish();
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().path == s.error().path);
}

TEST_CASE("zip: Info-ZIP's and Python's streamed archives of an Apple Health export", "[zip]") {
  const std::string xml = techo::test::read_data("apple-health-export/export6s3sample.xml");
  for (const char* file : {"apple-health-export/export-infozip-stream.zip", "apple-health-export/export-python-zip64.zip"}) {
    INFO(file);
    const std::string zip = techo::test::read_data(file);
    for (std::size_t piece : {std::size_t{1}, zip.size()}) {
      const ReadZip r = read_zip(zip, piece);
      REQUIRE(r.answer.has_value());
      std::map<std::string, std::string> by_name;
      for (const auto& e : r.entries) by_name[e.name] = e.data;
      CHECK(by_name.at("apple_health_export/export.xml") == xml);
      CHECK(by_name.count("apple_health_export/export_cda.xml") == 1);
      CHECK(by_name.count("apple_health_export/workout-routes/route_2016-04-02_10.40am.gpx") == 1);
      CHECK_THAT(by_name.at("apple_health_export/electrocardiograms/ecg_2020-01-01.csv"), Catch::StartsWith("Name,Test"));
    }
  }
}

namespace {

struct HealthRead {
  Status answer = Ok{};
  std::vector<std::string> samples;
  std::uint64_t records = 0;
};

std::string describe(const techo::lifelog::Sample& s) {
  return s.metric + "|" + std::to_string(s.start) + "|" + std::to_string(s.end) + "|" + std::to_string(s.value) + "|" + s.unit +
         "|" + s.device + "|" + s.detail;
}

HealthRead read_xml(std::string_view xml) {
  HealthRead h;
  techo::lifelog::AppleHealthReader reader([](const techo::lifelog::AppleHealthRecord&) -> Status { return Ok{}; },
                                           [&](const techo::lifelog::Sample& s) -> Status {
                                             h.samples.push_back(describe(s));
                                             return Ok{};
                                           });
  h.answer = reader.push(xml);
  if (h.answer) h.answer = reader.finish();
  h.records = reader.records();
  return h;
}

// What the import will do: pick */export.xml, feed its chunks to the Apple Health reader.
HealthRead read_export_zip(std::string_view zip, std::size_t piece) {
  HealthRead h;
  techo::lifelog::AppleHealthReader reader([](const techo::lifelog::AppleHealthRecord&) -> Status { return Ok{}; },
                                           [&](const techo::lifelog::Sample& s) -> Status {
                                             h.samples.push_back(describe(s));
                                             return Ok{};
                                           });
  ZipStream unzip("export.zip",
                  {[](const ZipEntry& e) -> techo::Result<ZipAction> {
                     const std::string_view n = e.name;
                     return n.size() > 11 && n.substr(n.size() - 11) == "/export.xml" ? ZipAction::kRead : ZipAction::kSkip;
                   },
                   [&](const ZipEntry&, techo::crypto::ByteView chunk) {
                     return reader.push({reinterpret_cast<const char*>(chunk.data()), chunk.size()});
                   },
                   [&](const ZipEntry&) { return reader.finish(); }});
  const auto bytes = techo::crypto::as_bytes(zip);
  for (std::size_t at = 0; at < bytes.size() && h.answer; at += piece) {
    h.answer = unzip.push(bytes.subspan(at, std::min(piece, bytes.size() - at)));
  }
  if (h.answer) h.answer = unzip.finish();
  h.records = reader.records();
  return h;
}

}  // namespace

TEST_CASE("zip: an Apple Health export.zip gives the same samples as its export.xml", "[zip][apple-health]") {
  const std::string sample = techo::test::read_data("apple-health-export/export6s3sample.xml");
  SECTION("the committed archives") {
    const HealthRead direct = read_xml(sample);
    REQUIRE(direct.answer.has_value());
    REQUIRE_FALSE(direct.samples.empty());
    for (const char* file : {"apple-health-export/export-infozip-stream.zip", "apple-health-export/export-python-zip64.zip"}) {
      INFO(file);
      const HealthRead zipped = read_export_zip(techo::test::read_data(file), 1000);
      REQUIRE(zipped.answer.has_value());
      CHECK(zipped.samples == direct.samples);
      CHECK(zipped.records == direct.records);
    }
  }
  SECTION("a few MiB, in 1 MiB pieces and in small ones") {
    // The sample's records repeated: several MiB of XML, many inflate buffers.
    const std::size_t first = sample.find("<Record"), last = sample.rfind("</HealthData>");
    REQUIRE(first != std::string::npos);
    REQUIRE(last != std::string::npos);
    std::string xml = sample.substr(0, first);
    for (int i = 0; i < 1100; ++i) xml.append(sample, first, last - first);
    xml += "</HealthData>\n";
    REQUIRE(xml.size() > (4u << 20));
    const HealthRead direct = read_xml(xml);
    REQUIRE(direct.answer.has_value());
    const std::string zip = make_zip({{"apple_health_export/", "", 0},
                                      {"apple_health_export/export_cda.xml", text(100000, 1), 8, true},
                                      {"apple_health_export/export.xml", xml, 8, true, true, true},
                                      {"apple_health_export/workout-routes/route_1.gpx", text(5000, 2), 8, true}});
    for (std::size_t piece : {std::size_t{1} << 20, std::size_t{4093}}) {
      INFO("pieces of " << piece);
      const HealthRead zipped = read_export_zip(zip, piece);
      REQUIRE(zipped.answer.has_value());
      CHECK(zipped.samples.size() == direct.samples.size());
      CHECK(zipped.samples == direct.samples);
    }
  }
  SECTION("an XML error inside the zip names the archive, the entry and the line") {
    const std::string zip = make_zip({{"apple_health_export/export.xml", sample.substr(0, sample.size() / 2) + "<<", 8, true}});
    const HealthRead zipped = read_export_zip(zip, 100);
    REQUIRE_FALSE(zipped.answer.has_value());
    CHECK(zipped.answer.error().code == ErrorCode::kMalformedInput);
    CHECK_THAT(zipped.answer.error().path, Catch::StartsWith("export.zip: apple_health_export/export.xml: line "));
  }
}
