// Vaccinations through the public npm API against the wasm build: the forecaster on its
// own (every known answer the native tests check, read from the same file), a family's
// forecasts from their records, recording a dose, and the iCalendar file read back by an
// independent parser (ical.js).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, test } from 'node:test';

import { openSession } from '../dist/index.js';
import { generateFamily } from '../../scripts/generate-family.mjs';
import { wasmBinary } from './helpers.mjs';

const ICAL = createRequire(import.meta.url)('ical.js');
const cases = JSON.parse(readFileSync(new URL('../../native_tests/data/immunization/forecast-cases.json', import.meta.url), 'utf8')).cases;
const family = generateFamily();
const encoder = new TextEncoder();
const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };

let session;
before(async () => {
  session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
});

const request = (c) => ({
  birthDate: c.birthDate, today: c.today, ...(c.sex ? { sex: c.sex } : {}),
  doses: c.doses.map(([product, date]) => ({ product, date })),
});

test('forecastVaccinations gives every known answer, with no vault', async () => {
  assert.ok(cases.length >= 35);
  for (const c of cases) {
    const reply = await session.forecastVaccinations(request(c));
    for (const [id, expected] of Object.entries(c.series ?? {})) {
      const series = reply.series.find((s) => s.id === id);
      assert.ok(series, `${c.name}: ${id} listed`);
      for (const [field, value] of Object.entries(expected)) assert.deepEqual(series[field], value, `${c.name}: ${id}.${field}`);
    }
    for (const id of c.absent ?? []) assert.ok(!reply.series.some((s) => s.id === id), `${c.name}: ${id} absent`);
    for (const [seriesId, date, valid, dose, reason, validFrom] of c.doses_expected ?? []) {
      const judged = reply.series.find((s) => s.id === seriesId)?.doses.find((d) => d.date === date);
      assert.ok(judged, `${c.name}: the ${date} dose in ${seriesId}`);
      assert.equal(judged.valid, valid, `${c.name}: ${date} valid`);
      assert.equal(judged.dose, dose, `${c.name}: ${date} dose number`);
      if (reason) assert.equal(judged.reason, reason, `${c.name}: ${date} reason`);
      if (validFrom) assert.equal(judged.validFrom, validFrom, `${c.name}: ${date} validFrom`);
      if (!valid) assert.ok(judged.rule && judged.source.length && judged.explanation, `${c.name}: the rule behind it`);
    }
  }
});

test('an invalid dose in the reply says that invalid doses do not anchor later intervals', async () => {
  const reply = await session.forecastVaccinations({ birthDate: '2025-01-10', today: '2025-05-01',
    doses: [{ product: 'HepB', date: '2025-03-10' }, { product: 'HepB', date: '2025-04-06' }] });
  assert.ok(reply.notes.some((n) => n.includes('does not anchor later intervals')));
  assert.equal(reply.schedule.rulesAsOf, '2026-11-21');
});

test('a wrong request is INVALID_ARGUMENT naming the field, and the next call works', async () => {
  const wrong = [
    [{ birthDate: '2025-01-10', today: '2025-05-01', doses: [{ product: 'HepC', date: '2025-03-10' }] }, 'request.doses[0].product'],
    [{ birthDate: '2025-01-10', today: '2025-05-01', doses: [{ product: 'HepB', date: '2025-02-30' }] }, 'request.doses[0].date'],
    [{ birthDate: '2025-13-10', today: '2025-05-01', doses: [] }, 'request.birthDate'],
    [{ birthDate: '2025-01-10', today: '2024-05-01', doses: [] }, 'request.today'],
    [{ birthDate: '2025-01-10', today: '2025-05-01', sex: 'x', doses: [] }, 'request.sex'],
    [{ birthDate: '2025-01-10', today: '2025-05-01', doses: 'none' }, 'request.doses'],
  ];
  for (const [req, path] of wrong) {
    await assert.rejects(session.forecastVaccinations(req), (e) => e.code === 'INVALID_ARGUMENT' && e.path === path, path);
  }
  const ok = await session.forecastVaccinations({ birthDate: '2025-01-10', today: '2025-05-01', doses: [] });
  assert.equal(ok.series.find((s) => s.id === 'BCG').status, 'not-yet');
});

// ---- The demo family from the vault.
async function familySession() {
  const s = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await s.createVault('予防接種の合言葉', fast);
  for (const { name, bundle } of family.files) await s.importFile(encoder.encode(JSON.stringify(bundle)), name);
  return s;
}

