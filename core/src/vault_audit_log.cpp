#include "vault_audit_log.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <unordered_map>

#include "techo/crypto.hpp"
#include "techo/encoding.hpp"
#include "techo/envelope.hpp"
#include "techo/jcs.hpp"
#include "vault_commits.hpp"
#include "vault_key_lifecycle.hpp"
#include "vault_profile_keys.hpp"

namespace techo::detail {
namespace {

using nlohmann::json;
using Hash = std::array<std::uint8_t, 32>;

constexpr std::string_view kCheckpointType = "techo-audit-checkpoint/v1";
// Numbers in the hashed JSON are written as integers, which RFC 8785 (ECMAScript doubles)
// writes the same way only up to 2^53.
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;
// A badly damaged log would otherwise answer with one problem per entry.
constexpr std::size_t kMaxProblems = 1000;

Error log_error(ErrorCode code, std::string message) { return Error{code, std::move(message), "audit_log"}; }

std::string hex(const Hash& h) { return encoding::hex_encode(h); }

bool read_hash(std::span<const std::uint8_t> bytes, Hash& out) {
  if (bytes.size() != out.size()) return false;
  std::memcpy(out.data(), bytes.data(), out.size());
  return true;
}

// The RFC 8785 form of {"seq", "at", "action", "person", "grantId", "detail", "prev"},
// written out directly: members in code-unit order (action, at, detail, grantId, person,
// prev, seq), `detail` already canonical. Verify hashes 100,000 entries this way without
// building and sorting a JSON object per entry; a native test checks it against
// jcs::canonicalize of the object.
Result<std::string> hashed_text(std::int64_t seq, const std::string& at, const std::string& action, std::int64_t person,
                                std::int64_t grant_id, std::string_view canonical_detail, const Hash& prev) {
  auto action_text = jcs::canonicalize(json(action));
  if (!action_text) return std::move(action_text).error();
  auto at_text = jcs::canonicalize(json(at));
  if (!at_text) return std::move(at_text).error();
  std::string out;
  out.reserve(160 + canonical_detail.size());
  out += R"({"action":)";
  out += *action_text;
  out += R"(,"at":)";
  out += *at_text;
  out += R"(,"detail":)";
  out += canonical_detail;
  out += R"(,"grantId":)";
  out += std::to_string(grant_id);
  out += R"(,"person":)";
  out += std::to_string(person);
  out += R"(,"prev":")";
  out += hex(prev);
  out += R"(","seq":)";
  out += std::to_string(seq);
  out += '}';
  return out;
}

Result<Hash> entry_hash(std::int64_t seq, const std::string& at, const std::string& action, std::int64_t person,
                        std::int64_t grant_id, std::string_view canonical_detail, const Hash& prev) {
  auto text = hashed_text(seq, at, action, person, grant_id, canonical_detail, prev);
  if (!text) return std::move(text).error();
  return crypto::blake2b256(crypto::as_bytes(*text));
}

// The account holder, whose key signs checkpoints; none before the first Patient.
Result<std::optional<std::int64_t>> account_holder(sqlite::Database& db) {
  auto stmt = db.prepare("SELECT id FROM profiles WHERE relationship = 'self' ORDER BY id LIMIT 1");
  if (!stmt) return std::move(stmt).error();
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(stmt->column_int(0));
}

Result<std::string> checkpoint_message(const std::string& vault_id, std::int64_t seq, const Hash& head,
                                       const std::string& signed_at, const std::string& key_id) {
  return jcs::canonicalize(json{{"type", kCheckpointType},
                                {"vaultId", vault_id},
                                {"seq", seq},
                                {"head", hex(head)},
                                {"signedAt", signed_at},
                                {"keyId", key_id}});
}

// Where the next entry continues the chain. An encrypted vault trusts its authenticated
// header over the rows (a cut followed by new entries then shows as a gap); an
// unencrypted one has only the rows.
struct ChainEnd {
  std::int64_t seq = 0;
  Hash head{};
  std::int64_t checkpoint = 0;
};

