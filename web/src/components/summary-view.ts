// The vault overview: who is in it and how many records of each kind.
import { LitElement, css, html } from 'lit';
import type { Person, Summary } from '@techo/core';
import { formatFhirDate, resourceTypeLabel, t, type Lang } from '../i18n.js';
import './sources-view.js';

export class SummaryView extends LitElement {
  static override properties = { summary: { attribute: false }, people: { attribute: false }, lang: {}, era: { type: Boolean } };
  summary: Summary | null = null;
  /** The people the records are about (Patients from several files are one person). */
  people: Person[] = [];
  era = false;
  override lang: Lang = 'ja';

  static override styles = css`
    :host { display: grid; gap: 1.5rem; }
    section { background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
    h2 { font-size: 1.05rem; margin: 0 0 0.75rem; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
    .name { font-size: 1.3rem; font-weight: 600; }
    .phonetic { color: #4a5567; margin-left: 0.5rem; }
    .relationship { font-size: 0.85rem; border: 1px solid #c5ccd6; border-radius: 999px; padding: 0 0.5rem; margin-left: 0.5rem; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #e3e6ea; }
    td.count, th.count { text-align: right; font-variant-numeric: tabular-nums; }
    tfoot td, tfoot th { font-weight: 600; border-bottom: none; }
  `;

  override render() {
    const summary = this.summary;
    if (!summary) return html``;
    const lang = this.lang;
    const types = Object.entries(summary.counts).sort(([a], [b]) => a.localeCompare(b));
    return html`
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">${t(lang, 'patients')}</h2>
        ${this.people.length === 0
          ? html`<p>${t(lang, 'noPatients')}</p>`
          : html`<ul>
              ${this.people.map(
                (p) => html`<li data-person-id=${p.id}>
                  <span class="name">${p.name}</span>${p.namePhonetic && p.namePhonetic !== p.name
                    ? html`<span class="phonetic">${p.namePhonetic}</span>`
                    : ''} <span class="relationship">${t(lang, p.relationship)}</span>
                  <div>${t(lang, 'birthDate')}: <time datetime=${p.birthDate}>${formatFhirDate(lang, p.birthDate, this.era)}</time>
                    ・ ${p.records} ${t(lang, 'records')}</div>
                </li>`,
              )}
            </ul>`}
      </section>
      <section aria-labelledby="records-heading">
        <h2 id="records-heading">${t(lang, 'recordsByKind')}</h2>
        <table>
          <thead><tr><th scope="col">${t(lang, 'kind')}</th><th scope="col" class="count">${t(lang, 'count')}</th></tr></thead>
          <tbody>
            ${types.map(
              ([type, n]) => html`<tr data-type=${type}><th scope="row">${resourceTypeLabel(lang, type)}</th><td class="count">${n}</td></tr>`,
            )}
          </tbody>
          <tfoot><tr><th scope="row">${t(lang, 'total')}</th><td class="count" data-total>${summary.total}</td></tr></tfoot>
        </table>
      </section>
      <sources-view .sources=${summary.sources} .lang=${lang}></sources-view>
    `;
  }
}
customElements.define('summary-view', SummaryView);
