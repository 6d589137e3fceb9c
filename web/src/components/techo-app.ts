// The app shell: opens the core, opens the demo family (encrypted files, decrypted and
// verified in the Worker), and shows the record in views a person chooses: overview,
// timeline, medications, lab results, checkups, EHR summary and documents (with the care
// plans), visits and operations, insurance cards, a child's growth and checkups, vaccinations
// (with the children's reminders at the top of the page), and the emergency summary —
// for themself or a family member. With their own vault they share (grants, family keys,
// the disclosure log); anyone can open a package shared with them (#receive).
import { LitElement, css, html } from 'lit';
import type { ErrorInfo, Person, Summary } from '@techo/core';
import passphraseDemo from '../../../assets/demo/encrypted-demo.json';
import familyMeta from '../../../assets/demo/family.json';
import { coreSession, errorInfo, setViewDay } from '../core-client.js';
import { t, type Lang, type StringKey } from '../i18n.js';
import './cards-view.js';
import './checkups-view.js';
import './disclosure-log.js';
import './ehr-summary-view.js';
import './emergency-view.js';
import './family-view.js';
import './growth-view.js';
import './immunizations-view.js';
import './import-panel.js';
import './labs-view.js';
import './lifelog-view.js';
import './medications-view.js';
import './okusuri-techo-panel.js';
import './person-picker.js';
import './receive-view.js';
import './records-view.js';
import './sharing-view.js';
import './summary-view.js';
import './vaccination-reminders.js';
import './vault-panel.js';
import './visits-view.js';

// The encrypted family files, by name, as URLs of the page's own origin.
const familyUrls: Record<string, string> = Object.fromEntries(
  Object.entries(import.meta.glob('../../../assets/demo/family/*.age', { query: '?url', import: 'default', eager: true }))
    .map(([path, url]) => [path.split('/').pop() as string, url as string]),
);

type State = { kind: 'loading'; done: number } | { kind: 'ready' } | { kind: 'failed'; error: ErrorInfo };
const TABS = ['overview', 'timeline', 'medications', 'labs', 'checkups', 'summary', 'visits', 'cards', 'growth', 'vaccinations', 'lifelog', 'emergency',
  'sharing', 'family', 'disclosures', 'receive'] as const;
type Tab = (typeof TABS)[number];
const tabLabel: Record<Tab, StringKey> = {
  overview: 'tabOverview', timeline: 'tabTimeline', medications: 'tabMedications', labs: 'tabLabs',
  checkups: 'tabCheckups', summary: 'tabSummary', visits: 'tabVisits', cards: 'tabCards', growth: 'tabGrowth', vaccinations: 'tabVaccinations', lifelog: 'tabLifelog', emergency: 'tabEmergency',
  sharing: 'tabSharing', family: 'tabFamily', disclosures: 'tabDisclosures', receive: 'tabReceive',
};
/** A tab a link can open directly (`#receive`: the receiving page, for someone with no vault here). */
const tabOfHash = (hash: string): Tab | undefined => TABS.find((tab) => `#${tab}` === hash);

export class TechoApp extends LitElement {
  static override properties = {
    state: { state: true },
    summary: { state: true },
    people: { state: true },
    person: { state: true },
    tab: { state: true },
    lang: { state: true },
    era: { state: true },
    revision: { state: true },
    proxyFor: { state: true },
    demoOffline: { state: true },
  };
  /** The demo could not be fetched because the device is offline. */
  demoOffline = false;
  /** Bumped whenever the records may have changed, so views reload. */
  revision = 0;
  state: State = { kind: 'loading', done: 0 };
  summary: Summary | null = null;
  people: Person[] = [];
  /** Whose record the views show; 0 = everyone. */
  person = 0;
  tab: Tab = tabOfHash(location.hash) ?? 'overview';
  /** A child whose proxy grant the family view asked the sharing view to start. */
  proxyFor = 0;
  override lang: Lang = 'ja';
  era = false;

