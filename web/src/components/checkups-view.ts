// 特定健診 results laid out like the result form a person receives: sections (身体計測,
// 血圧, 脂質, 肝機能, 血糖, 尿, 判定), this year's value beside last year's, flags. Each
// report is one person's; with everyone selected, "last year" is the same person's.
import { css, html } from 'lit';
import type { CheckupReport, CheckupsView as Data, Session, ViewQuery } from '@techo/core';
import { checkupLabel, flagLabel, t } from '../i18n.js';
import { ViewBase, cardStyles } from './view-base.js';

export class CheckupsView extends ViewBase<Data> {
  static override properties = { ...ViewBase.properties, index: { state: true } };
  index = 0;

  static override styles = [cardStyles, css`
    th[scope='rowgroup'] { background: #f2f5f9; }
    td.num { text-align: right; white-space: nowrap; }
    .judgement td { font-weight: 600; }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.checkups(query);
  }

  override render() {
    const lang = this.lang;
    const data = this.data;
    const reports = data?.reports ?? [];
    const report: CheckupReport | undefined = reports[Math.min(this.index, reports.length - 1)];
    const previous: CheckupReport | undefined = report
      ? reports.slice(Math.min(this.index, reports.length - 1) + 1).find((r) => r.person === report.person) : undefined;
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
          ${reports.map((r, i) => html`<option value=${i} ?selected=${i === this.index}>${r.date}${whose(r)}</option>`)}
        </select>
        <p class="muted">${this.date(report.date)} ・ ${report.institution}${whose(report)}</p>
        <table data-checkup=${report.date}>
          <thead><tr><th></th><th>${t(lang, 'value')}</th><th>${t(lang, 'previous')}${previous ? html` (${previous.date.slice(0, 4)})` : ''}</th><th>${t(lang, 'referenceRange')}</th></tr></thead>
          ${report.sections.map((s) => html`<tbody class=${s.id}>
            <tr><th scope="rowgroup" colspan="4">${checkupLabel(lang, s.id)}</th></tr>
            ${s.items.map((i) => {
              const before = previous?.items[i.item];
              return html`<tr data-item=${i.item}>
                <th scope="row">${checkupLabel(lang, i.item)}</th>
                <td class="num"><span class=${`flag-${i.flag}`}>${i.valueText} ${i.unit}${i.flag ? ` ${flagLabel(lang, i.flag)}` : ''}</span></td>
                <td class="num muted">${before ? `${before.valueText} ${before.unit}` : ''}</td>
                <td class="muted">${i.rangeText}</td>
              </tr>`;
            })}
          </tbody>`)}
        </table>` : ''}
    `;
  }
}
customElements.define('checkups-view', CheckupsView);
