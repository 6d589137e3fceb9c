// Saving a file the core made (a share package, a FHIR Consent, a revocation) to the
// person's own disk: a blob: URL of the page, never a request.
export function download(bytes: Uint8Array | string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A name as part of a file name: the characters file systems refuse, and spaces, become "-". */
export function fileNamePart(text: string): string {
  const safe = text.trim().replace(/[\\/:*?"<>|\s\u0000-\u001f]+/g, '-').replace(/^-+|-+$/g, '');
  return safe.slice(0, 60) || 'unnamed';
}

/** Today as YYYY-MM-DD in the person's own time zone, for file names. */
export function localDay(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
