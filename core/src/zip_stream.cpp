#include "zip_stream.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <vector>

namespace techo::detail {
namespace {

constexpr std::uint32_t kLocalHeaderSig = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kZip64EndSig = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50;
constexpr std::uint32_t kDigitalSignatureSig = 0x05054b50;
constexpr std::uint32_t kArchiveExtraDataSig = 0x08064b50;
constexpr std::uint32_t kDescriptorSig = 0x08074b50;  // also the split-archive marker at byte 0
constexpr std::uint32_t kSingleSegmentSig = 0x30304b50;  // "PK00": a split archive of one segment

constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kLongestDescriptor = 4 + 4 + 8 + 8;  // signature, CRC-32, two 64-bit sizes
constexpr std::size_t kOutputBuffer = 64 * 1024;
constexpr std::uint64_t kNoSize32 = 0xFFFFFFFF;

constexpr std::uint16_t kFlagEncrypted = 0x0001;
constexpr std::uint16_t kFlagStrongEncryption = 0x0040;
constexpr std::uint16_t kFlagMaskedHeader = 0x2000;

std::uint16_t le16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
}
std::uint64_t le64(const std::uint8_t* p) { return std::uint64_t{le32(p)} | (std::uint64_t{le32(p + 4)} << 32); }

std::string method_name(std::uint16_t method) {
  switch (method) {
    case 9: return "Deflate64";
    case 12: return "bzip2";
    case 14: return "LZMA";
    case 93: return "Zstandard";
    case 95: return "XZ";
    case 98: return "PPMd";
    default: return "method " + std::to_string(method);
  }
}

// Entry names go into error paths: control characters would garble the message.
std::string printable(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

std::string hex32(std::uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kDigits[v & 0xF];
  return out;
}

enum class State { kSignature, kLocalHeader, kNames, kData, kPassOver, kDescriptor, kDone, kFailed };

}  // namespace

struct ZipStream::Impl {
  std::string source;
  ZipHandler handler;
  ZipLimits limits;

  State state = State::kSignature;
  std::optional<Error> failure;
  // Header bytes being gathered; hold[0] is at archive offset `offset - hold.size()`.
  std::vector<std::uint8_t> hold;
  std::uint64_t offset = 0;  // archive bytes taken so far
  std::uint64_t entries_done = 0;
  std::uint64_t total_out = 0;

  // The entry being read.
  ZipEntry entry;
  ZipAction action = ZipAction::kRead;
  std::uint32_t header_crc = 0;
  std::uint32_t crc = 0;
  std::uint64_t in_count = 0;   // its compressed bytes consumed
  std::uint64_t out_count = 0;  // its data bytes produced

  z_stream z{};
  bool z_ready = false;
  std::vector<std::uint8_t> out;

  Impl(std::string s, ZipHandler h, ZipLimits l) : source(std::move(s)), handler(std::move(h)), limits(l) {}
  ~Impl() {
    if (z_ready) inflateEnd(&z);
  }

  // ---- errors ------------------------------------------------------------------------

  std::string where(bool with_entry, std::uint64_t at) const {
    std::string path = source;
    if (with_entry) {
      if (!path.empty()) path.append(": ");
      path.append(printable(entry.name));
    }
    if (!path.empty()) path.append(" ");
    path.append("at byte ").append(std::to_string(at));
    return path;
  }
  std::uint64_t hold_offset() const { return offset - hold.size(); }
  Error header_error(ErrorCode code, std::string message, bool with_entry) const {
    return Error{code, std::move(message), where(with_entry, entry.offset)};
  }
  Error data_error(ErrorCode code, std::string message) const { return Error{code, std::move(message), where(true, offset)}; }
  // A callback's own error, placed in the archive and entry.
  Error from_callback(const Error& e) const {
    return e.within(source.empty() ? printable(entry.name) : source + ": " + printable(entry.name));
  }

  // ---- the byte walk -------------------------------------------------------------------

  // Moves bytes from `in` into `hold` until it holds n; whether it does.
  bool gather(crypto::ByteView& in, std::size_t n) {
    if (hold.size() >= n) return true;
    const std::size_t take = std::min(n - hold.size(), in.size());
    hold.insert(hold.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(take));
    in = in.subspan(take);
    offset += take;
    return hold.size() == n;
  }

