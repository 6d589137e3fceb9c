-- A vault as schema version 1 wrote it (Techo 0.1), with one imported source and two
-- resources: the starting point of the migration test.
CREATE TABLE sources (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  bundle_type TEXT NOT NULL,
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
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
INSERT INTO sources(id, name, bundle_type, imported_at) VALUES (1, 'old.json', 'collection', '2026-01-02T03:04:05.000Z');
INSERT INTO resources(source_id, resource_type, fhir_id, full_url, json) VALUES
  (1, 'Patient', 'p1', '', '{"resourceType":"Patient","id":"p1","name":[{"text":"古井 一郎"}],"birthDate":"1950-01-01"}'),
  (1, 'Observation', 'o1', '', '{"resourceType":"Observation","id":"o1"}');
PRAGMA user_version = 1;
