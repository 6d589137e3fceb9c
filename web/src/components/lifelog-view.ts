// The lifelog dashboard: daily steps, heart rate, sleep, blood pressure and weight over a
// month, a year, or all weeks (uPlot); hovering a day shows where its value came from;
// the day's explanation in a table; and the person's source priority, which re-merges.
import { css, html, svg, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { DeviceKind, LifelogDay, LifelogDays, Person, Session, ViewQuery } from '@techo/core';
import { coreSession, errorInfo, viewDay } from '../core-client.js';
import { t, type StringKey } from '../i18n.js';
import { STAGES, explainDay, kindLabel, oneDecimal, stageList } from '../lifelog-explain.js';
import { ViewBase, cardStyles } from './view-base.js';

const METRICS: { id: string; label: StringKey; pair?: string; unit: string }[] = [
  { id: 'steps', label: 'metricSteps', unit: '歩' },
  { id: 'heart-rate', label: 'metricHeartRate', unit: '/min' },
  { id: 'sleep', label: 'metricSleep', unit: '分' },
  { id: 'blood-pressure-systolic', label: 'metricBloodPressure', pair: 'blood-pressure-diastolic', unit: 'mmHg' },
  { id: 'body-weight', label: 'metricWeight', unit: 'kg' },
  { id: 'body-height', label: 'metricHeight', unit: 'cm' },
  { id: 'exercise', label: 'metricExercise', unit: '分' },
];
const RANGES = [
  { id: 'month', label: 'rangeMonth' as StringKey, days: 30 },
  { id: 'year', label: 'rangeYear' as StringKey, days: 365 },
  { id: 'weeks', label: 'rangeWeeks' as StringKey, days: 3650 },
];
const KINDS: DeviceKind[] = ['manual', 'medical-device', 'watch', 'phone', 'app'];

type Data = { days: LifelogDays; pair: LifelogDays | null; order: DeviceKind[] };

function shiftDay(day: string, delta: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

export class LifelogView extends ViewBase<Data> {
  static override properties = {
    ...ViewBase.properties, people: { attribute: false }, metric: { state: true }, range: { state: true }, hovered: { state: true },
  };
  /** The vault's people, to say whose lifelog this is. */
  people: Person[] = [];
  metric = 'steps';
  range = 'month';
  hovered: LifelogDay | null = null;
  private plot: uPlot | null = null;

  static override styles = [cardStyles, unsafeCSS(uplotCss), css`
    .controls { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-bottom: 0.5rem; }
    .chart { min-height: 260px; }
    .hover { min-height: 1.5rem; font-size: 0.95rem; }
    ol.priority { padding-left: 1.5rem; }
    ol.priority li { margin: 0.2rem 0; }
    ol.priority button { padding: 0 0.4rem; margin-left: 0.3rem; }
    .stages { display: block; width: 12rem; height: 0.9rem; border-radius: 3px; background: #eee; }
    .stage-list { font-size: 0.85rem; }
  `];

  protected override async fetch(session: Session, view: ViewQuery): Promise<Data> {
    const today = viewDay() ?? new Date().toISOString().slice(0, 10);
    const days = RANGES.find((r) => r.id === this.range)?.days ?? 30;
    // The chosen person's lifelog: the account holder's wearables, or a child's measurements.
    const query = { from: shiftDay(today, -(days - 1)), to: today, ...(view.person ? { person: view.person } : {}) };
    const metric = METRICS.find((m) => m.id === this.metric) ?? METRICS[0]!;
    const [main, pair, priority] = await Promise.all([
      session.lifelogDays({ metric: metric.id, ...query }),
      metric.pair ? session.lifelogDays({ metric: metric.pair, ...query }) : Promise.resolve(null),
      session.lifelogPriority(metric.id),
    ]);
    return { days: main, pair, order: priority.order };
  }

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('metric') || changed.has('range')) void this.reload();
    if (changed.has('data')) this.draw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }

  private draw(): void {
    this.plot?.destroy();
    this.plot = null;
    this.hovered = null;  // a day of the metric or range shown before
    const target = this.renderRoot.querySelector('.chart') as HTMLElement | null;
    const data = this.data;
    if (!target || !data) return;
    const weekly = this.range === 'weeks';
    const rows = weekly ? data.days.weeks.map((w) => ({ day: w.weekStart, value: w.value })) : data.days.days;
    if (rows.length === 0) return;
    const xs = rows.map((r) => Date.parse(`${r.day}T00:00:00Z`) / 1000);
    const series: uPlot.Series[] = [{}, { label: t(this.lang, METRICS.find((m) => m.id === this.metric)!.label), stroke: '#1d4f91', width: 2,
      points: { show: rows.length < 60 } }];
    const values: (number | null)[][] = [rows.map((r) => r.value)];
    if (data.pair && !weekly) {
      const byDay = new Map(data.pair.days.map((d) => [d.day, d.value]));
      series.push({ label: t(this.lang, 'diastolic'), stroke: '#c0392b', width: 2, points: { show: rows.length < 60 } });
      values.push(rows.map((r) => byDay.get(r.day) ?? null));
    }
    const byIndex = weekly ? null : data.days.days;
    this.plot = new uPlot({
      width: Math.max(280, Math.min(900, target.clientWidth || 700)),
      height: 260,
      scales: { x: { time: true } },
      series,
      hooks: {
        setCursor: [(u) => {
          const i = u.cursor.idx;
          this.hovered = byIndex && i !== null && i !== undefined ? byIndex[i] ?? null : null;
        }],
      },
    }, [xs, ...values] as uPlot.AlignedData, target);
  }

  // The merged lifelog as a file the person saves (made in the core, never sent anywhere).
  private async download(format: 'fhir' | 'openmhealth'): Promise<void> {
    try {
      const value = await (await coreSession()).exportLifelog({ format, ...(this.person ? { person: this.person } : {}) });
      const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 1)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = format === 'fhir' ? 'lifelog.fhir.json' : 'lifelog.omh.json';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  private async move(kind: DeviceKind, delta: number): Promise<void> {
    if (!this.data) return;
    const order = [...this.data.order, ...KINDS.filter((k) => !this.data!.order.includes(k))];
    const at = order.indexOf(kind);
    const to = at + delta;
    if (to < 0 || to >= order.length) return;
    [order[at], order[to]] = [order[to]!, order[at]!];
    try {
      const session = await coreSession();
      await session.setLifelogPriority(this.metric, order);
      if (METRICS.find((m) => m.id === this.metric)?.pair) await session.setLifelogPriority(METRICS.find((m) => m.id === this.metric)!.pair!, order);
      await this.reload();
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  // A night's stages as a bar (widths by minutes) with the minutes written beside it.
  private renderStages(day: LifelogDay) {
    const stages: Record<string, number> = {};
    for (const source of day.sources) {
      for (const [stage, minutes] of Object.entries(source.stages ?? {})) stages[stage] = (stages[stage] ?? 0) + minutes;
    }
    const total = Object.values(stages).reduce((a, b) => a + b, 0);
    if (total <= 0) return '';
    const shown = STAGES.filter((s) => (stages[s.id] ?? 0) > 0);
    // An SVG bar: its geometry and colours are attributes, not inline styles, which the
    // page's CSP (style-src 'self') blocks — lit's styleMap writes a style attribute first.
    let x = 0;
    const bars = shown.map((s) => {
      const width = (100 * stages[s.id]!) / total;
      const bar = svg`<rect x=${x} y="0" width=${width} height="1" fill=${s.colour}></rect>`;
      x += width;
      return bar;
    });
    return html`<svg class="stages" aria-hidden="true" viewBox="0 0 100 1" preserveAspectRatio="none" data-stage-bar>${bars}</svg>
      <span class="stage-list" data-stages>${stageList(stages, this.lang, '・')}</span>`;
  }

  // A lifelog is one person's: with everyone selected, the account holder's (their
  // wearables), and the heading says so rather than 家族全員.
  private renderOwner() {
    const owner = this.person ? this.people.find((p) => p.id === this.person) : this.people.find((p) => p.relationship === 'self');
    return owner ? html`<p class="whose" data-view-whose>${owner.name}</p>` : '';
  }

  override render() {
    const lang = this.lang;
    const data = this.data;
    const days = data ? [...data.days.days].reverse().slice(0, 31) : [];
    const order = data ? [...data.order, ...KINDS.filter((k) => !data.order.includes(k))] : [];
    return html`
      <h2 id="lifelog-heading">${t(lang, 'tabLifelog')}</h2>
      ${this.renderOwner()}
      ${this.renderError()}
      <div class="controls">
        <label>${t(lang, 'metric')}
          <select id="lifelog-metric" @change=${(e: Event) => { this.metric = (e.target as HTMLSelectElement).value; }}>
            ${METRICS.map((m) => html`<option value=${m.id} ?selected=${m.id === this.metric}>${t(lang, m.label)}</option>`)}
          </select></label>
        <label>${t(lang, 'period')}
          <select id="lifelog-range" @change=${(e: Event) => { this.range = (e.target as HTMLSelectElement).value; }}>
            ${RANGES.map((r) => html`<option value=${r.id} ?selected=${r.id === this.range}>${t(lang, r.label)}</option>`)}
          </select></label>
      </div>
      <figure role="img" aria-label=${t(lang, 'tabLifelog')}><div class="chart"></div></figure>
      <p class="hover" aria-live="polite" data-hover>${this.hovered ? html`${this.date(this.hovered.day)}: ${explainDay(this.hovered, this.metric, lang)}` : ''}</p>
      ${data && data.days.days.length === 0 ? html`<p>${t(lang, 'noLifelog')}</p>` : ''}
      ${days.length ? html`<table data-lifelog-days>
        <thead><tr><th>${t(lang, 'date')}</th><th>${t(lang, 'value')}</th>
          ${this.metric === 'sleep' ? html`<th>${t(lang, 'sleepStages')}</th>` : ''}<th>${t(lang, 'whereFrom')}</th></tr></thead>
        <tbody>${days.map((d) => html`<tr data-day=${d.day}><td>${this.date(d.day)}</td>
          <td>${this.metric === 'steps' || this.metric === 'sleep' ? Math.round(d.value).toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB') : oneDecimal(d.value)}</td>
          ${this.metric === 'sleep' ? html`<td>${this.renderStages(d)}</td>` : ''}
          <td>${explainDay(d, this.metric, lang)}</td></tr>`)}</tbody>
      </table>` : ''}
      <p>
        <button type="button" data-export="fhir" @click=${() => this.download('fhir')}>${t(lang, 'exportFhir')}</button>
        <button type="button" data-export="openmhealth" @click=${() => this.download('openmhealth')}>${t(lang, 'exportOmh')}</button>
      </p>
      <h3>${t(lang, 'priorityTitle')}</h3>
      <p class="muted">${t(lang, 'priorityExplain')}</p>
      <ol class="priority" data-priority>
        ${order.map((k, i) => html`<li data-kind=${k}>${t(lang, kindLabel[k])}
          <button type="button" aria-label=${`${t(lang, kindLabel[k])} ${t(lang, 'moveUp')}`} ?disabled=${i === 0} @click=${() => this.move(k, -1)}>↑</button>
          <button type="button" aria-label=${`${t(lang, kindLabel[k])} ${t(lang, 'moveDown')}`} ?disabled=${i === order.length - 1} @click=${() => this.move(k, 1)}>↓</button></li>`)}
      </ol>
    `;
  }
}
customElements.define('lifelog-view', LifelogView);