test('vaccinations: the demo children show something due, something overdue and an invalid early dose with its reason', async () => {
  const s = await familySession();
  const { byPerson } = await s.vaccinations({ today: family.today });
  const of = (name) => byPerson.find((p) => p.person.name === name);
  const sakura = of('山田 さくら'), taro = of('山田 太郎');
  const status = (f, id) => f.series.find((s) => s.id === id)?.status;
  // さくら: the 五種混合 booster came 23 days too early, so it does not count and is overdue.
  const booster = sakura.series.find((x) => x.id === 'DPT-IPV-Hib');
  assert.equal(booster.status, 'overdue');
  const early = booster.doses.find((d) => d.date === '2024-12-20');
  assert.equal(early.valid, false);
  assert.equal(early.reason, 'interval-too-short');
  assert.equal(early.validFrom, '2025-01-12');
  assert.ok(early.recordId);
  assert.equal(status(sakura, 'VAR'), 'due');
  assert.equal(sakura.series.find((x) => x.id === 'VAR').eligibleUntil, '2027-02-14');
  assert.equal(status(sakura, 'FLU'), 'due');
  assert.equal(status(sakura, 'PCV'), 'complete');
  assert.equal(status(sakura, 'JE1'), 'not-yet');
  // 太郎 (born before 2020-08-01): on 四種混合 + Hib, all complete; his rotavirus doses were not routine.
  for (const id of ['HepB', 'PCV', 'DPT-IPV', 'Hib', 'BCG', 'MR1', 'MR2', 'VAR', 'JE1']) assert.equal(status(taro, id), 'complete', id);
  assert.ok(!taro.series.some((x) => x.id === 'ROTA' || x.id === 'DPT-IPV-Hib'));
  assert.equal(taro.otherDoses.filter((d) => d.product === 'RV1').length, 2);
  assert.equal(status(taro, 'JE2'), 'not-yet');
  assert.ok(!taro.series.some((x) => x.id === 'HPV'), 'HPV is not listed for a boy');
  // Everyone means the children; the parent only when asked for.
  assert.ok(!byPerson.some((p) => p.person.name === '山田 花子'));
  const hanako = (await s.people()).people.find((p) => p.name === '山田 花子');
  assert.equal((await s.vaccinations({ person: hanako.id, today: family.today })).byPerson.length, 1);
  // One person only.
  const one = await s.vaccinations({ person: sakura.person.id, today: family.today });
  assert.deepEqual(one.byPerson.map((p) => p.person.name), ['山田 さくら']);
  await assert.rejects(s.vaccinations({ person: 999, today: family.today }), (e) => e.code === 'INVALID_ARGUMENT' && e.path === 'query.person');
  await assert.rejects(s.vaccinations({ today: 'tomorrow' }), (e) => e.code === 'INVALID_ARGUMENT' && e.path === 'query.today');
  await s.close();
});

test('recordVaccination stores a FHIR Immunization about the child, kept across lock and in the backup', async () => {
  const s = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await s.createVault('記録の合言葉', fast);
  const child = { resourceType: 'Patient', id: 'c1', name: [{ text: '佐藤 ひな' }], birthDate: '2026-01-20', gender: 'female' };
  await s.importFile(encoder.encode(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: child }] })), 'child.json');
  const [hina] = (await s.people()).people;
  const recorded = await s.recordVaccination({ person: hina.id, product: 'HepB', date: '2026-03-20', lot: 'Y123', clinic: 'さくら小児科' });
  assert.equal(recorded.resources >= 1, true);
  await s.recordVaccination({ person: hina.id, product: 'PCV20', date: '2026-03-20' });
  await assert.rejects(s.recordVaccination({ person: hina.id, product: 'HepZ', date: '2026-03-20' }), (e) => e.code === 'INVALID_ARGUMENT' && e.path === 'dose.product');
  await assert.rejects(s.recordVaccination({ person: hina.id, product: 'HepB', date: '2025-03-20' }), (e) => e.code === 'INVALID_ARGUMENT' && e.path === 'dose.date');
  await assert.rejects(s.recordVaccination({ person: 42, product: 'HepB', date: '2026-03-20' }), (e) => e.code === 'INVALID_ARGUMENT' && e.path === 'dose.person');
  assert.equal((await s.people()).people.length, 1, 'the recorded doses are about the same person');
  const check = async () => {
    const { byPerson: [f] } = await s.vaccinations({ person: hina.id, today: '2026-04-01' });
    const hepb = f.series.find((x) => x.id === 'HepB');
    assert.deepEqual(hepb.doses.map((d) => [d.date, d.valid, d.lot, d.clinic]), [['2026-03-20', true, 'Y123', 'さくら小児科']]);
    assert.equal(hepb.nextDose, 2);
    assert.equal(hepb.earliestValidDate, '2026-04-17');
    assert.equal(f.series.find((x) => x.id === 'PCV').doses.length, 1);
  };
  await check();
  await s.lock();
  await s.unlock('記録の合言葉');
  await check();
  const imm = await s.immunizations({ person: hina.id });
  assert.equal(imm.byPerson[0].immunizations.length, 2);
  // Recording the same dose again is the same record, not a second dose.
  await s.recordVaccination({ person: hina.id, product: 'PCV20', date: '2026-03-20' });
  assert.equal((await s.immunizations({ person: hina.id })).byPerson[0].immunizations.length, 2);
  // A backup restored elsewhere gives the same forecast.
  const backup = await s.exportBackup({ passphrase: 'backup pass', scryptLogN: 12 });
  await s.close();
  const restored = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await restored.createVault('復元の合言葉', fast);
  await restored.restoreBackup(backup, { passphrase: 'backup pass' });
  const [again] = (await restored.vaccinations({ today: '2026-04-01' })).byPerson;
  assert.deepEqual(again.series.find((x) => x.id === 'HepB').doses.map((d) => [d.date, d.lot]), [['2026-03-20', 'Y123']]);
  await restored.close();
});

