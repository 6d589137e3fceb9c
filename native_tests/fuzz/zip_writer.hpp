// A tiny zip writer for tests and fuzz seeds: local headers, data descriptors with or
// without their signature, ZIP64 extra fields, and the faults a reader must catch (a wrong
// CRC-32, any general-purpose flag). The central directory and end record are written
// too, so `unzip -t` accepts what is meant to be valid.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace techo::test {

struct ZipFileSpec {
  std::string name;
  std::string data;
  std::uint16_t method = 8;        // 0 stored, 8 deflated; anything else is written stored
  bool descriptor = false;         // general-purpose bit 3: CRC and sizes after the data
  bool descriptor_signature = true;
  bool zip64 = false;              // a ZIP64 extra field in the local header (64-bit descriptor sizes)
  std::uint16_t extra_flags = 0;   // or'ed into the flags (1 = encrypted)
  bool corrupt_crc = false;        // record a CRC-32 that does not match
  int level = 6;
};

inline std::string deflate_raw(std::string_view data, int level = 6) {
  z_stream z{};
  deflateInit2(&z, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

namespace zip_detail {
inline void put16(std::string& out, std::uint64_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
inline void put32(std::string& out, std::uint64_t v) {
  put16(out, v & 0xFFFF);
  put16(out, (v >> 16) & 0xFFFF);
}
inline void put64(std::string& out, std::uint64_t v) {
  put32(out, v & 0xFFFFFFFF);
  put32(out, v >> 32);
}
}  // namespace zip_detail

inline std::string make_zip(const std::vector<ZipFileSpec>& files) {
  using namespace zip_detail;
  std::string out, central;
  for (const ZipFileSpec& f : files) {
    const std::uint64_t offset = out.size();
    const std::string body = f.method == 8 ? deflate_raw(f.data, f.level) : f.data;
    std::uint32_t crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(f.data.data()), static_cast<uInt>(f.data.size())));
    if (f.corrupt_crc) crc ^= 0x00010000;
    const std::uint16_t flags = static_cast<std::uint16_t>((f.descriptor ? 0x0008 : 0) | f.extra_flags);
    const std::uint16_t version = f.zip64 ? 45 : 20;

    std::string extra;
    if (f.zip64) {
      put16(extra, 0x0001);
      put16(extra, 16);
      put64(extra, f.descriptor ? 0 : f.data.size());
      put64(extra, f.descriptor ? 0 : body.size());
    }
    put32(out, 0x04034b50);
    put16(out, version);
    put16(out, flags);
    put16(out, f.method);
    put16(out, 0);       // time
    put16(out, 0x0021);  // 1980-01-01
    put32(out, f.descriptor ? 0 : crc);
    put32(out, f.descriptor ? 0 : f.zip64 ? 0xFFFFFFFF : body.size());
    put32(out, f.descriptor ? 0 : f.zip64 ? 0xFFFFFFFF : f.data.size());
    put16(out, f.name.size());
    put16(out, extra.size());
    out += f.name;
    out += extra;
    out += body;
    if (f.descriptor) {
      if (f.descriptor_signature) put32(out, 0x08074b50);
      put32(out, crc);
      if (f.zip64) {
        put64(out, body.size());
        put64(out, f.data.size());
      } else {
        put32(out, body.size());
        put32(out, f.data.size());
      }
    }

    std::string central_extra;
    if (f.zip64) {
      put16(central_extra, 0x0001);
      put16(central_extra, 24);
      put64(central_extra, f.data.size());
      put64(central_extra, body.size());
      put64(central_extra, offset);
    }
    put32(central, 0x02014b50);
    put16(central, version);
    put16(central, version);
    put16(central, flags);
    put16(central, f.method);
    put16(central, 0);
    put16(central, 0x0021);
    put32(central, crc);
    put32(central, f.zip64 ? 0xFFFFFFFF : body.size());
    put32(central, f.zip64 ? 0xFFFFFFFF : f.data.size());
    put16(central, f.name.size());
    put16(central, central_extra.size());
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, 0);  // external attributes
    put32(central, f.zip64 ? 0xFFFFFFFF : offset);
    central += f.name;
    central += central_extra;
  }
  const std::uint64_t central_offset = out.size();
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, files.size());
  put16(out, files.size());
  put32(out, central.size());
  put32(out, central_offset);
  put16(out, 0);
  return out;
}

}  // namespace techo::test