  Status step(crypto::ByteView& in) {
    switch (state) {
      case State::kSignature: return read_signature(in);
      case State::kLocalHeader: return read_local_header(in);
      case State::kNames: return read_names(in);
      case State::kData: return entry.method == 0 ? copy_stored(in) : inflate_data(in);
      case State::kPassOver: return pass_over(in);
      case State::kDescriptor: return read_descriptor(in);
      case State::kDone:
      case State::kFailed: break;
    }
    offset += in.size();
    in = {};
    return Ok{};
  }

  Status read_signature(crypto::ByteView& in) {
    if (!gather(in, 4)) return Ok{};
    const std::uint32_t sig = le32(hold.data());
    const std::uint64_t at = hold_offset();
    switch (sig) {
      case kLocalHeaderSig:
        if (entries_done >= limits.max_entries) {
          return Error{ErrorCode::kUnsupported, "the archive holds more than " + std::to_string(limits.max_entries) + " entries",
                       where(false, at)};
        }
        entry = ZipEntry{};
        entry.offset = at;
        state = State::kLocalHeader;
        return Ok{};
      case kCentralHeaderSig:
      case kEndSig:
      case kZip64EndSig:
      case kZip64LocatorSig:
      case kDigitalSignatureSig:
      case kArchiveExtraDataSig:
        state = State::kDone;
        hold.clear();
        return Ok{};
      case kDescriptorSig:
      case kSingleSegmentSig:
        if (at == 0) {  // the marker a split (spanned) archive begins with: its entries follow
          hold.clear();
          return Ok{};
        }
        break;
      default: break;
    }
    if (at == 0) return Error{ErrorCode::kMalformedInput, "not a zip file (it does not begin with a zip entry header)", where(false, 0)};
    return Error{ErrorCode::kMalformedInput, "expected the next zip entry header or the central directory here",
                 where(false, at)};
  }

  Status read_local_header(crypto::ByteView& in) {
    if (!gather(in, kLocalHeaderSize)) return Ok{};
    const std::uint8_t* h = hold.data();
    const std::size_t name_length = le16(h + 26);
    if (name_length > limits.max_name_bytes) {
      return header_error(ErrorCode::kUnsupported,
                          "an entry name of " + std::to_string(name_length) + " bytes (the limit is " +
                              std::to_string(limits.max_name_bytes) + ")",
                          false);
    }
    if (name_length == 0) return header_error(ErrorCode::kMalformedInput, "a zip entry without a name", false);
    state = State::kNames;
    return Ok{};
  }

