// What the vaccination view and the reminders both read from a forecast: who is a child, what is coming up, and whose free window is closing.
// The core decides every status and date; this file only selects and places them.
import type { PersonVaccinations, SeriesForecast } from '@techo/core';
import { viewDay } from './core-client.js';

/** The day the views are for: the demo's day, or the person's own local date. */
export function viewToday(): string {
  const day = viewDay();
  if (day) return day;
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const parts = (iso: string): [number, number, number] => {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return [y, m, d];
};
const iso = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return iso(new Date(Date.UTC(y, m - 1, d + days)));
}

export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** A child: under 20 (240 completed months, as the core counts them) on the forecast's day. */
export function isChild(forecast: PersonVaccinations): boolean {
  return forecast.ageMonths < 240;
}

export type Upcoming = { series: SeriesForecast; soon: boolean };

const statusOrder: Record<string, number> = { overdue: 0, due: 1, 'not-yet': 2 };

/**
 * The next doses that are due or overdue, or whose recommended window opens within
 * `withinDays` (flagged `soon`); overdue first, then by the window's start.
 */
export function upcomingDoses(forecast: PersonVaccinations, today: string, withinDays: number): Upcoming[] {
  const horizon = addDays(today, withinDays);
  return forecast.series
    .filter((s) => s.nextDose !== null && (s.status === 'due' || s.status === 'overdue'
      || (s.status === 'not-yet' && !!s.recommendedFrom && s.recommendedFrom <= horizon)))
    .map((series) => ({ series, soon: series.status === 'not-yet' }))
    .sort((a, b) => (statusOrder[a.series.status] ?? 9) - (statusOrder[b.series.status] ?? 9)
      || (a.series.recommendedFrom ?? '').localeCompare(b.series.recommendedFrom ?? ''));
}

/** Unfinished series whose free (routine) window ends within `withinDays`. */
export function freeWindowsEnding(forecast: PersonVaccinations, today: string, withinDays = 90): SeriesForecast[] {
  const horizon = addDays(today, withinDays);
  return forecast.series.filter((s) => s.eligibleUntil && s.status !== 'complete' && s.status !== 'no-longer-eligible'
    && s.eligibleUntil >= today && s.eligibleUntil <= horizon);
}
