// The family's vaccinations, one card per child side by side: what is due next, which free
// windows are closing, doses that do not count and why, and a chart laid out like Japan's
// national schedule (a row per series, a column per age). A parent records a dose or adds
// a child here, and saves the upcoming doses to a calendar.
import { css, html, nothing } from 'lit';
import type { JudgedDose, Person, PersonVaccinations, SeriesForecast, Session, VaccineProduct, VaccinationsView } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { fill, formatFhirDate, invalidReasonLabel, productLabel, t, vaccineProducts, type Lang } from '../i18n.js';
import {
  addDays, daysBetween, freeWindowsEnding, isChild, upcomingDoses, viewToday, type Upcoming,
} from '../vaccination-schedule.js';
import { ViewBase, cardStyles } from './view-base.js';

/** The chart's age columns, in completed months [from, to). */
const COLUMNS: { from: number; to: number; label: string; years?: boolean }[] = [
  ...Array.from({ length: 9 }, (_, m) => ({ from: m, to: m + 1, label: String(m) })),
  { from: 9, to: 12, label: '9–11' }, { from: 12, to: 16, label: '12–15' }, { from: 16, to: 24, label: '16–23' },
  ...Array.from({ length: 7 }, (_, i) => ({ from: (i + 2) * 12, to: (i + 3) * 12, label: String(i + 2), years: true })),
  { from: 108, to: 156, label: '9–12', years: true }, { from: 156, to: 204, label: '13–16', years: true },
  { from: 204, to: 240, label: '17–19', years: true },
];
const MONTH_COLUMNS = COLUMNS.filter((c) => !c.years).length;

const PRODUCTS = Object.keys(vaccineProducts) as VaccineProduct[];

/** The age the core counted (completed months, as Japanese law counts them). */
export function ageText(lang: Lang, months: number): string {
  return fill(t(lang, 'ageYearsMonths'), { y: Math.floor(months / 12), m: months % 12 });
}

export function statusText(lang: Lang, series: SeriesForecast): string {
  switch (series.status) {
    case 'complete': return t(lang, 'statusComplete');
    case 'due': return t(lang, 'statusDue');
    case 'overdue': return t(lang, 'statusOverdue');
    case 'not-yet': return t(lang, 'statusNotYet');
    case 'no-longer-eligible': return t(lang, 'statusNoLongerEligible');
  }
}

export function seriesName(lang: Lang, series: SeriesForecast): string {
  return lang === 'ja' ? series.name : series.nameEn;
}

export function doseText(lang: Lang, n: number | null): string {
  return n === null ? '' : fill(t(lang, 'doseNumber'), { n });
}

/** Joins per-child calendars into one file: the first one's header, every child's events. */
function joinCalendars(calendars: string[]): string {
  const lines = calendars.map((c) => c.split('\r\n'));
  const first = lines[0] ?? ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Techo//Vaccinations//JA', 'END:VCALENDAR'];
  const start = first.indexOf('BEGIN:VEVENT');
  const header = start >= 0 ? first.slice(0, start) : first.filter((l) => l !== 'END:VCALENDAR' && l !== '');
  const events = lines.flatMap((l) => {
    const from = l.indexOf('BEGIN:VEVENT');
    const to = l.lastIndexOf('END:VEVENT');
    return from >= 0 && to > from ? l.slice(from, to + 1) : [];
  });
  return [...header, ...events, 'END:VCALENDAR', ''].join('\r\n');
}

export class ImmunizationsView extends ViewBase<VaccinationsView> {
  static override properties = { ...ViewBase.properties, notice: { state: true }, formError: { state: true } };
  /** The last form's or download's outcome. */
  notice = '';
  formError = '';

