// The person's 拒否 of research use (次世代医療基盤法's opt-out): one switch, its state
// and when it last changed. While on, the core refuses every research grant and package.
import { LitElement, css, html } from 'lit';
import type { ConsentSettings, ErrorInfo } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { errorMessage, t, type Lang } from '../i18n.js';
import { formatTime } from './grant-list.js';

export class ResearchOptOut extends LitElement {
  static override properties = { lang: {}, settings: { attribute: false }, busy: { state: true }, error: { state: true } };
  override lang: Lang = 'ja';
  settings: ConsentSettings | null = null;
  busy = false;
  error: ErrorInfo | null = null;

  static override styles = css`
    :host { display: block; }
    h3 { font-size: 1rem; margin: 0 0 0.25rem; }
    p { margin: 0.25rem 0; }
    .switch { display: inline-flex; gap: 0.5rem; align-items: center; font-weight: 600; cursor: pointer; }
    .switch input { width: 1.2rem; height: 1.2rem; }
    .muted { color: #4a5567; font-size: 0.9rem; }
    .error { color: #a3141d; }
  `;

  private async onChange(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    this.busy = true;
    this.error = null;
    try {
      const settings = await (await coreSession()).setResearchOptOut(input.checked);
      this.dispatchEvent(new CustomEvent<ConsentSettings>('settings-changed', { detail: settings, bubbles: true, composed: true }));
    } catch (error) {
      this.error = errorInfo(error);
      input.checked = this.settings?.researchOptOut ?? false;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const lang = this.lang;
    const s = this.settings;
    if (!s) return '';
    return html`<section aria-labelledby="research-heading" data-research-opt-out=${s.researchOptOut ? 'on' : 'off'}>
      <h3 id="research-heading">${t(lang, 'researchTitle')}</h3>
      <p class="muted">${t(lang, 'researchExplain')}</p>
      <label class="switch"><input type="checkbox" role="switch" id="research-opt-out" .checked=${s.researchOptOut}
        ?disabled=${this.busy} @change=${this.onChange} />
        ${t(lang, 'researchSwitch')}</label>
      <p data-research-state>${s.researchOptOut ? t(lang, 'researchOn') : t(lang, 'researchOff')}
        ・ ${t(lang, 'lastChanged')}: ${s.researchOptOutChangedAt
          ? html`<time datetime=${s.researchOptOutChangedAt}>${formatTime(lang, s.researchOptOutChangedAt)}</time>`
          : t(lang, 'neverChanged')}</p>
      ${this.error ? html`<p role="alert" class="error">${errorMessage(lang, this.error)}</p>` : ''}
    </section>`;
  }
}
customElements.define('research-opt-out', ResearchOptOut);
