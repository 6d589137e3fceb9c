// Vaccinations, one table per person: a parent sees each child's history.
import { html } from 'lit';
import type { ImmunizationsView as Data, Session, ViewQuery } from '@techo/core';
import { t } from '../i18n.js';
import { ViewBase, cardStyles } from './view-base.js';

export class ImmunizationsView extends ViewBase<Data> {
  static override styles = cardStyles;

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    return session.immunizations(query);
  }

  override render() {
    const lang = this.lang;
    const people = (this.data?.byPerson ?? []).filter((p) => p.immunizations.length > 0 || this.person);
    return html`
      <h2 id="vaccinations-heading">${t(lang, 'tabVaccinations')}</h2>
      ${this.renderWhose(this.data)}
      ${this.renderError()}
      ${this.data && people.length === 0 ? html`<p>${t(lang, 'noVaccinations')}</p>` : ''}
      ${people.map((p) => html`<section data-vaccinations-of=${p.person?.name ?? ''}>
        <h3>${p.person?.name ?? '—'}${p.person?.birthDate ? html` <span class="muted">(${this.date(p.person.birthDate)})</span>` : ''}</h3>
        ${p.immunizations.length === 0 ? html`<p class="muted">${t(lang, 'noVaccinations')}</p>` : html`<table>
          <thead><tr><th>${t(lang, 'date')}</th><th>${t(lang, 'vaccine')}</th><th>${t(lang, 'dose')}</th><th>${t(lang, 'lot')}</th><th>${t(lang, 'place')}</th></tr></thead>
          <tbody>${p.immunizations.map((i) => html`<tr>
            <td>${this.date(i.date)}</td><td>${i.vaccine}</td><td>${i.dose ?? ''}</td><td>${i.lot}</td><td>${i.performer}</td></tr>`)}</tbody>
        </table>`}
      </section>`)}
    `;
  }
}
customElements.define('immunizations-view', ImmunizationsView);