  Status read_names(crypto::ByteView& in) {
    const std::size_t name_length = le16(hold.data() + 26), extra_length = le16(hold.data() + 28);
    if (!gather(in, kLocalHeaderSize + name_length + extra_length)) return Ok{};
    const std::uint8_t* h = hold.data();
    entry.flags = le16(h + 6);
    entry.method = le16(h + 8);
    header_crc = le32(h + 14);
    std::uint64_t compressed = le32(h + 18), size = le32(h + 22);
    entry.name.assign(reinterpret_cast<const char*>(h + kLocalHeaderSize), name_length);

    // ZIP64 (header id 1): the 64-bit sizes, in this order, of the fields that read
    // 0xFFFFFFFF; a local header is meant to carry both. Other extra fields are passed by.
    const std::uint8_t* extra = h + kLocalHeaderSize + name_length;
    for (std::size_t at = 0; at + 4 <= extra_length;) {
      const std::uint16_t id = le16(extra + at), length = le16(extra + at + 2);
      if (at + 4 + length > extra_length) break;  // padding or a damaged field: not ours to judge
      if (id == 0x0001) {
        entry.zip64 = true;
        const std::uint8_t* v = extra + at + 4;
        if (length >= 16) {
          if (size == kNoSize32) size = le64(v);
          if (compressed == kNoSize32) compressed = le64(v + 8);
        } else if (length >= 8) {
          if (size == kNoSize32) size = le64(v);
          else if (compressed == kNoSize32) compressed = le64(v);
        }
      }
      at += 4 + std::size_t{length};
    }

    if ((entry.flags & (kFlagEncrypted | kFlagStrongEncryption | kFlagMaskedHeader)) != 0 || entry.method == 99) {
      return header_error(ErrorCode::kUnsupported,
                          "this entry is encrypted (password-protected), which is not supported: export the data again "
                          "without a password",
                          true);
    }
    if (entry.method != 0 && entry.method != 8) {
      return header_error(ErrorCode::kUnsupported,
                          "this entry is compressed with " + method_name(entry.method) +
                              ", which is not supported (only stored and deflated entries are)",
                          true);
    }
    if (!entry.has_data_descriptor()) {
      if (!entry.zip64 && (size == kNoSize32 || compressed == kNoSize32)) {
        return header_error(ErrorCode::kMalformedInput, "the entry's sizes are marked ZIP64 but it has no ZIP64 extra field", true);
      }
      entry.size = size;
      entry.compressed_size = compressed;
      if (entry.method == 0 && size != compressed) {
        return header_error(ErrorCode::kMalformedInput, "a stored entry whose compressed and inflated sizes differ", true);
      }
    }

    auto wanted = handler.on_entry ? handler.on_entry(entry) : Result<ZipAction>(ZipAction::kRead);
    if (!wanted) return from_callback(wanted.error());
    action = *wanted;
    if (entry.size && action == ZipAction::kRead) {
      if (Status s = check_declared(*entry.size, *entry.compressed_size); !s) return s;
    }

    hold.clear();
    crc = 0;
    in_count = 0;
    out_count = 0;
    if (action == ZipAction::kSkip && entry.compressed_size) {
      state = State::kPassOver;
      return *entry.compressed_size == 0 ? end_entry() : Status(Ok{});
    }
    if (entry.method == 8) {
      if (Status s = start_inflate(); !s) return s;
    }
    state = State::kData;
    if (entry.method == 0 && entry.has_data_descriptor()) return end_of_data();  // only an empty one reads
    if (entry.method == 0 && *entry.size == 0) return end_of_data();
    return Ok{};
  }

  // Sizes the header states, refused before any work when they break the caps.
  Status check_declared(std::uint64_t size, std::uint64_t compressed) const {
    if (size > limits.max_entry_bytes) {
      return header_error(ErrorCode::kUnsupported,
                          "the entry inflates to " + std::to_string(size) + " bytes, more than the limit of " +
                              std::to_string(limits.max_entry_bytes),
                          true);
    }
    if (size > limits.ratio_after_bytes && compressed > 0 && size / compressed >= limits.max_ratio &&
        size > limits.max_ratio * compressed) {
      return header_error(ErrorCode::kUnsupported,
                          "the entry would inflate more than " + std::to_string(limits.max_ratio) +
                              " times its compressed size, which is refused as a zip bomb",
                          true);
    }
    return Ok{};
  }

  Status start_inflate() {
    if (!z_ready) {
      z = z_stream{};
      // Raw deflate (negative window bits): zip entries carry no zlib header.
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return Error{ErrorCode::kInternal, "zlib could not start inflating", where(true, offset)};
      z_ready = true;
      out.resize(kOutputBuffer);
    } else if (inflateReset(&z) != Z_OK) {
      return Error{ErrorCode::kInternal, "zlib could not restart inflating", where(true, offset)};
    }
    return Ok{};
  }

  // Counts, caps and hands on `n` data bytes of the entry.
  Status deliver(const std::uint8_t* data, std::size_t n) {
    out_count += n;
    total_out += n;
    if (out_count > limits.max_entry_bytes) {
      return data_error(ErrorCode::kUnsupported,
                        "the entry inflates to more than the limit of " + std::to_string(limits.max_entry_bytes) + " bytes");
    }
    if (total_out > limits.max_total_bytes) {
      return data_error(ErrorCode::kUnsupported, "the archive inflates to more than the limit of " +
                                                     std::to_string(limits.max_total_bytes) + " bytes in all");
    }
    if (entry.method == 8 && out_count > limits.ratio_after_bytes && out_count / std::max<std::uint64_t>(in_count, 1) >= limits.max_ratio &&
        out_count > limits.max_ratio * in_count) {
      return data_error(ErrorCode::kUnsupported, "the entry inflates more than " + std::to_string(limits.max_ratio) +
                                                     " times its compressed size, which is refused as a zip bomb");
    }
    crc = static_cast<std::uint32_t>(crc32_z(crc, data, n));
    if (action == ZipAction::kRead && handler.on_data) {
      if (Status s = handler.on_data(entry, crypto::ByteView(data, n)); !s) return from_callback(s.error());
    }
    return Ok{};
  }

