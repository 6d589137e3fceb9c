// 家族と鍵: each person in the vault with the relationship the account holder sets, their
// own public keys as text and as QR codes, a proxy grant for a child (a second guardian),
// and — once a child reaches the hand-over age — handing their record over to a key of
// their own. The hand-over age is a setting here too.
import { LitElement, css, html, type PropertyValues } from 'lit';
import type { ConsentSettings, ErrorInfo, Grant, Person, ProfileKeys, Relationship } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { download, fileNamePart, localDay } from '../download.js';
import { errorMessage, fill, formatFhirDate, t, type Lang } from '../i18n.js';
import { formatTime } from './grant-list.js';
import { cardStyles } from './view-base.js';
import './key-qr.js';

const FAMILY_RELATIONSHIPS: Relationship[] = ['child', 'dependent', 'other'];

/** Full years on today's date (local), or null without a whole birth date. */
export function ageToday(birthDate: string, today = localDay()): number | null {
  if (!/^\d{4}-\d{2}-\d{2}/.test(birthDate)) return null;
  let age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (today.slice(5, 10) < birthDate.slice(5, 10)) age -= 1;
  return age;
}

type Feedback = { person: number; notice?: string; error?: ErrorInfo };

// Hand-overs made just now, by person, until people() (whose Person.handedOverAt says it
// for good) is read again.
const handedOver = new Map<number, string>();

