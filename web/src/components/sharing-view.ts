// 共有: the research opt-out, the grant wizard and the list of grants, for an encrypted
// vault (a grant is signed with a key that exists only inside one). Reloads when the
// records change, a grant is made, or the list says it changed.
import { LitElement, html, type PropertyValues } from 'lit';
import type { ConsentSettings, Grant, Person } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { t, type Lang } from '../i18n.js';
import { cardStyles } from './view-base.js';
import './grant-list.js';
import './grant-wizard.js';
import './research-opt-out.js';

export class SharingView extends LitElement {
  static override properties = {
    lang: {},
    people: { attribute: false },
    person: { type: Number },
    proxyFor: { type: Number },
    revision: { type: Number },
    open: { state: true },
    grants: { state: true },
    settings: { state: true },
    error: { state: true },
  };
  override lang: Lang = 'ja';
  people: Person[] = [];
  /** The app's chosen person: the wizard's first choice. */
  person = 0;
  /** Set by the family view: start a proxy grant of this child's record. */
  proxyFor = 0;
  revision = 0;
  open: boolean | null = null;
  grants: Grant[] = [];
  settings: ConsentSettings | null = null;
  error = '';

  static override styles = cardStyles;

  override updated(changed: PropertyValues): void {
    if (changed.has('revision')) void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      const session = await coreSession();
      this.open = (await session.vaultStatus()).open;
      if (!this.open) return;
      [this.grants, this.settings] = [(await session.grants()).grants, await session.consentSettings()];
      this.error = '';
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  override render() {
    const lang = this.lang;
    if (this.open === null) return html`<p>${t(lang, 'loading')}</p>`;
    const initial = this.proxyFor || this.person || (this.people.find((p) => p.relationship === 'self')?.id ?? 0);
    return html`<h2>${t(lang, 'sharingTitle')}</h2>
      <p class="muted">${t(lang, 'sharingExplain')}</p>
      ${!this.open
        ? html`<p data-needs-vault>${t(lang, 'needsVault')}</p>`
        : html`
          <research-opt-out .lang=${lang} .settings=${this.settings}
            @settings-changed=${(e: CustomEvent<ConsentSettings>) => { this.settings = e.detail; }}></research-opt-out>
          <h3>${t(lang, 'wizardTitle')}</h3>
          <grant-wizard .lang=${lang} .people=${this.people} .person=${initial} .proxy=${this.proxyFor !== 0}
            @grant-created=${() => this.reload()}></grant-wizard>
          <h3>${t(lang, 'grantsTitle')}</h3>
          <grant-list .lang=${lang} .grants=${this.grants} @grants-changed=${() => this.reload()}></grant-list>`}
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : ''}`;
  }
}
customElements.define('sharing-view', SharingView);
