// 提供状況: who received what, when — the vault's disclosure log, newest first, a page at a
// time, with a check of the whole log (hash chain, signed checkpoints, the header's head).
import { LitElement, css, html, type PropertyValues } from 'lit';
import type { Person, Session } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { auditActionLabel, fill, grantCategoryLabels, purposeLabel, resourceTypeLabel, t, type Lang } from '../i18n.js';
import { formatTime } from './grant-list.js';
import { cardStyles } from './view-base.js';

/** One entry of auditLog() (core/src/vault_audit_log.hpp). */
export interface AuditEntry {
  seq: number;
  at: string;
  action: string;
  person: number;
  grantId: number | string | null;
  detail: Record<string, unknown>;
}
interface AuditPage {
  entries: AuditEntry[];
  nextCursor: number | null;
}
interface AuditVerification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  bound: boolean;
  problems: Array<{ seq: number; kind: string; message: string }>;
}
/** The log's two methods, called only when the session has them (they arrived with the log). */
interface AuditMethods {
  auditLog?: (query: { limit?: number; cursor?: number }) => Promise<AuditPage>;
  verifyAuditLog?: () => Promise<AuditVerification>;
}
const audit = (session: Session) => session as unknown as AuditMethods;

const PAGE = 10;
const DISCLOSURES = new Set(['package', 'hand_over']);

export class DisclosureLog extends LitElement {
  static override properties = {
    lang: {},
    people: { attribute: false },
    revision: { type: Number },
    open: { state: true },
    available: { state: true },
    entries: { state: true },
    next: { state: true },
    onlyDisclosures: { state: true },
    verification: { state: true },
    error: { state: true },
  };
  override lang: Lang = 'ja';
  people: Person[] = [];
  revision = 0;
  open: boolean | null = null;
  available = true;
  entries: AuditEntry[] = [];
  next: number | null = null;
  onlyDisclosures = false;
  verification: AuditVerification | null = null;
  error = '';

  static override styles = [cardStyles, css`
    .controls { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; margin: 0.5rem 0; }
    .option { display: inline-flex; gap: 0.35rem; align-items: baseline; }
    .ok { color: #0b5b2a; font-weight: 600; }
    .by-type { color: #4a5567; font-size: 0.9rem; }
    tr[data-action='package'] td, tr[data-action='hand_over'] td { background: #f3f7fc; }
  `];

