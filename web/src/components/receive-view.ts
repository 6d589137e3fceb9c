// 共有されたデータを開く: the receiving side, with no vault. The receiver gives their identity
// (AGE-SECRET-KEY-1…) and the package file; @techo/core's standalone verifySharePackage
// decrypts it and checks the person's signatures, the expiry, the revocations the receiver
// knows of, and every resource's digest, scope, period and person. The page shows the
// grant, each problem in plain words, and only when every check passed, the records.
// Neither the file nor the key leaves the page.
import { LitElement, css, html } from 'lit';
import { verifySharePackage, type PackageVerification } from '@techo/core';
import { glance } from '../fhir-glance.js';
import { fill, grantCategoryLabels, packageProblemText, purposeLabel, resourceTypeLabel, t, type Lang } from '../i18n.js';
import { formatTime } from './grant-list.js';
import { cardStyles } from './view-base.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What the receiver pasted as revocations: JSON (one or a list), or text the verifier reads itself. */
function revocationsOf(text: string): Array<Json | string> {
  const trimmed = text.trim();
  if (!trimmed) return [];
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value)) return value.filter((v): v is Json | string => isObject(v) || typeof v === 'string');
    if (isObject(value)) return [value];
  } catch {
    // not JSON: the verifier says what is wrong with it
  }
  return [trimmed];
}

export class ReceiveView extends LitElement {
  static override properties = { lang: {}, result: { state: true }, busy: { state: true }, missing: { state: true } };
  override lang: Lang = 'ja';
  result: PackageVerification | null = null;
  busy = false;
  missing = false;

  static override styles = [cardStyles, css`
    form { display: grid; gap: 0.35rem; margin: 0.5rem 0 1rem; }
    label { font-weight: 600; }
    textarea, input[type='file'] { font: inherit; }
    textarea { font-family: ui-monospace, monospace; font-size: 0.85rem; padding: 0.35rem; border: 1px solid #8a94a3; border-radius: 6px; }
    form button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #1d4f91; background: #1d4f91; color: #fff; cursor: pointer; justify-self: start; }
    .verdict { border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
    .verdict.ok { background: #e3f4e8; border: 1px solid #0b5b2a; color: #0b3d1d; }
    .verdict.failed { background: #fdecea; border: 1px solid #a3141d; color: #5c0b10; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0.25rem 0; }
    dt { color: #4a5567; }
    dd { margin: 0; }
    code { word-break: break-all; }
  `];

