// Visits and operations: each person's visits (外来 / 入院 / 救急 in words, when, where,
// which department, why) and their operations and procedures, newest first, each
// procedure naming the visit it belongs to. With everyone selected, each person has their
// own section: one person's visits never mix with another's.
import { css, html } from 'lit';
import type { EncounterEntry, ProcedureEntry, Session, ViewQuery, VisitsView as Data } from '@techo/core';
import { fill, formatFhirDate, t, type Lang, type StringKey } from '../i18n.js';
import { ViewBase, cardStyles, personName } from './view-base.js';

const classKeys: Record<string, StringKey> = {
  AMB: 'classAMB', IMP: 'classIMP', ACUTE: 'classIMP', NONAC: 'classIMP', EMER: 'classEMER', HH: 'classHH', VR: 'classVR',
};

/** An Encounter class in words; the source's own word for a class we do not know. */
export function encounterClassLabel(lang: Lang, e: Pick<EncounterEntry, 'class' | 'classDisplay'>): string {
  const key = classKeys[e.class];
  if (key) return t(lang, key);
  return e.classDisplay || (e.class ? e.class : t(lang, 'classOther'));
}

export class VisitsView extends ViewBase<Data> {
  static override styles = [cardStyles, css`
    .who { font-size: 1.05rem; margin: 1rem 0 0.25rem; }
    .class { display: inline-block; min-width: 3.5rem; padding: 0 0.4rem; border-radius: 4px; background: #e6eef9; color: #1d4f91; font-weight: 600; text-align: center; }
    .class[data-class='IMP'] { background: #fdf0e0; color: #7a4100; }
    .class[data-class='EMER'] { background: #fde8e8; color: #8e1c12; }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.visits(query);
  }

  private period(start: string, end: string) {
    if (!end || end.slice(0, 10) === start.slice(0, 10)) return this.date(start);
    const from = formatPlain(this, start);
    const to = formatPlain(this, end);
    return html`<span>${fill(t(this.lang, 'fromTo'), { from, to })}</span>`;
  }

  private encounters(list: EncounterEntry[]) {
    const lang = this.lang;
    if (!list.length) return html`<p class="muted">${t(lang, 'noVisits')}</p>`;
    return html`<table data-visits>
      <thead><tr><th>${t(lang, 'date')}</th><th>${t(lang, 'encounterClass')}</th><th>${t(lang, 'institution')}</th><th>${t(lang, 'department')}</th><th>${t(lang, 'reason')}</th></tr></thead>
      <tbody>${list.map((e) => html`<tr data-visit=${e.id}>
        <td>${this.period(e.start, e.end)}</td>
        <td><span class="class" data-class=${e.class}>${encounterClassLabel(lang, e)}</span>${e.type ? html`<br /><span class="muted">${e.type}</span>` : ''}</td>
        <td>${e.institution}${e.location ? html`<br /><span class="muted">${e.location}</span>` : ''}</td>
        <td>${e.department}</td>
        <td>${e.reasons.join('、')}${e.practitioners.length ? html`<br /><span class="muted">${e.practitioners.join('、')}</span>` : ''}</td>
      </tr>`)}</tbody>
    </table>`;
  }

  private procedures(list: ProcedureEntry[], visits: EncounterEntry[]) {
    const lang = this.lang;
    if (!list.length) return html`<p class="muted">${t(lang, 'noProcedures')}</p>`;
    const visitOf = (p: ProcedureEntry) => visits.find((v) => v.id === p.encounter);
    return html`<table data-procedures>
      <thead><tr><th>${t(lang, 'date')}</th><th>${t(lang, 'procedure')}</th><th>${t(lang, 'bodySite')}</th><th>${t(lang, 'outcome')}</th><th>${t(lang, 'institution')}</th></tr></thead>
      <tbody>${list.map((p) => {
        const visit = visitOf(p);
        return html`<tr data-procedure=${p.id}>
          <td>${this.period(p.date, p.end)}</td>
          <td>${p.name}${p.reasons.length ? html`<br /><span class="muted">${t(lang, 'reason')}: ${p.reasons.join('、')}</span>` : ''}
            ${p.notes.map((n) => html`<br /><span class="muted">${n}</span>`)}</td>
          <td>${p.bodySites.join('、')}</td>
          <td>${p.outcome}</td>
          <td>${p.institution}${p.performers.length ? html`<br /><span class="muted">${t(lang, 'performer')}: ${p.performers.join('、')}</span>` : ''}
            ${visit ? html`<br /><span class="muted" data-procedure-visit>${t(lang, 'atVisit')}: ${encounterClassLabel(lang, visit)} ${formatPlain(this, visit.start)}</span>` : ''}</td>
        </tr>`;
      })}</tbody>
    </table>`;
  }

  override render() {
    const lang = this.lang;
    const d = this.data;
    return html`
      <h2 id="visits-heading">${t(lang, 'visitsTitle')}</h2>
      ${this.renderWhose(d)}
      ${this.renderError()}
      ${d ? d.byPerson.map((group) => html`<section data-visits-person=${personName(lang, group.person)}>
        ${d.person ? '' : html`<h3 class="who">${personName(lang, group.person)}</h3>`}
        <h3>${t(lang, 'visitsTitle')}</h3>
        ${this.encounters(group.encounters)}
        <h3>${t(lang, 'proceduresTitle')}</h3>
        ${this.procedures(group.procedures, group.encounters)}
      </section>`) : ''}
    `;
  }
}

// A date as text (for sentences where a <time> element cannot go inside a filled string).
function formatPlain(view: { lang: Lang; era: boolean }, value: string): string {
  return value ? formatFhirDate(view.lang, value.slice(0, 10), view.era) : '';
}

customElements.define('visits-view', VisitsView);
