// Display strings. Japanese is the default; English is available for every string.
import type { GrantCategory, GrantPurpose, GrantStatus, InvalidDoseReason, VaccineProduct } from '@techo/core';

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
    ja: 'FHIR R4（JSON・NDJSON）、Apple ヘルスケアの書き出し（export.xml・export.zip）、Open mHealth・Fitbit・Google Fit・Withings（歩数・心拍など）、CSV、または暗号化されたファイル（.age）を選んでください。',
    en: 'Choose FHIR R4 (JSON, NDJSON), an Apple Health export (export.xml, export.zip), Open mHealth, Fitbit, Google Fit or Withings data (steps, heart rate…), CSV, or an encrypted file (.age).',
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
  claimedBy: { ja: '署名者の自称', en: 'The signer calls itself' },
  nameMismatch: {
    ja: '登録した名前と署名者の自称が異なります',
    en: 'The signer calls itself by another name than the one you trusted',
  },
  pendingIssuers: { ja: '確認待ちの発行元（復元したバックアップから）', en: 'Issuers to confirm (from a restored backup)' },
  pendingExplain: {
    ja: 'バックアップに信頼済みとして記録されていた発行元です。確かめるまでは信頼しません。',
    en: 'The backup listed these issuers as trusted. They are not trusted until you confirm them.',
  },
  confirmIssuer: { ja: '信頼する', en: 'Trust' },
  dismissIssuer: { ja: '信頼しない', en: 'Do not trust' },
  keyId: { ja: '鍵ID', en: 'Key id' },
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
  importing: { ja: '取り込んでいます…', en: 'Importing…' },
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
  rotateDataKey: {
    ja: 'データ鍵も新しくする（全ページを暗号化し直し、以前のファイルの写しでは今後の記録を開けなくなります）',
    en: 'Also replace the data key (re-encrypts every page, so a copy of the old file cannot open anything added from now on)',
  },
  olderCopy: {
    ja: '注意: この記録は、このブラウザで以前に開いた版（世代 {seen}）より古い版（世代 {opened}）です。ファイルが古い写しに置き換えられた可能性があります。最近の記録が欠けていないか確認してください。',
    en: 'Warning: this vault is older (generation {opened}) than a version this browser opened before (generation {seen}). The file may have been replaced with an old copy; check that recent records are there.',
  },
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
  filterBySource: { ja: 'ファイルで絞り込む', en: 'Filter by file' },
  allSources: { ja: 'すべてのファイル', en: 'All files' },
  person: { ja: '表示する人', en: 'Whose record' },
  everyone: { ja: '家族全員', en: 'Everyone' },
  whoseRecords: { ja: '対象者', en: 'Whose' },
  unknownPerson: { ja: '対象者不明の記録', en: 'Records about no known person' },
  noWarnings: { ja: '注意はありません。', en: 'No warnings.' },
  self: { ja: '本人', en: 'You' },
  child: { ja: '子ども', en: 'Child' },
  dependent: { ja: '家族', en: 'Family' },
  other: { ja: 'その他', en: 'Other' },
  era: { ja: '和暦で表示', en: 'Japanese era dates' },
  views: { ja: '記録の表示', en: 'Record views' },
  tabOverview: { ja: '概要', en: 'Overview' },
  tabTimeline: { ja: 'タイムライン', en: 'Timeline' },
  tabMedications: { ja: 'お薬', en: 'Medications' },
  tabLabs: { ja: '検査結果', en: 'Lab results' },
  tabCheckups: { ja: '特定健診', en: 'Health checkups' },
  tabSummary: { ja: '医療情報・文書', en: 'EHR summary' },
  tabVaccinations: { ja: '予防接種', en: 'Vaccinations' },
  tabEmergency: { ja: '救急時', en: 'Emergency' },
  tabVisits: { ja: '受診・手術', en: 'Visits' },
  tabCards: { ja: '保険証・受給者証', en: 'Insurance cards' },
  tabGrowth: { ja: '成長・健診', en: 'Growth' },
  visitsTitle: { ja: '受診歴', en: 'Visits' },
  proceduresTitle: { ja: '手術・処置', en: 'Operations and procedures' },
  noVisits: { ja: '受診の記録はありません。', en: 'No visits recorded.' },
  noProcedures: { ja: '手術・処置の記録はありません。', en: 'No operations or procedures recorded.' },
  encounterClass: { ja: '区分', en: 'Kind' },
  classAMB: { ja: '外来', en: 'Outpatient' },
  classIMP: { ja: '入院', en: 'Inpatient' },
  classEMER: { ja: '救急', en: 'Emergency' },
  classHH: { ja: '在宅', en: 'Home care' },
  classVR: { ja: 'オンライン', en: 'Online' },
  classOther: { ja: 'その他', en: 'Other' },
  department: { ja: '診療科', en: 'Department' },
  reason: { ja: '理由', en: 'Reason' },
  procedure: { ja: '手術・処置', en: 'Procedure' },
  bodySite: { ja: '部位', en: 'Body site' },
  outcome: { ja: '結果', en: 'Outcome' },
  performer: { ja: '実施者', en: 'Performed by' },
  atVisit: { ja: '受診時', en: 'At the visit of' },
  fromTo: { ja: '{from}〜{to}', en: '{from} to {to}' },
  cardsTitle: { ja: '保険証・公費受給者証', en: 'Insurance and public-expense cards' },
  noCards: { ja: '保険証・受給者証の記録はありません。', en: 'No insurance cards recorded.' },
  cardInsurance: { ja: '医療保険', en: 'Health insurance' },
  cardPublicExpense: { ja: '公費負担医療', en: 'Public expense' },
  insurer: { ja: '保険者', en: 'Insurer' },
  insurerNumber: { ja: '保険者番号', en: 'Insurer number' },
  publicPayer: { ja: '公費負担者', en: 'Public payer' },
  payerNumber: { ja: '公費負担者番号', en: 'Public payer number' },
  recipientNumber: { ja: '受給者番号', en: 'Recipient number' },
  programme: { ja: '制度', en: 'Programme' },
  cardSymbol: { ja: '記号', en: 'Symbol' },
  cardNumber: { ja: '番号', en: 'Number' },
  cardBranch: { ja: '枝番', en: 'Branch number' },
  copay: { ja: '負担割合', en: 'Your share' },
  validity: { ja: '有効期間', en: 'Valid' },
  cardValidFrom: { ja: '{from}から', en: 'from {from}' },
  cardValidUntil: { ja: '{to}まで', en: 'until {to}' },
  cardValid: { ja: '有効', en: 'Valid' },
  cardInvalid: { ja: '期限切れ・無効', en: 'Expired or not valid' },
  showNumbers: { ja: '番号を表示', en: 'Show numbers' },
  hideNumbers: { ja: '番号を隠す', en: 'Hide numbers' },
  numbersHidden: { ja: '番号は末尾2桁のみ表示しています。', en: 'Only the last two characters of each number are shown.' },
  growthTitle: { ja: '成長の記録と健診', en: 'Growth and checkups' },
  noGrowth: { ja: '20歳未満の身体計測・健診の記録はありません。', en: 'No measurements or checkups before the age of 20.' },
  growthHeight: { ja: '身長', en: 'Height' },
  growthWeight: { ja: '体重', en: 'Weight' },
  growthHeadCircumference: { ja: '頭囲', en: 'Head circumference' },
  growthBmi: { ja: 'BMI', en: 'BMI' },
  growthAxis: { ja: '年齢（歳）', en: 'Age (years)' },
  ageLabel: { ja: '年齢', en: 'Age' },
  checkupFindings: { ja: '健診の所見', en: 'Checkup findings' },
  finding: { ja: '項目', en: 'Item' },
  carePlans: { ja: '療養計画・医師からの説明', en: 'Care plans and advice' },
  goals: { ja: '目標', en: 'Goals' },
  activities: { ja: '取り組むこと', en: 'What to do' },
  target: { ja: '目標値', en: 'Target' },
  due: { ja: '期限', en: 'Due' },
  fromDocument: { ja: '記載文書', en: 'From the document' },
  safetyTitle: { ja: 'お薬の注意', en: 'Medication safety' },
  duplicateIngredient: {
    ja: '同じ成分のお薬が複数の医療機関から処方されています',
    en: 'The same ingredient is prescribed by more than one institution',
  },
  allergyMatch: {
    ja: '記録されている薬剤アレルギー・禁忌に該当するお薬が処方されています',
    en: 'A prescribed drug matches a recorded drug allergy or contraindication',
  },
  evidence: { ja: '根拠となる記録', en: 'Evidence' },
  ingredientCode: { ja: '成分コード', en: 'Ingredient code' },
  askPharmacist: { ja: '服用をやめる前に、医師・薬剤師に相談してください。', en: 'Talk to your doctor or pharmacist before stopping anything.' },
  currentMedications: { ja: '服用中のお薬', en: 'Current medications' },
  medicationHistory: { ja: 'これまでのお薬', en: 'Medication history' },
  drug: { ja: '薬品名', en: 'Drug' },
  dosage: { ja: '用法・用量', en: 'Dosage' },
  prescribedBy: { ja: '処方', en: 'Prescribed by' },
  pharmacy: { ja: '調剤薬局', en: 'Pharmacy' },
  origin: { ja: '情報元', en: 'From' },
  until: { ja: 'まで', en: 'until' },
  // Phrases whose word order differs: each language's own template.
  untilDate: { ja: '{date}まで', en: 'until {date}' },
  forDays: { ja: '{n}日分', en: 'for {n} days' },
  timesCount: { ja: '{n}回', en: '{n} times' },
  dateRange: { ja: '{from}～{to}', en: '{from} to {to}' },
  oneDose: { ja: '1回量 {dose}', en: '{dose} each time' },
  perDay: { ja: '1日量 {dose}', en: '{dose} a day' },
  atSite: { ja: '部位 {site}', en: 'on the {site}' },
  asNeeded: { ja: '頓用', en: 'as needed' },
  asNeededFor: { ja: '{why}（頓用）', en: 'as needed: {why}' },
  atMost: { ja: '上限 {dose}', en: 'at most {dose}' },
  prescriptionDocuments: { ja: '処方箋と処方を含む文書', en: 'Prescriptions and the documents they came in' },
  documentOfDate: { ja: '{date}の{kind}', en: '{kind} of {date}' },
  prescriberIs: { ja: '処方医 {name}', en: 'prescribed by {name}' },
  authorIs: { ja: '作成者 {name}', en: 'written by {name}' },
  prescriptionNotes: { ja: '備考', en: 'Notes' },
  noteOf: { ja: '{category}: {text}', en: '{category}: {text}' },
  period: { ja: '期間', en: 'Period' },
  times: { ja: '回', en: 'times' },
  noMedications: { ja: '服用中のお薬はありません。', en: 'No current medications.' },
  analyte: { ja: '検査項目', en: 'Test' },
  latest: { ja: '最新', en: 'Latest' },
  referenceRange: { ja: '基準範囲', en: 'Reference range' },
  institution: { ja: '医療機関', en: 'Institution' },
  date: { ja: '日付', en: 'Date' },
  value: { ja: '結果', en: 'Result' },
  trendOf: { ja: 'の推移', en: ' over time' },
  high: { ja: '高', en: 'High' },
  low: { ja: '低', en: 'Low' },
  abnormal: { ja: '異常', en: 'Abnormal' },
  noLabs: { ja: '検査結果はありません。', en: 'No results.' },
  checkupTitle: { ja: '特定健康診査 結果', en: 'Specific health checkup results' },
  checkupYear: { ja: '受診日', en: 'Checkup date' },
  previous: { ja: '前回', en: 'Previous' },
  noCheckups: { ja: '特定健診の結果はありません。', en: 'No checkup results.' },
  checkupItem: { ja: '項目', en: 'Item' },
  checkupThisTime: { ja: '今回', en: 'This time' },
  checkupInstitution: { ja: '健診機関', en: 'Checkup institution' },
  checkupQuestion: { ja: '質問', en: 'Question' },
  checkupAnswer: { ja: '回答', en: 'Answer' },
  checkupOtherHint: {
    ja: '特定健診の様式にない項目です（健診機関が報告したもの）。',
    en: 'Results the checkup institution reported beyond the specific health checkup form.',
  },
  diagnoses: { ja: '傷病名', en: 'Diagnoses' },
  allergies: { ja: 'アレルギー', en: 'Allergies' },
  infections: { ja: '感染症', en: 'Infections' },
  contraindications: { ja: '薬剤禁忌・薬剤アレルギー', en: 'Contraindicated drugs' },
  recentLabs: { ja: '最近の検査', en: 'Recent lab results' },
  prescriptions: { ja: '処方', en: 'Prescriptions' },
  documents: { ja: '文書（診療情報提供書・退院時サマリーなど）', en: 'Documents (referrals, discharge summaries…)' },
  open: { ja: '開く', en: 'Open' },
  close: { ja: '閉じる', en: 'Close' },
  none: { ja: 'なし', en: 'None' },
  active: { ja: '継続', en: 'Active' },
  resolved: { ja: '治癒・終了', en: 'Resolved' },
  author: { ja: '作成者', en: 'Author' },
  vaccine: { ja: 'ワクチン', en: 'Vaccine' },
  dose: { ja: '回数', en: 'Dose' },
  lot: { ja: 'ロット番号', en: 'Lot' },
  place: { ja: '接種場所', en: 'Where' },
  noVaccinations: { ja: '予防接種の記録はありません。', en: 'No vaccinations recorded.' },
  children: { ja: '子ども', en: 'Children' },
  noChildren: { ja: '20歳未満の家族はいません。下のフォームで子どもを追加できます。', en: 'No one under 20 in this record. Add a child with the form below.' },
  ageYearsMonths: { ja: '{y}歳{m}か月', en: '{y} y {m} m' },
  doseNumber: { ja: '{n}回目', en: 'dose {n}' },
  statusComplete: { ja: '完了', en: 'Complete' },
  statusDue: { ja: '接種時期です', en: 'Due now' },
  statusOverdue: { ja: '期限超過', en: 'Overdue' },
  statusNotYet: { ja: 'まだ先', en: 'Not yet' },
  statusSoon: { ja: 'もうすぐ接種時期', en: 'Due soon' },
  statusNoLongerEligible: { ja: '定期接種の期間は終了', en: 'Free window over' },
  upcomingTitle: { ja: 'これからの予防接種（1年以内）', en: 'Coming up (within a year)' },
  noUpcoming: { ja: '1年以内に予定の接種はありません。', en: 'Nothing due within a year.' },
  recommendedWindow: { ja: '標準的な接種期間', en: 'Recommended' },
  earliestValid: { ja: '最短で', en: 'Earliest valid' },
  freeUntil: { ja: '定期接種（無料）の期限', en: 'Free until' },
  freeEndsTitle: { ja: '無料で受けられる期間がもうすぐ終わります', en: 'Free windows ending soon' },
  freeEnds: { ja: '{series}: 定期接種（無料）で受けられるのは {date} までです（あと{days}日）', en: '{series}: free (routine) until {date} ({days} days left)' },
  invalidTitle: { ja: '数えられない接種', en: 'Doses that do not count' },
  invalidDose: { ja: '{date} の {series}（{product}）: {reason}。この接種は回数に数えません', en: '{series} on {date} ({product}): {reason}. It does not count' },
  validFrom: { ja: '有効になるのは {date} から', en: 'valid from {date}' },
  forecastNotes: { ja: '判定についての注記', en: 'Notes on the judgement' },
  scheduleTitle: { ja: '{name}の接種スケジュール（月齢・年齢別）', en: "{name}'s schedule by age" },
  scheduleScroll: { ja: '{name}の接種スケジュール表（横にスクロールできます）', en: "{name}'s schedule table (scrolls sideways)" },
  series: { ja: 'ワクチン', en: 'Vaccine' },
  status: { ja: '状況', en: 'Status' },
  ageMonthsGroup: { ja: '月齢（か月）', en: 'Age in months' },
  ageYearsGroup: { ja: '年齢（歳）', en: 'Age in years' },
  legendValid: { ja: '接種済み（数字は回数）', en: 'Given (dose number)' },
  legendInvalid: { ja: '数えられない接種', en: 'Does not count' },
  legendEligible: { ja: '接種できる期間（定期接種は無料）', en: 'Eligible (free for routine vaccines)' },
  legendRecommended: { ja: '標準的な接種期間', en: 'Recommended window' },
  legendNext: { ja: '次の接種', en: 'Next dose' },
  legendNow: { ja: '現在の年齢', en: 'Age today' },
  nextMark: { ja: '次', en: 'next' },
  historyTitle: { ja: '接種歴', en: 'Doses given' },
  product: { ja: '製剤', en: 'Product' },
  recordDoseTitle: { ja: '接種を記録する', en: 'Record a dose' },
  chooseProduct: { ja: 'ワクチンを選ぶ', en: 'Choose a vaccine' },
  clinic: { ja: '医療機関', en: 'Clinic' },
  recordDose: { ja: '記録する', en: 'Record' },
  doseRecorded: { ja: '記録しました: {name} {product} {date}', en: 'Recorded: {name}, {product}, {date}' },
  addChildTitle: { ja: '子どもを追加する', en: 'Add a child' },
  name: { ja: '氏名', en: 'Name' },
  sex: { ja: '性別', en: 'Sex' },
  sexUnknown: { ja: '指定しない', en: 'Not given' },
  female: { ja: '女', en: 'Female' },
  male: { ja: '男', en: 'Male' },
  addChild: { ja: '追加する', en: 'Add' },
  childAdded: { ja: '{name}さんを追加しました', en: 'Added {name}' },
  downloadCalendar: { ja: 'カレンダーに登録（.ics を保存）', en: 'Save to calendar (.ics)' },
  calendarSaved: { ja: '{n}件の予定を保存しました（前日と当日に通知）', en: 'Saved {n} events (alerts the day before and on the day)' },
  remindersTitle: { ja: '予防接種のお知らせ', en: 'Vaccination reminders' },
  emergencyTitle: { ja: '救急時サマリー', en: 'Emergency summary' },
  print: { ja: '印刷する', en: 'Print' },
  keyLabs: { ja: '主な検査値（最新）', en: 'Key results (latest)' },
  activeConditions: { ja: '治療中の病気', en: 'Active conditions' },
  asOf: { ja: '{date}時点', en: 'As of {date}' },
  bloodType: { ja: '血液型', en: 'Blood type' },
  devices: { ja: '埋込み機器・医療機器', en: 'Implants and devices' },
  deviceSince: { ja: '{date}から', en: 'since {date}' },
  recentAdmissions: { ja: '過去1年の入院', en: 'Admissions in the last year' },
  recentProcedures: { ja: '過去1年の手術・処置', en: 'Operations and procedures in the last year' },
  admissionPeriod: { ja: '{start}〜{end}', en: '{start} to {end}' },
  emergencyContacts: { ja: '緊急連絡先', en: 'Emergency contacts' },
  careWishes: { ja: '本人の意思（心肺蘇生・人生会議）', en: 'Care wishes (resuscitation, advance care planning)' },
  cprLabel: { ja: '心肺蘇生', en: 'Resuscitation (CPR)' },
  cprWanted: { ja: '望む', en: 'Wanted' },
  cprRefused: { ja: '望まない', en: 'Not wanted' },
  cprUndecided: { ja: '決めていない', en: 'Not decided' },
  cprNotStated: { ja: '記載なし', en: 'Not stated' },
  acpNote: { ja: '人生会議（ACP）のメモ', en: 'Advance care planning notes' },
  acpDiscussedOn: { ja: '話し合った日', en: 'Discussed on' },
  wishesRecorded: { ja: '{date}に本人が記録', en: 'Recorded by the person on {date}' },
  wishesImported: { ja: '{source}から', en: 'From {source}' },
  noWishes: { ja: '記録なし', en: 'None recorded' },
  editEmergencyInfo: { ja: '緊急連絡先と本人の意思を入力する', en: 'Enter emergency contacts and care wishes' },
  contactName: { ja: '氏名', en: 'Name' },
  contactRelationship: { ja: '続柄', en: 'Relationship' },
  contactPhone: { ja: '電話番号', en: 'Phone' },
  contactNumber: { ja: '連絡先{n}', en: 'Contact {n}' },
  saveEmergencyInfo: { ja: '保存する', en: 'Save' },
  emergencyInfoSaved: { ja: '保存しました（金庫に暗号化して保管）', en: 'Saved (kept encrypted in the vault)' },
  printableCopy: { ja: '印刷用の控えを残す', en: 'Keep a printable copy' },
  printableCopyNote: {
    ja: 'このカードは金庫を開いたときだけ表示されます。紙やPDFの控えが欲しいときは「印刷する」で印刷するか、PDFとして保存してください。控えは暗号化されません。紙の書類と同じように保管してください。Techo がこの端末に平文の控えを自動で残すことはありません。',
    en: 'This card shows only while the vault is unlocked. For a paper or PDF copy, use Print and print it or save it as a PDF. That copy is not encrypted: keep it as you would a paper document. Techo never keeps a plaintext copy on this device by itself.',
  },
  demoOffline: {
    ja: 'オフラインのためデモは表示できません。ご自分の金庫は開けます。',
    en: 'Offline: the demo cannot be shown. Your own vault still opens.',
  },
  age: { ja: '歳', en: 'years' },
  ageOf: { ja: '{n}歳', en: 'aged {n}' },
  demoKey: { ja: 'デモ用の鍵', en: 'Demo key' },
  tabLifelog: { ja: 'ライフログ', en: 'Lifelog' },
  metric: { ja: '項目', en: 'Measure' },
  metricSteps: { ja: '歩数', en: 'Steps' },
  metricHeartRate: { ja: '心拍数', en: 'Heart rate' },
  metricSleep: { ja: '睡眠（分）', en: 'Sleep (min)' },
  metricBloodPressure: { ja: '血圧（収縮期・拡張期）', en: 'Blood pressure' },
  metricWeight: { ja: '体重', en: 'Weight' },
  metricExercise: { ja: '運動（分）', en: 'Exercise (min)' },
  metricHeight: { ja: '身長', en: 'Height' },
  sleepStages: { ja: '睡眠段階', en: 'Sleep stages' },
  stageDeep: { ja: '深い睡眠', en: 'Deep' },
  stageLight: { ja: '浅い睡眠', en: 'Light' },
  stageRem: { ja: 'レム睡眠', en: 'REM' },
  stageAsleep: { ja: '睡眠（段階なし）', en: 'Asleep (no stage)' },
  diastolic: { ja: '拡張期', en: 'Diastolic' },
  rangeMonth: { ja: '30日', en: '30 days' },
  rangeYear: { ja: '1年（日ごと）', en: 'A year (daily)' },
  rangeWeeks: { ja: 'すべて（週ごと）', en: 'Everything (weekly)' },
  whereFrom: { ja: 'どの機器の値か', en: 'Where it came from' },
  noLifelog: { ja: 'この期間の記録はありません。', en: 'Nothing recorded in this period.' },
  priorityTitle: { ja: '機器の優先順位', en: 'Source priority' },
  priorityExplain: {
    ja: '同じ時間に複数の機器が記録したときは、上の機器の値を使い、重複して数えません。',
    en: 'When several devices recorded the same time, the higher one is used and nothing is counted twice.',
  },
  kindManual: { ja: '手入力', en: 'Manual entry' },
  kindMedical: { ja: '医療機器（血圧計・体重計）', en: 'Medical devices (cuff, scale)' },
  kindWatch: { ja: 'ウォッチ', en: 'Watch' },
  kindPhone: { ja: 'スマートフォン', en: 'Phone' },
  kindApp: { ja: 'その他のアプリ', en: 'Other apps' },
  moveUp: { ja: 'を上へ', en: 'up' },
  moveDown: { ja: 'を下へ', en: 'down' },
  exportFhir: { ja: 'FHIR形式で保存', en: 'Save as FHIR' },
  exportOmh: { ja: 'Open mHealth形式で保存', en: 'Save as Open mHealth' },
  samplesImported: { ja: '件の記録（歩数・心拍など）を取り込みました', en: 'lifelog samples imported (steps, heart rate…)' },
  // Consent: sharing, family keys, the disclosure log, the receiving page (issue 14).
  tabSharing: { ja: '共有', en: 'Sharing' },
  tabFamily: { ja: '家族と鍵', en: 'Family & keys' },
  tabDisclosures: { ja: '提供状況', en: 'Disclosures' },
  tabReceive: { ja: '共有されたデータを開く', en: 'Open shared data' },
  needsVault: {
    ja: '共有には、暗号化された金庫が必要です。上の「金庫」で作成するか開いてください（署名に使う鍵は金庫の中だけに作られます）。',
    en: 'Sharing needs an encrypted vault. Create or open one above (the keys that sign your grants are made inside it only).',
  },
  sharingTitle: { ja: '共有', en: 'Sharing' },
  sharingExplain: {
    ja: '誰に、何を、何のために、いつまで見せるかをあなたが決めます。共有はあなたの鍵で署名され、相手の鍵でだけ開ける暗号化ファイルになります。',
    en: 'You decide who sees what, for what and until when. Each grant is signed with your key; the file you share opens only with the receiver’s key.',
  },
  wizardTitle: { ja: '新しい共有', en: 'New grant' },
  grantPerson: { ja: '誰の記録', en: 'Whose record' },
  grantCategories: { ja: '共有する項目', en: 'What to share' },
  categoryGroupRecords: { ja: '記録', en: 'Records' },
  categoryGroupEhr: { ja: '電子カルテ情報（6情報）', en: 'EHR items (the six information)' },
  categoryGroupLifelog: { ja: 'ライフログ', en: 'Lifelog' },
  dataPeriod: { ja: 'データの期間（任意）', en: 'Data period (optional)' },
  dataFrom: { ja: '開始日', en: 'From' },
  dataTo: { ja: '終了日', en: 'To' },
  dataPeriodHint: { ja: '期間を区切ると、日付のない記録は含まれません。', en: 'A bounded period leaves undated records out.' },
  grantPurpose: { ja: '目的', en: 'Purpose' },
  quickDefaults: { ja: 'よく使う設定', en: 'One-tap defaults' },
  presetVisit: { ja: '受診時: 24時間', en: 'Clinic visit: 24 hours' },
  presetEmergency: { ja: '救急: 72時間', en: 'Emergency: 72 hours' },
  presetApp: { ja: 'アプリ: 90日', en: 'App: 90 days' },
  grantExpires: { ja: '有効期限', en: 'Expires' },
  expiresDefault: { ja: '既定（{purpose}: {length}）', en: 'Default ({purpose}: {length})' },
  expiresCustom: { ja: '日時を指定する', en: 'Set a date and time' },
  grantUse: { ja: '回数', en: 'Use' },
  useOnce: { ja: '1回だけ（共有ファイルを1つ作ったら終わり）', en: 'Once (ends after one file)' },
  useContinuing: { ja: '期限まで何度でも', en: 'Continuing, until it expires' },
  proxyGrant: { ja: '代理（もう一人の保護者と子どもの記録を継続して共有）', en: 'Proxy (a second guardian’s continuing share of a child’s record)' },
  granteeName: { ja: '相手の名前', en: 'Receiver’s name' },
  granteeKey: { ja: '相手の公開鍵（age1…）', en: 'Receiver’s public key (age1…)' },
  granteeKeyHint: {
    ja: '相手から受け取った age1 で始まる鍵を貼り付けるか、鍵のQRコードの画像を選んでください。',
    en: 'Paste the key starting with age1 that the receiver gave you, or choose an image of its QR code.',
  },
  granteeKeyQr: { ja: '鍵のQRコード画像から読み取る', en: 'Read the key from a QR code image' },
  qrNotFound: { ja: 'この画像からQRコードを読み取れませんでした。', en: 'No QR code could be read from this image.' },
  qrNotKey: { ja: 'QRコードの内容が age1 で始まる鍵ではありません。', en: 'The QR code does not hold a key starting with age1.' },
  qrRead: { ja: 'QRコードから鍵を読み取りました。', en: 'The key was read from the QR code.' },
  granteeSigningKey: { ja: '相手の署名鍵（任意、base64）', en: 'Receiver’s signing key (optional, base64)' },
  createGrant: { ja: '署名して共有を作る', en: 'Sign and create the grant' },
  grantCreated: { ja: '共有を作りました: {name}', en: 'Grant created: {name}' },
  chooseCategory: { ja: '共有する項目を1つ以上選んでください。', en: 'Choose at least one thing to share.' },
  grantsTitle: { ja: '共有の一覧', en: 'Your grants' },
  noGrants: { ja: 'まだ共有はありません。', en: 'No grants yet.' },
  grantTo: { ja: '相手', en: 'To' },
  grantScope: { ja: '項目', en: 'What' },
  grantIssued: { ja: '作成', en: 'Issued' },
  grantPackages: { ja: '共有ファイル', en: 'Files made' },
  lastShared: { ja: '最後に作成', en: 'last' },
  statusActive: { ja: '有効', en: 'Active' },
  statusExpired: { ja: '期限切れ', en: 'Expired' },
  statusRevoked: { ja: '取り消し済み', en: 'Revoked' },
  statusUsed: { ja: '使用済み', en: 'Used' },
  downloadPackage: { ja: '共有ファイルを保存', en: 'Save the share file' },
  packageSaved: { ja: '共有ファイルを保存しました（{resources}件{pseudo}）。相手に渡してください。', en: 'Share file saved ({resources} records{pseudo}). Give it to the receiver.' },
  pseudonymised: { ja: '、仮名加工済み', en: ', pseudonymised' },
  exportConsent: { ja: 'FHIR Consent として保存', en: 'Save as FHIR Consent' },
  revoke: { ja: '取り消す', en: 'Revoke' },
  revokeConfirm: { ja: '取り消しを確定する', en: 'Confirm revocation' },
  revokeCancel: { ja: 'やめる', en: 'Keep it' },
  cannotRecall: {
    ja: 'すでに共有したデータは取り消せません。取り消すと、この共有から新しい共有ファイルは作れなくなります。相手には取り消し通知を渡してください。',
    en: 'Data already shared cannot be recalled. Revoking stops any new file from this grant. Give the receiver the revocation notice.',
  },
  revokedNotice: { ja: '取り消しました: {name}', en: 'Revoked: {name}' },
  revocationTitle: { ja: '相手に渡す取り消し通知（署名付き）', en: 'The signed revocation to send to the receiver' },
  downloadRevocation: { ja: '取り消し通知を保存', en: 'Save the revocation' },
  signedGrant: { ja: '署名された共有の内容', en: 'The signed grant' },
  purposeTreatment: { ja: '受診・治療', en: 'Treatment' },
  purposeEmergency: { ja: '救急', en: 'Emergency' },
  purposeResearch: { ja: '研究（二次利用）', en: 'Research (secondary use)' },
  purposeApp: { ja: 'アプリ', en: 'App' },
  purposeHandOver: { ja: '本人への引き継ぎ', en: 'Hand-over' },
  hours: { ja: '時間', en: 'hours' },
  days: { ja: '日', en: 'days' },
  researchTitle: { ja: '研究利用の拒否（オプトアウト）', en: 'Research opt-out' },
  researchExplain: {
    ja: '次世代医療基盤法のオプトアウトに基づく「拒否」です。オンにすると、研究目的の共有は作れず、研究用の共有ファイルも作られません。変更は記録されます。',
    en: 'Your refusal under the next-generation medical infrastructure law’s opt-out. While on, no research grant or research file can be made. Every change is logged.',
  },
  researchSwitch: { ja: '研究への利用を拒否する', en: 'Refuse research use' },
  researchOn: { ja: '現在: 拒否しています', en: 'Now: you refuse research use' },
  researchOff: { ja: '現在: 拒否していません', en: 'Now: you do not refuse research use' },
  lastChanged: { ja: '最終変更', en: 'Last changed' },
  neverChanged: { ja: '変更したことはありません', en: 'never changed' },
  familyTitle: { ja: '家族と鍵', en: 'Family and keys' },
  familyExplain: {
    ja: '家族一人ひとりが自分の鍵を持ちます。公開鍵は人に渡しても安全です（秘密鍵は金庫の外に出ません）。',
    en: 'Each person has keys of their own. The public keys are safe to give to others (the secret keys never leave the vault).',
  },
  relationship: { ja: '続柄', en: 'Relationship' },
  ageRecipient: { ja: '暗号化用の公開鍵（age）', en: 'Encryption key (age)' },
  signingKey: { ja: '署名の公開鍵（Ed25519）', en: 'Signing key (Ed25519)' },
  qrOf: { ja: '{what}のQRコード', en: 'QR code of the {what}' },
  keysMade: { ja: '鍵の作成日時', en: 'Keys made' },
  proxyStart: { ja: 'もう一人の保護者と共有する（代理）', en: 'Share with a second guardian (proxy)' },
  handOverTitle: { ja: '本人への引き継ぎ', en: 'Hand-over to the child' },
  handOverExplain: {
    ja: '{age}歳になりました。本人の端末で作った鍵（age1…）に、記録の全部を引き継げます。引き継ぐと、この記録の共有はすべて終わり、新しい共有は作れなくなります。',
    en: 'Now {age} or older: the whole record can be handed over to a key the child made on their own device (age1…). All grants of this record end, and no new one can be made.',
  },
  handOverKey: { ja: '本人の公開鍵（age1…）', en: 'The child’s own key (age1…)' },
  handOverButton: { ja: '本人に引き継ぐ', en: 'Hand over' },
  handedOver: { ja: '引き継ぎ済み', en: 'Handed over' },
  handedOverNotice: { ja: '{name}さんの記録を引き継ぎました（{resources}件、終了した共有 {ended}件）。保存したファイルを本人に渡してください。', en: '{name}’s record was handed over ({resources} records, {ended} grants ended). Give the saved file to them.' },
  handOverAge: { ja: '引き継ぎを案内する年齢', en: 'Age to offer the hand-over' },
  save: { ja: '保存する', en: 'Save' },
  handOverAgeSaved: { ja: '引き継ぎの年齢を{age}歳にしました。', en: 'Hand-over age set to {age}.' },
  relationshipSaved: { ja: '{name}さんの続柄を変更しました。', en: '{name}’s relationship changed.' },
  logTitle: { ja: '提供状況（誰が・何を・いつ受け取ったか）', en: 'Disclosures (who received what, when)' },
  logExplain: {
    ja: '記録の開封・取り込み・書き出し・共有はすべて、改ざんを検出できる形で記録されています。',
    en: 'Every unlock, import, export and share is logged in a form that shows tampering.',
  },
  logOnlyDisclosures: { ja: '提供（共有ファイル・引き継ぎ）だけを表示', en: 'Show disclosures only (share files, hand-overs)' },
  logWhen: { ja: '日時', en: 'When' },
  logAction: { ja: '操作', en: 'What' },
  logWhose: { ja: '誰の記録', en: 'Whose record' },
  logDetail: { ja: '内容', en: 'Details' },
  logEmpty: { ja: '記録はまだありません。', en: 'Nothing logged yet.' },
  logUnavailable: { ja: 'この版のコアには提供状況の記録がありません。', en: 'This version of the core has no disclosure log.' },
  verifyLog: { ja: '記録を検証する', en: 'Verify the log' },
  logOk: { ja: '改ざんは見つかりませんでした（{entries}件、署名済みチェックポイント{checkpoints}件{bound}）。', en: 'No tampering found ({entries} entries, {checkpoints} signed checkpoints{bound}).' },
  logBound: { ja: '、金庫のヘッダーと一致', en: ', matching the vault header' },
  logProblems: { ja: '問題が見つかりました', en: 'Problems found' },
  receivedBy: { ja: '受け取った相手', en: 'Received by' },
  logFile: { ja: 'ファイル', en: 'File' },
  logByPassphrase: { ja: 'パスフレーズで', en: 'with the passphrase' },
  logByRecovery: { ja: '回復キーで', en: 'with the recovery key' },
  logSamples: { ja: '{n}件の測定値', en: '{n} samples' },
  resourcesCount: { ja: '{n}件', en: '{n} records' },
  receiveTitle: { ja: '共有されたデータを開く', en: 'Open data shared with you' },
  receiveExplain: {
    ja: '受け取った共有ファイルを、あなたの秘密鍵（AGE-SECRET-KEY-1…）で開いて確かめます。金庫は不要で、ファイルも鍵もこのページの外には送られません。',
    en: 'Open and check a share file you received with your secret key (AGE-SECRET-KEY-1…). No vault is needed; neither the file nor the key leaves this page.',
  },
  receiveIdentity: { ja: 'あなたの秘密鍵（AGE-SECRET-KEY-1…）', en: 'Your secret key (AGE-SECRET-KEY-1…)' },
  receiveIdentityFile: { ja: '秘密鍵のファイルから読み込む', en: 'Load the secret key from a file' },
  receivePackage: { ja: '共有ファイル（.age）', en: 'Share file (.age)' },
  receiveRevocations: { ja: '受け取った取り消し通知（任意、JSON）', en: 'Revocations you received (optional, JSON)' },
  receiveOpen: { ja: '開いて確かめる', en: 'Open and check' },
  receiveOk: { ja: 'すべての確認に合格しました: 署名・期限・取り消し・範囲・改ざん。', en: 'Every check passed: signatures, expiry, revocation, scope, integrity.' },
  receiveFailed: { ja: 'この共有ファイルは確認できませんでした。記録は表示しません。', en: 'This share file did not pass the checks. No record is shown.' },
  receiveGrant: { ja: '共有の内容', en: 'The grant' },
  sharedBy: { ja: '共有した人', en: 'Shared by' },
  sharedWith: { ja: '共有された相手', en: 'Shared with' },
  receiveRecords: { ja: '共有された記録（{n}件）', en: 'Shared records ({n})' },
  chooseFileAndKey: { ja: '共有ファイルと秘密鍵の両方が必要です。', en: 'Both the share file and your secret key are needed.' },
  recordName: { ja: '名称', en: 'Name' },
  recordDate: { ja: '日付', en: 'Date' },
  recordValue: { ja: '内容', en: 'Value' },
  // The お薬手帳 panel (JAHIS TC, the format of a pharmacy's QR code sticker).
  notebookTitle: { ja: 'お薬手帳（電子版）', en: 'Medication notebook (電子版お薬手帳)' },
  notebookExplain: {
    ja: '薬局でもらうお薬手帳のQRコード（JAHIS形式）を、カメラで読み取るか、写真やテキストのファイルを選ぶか、その文字を貼り付けて取り込めます。読み取りはこのページの中だけで行い、画像も文字もページの外に出ません。',
    en: 'Import the QR code a pharmacy prints for your medication notebook (the JAHIS format): scan it with the camera, choose a photo or text file, or paste its text. It is read inside this page only: no image or text leaves it.',
  },
  notebookPaste: { ja: 'QRコードの文字を貼り付ける', en: 'Paste the QR code’s text' },
  notebookPasteHint: { ja: '「JAHISTC」で始まる文字です。', en: 'It starts with “JAHISTC”.' },
  notebookImport: { ja: '取り込む', en: 'Import' },
  notebookFile: { ja: 'ファイルを選ぶ（テキスト、またはQRコードの写真）', en: 'Choose a file (the text, or a photo of the QR code)' },
  notebookScan: { ja: 'カメラで読み取る', en: 'Scan with the camera' },
  notebookStopScan: { ja: '読み取りをやめる', en: 'Stop scanning' },
  notebookCamera: { ja: 'カメラの映像', en: 'Camera view' },
  notebookScanning: { ja: 'QRコードをカメラに向けてください。', en: 'Hold the QR code in front of the camera.' },
  notebookNoCamera: { ja: 'カメラを使えませんでした', en: 'The camera could not be used' },
  notebookNoCode: { ja: 'QRコードが見つかりませんでした。', en: 'No QR code was found.' },
  notebookSymbols: { ja: '連結QRコード {total}枚中{read}枚を読み取りました。残りも読み取ってください。', en: '{read} of {total} linked QR codes read. Scan the others too.' },
  notebookParts: { ja: '{total}件中{read}件のパートを読み取りました', en: '{read} of {total} parts read' },
  notebookPartsMissing: { ja: '残りのパートも読み取ると、お薬が記録されます。', en: 'The medicines are recorded once the other parts are read.' },
  notebookPending: { ja: 'パートの残りを待っている記録', en: 'Records waiting for their other parts' },
  notebookPendingItem: { ja: 'データID {id}：{total}件中{read}件', en: 'Data id {id}: {read} of {total}' },
  notebookImported: { ja: '{n}件を取り込みました', en: '{n} records imported' },
  notebookUnchanged: { ja: '（{n}件は取り込み済みでした）', en: ' ({n} were already in your record)' },
  notebookExportTitle: { ja: 'お薬手帳の形式で渡す', en: 'Hand it over as a medication notebook' },
  notebookExportExplain: {
    ja: '今飲んでいるお薬を、お薬手帳の形式（JAHIS、医療機関への提供用）の文字とQRコードにします。医療機関や薬局の読み取り機に見せてください。',
    en: 'Writes the medicines taken now in the medication-notebook format (JAHIS, for a clinic) as text and QR codes, to show to a clinic’s or pharmacy’s reader.',
  },
  notebookExport: { ja: 'お薬手帳の形式にする', en: 'Make the notebook text' },
  notebookExportChoosePerson: { ja: '書き出す人を一人選んでください。', en: 'Choose one person to write out.' },
  notebookExportText: { ja: 'お薬手帳の文字（{n}種類のお薬）', en: 'Notebook text ({n} medicines)' },
  notebookCopy: { ja: '文字をコピー', en: 'Copy the text' },
  notebookCopied: { ja: 'コピーしました。', en: 'Copied.' },
  notebookQr: { ja: 'お薬手帳のQRコード {i}/{n}', en: 'Medication notebook QR code {i} of {n}' },
  notebookQrHint: { ja: '{n}枚のQRコードに分かれています。すべて読み取ってもらってください。', en: 'It takes {n} QR codes: have each of them read.' },
  notebookReplaced: {
    ja: '次の文字はお薬手帳の文字コード（Shift_JIS）にないため「〓」として書きました：{chars}',
    en: 'These characters do not exist in the notebook’s character set (Shift_JIS) and were written as “〓”: {chars}',
  },
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
  GRANT_REVOKED: {
    ja: 'この共有は取り消されています。新しい共有ファイルは作れません（すでに渡したデータは取り消せません）。',
    en: 'This grant was revoked: no new share file can be made from it (data already shared cannot be recalled).',
  },
  GRANT_EXPIRED: {
    ja: 'この共有は期限切れか、1回だけの共有で使用済みです。共有ファイルは作れません。',
    en: 'This grant has expired, or was for one file that was already made: no share file can be made.',
  },
  OPTED_OUT: {
    ja: '研究への利用を拒否（オプトアウト）しているため、研究目的の共有は作れません。',
    en: 'You refuse research use (opt-out), so no research grant can be made.',
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
  goal: { ja: '目標', en: 'Goal' },
  coverage: { ja: '保険証・受給者証', en: 'Insurance card' },
  device: { ja: '医療機器・埋込み', en: 'Device or implant' },
  contact: { ja: '緊急連絡先', en: 'Emergency contact' },
  consent: { ja: '意思表示', en: 'Care wishes' },
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
// With `era`, Japanese dates use the Japanese calendar (和暦: 令和8年11月21日).
export function formatFhirDate(lang: Lang, date: string, era = false): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
  if (!match) return date;
  const [, y, m, d] = match;
  const value = new Date(Date.UTC(Number(y), m ? Number(m) - 1 : 0, d ? Number(d) : 1));
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (m) options.month = 'long';
  if (d) options.day = 'numeric';
  if (era && lang === 'ja') options.era = 'long';
  const locale = lang === 'ja' ? (era ? 'ja-JP-u-ca-japanese' : 'ja-JP') : 'en-GB';
  return new Intl.DateTimeFormat(locale, options).format(value);
}

