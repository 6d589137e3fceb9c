// お薬手帳 (JAHIS TC) through the npm API a page uses: importFile takes the sticker as a
// file's bytes (CP932), as pasted text, or as a Blob; the views show it with origin
// okusuri-techo; a split notebook waits for its parts; the hand-over reads back.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openSession } from '../dist/index.js';
import { readRepoFile, wasmBinary } from './helpers.mjs';

const fast = { kdfOps: 2, kdfMemBytes: 19 << 20 };
const open = async () => {
  const session = await openSession({ worker: false, wasmBinary, storage: 'memory' });
  await session.createVault('お薬手帳 合言葉', fast);
  return session;
};
const cp932 = readRepoFile('native_tests/data/okusuri-techo/sticker-full.cp932.txt');
const utf8Text = new TextDecoder().decode(readRepoFile('native_tests/data/okusuri-techo/sticker-full.utf8.txt'));
const today = '2026-11-21';

test('a sticker read from its CP932 bytes shows in the medications view with pharmacy, institution and dosage', async () => {
  const session = await open();
  const report = await session.importFile(cp932, 'sticker.txt');
  assert.equal(report.format, 'jahis-tc');
  assert.equal(report.imported.MedicationDispense, 5);
  assert.deepEqual(report.notebook, { version: 'JAHISTC08', outputCategory: 1, blocks: 2, drugs: 5 });
  assert.equal(report.flagged.length, 1);
  assert.equal(report.flagged[0].path, 'sticker.txt: line 37');

  const meds = await session.medications({ today });
  const loxonin = meds.current.find((m) => m.drug === 'ﾛｷｿﾆﾝ錠60mg');
  assert.ok(loxonin, JSON.stringify(meds.current.map((m) => m.drug)));
  assert.equal(loxonin.origin, 'okusuri-techo');
  assert.equal(loxonin.pharmacy, 'さくら薬局　本店');
  assert.equal(loxonin.institution, '千代田クリニック');
  assert.equal(loxonin.prescriber, '医師　一郎');
  assert.equal(loxonin.dosages[0].text, '1日3回毎食後');
  assert.equal(loxonin.dosages[0].method, '内服');
  assert.equal(meds.person.name, '山田　太郎');
  await session.close();
});

test('pasted text and a Blob are the same sticker: nothing is added twice', async () => {
  const session = await open();
  await session.importFile(utf8Text, 'pasted');
  const again = await session.importFile(new Blob([cp932]), 'scan.txt');
  assert.equal(again.importedTotal, 0);
  assert.equal(again.updated, 0);
  await session.close();
});

test('a broken sticker is an error naming line and field, and the vault is as it was', async () => {
  const session = await open();
  await assert.rejects(session.importFile(utf8Text.replace('5,R081120,1', '5,R081131,1'), 'broken.txt'), (e) => {
    assert.equal(e.code, 'MALFORMED_INPUT');
    assert.equal(e.path, 'broken.txt: line 9, field 2 (調剤等年月日)');
    return true;
  });
  assert.equal((await session.summary()).total, 0);
  assert.equal((await session.importFile(utf8Text, 'ok.txt')).imported.MedicationDispense, 5);
  await session.close();
});

test('a split notebook says "2 of 3 parts read" until the last part, in any order, then imports as one', async () => {
  const source = await open();
  await source.importFile(cp932, 'sticker.txt');
  const handover = await source.exportMedicationNotebook({ today });
  await source.close();
  assert.equal(handover.parts.length, 1);
  assert.ok(handover.text.startsWith('JAHISTC08,2\r\n'));

  // Three parts of one notebook, each with its 911 record, as a pharmacy prints them.
  const lines = utf8Text.split('\r\n').filter(Boolean);
  const header = lines[0];
  const body = lines.slice(1);
  const cut = [body.slice(0, 12), body.slice(12, 28), body.slice(28)];
  const parts = cut.map((p, i) => [header, ...p, `911,sticker-x,3,${i + 1}`].join('\r\n') + '\r\n');
  const session = await open();
  const first = await session.importFile(parts[2], 'part3');
  assert.deepEqual(first.parts, { dataId: 'sticker-x', read: 1, total: 3, missing: [1, 2], complete: false });
  assert.equal(first.importedTotal, 0);
  const second = await session.importFile(parts[0], 'part1');
  assert.equal(second.parts.read, 2);
  assert.deepEqual(await session.pendingNotebookParts(), [{ dataId: 'sticker-x', read: 2, total: 3, missing: [2] }]);
  assert.equal((await session.summary()).total, 0);
  const last = await session.importFile(parts[1], 'part2');
  assert.equal(last.parts.complete, true);
  assert.equal(last.imported.MedicationDispense, 5);
  assert.deepEqual(await session.pendingNotebookParts(), []);
  await session.close();
});

test('the hand-over (出力区分 2) reads back into a new vault with the same medicines, and adds nothing to its own', async () => {
  const session = await open();
  await session.importFile(cp932, 'sticker.txt');
  const handover = await session.exportMedicationNotebook({ today });
  assert.equal(handover.medicines, 5);
  assert.deepEqual(handover.replaced, []);
  // The QR bytes are the text in CP932.
  const qrBytes = Buffer.from(handover.parts[0].cp932, 'base64');
  assert.ok(qrBytes.includes(Buffer.from([0xdb, 0xb7, 0xbf, 0xc6, 0xdd])));  // ﾛｷｿﾆﾝ in half-width CP932

  const own = await session.importFile(qrBytes, 'handover-qr');
  assert.equal(own.importedTotal, 0);

  const clinic = await open();
  const read = await clinic.importFile(qrBytes, 'handover-qr');
  assert.equal(read.notebook.outputCategory, 2);
  assert.equal(read.imported.MedicationDispense, 5);
  const meds = await clinic.medications({ today });
  const loxonin = meds.current.find((m) => m.drug === 'ﾛｷｿﾆﾝ錠60mg');
  assert.equal(loxonin.dosages[0].text, '1日3回毎食後');
  assert.equal(loxonin.pharmacy, 'さくら薬局　本店');
  await session.close();
  await clinic.close();
});
