// CP932 text as a QR reader hands it over (the お薬手帳 QR, JAHIS TC): read, written back and
// read again, which must give the same text; the same bytes taken as UTF-8 are written as
// CP932, which must read back; NFKC of what was read must be UTF-8 and stay as it is when
// folded again.
#include "targets.hpp"
#include "text_cp932.hpp"

namespace techo::fuzz {

Status cp932(crypto::ByteView input) {
  const std::string_view bytes = as_text(input);
  if (!text::cp932_to_utf8(text::utf8_to_cp932(bytes))) return broken("cp932: the encoder wrote bytes its reader refuses");
  (void)text::nfkc(bytes);  // ill-formed UTF-8 is copied through, never a crash
  auto read = text::cp932_to_utf8(bytes);
  if (!read) return std::move(read).error();
  if (!text::is_utf8(*read)) return broken("cp932: the text read is not UTF-8");
  std::vector<std::string> replaced;
  const std::string written = text::utf8_to_cp932(*read, &replaced);
  if (!replaced.empty()) return broken("cp932: a character read could not be written back");
  auto again = text::cp932_to_utf8(written);
  if (!again || *again != *read) return broken("cp932: read, written and read again, the text changed");
  const std::string folded = text::nfkc(*read);
  if (!text::is_utf8(folded)) return broken("cp932: NFKC wrote ill-formed UTF-8");
  if (text::nfkc(folded) != folded) return broken("cp932: NFKC folded its own answer again");
  return Ok{};
}

}  // namespace techo::fuzz
