// Whose record the views show: the account holder, a child, or the whole family.
import { LitElement, css, html } from 'lit';
import type { Person } from '@techo/core';
import { t, type Lang } from '../i18n.js';

export class PersonPicker extends LitElement {
  static override properties = { lang: {}, people: { attribute: false }, selected: { type: Number } };
  override lang: Lang = 'ja';
  people: Person[] = [];
  selected = 0;

  static override styles = css`
    :host { display: block; }
    fieldset { border: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 0.75rem; align-items: center; }
    legend { font-weight: 600; margin-right: 0.5rem; float: left; }
    label { display: inline-flex; gap: 0.3rem; align-items: center; background: #fff; border: 1px solid #c5ccd6; border-radius: 999px; padding: 0.2rem 0.75rem; cursor: pointer; }
    label:has(input:checked) { border-color: #1d4f91; background: #e6eef9; }
    .rel { color: #4a5567; font-size: 0.85rem; }
  `;

  private choose(id: number): void {
    this.selected = id;
    this.dispatchEvent(new CustomEvent('person-changed', { detail: id, bubbles: true, composed: true }));
  }

  override render() {
    const lang = this.lang;
    const option = (id: number, name: string, rel = '') => html`<label data-person=${name}>
        <input type="radio" name="person" .checked=${this.selected === id} @change=${() => this.choose(id)} />
        ${name}${rel ? html` <span class="rel">(${rel})</span>` : ''}
      </label>`;
    return html`<fieldset>
      <legend>${t(lang, 'person')}</legend>
      ${this.people.map((p) => option(p.id, p.name, t(lang, p.relationship)))}
      ${this.people.length > 1 ? option(0, t(lang, 'everyone')) : ''}
    </fieldset>`;
  }
}
customElements.define('person-picker', PersonPicker);