  static override styles = css`
    :host { display: block; max-width: 64rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
    .controls { display: flex; gap: 0.75rem; align-items: center; }
    h1 { margin: 0; font-size: 1.6rem; }
    .tagline { color: #4a5567; margin: 0.25rem 0 1.5rem; }
    main { display: grid; gap: 1.25rem; }
    button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #8a94a3; background: #fff; cursor: pointer; }
    .demo { background: #eef4fb; border-radius: 12px; padding: 0.75rem 1.25rem; }
    .demo h2 { font-size: 1rem; margin: 0 0 0.25rem; }
    .demo p { margin: 0.25rem 0; }
    .demo code { font-size: 0.95rem; background: #fff; padding: 0 0.3rem; border-radius: 4px; word-break: break-all; }
    .error { color: #a3141d; }
    [role='tablist'] { display: flex; flex-wrap: wrap; gap: 0.35rem; border-bottom: 2px solid #c5ccd6; padding-bottom: 0.35rem; }
    [role='tab'] { border-radius: 8px 8px 0 0; border-color: #c5ccd6; }
    [role='tab'][aria-selected='true'] { background: #1d4f91; color: #fff; border-color: #1d4f91; }
    .views { display: grid; gap: 1.25rem; }
    @media print {
      header, .tagline, .demo, vaccination-reminders, vault-panel, person-picker, [role='tablist'], import-panel, [role='status'] { display: none; }
      :host { padding: 0; }
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.demoLoading = this.openDemo();
  }

  /** The demo's imports, while they run; stopped before a vault opens (onVaultOpening). */
  private demoLoading: Promise<void> = Promise.resolve();
  private demoStopped = false;

  // The demo fills the in-memory session. Once the person opens their own vault, no demo
  // file may follow it in: the vault panel waits for the import in flight to end first.
  private onVaultOpening(event: CustomEvent<{ pending: Promise<void>[] }>): void {
    this.demoStopped = true;
    event.detail.pending.push(this.demoLoading);
  }

  // The demo goes the whole way a real record goes: each file fetched encrypted, decrypted
  // and its signature checked inside the Worker, then stored; the views read the result.
  private async openDemo(): Promise<void> {
    try {
      const session = await coreSession();
      await session.addTrustedIssuer(familyMeta.issuer.publicKey, familyMeta.issuer.name);
      for (const name of familyMeta.files) {
        if (this.demoStopped) break;
        const url = familyUrls[name];
        if (!url) throw new Error(`${name}: not part of this build`);
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
        await session.importEncrypted(await response.blob(), name, { identity: familyMeta.identity });
        this.state = { kind: 'loading', done: this.state.kind === 'loading' ? this.state.done + 1 : 1 };
      }
      if (this.demoStopped) {
        this.state = { kind: 'ready' };  // the person's vault, not the demo, is what shows
        return;
      }
      setViewDay(familyMeta.today);
      await this.refresh();
      this.state = { kind: 'ready' };
    } catch (error) {
      // Offline, the app opens from the service worker's cache but the demo's records are
      // not in it (it never holds records): the person's own vault still opens.
      if (!navigator.onLine || this.demoStopped) {
        this.demoOffline = !navigator.onLine;
        this.state = { kind: 'ready' };
        return;
      }
      this.state = { kind: 'failed', error: errorInfo(error) };
    }
  }

  // After a lock the core has no records to show: everything stays empty until unlocked.
  private async refresh(): Promise<void> {
    try {
      const session = await coreSession();
      this.summary = await session.summary();
      this.people = (await session.people()).people;
      if (!this.people.some((p) => p.id === this.person)) this.person = this.people[0]?.id ?? 0;
    } catch {
      this.summary = null;
      this.people = [];
      this.person = 0;
    }
    this.revision++;
  }

  private onVaultChanged(): void {
    setViewDay(undefined);  // a person's own vault: today is today
    void this.refresh();
  }

  private toggleLanguage(): void {
    this.lang = this.lang === 'ja' ? 'en' : 'ja';
    document.documentElement.lang = this.lang;
  }

  private onStartProxy(event: CustomEvent<number>): void {
    this.proxyFor = event.detail;
    this.tab = 'sharing';
  }

  private chooseTab(tab: Tab): void {
    this.proxyFor = 0;
    this.tab = tab;
  }

  private onTabKey(event: KeyboardEvent): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(this.tab) + step + TABS.length) % TABS.length] ?? 'overview';
    this.chooseTab(next);
    void this.updateComplete.then(() => (this.renderRoot.querySelector(`#tab-${next}`) as HTMLElement | null)?.focus());
  }

  private renderView() {
    const common = { lang: this.lang, person: this.person, revision: this.revision, era: this.era };
    switch (this.tab) {
      case 'overview':
        return html`<summary-view .summary=${this.summary} .people=${this.people} .lang=${common.lang} .era=${common.era}></summary-view>`;
      case 'timeline':
        return html`<records-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}
          .sources=${this.summary?.sources ?? []} .people=${this.people}></records-view>`;
      case 'medications':
        // The お薬手帳 beside the medicines it adds to and hands over.
        return html`<medications-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></medications-view>
          <okusuri-techo-panel .lang=${common.lang} .person=${common.person} ?disabled=${this.state.kind !== 'ready'}
            @imported=${this.refresh}></okusuri-techo-panel>`;
      case 'labs':
        return html`<labs-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></labs-view>`;
      case 'checkups':
        return html`<checkups-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></checkups-view>`;
      case 'summary':
        return html`<ehr-summary-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></ehr-summary-view>`;
      case 'visits':
        return html`<visits-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></visits-view>`;
      case 'cards':
        return html`<cards-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></cards-view>`;
      case 'growth':
        return html`<growth-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></growth-view>`;
      case 'vaccinations':
        return html`<immunizations-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}
          @records-changed=${this.refresh}></immunizations-view>`;
      case 'lifelog':
        return html`<lifelog-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}
          .people=${this.people}></lifelog-view>`;
      case 'emergency':
        return html`<emergency-view .lang=${common.lang} .person=${common.person} .revision=${common.revision} .era=${common.era}></emergency-view>`;
      case 'sharing':
        return html`<sharing-view .lang=${common.lang} .people=${this.people} .person=${common.person} .proxyFor=${this.proxyFor}
          .revision=${common.revision}></sharing-view>`;
      case 'family':
        return html`<family-view .lang=${common.lang} .people=${this.people} .revision=${common.revision}
          @records-changed=${this.refresh} @start-proxy-grant=${this.onStartProxy}></family-view>`;
      case 'disclosures':
        return html`<disclosure-log .lang=${common.lang} .people=${this.people} .revision=${common.revision}></disclosure-log>`;
      case 'receive':
        return html`<receive-view .lang=${common.lang}></receive-view>`;
    }
  }

  override render() {
    const lang = this.lang;
    return html`
      <header>
        <h1>${t(lang, 'title')}</h1>
        <div class="controls">
          <label><input type="checkbox" .checked=${this.era} @change=${(e: Event) => { this.era = (e.target as HTMLInputElement).checked; }} /> ${t(lang, 'era')}</label>
          <button type="button" @click=${this.toggleLanguage} lang=${lang === 'ja' ? 'en' : 'ja'}>${t(lang, 'language')}</button>
        </div>
      </header>
      <p class="tagline">${t(lang, 'tagline')}</p>
      <main>
        <vaccination-reminders .lang=${lang} .revision=${this.revision} .era=${this.era}></vaccination-reminders>
        <section class="demo" aria-labelledby="demo-heading">
          <h2 id="demo-heading">${t(lang, 'demoTitle')}</h2>
          <p>${t(lang, 'demoExplain')}</p>
          <p>${t(lang, 'demoFile')}: <code>assets/demo/family/</code> (${familyMeta.files.length}) ・ ${t(lang, 'demoIssuer')}: ${familyMeta.issuer.name}</p>
          <details><summary>${t(lang, 'demoKey')}</summary><code data-demo-key>${familyMeta.identity}</code>
            <p>${t(lang, 'demoFile')}: <code>${passphraseDemo.file}</code> ・ ${t(lang, 'demoPassphrase')}: <code data-demo-passphrase>${passphraseDemo.passphrase}</code></p>
          </details>
        </section>
        ${this.state.kind === 'loading' ? html`<p role="status">${t(lang, 'decrypting')} ${this.state.done}/${familyMeta.files.length}</p>` : ''}
        ${this.state.kind === 'failed' ? html`<p role="alert" class="error">${this.state.error.message}</p>` : ''}
        ${this.demoOffline ? html`<p role="status" data-demo-offline>${t(lang, 'demoOffline')}</p>` : ''}
        <vault-panel .lang=${lang} @vault-changed=${this.onVaultChanged} @vault-opening=${this.onVaultOpening}></vault-panel>
        <person-picker .lang=${lang} .people=${this.people} .selected=${this.person}
          @person-changed=${(e: CustomEvent<number>) => { this.person = e.detail; }}></person-picker>
        <nav aria-label=${t(lang, 'views')}>
          <div role="tablist" @keydown=${this.onTabKey}>
            ${TABS.map((tab) => html`<button type="button" role="tab" id=${`tab-${tab}`} aria-controls="view-panel"
              aria-selected=${this.tab === tab ? 'true' : 'false'} tabindex=${this.tab === tab ? 0 : -1}
              @click=${() => this.chooseTab(tab)}>${t(lang, tabLabel[tab])}</button>`)}
          </div>
        </nav>
        <div class="views" role="tabpanel" id="view-panel" aria-labelledby=${`tab-${this.tab}`}>${this.renderView()}</div>
        <import-panel .lang=${lang} ?disabled=${this.state.kind !== 'ready'} @imported=${this.refresh}></import-panel>
      </main>
    `;
  }
}
customElements.define('techo-app', TechoApp);
