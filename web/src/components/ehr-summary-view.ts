// The six kinds of information of the EHR sharing service (傷病名, アレルギー, 感染症,
// 薬剤禁忌, 検査, 処方) and the documents, each readable section by section. With everyone
// selected, every line names whose it is.
import { css, html } from 'lit';
import type { CarePlanEntry, DocumentSection, DocumentView, EhrSummaryView as Data, GoalEntry, Session, ViewQuery } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { flagLabel, t } from '../i18n.js';
import { ViewBase, cardStyles } from './view-base.js';

export class EhrSummaryView extends ViewBase<Data> {
  static override properties = { ...ViewBase.properties, openDocument: { state: true } };
  openDocument: DocumentView | null = null;

  static override styles = [cardStyles, css`
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.5rem 1.25rem; }
    .document { border: 1px solid #c5ccd6; border-radius: 10px; padding: 0.75rem 1rem; margin-top: 0.75rem; }
    .document header { display: flex; justify-content: space-between; gap: 1rem; align-items: baseline; }
    .document h3 { font-size: 1.15rem; margin: 0; }
    .document section { margin: 0.5rem 0 0.5rem 0.25rem; }
    .document h4 { margin: 0.6rem 0 0.2rem; font-size: 1rem; border-left: 4px solid #1d4f91; padding-left: 0.4rem; }
    .narrative { white-space: pre-line; margin: 0.2rem 0; }
    [data-person] { white-space: nowrap; }
    .plan { border-left: 4px solid #1d4f91; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
    .plan h4 { margin: 0 0 0.25rem; font-size: 1rem; }
  `];

  protected override fetch(session: Session, query: ViewQuery): Promise<Data> {
    this.openDocument = null;
    return session.ehrSummary(query);
  }

  private async open(id: number): Promise<void> {
    try {
      this.openDocument = await (await coreSession()).document(id);
    } catch (error) {
      this.error = errorInfo(error).message;
    }
  }

  private list<T extends { person: number }>(key: Parameters<typeof t>[1], items: T[], line: (item: T) => unknown) {
    const d = this.data;
    const whose = (i: T) => (d && !d.person ? html` <span class="muted" data-person>（${this.nameIn(d, i.person)}）</span>` : '');
    return html`<section data-info=${key}>
      <h3>${t(this.lang, key)}</h3>
      ${items.length ? html`<ul>${items.map((i) => html`<li>${line(i)}${whose(i)}</li>`)}</ul>` : html`<p class="muted">${t(this.lang, 'none')}</p>`}
    </section>`;
  }

  private section(s: DocumentSection, level: number): unknown {
    return html`<section>
      <h4 aria-level=${level}>${s.title || s.code}</h4>
      ${s.text ? html`<p class="narrative">${s.text}</p>` : ''}
      ${s.entries.length && !s.text ? html`<ul>${s.entries.map((e) => html`<li>${e.text}${e.detail ? ` (${e.detail})` : ''}</li>`)}</ul>` : ''}
      ${s.sections.map((sub) => this.section(sub, level + 1))}
    </section>`;
  }

  // Who wrote it, where and when: the entry's own words, else its document's.
  private signedBy(e: CarePlanEntry | GoalEntry) {
    const lang = this.lang;
    const who = [e.authors.join('、'), e.institution, e.department].filter(Boolean).join(' ・ ');
    return html`<p class="muted">${this.date(e.date)}${who ? html` ・ ${t(lang, 'author')}: ${who}` : ''}${e.documentTitle
      ? html` ・ ${t(lang, 'fromDocument')}: ${e.document !== null
        ? html`<button type="button" @click=${() => this.open(e.document as number)}>${e.documentTitle}</button>` : e.documentTitle}` : ''}</p>`;
  }