const origins: Record<string, Record<Lang, string>> = {
  'e-prescription': { ja: '電子処方箋', en: 'e-prescription' },
  claims: { ja: 'レセプト（診療報酬明細）', en: 'Claims' },
  dispensing: { ja: '調剤記録', en: 'Dispensing record' },
  prescription: { ja: '処方記録', en: 'Prescription record' },
  statement: { ja: '服薬記録', en: 'Medication statement' },
  'okusuri-techo': { ja: 'お薬手帳', en: 'Medication notebook (お薬手帳)' },
};
export function originLabel(lang: Lang, origin: string): string {
  return origins[origin]?.[lang] ?? origin;
}

// The JP document kinds (DocumentKind) in words.
const documentKinds: Record<string, Record<Lang, string>> = {
  'e-prescription': { ja: '電子処方箋', en: 'e-prescription' },
  referral: { ja: '診療情報提供書', en: 'referral letter' },
  'discharge-summary': { ja: '退院時サマリー', en: 'discharge summary' },
  'checkup-report': { ja: '健診結果報告書', en: 'health checkup report' },
  'patient-summary': { ja: '患者サマリー', en: 'patient summary' },
  document: { ja: '文書', en: 'document' },
};
export function documentKindLabel(lang: Lang, kind: string): string {
  return documentKinds[kind]?.[lang] ?? (lang === 'ja' ? '文書' : 'document');
}