export class FamilyView extends LitElement {
  static override properties = {
    lang: {},
    people: { attribute: false },
    revision: { type: Number },
    open: { state: true },
    keys: { state: true },
    settings: { state: true },
    grants: { state: true },
    feedback: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  override lang: Lang = 'ja';
  people: Person[] = [];
  revision = 0;
  open: boolean | null = null;
  keys = new Map<number, ProfileKeys>();
  settings: ConsentSettings | null = null;
  grants: Grant[] = [];
  feedback: Feedback | null = null;
  busy = false;
  error = '';

  static override styles = [cardStyles, css`
    article { border: 1px solid #c5ccd6; border-radius: 10px; padding: 0.6rem 0.8rem; margin: 0.75rem 0; }
    article h3 { margin: 0 0 0.35rem; display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; }
    .keys { display: flex; flex-wrap: wrap; gap: 1rem; }
    .key { display: grid; gap: 0.2rem; max-width: 22rem; }
    .key code { word-break: break-all; font-size: 0.85rem; }
    .key-title { font-weight: 600; }
    .field { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin: 0.35rem 0; }
    label { font-weight: 600; }
    input[type='text'], input[type='number'] { font: inherit; padding: 0.3rem; border: 1px solid #8a94a3; border-radius: 6px; }
    input[type='text'] { font-family: ui-monospace, monospace; font-size: 0.85rem; width: min(100%, 36rem); }
    input[type='number'] { width: 5rem; }
    .handover { background: #eef4fb; border-radius: 8px; padding: 0.4rem 0.6rem; margin-top: 0.5rem; }
    .badge { font-size: 0.8rem; font-weight: 700; border-radius: 999px; padding: 0.05rem 0.6rem; border: 1px solid #1d4f91; color: #1d4f91; background: #e6eef9; }
  `];

  override updated(changed: PropertyValues): void {
    if (changed.has('revision') || changed.has('people')) void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      const session = await coreSession();
      this.open = (await session.vaultStatus()).open;
      if (!this.open) return;
      this.settings = await session.consentSettings();
      this.grants = (await session.grants()).grants;
      const keys = new Map<number, ProfileKeys>();
      for (const p of this.people) keys.set(p.id, await session.profileKeys({ person: p.id }));
      this.keys = keys;
      this.error = '';
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  private async act(person: number, work: () => Promise<string>): Promise<void> {
    this.busy = true;
    this.feedback = null;
    try {
      this.feedback = { person, notice: await work() };
    } catch (error) {
      this.feedback = { person, error: errorInfo(error) };
    } finally {
      this.busy = false;
    }
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('records-changed', { bubbles: true, composed: true }));
  }

  private onRelationship(person: Person, relationship: Relationship): void {
    void this.act(person.id, async () => {
      await (await coreSession()).setRelationship({ person: person.id, relationship });
      this.changed();
      return fill(t(this.lang, 'relationshipSaved'), { name: person.name });
    });
  }

  private onHandOver(person: Person): void {
    const recipient = (this.renderRoot.querySelector(`#handover-key-${person.id}`) as HTMLInputElement).value.trim();
    void this.act(person.id, async () => {
      const result = await (await coreSession()).handOver({ person: person.id, recipient });
      handedOver.set(person.id, result.handedOverAt);
      download(result.file, `techo-handover-${fileNamePart(person.name)}-${localDay()}.age`, 'application/octet-stream');
      await this.reload();
      return fill(t(this.lang, 'handedOverNotice'), { name: person.name, resources: result.resources, ended: result.grantsEnded });
    });
  }

  private onHandOverAge(event: Event): void {
    event.preventDefault();
    const age = Number((this.renderRoot.querySelector('#handover-age') as HTMLInputElement).value);
    void this.act(0, async () => {
      this.settings = await (await coreSession()).setHandOverAge(age);
      return fill(t(this.lang, 'handOverAgeSaved'), { age: this.settings.handOverAge });
    });
  }

  private startProxy(person: Person): void {
    this.dispatchEvent(new CustomEvent<number>('start-proxy-grant', { detail: person.id, bubbles: true, composed: true }));
  }

  private renderKey(what: string, value: string, id: string) {
    const lang = this.lang;
    return html`<div class="key">
      <span class="key-title" id=${id}>${what}</span>
      <code aria-labelledby=${id} data-key-text>${value}</code>
      <key-qr .value=${value} .label=${fill(t(lang, 'qrOf'), { what })}></key-qr>
    </div>`;
  }

  private renderPerson(p: Person) {
    const lang = this.lang;
    const keys = this.keys.get(p.id);
    const age = ageToday(p.birthDate);
    const handOverAt = p.handedOverAt || handedOver.get(p.id);
    const dueAge = this.settings?.handOverAge ?? 15;
    const feedback = this.feedback?.person === p.id ? this.feedback : null;
    const offerHandOver = p.relationship === 'child' && !handOverAt && age !== null && age >= dueAge;
    // A proxy ends at the hand-over age at the latest: none is offered from then on.
    const offerProxy = p.relationship === 'child' && !handOverAt && (age === null || age < dueAge);
    return html`<article data-family-person=${p.name} aria-labelledby=${`person-${p.id}`}>
      <h3 id=${`person-${p.id}`}>${p.name}
        <span class="muted">${p.birthDate ? formatFhirDate(lang, p.birthDate) : ''}${age !== null ? `（${age}${lang === 'ja' ? '' : ' '}${t(lang, 'age')}）` : ''}</span>
        ${handOverAt ? html`<span class="badge" data-handed-over>${t(lang, 'handedOver')} ${formatTime(lang, handOverAt)}</span>` : ''}</h3>
      <div class="field">
        ${p.relationship === 'self'
          ? html`<span>${t(lang, 'relationship')}: ${t(lang, 'self')}</span>`
          : html`<label for=${`relationship-${p.id}`}>${t(lang, 'relationship')}</label>
            <select id=${`relationship-${p.id}`} data-relationship ?disabled=${this.busy}
              @change=${(e: Event) => this.onRelationship(p, (e.target as HTMLSelectElement).value as Relationship)}>
              ${FAMILY_RELATIONSHIPS.map((r) => html`<option value=${r} ?selected=${p.relationship === r}>${t(lang, r)}</option>`)}
            </select>`}
      </div>
      ${keys
        ? html`<div class="keys">
            ${this.renderKey(t(lang, 'ageRecipient'), keys.ageRecipient, `age-key-${p.id}`)}
            ${this.renderKey(t(lang, 'signingKey'), keys.signingPublicKey, `signing-key-${p.id}`)}
          </div>
          <p class="muted">${t(lang, 'keyId')}: <code>${keys.keyId}</code> ・ ${t(lang, 'keysMade')}: ${formatTime(lang, keys.createdAt)}</p>`
        : ''}
      ${offerProxy
        ? html`<button type="button" data-start-proxy @click=${() => this.startProxy(p)}>${t(lang, 'proxyStart')}</button>`
        : ''}
      ${offerHandOver
        ? html`<section class="handover" data-hand-over aria-labelledby=${`handover-${p.id}`}>
            <h4 id=${`handover-${p.id}`}>${t(lang, 'handOverTitle')}</h4>
            <p>${fill(t(lang, 'handOverExplain'), { age: dueAge })}</p>
            <div class="field">
              <label for=${`handover-key-${p.id}`}>${t(lang, 'handOverKey')}</label>
              <input id=${`handover-key-${p.id}`} type="text" autocomplete="off" spellcheck="false" />
              <button type="button" data-hand-over-button ?disabled=${this.busy} @click=${() => this.onHandOver(p)}>${t(lang, 'handOverButton')}</button>
            </div>
          </section>`
        : ''}
      <div aria-live="polite">
        ${feedback?.notice ? html`<p data-family-notice>${feedback.notice}</p>` : ''}
        ${feedback?.error ? html`<p role="alert" class="error" data-family-error data-code=${feedback.error.code}>${errorMessage(lang, feedback.error)}${feedback.error.path ? `（${feedback.error.path}）` : ''}</p>` : ''}
      </div>
    </article>`;
  }

  override render() {
    const lang = this.lang;
    if (this.open === null) return html`<p>${t(lang, 'loading')}</p>`;
    const feedback = this.feedback?.person === 0 ? this.feedback : null;
    return html`<h2>${t(lang, 'familyTitle')}</h2>
      <p class="muted">${t(lang, 'familyExplain')}</p>
      ${!this.open
        ? html`<p data-needs-vault>${t(lang, 'needsVault')}</p>`
        : html`${this.people.map((p) => this.renderPerson(p))}
          <form class="field" @submit=${this.onHandOverAge} data-hand-over-age>
            <label for="handover-age">${t(lang, 'handOverAge')}</label>
            <input id="handover-age" type="number" min="10" max="20" .value=${String(this.settings?.handOverAge ?? 15)} />
            <button type="submit" ?disabled=${this.busy}>${t(lang, 'save')}</button>
          </form>
          <div aria-live="polite">
            ${feedback?.notice ? html`<p data-family-notice>${feedback.notice}</p>` : ''}
            ${feedback?.error ? html`<p role="alert" class="error">${errorMessage(lang, feedback.error)}</p>` : ''}
          </div>`}
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : ''}`;
  }
}
customElements.define('family-view', FamilyView);