  Status copy_stored(crypto::ByteView& in) {
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(in.size(), *entry.size - out_count));
    const std::uint8_t* data = in.data();
    in = in.subspan(take);
    offset += take;
    in_count += take;
    if (take > 0) {
      if (Status s = deliver(data, take); !s) return s;
    }
    return out_count == *entry.size ? end_of_data() : Status(Ok{});
  }

  Status inflate_data(crypto::ByteView& in) {
    for (;;) {
      std::uint64_t avail = in.size();
      if (entry.compressed_size) avail = std::min(avail, *entry.compressed_size - in_count);
      avail = std::min<std::uint64_t>(avail, std::numeric_limits<uInt>::max() / 2);
      z.next_in = const_cast<Bytef*>(in.data());
      z.avail_in = static_cast<uInt>(avail);
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      const int rc = inflate(&z, Z_NO_FLUSH);
      const std::size_t used = static_cast<std::size_t>(avail - z.avail_in);
      const std::size_t produced = out.size() - z.avail_out;
      in = in.subspan(used);
      offset += used;
      in_count += used;
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        const std::string why = z.msg ? z.msg : "zlib error " + std::to_string(rc);
        if (rc == Z_MEM_ERROR) return data_error(ErrorCode::kInternal, "out of memory while inflating");
        return data_error(ErrorCode::kMalformedInput, "the entry's deflate data is damaged (" + why + ")");
      }
      if (produced > 0) {
        if (Status s = deliver(out.data(), produced); !s) return s;
      }
      if (rc == Z_STREAM_END) return end_of_data();
      if (produced == out.size()) continue;  // more may be waiting inside zlib
      if (entry.compressed_size && in_count == *entry.compressed_size) {
        return data_error(ErrorCode::kMalformedInput, "the entry's deflate data does not end within its compressed size");
      }
      if (in.empty()) return Ok{};
      if (used == 0 && produced == 0) return data_error(ErrorCode::kInternal, "zlib made no progress");
    }
  }

  Status pass_over(crypto::ByteView& in) {
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(in.size(), *entry.compressed_size - in_count));
    in = in.subspan(take);
    offset += take;
    in_count += take;
    if (in_count < *entry.compressed_size) return Ok{};
    return end_entry();
  }

  Status end_of_data() {
    if (entry.has_data_descriptor()) {
      state = State::kDescriptor;
      return Ok{};
    }
    if (entry.method == 8 && in_count != *entry.compressed_size) {
      return data_error(ErrorCode::kMalformedInput, "the entry's deflate data ends before its compressed size");
    }
    if (out_count != *entry.size) {
      return data_error(ErrorCode::kMalformedInput, "the entry inflates to " + std::to_string(out_count) +
                                                        " bytes, not the " + std::to_string(*entry.size) + " its header states");
    }
    if (crc != header_crc) return crc_error(header_crc);
    return end_entry();
  }

  Error crc_error(std::uint32_t recorded) const {
    return data_error(ErrorCode::kMalformedInput, "the entry is damaged: its CRC-32 is " + hex32(crc) + ", the archive records " +
                                                      hex32(recorded));
  }

  // A data descriptor: optional signature, CRC-32, then compressed and inflated sizes, 32
  // or 64 bits each. Writers differ on the signature and on when they widen the sizes,
  // so each reading is tried against what the data turned out to be, and the bytes after
  // it must begin the next header ("PK").
  Status read_descriptor(crypto::ByteView& in) {
    if (!gather(in, kLongestDescriptor)) return Ok{};
    const bool wide_expected = entry.zip64 || in_count > kNoSize32 || out_count > kNoSize32;
    const bool signed_first = le32(hold.data()) == kDescriptorSig;
    struct Reading {
      bool with_signature, wide;
    };
    const std::array<Reading, 4> readings{{{true, wide_expected}, {true, !wide_expected}, {false, wide_expected}, {false, !wide_expected}}};
    for (const Reading& r : readings) {
      if (r.with_signature && !signed_first) continue;
      const std::uint8_t* p = hold.data() + (r.with_signature ? 4 : 0);
      const std::size_t length = (r.with_signature ? 4 : 0) + 4 + (r.wide ? 16 : 8);
      const std::uint64_t compressed = r.wide ? le64(p + 4) : le32(p + 4);
      const std::uint64_t size = r.wide ? le64(p + 12) : le32(p + 8);
      const bool next_is_header = length + 2 > hold.size() || (hold[length] == 'P' && hold[length + 1] == 'K');
      if (le32(p) == crc && compressed == in_count && size == out_count && next_is_header) {
        entry.size = size;
        entry.compressed_size = compressed;
        hold.erase(hold.begin(), hold.begin() + static_cast<std::ptrdiff_t>(length));  // the rest begins the next header
        return end_entry();
      }
    }
    const std::uint64_t at = hold_offset();
    if (entry.method == 0) {
      return Error{ErrorCode::kUnsupported,
                   "a stored (uncompressed) entry with a data descriptor: its end cannot be found in a stream, so it "
                   "is not supported; export it again compressed",
                   where(true, entry.offset)};
    }
    const std::uint32_t recorded = le32(hold.data() + (signed_first ? 4 : 0));
    if (recorded != crc) {
      Error e = crc_error(recorded);
      e.path = where(true, at);
      return e;
    }
    return Error{ErrorCode::kMalformedInput, "the entry's data descriptor does not match its data (" + std::to_string(in_count) +
                                                 " compressed bytes inflated to " + std::to_string(out_count) + ")",
                 where(true, at)};
  }

  Status end_entry() {
    ++entries_done;
    state = State::kSignature;
    if (action == ZipAction::kRead && handler.on_entry_end) {
      if (entry.method == 8 && !entry.compressed_size) entry.compressed_size = in_count;
      if (!entry.size) entry.size = out_count;
      if (Status s = handler.on_entry_end(entry); !s) return from_callback(s.error());
    }
    return Ok{};
  }

  Error truncated() const {
    switch (state) {
      case State::kSignature:
        if (offset == 0) return Error{ErrorCode::kMalformedInput, "not a zip file (it is empty)", where(false, 0)};
        return Error{ErrorCode::kMalformedInput, "the zip file ends before its central directory (it is truncated)",
                     where(false, offset)};
      case State::kLocalHeader:
      case State::kNames:
        return Error{ErrorCode::kMalformedInput, "the zip file ends inside an entry's header (it is truncated)",
                     where(false, entry.offset)};
      default:
        return Error{ErrorCode::kMalformedInput, "the zip file ends inside this entry (it is truncated)", where(true, offset)};
    }
  }
};