// The categories of an e-prescription's Communication (処方箋備考区分) in words; other
// categories show as written.
const noteCategories: Record<string, Record<Lang, string>> = {
  処方箋備考: { ja: '処方箋備考', en: 'Prescription note' },
  調剤者への指示: { ja: '調剤者への指示', en: 'For the pharmacist' },
  残薬確認指示: { ja: '残薬確認指示', en: 'Check leftover medicine' },
};
export function noteCategoryLabel(lang: Lang, category: string): string {
  return noteCategories[category]?.[lang] ?? category;
}

/** Between facts on one line: 「A ・ B」, "A · B". */
export function dot(lang: Lang): string {
  return lang === 'ja' ? ' ・ ' : ' · ';
}

/** Items of a list as each language joins them: 「A、B」, "A, B". */
export function listOf(lang: Lang, items: string[]): string {
  return items.join(lang === 'ja' ? '、' : ', ');
}

/**
 * A template with `{name}` placeholders as parts for a Lit template: the values may be
 * templates themselves (a <time> element), so that each language keeps its own word order
 * ("{date}まで", "until {date}") without building sentences from fragments.
 */
export function phrase(lang: Lang, key: StringKey, values: Record<string, unknown>): unknown[] {
  const parts: unknown[] = [];
  const text = t(lang, key);
  let at = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    parts.push(text.slice(at, m.index));
    const name = m[1] ?? '';
    parts.push(name in values ? values[name] : m[0]);
    at = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}

