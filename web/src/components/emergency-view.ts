// The emergency card (救急時): what a doctor needs first, one A4 page per person. With
// everyone selected, each person has their own card, headed with their name, each printed
// on its own page: one person's allergies, contacts or wishes never appear on another's.
// Under each card a form lets the person enter their emergency contacts and care wishes
// (心肺蘇生, 人生会議), which the core stores as FHIR in the vault. A printable copy is
// only ever the person's own choice (the browser's print / save as PDF), never a copy
// the page keeps by itself.
import { css, html } from 'lit';
import type {
  CareWishes, CprWish, EmergencyCard, EmergencyContact, EmergencyInfo, EmergencyView as Data, Person, Session, ViewQuery,
} from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { errorMessage, fill, flagLabel, formatFhirDate, t, type Lang } from '../i18n.js';
import { ViewBase, cardStyles, personName } from './view-base.js';

function ageOn(birthDate: string, today: string): number | null {
  if (birthDate.length < 10 || today.length < 10) return null;
  let age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (today.slice(5, 10) < birthDate.slice(5, 10)) age -= 1;
  return age;
}

const cprLabels: Record<CprWish | '', Parameters<typeof t>[1]> = {
  wanted: 'cprWanted', refused: 'cprRefused', undecided: 'cprUndecided', '': 'cprNotStated',
};

/** Contact rows in the form: the person's own entries and at least one empty row, up to the core's 5. */
function contactRows(contacts: EmergencyContact[]): (EmergencyContact | null)[] {
  const own = contacts.filter((c) => c.enteredByPerson);
  const rows: (EmergencyContact | null)[] = [...own];
  while (rows.length < Math.min(5, Math.max(3, own.length + 1))) rows.push(null);
  return rows;
}

export class EmergencyView extends ViewBase<Data> {
  static override properties = { ...ViewBase.properties, saved: { state: true }, saveError: { state: true } };
  /** The person whose entries were just saved, and an error of the last save (by person id). */
  saved = 0;
  saveError: { person: number; message: string; path: string } | null = null;

