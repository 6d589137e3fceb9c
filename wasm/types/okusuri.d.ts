/**
 * お薬手帳 (JAHIS 電子版お薬手帳, JAHIS TC): reading one is {@link Session.importFile}'s, as
 * for every format (the pharmacy's QR text, pasted or as a file, in ASCII, Shift_JIS/CP932
 * or UTF-8); these are the hand-over and the parts of split notebooks still awaited.
 */

/** {@link Session.exportMedicationNotebook}. */
export interface MedicationNotebookExport {
  /** Whose medicines (a profile id). */
  person: number | null;
  /** The whole notebook: `JAHISTC08,2` (出力区分 2, from the person), CRLF line ends. */
  text: string;
  /** What each QR code holds, in order: one normally; several (each with a 911 record) when long. */
  parts: MedicationNotebookPart[];
  /** Medicines written (the person's current ones). */
  medicines: number;
  /** Characters Shift_JIS (CP932) cannot write, each written as 〓 in the QR code. */
  replaced: string[];
}

export interface MedicationNotebookPart {
  /** The part as text. */
  text: string;
  /** Its bytes in CP932, base64: what the QR code holds (byte mode), as every お薬手帳 app reads it. */
  cp932: string;
}

/** {@link Session.pendingNotebookParts}: "2 of 3 parts read". */
export interface PendingNotebookParts {
  dataId: string;
  read: number;
  total: number;
  missing: number[];
}
