// libFuzzer's entry point for one target, named at compile time (TECHO_FUZZ_TARGET).
#include <cstdio>
#include <cstdlib>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const techo::Status answer = techo::fuzz::TECHO_FUZZ_TARGET(techo::crypto::ByteView(data, size));
  if (!answer && answer.error().code == techo::ErrorCode::kInternal) {
    std::fprintf(stderr, "fuzz target answered INTERNAL: %s (%s)\n", answer.error().message.c_str(),
                 answer.error().path.c_str());
    std::abort();  // a finding: libFuzzer saves the input
  }
  return 0;
}