test('vaccinationCalendar: ical.js reads one event per upcoming dose, two alarms each, UIDs stable as the days move', async () => {
  const s = await familySession();
  const read = async (today) => {
    const { calendar, events } = await s.vaccinationCalendar({ today });
    assert.ok(calendar.includes('\r\n'));
    for (const line of calendar.split('\r\n')) assert.ok(encoder.encode(line).length <= 75, line);
    const component = new ICAL.Component(ICAL.parse(calendar));
    const vevents = component.getAllSubcomponents('vevent');
    assert.equal(vevents.length, events);
    return vevents.map((v) => ({
      uid: v.getFirstPropertyValue('uid'), summary: v.getFirstPropertyValue('summary'),
      start: v.getFirstPropertyValue('dtstart').toString(),
      alarms: v.getAllSubcomponents('valarm').map((a) => a.getFirstPropertyValue('trigger').toString()),
    }));
  };
  const now = await read(family.today);
  const flu = now.find((e) => e.summary === '山田 さくら: インフルエンザ（任意接種, 毎シーズン） 2回目');
  assert.ok(flu, JSON.stringify(now.map((e) => e.summary)));
  assert.equal(flu.start, '2026-11-21');
  assert.deepEqual(flu.alarms, ['-P1D', 'PT9H']);
  assert.ok(now.some((e) => e.summary === '山田 さくら: 水痘 2回目'));
  assert.equal(new Set(now.map((e) => e.uid)).size, now.length);
  // No event ends before it starts (an overdue dose is shown from today, open-ended).
  const { calendar } = await s.vaccinationCalendar({ today: family.today });
  for (const v of new ICAL.Component(ICAL.parse(calendar)).getAllSubcomponents('vevent')) {
    assert.ok(v.getFirstPropertyValue('dtend').compare(v.getFirstPropertyValue('dtstart')) > 0);
    const window = /(\d+)年(\d+)月(\d+)日〜(\d+)年(\d+)月(\d+)日/.exec(v.getFirstPropertyValue('description') ?? '');
    if (window) {
      const [, y1, m1, d1, y2, m2, d2] = window.map(Number);
      assert.ok(new Date(y2, m2 - 1, d2) >= new Date(y1, m1 - 1, d1), v.getFirstPropertyValue('description'));
    }
  }
  const later = await read('2026-12-20');
  const var2 = (list) => list.find((e) => e.summary === '山田 さくら: 水痘 2回目');
  assert.equal(var2(later).uid, var2(now).uid);
  await s.close();
});

test('addPerson adds a child by hand: twins are two people, the same child twice is one', async () => {
  const s = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await s.createVault('家族の合言葉', fast);
  const a = await s.addPerson({ name: '鈴木 はると', birthDate: '2026-02-01', sex: 'male' });
  const b = await s.addPerson({ name: '鈴木 ゆうと', birthDate: '2026-02-01', sex: 'male' });
  assert.notEqual(a.id, b.id);
  assert.equal((await s.addPerson({ name: '鈴木 はると', birthDate: '2026-02-01', sex: 'male' })).id, a.id);
  assert.deepEqual((await s.people()).people.map((p) => [p.name, p.birthDate, p.gender]),
    [['鈴木 はると', '2026-02-01', 'male'], ['鈴木 ゆうと', '2026-02-01', 'male']]);
  for (const [person, path] of [[{ name: '', birthDate: '2026-02-01' }, 'person.name'], [{ name: 'x', birthDate: '2026-2-1' }, 'person.birthDate'],
    [{ name: 'x', birthDate: '2026-02-01', sex: 'other' }, 'person.sex']]) {
    await assert.rejects(s.addPerson(person), (e) => e.code === 'INVALID_ARGUMENT' && e.path === path, path);
  }
  await s.recordVaccination({ person: a.id, product: 'RV1', date: '2026-03-20' });
  const { byPerson } = await s.vaccinations({ today: '2026-04-01' });
  assert.equal(byPerson.find((p) => p.person.id === a.id).series.find((x) => x.id === 'ROTA').doses.length, 1);
  assert.equal(byPerson.find((p) => p.person.id === b.id).series.find((x) => x.id === 'ROTA').doses.length, 0);
  await s.close();
});
