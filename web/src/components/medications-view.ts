// Medications as a person checks them: safety warnings first (with the records behind
// them), what they take now (dose as written, who prescribed, where it was dispensed,
// how Techo knows), then each drug over the years. The core checks each person's own
// medicines only; with everyone selected, the warnings come person by person, and every
// row says whose it is.
import { html } from 'lit';
import type {
  DosageInstruction, MedicationEntry, MedicationsView as Data, PrescriptionDocument, SafetyView, SafetyWarning, Session, ViewQuery,
} from '@techo/core';
import { aside, documentKindLabel, dot, listOf, noteCategoryLabel, originLabel, phrase, t } from '../i18n.js';
import { ViewBase, cardStyles, personName } from './view-base.js';
import { css } from 'lit';

// A document's name: its kind in the reader's language; a document of no known JP kind by
// its own title.
function documentTitle(lang: 'ja' | 'en', d: { kind: string; title: string }): string {
  return (lang === 'ja' || d.kind === 'document') && d.title ? d.title : documentKindLabel(lang, d.kind);
}

export class MedicationsView extends ViewBase<{ meds: Data; safety: SafetyView }> {
  static override styles = [cardStyles, css`
    .warning { border: 2px solid #c0392b; background: #fdf1f0; border-radius: 10px; padding: 0.6rem 0.9rem; margin-bottom: 1rem; }
    .warning h3, .warning h4 { margin: 0 0 0.35rem; color: #8e1c12; }
    .warning p { margin: 0.2rem 0; }
    .evidence { font-size: 0.9rem; }
    .sub { display: block; color: #4a5567; font-size: 0.85rem; }
    td.whose { white-space: nowrap; font-weight: 600; }
    ol.dosages { margin: 0; padding-left: 1.2rem; }
    ol.dosages li + li { margin-top: 0.25rem; }
    .prescription { border: 1px solid #c5ccd6; border-radius: 10px; padding: 0.5rem 0.9rem; margin: 0.5rem 0; }
    .prescription h4 { margin: 0 0 0.25rem; }
    .badge { display: inline-block; background: #1d4f91; color: #fff; border-radius: 999px; padding: 0 0.6rem; font-size: 0.85rem; margin-right: 0.4rem; }
  `];

  protected override async fetch(session: Session, query: ViewQuery) {
    const [meds, safety] = await Promise.all([session.medications(query), session.safety(query)]);
    return { meds, safety };
  }

  private evidenceRow(m: MedicationEntry) {
    const dosages = m.dosages.length ? m.dosages.map((d) => d.text) : [m.dosage];
    return html`<li>${m.drug}${aside(this.lang, listOf(this.lang, dosages))} — ${m.institution || m.source}${m.prescriber ? ` ${m.prescriber}` : ''}${this.lang === 'ja' ? '、' : ', '}${this.date(m.date)}</li>`;
  }

  // One dosage instruction: as written, then what the coded fields add (dose, site, how
  // long), each in the reader's word order.
  private dosageLine(d: DosageInstruction) {
    const lang = this.lang;
    const extra: unknown[] = [];
    // In Japanese the written text is already in the reader's words: add only what it does
    // not say. In English every coded part is the reader's way into it.
    const unsaid = (said: string) => lang !== 'ja' || !d.text.includes(said);
    if (d.dose && unsaid(d.dose)) extra.push(phrase(lang, 'oneDose', { dose: d.dose }));
    else if (!d.dose && d.dailyDose && unsaid(d.dailyDose)) extra.push(phrase(lang, 'perDay', { dose: d.dailyDose }));
    if (d.site && unsaid(d.site)) extra.push(phrase(lang, 'atSite', { site: d.site }));
    if (d.asNeeded && unsaid(d.asNeededFor || '頓用')) {
      extra.push(d.asNeededFor ? phrase(lang, 'asNeededFor', { why: d.asNeededFor }) : t(lang, 'asNeeded'));
    }
    if (d.maxDose && unsaid(d.maxDose)) extra.push(phrase(lang, 'atMost', { dose: d.maxDose }));
    if (d.days && unsaid(`${d.days}日`)) extra.push(phrase(lang, 'forDays', { n: d.days }));
    if (d.end) extra.push(phrase(lang, 'untilDate', { date: this.date(d.end) }));
    const sep = lang === 'ja' ? '・' : ', ';
    return html`<li data-dosage>${d.text}${extra.length ? html`<span class="sub">${extra.map((e, i) => (i ? [sep, e] : e))}</span>` : ''}</li>`;
  }

  // Every dosage instruction of a medicine, in order: two instructions (one drop in the
  // right eye, two in the left) are two lines, never one.
  private dosages(m: MedicationEntry) {
    if (!m.dosages.length) return html`${m.dosage}`;
    return html`<ol class="dosages">${m.dosages.map((d) => this.dosageLine(d))}</ol>`;
  }

  private until(m: MedicationEntry) {
    return m.endDate ? html`<span class="sub">${phrase(this.lang, 'untilDate', { date: this.date(m.endDate) })}</span>` : '';
  }

