// The timeline a citizen reads: every record newest first, filterable by kind and by the
// file it came from, for the chosen person, a page at a time. Values appear as the source wrote them (a dosage in JAMI wording, a lab value
// with its unit). With everyone selected, each record names whose it is.
import { LitElement, css, html } from 'lit';
import type { HealthRecord, Person, RecordCategory, RecordCursor, SourceSummary } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { categoryLabel, categoryOrder, formatFhirDate, t, type Lang } from '../i18n.js';
import { personName, whoseLine } from './view-base.js';

const PAGE = 30;

export class RecordsView extends LitElement {
  static override properties = {
    lang: {},
    revision: { type: Number },
    person: { type: Number },
    era: { type: Boolean },
    sources: { attribute: false },
    people: { attribute: false },
    source: { state: true },
    category: { state: true },
    rows: { state: true },
    next: { state: true },
    error: { state: true },
  };
  override lang: Lang = 'ja';
  /** Bumped by the app when the vault changed, to reload. */
  revision = 0;
  /** Person id; 0 = everyone. */
  person = 0;
  era = false;
  sources: SourceSummary[] = [];
  /** The vault's people, to name whose each record is. */
  people: Person[] = [];
  /** Source id; 0 = every file. */
  source = 0;
  category: RecordCategory | '' = '';
  rows: HealthRecord[] = [];
  next: RecordCursor | null = null;
  error = '';

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
    h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
    label { font-size: 0.9rem; margin-right: 0.5rem; }
    select, button { font: inherit; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid #8a94a3; background: #fff; }
    ol { list-style: none; margin: 0.75rem 0 0; padding: 0; display: grid; gap: 0.5rem; }
    li { display: grid; grid-template-columns: 7.5rem 1fr; gap: 0.15rem 0.75rem; border-bottom: 1px solid #e3e6ea; padding-bottom: 0.45rem; }
    time, .kind { color: #4a5567; font-size: 0.9rem; }
    .display { font-weight: 600; }
    .whose { margin: -0.25rem 0 0.5rem; font-weight: 600; color: #1d4f91; }
    .value { grid-column: 2; }
    button { margin-top: 0.75rem; cursor: pointer; }
  `;

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('revision') || changed.has('person')) void this.load(true);
  }

  private async load(reset: boolean): Promise<void> {
    try {
      const session = await coreSession();
      const page = await session.records({
        ...(this.category ? { category: this.category } : {}),
        ...(this.person ? { person: this.person } : {}),
        ...(this.source ? { source: this.source } : {}),
        limit: PAGE,
        cursor: reset ? null : this.next,
      });
      this.rows = reset ? page.records : [...this.rows, ...page.records];
      this.next = page.next;
      this.error = '';
    } catch (error) {
      this.rows = [];
      this.next = null;
      this.error = errorInfo(error).message;
    }
  }

  private onFilter(event: Event): void {
    this.category = (event.target as HTMLSelectElement).value as RecordCategory | '';
    void this.load(true);
  }

  private onSource(event: Event): void {
    this.source = Number((event.target as HTMLSelectElement).value);
    void this.load(true);
  }

  private value(r: HealthRecord): string {
    if (r.valueText && r.unit) return `${r.valueText} ${r.unit}`;
    return r.valueText;
  }

  override render() {
    const lang = this.lang;
    const shown = this.person ? this.people.filter((p) => p.id === this.person) : this.people;
    const several = shown.length !== 1;
    const nameOf = (id: number) => personName(lang, this.people.find((p) => p.id === id));
    return html`
      <h2 id="timeline-heading">${t(lang, 'timeline')}</h2>
      ${shown.length ? html`<p class="whose" data-view-whose>${whoseLine(lang, { person: several ? null : shown[0] ?? null, people: shown })}</p>` : ''}
      <label for="category-filter">${t(lang, 'filterBy')}</label>
      <select id="category-filter" @change=${this.onFilter}>
        <option value="" ?selected=${this.category === ''}>${t(lang, 'allCategories')}</option>
        ${categoryOrder.map((c) => html`<option value=${c} ?selected=${this.category === c}>${categoryLabel(lang, c)}</option>`)}
      </select>
      <label for="source-filter">${t(lang, 'filterBySource')}</label>
      <select id="source-filter" @change=${this.onSource}>
        <option value="0" ?selected=${this.source === 0}>${t(lang, 'allSources')}</option>
        ${this.sources.map((s) => html`<option value=${s.id} ?selected=${this.source === s.id}>${s.name}</option>`)}
      </select>
      ${this.error ? html`<p>${this.error}</p>` : ''}
      ${!this.error && this.rows.length === 0 ? html`<p>${t(lang, 'noRecords')}</p>` : ''}
      <ol aria-labelledby="timeline-heading">
        ${this.rows.map(
          (r) => html`<li data-record-id=${r.id} data-category=${r.category}>
            ${r.effectiveAt
              ? html`<time datetime=${r.effectiveAt}>${formatFhirDate(lang, r.effectiveAt.slice(0, 10), this.era)}</time>`
              : html`<span class="kind">${t(lang, 'dateUnknown')}</span>`}
            <span><span class="kind">${categoryLabel(lang, r.category)}</span> <span class="display">${r.display}</span>${several
              ? html` <span class="kind" data-record-person>（${nameOf(r.person)}）</span>` : ''}</span>
            ${this.value(r) ? html`<span class="value" data-value>${this.value(r)}</span>` : ''}
          </li>`,
        )}
      </ol>
      ${this.next ? html`<button type="button" @click=${() => this.load(false)}>${t(lang, 'showMore')}</button>` : ''}
    `;
  }
}
customElements.define('records-view', RecordsView);
