#!/usr/bin/env node
// Builds the JP documents of scripts/jp-documents/ (one module per document kind, each
// built from the published profiles: JP Core, JP-CLINS, the MHLW e-prescription and
// checkup-report FHIR formats) and writes them as files a person would import, with
// expected.json listing every value a citizen should read in each and the view it must
// appear in. Deterministic: the same files on every run.
//
//   node scripts/generate-jp-documents.mjs [OUT_DIR]     (default build/jp-documents)
//
// Tests import allDocuments() directly; the files are for a person trying the page.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const kindsDir = join(here, 'jp-documents');

// Every module's documents: [{name, kind, bundle, expected: [{view, value, label}]}].
export async function allDocuments() {
  const out = [];
  const modules = readdirSync(kindsDir).filter((f) => f.endsWith('.mjs') && !f.startsWith('_')).sort();
  for (const file of modules) {
    const module = await import(pathToFileURL(join(kindsDir, file)).href);
    if (typeof module.documents !== 'function') throw new Error(`${file}: exports no documents()`);
    for (const doc of module.documents()) {
      for (const key of ['name', 'kind', 'bundle', 'expected']) {
        if (!(key in doc)) throw new Error(`${file}: a document without "${key}"`);
      }
      out.push({ module: file, ...doc });
    }
  }
  const names = new Set();
  for (const d of out) {
    if (names.has(d.name)) throw new Error(`two documents are named ${d.name}`);
    names.add(d.name);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(here, '..', 'build', 'jp-documents'));
  mkdirSync(outDir, { recursive: true });
  const docs = await allDocuments();
  for (const d of docs) writeFileSync(join(outDir, d.name), JSON.stringify(d.bundle, null, 2) + '\n');
  writeFileSync(join(outDir, 'expected.json'),
    JSON.stringify(docs.map(({ name, kind, expected }) => ({ name, kind, expected })), null, 2) + '\n');
  console.log(`${docs.length} documents written to ${outDir}`);
}
