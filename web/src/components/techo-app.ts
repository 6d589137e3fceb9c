// The app shell: opens the core, opens the encrypted demo record with the passphrase
// shown on the page, and lets the person import more.
import { LitElement, css, html } from 'lit';
import type { ErrorInfo, Summary } from '@techo/core';
import demoMeta from '../../../assets/demo/encrypted-demo.json';
import demoFileUrl from '../../../assets/demo/yamada-hanako.fhir.json.age?url';
import { coreSession, errorInfo } from '../core-client.js';
import { t, type Lang } from '../i18n.js';
import './import-panel.js';
import './records-view.js';
import './vault-panel.js';
import './summary-view.js';

type State = { kind: 'loading' } | { kind: 'ready' } | { kind: 'failed'; error: ErrorInfo };

export class TechoApp extends LitElement {
  static override properties = {
    state: { state: true },
    summary: { state: true },
    lang: { state: true },
    revision: { state: true },
  };
  /** Bumped whenever the records may have changed, so views reload. */
  revision = 0;
  state: State = { kind: 'loading' };
  summary: Summary | null = null;
  override lang: Lang = 'ja';

  static override styles = css`
    :host { display: block; max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
    h1 { margin: 0; font-size: 1.6rem; }
    .tagline { color: #4a5567; margin: 0.25rem 0 1.5rem; }
    main { display: grid; gap: 1.5rem; }
    button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #8a94a3; background: #fff; cursor: pointer; }
    .demo { background: #eef4fb; border-radius: 12px; padding: 0.75rem 1.25rem; }
    .demo h2 { font-size: 1rem; margin: 0 0 0.25rem; }
    .demo p { margin: 0.25rem 0; }
    .demo code { font-size: 0.95rem; background: #fff; padding: 0 0.3rem; border-radius: 4px; }
    .error { color: #a3141d; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.openDemo();
  }

  // The demo goes the whole way a real record goes: fetched encrypted, decrypted and its
  // signature checked inside the Worker, then stored and summarized.
  private async openDemo(): Promise<void> {
    try {
      const session = await coreSession();
      await session.addTrustedIssuer(demoMeta.issuer.publicKey, demoMeta.issuer.name);
      const response = await fetch(demoFileUrl);
      if (!response.ok) throw new Error(`demo file: HTTP ${response.status}`);
      await session.importEncrypted(await response.blob(), demoMeta.file, { passphrase: demoMeta.passphrase });
      this.summary = await session.summary();
      this.revision++;
      this.state = { kind: 'ready' };
    } catch (error) {
      this.state = { kind: 'failed', error: errorInfo(error) };
    }
  }

  // After a lock the core has no records to show: the summary stays empty until unlocked.
  private async refresh(): Promise<void> {
    try {
      this.summary = await (await coreSession()).summary();
    } catch {
      this.summary = null;
    }
    this.revision++;
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
        <section class="demo" aria-labelledby="demo-heading">
          <h2 id="demo-heading">${t(lang, 'demoTitle')}</h2>
          <p>${t(lang, 'demoExplain')}</p>
          <p>${t(lang, 'demoFile')}: <code>${demoMeta.file}</code> ・ ${t(lang, 'demoPassphrase')}: <code data-demo-passphrase>${demoMeta.passphrase}</code></p>
          <p>${t(lang, 'demoIssuer')}: ${demoMeta.issuer.name}</p>
        </section>
        ${this.state.kind === 'loading' ? html`<p role="status">${t(lang, 'decrypting')}</p>` : ''}
        ${this.state.kind === 'failed' ? html`<p role="alert" class="error">${this.state.error.message}</p>` : ''}
        <vault-panel .lang=${lang} @vault-changed=${this.refresh}></vault-panel>
        <summary-view .summary=${this.summary} .lang=${lang}></summary-view>
        <records-view .lang=${lang} .revision=${this.revision}></records-view>
        <import-panel .lang=${lang} ?disabled=${this.state.kind !== 'ready'} @imported=${this.refresh}></import-panel>
      </main>
    `;
  }
}
customElements.define('techo-app', TechoApp);
