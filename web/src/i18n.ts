// Display strings. Japanese is the default; English is available for every string.
export type Lang = 'ja' | 'en';

const strings = {
  title: { ja: 'Techo 手帳', en: 'Techo' },
  tagline: {
    ja: 'あなたの健康記録は、このブラウザの中だけで復号・表示されます。',
    en: 'Your health record is decrypted and shown inside this browser only.',
  },
  loading: { ja: '読み込み中…', en: 'Loading…' },
  patients: { ja: '本人・家族', en: 'People' },
  birthDate: { ja: '生年月日', en: 'Date of birth' },
  recordsByKind: { ja: '記録の内訳', en: 'Records by kind' },
  kind: { ja: '種類', en: 'Kind' },
  count: { ja: '件数', en: 'Count' },
  total: { ja: '合計', en: 'Total' },
  importLabel: { ja: 'FHIRファイルを取り込む', en: 'Import a FHIR file' },
  importHint: {
    ja: 'FHIR R4 Bundle（JSON）、または暗号化されたファイル（.age）を選んでください。',
    en: 'Choose a FHIR R4 Bundle (JSON), or an encrypted file (.age).',
  },
  imported: { ja: '件を取り込みました', en: 'records imported' },
  alreadyThere: { ja: '件は取り込み済みでした', en: 'were already in your record' },
  updatedVersions: { ja: '件を新しい版に更新しました', en: 'updated to a newer version' },
  skipped: { ja: '取り込めなかった項目', en: 'Entries not imported' },
  importFailed: { ja: '取り込めませんでした', en: 'Import failed' },
  language: { ja: 'English', en: '日本語' },
  noPatients: { ja: 'まだ記録がありません。', en: 'No records yet.' },
  sources: { ja: '取り込んだファイルと発行元', en: 'Imported files and their issuers' },
  verified: { ja: '発行元を確認済み', en: 'Source verified' },
  unknownIssuer: { ja: '署名あり・発行元は未登録', en: 'Signed, issuer not in your trusted list' },
  unsigned: { ja: '発行元未確認', en: 'Source not verified' },
  encrypted: { ja: '暗号化ファイル', en: 'Encrypted file' },
  signedBy: { ja: '署名者', en: 'Signed by' },
  records: { ja: '件', en: 'records' },
  demoTitle: { ja: 'デモ', en: 'Demo' },
  demoExplain: {
    ja: 'このデモの記録は暗号化ファイルとして届き、このページの中（Web Worker内のWebAssembly）だけで復号されています。',
    en: 'The demo record arrives as an encrypted file and is decrypted only inside this page (WebAssembly in a Web Worker).',
  },
  demoFile: { ja: 'ファイル', en: 'File' },
  demoPassphrase: { ja: 'パスフレーズ', en: 'Passphrase' },
  demoIssuer: { ja: 'デモ用の発行元を信頼済みとして登録しています', en: 'The demo issuer is registered as trusted' },
  decrypting: { ja: '復号しています…', en: 'Decrypting…' },
  encryptedFileChosen: {
    ja: 'このファイルは暗号化されています。パスフレーズ、または鍵（AGE-SECRET-KEY-1…）を入力してください。',
    en: 'This file is encrypted. Enter its passphrase, or your key (AGE-SECRET-KEY-1…).',
  },
  passphrase: { ja: 'パスフレーズ', en: 'Passphrase' },
  identity: { ja: '鍵（アイデンティティファイルの内容を貼り付け）', en: 'Key (paste your identity file)' },
  identityFile: { ja: '鍵ファイルを選ぶ', en: 'Choose a key file' },
  decryptAndImport: { ja: '復号して取り込む', en: 'Decrypt and import' },
  cancel: { ja: '中止', en: 'Cancel' },
  cancelled: { ja: '中止しました。何も保存していません。', en: 'Cancelled. Nothing was stored.' },
  vaultTitle: { ja: 'あなたの金庫（暗号化された保管庫）', en: 'Your vault (encrypted)' },
  vaultExplain: {
    ja: '記録はこのブラウザの中で暗号化して保存されます。パスフレーズは送信も保存もされません。',
    en: 'Records are stored encrypted in this browser. Your passphrase is never sent or stored.',
  },
  createVault: { ja: '金庫を作る', en: 'Create vault' },
  passphraseAgain: { ja: 'パスフレーズ（確認）', en: 'Passphrase (again)' },
  passphrasesDiffer: { ja: 'パスフレーズが一致しません', en: 'The passphrases differ' },
  recoveryTitle: { ja: '回復キー（必ず保存してください）', en: 'Recovery key (save it now)' },
  recoveryExplain: {
    ja: 'パスフレーズを忘れたとき、この回復キーで金庫を開けます。一度しか表示されません。',
    en: 'If you forget your passphrase, this key opens your vault. It is shown only once.',
  },
  downloadRecovery: { ja: '回復キーを保存', en: 'Save recovery key' },
  unlock: { ja: '開く', en: 'Unlock' },
  unlockWithRecovery: { ja: '回復キーで開く', en: 'Unlock with recovery key' },
  recoveryKey: { ja: '回復キー（AGE-SECRET-KEY-1…）', en: 'Recovery key (AGE-SECRET-KEY-1…)' },
  lock: { ja: '閉じる（鍵を消去）', en: 'Lock (wipe keys)' },
  vaultOpen: { ja: '金庫は開いています', en: 'Your vault is unlocked' },
  vaultLocked: { ja: '金庫は閉じています', en: 'Your vault is locked' },
  changePassphrase: { ja: 'パスフレーズを変更', en: 'Change passphrase' },
  newPassphrase: { ja: '新しいパスフレーズ', en: 'New passphrase' },
  passphraseChanged: { ja: 'パスフレーズを変更しました', en: 'Passphrase changed' },
  exportBackup: { ja: 'バックアップを保存', en: 'Export backup' },
  backupToRecovery: { ja: '回復キーで暗号化', en: 'Encrypted to the recovery key' },
  backupToPassphrase: { ja: 'パスフレーズで暗号化', en: 'Encrypted to a passphrase' },
  restoreBackup: { ja: 'バックアップから復元', en: 'Restore from backup' },
  restored: { ja: '件を復元しました', en: 'records restored' },
  backupFile: { ja: 'バックアップファイル（.age）', en: 'Backup file (.age)' },
  timeline: { ja: '記録のタイムライン（新しい順）', en: 'Timeline (newest first)' },
  allCategories: { ja: 'すべて', en: 'All' },
  showMore: { ja: 'さらに表示', en: 'Show more' },
  noRecords: { ja: '該当する記録はありません。', en: 'No records.' },
  dateUnknown: { ja: '日付不明', en: 'Date unknown' },
  filterBy: { ja: '種類で絞り込む', en: 'Filter by kind' },
} satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof strings;