Result<ChainEnd> chain_end(VaultConnection& connection) {
  if (connection.vfs) {
    const AuditHead& h = connection.vfs->ledger().audit_head();
    return ChainEnd{static_cast<std::int64_t>(h.entries), h.head, static_cast<std::int64_t>(h.checkpoint)};
  }
  auto stmt = connection.db.prepare(
      "SELECT seq, entry_hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC, id DESC LIMIT 1");
  if (!stmt) return std::move(stmt).error();
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  ChainEnd end;
  if (*row) {
    end.seq = stmt->column_int(0);
    if (!read_hash(stmt->column_blob(1), end.head)) return log_error(ErrorCode::kVaultCorrupt, "the newest log entry has no hash");
  }
  return end;
}

void stage(VaultConnection& connection, const ChainEnd& end) {
  if (!connection.vfs) return;
  connection.vfs->ledger().stage_audit_head(
      AuditHead{static_cast<std::uint64_t>(end.seq), end.head, static_cast<std::uint64_t>(end.checkpoint)});
}

}  // namespace

std::string audit_now() {
  const auto now = std::chrono::system_clock::now();
  const auto t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms));
  return buf;
}

Status append_audit(VaultConnection& connection, const AuditEvent& event) {
  return append_audit_at(connection, event, audit_now());
}

Status append_audit_at(VaultConnection& connection, const AuditEvent& event, const std::string& at) {
  auto& db = connection.db;
  if (!db.in_transaction()) {
    return log_error(ErrorCode::kInternal, "a log entry is appended inside the transaction of the work it records");
  }
  if (event.action.empty()) return Error{ErrorCode::kInvalidArgument, "a log entry needs an action", "action"};
  if (!event.detail.is_object()) return Error{ErrorCode::kInvalidArgument, "a log entry's detail is a JSON object", "detail"};
  if (std::abs(event.person) >= kMaxExactInteger || std::abs(event.grant_id) >= kMaxExactInteger) {
    return Error{ErrorCode::kInvalidArgument, "a log entry's person and grant are ids below 2^53", "person"};
  }
  auto detail = jcs::canonicalize(event.detail);
  if (!detail) return std::move(detail).error().within("detail");
  auto end = chain_end(connection);
  if (!end) return std::move(end).error();
  const std::int64_t seq = end->seq + 1;
  auto hash = entry_hash(seq, at, event.action, event.person, event.grant_id, *detail, end->head);
  if (!hash) return std::move(hash).error().within("action");

  auto insert = db.prepare(
      "INSERT INTO audit_log(seq, at, action, person, grant_id, detail_json, prev_hash, entry_hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return std::move(insert).error();
  insert->bind(1, seq).bind(2, at).bind(3, event.action).bind(4, event.person).bind(6, *detail)
      .bind_blob(7, end->head).bind_blob(8, *hash);
  if (event.grant_id != 0) {
    insert->bind(5, event.grant_id);
  } else {
    insert->bind_null(5);  // a foreign key: 0 names no grant
  }
  if (auto s = insert->run(); !s) return s;
  stage(connection, ChainEnd{seq, *hash, end->checkpoint});
  if (seq % kCheckpointEvery == 0) return checkpoint_audit(connection);
  return Ok{};
}

Status checkpoint_audit(VaultConnection& connection) {
  if (!connection.vfs) return Ok{};  // no keys are kept in an unencrypted vault
  auto& db = connection.db;
  if (!db.in_transaction()) {
    return log_error(ErrorCode::kInternal, "a checkpoint is signed inside the transaction of the work it records");
  }
  auto end = chain_end(connection);
  if (!end) return std::move(end).error();
  if (end->seq == 0 || end->checkpoint == end->seq) return Ok{};
  auto holder = account_holder(db);
  if (!holder) return std::move(holder).error();
  if (!*holder) return Ok{};  // unsigned so far: no account holder, so no key to sign with
  auto key = ProfileKeyring(db).signing_key(**holder);
  if (!key) return std::move(key).error();
  const std::string key_id = envelope::key_id(key->public_key);
  const std::string signed_at = audit_now();
  auto message = checkpoint_message(KeyLifecycle::vault_id(connection), end->seq, end->head, signed_at, key_id);
  if (!message) return std::move(message).error();
  const auto signature = crypto::ed25519_sign(*key, crypto::as_bytes(*message));
  // OR IGNORE: a row forged at this place must not make every later unlock fail; verify
  // reports the forged one's signature.
  auto insert = db.prepare(
      "INSERT OR IGNORE INTO audit_checkpoints(seq, head_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)");
  if (!insert) return std::move(insert).error();
  if (auto s = insert->bind(1, end->seq).bind_blob(2, end->head).bind(3, signed_at).bind(4, key_id)
                   .bind_blob(5, signature).run();
      !s) {
    return s;
  }
  if (db.changes() == 1) stage(connection, ChainEnd{end->seq, end->head, end->seq});
  return Ok{};
}

Result<Vault::AuditPage> audit_page(VaultConnection& connection, int limit, std::int64_t before) {
  auto stmt = connection.db.prepare(
      "SELECT seq, at, action, person, coalesce(grant_id, 0), detail_json, entry_hash FROM audit_log "
      "WHERE seq IS NOT NULL AND (?1 = 0 OR seq < ?1) ORDER BY seq DESC, id DESC LIMIT ?2");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, before).bind(2, std::int64_t{limit} + 1);  // one more: is there a next page?
  Vault::AuditPage page;
  auto read = stmt->each([&](const sqlite::Row& row) {
    Vault::AuditEntry e;
    e.seq = row.column_int(0);
    e.at = row.column_text(1);
    e.action = row.column_text(2);
    e.person = row.column_int(3);
    e.grant_id = row.column_int(4);
    e.detail = json::parse(row.column_text(5), nullptr, false);
    if (e.detail.is_discarded()) e.detail = json::object();  // shown empty; verify names it as edited
    e.hash = encoding::hex_encode(row.column_blob(6));
    page.entries.push_back(std::move(e));
  });
  if (!read) return std::move(read).error();
  if (page.entries.size() > static_cast<std::size_t>(limit)) {
    page.entries.pop_back();
    page.next_cursor = page.entries.back().seq;
  }
  return page;
}

