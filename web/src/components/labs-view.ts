// Results per analyte across years and institutions: pick a test, see its trend (uPlot)
// with the reference range and out-of-range flags, and every value in a table. Each trend
// is one person's: with everyone selected, each test in the list names its person.
import { css, html } from 'lit';
import type { AnalyteSeries, LabsView as Data, Session, ViewQuery } from '@techo/core';
import { flagLabel, t } from '../i18n.js';
import { ViewBase, cardStyles } from './view-base.js';
import './trend-chart.js';

const trendKey = (a: AnalyteSeries) => `${a.person}:${a.analyte}`;

export class LabsView extends ViewBase<Data> {
  static override properties = { ...ViewBase.properties, selected: { state: true } };
  /** The chosen trend: person id and analyte. */
  selected = '';

  static override styles = [cardStyles, css`
    .layout { display: grid; grid-template-columns: minmax(12rem, 16rem) 1fr; gap: 1rem; }
    @media (max-width: 720px) { .layout { grid-template-columns: 1fr; } }
    .analytes { list-style: none; padding: 0; margin: 0; max-height: 28rem; overflow: auto; border-right: 1px solid #e3e6ea; }
    .analytes button { width: 100%; text-align: left; border: none; border-radius: 6px; padding: 0.35rem 0.5rem; display: flex; justify-content: space-between; gap: 0.5rem; }
    .analytes button[aria-pressed='true'] { background: #e6eef9; font-weight: 600; }
    .analytes .who { display: block; color: #4a5567; font-size: 0.85rem; font-weight: 400; }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.labs(query);
  }

  private current(): AnalyteSeries | null {
    const analytes = this.data?.analytes ?? [];
    return analytes.find((a) => trendKey(a) === this.selected) ?? analytes.find((a) => a.numeric) ?? analytes[0] ?? null;
  }

  private value(p: { valueText: string; unit: string; flag: string }) {
    return html`<span class=${`flag-${p.flag}`}>${p.valueText} ${p.unit}${p.flag ? ` (${flagLabel(this.lang, p.flag)})` : ''}</span>`;
  }

  override render() {
    const lang = this.lang;
    const data = this.data;
    const analytes = data?.analytes ?? [];
    const series = this.current();
    // Several people's results: each trend names whose it is.
    const several = data ? !data.person : false;
    return html`
      <h2 id="labs-heading">${t(lang, 'tabLabs')}</h2>
      ${this.renderWhose(this.data)}
      ${this.renderError()}
      ${this.data && analytes.length === 0 ? html`<p>${t(lang, 'noLabs')}</p>` : ''}
      ${data && series ? html`<div class="layout">
        <ul class="analytes" aria-label=${t(lang, 'analyte')}>
          ${analytes.map((a) => html`<li><button type="button" data-analyte=${a.analyte} data-person=${this.nameIn(data, a.person)}
              aria-pressed=${a === series ? 'true' : 'false'} @click=${() => { this.selected = trendKey(a); }}>
            <span>${a.name}${several ? html`<span class="who">${this.nameIn(data, a.person)}</span>` : ''}</span>${this.value(a.latest)}</button></li>`)}
        </ul>
        <section aria-labelledby="trend-heading">
          <h3 id="trend-heading" data-trend-title>${series.name}${t(lang, 'trendOf')}</h3>
          ${several ? html`<p class="whose" data-trend-person>${this.nameIn(data, series.person)}</p>` : ''}
          <p class="muted">${series.code.system} ${series.code.code} ・ ${series.institutions.join('、')}</p>
          ${series.numeric ? html`<trend-chart .series=${series} label=${`${series.name}${t(lang, 'trendOf')}`}></trend-chart>` : ''}
          <table data-trend-table>
            <thead><tr><th>${t(lang, 'date')}</th><th>${t(lang, 'value')}</th><th>${t(lang, 'referenceRange')}</th><th>${t(lang, 'institution')}</th></tr></thead>
            <tbody>${[...series.points].reverse().map((p) => html`<tr data-flag=${p.flag}>
              <td>${this.date(p.date)}</td><td>${this.value(p)}</td><td>${p.rangeText}</td><td>${p.institution || p.source}</td></tr>`)}</tbody>
          </table>
        </section>
      </div>` : ''}
    `;
  }
}
customElements.define('labs-view', LabsView);