// The 特定健診 result form: its sections and lines (the MHLW result items), as the form
// names them and in English.
const checkupLabels: Record<string, Record<Lang, string>> = {
  exam: { ja: '診察', en: 'Medical examination' },
  body: { ja: '身体計測', en: 'Body measurements' },
  bp: { ja: '血圧', en: 'Blood pressure' },
  sampling: { ja: '採血', en: 'Blood sample' },
  lipid: { ja: '脂質', en: 'Lipids' },
  liver: { ja: '肝機能', en: 'Liver function' },
  kidney: { ja: '腎機能', en: 'Kidney function' },
  glucose: { ja: '血糖', en: 'Blood glucose' },
  urine: { ja: '尿検査', en: 'Urinalysis' },
  anemia: { ja: '貧血検査', en: 'Anaemia tests' },
  ecg: { ja: '心電図', en: 'Electrocardiogram' },
  fundus: { ja: '眼底検査', en: 'Fundus examination' },
  judgement: { ja: '判定', en: 'Assessment' },
  questionnaire: { ja: '問診（質問票）', en: 'Questionnaire' },
  history: { ja: '既往歴', en: 'Past medical history' },
  history_detail: { ja: '具体的な既往歴', en: 'Past illnesses' },
  subjective: { ja: '自覚症状', en: 'Symptoms you reported' },
  subjective_detail: { ja: '自覚症状（所見）', en: 'Symptoms reported' },
  objective: { ja: '他覚症状', en: 'Signs the doctor found' },
  objective_detail: { ja: '他覚症状（所見）', en: 'Signs found' },
  height: { ja: '身長', en: 'Height' },
  weight: { ja: '体重', en: 'Weight' },
  bmi: { ja: 'BMI', en: 'BMI' },
  waist: { ja: '腹囲', en: 'Waist' },
  visceral_fat: { ja: '内臓脂肪面積', en: 'Visceral fat area' },
  systolic_1: { ja: '収縮期血圧（1回目）', en: 'Systolic, 1st reading' },
  systolic_2: { ja: '収縮期血圧（2回目）', en: 'Systolic, 2nd reading' },
  systolic: { ja: '収縮期血圧', en: 'Systolic' },
  diastolic_1: { ja: '拡張期血圧（1回目）', en: 'Diastolic, 1st reading' },
  diastolic_2: { ja: '拡張期血圧（2回目）', en: 'Diastolic, 2nd reading' },
  diastolic: { ja: '拡張期血圧', en: 'Diastolic' },
  blood_draw_time: { ja: '採血時間（食後）', en: 'Time since the last meal' },
  tg: { ja: '中性脂肪（空腹時）', en: 'Triglycerides (fasting)' },
  tg_random: { ja: '中性脂肪（随時）', en: 'Triglycerides (non-fasting)' },
  hdl: { ja: 'HDLコレステロール', en: 'HDL cholesterol' },
  ldl: { ja: 'LDLコレステロール', en: 'LDL cholesterol' },
  non_hdl: { ja: 'Non-HDLコレステロール', en: 'Non-HDL cholesterol' },
  ast: { ja: 'AST(GOT)', en: 'AST' },
  alt: { ja: 'ALT(GPT)', en: 'ALT' },
  ggt: { ja: 'γ-GT(γ-GTP)', en: 'γ-GT' },
  creatinine: { ja: '血清クレアチニン', en: 'Serum creatinine' },
  egfr: { ja: 'eGFR', en: 'eGFR' },
  creatinine_reason: { ja: '血清クレアチニン（実施理由）', en: 'Why creatinine was tested' },
  fbs: { ja: '空腹時血糖', en: 'Fasting glucose' },
  random_glucose: { ja: '随時血糖', en: 'Non-fasting glucose' },
  hba1c: { ja: 'HbA1c', en: 'HbA1c' },
  hba1c_jds: { ja: 'HbA1c（JDS値）', en: 'HbA1c (JDS)' },
  urine_glucose: { ja: '尿糖', en: 'Urine glucose' },
  urine_protein: { ja: '尿蛋白', en: 'Urine protein' },
  hematocrit: { ja: 'ヘマトクリット値', en: 'Haematocrit' },
  hemoglobin: { ja: '血色素量（ヘモグロビン値）', en: 'Haemoglobin' },
  rbc: { ja: '赤血球数', en: 'Red blood cells' },
  anemia_reason: { ja: '貧血検査（実施理由）', en: 'Why anaemia was tested' },
  ecg_result: { ja: '心電図（所見の有無）', en: 'ECG findings' },
  ecg_findings: { ja: '心電図（所見）', en: 'What the ECG showed' },
  ecg_reason: { ja: '心電図（実施理由）', en: 'Why an ECG was taken' },
  fundus_kw: { ja: 'キースワグナー分類', en: 'Keith-Wagener grade' },
  fundus_scheie_h: { ja: 'シェイエ分類（H）', en: 'Scheie grade (H)' },
  fundus_scheie_s: { ja: 'シェイエ分類（S）', en: 'Scheie grade (S)' },
  fundus_scott: { ja: 'SCOTT分類', en: 'Scott grade' },
  fundus_wong_mitchell: { ja: 'Wong-Mitchell分類', en: 'Wong-Mitchell grade' },
  fundus_davis: { ja: '改変Davis分類', en: 'Modified Davis grade' },
  fundus_findings: { ja: '眼底検査（その他の所見）', en: 'Other fundus findings' },
  fundus_reason: { ja: '眼底検査（実施理由）', en: 'Why the fundus was examined' },
  metabolic: { ja: 'メタボリックシンドローム判定', en: 'Metabolic syndrome' },
  guidance: { ja: '保健指導レベル', en: 'Health guidance level' },
  doctor_judgement: { ja: '医師の判断', en: "The doctor's assessment" },
  doctor_name: { ja: '判断した医師', en: 'Assessed by' },
  other: { ja: 'その他の項目', en: 'Other results' },
};
export function checkupLabel(lang: Lang, id: string): string {
  return checkupLabels[id]?.[lang] ?? id;
}

