// A whole age file (binary or armored) decrypted with the X25519 identity and the
// passphrase most C2SP CCTV vectors use, so that files built from those vectors reach the
// payload (STREAM) path. Decrypted whole and in pieces: both must answer the same and
// release the same plaintext.
#include "targets.hpp"
#include "techo/age.hpp"

namespace techo::fuzz {
namespace {

constexpr std::string_view kIdentity = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";
constexpr std::string_view kPassphrase = "password";
// The vectors use logN 10; higher work factors would only make the fuzzer slow.
constexpr unsigned kFuzzMaxScryptLogN = 12;

age::DecryptOptions options() {
  static const auto identity = age::X25519Identity::parse(kIdentity);
  age::DecryptOptions o;
  o.identities.push_back(identity.value());
  o.passphrase = crypto::SecretBytes(crypto::as_bytes(kPassphrase));
  o.max_scrypt_log_n = kFuzzMaxScryptLogN;
  return o;
}

struct Decrypted {
  Status answer = Ok{};
  crypto::Sha256 plaintext;
  std::uint64_t bytes = 0;
};

template <typename Feed>
void decrypt(Decrypted& d, Feed&& feed_all) {
  age::Decryptor decryptor(options());
  const age::Sink keep = [&](crypto::ByteView b) -> Status {
    d.plaintext.update(b);
    d.bytes += b.size();
    return Ok{};
  };
  d.answer = feed_all(decryptor, keep);
  if (d.answer) d.answer = decryptor.finish(keep);
  if (d.answer && d.bytes != decryptor.plaintext_bytes()) d.answer = broken("decrypt: plaintext_bytes() miscounts");
}

}  // namespace

Status age_decrypt(crypto::ByteView input) {
  Decrypted whole, pieces;
  decrypt(whole, [&](auto& decryptor, const age::Sink& keep) { return decryptor.push(input, keep); });
  decrypt(pieces, [&](auto& decryptor, const age::Sink& keep) -> Status {
    Status s = Ok{};
    in_pieces(input, [&](crypto::ByteView piece) {
      if (s) s = decryptor.push(piece, keep);
    });
    return s;
  });
  if (!same_answer(whole.answer, pieces.answer)) return broken("decrypt: whole and piecewise decryption disagree");
  if (whole.bytes != pieces.bytes || whole.plaintext.finish() != pieces.plaintext.finish()) {
    return broken("decrypt: whole and piecewise decryption released different plaintext");
  }
  return whole.answer;
}

}  // namespace techo::fuzz