  // A prescribing document (an e-prescription, a discharge summary's 退院時処方): its kind
  // and date, institution and prescriber, its medicines with every dosage, and its 備考.
  private prescription(p: PrescriptionDocument, entries: MedicationEntry[]) {
    const lang = this.lang;
    const d = p.document;
    const medicines = p.medications.map((id) => entries.find((m) => m.id === id)).filter((m): m is MedicationEntry => !!m);
    return html`<section class="prescription" data-prescription=${d.kind} data-prescription-date=${d.date.slice(0, 10)}>
      <h4><span class="badge">${documentKindLabel(lang, d.kind)}</span> ${this.date(d.date)}${lang === 'ja' && d.title && d.title !== documentKindLabel(lang, d.kind) ? ` ${d.title}` : ''}</h4>
      <p class="muted" data-prescription-from>${d.institution}${d.author ? html`${dot(lang)}${phrase(lang, 'prescriberIs', { name: d.author })}` : ''}</p>
      <ul>${medicines.map((m) => html`<li data-drug=${m.drug}><strong>${m.drug}</strong>${this.dosages(m)}${this.until(m)}
        ${m.notes.length ? html`<span class="sub">${listOf(lang, m.notes)}</span>` : ''}</li>`)}</ul>
      ${p.notes.length ? html`<div data-prescription-notes><strong>${t(lang, 'prescriptionNotes')}</strong>
        <ul>${p.notes.map((n) => html`<li>${n.category ? phrase(lang, 'noteOf', { category: noteCategoryLabel(lang, n.category), text: n.text }) : n.text}</li>`)}</ul></div>` : ''}
    </section>`;
  }

  // A warning names its person: with several people on the page, no warning can be read as
  // someone else's.
  private warning(w: SafetyWarning, heading: 'h3' | 'h4') {
    const lang = this.lang;
    const title = html`⚠ ${personName(lang, w.person)}：${t(lang, w.kind === 'duplicate-ingredient' ? 'duplicateIngredient' : 'allergyMatch')}`;
    return html`<section class="warning" role="alert" data-warning=${w.kind} data-warning-person=${personName(lang, w.person)}>
      ${heading === 'h3' ? html`<h3>${title}</h3>` : html`<h4>${title}</h4>`}
      ${w.kind === 'duplicate-ingredient'
        ? html`<p>${listOf(lang, w.drugs)}${aside(lang, `${t(lang, 'ingredientCode')} ${w.ingredient}`)}: ${listOf(lang, w.institutions)}</p>`
        : html`<p>${w.allergy.substance}${w.allergy.reactions.length ? aside(lang, listOf(lang, w.allergy.reactions)) : ''} ⇔ ${listOf(lang, w.medications.map((m) => m.drug))}</p>`}
      <div class="evidence"><strong>${t(lang, 'evidence')}</strong>
        <ul>
          ${w.kind === 'allergy-match' ? html`<li>${t(lang, 'contraindications')}: ${w.allergy.substance}${lang === 'ja' ? '、' : ', '}${this.date(w.allergy.recorded)}${aside(lang, w.allergy.source)}</li>` : ''}
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
          <td>${this.dosages(m)}${this.until(m)}</td>
          <td>${m.institution}${m.prescriber ? html`<span class="sub">${m.prescriber}</span>` : ''}</td>
          <td>${m.pharmacy}</td>
          <td>${originLabel(lang, m.origin)}${m.document ? html`<span class="sub">${phrase(lang, 'documentOfDate', { kind: documentTitle(lang, m.document), date: this.date(m.document.date) })}</span>` : ''}</td>
        </tr>`)}</tbody>
      </table>` : ''}
      ${data && data.meds.prescriptions.length ? html`<section data-prescriptions>
        <h3>${t(lang, 'prescriptionDocuments')}</h3>
        ${byPerson(data.meds.prescriptions).map((p) => this.prescription(p, data.meds.entries))}
      </section>` : ''}
      <h3>${t(lang, 'medicationHistory')}</h3>
      ${data ? html`<table data-medication-history>
        <thead><tr>${several ? html`<th>${t(lang, 'whoseRecords')}</th>` : ''}<th>${t(lang, 'drug')}</th><th>${t(lang, 'dosage')}</th><th>${t(lang, 'period')}</th><th>${t(lang, 'institution')}</th></tr></thead>
        <tbody>${byPerson(data.meds.history).map((h) => html`<tr data-drug=${h.drug}>
          ${whose(h.person)}
          <td>${h.drug}${h.active ? html`<span class="sub">${t(lang, 'active')}</span>` : ''}</td>
          <td>${h.latestDosage}</td>
          <td>${phrase(lang, 'dateRange', { from: this.date(h.first), to: this.date(h.last) })}<span class="sub">${phrase(lang, 'timesCount', { n: h.count })}</span></td>
          <td>${listOf(lang, h.institutions)}</td>
        </tr>`)}</tbody>
      </table>` : ''}
    `;
  }
}
customElements.define('medications-view', MedicationsView);
