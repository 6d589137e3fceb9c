// The person's grants with their status now, and what can be done with each: save its
// share package for the receiver, save it as a FHIR Consent, revoke it (saying plainly that
// what was already shared cannot be recalled) and hand the receiver the signed revocation.
import { LitElement, css, html } from 'lit';
import type { ErrorInfo, Grant } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { download, fileNamePart, localDay } from '../download.js';
import { aside, errorMessage, fill, grantCategoryLabels, grantStatusLabel, purposeLabel, t, type Lang } from '../i18n.js';

/** An RFC 3339 time in the reader's own time zone, to the minute. */
export function formatTime(lang: Lang, value: string | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

type Feedback = { grant: string; notice?: string; error?: ErrorInfo };

export class GrantList extends LitElement {
  static override properties = {
    lang: {},
    grants: { attribute: false },
    confirming: { state: true },
    feedback: { state: true },
    busy: { state: true },
  };
  override lang: Lang = 'ja';
  grants: Grant[] = [];
  /** The grant whose revocation waits for the person's confirmation. */
  confirming = '';
  feedback: Feedback | null = null;
  busy = false;

  static override styles = css`
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
    li { border: 1px solid #c5ccd6; border-radius: 10px; padding: 0.6rem 0.8rem; }
    h4 { margin: 0 0 0.25rem; font-size: 1rem; display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0.25rem 0; font-size: 0.95rem; }
    dt { color: #4a5567; }
    dd { margin: 0; }
    .badge { font-size: 0.8rem; font-weight: 700; border-radius: 999px; padding: 0.05rem 0.6rem; border: 1px solid; }
    .badge[data-status='active'] { color: #0b5b2a; background: #e3f4e8; border-color: #0b5b2a; }
    .badge[data-status='expired'] { color: #4a5567; background: #eef0f3; border-color: #4a5567; }
    .badge[data-status='used'] { color: #1d4f91; background: #e6eef9; border-color: #1d4f91; }
    .badge[data-status='revoked'] { color: #8e1c12; background: #fdecea; border-color: #8e1c12; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; margin-top: 0.4rem; }
    button { font: inherit; padding: 0.35rem 0.75rem; border-radius: 8px; border: 1px solid #1d4f91; background: #fff; color: #1d4f91; cursor: pointer; }
    button.danger { border-color: #a3141d; color: #a3141d; }
    button.danger.confirm { background: #a3141d; color: #fff; }
    .statement { background: #fff7e0; border: 1px solid #e0b000; border-radius: 8px; padding: 0.4rem 0.6rem; margin: 0.4rem 0; }
    pre { white-space: pre-wrap; word-break: break-all; font-size: 0.8rem; background: #f6f7f9; padding: 0.5rem; border-radius: 6px; max-height: 16rem; overflow: auto; }
    .error { color: #a3141d; }
    .muted { color: #4a5567; }
  `;

  private changed(): void {
    this.dispatchEvent(new CustomEvent('grants-changed', { bubbles: true, composed: true }));
  }

  private async act(grant: Grant, work: () => Promise<string | void>, changes = false): Promise<void> {
    this.busy = true;
    this.feedback = null;
    try {
      const notice = await work();
      this.feedback = { grant: grant.id, ...(notice ? { notice } : {}) };
    } catch (error) {
      this.feedback = { grant: grant.id, error: errorInfo(error) };
    } finally {
      this.busy = false;
      // A package changes the grant too (its count; a once grant becomes used), and a
      // refused one may have found it expired: the list is read again either way.
      if (changes) this.changed();
    }
  }

  private onPackage(grant: Grant): void {
    void this.act(grant, async () => {
      const made = await (await coreSession()).sharePackage(grant.id);
      download(made.file, `techo-share-${fileNamePart(grant.grantee.name)}-${localDay()}.age`, 'application/octet-stream');
      return fill(t(this.lang, 'packageSaved'), { resources: made.resources, pseudo: made.pseudonymised ? t(this.lang, 'pseudonymised') : '' });
    }, true);
  }

  private onConsent(grant: Grant): void {
    void this.act(grant, async () => {
      const consent = await (await coreSession()).grantAsFhirConsent(grant.id);
      download(JSON.stringify(consent, null, 2), `techo-consent-${fileNamePart(grant.grantee.name)}-${grant.issued.slice(0, 10)}.json`, 'application/fhir+json');
    });
  }

  private onRevoke(grant: Grant): void {
    this.confirming = '';
    void this.act(grant, async () => {
      await (await coreSession()).revokeGrant(grant.id);
      return fill(t(this.lang, 'revokedNotice'), { name: grant.grantee.name });
    }, true);
  }

  private renderRevocation(grant: Grant) {
    const lang = this.lang;
    if (!grant.revocation) return '';
    const text = JSON.stringify(grant.revocation, null, 2);
    return html`<p class="statement" data-cannot-recall>${t(lang, 'cannotRecall')}</p>
      <details data-revocation>
        <summary>${t(lang, 'revocationTitle')}</summary>
        <pre tabindex="0" aria-label=${t(lang, 'revocationTitle')}>${text}</pre>
        <button type="button" data-download-revocation
          @click=${() => download(`${text}\n`, `techo-revocation-${fileNamePart(grant.grantee.name)}-${(grant.revokedAt ?? '').slice(0, 10)}.json`, 'application/json')}>
          ${t(lang, 'downloadRevocation')}</button>
      </details>`;
  }

  private renderGrant(grant: Grant) {
    const lang = this.lang;
    const feedback = this.feedback?.grant === grant.id ? this.feedback : null;
    const period = grant.dataPeriod.start || grant.dataPeriod.end ? `${grant.dataPeriod.start ?? ''}〜${grant.dataPeriod.end ?? ''}` : '';
    const scope = [...grantCategoryLabels(lang, grant.categories), ...grant.resourceTypes].join('、');
    return html`<li data-grant=${grant.id} data-grantee=${grant.grantee.name} data-status=${grant.status}>
      <h4><span>${grant.grantee.name}</span>
        <span class="badge" data-status=${grant.status} data-grant-status>${grantStatusLabel(lang, grant.status)}</span></h4>
      <dl>
        <dt>${t(lang, 'grantPerson')}</dt><dd>${grant.personName}</dd>
        <dt>${t(lang, 'grantPurpose')}</dt><dd>${purposeLabel(lang, grant.purpose)}${grant.proxy ? ` ・ ${t(lang, 'proxyStart')}` : ''}</dd>
        <dt>${t(lang, 'grantScope')}</dt><dd data-grant-scope>${scope}</dd>
        ${period ? html`<dt>${t(lang, 'dataPeriod')}</dt><dd>${period}</dd>` : ''}
        <dt>${t(lang, 'grantExpires')}</dt><dd><time datetime=${grant.expires}>${formatTime(lang, grant.expires)}</time></dd>
        <dt>${t(lang, 'grantUse')}</dt><dd>${grant.use === 'once' ? t(lang, 'useOnce') : t(lang, 'useContinuing')}</dd>
        <dt>${t(lang, 'grantPackages')}</dt><dd data-grant-packages>${grant.packages}${grant.lastSharedAt ? aside(lang, `${t(lang, 'lastShared')} ${formatTime(lang, grant.lastSharedAt)}`) : ''}</dd>
        ${grant.revokedAt ? html`<dt>${t(lang, 'statusRevoked')}</dt><dd><time datetime=${grant.revokedAt}>${formatTime(lang, grant.revokedAt)}</time></dd>` : ''}
      </dl>
      <div class="actions">
        ${grant.purpose !== 'hand-over'
          ? html`<button type="button" data-download-package ?disabled=${this.busy} @click=${() => this.onPackage(grant)}>${t(lang, 'downloadPackage')}</button>`
          : ''}
        <button type="button" data-export-consent ?disabled=${this.busy} @click=${() => this.onConsent(grant)}>${t(lang, 'exportConsent')}</button>
        ${grant.status !== 'revoked' && this.confirming !== grant.id
          ? html`<button type="button" class="danger" data-revoke ?disabled=${this.busy} @click=${() => { this.confirming = grant.id; }}>${t(lang, 'revoke')}</button>`
          : ''}
      </div>
      ${this.confirming === grant.id
        ? html`<div role="group" aria-label=${t(lang, 'revoke')}>
            <p class="statement" data-cannot-recall>${t(lang, 'cannotRecall')}</p>
            <div class="actions">
              <button type="button" class="danger confirm" data-revoke-confirm ?disabled=${this.busy} @click=${() => this.onRevoke(grant)}>${t(lang, 'revokeConfirm')}</button>
              <button type="button" @click=${() => { this.confirming = ''; }}>${t(lang, 'revokeCancel')}</button>
            </div>
          </div>`
        : ''}
      ${this.renderRevocation(grant)}
      <div aria-live="polite">
        ${feedback?.notice ? html`<p data-grant-feedback>${feedback.notice}</p>` : ''}
        ${feedback?.error
          ? html`<p role="alert" class="error" data-grant-feedback-error data-code=${feedback.error.code}>${errorMessage(lang, feedback.error)}</p>`
          : ''}
      </div>
    </li>`;
  }

  override render() {
    const lang = this.lang;
    return this.grants.length
      ? html`<ul data-grant-list>${this.grants.map((g) => this.renderGrant(g))}</ul>`
      : html`<p class="muted" data-no-grants>${t(lang, 'noGrants')}</p>`;
  }
}
customElements.define('grant-list', GrantList);
