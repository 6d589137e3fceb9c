// Insurance and public-expense cards: the insurer and its number, the card's 記号・番号・
// 枝番, a 公費 programme's payer and recipient numbers, and whether each card is valid
// today. The person's own numbers show masked (the last two characters) until they ask
// to see them — a card on the screen does not show its numbers to whoever looks on.
import { css, html } from 'lit';
import type { CoverageEntry, CoveragesView as Data, MaskedValue, Session, ViewQuery } from '@techo/core';
import { fill, formatFhirDate, t } from '../i18n.js';
import { ViewBase, cardStyles, personName } from './view-base.js';

export class CardsView extends ViewBase<Data> {
  static override properties = { ...ViewBase.properties, revealed: { state: true } };
  /** Cards whose numbers the person asked to see, by id; forgotten when the view reloads. */
  revealed = new Set<number>();

  static override styles = [cardStyles, css`
    .card { border: 1px solid #c5ccd6; border-radius: 10px; padding: 0.75rem 1rem; margin: 0.75rem 0; max-width: 34rem; }
    .card[data-valid='false'] { background: #f4f5f7; }
    .card header { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; }
    .card h4 { margin: 0; font-size: 1.05rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
    dt { color: #4a5567; }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    .valid { color: #1b6b2f; font-weight: 600; }
    .invalid { color: #8e1c12; font-weight: 600; }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    this.revealed = new Set();
    return session.coverages(query);
  }

  private toggle(id: number): void {
    const next = new Set(this.revealed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.revealed = next;
  }

  private secret(value: MaskedValue, shown: boolean) {
    return html`<span data-secret>${shown ? value.value : value.masked}</span>`;
  }

  private validity(c: CoverageEntry) {
    const lang = this.lang;
    const day = (d: string) => formatFhirDate(lang, d.slice(0, 10), this.era);
    if (c.start && c.end) return fill(t(lang, 'fromTo'), { from: day(c.start), to: day(c.end) });
    if (c.start) return fill(t(lang, 'cardValidFrom'), { from: day(c.start) });
    if (c.end) return fill(t(lang, 'cardValidUntil'), { to: day(c.end) });
    return '';
  }

  private card(c: CoverageEntry) {
    const lang = this.lang;
    const shown = this.revealed.has(c.id);
    const hasSecrets = [c.symbol, c.number, c.branch, c.recipientNumber].some((v) => v.value);
    const row = (label: Parameters<typeof t>[1], value: unknown) => (value ? html`<dt>${t(lang, label)}</dt><dd>${value}</dd>` : '');
    const secretRow = (label: Parameters<typeof t>[1], value: MaskedValue) =>
      value.value ? html`<dt>${t(lang, label)}</dt><dd>${this.secret(value, shown)}</dd>` : '';
    const publicExpense = c.kind === 'public-expense';
    return html`<article class="card" data-card=${c.id} data-kind=${c.kind} data-valid=${c.valid ? 'true' : 'false'}>
      <header>
        <h4>${publicExpense ? t(lang, 'cardPublicExpense') : t(lang, 'cardInsurance')}${c.type && !publicExpense ? html` <span class="muted">${c.type}</span>` : ''}</h4>
        <span class=${c.valid ? 'valid' : 'invalid'}>${c.valid ? t(lang, 'cardValid') : t(lang, 'cardInvalid')}</span>
      </header>
      <dl>
        ${row(publicExpense ? 'publicPayer' : 'insurer', c.insurer)}
        ${row('insurerNumber', c.insurerNumber)}
        ${row('programme', c.programme)}
        ${row('payerNumber', c.payerNumber)}
        ${secretRow('recipientNumber', c.recipientNumber)}
        ${secretRow('cardSymbol', c.symbol)}
        ${secretRow('cardNumber', c.number)}
        ${secretRow('cardBranch', c.branch)}
        ${row('copay', c.copay)}
        ${row('validity', this.validity(c))}
      </dl>
      ${hasSecrets ? html`<button type="button" aria-pressed=${shown ? 'true' : 'false'} data-reveal
        @click=${() => this.toggle(c.id)}>${shown ? t(lang, 'hideNumbers') : t(lang, 'showNumbers')}</button>
        ${shown ? '' : html`<span class="muted">${t(lang, 'numbersHidden')}</span>`}` : ''}
    </article>`;
  }

  override render() {
    const lang = this.lang;
    const d = this.data;
    return html`
      <h2 id="cards-heading">${t(lang, 'cardsTitle')}</h2>
      ${this.renderWhose(d)}
      ${this.renderError()}
      ${d ? d.byPerson.map((group) => html`<section data-cards-person=${personName(lang, group.person)}>
        ${d.person ? '' : html`<h3>${personName(lang, group.person)}</h3>`}
        ${group.coverages.length ? group.coverages.map((c) => this.card(c)) : html`<p class="muted">${t(lang, 'noCards')}</p>`}
      </section>`) : ''}
    `;
  }
}
customElements.define('cards-view', CardsView);
