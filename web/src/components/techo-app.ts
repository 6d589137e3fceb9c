// The app shell: opens the core, loads the demo record, and lets the person import more.
import { LitElement, css, html } from 'lit';
import type { ErrorInfo, ImportReport, Summary } from '@techo/core';
import { TechoError } from '@techo/core';
import demoBundleUrl from '../../../assets/demo/yamada-hanako.fhir.json?url';
import { coreSession } from '../core-client.js';
import { t, type Lang } from '../i18n.js';
import './summary-view.js';

type State = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: ErrorInfo };

function errorInfo(error: unknown): ErrorInfo {
  if (TechoError.is(error)) return { code: error.code, message: error.message, path: error.path };
  return { code: 'INTERNAL', message: String(error), path: '' };
}

export class TechoApp extends LitElement {
  static override properties = {
    state: { state: true },
    summary: { state: true },
    report: { state: true },
    importError: { state: true },
    lang: { state: true },
  };
  state: State = { kind: 'loading' };
  summary: Summary | null = null;
  report: ImportReport | null = null;
  importError: ErrorInfo | null = null;
  override lang: Lang = 'ja';

  static override styles = css`
    :host { display: block; max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
    h1 { margin: 0; font-size: 1.6rem; }
    .tagline { color: #4a5567; margin: 0.25rem 0 1.5rem; }
    button, .file { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #8a94a3; background: #fff; cursor: pointer; }
    .import { margin-top: 1.5rem; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
    .import label { font-weight: 600; display: block; margin-bottom: 0.25rem; }
    .hint { color: #4a5567; margin: 0 0 0.5rem; font-size: 0.9rem; }
    .status { margin-top: 0.75rem; }
    .error { color: #a3141d; }
    code { font-size: 0.85rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadDemo();
  }

  private async loadDemo(): Promise<void> {
    try {
      const session = await coreSession();
      const response = await fetch(demoBundleUrl);
      if (!response.ok) throw new Error(`demo data: HTTP ${response.status}`);
      await session.importFhir(await response.arrayBuffer(), 'yamada-hanako.fhir.json');
      this.summary = await session.summary();
      this.state = { kind: 'ready' };
    } catch (error) {
      this.state = { kind: 'failed', error: errorInfo(error) };
    }
  }

  private async onFileChosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.report = null;
    this.importError = null;
    try {
      const session = await coreSession();
      this.report = await session.importFhir(await file.arrayBuffer(), file.name);
      this.summary = await session.summary();
    } catch (error) {
      this.importError = errorInfo(error);
    } finally {
      input.value = '';
    }
  }

  private toggleLanguage(): void {
    this.lang = this.lang === 'ja' ? 'en' : 'ja';
    document.documentElement.lang = this.lang;
  }

  override render() {
    const lang = this.lang;
    return html`
      <header>
        <h1>${t(lang, 'title')}</h1>
        <button type="button" @click=${this.toggleLanguage} lang=${lang === 'ja' ? 'en' : 'ja'}>${t(lang, 'language')}</button>
      </header>
      <p class="tagline">${t(lang, 'tagline')}</p>
      <main>
        ${this.state.kind === 'loading' ? html`<p role="status">${t(lang, 'loading')}</p>` : ''}
        ${this.state.kind === 'failed'
          ? html`<p role="alert" class="error">${this.state.error.message}</p>`
          : ''}
        <summary-view .summary=${this.summary} .lang=${lang}></summary-view>
        <section class="import" aria-labelledby="import-label">
          <label id="import-label" for="import-file">${t(lang, 'importLabel')}</label>
          <p class="hint" id="import-hint">${t(lang, 'importHint')}</p>
          <input id="import-file" class="file" type="file" accept=".json,application/json,application/fhir+json"
            aria-describedby="import-hint" ?disabled=${this.state.kind !== 'ready'} @change=${this.onFileChosen} />
          <div class="status" aria-live="polite">
            ${this.report
              ? html`<p data-import-report>${this.report.source}: ${this.report.importedTotal} ${t(lang, 'imported')}</p>
                  ${this.report.skipped.length
                    ? html`<details><summary>${t(lang, 'skipped')} (${this.report.skipped.length})</summary>
                        <ul>${this.report.skipped.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}</ul></details>`
                    : ''}`
              : ''}
            ${this.importError
              ? html`<p role="alert" class="error" data-import-error>${t(lang, 'importFailed')}: ${this.importError.message}</p>`
              : ''}
          </div>
        </section>
      </main>
    `;
  }
}
customElements.define('techo-app', TechoApp);