namespace {

struct StoredEntry {
  std::int64_t seq = 0;
  std::string at, action, detail;
  std::int64_t person = 0, grant_id = 0;
  Hash prev{}, hash{};
  bool readable = true;  // both hashes 32 bytes
};

struct Problems {
  std::vector<Vault::AuditProblem>& out;
  std::size_t dropped = 0;
  void add(std::int64_t seq, const char* kind, std::string message) {
    if (out.size() < kMaxProblems) {
      out.push_back({seq, kind, std::move(message)});
    } else {
      ++dropped;
    }
  }
};

std::string key_of(const Hash& h) { return std::string(reinterpret_cast<const char*>(h.data()), h.size()); }

std::string range_text(std::int64_t from, std::int64_t to) {
  return from == to ? "entry " + std::to_string(from) : "entries " + std::to_string(from) + " to " + std::to_string(to);
}

Result<std::vector<StoredEntry>> load_entries(sqlite::Database& db) {
  auto stmt = db.prepare(
      "SELECT seq, at, action, person, coalesce(grant_id, 0), detail_json, prev_hash, entry_hash FROM audit_log "
      "WHERE seq IS NOT NULL ORDER BY seq, id");
  if (!stmt) return std::move(stmt).error();
  std::vector<StoredEntry> entries;
  for (;;) {
    auto row = stmt->step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    StoredEntry e;
    e.seq = stmt->column_int(0);
    e.at = stmt->column_text(1);
    e.action = stmt->column_text(2);
    e.person = stmt->column_int(3);
    e.grant_id = stmt->column_int(4);
    e.detail = stmt->column_text(5);
    e.readable = read_hash(stmt->column_blob(6), e.prev) && read_hash(stmt->column_blob(7), e.hash);
    entries.push_back(std::move(e));
  }
  return entries;
}

bool hash_matches(const StoredEntry& e, std::int64_t seq) {
  if (!e.readable) return false;
  auto h = entry_hash(seq, e.at, e.action, e.person, e.grant_id, e.detail, e.prev);
  return h && *h == e.hash;
}

// Walks the entries in the order the log shows them (seq) and tells apart what broke the
// chain: a gap (deleted), an entry that no longer matches its hash (edited), or one that
// matches the hash of another place, the one its chain links give it (reordered).
void check_chain(const std::vector<StoredEntry>& entries, Problems& problems) {
  // The place each entry has by its links from the genesis, whatever seq it now shows.
  std::unordered_map<std::string, std::size_t> by_prev;
  for (std::size_t i = 0; i < entries.size(); ++i) by_prev.try_emplace(key_of(entries[i].prev), i);
  std::vector<std::int64_t> linked_place(entries.size(), 0);
  {
    Hash at{};
    for (std::int64_t place = 1; place <= static_cast<std::int64_t>(entries.size()); ++place) {
      auto next = by_prev.find(key_of(at));
      if (next == by_prev.end() || linked_place[next->second] != 0) break;
      linked_place[next->second] = place;
      at = entries[next->second].hash;
    }
  }

  std::int64_t expected = 1;
  Hash expected_prev{};
  bool previous_flagged = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const StoredEntry& e = entries[i];
    if (e.seq < expected) {
      problems.add(e.seq, "unbound", "a second entry numbered " + std::to_string(e.seq) + " that Techo did not write");
      continue;
    }
    const bool gap = e.seq > expected;
    if (gap) problems.add(expected, "deleted", range_text(expected, e.seq - 1) + " of the log are missing");
    bool flagged = false;
    if (!hash_matches(e, e.seq)) {
      const std::int64_t place = linked_place[i];
      if (place != 0 && place != e.seq && hash_matches(e, place)) {
        problems.add(e.seq, "reordered",
                     "the entry shown at " + std::to_string(e.seq) + " was written at place " + std::to_string(place));
      } else {
        problems.add(e.seq, "edited", "entry " + std::to_string(e.seq) + " was changed after it was written");
      }
      flagged = true;
    } else if (e.prev != expected_prev && !gap && !previous_flagged) {
      // This entry is intact but names another predecessor: the one before it was
      // rewritten, hash and all.
      problems.add(e.seq - 1, "edited",
                   "entry " + std::to_string(e.seq - 1) + " is not the one entry " + std::to_string(e.seq) +
                       " was written after");
      flagged = true;
    }
    previous_flagged = flagged;
    expected = e.seq + 1;
    expected_prev = e.hash;
  }
}

