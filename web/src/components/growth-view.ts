// A child's growth and checkups: height, weight, head circumference and BMI over age as
// growth charts (each with its numbers in a table), and the findings of each infant
// (乳幼児健診) and school (学校健診) checkup by date. Only what was measured before the
// person turned 20; with everyone selected, each person has their own charts.
import { css, html } from 'lit';
import type { GrowthSeries, GrowthView as Data, PersonGrowth, Session, ViewQuery } from '@techo/core';
import { formatAgeMonths, t, type StringKey } from '../i18n.js';
import { ViewBase, cardStyles, personName } from './view-base.js';
import './growth-chart.js';

const seriesLabel: Record<GrowthSeries['key'], StringKey> = {
  height: 'growthHeight', weight: 'growthWeight', headCircumference: 'growthHeadCircumference', bmi: 'growthBmi',
};

const ageLabel = formatAgeMonths;

export class GrowthView extends ViewBase<Data> {
  static override styles = [cardStyles, css`
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
    .checkup { border-left: 4px solid #1d4f91; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
    .checkup h4 { margin: 0 0 0.25rem; font-size: 1rem; }
    details summary { cursor: pointer; }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.growth(query);
  }

  private chart(s: GrowthSeries) {
    const lang = this.lang;
    const name = t(lang, seriesLabel[s.key]);
    return html`<section data-growth-series=${s.key}>
      <h4>${name} <span class="muted">（${s.unit}）</span></h4>
      <growth-chart .series=${s} label=${`${name}${t(lang, 'trendOf')}`} axis=${t(lang, 'growthAxis')}></growth-chart>
      <details><summary>${t(lang, 'value')}</summary>
        <table><thead><tr><th>${t(lang, 'date')}</th><th>${t(lang, 'ageLabel')}</th><th>${t(lang, 'value')}</th><th>${t(lang, 'institution')}</th></tr></thead>
          <tbody>${s.points.map((p) => html`<tr><td>${this.date(p.date)}</td><td>${ageLabel(lang, p.ageMonths)}</td>
            <td>${p.valueText} ${p.unit}</td><td>${p.checkup ? html`${p.checkup}<br />` : ''}<span class="muted">${p.institution}</span></td></tr>`)}</tbody>
        </table>
      </details>
    </section>`;
  }

  private personGrowth(g: PersonGrowth, several: boolean) {
    const lang = this.lang;
    const name = personName(lang, g.person);
    const empty = g.series.length === 0 && g.checkups.length === 0;
    return html`<section data-growth-person=${name}>
      ${several ? html`<h3>${name}</h3>` : ''}
      ${empty ? html`<p class="muted">${t(lang, 'noGrowth')}</p>` : html`
        <div class="charts">${g.series.map((s) => this.chart(s))}</div>
        ${g.checkups.length ? html`<h3>${t(lang, 'checkupFindings')}</h3>
          ${[...g.checkups].reverse().map((c) => html`<article class="checkup" data-checkup=${c.title || c.date}>
            <h4>${c.title || t(lang, 'checkupFindings')} <span class="muted">${this.date(c.date)} ・ ${ageLabel(lang, c.ageMonths)}${c.institution ? ` ・ ${c.institution}` : ''}</span></h4>
            <table><thead><tr><th>${t(lang, 'finding')}</th><th>${t(lang, 'value')}</th></tr></thead>
              <tbody>${c.findings.map((f) => html`<tr><th scope="row">${f.name}</th><td class=${`flag-${f.flag}`}>${f.valueText} ${f.unit}</td></tr>`)}</tbody></table>
          </article>`)}` : ''}`}
    </section>`;
  }

  override render() {
    const lang = this.lang;
    const d = this.data;
    return html`
      <h2 id="growth-heading">${t(lang, 'growthTitle')}</h2>
      ${this.renderWhose(d)}
      ${this.renderError()}
      ${d ? d.byPerson.map((g) => this.personGrowth(g, !d.person)) : ''}
    `;
  }
}
customElements.define('growth-view', GrowthView);
