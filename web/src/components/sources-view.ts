// Where the records came from: each imported file, whether it was encrypted, and how far
// its issuer could be verified. A person should always see which data is vouched for.
import { LitElement, css, html } from 'lit';
import type { SourceSummary, Verification } from '@techo/core';
import { t, type Lang, type StringKey } from '../i18n.js';

const badge: Record<Verification, { key: StringKey; icon: string }> = {
  verified: { key: 'verified', icon: '✓' },
  unknown_issuer: { key: 'unknownIssuer', icon: '?' },
  unsigned: { key: 'unsigned', icon: '!' },
};

export class SourcesView extends LitElement {
  static override properties = { sources: { attribute: false }, lang: {} };
  sources: SourceSummary[] = [];
  override lang: Lang = 'ja';

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
    h2 { font-size: 1.05rem; margin: 0 0 0.75rem; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6rem; }
    .file { font-weight: 600; word-break: break-all; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.4rem; margin-top: 0.2rem; font-size: 0.9rem; }
    .badge { border-radius: 999px; padding: 0 0.6rem; border: 1px solid currentColor; }
    .verified { color: #0b6b2f; }
    .unknown_issuer { color: #8a5a00; }
    .unsigned { color: #5b6472; }
    .encrypted { color: #1d4f91; }
    .mismatch { color: #a3141d; font-weight: 600; }
  `;

  // The signer's own name is shown only as its claim: beside the person's name when the
  // two differ, or alone (never as "signed by") when the key is not trusted.
  private claim(s: SourceSummary) {
    if (!s.claimedIssuerName || s.verification === 'unsigned') return '';
    if (s.verification === 'verified' && !s.issuerNameMismatch) return '';
    const mismatch = s.verification === 'verified';
    return html`<span class=${mismatch ? 'mismatch' : ''} data-claimed-issuer ?data-mismatch=${mismatch}
      title=${mismatch ? t(this.lang, 'nameMismatch') : ''}>${mismatch ? html`<span aria-hidden="true">⚠ </span>` : ''}${t(this.lang, 'claimedBy')}: ${s.claimedIssuerName}</span>`;
  }

  override render() {
    if (!this.sources.length) return html``;
    const lang = this.lang;
    return html`
      <h2 id="sources-heading">${t(lang, 'sources')}</h2>
      <ul aria-labelledby="sources-heading">
        ${this.sources.map((s) => {
          const b = badge[s.verification];
          return html`<li data-source=${s.name} data-verification=${s.verification}>
            <div class="file">${s.name}</div>
            <div class="meta">
              <span class="badge ${s.verification}"><span aria-hidden="true">${b.icon} </span>${t(lang, b.key)}</span>
              ${s.encrypted ? html`<span class="badge encrypted">${t(lang, 'encrypted')}</span>` : ''}
              ${s.verification === 'verified' && s.issuerName
                ? html`<span data-issuer>${t(lang, 'signedBy')}: ${s.issuerName}</span>` : ''}
              ${this.claim(s)}
              <span>${s.resources} ${t(lang, 'records')}</span>
            </div>
          </li>`;
        })}
      </ul>
    `;
  }
}
customElements.define('sources-view', SourcesView);
