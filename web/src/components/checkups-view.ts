// 特定健診 results laid out like the result notice a person receives (健診結果のお知らせ):
// the institution and date, one table per section of the form (診察, 身体計測, 血圧, 脂質,
// 肝機能, 腎機能, 血糖, 尿, 貧血, 心電図, 眼底, 判定) with this time beside last time and the
// report's own reference range, the doctor's judgement in words, the 問診 answers as their
// own section, and every other result of the report in an "other results" list. Each
// report is one person's; with everyone selected, "last time" is the same person's.
import { css, html } from 'lit';
import type { CheckupItem, CheckupReport, CheckupsView as Data, Session, ViewQuery } from '@techo/core';
import { checkupLabel, checkupQuestion, flagLabel, formatFhirDate, t } from '../i18n.js';
import { ViewBase, cardStyles } from './view-base.js';

export class CheckupsView extends ViewBase<Data> {
  static override properties = { ...ViewBase.properties, index: { state: true } };
  index = 0;

  static override styles = [cardStyles, css`
    caption { text-align: left; font-weight: 700; padding: 0.6rem 0 0.25rem; color: #1d4f91; }
    table { margin-bottom: 0.5rem; }
    td.num { text-align: right; white-space: nowrap; }
    th[scope='col'] { background: #f2f5f9; }
    .judgement { border: 2px solid #1d4f91; border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0.75rem 0; }
    .judgement h3 { margin-top: 0; }
    .judgement p { margin: 0.25rem 0; }
    dl.report-head { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.75rem; margin: 0.5rem 0; }
    dt { font-weight: 600; color: #2b3441; }
    dd { margin: 0; }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.checkups(query);
  }

  private year(date: string | null | undefined) {
    return date ? formatFhirDate(this.lang, date.slice(0, 10), this.era) : '';
  }

  private shown(item: { valueText: string; unit: string; flag: string } | null | undefined) {
    if (!item) return '';
    const flag = item.flag ? html` <span class=${`flag-${item.flag}`} data-flag=${item.flag}>${flagLabel(this.lang, item.flag)}</span>` : '';
    return html`<span class=${item.flag ? `flag-${item.flag}` : ''}>${item.valueText}${item.unit ? ` ${item.unit}` : ''}</span>${flag}`;
  }

  private columns(report: CheckupReport, first: string) {
    const lang = this.lang;
    return html`<thead><tr>
      <th scope="col">${first}</th>
      <th scope="col">${t(lang, 'checkupThisTime')} <span class="muted">${this.year(report.date)}</span></th>
      <th scope="col">${t(lang, 'previous')}${report.previousDate ? html` <span class="muted">${this.year(report.previousDate)}</span>` : ''}</th>
      <th scope="col">${t(lang, 'referenceRange')}</th>
    </tr></thead>`;
  }

  private row(item: CheckupItem, label: string) {
    return html`<tr data-item=${item.item} data-code=${item.code.code}>
      <th scope="row">${label}</th>
      <td class="num" data-now>${this.shown(item)}</td>
      <td class="num muted" data-previous>${this.shown(item.previous)}</td>
      <td class="muted">${item.rangeText}</td>
    </tr>`;
  }

  private label(item: CheckupItem) {
    const known = checkupLabel(this.lang, item.item);
    return known === item.item ? item.label : known;
  }

  private renderSection(report: CheckupReport, section: CheckupReport['sections'][number]) {
    const lang = this.lang;
    if (section.id === 'questionnaire') {
      return html`<table data-section="questionnaire">
        <caption>${checkupLabel(lang, 'questionnaire')}</caption>
        <thead><tr><th scope="col">${t(lang, 'checkupQuestion')}</th>
          <th scope="col">${t(lang, 'checkupAnswer')} <span class="muted">${this.year(report.date)}</span></th>
          <th scope="col">${t(lang, 'previous')}${report.previousDate ? html` <span class="muted">${this.year(report.previousDate)}</span>` : ''}</th></tr></thead>
        <tbody>${section.items.map((i) => html`<tr data-item=${i.item} data-code=${i.code.code}>
          <th scope="row">${checkupQuestion(lang, i.item, i.question ?? i.label)}</th>
          <td data-now>${i.valueText}</td>
          <td class="muted" data-previous>${i.previous?.valueText ?? ''}</td>
        </tr>`)}</tbody>
      </table>`;
    }
    // The doctor's judgement is read as words, not as a cell: it sits in its own box.
    const rows = section.items.filter((i) => i.item !== 'doctor_judgement' && i.item !== 'doctor_name');
    return html`${rows.length ? html`<table data-section=${section.id}>
        <caption>${checkupLabel(lang, section.id)}</caption>
        ${this.columns(report, t(lang, 'checkupItem'))}
        <tbody>${rows.map((i) => this.row(i, this.label(i)))}</tbody>
      </table>` : ''}
      ${section.id === 'judgement' ? this.renderJudgement(report) : ''}`;
  }

  private renderJudgement(report: CheckupReport) {
    const lang = this.lang;
    const judgement = report.items.doctor_judgement;
    if (!judgement) return '';
    const doctor = report.items.doctor_name?.valueText || report.document?.author || '';
    return html`<section class="judgement" data-judgement aria-labelledby="judgement-heading">
      <h3 id="judgement-heading">${checkupLabel(lang, 'doctor_judgement')}</h3>
      <p data-now>${judgement.valueText}</p>
      ${doctor ? html`<p class="muted" data-doctor>${checkupLabel(lang, 'doctor_name')}: ${doctor}</p>` : ''}
      ${judgement.previous ? html`<p class="muted" data-previous>${t(lang, 'previous')} (${this.year(judgement.previous.date)}): ${judgement.previous.valueText}</p>` : ''}
    </section>`;
  }

  private renderOther(report: CheckupReport) {
    const lang = this.lang;
    if (report.otherItems.length === 0) return '';
    return html`<table data-section="other">
      <caption>${checkupLabel(lang, 'other')}</caption>
      ${this.columns(report, t(lang, 'checkupItem'))}
      <tbody>${report.otherItems.map((i) => this.row(i, i.label))}</tbody>
    </table>
    <p class="muted">${t(lang, 'checkupOtherHint')}</p>`;
  }

  override render() {
    const lang = this.lang;
    const data = this.data;
    const reports = data?.reports ?? [];
    const at = Math.min(this.index, reports.length - 1);
    const report: CheckupReport | undefined = reports[at];
    const several = data ? !data.person : false;
    const whose = (r: CheckupReport) => (several && data ? ` ・ ${this.nameIn(data, r.person)}` : '');
    return html`
      <h2 id="checkups-heading">${t(lang, 'checkupTitle')}</h2>
      ${this.renderWhose(data)}
      ${this.renderError()}
      ${this.data && reports.length === 0 ? html`<p>${t(lang, 'noCheckups')}</p>` : ''}
      ${report ? html`
        <label for="checkup-date">${t(lang, 'checkupYear')}</label>
        <select id="checkup-date" @change=${(e: Event) => { this.index = Number((e.target as HTMLSelectElement).value); }}>
          ${reports.map((r, i) => html`<option value=${i} ?selected=${i === at}>${r.date}${whose(r)}</option>`)}
        </select>
        <article data-checkup=${report.date} aria-labelledby="checkups-heading">
          <dl class="report-head">
            <dt>${t(lang, 'checkupYear')}</dt><dd data-date>${this.date(report.date)}${whose(report)}</dd>
            <dt>${t(lang, 'checkupInstitution')}</dt><dd data-institution>${report.institution}</dd>
          </dl>
          ${report.sections.map((s) => this.renderSection(report, s))}
          ${this.renderOther(report)}
        </article>` : ''}
    `;
  }
}
customElements.define('checkups-view', CheckupsView);
