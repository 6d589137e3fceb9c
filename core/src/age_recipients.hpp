// The recipient types age defines: X25519 (a public key) and scrypt (a passphrase). Each
// wraps the 16-byte file key in a header stanza, and unwraps it again. Private to core.
#pragma once

#include "age_header.hpp"
#include "techo/age.hpp"

namespace techo::age::detail {

using FileKey = crypto::Secret<kFileKeyBytes>;

Stanza wrap_x25519(const X25519Recipient& recipient, const FileKey& file_key);
Stanza wrap_scrypt(crypto::ByteView passphrase, unsigned log_n, const FileKey& file_key);

// Finds the file key in the header with the given identities. Stanzas of the two known
// types are checked for well-formedness whether or not they match (a malformed stanza is
// a header failure); stanzas of other types are skipped, as the spec says.
[[nodiscard]] Result<FileKey> unwrap_file_key(const Header& header, const DecryptOptions& options);

}  // namespace techo::age::detail
