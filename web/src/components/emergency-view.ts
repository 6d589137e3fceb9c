// The emergency summary (救急時): one printable page of what a doctor needs first.
import { css, html } from 'lit';
import type { EmergencyView as Data, Session, ViewQuery } from '@techo/core';
import { flagLabel, t } from '../i18n.js';
import { ViewBase, cardStyles } from './view-base.js';

function ageOn(birthDate: string, today: string): number | null {
  if (birthDate.length < 10 || today.length < 10) return null;
  let age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (today.slice(5, 10) < birthDate.slice(5, 10)) age -= 1;
  return age;
}

export class EmergencyView extends ViewBase<Data> {
  static override styles = [cardStyles, css`
    .who { font-size: 1.2rem; font-weight: 700; }
    .alert { color: #8e1c12; font-weight: 700; }
    section { break-inside: avoid; }
    @media print {
      :host { box-shadow: none; padding: 0; }
      button { display: none; }
    }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.emergency(query);
  }

  override render() {
    const lang = this.lang;
    const d = this.data;
    const age = d?.person ? ageOn(d.person.birthDate, d.today) : null;
    return html`
      <h2 id="emergency-heading">${t(lang, 'emergencyTitle')}</h2>
      <button type="button" @click=${() => window.print()}>${t(lang, 'print')}</button>
      ${this.renderError()}
      ${d ? html`
        ${d.person ? html`<p class="who" data-emergency-person>${d.person.name}（${d.person.namePhonetic}） ${this.date(d.person.birthDate)}${age !== null ? ` ${age}${t(lang, 'age')}` : ''}</p>` : ''}
        <p class="muted">${this.date(d.today)} ${t(lang, 'asOf')}</p>
        <section data-emergency="contraindications"><h3>${t(lang, 'contraindications')}</h3>
          ${d.contraindications.length ? html`<ul>${d.contraindications.map((a) => html`<li class="alert">${a.substance}${a.reactions.length ? `（${a.reactions.join('、')}）` : ''}</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
        </section>
        <section data-emergency="allergies"><h3>${t(lang, 'allergies')}</h3>
          ${d.allergies.length ? html`<ul>${d.allergies.map((a) => html`<li>${a.substance}</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
        </section>
        <section data-emergency="medications"><h3>${t(lang, 'currentMedications')}</h3>
          ${d.medications.length ? html`<ul>${d.medications.map((m) => html`<li>${m.drug} — ${m.dosage}（${m.institution}）</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
        </section>
        <section data-emergency="conditions"><h3>${t(lang, 'activeConditions')}</h3>
          ${d.conditions.length ? html`<ul>${d.conditions.map((c) => html`<li>${c.name}</li>`)}</ul>` : html`<p>${t(lang, 'none')}</p>`}
        </section>
        <section data-emergency="labs"><h3>${t(lang, 'keyLabs')}</h3>
          ${d.keyLabs.length ? html`<table><tbody>${d.keyLabs.map((l) => html`<tr><th scope="row">${l.name}</th>
            <td class=${`flag-${l.flag}`}>${l.valueText} ${l.unit}${l.flag ? ` ${flagLabel(lang, l.flag)}` : ''}</td><td>${this.date(l.date)}</td></tr>`)}</tbody></table>`
            : html`<p>${t(lang, 'none')}</p>`}
        </section>` : ''}
    `;
  }
}
customElements.define('emergency-view', EmergencyView);