// The 標準的な質問票's questions in English (the report gives them in Japanese).
const checkupQuestions: Record<string, string> = {
  q_bp_medicine: '1. Do you take medicine to lower your blood pressure?',
  q_bp_medicine_name: '1. The blood pressure medicine',
  q_bp_medicine_reason: '1. Why you take blood pressure medicine',
  q_glucose_medicine: '2. Do you use insulin or medicine to lower your blood glucose?',
  q_glucose_medicine_name: '2. The blood glucose medicine',
  q_glucose_medicine_reason: '2. Why you take blood glucose medicine',
  q_lipid_medicine: '3. Do you take medicine to lower your cholesterol or triglycerides?',
  q_lipid_medicine_name: '3. The cholesterol medicine',
  q_lipid_medicine_reason: '3. Why you take cholesterol medicine',
  q_stroke: '4. Has a doctor told you that you have had a stroke, or treated you for one?',
  q_heart: '5. Has a doctor told you that you have heart disease (angina, heart attack), or treated you for it?',
  q_kidney: '6. Has a doctor told you that you have chronic kidney disease or kidney failure, or are you on dialysis?',
  q_anemia: '7. Has a doctor told you that you are anaemic?',
  q_smoking: '8. Do you smoke regularly now?',
  q_weight_since_20: '9. Have you gained 10 kg or more since you were 20?',
  q_exercise: '10. Do you exercise enough to sweat lightly for 30 minutes or more, twice a week or more, for a year or longer?',
  q_activity: '11. Do you walk, or move as much, for an hour or more a day?',
  q_walking_speed: '12. Do you walk faster than people of your age and sex?',
  q_weight_change_year: 'Has your weight changed by 3 kg or more in the past year? (questionnaire until 2018)',
  q_chewing: '13. How well can you chew your food?',
  q_eating_speed: '14. Do you eat faster than other people?',
  q_late_dinner: '15. Do you eat dinner within two hours of going to bed three or more times a week?',
  q_snacks: '16. Do you have snacks or sweet drinks besides your three meals?',
  q_late_snacks: 'Do you eat late-night snacks three or more times a week? (questionnaire until 2018)',
  q_breakfast: '17. Do you skip breakfast three or more times a week?',
  q_drinking: '18. How often do you drink alcohol (sake, shochu, beer, wine, spirits)?',
  q_drinking_amount: '19. How much do you drink on a drinking day?',
  q_sleep: '20. Does your sleep give you enough rest?',
  q_lifestyle: '21. Would you like to improve your habits, such as exercise and diet?',
  q_guidance_wish: 'Would you take health guidance on improving your habits if offered? (questionnaire until 2023)',
  q_guidance_history: '22. Have you ever had specific health guidance (特定保健指導) on improving your habits?',
};
/** A 問診 question as the person reads it: the report's own words, or its English. */
export function checkupQuestion(lang: Lang, id: string, asked: string): string {
  return lang === 'en' ? checkupQuestions[id] ?? asked : asked;
}


