-- A vault as schema version 2 wrote it: sources with provenance, trusted issuers, one
-- verified source with a resource. Starting point of the v2 → latest migration test.
CREATE TABLE sources (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  bundle_type TEXT NOT NULL,
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  encrypted INTEGER NOT NULL DEFAULT 0,
  verification TEXT NOT NULL DEFAULT 'unsigned' CHECK (verification IN ('verified', 'unknown_issuer', 'unsigned')),
  issuer_name TEXT NOT NULL DEFAULT '',
  issuer_key_id TEXT NOT NULL DEFAULT '',
  signed_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE resources (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES sources(id),
  resource_type TEXT NOT NULL,
  fhir_id       TEXT NOT NULL,
  full_url      TEXT NOT NULL,
  json          TEXT NOT NULL
);
CREATE INDEX resources_by_type ON resources(resource_type);
CREATE TABLE trusted_issuers (
  key_id     TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  public_key TEXT NOT NULL,
  added_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO trusted_issuers(key_id, name, public_key) VALUES ('ed25519:aa', '高知クリニック', 'AAAA');
INSERT INTO sources(id, name, bundle_type, imported_at, encrypted, verification, issuer_name, issuer_key_id, signed_at)
  VALUES (1, 'signed.json.age', 'document', '2026-05-06T07:08:09.000Z', 1, 'verified', '高知クリニック', 'ed25519:aa', '2026-05-01T09:00:00+09:00');
INSERT INTO resources(source_id, resource_type, fhir_id, full_url, json) VALUES
  (1, 'Patient', 'p2', 'urn:uuid:2', '{"resourceType":"Patient","id":"p2","name":[{"text":"新井 二郎"}],"birthDate":"1960-02-02"}');
PRAGMA user_version = 2;
