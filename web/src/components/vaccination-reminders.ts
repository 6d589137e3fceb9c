// At the top of the page once a record is open: for each child, the vaccinations due or
// overdue, or due within 30 days, with the day their recommended window opens. Reloads
// whenever the records may have changed; shows nothing when there is nothing to remind.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { PersonVaccinations } from '@techo/core';
import { coreSession } from '../core-client.js';
import { formatFhirDate, t, type Lang } from '../i18n.js';
import { doseText, seriesName } from './immunizations-view.js';
import { isChild, upcomingDoses, viewToday, type Upcoming } from '../vaccination-schedule.js';

export class VaccinationReminders extends LitElement {
  static override properties = { lang: {}, revision: { type: Number }, era: { type: Boolean }, due: { state: true } };
  override lang: Lang = 'ja';
  /** Bumped by the app when the records changed; 0 before any record is shown. */
  revision = 0;
  era = false;
  due: { child: PersonVaccinations; items: Upcoming[] }[] = [];

  static override styles = css`
    :host { display: block; }
    section { background: #fff4d6; border: 1px solid #8a5a00; border-radius: 12px; padding: 0.6rem 1.25rem; }
    h2 { font-size: 1rem; margin: 0 0 0.25rem; }
    ul { margin: 0.25rem 0; padding-left: 1.25rem; }
    .overdue { color: #a3141d; font-weight: 700; }
  `;

  override updated(changed: PropertyValues): void {
    if (changed.has('revision') && this.revision > 0) void this.reload();
  }

  private async reload(): Promise<void> {
    const today = viewToday();
    try {
      const { byPerson } = await (await coreSession()).vaccinations({ today });
      this.due = byPerson.filter(isChild)
        // A voluntary dose long past its recommended age is listed in the view, not
        // repeated at the top of every page: reminders are for what is free or due now.
        .map((child) => ({ child, items: upcomingDoses(child, today, 30).filter((i) => !(i.series.category === 'voluntary' && i.series.status === 'overdue')) }))
        .filter((c) => c.items.length > 0);
    } catch {
      this.due = [];  // locked, or no record: nothing to remind of
    }
  }

  private line({ series, soon }: Upcoming): string {
    const lang = this.lang;
    const status = soon ? t(lang, 'statusSoon') : series.status === 'overdue' ? t(lang, 'statusOverdue') : t(lang, 'statusDue');
    const dose = series.nextDose === null ? '' : ` ${doseText(lang, series.nextDose)}`;
    const from = series.recommendedFrom ? `（${formatFhirDate(lang, series.recommendedFrom, this.era)}〜）` : '';
    return `${seriesName(lang, series)}${dose} — ${status}${from}`;
  }

  override render() {
    if (this.due.length === 0) return nothing;
    const lang = this.lang;
    return html`<section aria-labelledby="reminders-heading" data-vaccination-reminders>
      <h2 id="reminders-heading">${t(lang, 'remindersTitle')}</h2>
      <ul>${this.due.flatMap(({ child, items }) => items.map((item) => html`<li data-reminder-of=${child.person.name}
        data-series=${item.series.id} class=${item.series.status === 'overdue' ? 'overdue' : ''}>${child.person.name}: ${this.line(item)}</li>`))}</ul>
    </section>`;
  }
}
customElements.define('vaccination-reminders', VaccinationReminders);