export function flagLabel(lang: Lang, flag: string): string {
  if (flag === 'H') return t(lang, 'high');
  if (flag === 'L') return t(lang, 'low');
  if (flag === 'A') return t(lang, 'abnormal');
  return '';
}

/** A string with `{name}` placeholders filled in. */
/** An aside in brackets as each language writes it: 山田 花子（本人）, Hanako (You). */
export function aside(lang: Lang, text: string): string {
  return lang === 'ja' ? `（${text}）` : ` (${text})`;
}

/** An age in whole months as a checkup names it: 1か月, 1歳6か月, 3歳 / 1 month, 1 year 6 months, 3 years. */
export function formatAgeMonths(lang: Lang, months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  if (lang === 'ja') return y === 0 ? `${m}か月` : m === 0 ? `${y}歳` : `${y}歳${m}か月`;
  const years = `${y} ${y === 1 ? 'year' : 'years'}`;
  const monthsText = `${m} ${m === 1 ? 'month' : 'months'}`;
  return y === 0 ? monthsText : m === 0 ? years : `${years} ${monthsText}`;
}

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

// Vaccine products (the schedule's VaccineProduct ids) as a parent reads them.
export const vaccineProducts = {
  HepB: { ja: 'B型肝炎', en: 'Hepatitis B' },
  RV1: { ja: 'ロタウイルス 1価', en: 'Rotavirus, monovalent (RV1)' },
  RV5: { ja: 'ロタウイルス 5価', en: 'Rotavirus, pentavalent (RV5)' },
  PCV7: { ja: '小児用肺炎球菌 7価', en: 'Pneumococcal conjugate, 7-valent' },
  PCV13: { ja: '小児用肺炎球菌 13価', en: 'Pneumococcal conjugate, 13-valent' },
  PCV15: { ja: '小児用肺炎球菌 15価', en: 'Pneumococcal conjugate, 15-valent' },
  PCV20: { ja: '小児用肺炎球菌 20価', en: 'Pneumococcal conjugate, 20-valent' },
  'DPT-IPV-Hib': { ja: '五種混合（DPT-IPV-Hib）', en: 'DTaP-IPV-Hib (5-in-1)' },
  'DPT-IPV': { ja: '四種混合（DPT-IPV）', en: 'DTaP-IPV (4-in-1)' },
  'DPT+IPV': { ja: '三種混合（DPT）と不活化ポリオ（IPV）', en: 'DTaP and IPV, given separately' },
  Hib: { ja: 'ヒブ（Hib）', en: 'Hib' },
  BCG: { ja: 'BCG', en: 'BCG' },
  MR: { ja: '麻しん風しん混合（MR）', en: 'Measles-rubella (MR)' },
  VAR: { ja: '水痘', en: 'Varicella' },
  JE: { ja: '日本脳炎', en: 'Japanese encephalitis' },
  DT: { ja: '二種混合（DT）', en: 'Diphtheria-tetanus (DT)' },
  HPV2: { ja: 'HPV 2価', en: 'HPV, bivalent' },
  HPV4: { ja: 'HPV 4価', en: 'HPV, quadrivalent' },
  HPV9: { ja: 'HPV 9価', en: 'HPV, 9-valent' },
  MUMPS: { ja: 'おたふくかぜ（任意）', en: 'Mumps (voluntary)' },
  FLU: { ja: 'インフルエンザ（任意）', en: 'Influenza (voluntary)' },
} satisfies Record<VaccineProduct, Record<Lang, string>>;