  private carePlans(d: Data) {
    const lang = this.lang;
    return html`<section data-info="carePlans">
      <h3>${t(lang, 'carePlans')}</h3>
      ${d.carePlans.length ? d.carePlans.map((p) => html`<article class="plan" data-care-plan=${p.id}>
        <h4>${p.title || p.categories.join('、') || t(lang, 'carePlans')}${d.person ? '' : html` <span class="muted">（${this.nameIn(d, p.person)}）</span>`}</h4>
        ${p.title && p.categories.length ? html`<p class="muted">${p.categories.join('、')}</p>` : ''}
        ${p.description ? html`<p class="narrative" data-care-plan-text>${p.description}</p>` : ''}
        ${p.activities.length ? html`<p>${t(lang, 'activities')}:</p><ul>${p.activities.map((a) => html`<li>${a.description}${a.progress ? ` — ${a.progress}` : ''}</li>`)}</ul>` : ''}
        ${p.notes.map((n) => html`<p class="narrative">${n}</p>`)}
        ${p.start || p.end ? html`<p class="muted">${t(lang, 'period')}: ${this.date(p.start)}${p.end ? html` – ${this.date(p.end)}` : ''}</p>` : ''}
        ${this.signedBy(p)}
      </article>`) : html`<p class="muted">${t(lang, 'none')}</p>`}
      ${d.goals.length ? html`<h3>${t(lang, 'goals')}</h3>${d.goals.map((g) => html`<article class="plan" data-goal=${g.id}>
        <h4>${g.description}${d.person ? '' : html` <span class="muted">（${this.nameIn(d, g.person)}）</span>`}</h4>
        ${g.targets.length ? html`<ul>${g.targets.map((x) => html`<li>${x.measure}${x.detail ? `: ${x.detail}` : ''}${x.due ? html` ・ ${t(lang, 'due')} ${this.date(x.due)}` : ''}</li>`)}</ul>` : ''}
        ${g.addresses.length ? html`<p class="muted">${g.addresses.join('、')}</p>` : ''}
        ${g.notes.map((n) => html`<p class="narrative">${n}</p>`)}
        ${this.signedBy(g)}
      </article>`)}` : ''}
    </section>`;
  }

  override render() {
    const lang = this.lang;
    const d = this.data;
    const doc = this.openDocument;
    return html`
      <h2 id="summary-heading">${t(lang, 'tabSummary')}</h2>
      ${this.renderWhose(d)}
      ${this.renderError()}
      ${d ? html`<div class="grid">
        ${this.list('diagnoses', d.diagnoses, (c) => html`${c.name} <span class="muted">${c.active ? t(lang, 'active') : t(lang, 'resolved')}${c.onset ? html` ・ ${this.date(c.onset)}` : ''}</span>`)}
        ${this.list('allergies', d.allergies, (a) => html`${a.substance}${a.reactions.length ? ` （${a.reactions.join('、')}）` : ''}`)}
        ${this.list('infections', d.infections, (p) => html`${p.name}: ${p.valueText} ${p.unit} <span class="muted">${this.date(p.date)}</span>`)}
        ${this.list('contraindications', d.contraindications, (a) => html`<strong>${a.substance}</strong>${a.reactions.length ? ` （${a.reactions.join('、')}）` : ''}`)}
        ${this.list('recentLabs', d.recentLabs, (p) => html`${p.name}: <span class=${`flag-${p.flag}`}>${p.valueText} ${p.unit}${p.flag ? ` ${flagLabel(lang, p.flag)}` : ''}</span> <span class="muted">${this.date(p.date)}</span>`)}
        ${this.list('prescriptions', d.prescriptions, (m) => html`${m.drug} <span class="muted">${m.dosage}</span>`)}
      </div>
      ${this.carePlans(d)}
      <section data-info="documents">
        <h3>${t(lang, 'documents')}</h3>
        ${d.documents.length ? html`<ul>${d.documents.map((doc) => html`<li data-document=${doc.title}>
          <button type="button" @click=${() => this.open(doc.id)}>${doc.title || doc.type}</button>
          <span class="muted">${this.date(doc.date)} ・ ${doc.custodian || doc.authors.join('、')}${d.person ? '' : ` ・ ${this.nameIn(d, doc.person)}`}</span></li>`)}</ul>`
          : html`<p class="muted">${t(lang, 'none')}</p>`}
      </section>` : ''}
      ${doc ? html`<article class="document" aria-labelledby="document-title" data-open-document=${doc.title}>
        <header><h3 id="document-title">${doc.title}</h3>
          <button type="button" @click=${() => { this.openDocument = null; }}>${t(lang, 'close')}</button></header>
        ${this.renderWhose(doc)}
        <p class="muted">${this.date(doc.date)} ・ ${t(lang, 'author')}: ${doc.authors.join('、')}${doc.custodian ? ` ・ ${doc.custodian}` : ''}</p>
        ${doc.sections.map((s) => this.section(s, 4))}
      </article>` : ''}
    `;
  }
}
customElements.define('ehr-summary-view', EhrSummaryView);
