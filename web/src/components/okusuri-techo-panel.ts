// The お薬手帳 (medication notebook) in the JAHIS format, both ways. In: the text of a
// pharmacy's QR code sticker pasted, a text file or a photo chosen, or the code scanned with
// the camera — all read inside the page and handed to the core's one import path, which
// tells what it is. Linked QR codes (Structured Append) are joined byte for byte before
// anything decodes them (qr-sequence.ts); a record split into parts (JAHIS record 911) is
// held by the core until every part is in, and the panel says how many are. Out: the
// person's current medicines as notebook text and QR codes (byte mode, the CP932 bytes the
// core wrote) for a clinic's reader. Fires "imported" when the vault changed.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { toCanvas } from 'qrcode';
import type { AnyImportReport, ErrorInfo, Session } from '@techo/core';
import { coreSession, errorInfo, viewDay } from '../core-client.js';
import { phrase, t, type Lang } from '../i18n.js';
import { QrSequences, type QrSymbol, type SequenceProgress } from '../qr-sequence.js';
import { readQrSymbols } from '../qr-scan.js';
import './qr-camera.js';

type NotebookExport = Awaited<ReturnType<Session['exportMedicationNotebook']>>;
type PendingParts = Awaited<ReturnType<Session['pendingNotebookParts']>>;

/** What the file picker offers: the notebook's text, or a picture of its QR code. */
const ACCEPT = '.txt,.csv,.dat,text/plain,text/csv,image/*';

