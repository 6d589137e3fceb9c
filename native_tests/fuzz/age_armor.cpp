// The ASCII armor decoder, fed the bytes whole and in pieces: both must answer the same
// and release the same bytes.
#include "age_armor.hpp"
#include "targets.hpp"

namespace techo::fuzz {
namespace {

struct Decoded {
  Status answer = Ok{};
  crypto::Bytes bytes;
};

template <typename Feed>
Decoded decode(Feed&& feed_all) {
  Decoded d;
  age::detail::ArmorDecoder decoder;
  const age::Sink keep = [&](crypto::ByteView b) -> Status {
    d.bytes.insert(d.bytes.end(), b.begin(), b.end());
    return Ok{};
  };
  d.answer = feed_all(decoder, keep);
  if (d.answer) d.answer = decoder.finish(keep);
  return d;
}

}  // namespace

Status age_armor(crypto::ByteView input) {
  const Decoded whole = decode([&](auto& decoder, const age::Sink& keep) { return decoder.push(input, keep); });
  const Decoded pieces = decode([&](auto& decoder, const age::Sink& keep) -> Status {
    Status s = Ok{};
    in_pieces(input, [&](crypto::ByteView piece) {
      if (s) s = decoder.push(piece, keep);
    });
    return s;
  });
  if (!same_answer(whole.answer, pieces.answer)) return broken("armor: whole and piecewise decoding disagree");
  if (whole.answer && whole.bytes != pieces.bytes) return broken("armor: whole and piecewise decoding released different bytes");
  return whole.answer;
}

}  // namespace techo::fuzz
