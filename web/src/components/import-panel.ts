// Importing a file the person chooses, through the core's one import path: the core tells
// what the file is; an encrypted one comes back NEEDS_KEY, and the panel asks for its
// passphrase or key, then imports again — decrypting inside the core's Worker — with a
// progress bar and a cancel button. Fires "imported" when the vault changed.
import { LitElement, css, html } from 'lit';
import type { ErrorInfo, ImportReport, LifelogImportReport, Progress } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { t, type Lang } from '../i18n.js';

/** Every format the core reads (FileFormat), so the picker offers them all. */
const ACCEPT = '.json,.ndjson,.xml,.zip,.csv,.age,application/json,application/fhir+json,application/x-ndjson,text/csv,application/zip,text/xml';

export class ImportPanel extends LitElement {
  static override properties = {
    lang: {},
    disabled: { type: Boolean },
    pending: { state: true },
    decrypting: { state: true },
    progress: { state: true },
    report: { state: true },
    lifelogReport: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  override lang: Lang = 'ja';
  disabled = false;
  /** An encrypted file waiting for its key. */
  pending: File | null = null;
  progress: Progress | null = null;
  report: ImportReport | null = null;
  lifelogReport: LifelogImportReport | null = null;
  error: ErrorInfo | null = null;
  notice = '';
  private abort: AbortController | null = null;
  /** The file being imported; kept to ask for its key when the core says it is encrypted. */
  private chosen: File | null = null;
  /** Whether the running import decrypts (a key was given), for the progress label. */
  decrypting = false;

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
    label { font-weight: 600; display: block; margin: 0.5rem 0 0.25rem; }
    .hint { color: #4a5567; margin: 0 0 0.5rem; font-size: 0.9rem; }
    input[type='password'], textarea { font: inherit; width: 100%; box-sizing: border-box; padding: 0.4rem; border: 1px solid #8a94a3; border-radius: 6px; }
    textarea { font-family: ui-monospace, monospace; font-size: 0.85rem; min-height: 3.5rem; }
    button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #1d4f91; background: #1d4f91; color: #fff; cursor: pointer; margin-top: 0.6rem; }
    button.secondary { background: #fff; color: #1d4f91; }
    progress { width: 100%; }
    .error { color: #a3141d; }
    code { font-size: 0.85rem; }
  `;

  private async onFileChosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.reset();
    // Read piece by piece: a large NDJSON export streams into the vault with a progress bar
    // and can be cancelled, like a decryption. The core tells what the file is.
    this.decrypting = false;
    this.chosen = file;
    this.abort = new AbortController();
    this.progress = { bytesIn: 0, totalBytes: file.size, plaintextBytes: 0 };
    const signal = this.abort.signal;
    await this.run((session) => session.importFile(file, file.name, undefined, { signal, onProgress: (p) => (this.progress = p) }));
  }

  private async onIdentityFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) (this.renderRoot.querySelector('#identity') as HTMLTextAreaElement).value = await file.text();
  }

  private async onDecrypt(event: Event): Promise<void> {
    event.preventDefault();
    const file = this.pending;
    if (!file) return;
    const passphrase = (this.renderRoot.querySelector('#passphrase') as HTMLInputElement).value;
    const identity = (this.renderRoot.querySelector('#identity') as HTMLTextAreaElement).value;
    const key = { ...(passphrase ? { passphrase } : {}), ...(identity.trim() ? { identity } : {}) };
    this.decrypting = true;
    this.abort = new AbortController();
    this.progress = { bytesIn: 0, totalBytes: file.size, plaintextBytes: 0 };
    const signal = this.abort.signal;
    await this.run((session) =>
      session.importFile(file, file.name, key, { signal, onProgress: (p) => (this.progress = p) }),
    );
  }

  private async run(
    work: (session: Awaited<ReturnType<typeof coreSession>>) => Promise<ImportReport | LifelogImportReport>,
  ): Promise<void> {
    this.error = null;
    try {
      const report = await work(await coreSession());
      if (report.kind === 'lifelog') this.lifelogReport = report;
      else this.report = report;
      this.pending = null;
      this.dispatchEvent(new CustomEvent('imported', { detail: report, bubbles: true, composed: true }));
    } catch (error) {
      const info = errorInfo(error);
      if (info.code === 'CANCELLED') this.notice = t(this.lang, 'cancelled');
      else if (info.code === 'NEEDS_KEY' && !this.decrypting) this.pending = this.chosen;  // ask for its key
      else this.error = info;
    } finally {
      this.progress = null;
      this.abort = null;
    }
  }

  private reset(): void {
    this.pending = null;
    this.report = null;
    this.lifelogReport = null;
    this.error = null;
    this.notice = '';
  }

  override render() {
    const lang = this.lang;
    return html`
      <label for="import-file" id="import-label">${t(lang, 'importLabel')}</label>
      <p class="hint" id="import-hint">${t(lang, 'importHint')}</p>
      <input id="import-file" type="file" accept=${ACCEPT}
        aria-describedby="import-hint" ?disabled=${this.disabled || !!this.progress} @change=${this.onFileChosen} />
      ${this.pending ? this.renderKeyForm(this.pending) : ''}
      <div aria-live="polite">
        ${this.progress
          ? html`<p data-progress-label>${t(lang, this.decrypting ? 'decrypting' : 'importing')}</p>
              <progress data-progress max=${this.progress.totalBytes || 1} value=${this.progress.bytesIn}></progress>
              <button type="button" class="secondary" @click=${() => this.abort?.abort()}>${t(lang, 'cancel')}</button>`
          : ''}
        ${this.report
          ? html`<p data-import-report>${this.report.source.name}: ${this.report.importedTotal} ${t(lang, 'imported')}${this.report.unchanged
                ? html`<span data-import-unchanged>（${this.report.unchanged} ${t(lang, 'alreadyThere')}）</span>`
                : ''}${this.report.updated ? html`（${this.report.updated} ${t(lang, 'updatedVersions')}）` : ''}</p>
              ${this.report.skipped.length
                ? html`<details><summary>${t(lang, 'skipped')} (${this.report.skipped.length})</summary>
                    <ul>${this.report.skipped.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul></details>`
                : ''}`
          : ''}
        ${this.lifelogReport
          ? html`<p data-lifelog-report>${this.lifelogReport.source.name}: ${this.lifelogReport.imported} ${t(lang, 'samplesImported')}${this.lifelogReport.duplicates
                ? `（${this.lifelogReport.duplicates} ${t(lang, 'alreadyThere')}）`
                : ''}</p>
              ${this.lifelogReport.skipped.length
                ? html`<details><summary>${t(lang, 'skipped')} (${this.lifelogReport.skipped.length})</summary>
                    <ul>${this.lifelogReport.skipped.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul></details>`
                : ''}`
          : ''}
        ${this.notice ? html`<p data-import-notice>${this.notice}</p>` : ''}
        ${this.error
          ? html`<p role="alert" class="error" data-import-error>${t(lang, 'importFailed')}: ${this.error.message}${this.error.path
              ? html` <code>(${this.error.path})</code>`
              : ''}</p>`
          : ''}
      </div>
    `;
  }

  private renderKeyForm(file: File) {
    const lang = this.lang;
    return html`<form @submit=${this.onDecrypt} data-key-form>
      <p>${file.name}: ${t(lang, 'encryptedFileChosen')}</p>
      <label for="passphrase">${t(lang, 'passphrase')}</label>
      <input id="passphrase" type="password" autocomplete="off" />
      <label for="identity">${t(lang, 'identity')}</label>
      <textarea id="identity" spellcheck="false" autocomplete="off"></textarea>
      <label for="identity-file">${t(lang, 'identityFile')}</label>
      <input id="identity-file" type="file" accept=".txt,.key,text/plain" @change=${this.onIdentityFile} />
      <div><button type="submit" ?disabled=${!!this.progress}>${t(lang, 'decryptAndImport')}</button></div>
    </form>`;
  }
}
customElements.define('import-panel', ImportPanel);