// What a person reads for the errors they cause themselves; others show the core's text.
const errorText: Record<string, Record<Lang, string>> = {
  WRONG_KEY: { ja: 'パスフレーズまたは回復キーが違います。', en: 'Wrong passphrase or recovery key.' },
  VAULT_BUSY: {
    ja: '金庫は別のタブで開いています。そちらで閉じてから開いてください。',
    en: 'Your vault is open in another tab. Lock it there to open it here.',
  },
  VAULT_CORRUPT: {
    ja: '金庫のデータが壊れています（改ざんまたは破損）。バックアップから復元してください。',
    en: 'The vault data is damaged (altered or corrupted). Restore it from a backup.',
  },
};

export function errorMessage(lang: Lang, error: { code: string; message: string }): string {
  return errorText[error.code]?.[lang] ?? error.message;
}

export function t(lang: Lang, key: StringKey): string {
  return strings[key][lang];
}

// FHIR resource types as a person calls them. Unknown types show their FHIR name.
const resourceTypes: Record<string, Record<Lang, string>> = {
  Patient: { ja: '患者', en: 'Patient' },
  Organization: { ja: '医療機関', en: 'Organization' },
  Practitioner: { ja: '医療従事者', en: 'Practitioner' },
  Encounter: { ja: '受診', en: 'Encounter' },
  Condition: { ja: '傷病名', en: 'Condition' },
  AllergyIntolerance: { ja: 'アレルギー・禁忌', en: 'Allergy / intolerance' },
  MedicationRequest: { ja: '処方', en: 'Prescription' },
  MedicationDispense: { ja: '調剤', en: 'Dispensing' },
  MedicationStatement: { ja: '服薬', en: 'Medication statement' },
  Medication: { ja: '医薬品', en: 'Medication' },
  Observation: { ja: '検査・測定', en: 'Observation' },
  DiagnosticReport: { ja: '検査報告', en: 'Diagnostic report' },
  Immunization: { ja: '予防接種', en: 'Immunization' },
  Procedure: { ja: '処置・手術', en: 'Procedure' },
  Composition: { ja: '文書', en: 'Document' },
  DocumentReference: { ja: '文書参照', en: 'Document reference' },
  CarePlan: { ja: '診療計画', en: 'Care plan' },
  Goal: { ja: '目標', en: 'Goal' },
  ImagingStudy: { ja: '画像検査', en: 'Imaging study' },
  Specimen: { ja: '検体', en: 'Specimen' },
  Claim: { ja: '請求', en: 'Claim' },
  ExplanationOfBenefit: { ja: '給付明細', en: 'Explanation of benefit' },
};

const recordCategories: Record<string, Record<Lang, string>> = {
  medication: { ja: '処方・調剤', en: 'Medication' },
  lab: { ja: '検査結果', en: 'Lab result' },
  'vital-sign': { ja: 'バイタル', en: 'Vital sign' },
  observation: { ja: '観察', en: 'Observation' },
  condition: { ja: '傷病名', en: 'Condition' },
  allergy: { ja: 'アレルギー・禁忌', en: 'Allergy / intolerance' },
  immunization: { ja: '予防接種', en: 'Immunization' },
  procedure: { ja: '処置・手術', en: 'Procedure' },
  encounter: { ja: '受診', en: 'Encounter' },
  report: { ja: '検査報告', en: 'Report' },
  document: { ja: '文書', en: 'Document' },
  'care-plan': { ja: '診療計画', en: 'Care plan' },
};

export const categoryOrder = Object.keys(recordCategories);

export function categoryLabel(lang: Lang, category: string): string {
  return recordCategories[category]?.[lang] ?? category;
}

export function resourceTypeLabel(lang: Lang, type: string): string {
  return resourceTypes[type]?.[lang] ?? type;
}

// A FHIR date ("1978-04-12", "1978-04", "1978") in the reader's language. FHIR dates
// carry no time zone, so format them as calendar dates (UTC) to avoid shifting a day.
export function formatFhirDate(lang: Lang, date: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!match) return date;
  const [, y, m, d] = match;
  const value = new Date(Date.UTC(Number(y), m ? Number(m) - 1 : 0, d ? Number(d) : 1));
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (m) options.month = 'long';
  if (d) options.day = 'numeric';
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', options).format(value);
}
