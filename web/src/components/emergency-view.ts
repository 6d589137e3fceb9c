// The emergency summary (救急時): one printable page per person of what a doctor needs
// first. With everyone selected, each person has their own card, headed with their name,
// each printed on its own page: one person's allergies never appear on another's card.
import { css, html } from 'lit';
import type { EmergencyCard, EmergencyView as Data, Session, ViewQuery } from '@techo/core';
import { aside, flagLabel, listOf, t } from '../i18n.js';
import { ViewBase, cardStyles, personName } from './view-base.js';

function ageOn(birthDate: string, today: string): number | null {
  if (birthDate.length < 10 || today.length < 10) return null;
  let age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (today.slice(5, 10) < birthDate.slice(5, 10)) age -= 1;
  return age;
}

export class EmergencyView extends ViewBase<Data> {
  static override styles = [cardStyles, css`
    .who { font-size: 1.2rem; font-weight: 700; margin: 0.75rem 0 0.25rem; }
    h4 { font-size: 1rem; margin: 0.75rem 0 0.3rem; }
    .alert { color: #8e1c12; font-weight: 700; }
    section { break-inside: avoid; }
    article + article { border-top: 2px solid #c5ccd6; margin-top: 1rem; }
    @media print {
      :host { box-shadow: none; padding: 0; }
      button { display: none; }
      article + article { break-before: page; border-top: none; margin-top: 0; }
    }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.emergency(query);
  }

  private card(c: EmergencyCard, today: string) {
    const lang = this.lang;
    const age = c.person ? ageOn(c.person.birthDate, today) : null;
    const name = personName(lang, c.person);
    return html`<article data-emergency-card=${name} aria-label=${`${t(lang, 'emergencyTitle')}: ${name}`}>
      <h3 class="who" data-emergency-person>${c.person
        ? html`${c.person.name}（${c.person.namePhonetic}） ${this.date(c.person.birthDate)}${age !== null ? ` ${age}${t(lang, 'age')}` : ''}`
        : name}</h3>
      <p class="muted">${this.date(today)} ${t(lang, 'asOf')}</p>
      <section data-emergency="contraindications"><h4>${t(lang, 'contraindications')}</h4>
        ${c.contraindications.length ? html`<ul>${c.contraindications.map((a) => html`<li class="alert">${a.substance}${a.reactions.length ? `（${a.reactions.join('、')}）` : ''}</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
      </section>
      <section data-emergency="allergies"><h4>${t(lang, 'allergies')}</h4>
        ${c.allergies.length ? html`<ul>${c.allergies.map((a) => html`<li>${a.substance}</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
      </section>
      <section data-emergency="medications"><h4>${t(lang, 'currentMedications')}</h4>
        ${c.medications.length ? html`<ul>${c.medications.map((m) => html`<li>${m.drug} — ${listOf(lang, m.dosages.length ? m.dosages.map((d) => d.text) : [m.dosage])}${aside(lang, m.institution)}</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
      </section>
      <section data-emergency="conditions"><h4>${t(lang, 'activeConditions')}</h4>
        ${c.conditions.length ? html`<ul>${c.conditions.map((x) => html`<li>${x.name}</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
      </section>
      <section data-emergency="labs"><h4>${t(lang, 'keyLabs')}</h4>
        ${c.keyLabs.length ? html`<table><tbody>${c.keyLabs.map((l) => html`<tr><th scope="row">${l.name}</th>
          <td class=${`flag-${l.flag}`}>${l.valueText} ${l.unit}${l.flag ? ` ${flagLabel(lang, l.flag)}` : ''}</td><td>${this.date(l.date)}</td></tr>`)}</tbody></table>`
          : html`<p>${t(lang, 'none')}</p>`}
      </section>
    </article>`;
  }

  override render() {
    const lang = this.lang;
    const d = this.data;
    return html`
      <h2 id="emergency-heading">${t(lang, 'emergencyTitle')}</h2>
      ${this.renderWhose(d)}
      <button type="button" @click=${() => window.print()}>${t(lang, 'print')}</button>
      ${this.renderError()}
      ${d ? d.byPerson.map((c) => this.card(c, d.today)) : ''}
    `;
  }
}
customElements.define('emergency-view', EmergencyView);
