// The grant wizard: whose record, what (the categories a person recognises, the six EHR
// items, the emergency summary, lifelog metrics), which days of data, why, until when,
// once or continuing, and to whom (their age1 key pasted, or read from a QR code image).
// The core signs it with that person's key (createGrant); fires "grant-created".
import { LitElement, css, html, type PropertyValues } from 'lit';
import type { ErrorInfo, Grant, GrantCategory, GrantPurpose, GrantRequest, Person } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { aside, errorMessage, fill, grantCategoryGroups, grantCategoryLabel, purposeLabel, t, type Lang, type StringKey } from '../i18n.js';
import { readQrCode } from '../qr-read.js';

const PURPOSES: GrantPurpose[] = ['treatment', 'emergency', 'app', 'research'];
/** The core's default lifetimes (GrantRequest.expires), shown so a person knows what one tap gives. */
const LIFETIME_HOURS: Record<GrantPurpose, number> = { treatment: 24, emergency: 72, app: 90 * 24, research: 365 * 24 };
const PROXY_HOURS = 365 * 24;
const defaultUse = (purpose: GrantPurpose): 'once' | 'continuing' => (purpose === 'treatment' || purpose === 'emergency' ? 'once' : 'continuing');

const PRESETS: Array<{ label: StringKey; purpose: GrantPurpose; id: string }> = [
  { label: 'presetVisit', purpose: 'treatment', id: 'visit' },
  { label: 'presetEmergency', purpose: 'emergency', id: 'emergency' },
  { label: 'presetApp', purpose: 'app', id: 'app' },
];

const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

/** A lifetime in words: "24時間", "90日". */
function lifetimeText(lang: Lang, hours: number): string {
  return hours % 24 === 0 && hours > 72 ? `${hours / 24}${lang === 'ja' ? '' : ' '}${t(lang, 'days')}` : `${hours}${lang === 'ja' ? '' : ' '}${t(lang, 'hours')}`;
}