  static override styles = [cardStyles, css`
    .who { font-size: 1.2rem; font-weight: 700; margin: 0.75rem 0 0.25rem; }
    h4 { font-size: 1rem; margin: 0.6rem 0 0.2rem; }
    .alert { color: #8e1c12; font-weight: 700; }
    section { break-inside: avoid; }
    .sections { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); column-gap: 1.5rem; }
    .wide { grid-column: 1 / -1; }
    article + article { border-top: 2px solid #c5ccd6; margin-top: 1rem; }
    .wish { font-weight: 700; }
    .note { white-space: pre-wrap; margin: 0.2rem 0; }
    details { margin: 0.75rem 0; border: 1px solid #c5ccd6; border-radius: 8px; padding: 0.5rem 0.75rem; background: #f8fafc; }
    summary { cursor: pointer; font-weight: 600; }
    fieldset { border: 1px solid #d5dae1; border-radius: 6px; margin: 0.5rem 0; }
    .contact-row { display: grid; grid-template-columns: 2fr 1fr 1.5fr; gap: 0.5rem; }
    label { display: block; font-size: 0.9rem; }
    input, textarea { font: inherit; width: 100%; box-sizing: border-box; padding: 0.25rem 0.4rem; border: 1px solid #8a94a3; border-radius: 6px; }
    input[type='radio'] { width: auto; }
    .radio { display: inline-flex; gap: 0.3rem; margin-right: 1rem; align-items: center; }
    .copy-note { font-size: 0.9rem; background: #fff8e6; border-left: 4px solid #c08a00; padding: 0.4rem 0.75rem; }
    @media print {
      :host { box-shadow: none; padding: 0; font-size: 9.5pt; line-height: 1.35; }
      h2, .whose, button, details, .copy-note, [role='status'] { display: none; }
      h4 { font-size: 10pt; margin: 0.35rem 0 0.1rem; }
      .who { font-size: 13pt; margin-top: 0; }
      .muted { font-size: 8.5pt; }
      .sections { grid-template-columns: 1fr 1fr; column-gap: 8mm; }
      ul { margin: 0; }
      table { font-size: inherit; }
      th, td { padding: 0.1rem 0.3rem; }
      article + article { break-before: page; border-top: none; margin-top: 0; }
    }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.emergency(query);
  }

  private list<T>(items: T[], item: (x: T) => unknown) {
    return items.length ? html`<ul>${items.map((x) => html`<li>${item(x)}</li>`)}</ul>` : html`<p>${t(this.lang, 'none')}</p>`;
  }

  private wishes(w: CareWishes | null) {
    const lang = this.lang;
    if (!w) return html`<p>${t(lang, 'noWishes')}</p>`;
    return html`
      <p><span>${t(lang, 'cprLabel')}: </span><span class="wish" data-cpr=${w.cpr}>${t(lang, cprLabels[w.cpr])}</span></p>
      ${w.note ? html`<p class="note" data-acp-note>${w.note}</p>` : ''}
      ${w.discussedOn ? html`<p class="muted">${t(lang, 'acpDiscussedOn')}: ${this.date(w.discussedOn)}</p>` : ''}
      <p class="muted">${w.enteredByPerson
        ? fill(t(lang, 'wishesRecorded'), { date: formatFhirDate(lang, w.recorded.slice(0, 10), this.era) })
        : fill(t(lang, 'wishesImported'), { source: w.source })}</p>`;
  }

  private form(c: EmergencyCard, person: Person) {
    const lang = this.lang;
    const id = (what: string) => `ec-${person.id}-${what}`;
    const cpr = c.careWishes?.enteredByPerson ? c.careWishes.cpr : '';
    const error = this.saveError?.person === person.id ? this.saveError : null;
    return html`<details data-emergency-form=${person.name}>
      <summary>${t(lang, 'editEmergencyInfo')}</summary>
      <form @submit=${(e: Event) => this.save(e, person)}>
        ${contactRows(c.contacts).map((contact, i) => html`<fieldset>
          <legend>${fill(t(lang, 'contactNumber'), { n: i + 1 })}</legend>
          <div class="contact-row">
            <label for=${id(`name-${i}`)}>${t(lang, 'contactName')}
              <input id=${id(`name-${i}`)} name=${`name-${i}`} autocomplete="off" maxlength="60" .value=${contact?.name ?? ''}></label>
            <label for=${id(`relationship-${i}`)}>${t(lang, 'contactRelationship')}
              <input id=${id(`relationship-${i}`)} name=${`relationship-${i}`} autocomplete="off" maxlength="30" .value=${contact?.relationship ?? ''}></label>
            <label for=${id(`phone-${i}`)}>${t(lang, 'contactPhone')}
              <input id=${id(`phone-${i}`)} name=${`phone-${i}`} type="tel" autocomplete="off" maxlength="40" .value=${contact?.phone ?? ''}></label>
          </div>
        </fieldset>`)}
        <fieldset>
          <legend>${t(lang, 'cprLabel')}</legend>
          ${(['wanted', 'refused', 'undecided'] as const).map((v) => html`<label class="radio">
            <input type="radio" name="cpr" value=${v} .checked=${cpr === v}>${t(lang, cprLabels[v])}</label>`)}
        </fieldset>
        <label for=${id('note')}>${t(lang, 'acpNote')}
          <textarea id=${id('note')} name="note" rows="3" maxlength="1000" .value=${c.careWishes?.enteredByPerson ? c.careWishes.note : ''}></textarea></label>
        <label for=${id('discussed')}>${t(lang, 'acpDiscussedOn')}
          <input id=${id('discussed')} name="discussedOn" type="date" .value=${c.careWishes?.enteredByPerson ? c.careWishes.discussedOn : ''}></label>
        <p><button type="submit">${t(lang, 'saveEmergencyInfo')}</button></p>
        ${error ? html`<p role="alert" class="error" data-save-error data-path=${error.path}>${error.message}</p>` : ''}
        ${this.saved === person.id ? html`<p role="status" data-saved>${t(lang, 'emergencyInfoSaved')}</p>` : ''}
      </form>
    </details>`;
  }

  private async save(event: Event, person: Person): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const contacts: EmergencyInfo['contacts'] = [];
    for (let i = 0; i < 5; i++) {
      const name = value(`name-${i}`), relationship = value(`relationship-${i}`), phone = value(`phone-${i}`);
      if (name || relationship || phone) contacts.push({ name, relationship, phone });
    }
    const cpr = value('cpr') as CprWish | '';
    const note = value('note'), discussedOn = value('discussedOn');
    // No choice made and nothing written: no wishes recorded (an earlier record is withdrawn).
    const wishes = cpr || note || discussedOn ? { cpr: cpr || 'undecided', note, discussedOn } : null;
    try {
      await (await coreSession()).saveEmergencyInfo(person.id, { contacts, wishes });
      this.saveError = null;
      this.saved = person.id;
      await this.reload();
    } catch (error) {
      const info = errorInfo(error);
      this.saved = 0;
      this.saveError = { person: person.id, message: errorMessage(this.lang, info), path: info.path };
    }
  }

  private card(c: EmergencyCard, today: string) {
    const lang = this.lang;
    const age = c.person ? ageOn(c.person.birthDate, today) : null;
    const name = personName(lang, c.person);
    const date = (d: string) => this.date(d);
    return html`<article data-emergency-card=${name} aria-label=${`${t(lang, 'emergencyTitle')}: ${name}`}>
      <h3 class="who" data-emergency-person>${c.person
        ? html`${c.person.name}${c.person.namePhonetic ? `（${c.person.namePhonetic}）` : ''} ${this.date(c.person.birthDate)}${age !== null ? ` ${fill(t(lang, 'ageOf'), { n: age })}` : ''}`
        : name}</h3>
      <p class="muted">${fill(t(lang, 'asOf'), { date: formatFhirDate(lang, today, this.era) })}</p>
      <div class="sections">
        <section data-emergency="contraindications"><h4>${t(lang, 'contraindications')}</h4>
          ${this.list(c.contraindications, (a) => html`<span class="alert">${a.substance}${a.reactions.length ? `（${a.reactions.join('、')}）` : ''}</span>`)}
        </section>
        <section data-emergency="allergies"><h4>${t(lang, 'allergies')}</h4>${this.list(c.allergies, (a) => a.substance)}</section>
        <section data-emergency="bloodType"><h4>${t(lang, 'bloodType')}</h4>
          ${c.bloodType.length ? html`<p>${c.bloodType.map((b) => b.valueText).join(' ')}</p>` : html`<p>${t(lang, 'none')}</p>`}
        </section>
        <section data-emergency="infections"><h4>${t(lang, 'infections')}</h4>
          ${this.list(c.infections, (i) => html`${i.name}: ${i.valueText}${i.flag ? ` ${flagLabel(lang, i.flag)}` : ''}（${date(i.date)}）`)}
        </section>
        <section data-emergency="medications" class="wide"><h4>${t(lang, 'currentMedications')}</h4>
          ${this.list(c.medications, (m) => `${m.drug}${m.dosage ? ` — ${m.dosage}` : ''}${m.institution ? `（${m.institution}）` : ''}`)}
        </section>
        <section data-emergency="conditions"><h4>${t(lang, 'activeConditions')}</h4>${this.list(c.conditions, (x) => x.name)}</section>
        <section data-emergency="devices"><h4>${t(lang, 'devices')}</h4>
          ${this.list(c.devices, (d) => html`${d.name}${d.since ? html`（${fill(t(lang, 'deviceSince'), { date: formatFhirDate(lang, d.since.slice(0, 10), this.era) })}）` : ''}`)}
        </section>
        <section data-emergency="admissions"><h4>${t(lang, 'recentAdmissions')}</h4>
          ${this.list(c.admissions, (a) => html`${a.end
            ? fill(t(lang, 'admissionPeriod'), { start: formatFhirDate(lang, a.start, this.era), end: formatFhirDate(lang, a.end, this.era) })
            : formatFhirDate(lang, a.start, this.era)} ${a.reason}${a.institution ? `（${a.institution}）` : ''}`)}
        </section>
        <section data-emergency="procedures"><h4>${t(lang, 'recentProcedures')}</h4>
          ${this.list(c.procedures, (p) => html`${date(p.date)} ${p.name}${p.institution ? `（${p.institution}）` : ''}`)}
        </section>
        <section data-emergency="labs" class="wide"><h4>${t(lang, 'keyLabs')}</h4>
          ${c.keyLabs.length ? html`<table><tbody>${c.keyLabs.map((l) => html`<tr><th scope="row">${l.name}</th>
            <td class=${`flag-${l.flag}`}>${l.valueText} ${l.unit}${l.flag ? ` ${flagLabel(lang, l.flag)}` : ''}</td><td>${date(l.date)}</td></tr>`)}</tbody></table>`
            : html`<p>${t(lang, 'none')}</p>`}
        </section>
        <section data-emergency="contacts"><h4>${t(lang, 'emergencyContacts')}</h4>
          ${this.list(c.contacts, (x) => html`${x.name}${x.relationship ? `（${x.relationship}）` : ''} ${x.phone
            ? html`<a href=${`tel:${x.phone.replace(/[^0-9+]/g, '')}`}>${x.phone}</a>` : ''}`)}
        </section>
        <section data-emergency="careWishes"><h4>${t(lang, 'careWishes')}</h4>${this.wishes(c.careWishes)}</section>
      </div>
      ${c.person ? this.form(c, c.person) : ''}
    </article>`;
  }

  override render() {
    const lang: Lang = this.lang;
    const d = this.data;
    return html`
      <h2 id="emergency-heading">${t(lang, 'emergencyTitle')}</h2>
      ${this.renderWhose(d)}
      <p class="copy-note" data-printable-copy><strong>${t(lang, 'printableCopy')}:</strong> ${t(lang, 'printableCopyNote')}</p>
      <button type="button" @click=${() => window.print()}>${t(lang, 'print')}</button>
      ${this.renderError()}
      ${d ? d.byPerson.map((c) => this.card(c, d.today)) : ''}
    `;
  }
}
customElements.define('emergency-view', EmergencyView);
