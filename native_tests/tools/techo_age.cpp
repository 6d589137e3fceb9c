// techo_age: the core's age and envelope code as a command-line tool, for the interop
// tests against the stock `age` CLI, the benchmarks, and generating the demo assets.
//
//   techo_age keygen
//   techo_age encrypt [-a] (-r age1… ... | -p) [-o OUT] [IN]
//   techo_age decrypt (-i IDENTITY_FILE | -p) [-o OUT] [IN]
//   techo_age seal --seed HEX64 --issuer NAME --created RFC3339 [--recipient R] [--media-type T] [-o OUT] [IN]
//   techo_age issuer-key --seed HEX64
//
// -p reads the passphrase from the environment variable TECHO_AGE_PASSPHRASE (the tool is
// for scripts; it never prompts). Input and output default to stdin and stdout.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "techo/age.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"

namespace age = techo::age;
namespace crypto = techo::crypto;

namespace {

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "techo_age: %s\n", message.c_str());
  std::exit(1);
}

[[noreturn]] void fail(const techo::Error& e) {
  fail(std::string(techo::error_code_name(e.code)) + ": " + e.message + (e.path.empty() ? "" : " (at " + e.path + ")"));
}

struct Args {
  std::string command;
  std::vector<std::string> recipients;
  std::string identity_file, out, in, seed, issuer, created, recipient, media_type;
  bool armor = false, passphrase = false;
};

Args parse_args(int argc, char** argv) {
  if (argc < 2) fail("usage: techo_age keygen|encrypt|decrypt|seal|issuer-key ...");
  Args a;
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) fail(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "-a") a.armor = true;
    else if (arg == "-p") a.passphrase = true;
    else if (arg == "-r") a.recipients.push_back(next());
    else if (arg == "-i") a.identity_file = next();
    else if (arg == "-o") a.out = next();
    else if (arg == "--seed") a.seed = next();
    else if (arg == "--issuer") a.issuer = next();
    else if (arg == "--created") a.created = next();
    else if (arg == "--recipient") a.recipient = next();
    else if (arg == "--media-type") a.media_type = next();
    else if (!arg.empty() && arg[0] == '-') fail("unknown option " + arg);
    else a.in = arg;
  }
  return a;
}

FILE* open_in(const std::string& path) {
  if (path.empty()) return stdin;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail("cannot read " + path);
  return f;
}

FILE* open_out(const std::string& path) {
  if (path.empty()) return stdout;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) fail("cannot write " + path);
  return f;
}

std::string read_all(FILE* f) {
  std::string data;
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) data.append(buffer, n);
  return data;
}

crypto::SecretBytes passphrase_from_env() {
  const char* p = std::getenv("TECHO_AGE_PASSPHRASE");
  if (!p || !*p) fail("-p reads the passphrase from TECHO_AGE_PASSPHRASE, which is not set");
  return crypto::SecretBytes(crypto::as_bytes(p));
}

age::Sink write_to(FILE* out) {
  return [out](crypto::ByteView bytes) -> techo::Status {
    if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) {
      return techo::Error{techo::ErrorCode::kStorage, "write failed", {}};
    }
    return techo::Ok{};
  };
}

// Streams in 1 MiB pieces: memory stays bounded whatever the file size.
template <typename Stream>
void pump(Stream& stream, FILE* in, FILE* out) {
  std::vector<std::uint8_t> buffer(1 << 20);
  const auto sink = write_to(out);
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
    if (auto s = stream.push(crypto::ByteView(buffer.data(), n), sink); !s) fail(s.error());
  }
  if (auto s = stream.finish(sink); !s) fail(s.error());
}

crypto::Ed25519KeyPair issuer_from_seed(const std::string& hex) {
  if (hex.size() != 64) fail("--seed takes 64 hex digits");
  std::array<std::uint8_t, 32> seed;
  for (std::size_t i = 0; i < 32; ++i) seed[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return crypto::ed25519_from_seed(seed);
}

}  // namespace

int main(int argc, char** argv) {
  if (!crypto::init()) fail("libsodium could not initialize");
  const Args a = parse_args(argc, argv);

  if (a.command == "keygen") {
    const auto identity = age::X25519Identity::generate();
    std::printf("# public key: %s\n%s\n", identity.recipient().to_string().c_str(), identity.to_string().c_str());
    return 0;
  }
  if (a.command == "encrypt") {
    age::EncryptOptions options;
    options.armor = a.armor;
    for (const auto& r : a.recipients) {
      auto recipient = age::X25519Recipient::parse(r);
      if (!recipient) fail(recipient.error());
      options.recipients.push_back(*recipient);
    }
    if (a.passphrase) options.passphrase = passphrase_from_env();
    auto encryptor = age::Encryptor::create(std::move(options));
    if (!encryptor) fail(encryptor.error());
    FILE* in = open_in(a.in);
    FILE* out = open_out(a.out);
    pump(*encryptor, in, out);
    std::fclose(out);
    return 0;
  }
  if (a.command == "decrypt") {
    age::DecryptOptions options;
    if (!a.identity_file.empty()) {
      FILE* f = open_in(a.identity_file);
      auto identities = age::parse_identity_file(read_all(f));
      std::fclose(f);
      if (!identities) fail(identities.error());
      options.identities = std::move(identities).value();
    }
    if (a.passphrase) options.passphrase = passphrase_from_env();
    age::Decryptor decryptor(std::move(options));
    FILE* in = open_in(a.in);
    FILE* out = open_out(a.out);
    pump(decryptor, in, out);
    std::fclose(out);
    return 0;
  }
  if (a.command == "seal") {
    techo::envelope::Envelope fields;
    fields.issuer_name = a.issuer;
    fields.created = a.created;
    fields.recipient = a.recipient;
    if (!a.media_type.empty()) fields.media_type = a.media_type;
    if (!techo::envelope::is_known_media_type(fields.media_type)) fail("Techo does not read media type " + fields.media_type);
    if (fields.issuer_name.empty() || fields.created.empty()) fail("seal needs --issuer and --created");
    FILE* in = open_in(a.in);
    const std::string payload = read_all(in);
    // Signed over RFC 8785 canonical JSON (envelope::seal), as any JCS signer would.
    auto sealed = techo::envelope::seal(fields, crypto::as_bytes(payload), issuer_from_seed(a.seed));
    if (!sealed) fail(sealed.error());
    FILE* out = open_out(a.out);
    std::fwrite(sealed->data(), 1, sealed->size(), out);
    std::fclose(out);
    return 0;
  }
  if (a.command == "issuer-key") {
    const auto key = issuer_from_seed(a.seed);
    std::printf("%s\n", techo::encoding::base64_encode(key.public_key, techo::encoding::Padding::kRequired).c_str());
    return 0;
  }
  fail("unknown command " + a.command);
}