ZipStream::ZipStream(std::string source_name, ZipHandler handler, ZipLimits limits)
    : impl_(std::make_unique<Impl>(std::move(source_name), std::move(handler), limits)) {}
ZipStream::~ZipStream() = default;

Status ZipStream::push(crypto::ByteView piece) {
  Impl& m = *impl_;
  if (m.failure) return *m.failure;
  while (!piece.empty()) {
    if (Status s = m.step(piece); !s) {
      m.failure = s.error();
      m.state = State::kFailed;
      return s;
    }
  }
  return Ok{};
}

Status ZipStream::finish() {
  Impl& m = *impl_;
  if (m.failure) return *m.failure;
  // Every entry's end shows in its own bytes (a stored size, the deflate stream's last
  // block, a descriptor that a valid archive always follows with 22 bytes or more), so
  // anything short of the central directory is a truncated file.
  if (m.state != State::kDone) {
    m.failure = m.truncated();
    m.state = State::kFailed;
    return *m.failure;
  }
  return Ok{};
}

bool ZipStream::done() const { return impl_->state == State::kDone; }
std::uint64_t ZipStream::bytes_in() const { return impl_->offset; }
std::uint64_t ZipStream::entries() const { return impl_->entries_done; }
std::uint64_t ZipStream::inflated_bytes() const { return impl_->total_out; }

}  // namespace techo::detail