function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class OkusuriTechoPanel extends LitElement {
  static override properties = {
    lang: {},
    person: { type: Number },
    disabled: { type: Boolean },
    busy: { state: true },
    scanning: { state: true },
    report: { state: true },
    pending: { state: true },
    sequences: { state: true },
    error: { state: true },
    cameraError: { state: true },
    notice: { state: true },
    exported: { state: true },
    copied: { state: true },
  };
  override lang: Lang = 'ja';
  /** Whose medicines are handed over; 0 = everyone (the panel asks for one person). */
  person = 0;
  disabled = false;
  busy = false;
  scanning = false;
  report: AnyImportReport | null = null;
  /** Split records (911) the core still waits for parts of. */
  pending: PendingParts = [];
  /** Linked QR codes begun and not yet whole. */
  sequences: SequenceProgress[] = [];
  error: ErrorInfo | null = null;
  /** Why the camera could not be used (no camera, permission refused). */
  cameraError = '';
  notice = '';
  exported: NotebookExport | null = null;
  copied = false;
  private readonly symbols = new QrSequences();

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
    h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
    h3 { font-size: 1rem; margin: 1.25rem 0 0.35rem; }
    label { font-weight: 600; display: block; margin: 0.75rem 0 0.25rem; }
    .hint { color: #4a5567; margin: 0 0 0.5rem; font-size: 0.9rem; }
    textarea { font: inherit; font-family: ui-monospace, monospace; font-size: 0.85rem; width: 100%; box-sizing: border-box;
      padding: 0.4rem; border: 1px solid #8a94a3; border-radius: 6px; min-height: 6rem; }
    button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #1d4f91; background: #1d4f91; color: #fff; cursor: pointer; margin-top: 0.5rem; }
    button.secondary { background: #fff; color: #1d4f91; }
    button:disabled { opacity: 0.6; cursor: default; }
    .error { color: #a3141d; }
    .warning { background: #fff7e0; border: 1px solid #e0b000; border-radius: 8px; padding: 0.5rem 0.75rem; }
    .codes { display: flex; flex-wrap: wrap; gap: 1rem; margin-top: 0.5rem; }
    figure { margin: 0; }
    figcaption { font-size: 0.9rem; color: #2b3441; }
    canvas { display: block; max-width: 100%; height: auto; image-rendering: pixelated; }
    ul { margin: 0.25rem 0; padding-left: 1.25rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refreshPending();
  }

  override willUpdate(changed: PropertyValues): void {
    // An export is one person's: never shown under another.
    if (changed.has('person') && changed.get('person') !== undefined) this.exported = null;
  }

  override updated(changed: PropertyValues): void {
    if (changed.has('exported') && this.exported) void this.drawCodes(this.exported);
  }

  private async refreshPending(): Promise<void> {
    try {
      this.pending = await (await coreSession()).pendingNotebookParts();
    } catch {
      this.pending = [];  // no vault open: nothing can be waiting
    }
  }

  /** Hands text or bytes to the core's import path and shows its reply. */
  private async importNotebook(source: string | Uint8Array | Blob, fileName: string): Promise<AnyImportReport | null> {
    this.busy = true;
    this.error = null;
    this.notice = '';
    this.report = null;
    try {
      const report = await (await coreSession()).importFile(source, fileName);
      this.report = report;
      this.dispatchEvent(new CustomEvent('imported', { detail: report, bubbles: true, composed: true }));
      return report;
    } catch (error) {
      this.report = null;
      this.error = errorInfo(error);
      return null;
    } finally {
      this.busy = false;
      await this.refreshPending();
    }
  }

  private async onPaste(event: Event): Promise<void> {
    event.preventDefault();
    const area = this.renderRoot.querySelector('#notebook-text') as HTMLTextAreaElement;
    const text = area.value;
    if (!text.trim()) return;
    if (await this.importNotebook(text, 'お薬手帳.txt')) area.value = '';
  }

  private async onFileChosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      await this.importNotebook(file, file.name);
      return;
    }
    // A photo of the sticker: every QR code in it, linked ones joined.
    this.busy = true;
    this.error = null;
    this.notice = '';
    let symbols: QrSymbol[] = [];
    try {
      symbols = await readQrSymbols(file);
    } catch (error) {
      this.error = errorInfo(error);
    } finally {
      this.busy = false;
    }
    if (!this.error && !symbols.length) this.notice = t(this.lang, 'notebookNoCode');
    await this.takeSymbols(symbols);
  }

  /**
   * Symbols read from a photo or a camera frame: each whole message (a code of its own, or
   * the last missing code of a linked set) is imported as bytes, the core decoding them.
   */
  private async takeSymbols(symbols: QrSymbol[]): Promise<void> {
    for (const symbol of symbols) {
      const message = this.symbols.add(symbol);
      this.sequences = this.symbols.progress();
      if (!message) continue;
      // Named as text: what the core reads is the code's contents, not the picture.
      const report = await this.importNotebook(message, 'お薬手帳-QR.txt');
      // Scanning ends when a whole record is in; a part of a split record asks for the next.
      if (report && this.scanning && !(report.kind === 'fhir' && report.parts && !report.parts.complete)) this.stopScan();
    }
  }

  private startScan(): void {
    this.symbols.clear();
    this.sequences = [];
    this.error = null;
    this.cameraError = '';
    this.notice = '';
    this.scanning = true;
  }

  private stopScan(): void {
    this.scanning = false;
  }

  private onCameraError(event: CustomEvent<string>): void {
    this.scanning = false;
    this.cameraError = event.detail;
  }

  private async onExport(): Promise<void> {
    if (!this.person) return;
    this.busy = true;
    this.error = null;
    this.copied = false;
    try {
      const today = viewDay();
      this.exported = await (await coreSession()).exportMedicationNotebook({ person: this.person, ...(today ? { today } : {}) });
    } catch (error) {
      this.exported = null;
      this.error = errorInfo(error);
    } finally {
      this.busy = false;
    }
  }

  // Each part as its own QR code, in byte mode from exactly the bytes the core wrote: the
  // page never re-encodes the text.
  private async drawCodes(exported: NotebookExport): Promise<void> {
    await this.updateComplete;
    const canvases = this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-notebook-qr]');
    for (const [i, part] of exported.parts.entries()) {
      const canvas = canvases[i];
      if (!canvas) continue;
      const segments = [{ data: bytesOfBase64(part.cp932), mode: 'byte' as const }];
      try {
        await toCanvas(canvas, segments, { errorCorrectionLevel: 'M', margin: 4, scale: 4 });
      } catch {
        // Past what level M holds: level L holds a fifth more.
        await toCanvas(canvas, segments, { errorCorrectionLevel: 'L', margin: 4, scale: 4 });
      }
    }
  }

  private async onCopy(): Promise<void> {
    if (!this.exported) return;
    try {
      await navigator.clipboard.writeText(this.exported.text);
      this.copied = true;
    } catch {
      (this.renderRoot.querySelector('#notebook-export-text') as HTMLTextAreaElement | null)?.select();
    }
  }

  override render() {
    const lang = this.lang;
    const locked = this.disabled || this.busy;
    return html`
      <h2 id="notebook-heading">${t(lang, 'notebookTitle')}</h2>
      <p class="hint">${t(lang, 'notebookExplain')}</p>
      <form @submit=${this.onPaste} data-notebook-paste>
        <label for="notebook-text">${t(lang, 'notebookPaste')}</label>
        <p class="hint" id="notebook-text-hint">${t(lang, 'notebookPasteHint')}</p>
        <textarea id="notebook-text" spellcheck="false" autocomplete="off" aria-describedby="notebook-text-hint"></textarea>
        <div><button type="submit" ?disabled=${locked}>${t(lang, 'notebookImport')}</button></div>
      </form>
      <label for="notebook-file">${t(lang, 'notebookFile')}</label>
      <input id="notebook-file" type="file" accept=${ACCEPT} ?disabled=${locked} @change=${this.onFileChosen} />
      <div>
        ${this.scanning
          ? html`<button type="button" class="secondary" data-notebook-stop @click=${this.stopScan}>${t(lang, 'notebookStopScan')}</button>
              <p class="hint">${t(lang, 'notebookScanning')}</p>
              <qr-camera .label=${t(lang, 'notebookCamera')} @qr-symbols=${(e: CustomEvent<QrSymbol[]>) => void this.takeSymbols(e.detail)}
                @camera-error=${this.onCameraError}></qr-camera>`
          : html`<button type="button" class="secondary" data-notebook-scan ?disabled=${locked} @click=${this.startScan}>${t(lang, 'notebookScan')}</button>`}
      </div>
      <div aria-live="polite">${this.renderProgress()}${this.renderReport()}</div>
      ${this.error
        ? html`<p role="alert" class="error" data-notebook-error data-code=${this.error.code}>${t(lang, 'importFailed')}: ${this.error.message}${this.error.path
            ? html` <code>(${this.error.path})</code>`
            : ''}</p>`
        : ''}
      ${this.cameraError ? html`<p role="alert" class="error" data-camera-error>${t(lang, 'notebookNoCamera')}: ${this.cameraError}</p>` : ''}
      ${this.renderExport()}
    `;
  }

  private renderProgress() {
    const lang = this.lang;
    return html`
      ${this.sequences.map((s) => html`<p data-notebook-symbols>${phrase(lang, 'notebookSymbols', { read: s.read, total: s.total })}</p>`)}
      ${this.notice ? html`<p data-notebook-notice>${this.notice}</p>` : ''}
      ${this.pending.length
        ? html`<section data-notebook-pending aria-labelledby="notebook-pending-heading">
            <h3 id="notebook-pending-heading">${t(lang, 'notebookPending')}</h3>
            <ul>${this.pending.map((p) => html`<li data-pending-id=${p.dataId}>${phrase(lang, 'notebookPendingItem', { id: p.dataId, read: p.read, total: p.total })}</li>`)}</ul>
          </section>`
        : ''}`;
  }

  private renderReport() {
    const report = this.report;
    if (!report) return '';
    const lang = this.lang;
    if (report.kind !== 'fhir') return html`<p data-notebook-report>${phrase(lang, 'notebookImported', { n: report.imported })}</p>`;
    if (report.parts && !report.parts.complete) {
      return html`<p data-notebook-parts data-read=${report.parts.read} data-total=${report.parts.total}>
        ${phrase(lang, 'notebookParts', { read: report.parts.read, total: report.parts.total })}${lang === 'ja' ? '。' : '. '}${t(lang, 'notebookPartsMissing')}</p>`;
    }
    return html`${report.parts
        ? html`<p data-notebook-parts data-read=${report.parts.read} data-total=${report.parts.total}>${phrase(lang, 'notebookParts', { read: report.parts.read, total: report.parts.total })}</p>`
        : ''}
      <p data-notebook-report data-imported=${report.importedTotal} data-unchanged=${report.unchanged}>${phrase(lang, 'notebookImported', { n: report.importedTotal })}${report.unchanged
        ? phrase(lang, 'notebookUnchanged', { n: report.unchanged })
        : ''}</p>
      ${report.skipped.length
        ? html`<details><summary>${t(lang, 'skipped')} (${report.skipped.length})</summary>
            <ul>${report.skipped.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul></details>`
        : ''}`;
  }

  private renderExport() {
    const lang = this.lang;
    const out = this.exported;
    return html`<section aria-labelledby="notebook-export-heading" data-notebook-export>
      <h3 id="notebook-export-heading">${t(lang, 'notebookExportTitle')}</h3>
      <p class="hint">${t(lang, 'notebookExportExplain')}</p>
      ${this.person ? '' : html`<p class="hint">${t(lang, 'notebookExportChoosePerson')}</p>`}
      <button type="button" data-notebook-export-button ?disabled=${this.disabled || this.busy || !this.person} @click=${this.onExport}>${t(lang, 'notebookExport')}</button>
      ${out
        ? html`${out.replaced.length
            ? html`<p class="warning" role="status" data-notebook-replaced>${phrase(lang, 'notebookReplaced', { chars: out.replaced.join(' ') })}</p>`
            : ''}
          <label for="notebook-export-text">${phrase(lang, 'notebookExportText', { n: out.medicines })}</label>
          <textarea id="notebook-export-text" rows="12" readonly spellcheck="false" .value=${out.text}></textarea>
          <div><button type="button" class="secondary" @click=${this.onCopy}>${t(lang, 'notebookCopy')}</button>
            ${this.copied ? html`<span role="status">${t(lang, 'notebookCopied')}</span>` : ''}</div>
          ${out.parts.length > 1 ? html`<p class="hint">${phrase(lang, 'notebookQrHint', { n: out.parts.length })}</p>` : ''}
          <div class="codes">${out.parts.map((part, i) => html`<figure>
            <canvas role="img" data-notebook-qr=${i} data-cp932=${part.cp932}
              aria-label=${phrase(lang, 'notebookQr', { i: i + 1, n: out.parts.length }).join('')}></canvas>
            <figcaption>${phrase(lang, 'notebookQr', { i: i + 1, n: out.parts.length })}</figcaption>
          </figure>`)}</div>`
        : ''}
    </section>`;
  }
}
customElements.define('okusuri-techo-panel', OkusuriTechoPanel);
