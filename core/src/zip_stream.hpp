// A zip archive read as it arrives, piece by piece, in bounded memory: Apple Health's
// export.zip (apple_health_export/export.xml and friends) can be many GiB and comes in
// 1 MiB pieces from a stream that cannot seek, so the central directory at the end is of
// no use. The reader walks the local file headers in order instead, inflates (method 8)
// or copies (method 0) each entry's data and hands it on in chunks of at most 64 KiB
// (stored entries: as the pieces cut them), then checks the entry's CRC-32 and sizes.
// It stops at the central directory; what follows is not read.
//
// Memory: one header (at most 30 bytes + the name limit + 64 KiB of extra fields), zlib's
// 32 KiB window and a 64 KiB output buffer, whatever the archive's size.
//
// Handled: data descriptors (general-purpose bit 3: sizes and CRC after the data; a
// deflate stream ends itself), with or without their signature, 32- or 64-bit sizes;
// ZIP64 extra fields; sizes beyond 4 GiB. Refused with a clear error: encrypted entries,
// methods other than stored and deflated, stored entries with a data descriptor (their
// end cannot be found without the central directory; an empty one is read), names over
// the limit, entries that inflate past the size or ratio caps (zip bombs).
//
// Errors: MALFORMED_INPUT for bytes that are not a zip or are damaged (a CRC-32 that does
// not match, a truncated file), UNSUPPORTED for the refusals above. The path names the
// archive, the entry and the archive offset: "export.zip: apple_health_export/export.xml
// at byte 1234". An error a callback returns ends the reading and comes back with the
// archive and entry prepended to its own path ("export.zip: apple_health_export/export.xml:
// line 42"). After an error every later call answers the same error.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "techo/crypto.hpp"
#include "techo/result.hpp"

namespace techo::detail {

struct ZipLimits {
  std::size_t max_name_bytes = 4096;
  std::uint64_t max_entry_bytes = std::uint64_t{8} << 30;   // inflated size of one entry
  std::uint64_t max_total_bytes = std::uint64_t{32} << 30;  // inflated, all entries together
  // Inflated : compressed, per entry, checked once an entry has inflated past
  // ratio_after_bytes (deflate cannot exceed about 1032:1; XML reaches 20:1 or so).
  std::uint64_t max_ratio = 1000;
  std::uint64_t ratio_after_bytes = std::uint64_t{1} << 20;
  std::uint64_t max_entries = std::uint64_t{1} << 20;
};

struct ZipEntry {
  std::string name;            // as stored: UTF-8 when flags bit 11, in practice ASCII
  std::uint64_t offset = 0;    // of its local header in the archive
  std::uint16_t method = 0;    // 0 stored, 8 deflated
  std::uint16_t flags = 0;     // general-purpose bits
  bool zip64 = false;          // the local header carries a ZIP64 extra field
  // Unknown until the entry's end when it has a data descriptor.
  std::optional<std::uint64_t> size;             // inflated
  std::optional<std::uint64_t> compressed_size;

  bool has_data_descriptor() const { return (flags & 0x0008) != 0; }
  bool is_directory() const { return !name.empty() && name.back() == '/'; }
};

enum class ZipAction {
  kRead,  // hand its data to on_data, then call on_entry_end once it checked out
  // Pass it by: no callbacks for its data. An entry whose compressed size the header
  // states is skipped over unread (its CRC-32 unchecked); with a data descriptor only
  // inflating finds its end, so it is inflated and checked all the same.
  kSkip,
};

struct ZipHandler {
  // Each entry's header as it is reached; missing means read every entry.
  std::function<Result<ZipAction>(const ZipEntry&)> on_entry;
  // The entry's data in order. Unchecked until on_entry_end: a CRC-32 mismatch is found
  // only after the last chunk, so a caller keeps what it built provisional until then.
  std::function<Status(const ZipEntry&, crypto::ByteView chunk)> on_data;
  // The entry ended and its CRC-32 and sizes match; `entry.size` and
  // `entry.compressed_size` now hold the real sizes.
  std::function<Status(const ZipEntry&)> on_entry_end;
};

class ZipStream {
 public:
  // `source_name` ("export.zip") begins every error's path.
  ZipStream(std::string source_name, ZipHandler handler, ZipLimits limits = {});
  ~ZipStream();
  ZipStream(const ZipStream&) = delete;
  ZipStream& operator=(const ZipStream&) = delete;

  // The next bytes of the archive, any size (an empty piece is fine).
  [[nodiscard]] Status push(crypto::ByteView piece);
  // The archive ended: an error unless the central directory was reached.
  [[nodiscard]] Status finish();

  // Whether the central directory (or the end record of an empty archive) was reached:
  // further pieces are counted and ignored.
  bool done() const;
  std::uint64_t bytes_in() const;  // archive bytes pushed so far
  std::uint64_t entries() const;   // entries whose end was reached
  std::uint64_t inflated_bytes() const;  // data bytes produced, all entries

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace techo::detail