export function productLabel(lang: Lang, product: string | null | undefined): string {
  if (!product) return '';
  return (vaccineProducts as Record<string, Record<Lang, string>>)[product]?.[lang] ?? product;
}

const invalidReasons: Record<InvalidDoseReason, Record<Lang, string>> = {
  'too-young': { ja: '接種年齢に達する前', en: 'given before the minimum age' },
  'interval-too-short': { ja: '接種間隔が不足', en: 'too soon after the previous dose' },
  'vaccine-spacing': { ja: '他のワクチンとの間隔が不足', en: 'too soon after another vaccine' },
  'wrong-product': { ja: 'このワクチンの回数にならない製剤', en: 'a product this series does not take' },
  'wrong-product-for-date': { ja: 'その日の規則では使えない製剤', en: 'a product the rules of that day did not allow' },
  'too-late': { ja: '接種できる年齢を過ぎていた', en: 'given after the last eligible age' },
};

export function invalidReasonLabel(lang: Lang, reason: string | undefined): string {
  return (reason && invalidReasons[reason as InvalidDoseReason]?.[lang]) || (reason ?? '');
}

// What a grant can name, as a person picks it (GrantCategory).
export const grantCategoryGroups = {
  records: ['medications', 'checkups', 'labs', 'documents', 'vaccinations', 'emergency-summary'],
  ehr: ['diagnoses', 'allergies', 'infections', 'contraindications', 'lab-results', 'prescriptions'],
  lifelog: ['lifelog:steps', 'lifelog:heart-rate', 'lifelog:sleep', 'lifelog:body-weight'],
} as const satisfies Record<string, readonly GrantCategory[]>;

