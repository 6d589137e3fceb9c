// Medications as a person checks them: safety warnings first (with the records behind
// them), what they take now (dose as written, who prescribed, where it was dispensed,
// how Techo knows), then each drug over the years. The core checks each person's own
// medicines only; with everyone selected, the warnings come person by person, and every
// row says whose it is.
import { html } from 'lit';
import type { MedicationEntry, MedicationsView as Data, SafetyView, SafetyWarning, Session, ViewQuery } from '@techo/core';
import { originLabel, t } from '../i18n.js';
import { ViewBase, cardStyles, personName } from './view-base.js';
import { css } from 'lit';

export class MedicationsView extends ViewBase<{ meds: Data; safety: SafetyView }> {
  static override styles = [cardStyles, css`
    .warning { border: 2px solid #c0392b; background: #fdf1f0; border-radius: 10px; padding: 0.6rem 0.9rem; margin-bottom: 1rem; }
    .warning h3, .warning h4 { margin: 0 0 0.35rem; color: #8e1c12; }
    .warning p { margin: 0.2rem 0; }
    .evidence { font-size: 0.9rem; }
    .sub { display: block; color: #4a5567; font-size: 0.85rem; }
    td.whose { white-space: nowrap; font-weight: 600; }
  `];

  protected override async fetch(session: Session, query: ViewQuery) {
    const [meds, safety] = await Promise.all([session.medications(query), session.safety(query)]);
    return { meds, safety };
  }

  private evidenceRow(m: MedicationEntry) {
    return html`<li>${m.drug}（${m.dosage}）— ${m.institution || m.source}${m.prescriber ? ` ${m.prescriber}` : ''}、${this.date(m.date)}</li>`;
  }

  // A warning names its person: with several people on the page, no warning can be read as
  // someone else's.
  private warning(w: SafetyWarning, heading: 'h3' | 'h4') {
    const lang = this.lang;
    const title = html`⚠ ${personName(lang, w.person)}：${t(lang, w.kind === 'duplicate-ingredient' ? 'duplicateIngredient' : 'allergyMatch')}`;
    return html`<section class="warning" role="alert" data-warning=${w.kind} data-warning-person=${personName(lang, w.person)}>
      ${heading === 'h3' ? html`<h3>${title}</h3>` : html`<h4>${title}</h4>`}
      ${w.kind === 'duplicate-ingredient'
        ? html`<p>${w.drugs.join('、')}（${t(lang, 'ingredientCode')} ${w.ingredient}）: ${w.institutions.join('、')}</p>`
        : html`<p>${w.allergy.substance}${w.allergy.reactions.length ? `（${w.allergy.reactions.join('、')}）` : ''} ⇔ ${w.medications.map((m) => m.drug).join('、')}</p>`}
      <div class="evidence"><strong>${t(lang, 'evidence')}</strong>
        <ul>
          ${w.kind === 'allergy-match' ? html`<li>${t(lang, 'contraindications')}: ${w.allergy.substance}、${this.date(w.allergy.recorded)}（${w.allergy.source}）</li>` : ''}
          ${w.medications.map((m) => this.evidenceRow(m))}
        </ul>
      </div>
      <p class="muted">${t(lang, 'askPharmacist')}</p>
    </section>`;
  }

  private renderWarnings(safety: SafetyView) {
    if (safety.person) return safety.warnings.map((w) => this.warning(w, 'h3'));
    return html`<section data-safety aria-label=${t(this.lang, 'safetyTitle')}>
      <h3>${t(this.lang, 'safetyTitle')}</h3>
      ${safety.byPerson.map((g) => html`<section data-warnings-of=${personName(this.lang, g.person)}>
        <h4>${personName(this.lang, g.person)}</h4>
        ${g.warnings.length ? g.warnings.map((w) => this.warning(w, 'h4')) : html`<p class="muted">${t(this.lang, 'noWarnings')}</p>`}
      </section>`)}
    </section>`;
  }

  override render() {
    const lang = this.lang;
    const data = this.data;
    // Several people's medicines in one table: a column says whose each one is.
    const several = data ? !data.meds.person : false;
    const whose = (id: number) => (several && data ? html`<td class="whose">${this.nameIn(data.meds, id)}</td>` : '');
    // ... and the rows come person by person, in the family's order.
    const order = (id: number) => data?.meds.people.findIndex((p) => p.id === id) ?? 0;
    const byPerson = <T extends { person: number }>(rows: T[]) => (several ? [...rows].sort((a, b) => order(a.person) - order(b.person)) : rows);
    return html`
      <h2 id="medications-heading">${t(lang, 'tabMedications')}</h2>
      ${this.renderWhose(data?.meds)}
      ${this.renderError()}
      ${data ? this.renderWarnings(data.safety) : ''}
      <h3>${t(lang, 'currentMedications')}</h3>
      ${data && data.meds.current.length === 0 ? html`<p>${t(lang, 'noMedications')}</p>` : ''}
      ${data && data.meds.current.length ? html`<table data-current-medications>
        <thead><tr>${several ? html`<th>${t(lang, 'whoseRecords')}</th>` : ''}<th>${t(lang, 'drug')}</th><th>${t(lang, 'dosage')}</th><th>${t(lang, 'prescribedBy')}</th><th>${t(lang, 'pharmacy')}</th><th>${t(lang, 'origin')}</th></tr></thead>
        <tbody>${byPerson(data.meds.current).map((m) => html`<tr data-drug=${m.drug}>
          ${whose(m.person)}
          <td>${m.drug}<span class="sub">${m.code.system} ${m.code.code}</span></td>
          <td>${m.dosage}${m.endDate ? html`<span class="sub">${this.date(m.endDate)} ${t(lang, 'until')}</span>` : ''}</td>
          <td>${m.institution}${m.prescriber ? html`<span class="sub">${m.prescriber}</span>` : ''}</td>
          <td>${m.pharmacy}</td>
          <td>${originLabel(lang, m.origin)}</td>
        </tr>`)}</tbody>
      </table>` : ''}
      <h3>${t(lang, 'medicationHistory')}</h3>
      ${data ? html`<table data-medication-history>
        <thead><tr>${several ? html`<th>${t(lang, 'whoseRecords')}</th>` : ''}<th>${t(lang, 'drug')}</th><th>${t(lang, 'dosage')}</th><th>${t(lang, 'period')}</th><th>${t(lang, 'institution')}</th></tr></thead>
        <tbody>${byPerson(data.meds.history).map((h) => html`<tr data-drug=${h.drug}>
          ${whose(h.person)}
          <td>${h.drug}${h.active ? html`<span class="sub">${t(lang, 'active')}</span>` : ''}</td>
          <td>${h.latestDosage}</td>
          <td>${this.date(h.first)} – ${this.date(h.last)}<span class="sub">${h.count} ${t(lang, 'times')}</span></td>
          <td>${h.institutions.join('、')}</td>
        </tr>`)}</tbody>
      </table>` : ''}
    `;
  }
}
customElements.define('medications-view', MedicationsView);
