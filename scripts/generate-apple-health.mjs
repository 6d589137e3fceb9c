#!/usr/bin/env node
// Generates a synthetic Apple Health export.xml of about the given size, deterministically:
// a phone and a watch counting steps, the watch's heart rate every few minutes, nightly
// sleep stages, a scale and a blood-pressure cuff — day after day from 2016 — written as
// it is generated (a 1 GB file never exists in memory). For the streaming bench.
//
//   node scripts/generate-apple-health.mjs --mib 1024 --out build/bench-data/export-1g.xml
import { createWriteStream } from 'node:fs';
import { mulberry32 } from './mulberry32.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const target = Number(arg('mib', '1024')) * 1024 * 1024;
const out = createWriteStream(arg('out', '/dev/stdout'));

const random = mulberry32(0x5eed);
const pad = (n) => String(n).padStart(2, '0');
const stamp = (day, minutes) => {
  const d = new Date(Date.UTC(2016, 0, 1) + day * 86400000 + minutes * 60000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00 +0900`;
};
const watch = 'sourceName="Apple Watch" sourceVersion="10.1" device="&lt;&lt;HKDevice: 0x1&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1&gt;"';
const phone = 'sourceName="iPhone" sourceVersion="17.1" device="&lt;&lt;HKDevice: 0x2&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone&gt;"';
const record = (type, source, unit, value, day, from, to) =>
  ` <Record type="${type}" ${source} unit="${unit}" creationDate="${stamp(day, to)}" startDate="${stamp(day, from)}" endDate="${stamp(day, to)}" value="${value}"/>\n`;

let written = 0;
const write = (text) => {
  written += Buffer.byteLength(text);
  return out.write(text);
};
write(`<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n<!-- HealthKit Export Version: 14 -->\n]>\n<HealthData locale="ja_JP">\n <ExportDate value="2026-11-21 09:00:00 +0900"/>\n`);

async function main() {
  for (let day = 0; written < target; ++day) {
    let chunk = '';
    for (let m = 7 * 60; m < 23 * 60; m += 10) {
      chunk += record('HKQuantityTypeIdentifierStepCount', phone, 'count', Math.round(random() * 900), day, m, m + 10);
      if (m >= 8 * 60 && m < 20 * 60) chunk += record('HKQuantityTypeIdentifierStepCount', watch, 'count', Math.round(random() * 1000), day, m, m + 10);
    }
    for (let m = 0; m < 24 * 60; m += 5) chunk += record('HKQuantityTypeIdentifierHeartRate', watch, 'count/min', 55 + Math.round(random() * 40), day, m, m);
    chunk += record('HKCategoryTypeIdentifierSleepAnalysis', watch, '', 'HKCategoryValueSleepAnalysisAsleepCore', day, -60, 120).replace(' unit=""', '');
    chunk += record('HKCategoryTypeIdentifierSleepAnalysis', watch, '', 'HKCategoryValueSleepAnalysisAsleepDeep', day, 120, 240).replace(' unit=""', '');
    chunk += record('HKQuantityTypeIdentifierBodyMass', 'sourceName="TANITA"', 'kg', (60 + random() * 2).toFixed(1), day, 405, 405);
    chunk += ` <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="OMRON connect" startDate="${stamp(day, 410)}" endDate="${stamp(day, 410)}">\n`;
    chunk += record('HKQuantityTypeIdentifierBloodPressureSystolic', 'sourceName="OMRON connect"', 'mmHg', 120 + Math.round(random() * 20), day, 410, 410);
    chunk += record('HKQuantityTypeIdentifierBloodPressureDiastolic', 'sourceName="OMRON connect"', 'mmHg', 75 + Math.round(random() * 15), day, 410, 410);
    chunk += ' </Correlation>\n';
    if (!write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
  write('</HealthData>\n');
  out.end();
  process.stderr.write(`generate-apple-health: ${(written / 1048576).toFixed(0)} MiB\n`);
}
await main();