const grantCategories: Record<string, Record<Lang, string>> = {
  medications: { ja: 'お薬（処方・調剤）', en: 'Medications' },
  checkups: { ja: '特定健診', en: 'Health checkups' },
  labs: { ja: '検査結果', en: 'Lab results' },
  documents: { ja: '文書（診療情報提供書・退院時サマリーなど）', en: 'Documents (referrals, discharge summaries…)' },
  vaccinations: { ja: '予防接種', en: 'Vaccinations' },
  'emergency-summary': { ja: '救急時サマリー', en: 'Emergency summary' },
  diagnoses: { ja: '傷病名', en: 'Diagnoses' },
  allergies: { ja: 'アレルギー情報', en: 'Allergies' },
  infections: { ja: '感染症情報', en: 'Infections' },
  contraindications: { ja: '薬剤禁忌情報', en: 'Drug contraindications' },
  'lab-results': { ja: '検査情報（電子カルテ）', en: 'Lab results (EHR)' },
  prescriptions: { ja: '処方情報', en: 'Prescriptions' },
  'lifelog:steps': { ja: '歩数', en: 'Steps' },
  'lifelog:heart-rate': { ja: '心拍数', en: 'Heart rate' },
  'lifelog:sleep': { ja: '睡眠', en: 'Sleep' },
  'lifelog:body-weight': { ja: '体重', en: 'Body weight' },
};

const categoryRank = new Map<string, number>(
  [...grantCategoryGroups.records, ...grantCategoryGroups.ehr, ...grantCategoryGroups.lifelog].map((c, i) => [c, i]),
);

/** Categories in the order the wizard lists them (the core keeps them sorted by name), as labels. */
export function grantCategoryLabels(lang: Lang, categories: readonly unknown[]): string[] {
  const rank = (c: string) => categoryRank.get(c) ?? categoryRank.size;
  return categories.map(String).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((c) => grantCategoryLabel(lang, c));
}

export function grantCategoryLabel(lang: Lang, category: string): string {
  const known = grantCategories[category]?.[lang];
  if (known) return known;
  return category.startsWith('lifelog:') ? `${t(lang, 'categoryGroupLifelog')}: ${category.slice(8)}` : category;
}

const purposes: Record<GrantPurpose | 'hand-over', StringKey> = {
  treatment: 'purposeTreatment', emergency: 'purposeEmergency', research: 'purposeResearch', app: 'purposeApp', 'hand-over': 'purposeHandOver',
};

export function purposeLabel(lang: Lang, purpose: string): string {
  const key = purposes[purpose as GrantPurpose];
  return key ? t(lang, key) : purpose;
}

const statuses: Record<GrantStatus, StringKey> = {
  active: 'statusActive', expired: 'statusExpired', revoked: 'statusRevoked', used: 'statusUsed',
};

export function grantStatusLabel(lang: Lang, status: string): string {
  const key = statuses[status as GrantStatus];
  return key ? t(lang, key) : status;
}

// The disclosure log's actions (core/src/vault_audit_log.hpp).
const auditActions: Record<string, Record<Lang, string>> = {
  create: { ja: '金庫を作成', en: 'Vault created' },
  unlock: { ja: '金庫を開いた', en: 'Unlocked' },
  unlock_failed: { ja: '開くのに失敗（鍵の誤り）', en: 'Failed unlock (wrong key)' },
  import: { ja: '取り込み', en: 'Import' },
  export: { ja: '書き出し', en: 'Export' },
  backup: { ja: 'バックアップ', en: 'Backup' },
  restore: { ja: '復元', en: 'Restore' },
  passphrase_change: { ja: 'パスフレーズの変更', en: 'Passphrase changed' },
  grant: { ja: '共有を作成', en: 'Grant created' },
  revoke: { ja: '共有を取り消し', en: 'Grant revoked' },
  package: { ja: '共有ファイルを提供', en: 'Share file made' },
  hand_over: { ja: '本人へ引き継ぎ', en: 'Handed over' },
  research_opt_out: { ja: '研究利用の拒否を変更', en: 'Research opt-out changed' },
};

export function auditActionLabel(lang: Lang, action: string): string {
  return auditActions[action]?.[lang] ?? action;
}

// What the receiving page says for each problem a share package can have.
const packageProblems: Record<string, Record<Lang, string>> = {
  GRANT_EXPIRED: { ja: '共有の期限が切れています。', en: 'The grant has expired.' },
  GRANT_REVOKED: { ja: '共有した人がこの共有を取り消しました。', en: 'The person who shared it revoked the grant.' },
  OUT_OF_SCOPE: { ja: '共有の範囲（項目・期間・本人）の外の記録が含まれています。', en: 'It holds a record outside the grant (its categories, period or person).' },
  INVALID_SIGNATURE: { ja: '署名が正しくありません（改ざんされたか、署名されていません）。', en: 'A signature does not verify (altered, or not signed).' },
  AGE_NO_MATCH: { ja: 'この秘密鍵では開けません（あなた宛てではありません）。', en: 'Your secret key does not open it (it is not addressed to you).' },
  MALFORMED_INPUT: { ja: 'ファイルが壊れているか、共有ファイルではありません。', en: 'The file is damaged or is not a share file.' },
  AGE_HEADER: { ja: 'ファイルの先頭部分が壊れています。', en: 'The file’s header is damaged.' },
  AGE_HMAC: { ja: 'ファイルの先頭部分が書き換えられています（改ざん）。', en: 'The file’s header was altered.' },
  AGE_PAYLOAD: { ja: 'ファイルの中身が改ざんされているか、途中で切れています。', en: 'The file’s contents were altered or cut short.' },
  AGE_ARMOR: { ja: 'テキスト形式のファイルが壊れています。', en: 'The text form of the file is damaged.' },
  INVALID_ARGUMENT: { ja: '秘密鍵またはファイルの形が正しくありません。', en: 'The secret key or the file is not in the expected form.' },
};

export function packageProblemText(lang: Lang, code: string): string {
  return packageProblems[code]?.[lang] ?? code;
}