  private async onIdentityFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    (this.renderRoot.querySelector('#receive-identity') as HTMLTextAreaElement).value = await file.text();
  }

  private async onOpen(event: Event): Promise<void> {
    event.preventDefault();
    const identity = (this.renderRoot.querySelector('#receive-identity') as HTMLTextAreaElement).value;
    const file = (this.renderRoot.querySelector('#receive-package') as HTMLInputElement).files?.[0];
    const revocations = revocationsOf((this.renderRoot.querySelector('#receive-revocations') as HTMLTextAreaElement).value);
    this.result = null;
    this.missing = !file || !identity.trim();
    if (this.missing || !file) return;
    this.busy = true;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      this.result = await verifySharePackage(bytes, { identity, ...(revocations.length ? { revocations } : {}) });
    } finally {
      this.busy = false;
    }
  }

  private renderGrant(grant: Json) {
    const lang = this.lang;
    const person = isObject(grant.person) ? grant.person : {};
    const grantee = isObject(grant.grantee) ? grant.grantee : {};
    const scope = isObject(grant.scope) ? grant.scope : {};
    const period = isObject(grant.dataPeriod) ? grant.dataPeriod : {};
    const categories = Array.isArray(scope.categories) ? grantCategoryLabels(lang, scope.categories) : [];
    const types = Array.isArray(scope.resourceTypes) ? scope.resourceTypes.map((r) => resourceTypeLabel(lang, String(r))) : [];
    return html`<section aria-labelledby="receive-grant-heading" data-received-grant>
      <h3 id="receive-grant-heading">${t(lang, 'receiveGrant')}</h3>
      <dl>
        <dt>${t(lang, 'sharedBy')}</dt><dd data-shared-by>${str(person.name)}${str(person.birthYear) ? `（${str(person.birthYear)}）` : ''}
          ${str(person.keyId) ? html`<br /><code>${t(lang, 'keyId')}: ${str(person.keyId)}</code>` : ''}</dd>
        <dt>${t(lang, 'sharedWith')}</dt><dd>${str(grantee.name)}</dd>
        <dt>${t(lang, 'grantPurpose')}</dt><dd data-received-purpose>${purposeLabel(lang, str(grant.purpose))}</dd>
        <dt>${t(lang, 'grantScope')}</dt><dd data-received-scope>${[...categories, ...types].join('、')}</dd>
        ${str(period.start) || str(period.end) ? html`<dt>${t(lang, 'dataPeriod')}</dt><dd>${str(period.start)}〜${str(period.end)}</dd>` : ''}
        <dt>${t(lang, 'grantIssued')}</dt><dd>${formatTime(lang, str(grant.issued))}</dd>
        <dt>${t(lang, 'grantExpires')}</dt><dd data-received-expires>${formatTime(lang, str(grant.expires))}</dd>
        <dt>${t(lang, 'grantUse')}</dt><dd>${grant.use === 'once' ? t(lang, 'useOnce') : t(lang, 'useContinuing')}</dd>
      </dl>
    </section>`;
  }

  private renderRecords(result: PackageVerification) {
    const lang = this.lang;
    const entries = result.bundle?.entry ?? [];
    const byType = new Map<string, Json[]>();
    for (const e of entries) {
      if (!isObject(e.resource)) continue;
      const type = str(e.resource.resourceType) || '?';
      byType.set(type, [...(byType.get(type) ?? []), e.resource]);
    }
    return html`<section aria-labelledby="receive-records-heading" data-received-records>
      <h3 id="receive-records-heading">${fill(t(lang, 'receiveRecords'), { n: entries.length })}</h3>
      ${[...byType].map(([type, resources]) => html`<h4>${resourceTypeLabel(lang, type)}（${resources.length}）</h4>
        <table data-received-type=${type}>
          <thead><tr><th scope="col">${t(lang, 'recordName')}</th><th scope="col">${t(lang, 'recordDate')}</th><th scope="col">${t(lang, 'recordValue')}</th></tr></thead>
          <tbody>${resources.map((r) => {
            const g = glance(r);
            if (type === 'Patient' && (g.value === 'female' || g.value === 'male')) g.value = t(lang, g.value);
            return html`<tr data-received-resource=${`${type}/${str(r.id)}`}><td>${g.name}</td><td>${g.date}</td><td>${g.value}</td></tr>`;
          })}</tbody>
        </table>`)}
    </section>`;
  }

  private renderResult() {
    const lang = this.lang;
    const r = this.result;
    if (!r) return '';
    return html`${r.ok
        ? html`<p class="verdict ok" role="status" data-receive-verdict="ok">${t(lang, 'receiveOk')}</p>`
        : html`<div class="verdict failed" role="alert" data-receive-verdict="failed">
            <p>${t(lang, 'receiveFailed')}</p>
            <ul>${r.problems.map((p) => html`<li data-problem=${p.code}><strong>${packageProblemText(lang, p.code)}</strong>
              <br /><span class="muted">${p.message}${p.path ? `（${p.path}）` : ''}</span></li>`)}</ul>
          </div>`}
      ${r.grant ? this.renderGrant(r.grant) : ''}
      ${r.ok ? this.renderRecords(r) : ''}`;
  }

  override render() {
    const lang = this.lang;
    return html`<h2>${t(lang, 'receiveTitle')}</h2>
      <p class="muted">${t(lang, 'receiveExplain')}</p>
      <form @submit=${this.onOpen} data-receive-form>
        <label for="receive-identity">${t(lang, 'receiveIdentity')}</label>
        <textarea id="receive-identity" rows="3" spellcheck="false" autocomplete="off"></textarea>
        <label for="receive-identity-file">${t(lang, 'receiveIdentityFile')}</label>
        <input id="receive-identity-file" type="file" accept=".txt,.key,text/plain" @change=${this.onIdentityFile} />
        <label for="receive-package">${t(lang, 'receivePackage')}</label>
        <input id="receive-package" type="file" accept=".age" />
        <details>
          <summary>${t(lang, 'receiveRevocations')}</summary>
          <label for="receive-revocations">${t(lang, 'receiveRevocations')}</label>
          <textarea id="receive-revocations" rows="3" spellcheck="false"></textarea>
        </details>
        <button type="submit" ?disabled=${this.busy}>${t(lang, 'receiveOpen')}</button>
      </form>
      <div aria-live="polite">
        ${this.missing ? html`<p role="alert" class="error" data-receive-missing>${t(lang, 'chooseFileAndKey')}</p>` : ''}
        ${this.busy ? html`<p role="status">${t(lang, 'loading')}</p>` : ''}
      </div>
      ${this.renderResult()}`;
  }
}
customElements.define('receive-view', ReceiveView);