/** A datetime-local value (the person's own time) as the UTC timestamp the core takes. */
function utcOf(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Now plus `hours`, as a datetime-local value. */
function localInHours(hours: number): string {
  const date = new Date(Date.now() + hours * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export class GrantWizard extends LitElement {
  static override properties = {
    lang: {},
    people: { attribute: false },
    person: { type: Number },
    proxy: { type: Boolean },
    purpose: { state: true },
    use: { state: true },
    customExpiry: { state: true },
    expiryValue: { state: true },
    chosen: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
  };
  override lang: Lang = 'ja';
  people: Person[] = [];
  /** Whose record is chosen ({@link Person.id}); the app's person picker gives the first choice. */
  person = 0;
  /** A proxy grant (a second guardian's share of a child's record). */
  proxy = false;
  purpose: GrantPurpose = 'treatment';
  /** undefined: the purpose's default. */
  use: 'once' | 'continuing' | undefined = undefined;
  customExpiry = false;
  /** The custom expiry as typed (datetime-local), first filled with the purpose's default. */
  expiryValue = '';
  chosen = new Set<GrantCategory>();
  error: ErrorInfo | null = null;
  notice = '';
  busy = false;

  static override styles = css`
    :host { display: block; }
    form { display: grid; gap: 0.75rem; }
    fieldset { border: 1px solid #c5ccd6; border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0; }
    legend { font-weight: 600; padding: 0 0.25rem; }
    .group { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0.25rem 0 0.5rem; }
    .group-title { font-size: 0.9rem; color: #4a5567; margin: 0.25rem 0 0; }
    .field { display: grid; gap: 0.2rem; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
    label { font-weight: 600; }
    .option { font-weight: normal; display: inline-flex; gap: 0.35rem; align-items: baseline; }
    input[type='text'], input[type='date'], input[type='datetime-local'], select, textarea {
      font: inherit; padding: 0.35rem; border: 1px solid #8a94a3; border-radius: 6px;
    }
    #grantee-key, #grantee-signing-key { font-family: ui-monospace, monospace; font-size: 0.85rem; width: min(100%, 40rem); }
    .hint { color: #4a5567; font-size: 0.9rem; margin: 0; }
    .presets { display: flex; flex-wrap: wrap; gap: 0.4rem; }
    .presets button { background: #fff; color: #1d4f91; }
    .presets button[aria-pressed='true'] { background: #e6eef9; }
    button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #1d4f91; background: #1d4f91; color: #fff; cursor: pointer; justify-self: start; }
    .error { color: #a3141d; }
  `;

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('people') || changed.has('person')) {
      if (!this.people.some((p) => p.id === this.person)) this.person = this.people[0]?.id ?? 0;
    }
  }

  private chosenPerson(): Person | undefined {
    return this.people.find((p) => p.id === this.person);
  }

  private lifetimeHours(): number {
    return this.proxy ? PROXY_HOURS : LIFETIME_HOURS[this.purpose];
  }

  private value(id: string): string {
    return (this.renderRoot.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement | null)?.value.trim() ?? '';
  }

  private applyPreset(purpose: GrantPurpose): void {
    this.purpose = purpose;
    this.use = undefined;
    this.customExpiry = false;
    this.expiryValue = '';
    this.proxy = false;
  }

  private toggle(category: GrantCategory, on: boolean): void {
    const next = new Set(this.chosen);
    if (on) next.add(category);
    else next.delete(category);
    this.chosen = next;
  }

  private async onKeyImage(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.error = null;
    this.notice = '';
    const text = (await readQrCode(file))?.trim() ?? null;
    input.value = '';
    if (text === null) {
      this.error = { code: 'INVALID_ARGUMENT', message: t(this.lang, 'qrNotFound'), path: '' };
    } else if (!AGE_RECIPIENT.test(text)) {
      this.error = { code: 'INVALID_ARGUMENT', message: t(this.lang, 'qrNotKey'), path: '' };
    } else {
      (this.renderRoot.querySelector('#grantee-key') as HTMLInputElement).value = text;
      this.notice = t(this.lang, 'qrRead');
    }
  }

  private request(): GrantRequest {
    const from = this.value('grant-from');
    const to = this.value('grant-to');
    const signingKey = this.value('grantee-signing-key');
    const expires = this.customExpiry ? this.value('grant-expires') : '';
    return {
      person: this.person,
      grantee: { name: this.value('grantee-name'), recipient: this.value('grantee-key'), ...(signingKey ? { signingKey } : {}) },
      purpose: this.purpose,
      categories: [...this.chosen],
      ...(from || to ? { dataPeriod: { ...(from ? { start: from } : {}), ...(to ? { end: to } : {}) } } : {}),
      ...(expires ? { expires: utcOf(expires) } : {}),
      // A proxy is a continuing share by definition; otherwise the purpose's default unless chosen.
      ...(this.proxy ? { use: 'continuing' as const, proxy: true } : this.use ? { use: this.use } : {}),
    };
  }

  /** After a grant is made: a blank form, so the next grant starts from nothing chosen. */
  private reset(): void {
    for (const id of ['grant-from', 'grant-to', 'grantee-name', 'grantee-key', 'grantee-signing-key']) {
      const input = this.renderRoot.querySelector(`#${id}`) as HTMLInputElement | null;
      if (input) input.value = '';
    }
    this.chosen = new Set();
    this.use = undefined;
    this.customExpiry = false;
    this.expiryValue = '';
    this.proxy = false;
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    this.error = null;
    this.notice = '';
    if (this.chosen.size === 0) {
      this.error = { code: 'INVALID_ARGUMENT', message: t(this.lang, 'chooseCategory'), path: '' };
      return;
    }
    this.busy = true;
    try {
      const grant: Grant = await (await coreSession()).createGrant(this.request());
      this.reset();
      this.notice = fill(t(this.lang, 'grantCreated'), { name: grant.grantee.name });
      this.dispatchEvent(new CustomEvent<Grant>('grant-created', { detail: grant, bubbles: true, composed: true }));
    } catch (error) {
      this.error = errorInfo(error);
    } finally {
      this.busy = false;
    }
  }

  private renderCategories(lang: Lang) {
    const groups: Array<[StringKey, readonly GrantCategory[]]> = [
      ['categoryGroupRecords', grantCategoryGroups.records],
      ['categoryGroupEhr', grantCategoryGroups.ehr],
      ['categoryGroupLifelog', grantCategoryGroups.lifelog],
    ];
    return html`<fieldset data-grant-categories>
      <legend>${t(lang, 'grantCategories')}</legend>
      ${groups.map(([title, categories]) => html`<p class="group-title" id=${`group-${title}`}>${t(lang, title)}</p>
        <div class="group" role="group" aria-labelledby=${`group-${title}`}>
          ${categories.map((c) => html`<label class="option"><input type="checkbox" name="category" value=${c}
            .checked=${this.chosen.has(c)} @change=${(e: Event) => this.toggle(c, (e.target as HTMLInputElement).checked)} />
            ${grantCategoryLabel(lang, c)}</label>`)}
        </div>`)}
    </fieldset>`;
  }

  override render() {
    const lang = this.lang;
    const chosen = this.chosenPerson();
    const use = this.proxy ? 'continuing' : this.use ?? defaultUse(this.purpose);
    const lifetime = lifetimeText(lang, this.lifetimeHours());
    return html`<form @submit=${this.onSubmit} data-grant-wizard novalidate>
      <div class="field">
        <label for="grant-person">${t(lang, 'grantPerson')}</label>
        <select id="grant-person" @change=${(e: Event) => { this.person = Number((e.target as HTMLSelectElement).value); if (this.chosenPerson()?.relationship !== 'child') this.proxy = false; }}>
          ${this.people.map((p) => html`<option value=${p.id} ?selected=${p.id === this.person}>${p.name}${aside(lang, t(lang, p.relationship))}</option>`)}
        </select>
      </div>

      <div>
        <p class="group-title" id="presets-title">${t(lang, 'quickDefaults')}</p>
        <div class="presets" role="group" aria-labelledby="presets-title">
          ${PRESETS.map((p) => html`<button type="button" data-preset=${p.id}
            aria-pressed=${!this.proxy && this.purpose === p.purpose && !this.customExpiry && !this.use ? 'true' : 'false'}
            @click=${() => this.applyPreset(p.purpose)}>${t(lang, p.label)}</button>`)}
        </div>
      </div>

      <fieldset>
        <legend>${t(lang, 'grantPurpose')}</legend>
        <div class="group">
          ${PURPOSES.map((p) => html`<label class="option"><input type="radio" name="purpose" value=${p} .checked=${this.purpose === p}
            @change=${() => { this.purpose = p; }} /> ${purposeLabel(lang, p)}</label>`)}
        </div>
      </fieldset>

      ${this.renderCategories(lang)}

      <fieldset>
        <legend>${t(lang, 'dataPeriod')}</legend>
        <div class="row">
          <div class="field"><label for="grant-from">${t(lang, 'dataFrom')}</label><input id="grant-from" type="date" /></div>
          <div class="field"><label for="grant-to">${t(lang, 'dataTo')}</label><input id="grant-to" type="date" /></div>
        </div>
        <p class="hint">${t(lang, 'dataPeriodHint')}</p>
      </fieldset>

      <fieldset>
        <legend>${t(lang, 'grantExpires')}</legend>
        <div class="group">
          <label class="option"><input type="radio" name="expiry" .checked=${!this.customExpiry} @change=${() => { this.customExpiry = false; }} />
            <span data-default-expiry>${fill(t(lang, 'expiresDefault'), { purpose: this.proxy ? t(lang, 'proxyStart') : purposeLabel(lang, this.purpose), length: lifetime })}</span></label>
          <label class="option"><input type="radio" name="expiry" .checked=${this.customExpiry}
            @change=${() => { this.customExpiry = true; this.expiryValue ||= localInHours(this.lifetimeHours()); }} />
            ${t(lang, 'expiresCustom')}</label>
        </div>
        <div class="field">
          <label for="grant-expires">${t(lang, 'grantExpires')}</label>
          <input id="grant-expires" type="datetime-local" ?disabled=${!this.customExpiry}
            .value=${this.customExpiry ? this.expiryValue : localInHours(this.lifetimeHours())}
            @input=${(e: Event) => { this.expiryValue = (e.target as HTMLInputElement).value; }} />
        </div>
      </fieldset>

      <fieldset>
        <legend>${t(lang, 'grantUse')}</legend>
        <div class="group">
          <label class="option"><input type="radio" name="use" value="once" .checked=${use === 'once'} ?disabled=${this.proxy} @change=${() => { this.use = 'once'; }} /> ${t(lang, 'useOnce')}</label>
          <label class="option"><input type="radio" name="use" value="continuing" .checked=${use === 'continuing'} @change=${() => { this.use = 'continuing'; }} /> ${t(lang, 'useContinuing')}</label>
        </div>
        ${chosen?.relationship === 'child'
          ? html`<label class="option"><input type="checkbox" id="grant-proxy" .checked=${this.proxy}
              @change=${(e: Event) => { this.proxy = (e.target as HTMLInputElement).checked; }} /> ${t(lang, 'proxyGrant')}</label>`
          : ''}
      </fieldset>

      <div class="field">
        <label for="grantee-name">${t(lang, 'granteeName')}</label>
        <input id="grantee-name" type="text" autocomplete="off" />
      </div>
      <div class="field">
        <label for="grantee-key">${t(lang, 'granteeKey')}</label>
        <input id="grantee-key" type="text" autocomplete="off" spellcheck="false" aria-describedby="grantee-key-hint" />
        <p class="hint" id="grantee-key-hint">${t(lang, 'granteeKeyHint')}</p>
        <label for="grantee-key-qr">${t(lang, 'granteeKeyQr')}</label>
        <input id="grantee-key-qr" type="file" accept="image/*" @change=${this.onKeyImage} />
      </div>
      <details>
        <summary>${t(lang, 'granteeSigningKey')}</summary>
        <div class="field">
          <label for="grantee-signing-key">${t(lang, 'granteeSigningKey')}</label>
          <input id="grantee-signing-key" type="text" autocomplete="off" spellcheck="false" />
        </div>
      </details>
      <button type="submit" ?disabled=${this.busy || !this.person}>${t(lang, 'createGrant')}</button>
      <div aria-live="polite">
        ${this.notice ? html`<p data-grant-notice>${this.notice}</p>` : ''}
        ${this.error ? html`<p role="alert" class="error" data-grant-error data-code=${this.error.code}>${errorMessage(lang, this.error)}${this.error.path ? `（${this.error.path}）` : ''}</p>` : ''}
      </div>
    </form>`;
  }
}
customElements.define('grant-wizard', GrantWizard);