  override updated(changed: PropertyValues): void {
    if (changed.has('revision')) void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      const session = await coreSession();
      this.open = (await session.vaultStatus()).open;
      this.available = typeof audit(session).auditLog === 'function';
      this.verification = null;
      if (!this.open || !this.available) return;
      const page = await audit(session).auditLog!({ limit: PAGE });
      this.entries = page.entries;
      this.next = page.nextCursor ?? null;
      this.error = '';
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  private async more(): Promise<void> {
    if (this.next === null) return;
    try {
      const page = await audit(await coreSession()).auditLog!({ limit: PAGE, cursor: this.next });
      this.entries = [...this.entries, ...page.entries];
      this.next = page.nextCursor ?? null;
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  private async verify(): Promise<void> {
    try {
      this.verification = await audit(await coreSession()).verifyAuditLog!();
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  private whose(id: number): string {
    if (!id) return '';
    return this.people.find((p) => p.id === id)?.name ?? `#${id}`;
  }

  private renderDetail(entry: AuditEntry) {
    const lang = this.lang;
    const d = entry.detail ?? {};
    if (DISCLOSURES.has(entry.action) || entry.action === 'grant' || entry.action === 'revoke') {
      const parts: string[] = [];
      if (typeof d.grantee === 'string') parts.push(`${t(lang, 'receivedBy')}: ${d.grantee}`);
      if (typeof d.purpose === 'string') parts.push(purposeLabel(lang, d.purpose));
      if (Array.isArray(d.categories)) parts.push(grantCategoryLabels(lang, d.categories).join('、'));
      if (typeof d.resources === 'number') parts.push(fill(t(lang, 'resourcesCount'), { n: d.resources }));
      if (d.pseudonymised === true) parts.push(t(lang, 'pseudonymised').replace(/^[、,]\s*/, ''));
      const byType = d.byType && typeof d.byType === 'object' ? Object.entries(d.byType as Record<string, unknown>) : [];
      return html`<span data-log-detail>${parts.join(' ・ ')}</span>${byType.length
        ? html`<br /><span class="by-type">${byType.map(([type, n]) => `${resourceTypeLabel(lang, type)} ${String(n)}`).join('、')}</span>`
        : ''}`;
    }
    if ((entry.action === 'unlock' || entry.action === 'unlock_failed') && typeof d.method === 'string') {
      return html`<span data-log-detail>${t(lang, d.method === 'recovery' ? 'logByRecovery' : 'logByPassphrase')}</span>`;
    }
    if (entry.action === 'import' || entry.action === 'backup' || entry.action === 'restore') {
      const parts: string[] = [];
      if (typeof d.source === 'string') parts.push(`${t(lang, 'logFile')}: ${d.source}`);
      if (typeof d.resources === 'number') parts.push(fill(t(lang, 'resourcesCount'), { n: d.resources }));
      if (typeof d.samples === 'number') parts.push(fill(t(lang, 'logSamples'), { n: d.samples }));
      if (parts.length) return html`<span data-log-detail>${parts.join(' ・ ')}</span>`;
    }
    if (entry.action === 'research_opt_out' && typeof d.optedOut === 'boolean') {
      return html`<span data-log-detail>${d.optedOut ? t(lang, 'researchOn') : t(lang, 'researchOff')}</span>`;
    }
    const plain = Object.entries(d).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
    return html`<span data-log-detail>${plain.map(([k, v]) => `${k}: ${String(v)}`).join(' ・ ')}</span>`;
  }

  private renderVerification() {
    const lang = this.lang;
    const v = this.verification;
    if (!v) return '';
    return v.ok
      ? html`<p class="ok" data-log-verified="ok">${fill(t(lang, 'logOk'), { entries: v.entries, checkpoints: v.checkpoints, bound: v.bound ? t(lang, 'logBound') : '' })}</p>`
      : html`<div role="alert" data-log-verified="problems"><p class="error">${t(lang, 'logProblems')}</p>
          <ul>${v.problems.map((p) => html`<li data-log-problem=${p.kind}>#${p.seq} ${p.kind}: ${p.message}</li>`)}</ul></div>`;
  }

  override render() {
    const lang = this.lang;
    if (this.open === null) return html`<p>${t(lang, 'loading')}</p>`;
    if (!this.open) return html`<h2>${t(lang, 'logTitle')}</h2><p data-needs-vault>${t(lang, 'needsVault')}</p>`;
    if (!this.available) return html`<h2>${t(lang, 'logTitle')}</h2><p data-log-unavailable>${t(lang, 'logUnavailable')}</p>`;
    const shown = this.onlyDisclosures ? this.entries.filter((e) => DISCLOSURES.has(e.action)) : this.entries;
    return html`<h2>${t(lang, 'logTitle')}</h2>
      <p class="muted">${t(lang, 'logExplain')}</p>
      <div class="controls">
        <label class="option"><input type="checkbox" id="log-only-disclosures" .checked=${this.onlyDisclosures}
          @change=${(e: Event) => { this.onlyDisclosures = (e.target as HTMLInputElement).checked; }} /> ${t(lang, 'logOnlyDisclosures')}</label>
        <button type="button" data-verify-log @click=${this.verify}>${t(lang, 'verifyLog')}</button>
      </div>
      <div aria-live="polite">${this.renderVerification()}</div>
      ${shown.length
        ? html`<table data-disclosure-log>
            <thead><tr><th scope="col">${t(lang, 'logWhen')}</th><th scope="col">${t(lang, 'logAction')}</th>
              <th scope="col">${t(lang, 'logWhose')}</th><th scope="col">${t(lang, 'logDetail')}</th></tr></thead>
            <tbody>${shown.map((e) => html`<tr data-seq=${e.seq} data-action=${e.action}>
              <td><time datetime=${e.at}>${formatTime(lang, e.at)}</time></td>
              <td>${auditActionLabel(lang, e.action)}</td>
              <td>${this.whose(e.person)}</td>
              <td>${this.renderDetail(e)}</td>
            </tr>`)}</tbody>
          </table>`
        : html`<p class="muted">${t(lang, 'logEmpty')}</p>`}
      ${this.next !== null ? html`<button type="button" data-log-more @click=${this.more}>${t(lang, 'showMore')}</button>` : ''}
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : ''}`;
  }
}
customElements.define('disclosure-log', DisclosureLog);