void check_header(const AuditHead& bound, const std::vector<StoredEntry>& entries, Problems& problems) {
  const std::int64_t last = entries.empty() ? 0 : entries.back().seq;
  const auto named = static_cast<std::int64_t>(bound.entries);
  if (named > last) {
    problems.add(last + 1, "truncated",
                 range_text(last + 1, named) + " are missing from the end: the vault header names " +
                     std::to_string(named) + " entries");
  } else if (named < last) {
    problems.add(named + 1, "unbound",
                 range_text(named + 1, last) + " are not in the log head the vault header holds (added outside Techo)");
  } else if (named > 0 && entries.back().hash != bound.head) {
    problems.add(named, "edited", "the newest entry is not the one the vault header names (the log was rewritten)");
  }
}

struct CheckpointRow {
  std::int64_t seq = 0;
  Hash head{};
  std::string signed_at, key_id;
  std::vector<std::uint8_t> signature;
  bool readable = true;
};

Result<std::vector<CheckpointRow>> load_checkpoints(sqlite::Database& db) {
  auto stmt = db.prepare("SELECT seq, head_hash, signed_at, key_id, signature FROM audit_checkpoints ORDER BY seq");
  if (!stmt) return std::move(stmt).error();
  std::vector<CheckpointRow> rows;
  for (;;) {
    auto row = stmt->step();
    if (!row) return std::move(row).error();
    if (!*row) break;
    CheckpointRow c;
    c.seq = stmt->column_int(0);
    c.readable = read_hash(stmt->column_blob(1), c.head);
    c.signed_at = stmt->column_text(2);
    c.key_id = stmt->column_text(3);
    const auto sig = stmt->column_blob(4);
    c.signature.assign(sig.begin(), sig.end());
    rows.push_back(std::move(c));
  }
  return rows;
}