  static override styles = [cardStyles, css`
    .children { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
    .child { border: 1px solid #c5ccd6; border-radius: 10px; padding: 0.5rem 0.85rem 0.75rem; min-width: 0; }
    .child > h3 { margin-top: 0.25rem; }
    h4 { font-size: 0.95rem; margin: 0.75rem 0 0.25rem; }
    .status-overdue { color: #a3141d; font-weight: 700; }
    .status-due { color: #1d4f91; font-weight: 700; }
    .warning { background: #fff4d6; border-left: 4px solid #8a5a00; padding: 0.35rem 0.6rem; margin: 0.4rem 0; }
    .warning ul { margin: 0; }
    .invalid { color: #a3141d; }
    .schedule { margin-top: 1rem; }
    .scroll { overflow-x: auto; margin-top: 0.25rem; }
    .scroll:focus-visible { outline: 2px solid #1d4f91; }
    table.chart { font-size: 0.78rem; width: auto; border-collapse: separate; border-spacing: 0; }
    table.chart th, table.chart td { padding: 0.15rem 0.2rem; border-bottom: 1px solid #e3e6ea; border-left: 1px solid #eef0f3; text-align: center; min-width: 1.6rem; white-space: nowrap; }
    table.chart th[scope='row'] { text-align: left; position: sticky; left: 0; background: #fff; min-width: 9rem; white-space: normal; }
    table.chart th.now { background: #1d4f91; color: #fff; }
    td.eligible { background: #e3eefa; }
    td.recommended { background: #a9c8ec; }
    td.now { box-shadow: inset 2px 0 0 #1d4f91, inset -2px 0 0 #1d4f91; }
    .mark { display: inline-block; min-width: 1.15rem; height: 1.15rem; line-height: 1.15rem; border-radius: 50%; font-weight: 700; margin: 1px; }
    .mark.valid { background: #1d4f91; color: #fff; }
    .mark.invalid { background: #fff; color: #a3141d; border: 2px solid #a3141d; line-height: calc(1.15rem - 4px); min-width: calc(1.15rem - 4px); height: calc(1.15rem - 4px); }
    .mark.next { background: #fff; color: #1b1f24; border: 2px dashed #1b1f24; border-radius: 4px; padding: 0 2px; line-height: calc(1.15rem - 4px); height: calc(1.15rem - 4px); }
    .legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.8rem; margin: 0.35rem 0 0; padding: 0; list-style: none; }
    .swatch { display: inline-block; width: 1rem; height: 0.8rem; border: 1px solid #8a94a3; vertical-align: middle; margin-right: 0.25rem; }
    .swatch.eligible { background: #e3eefa; }
    .swatch.recommended { background: #a9c8ec; }
    .swatch.now { background: #1d4f91; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .forms { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 1rem; margin-top: 1rem; }
    form { border: 1px solid #c5ccd6; border-radius: 10px; padding: 0.5rem 0.85rem 0.85rem; display: grid; gap: 0.35rem; }
    form h3 { margin: 0.25rem 0; }
    label { display: grid; gap: 0.15rem; font-weight: 600; font-size: 0.9rem; }
    input { font: inherit; padding: 0.3rem 0.4rem; border-radius: 6px; border: 1px solid #8a94a3; }
    button.primary { background: #1d4f91; color: #fff; border-color: #1d4f91; justify-self: start; margin-top: 0.3rem; }
    .actions { margin: 0.25rem 0 0.75rem; display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; }
    .notice { color: #1b5e20; }
    @media print { .forms, .actions { display: none; } }
  `];

  protected override fetch(session: Session): Promise<VaccinationsView> {
    return session.vaccinations({ today: viewToday() });
  }

  /** The children the view shows: the chosen child, or every child when an adult or everyone is chosen. */
  private shown(): PersonVaccinations[] {
    const today = this.data?.today ?? viewToday();
    const children = (this.data?.byPerson ?? []).filter(isChild);
    const chosen = children.filter((p) => p.person.id === this.person);
    return chosen.length ? chosen : children;
  }

