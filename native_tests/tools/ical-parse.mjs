#!/usr/bin/env node
// Reads an .ics file with an independent parser (ical.js, a dev dependency of wasm/) and
// prints its events as JSON, so a test can compare what another implementation reads with
// what the core meant to write:
//   [{"uid", "summary", "start", "end", "alarms": ["-P1D", "PT9H"]}]
// start and end as ical.js writes them ("2026-04-01" for a DATE), alarms the TRIGGER values.
// Usage: node native_tests/tools/ical-parse.mjs FILE.ics   (run `npm ci` in wasm/ first)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

function loadIcal() {
  // ical.js is installed in wasm/node_modules; this script lives outside that package, so
  // resolve it from there (and, failing that, from here or NODE_PATH).
  const anchors = [new URL('../../wasm/package.json', import.meta.url), import.meta.url];
  let lastError;
  for (const anchor of anchors) {
    try {
      return createRequire(anchor)('ical.js');
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`ical.js not found (run \`npm ci\` in wasm/): ${lastError?.message}`);
}

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: ical-parse.mjs FILE.ics\n');
  process.exit(2);
}

try {
  const ICAL = loadIcal();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => ({
    uid: vevent.getFirstPropertyValue('uid'),
    summary: vevent.getFirstPropertyValue('summary'),
    start: vevent.getFirstPropertyValue('dtstart')?.toString() ?? null,
    end: vevent.getFirstPropertyValue('dtend')?.toString() ?? null,
    alarms: vevent
      .getAllSubcomponents('valarm')
      .map((valarm) => valarm.getFirstPropertyValue('trigger')?.toString() ?? null),
  }));
  process.stdout.write(`${JSON.stringify(events, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`ical-parse: ${file}: ${error.message}\n`);
  process.exit(1);
}