// The public key a checkpoint names, if it is one of this vault's people's.
Result<std::optional<std::array<std::uint8_t, 32>>> signer_key(sqlite::Database& db, const std::string& key_id) {
  auto stmt = db.prepare("SELECT signing_public FROM profile_keys WHERE key_id = ?");
  if (!stmt) return std::move(stmt).error();
  stmt->bind(1, key_id);
  auto row = stmt->step();
  if (!row) return std::move(row).error();
  std::array<std::uint8_t, 32> key{};
  if (!*row || !read_hash(stmt->column_blob(0), key)) return std::optional<std::array<std::uint8_t, 32>>();
  return std::optional<std::array<std::uint8_t, 32>>(key);
}

Result<std::int64_t> check_checkpoints(VaultConnection& connection, const std::vector<StoredEntry>& entries,
                                       const std::vector<CheckpointRow>& checkpoints, Problems& problems) {
  std::map<std::int64_t, const StoredEntry*> by_seq;
  for (const auto& e : entries) by_seq.try_emplace(e.seq, &e);
  const std::int64_t last = entries.empty() ? 0 : entries.back().seq;
  const std::string vault_id = KeyLifecycle::vault_id(connection);
  std::int64_t signed_through = 0;
  for (const auto& c : checkpoints) {
    const std::string name = "checkpoint " + std::to_string(c.seq);
    auto key = signer_key(connection.db, c.key_id);
    if (!key) return std::move(key).error();
    auto message = checkpoint_message(vault_id, c.seq, c.head, c.signed_at, c.key_id);
    if (!*key) {
      problems.add(c.seq, "bad_signature", name + " is signed by a key that is not one of this vault's people's");
      continue;
    }
    if (!c.readable || !message ||
        !crypto::ed25519_verify(**key, c.signature, crypto::as_bytes(*message))) {
      problems.add(c.seq, "bad_signature", name + "'s signature does not verify (it was forged or changed)");
      continue;
    }
    auto entry = by_seq.find(c.seq);
    if (entry == by_seq.end()) {
      if (c.seq > last) {
        problems.add(last + 1, "truncated",
                     range_text(last + 1, c.seq) + " are missing from the end: signed " + name + " names them");
      } else {
        problems.add(c.seq, "deleted", "entry " + std::to_string(c.seq) + ", which " + name + " signed, is missing");
      }
      continue;
    }
    if (entry->second->hash != c.head) {
      problems.add(c.seq, "edited", "the log up to entry " + std::to_string(c.seq) + " is not the one " + name + " signed");
      continue;
    }
    signed_through = std::max(signed_through, c.seq);
  }
  return signed_through;
}

}  // namespace

Result<Vault::AuditVerification> verify_audit(VaultConnection& connection) {
  auto& db = connection.db;
  auto tx = sqlite::Transaction::begin_read(db);  // one consistent state
  if (!tx) return std::move(tx).error();
  auto entries = load_entries(db);
  if (!entries) return std::move(entries).error();
  auto checkpoints = load_checkpoints(db);
  if (!checkpoints) return std::move(checkpoints).error();

  Vault::AuditVerification report;
  report.entries = static_cast<std::int64_t>(entries->size());
  report.checkpoints = static_cast<std::int64_t>(checkpoints->size());
  report.bound = connection.vfs != nullptr;
  Problems problems{report.problems};
  check_chain(*entries, problems);
  if (connection.vfs) {
    const AuditHead& bound = connection.vfs->ledger().committed_audit_head();
    check_header(bound, *entries, problems);
    if (bound.checkpoint > 0 &&
        std::none_of(checkpoints->begin(), checkpoints->end(),
                     [&](const CheckpointRow& c) { return c.seq == static_cast<std::int64_t>(bound.checkpoint); })) {
      problems.add(static_cast<std::int64_t>(bound.checkpoint), "checkpoint_missing",
                   "checkpoint " + std::to_string(bound.checkpoint) + ", which the vault header names, is missing");
    }
  }
  auto signed_through = check_checkpoints(connection, *entries, *checkpoints, problems);
  if (!signed_through) return std::move(signed_through).error();
  report.signed_through = *signed_through;
  if (problems.dropped > 0) {
    report.problems.back().message += " (and " + std::to_string(problems.dropped) + " more problems)";
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const Vault::AuditProblem& a, const Vault::AuditProblem& b) { return a.seq < b.seq; });
  report.ok = report.problems.empty();
  return report;
}

}  // namespace techo::detail