  private whose(children: PersonVaccinations[]) {
    const lang = this.lang;
    const single = children.length === 1 && children[0]?.person.id === this.person;
    const names = children.map((p) => p.person.name);
    const list = names.length ? names : [t(lang, 'none')];
    const text = single ? names[0] : lang === 'ja' ? `${t(lang, 'children')}（${list.join('・')}）` : `${t(lang, 'children')} (${list.join(', ')})`;
    return html`<p class="whose" data-view-whose>${text}</p>`;
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('records-changed', { bubbles: true, composed: true }));
  }

  private failed(error: unknown): void {
    const info = errorInfo(error);
    this.formError = info.path ? `${info.message}（${info.path}）` : info.message;
    this.notice = '';
  }

  private async onRecord(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const person = Number(value('person'));
    const product = value('product') as VaccineProduct;
    const date = value('date');
    try {
      await (await coreSession()).recordVaccination({
        person, product, date, ...(value('lot') ? { lot: value('lot') } : {}), ...(value('clinic') ? { clinic: value('clinic') } : {}),
      });
      const name = this.data?.byPerson.find((p) => p.person.id === person)?.person.name ?? '';
      this.formError = '';
      this.notice = fill(t(this.lang, 'doseRecorded'), { name, product: productLabel(this.lang, product), date });
      form.reset();
      this.changed();
    } catch (error) {
      this.failed(error);
    }
  }

  private async onAddChild(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const sex = String(data.get('sex') ?? '');
    try {
      const person = await (await coreSession()).addPerson({
        name, birthDate: String(data.get('birthDate') ?? ''), ...(sex === 'female' || sex === 'male' ? { sex } : {}),
      });
      this.formError = '';
      this.notice = fill(t(this.lang, 'childAdded'), { name: person.name });
      form.reset();
      this.changed();
    } catch (error) {
      this.failed(error);
    }
  }

  // One calendar of the children shown (never the adults' own doses), made in the Worker and
  // saved from an object URL: nothing leaves the page.
  private async onCalendar(): Promise<void> {
    try {
      const session = await coreSession();
      const today = viewToday();
      const replies = [];
      for (const child of this.shown()) replies.push(await session.vaccinationCalendar({ person: child.person.id, today }));
      const events = replies.reduce((n, r) => n + r.events, 0);
      const url = URL.createObjectURL(new Blob([joinCalendars(replies.map((r) => r.calendar))], { type: 'text/calendar;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'techo-vaccinations.ics';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      this.formError = '';
      this.notice = fill(t(this.lang, 'calendarSaved'), { n: events });
    } catch (error) {
      this.failed(error);
    }
  }

  private window(from: string | null, by: string | null) {
    if (!from) return nothing;
    return html`${this.date(from)}〜${by ? this.date(by) : nothing}`;
  }

  private renderUpcoming(item: Upcoming) {
    const lang = this.lang;
    const s = item.series;
    return html`<li data-upcoming=${s.id} data-status=${item.soon ? 'soon' : s.status}>
      <strong>${seriesName(lang, s)}</strong> ${doseText(lang, s.nextDose)}
      — <span class=${`status-${s.status}`}>${statusText(lang, s)}</span>
      ${s.recommendedFrom ? html`<br /><span class="muted">${t(lang, 'recommendedWindow')}: ${this.window(s.recommendedFrom, s.recommendedBy)}`
        : nothing}${s.earliestValidDate && s.earliestValidDate !== s.recommendedFrom
        ? html` ・ ${t(lang, 'earliestValid')}: ${this.date(s.earliestValidDate)}` : nothing}${s.eligibleUntil
        ? html` ・ ${t(lang, 'freeUntil')}: ${this.date(s.eligibleUntil)}` : nothing}</span>
    </li>`;
  }

  private renderInvalid(child: PersonVaccinations) {
    const lang = this.lang;
    const invalid = child.series.flatMap((s) => s.doses.filter((d) => !d.valid).map((d) => ({ s, d })));
    if (invalid.length === 0) return nothing;
    return html`<h4>${t(lang, 'invalidTitle')}</h4>
      <ul>${invalid.map(({ s, d }) => html`<li class="invalid" data-invalid-dose=${d.date} data-series=${s.id} data-reason=${d.reason ?? ''}>
        ${fill(t(lang, 'invalidDose'), { date: this.dateText(d.date), series: seriesName(lang, s), product: productLabel(lang, d.product), reason: invalidReasonLabel(lang, d.reason) })}${d.validFrom
          ? html`（${fill(t(lang, 'validFrom'), { date: this.dateText(d.validFrom) })}）` : nothing}${d.explanation
          ? html`<br /><span class="muted">${d.explanation}</span>` : nothing}
      </li>`)}</ul>`;
  }

  /** A date as text, for sentences and tooltips (the same format as `date()`). */
  private dateText(day: string): string {
    return formatFhirDate(this.lang, day, this.era);
  }

  private renderChart(child: PersonVaccinations, today: string) {
    const lang = this.lang;
    // Every age comes from the core (ageMonths beside each date): nothing is counted here.
    const columnOf = (months: number | null) => months === null ? -1 : COLUMNS.findIndex((c) => months >= c.from && months < c.to);
    const overlaps = (c: (typeof COLUMNS)[number], from: number | null, until: number | null) =>
      from !== null && from < c.to && (until === null || until >= c.from);
    const now = columnOf(child.ageMonths);
    const mark = (s: SeriesForecast, d: JudgedDose) => {
      const what = `${this.dateText(d.date)} ${productLabel(lang, d.product)}`;
      if (d.valid) {
        return html`<span class="mark valid" data-dose=${d.date} title=${`${doseText(lang, d.dose)} ${what}`}>${d.dose ?? '•'}<span class="sr">${doseText(lang, d.dose)} ${what}</span></span>`;
      }
      const why = `${invalidReasonLabel(lang, d.reason)}${d.validFrom ? `（${fill(t(lang, 'validFrom'), { date: this.dateText(d.validFrom) })}）` : ''}`;
      return html`<span class="mark invalid" data-dose=${d.date} data-invalid title=${`${what}: ${why}`}>×<span class="sr">${t(lang, 'legendInvalid')} ${what}: ${why}</span></span>`;
    };
    const nextColumn = (s: SeriesForecast) => {
      if (s.nextDose === null || s.status === 'complete' || s.status === 'no-longer-eligible') return -1;
      return columnOf(s.status === 'not-yet' ? (s.ageMonths.recommendedFrom ?? s.ageMonths.earliestValidDate ?? child.ageMonths) : child.ageMonths);
    };
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${fill(t(lang, 'scheduleScroll'), { name: child.person.name })}>
      <table class="chart" data-schedule-of=${child.person.name}>
        <caption class="sr">${fill(t(lang, 'scheduleTitle'), { name: child.person.name })}</caption>
        <thead>
          <tr><td colspan="2"></td><th scope="colgroup" colspan=${MONTH_COLUMNS}>${t(lang, 'ageMonthsGroup')}</th>
            <th scope="colgroup" colspan=${COLUMNS.length - MONTH_COLUMNS}>${t(lang, 'ageYearsGroup')}</th></tr>
          <tr><th scope="col">${t(lang, 'series')}</th><th scope="col">${t(lang, 'status')}</th>
            ${COLUMNS.map((c, i) => html`<th scope="col" class=${i === now ? 'now' : ''}>${c.label}</th>`)}</tr>
        </thead>
        <tbody>${child.series.map((s) => {
          const next = nextColumn(s);
          return html`<tr data-series=${s.id}>
            <th scope="row">${seriesName(lang, s)}</th>
            <td class=${`status-${s.status}`}>${statusText(lang, s)}</td>
            ${COLUMNS.map((c, i) => {
              const shade = overlaps(c, s.ageMonths.recommendedFrom, s.ageMonths.recommendedBy) && s.nextDose !== null ? 'recommended'
                : overlaps(c, s.ageMonths.eligibleFrom, s.ageMonths.eligibleUntil) ? 'eligible' : '';
              const doses = s.doses.filter((d) => columnOf(d.ageMonths) === i);
              return html`<td data-age=${`${c.label}${c.years ? 'y' : 'm'}`} class=${`${shade}${i === now ? ' now' : ''}`}>${doses.map((d) => mark(s, d))}${i === next
                ? html`<span class="mark next" data-next-dose=${s.nextDose ?? ''} title=${`${t(lang, 'legendNext')}: ${doseText(lang, s.nextDose)}`}>${t(lang, 'nextMark')}<span class="sr">${doseText(lang, s.nextDose)}</span></span>` : nothing}</td>`;
            })}
          </tr>`;
        })}</tbody>
      </table>
    </div>
    <ul class="legend">
      <li><span class="mark valid">1</span>${t(lang, 'legendValid')}</li>
      <li><span class="mark invalid">×</span>${t(lang, 'legendInvalid')}</li>
      <li><span class="swatch eligible"></span>${t(lang, 'legendEligible')}</li>
      <li><span class="swatch recommended"></span>${t(lang, 'legendRecommended')}</li>
      <li><span class="mark next">${t(lang, 'nextMark')}</span>${t(lang, 'legendNext')}</li>
      <li><span class="swatch now"></span>${t(lang, 'legendNow')}</li>
    </ul>`;
  }

  private renderHistory(child: PersonVaccinations) {
    const lang = this.lang;
    const seen = new Set<string>();
    const rows: { date: string; series: string; dose: number | null; product: string; lot: string; clinic: string; valid: boolean }[] = [];
    for (const s of child.series) {
      for (const d of s.doses) {
        const key = d.recordId ? `${d.recordId}/${s.id}` : `${d.date}/${d.product}/${s.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push({ date: d.date, series: seriesName(lang, s), dose: d.dose, product: productLabel(lang, d.product), lot: d.lot ?? '', clinic: d.clinic ?? '', valid: d.valid });
      }
    }
    for (const d of child.otherDoses) {
      rows.push({ date: d.date, series: d.reason, dose: null, product: productLabel(lang, d.product) || (d.vaccine ?? ''), lot: '', clinic: '', valid: true });
    }
    rows.sort((a, b) => a.date.localeCompare(b.date));
    if (rows.length === 0) return html`<p class="muted">${t(lang, 'noVaccinations')}</p>`;
    return html`<details><summary>${t(lang, 'historyTitle')}（${rows.length}）</summary><table data-history-of=${child.person.name}>
      <thead><tr><th>${t(lang, 'date')}</th><th>${t(lang, 'series')}</th><th>${t(lang, 'dose')}</th><th>${t(lang, 'product')}</th><th>${t(lang, 'lot')}</th><th>${t(lang, 'place')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr class=${r.valid ? '' : 'invalid'}>
        <td>${this.date(r.date)}</td><td>${r.series}</td><td>${r.valid ? doseText(lang, r.dose) : '×'}</td><td>${r.product}</td><td>${r.lot}</td><td>${r.clinic}</td></tr>`)}</tbody>
    </table></details>`;
  }

  private renderChild(child: PersonVaccinations, today: string) {
    const lang = this.lang;
    const upcoming = upcomingDoses(child, today, 365);
    const ending = freeWindowsEnding(child, today, 90);
    return html`<section class="child" data-vaccinations-of=${child.person.name} aria-labelledby=${`child-${child.person.id}`}>
      <h3 id=${`child-${child.person.id}`}>${child.person.name} <span class="muted">${ageText(lang, child.ageMonths)}（${this.date(child.birthDate)}）</span></h3>
      ${ending.length ? html`<div class="warning" data-free-window-ending><strong>${t(lang, 'freeEndsTitle')}</strong><ul>${ending.map((s) => html`
        <li data-series=${s.id}>${fill(t(lang, 'freeEnds'), { series: seriesName(lang, s), date: this.dateText(s.eligibleUntil ?? ''), days: daysBetween(today, s.eligibleUntil ?? today) })}</li>`)}</ul></div>` : nothing}
      <h4>${t(lang, 'upcomingTitle')}</h4>
      ${upcoming.length ? html`<ul data-upcoming-of=${child.person.name}>${upcoming.map((u) => this.renderUpcoming(u))}</ul>`
        : html`<p class="muted">${t(lang, 'noUpcoming')}</p>`}
      ${this.renderInvalid(child)}
      ${child.notes.length ? html`<h4>${t(lang, 'forecastNotes')}</h4><ul class="muted" data-forecast-notes>${child.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      ${this.renderHistory(child)}
    </section>`;
  }

  private renderForms(children: Person[], today: string) {
    const lang = this.lang;
    const chosen = children.some((c) => c.id === this.person) ? this.person : children[0]?.id;
    return html`<div class="forms">
      ${children.length ? html`<form @submit=${this.onRecord} data-record-dose aria-labelledby="record-dose-heading">
        <h3 id="record-dose-heading">${t(lang, 'recordDoseTitle')}</h3>
        <label>${t(lang, 'child')}<select name="person" required>
          ${children.map((c) => html`<option value=${c.id} ?selected=${c.id === chosen}>${c.name}</option>`)}</select></label>
        <label>${t(lang, 'vaccine')}<select name="product" required>
          <option value="">${t(lang, 'chooseProduct')}</option>
          ${PRODUCTS.map((p) => html`<option value=${p}>${productLabel(lang, p)}</option>`)}</select></label>
        <label>${t(lang, 'date')}<input type="date" name="date" required max=${today} /></label>
        <label>${t(lang, 'lot')}<input name="lot" autocomplete="off" /></label>
        <label>${t(lang, 'clinic')}<input name="clinic" autocomplete="off" /></label>
        <button type="submit" class="primary">${t(lang, 'recordDose')}</button>
      </form>` : nothing}
      <form @submit=${this.onAddChild} data-add-child aria-labelledby="add-child-heading">
        <h3 id="add-child-heading">${t(lang, 'addChildTitle')}</h3>
        <label>${t(lang, 'name')}<input name="name" required autocomplete="off" /></label>
        <label>${t(lang, 'birthDate')}<input type="date" name="birthDate" required max=${today} /></label>
        <label>${t(lang, 'sex')}<select name="sex">
          <option value="">${t(lang, 'sexUnknown')}</option><option value="female">${t(lang, 'female')}</option><option value="male">${t(lang, 'male')}</option>
        </select></label>
        <button type="submit" class="primary">${t(lang, 'addChild')}</button>
      </form>
    </div>`;
  }

  override render() {
    const lang = this.lang;
    const today = this.data?.today ?? viewToday();
    const children = this.shown();
    return html`
      <h2 id="vaccinations-heading">${t(lang, 'tabVaccinations')}</h2>
      ${this.data ? this.whose(children) : nothing}
      ${this.renderError()}
      ${this.data && children.length === 0 ? html`<p>${t(lang, 'noChildren')}</p>` : nothing}
      ${children.length ? html`<p class="actions"><button type="button" @click=${this.onCalendar} data-download-calendar>${t(lang, 'downloadCalendar')}</button></p>` : nothing}
      <div class="children">${children.map((c) => this.renderChild(c, today))}</div>
      ${children.map((c) => html`<section class="schedule" data-schedule-section-of=${c.person.name} aria-labelledby=${`schedule-${c.person.id}`}>
        <h3 id=${`schedule-${c.person.id}`}>${fill(t(lang, 'scheduleTitle'), { name: c.person.name })} <span class="muted">${ageText(lang, c.ageMonths)}</span></h3>
        ${this.renderChart(c, today)}
      </section>`)}
      <div aria-live="polite">${this.formError ? html`<p role="alert" class="error" data-form-error>${this.formError}</p>`
        : this.notice ? html`<p class="notice" data-notice>${this.notice}</p>` : nothing}</div>
      ${this.data ? this.renderForms((this.data.byPerson ?? []).filter(isChild).map((p) => p.person), today) : nothing}
    `;
  }
}
customElements.define('immunizations-view', ImmunizationsView);
