// What every record view shares: the person and day it shows, reloading when either or
// the vault changes, and one error line when the core refuses.
import { LitElement, css, html, type PropertyValues } from 'lit';
import type { Person, Session, ViewQuery, ViewSubject } from '@techo/core';
import { coreSession, errorInfo, viewDay } from '../core-client.js';
import { formatFhirDate, t, type Lang } from '../i18n.js';

/** A person's name as the views show it; records about no known person say so. */
export function personName(lang: Lang, person: Person | null | undefined): string {
  return person ? person.name : t(lang, 'unknownPerson');
}

/** Whose records a reply holds, in words: the one person, or 家族全員 with everyone's names. */
export function whoseLine(lang: Lang, subject: ViewSubject): string {
  if (subject.person) return subject.person.name;
  const names = subject.people.map((p) => p.name);
  if (names.length === 0) return t(lang, 'everyone');
  return lang === 'ja' ? `${t(lang, 'everyone')}（${names.join('・')}）` : `${t(lang, 'everyone')} (${names.join(', ')})`;
}

export const cardStyles = css`
  :host { display: block; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
  h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
  h3 { font-size: 1rem; margin: 1rem 0 0.35rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
  th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
  th { font-weight: 600; color: #2b3441; }
  .muted { color: #4a5567; font-size: 0.9rem; }
  .flag-H, .flag-L, .flag-A { color: #a3141d; font-weight: 700; }
  .error { color: #a3141d; }
  .whose { margin: -0.25rem 0 0.5rem; font-weight: 600; color: #1d4f91; }
  button, select { font: inherit; padding: 0.3rem 0.6rem; border-radius: 6px; border: 1px solid #8a94a3; background: #fff; cursor: pointer; }
  ul { margin: 0.25rem 0; padding-left: 1.25rem; }
`;

export abstract class ViewBase<T> extends LitElement {
  static override properties = {
    lang: {},
    person: { type: Number },
    revision: { type: Number },
    era: { type: Boolean },
    data: { state: true },
    error: { state: true },
  };
  override lang: Lang = 'ja';
  /** Person id; 0 = everyone. */
  person = 0;
  /** Bumped by the app when the records changed. */
  revision = 0;
  /** 和暦 dates. */
  era = false;
  data: T | null = null;
  error = '';

  protected abstract fetch(session: Session, query: ViewQuery): Promise<T>;

  override updated(changed: PropertyValues): void {
    if (changed.has('person') || changed.has('revision')) void this.reload();
  }

  protected query(): ViewQuery {
    const today = viewDay();
    return { ...(this.person ? { person: this.person } : {}), ...(today ? { today } : {}) };
  }

  protected async reload(): Promise<void> {
    try {
      this.data = await this.fetch(await coreSession(), this.query());
      this.error = '';
    } catch (error) {
      this.data = null;
      this.error = errorInfo(error).message;
    }
  }

  protected date(value: string) {
    return value ? html`<time datetime=${value}>${formatFhirDate(this.lang, value.slice(0, 10), this.era)}</time>` : '';
  }

  /**
   * Whose records the view shows, as the core's reply says (never as the picker assumes),
   * under the view's heading.
   */
  protected renderWhose(subject: ViewSubject | null | undefined) {
    return subject ? html`<p class="whose" data-view-whose>${whoseLine(this.lang, subject)}</p>` : '';
  }

  /** The name of a person of the reply by id, for entries of several people's records. */
  protected nameIn(subject: ViewSubject, id: number): string {
    return personName(this.lang, subject.people.find((p) => p.id === id));
  }

  protected renderError() {
    return this.error ? html`<p role="alert" class="error">${this.error}</p>` : '';
  }
}
