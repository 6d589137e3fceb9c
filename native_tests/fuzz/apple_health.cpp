// Apple Health export.xml through the streaming expat reader, fed whole and in pieces:
// both must answer the same and read the same records and samples.
#include "targets.hpp"
#include "techo/lifelog_apple_health.hpp"

namespace techo::fuzz {
namespace {

struct Read {
  Status answer = Ok{};
  std::size_t records = 0, samples = 0, skipped = 0;
};

template <typename Feed>
Read read(Feed&& feed_all) {
  Read r;
  lifelog::AppleHealthReader reader([&](const lifelog::AppleHealthRecord&) -> Status { ++r.records; return Ok{}; },
                                    [&](const lifelog::Sample&) -> Status { ++r.samples; return Ok{}; });
  r.answer = feed_all(reader);
  if (r.answer) r.answer = reader.finish();
  r.skipped = reader.skipped().size();
  return r;
}

}  // namespace

Status apple_health(crypto::ByteView input) {
  const Read whole = read([&](auto& reader) { return reader.push(as_text(input)); });
  const Read pieces = read([&](auto& reader) -> Status {
    Status s = Ok{};
    in_pieces(input, [&](crypto::ByteView piece) {
      if (s) s = reader.push(as_text(piece));
    });
    return s;
  });
  if (!same_answer(whole.answer, pieces.answer)) return broken("apple health: whole and piecewise reading disagree");
  if (whole.answer && (whole.records != pieces.records || whole.samples != pieces.samples ||
                       whole.skipped != pieces.skipped)) {
    return broken("apple health: whole and piecewise reading found different records");
  }
  return whole.answer;
}

}  // namespace techo::fuzz
