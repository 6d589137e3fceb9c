// The streaming zip reader (Apple Health's export.zip), fed whole and in pieces: both must
// answer the same and hand on the same entries, names, sizes and data. Every third entry
// is passed by (ZipAction::kSkip), so skipping is walked too. Small caps keep a run fast.
#include <vector>

#include "targets.hpp"
#include "zip_stream.hpp"

namespace techo::fuzz {
namespace {

struct Read {
  Status answer = Ok{};
  std::vector<std::string> entries;  // name, size and a digest of the data
  std::uint64_t bytes = 0;
  bool oversized_chunk = false;
};

std::uint64_t fnv1a(std::uint64_t h, crypto::ByteView bytes) {
  for (std::uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ull;
  return h;
}

template <typename Feed>
Read read(Feed&& feed_all) {
  Read r;
  std::uint64_t index = 0, digest = 0;
  detail::ZipLimits limits;
  limits.max_entry_bytes = 1u << 22;
  limits.max_total_bytes = 1u << 24;
  limits.ratio_after_bytes = 1u << 16;
  limits.max_entries = 4096;
  detail::ZipStream reader(
      "fuzz.zip",
      {[&](const detail::ZipEntry&) -> Result<detail::ZipAction> {
         digest = 0xcbf29ce484222325ull;
         return index++ % 3 == 2 ? detail::ZipAction::kSkip : detail::ZipAction::kRead;
       },
       [&](const detail::ZipEntry& e, crypto::ByteView chunk) -> Status {
         if (e.method == 8 && chunk.size() > 64 * 1024) r.oversized_chunk = true;
         digest = fnv1a(digest, chunk);
         r.bytes += chunk.size();
         return Ok{};
       },
       [&](const detail::ZipEntry& e) -> Status {
         r.entries.push_back(e.name + "|" + std::to_string(e.size.value_or(~0ull)) + "|" + std::to_string(digest));
         return Ok{};
       }},
      limits);
  r.answer = feed_all(reader);
  if (r.answer) r.answer = reader.finish();
  if (r.answer && reader.inflated_bytes() > limits.max_total_bytes) r.oversized_chunk = true;
  return r;
}

}  // namespace

Status zip(crypto::ByteView input) {
  const Read whole = read([&](auto& reader) { return reader.push(input); });
  const Read pieces = read([&](auto& reader) -> Status {
    Status s = Ok{};
    in_pieces(input, [&](crypto::ByteView piece) {
      if (s) s = reader.push(piece);
    });
    return s;
  });
  if (!same_answer(whole.answer, pieces.answer)) return broken("zip: whole and piecewise reading disagree");
  if (whole.answer && whole.entries != pieces.entries) return broken("zip: whole and piecewise reading found different entries");
  if (whole.oversized_chunk || pieces.oversized_chunk) return broken("zip: a chunk or a total beyond the reader's bounds");
  return whole.answer;
}

}  // namespace techo::fuzz
