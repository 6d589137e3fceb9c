// A merged day's explanation in the page's language. The core's `explanation` is one
// English-worded line for any API user; the page writes readings and nights from the
// structured `sources` instead, so a Japanese reader sees 件 and 深い睡眠, not "deep 75".
// Cumulative days (steps, distance, energy, exercise) keep the core's line: it is only
// numbers, device names and clock times in the person's own time zone, which the page
// could not recompute from the UTC ranges.
import type { DeviceKind, LifelogDay, LifelogDaySource } from '@techo/core';
import { t, type Lang, type StringKey } from './i18n.js';

export const kindLabel: Record<DeviceKind, StringKey> = {
  manual: 'kindManual', 'medical-device': 'kindMedical', watch: 'kindWatch', phone: 'kindPhone', app: 'kindApp',
};

// Sleep stages, deepest first, as the core names them; the colours are the stage bar's.
export const STAGES: { id: string; label: StringKey; colour: string }[] = [
  { id: 'deep', label: 'stageDeep', colour: '#1d3c78' },
  { id: 'light', label: 'stageLight', colour: '#5b8bd0' },
  { id: 'rem', label: 'stageRem', colour: '#9b59b6' },
  { id: 'asleep', label: 'stageAsleep', colour: '#95a5a6' },
];

const CUMULATIVE = new Set(['steps', 'distance', 'calories-burned', 'exercise']);

/** A reading as the page writes it: halves away from zero, as the core's explanation. */
export const oneDecimal = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/** The stages a night has, deepest first: "深い睡眠 75・浅い睡眠 255". */
export function stageList(stages: Record<string, number> | undefined, lang: Lang, separator: string): string {
  return STAGES.filter((st) => (stages?.[st.id] ?? 0) > 0)
    .map((st) => `${t(lang, st.label)} ${Math.round(stages![st.id]!)}`)
    .join(separator);
}

function deviceName(lang: Lang, source: LifelogDaySource): string {
  return source.device || t(lang, kindLabel[source.kind]);
}

function corroborated(lang: Lang, source: LifelogDaySource): string {
  const others = source.corroboratedBy ?? [];
  if (!others.length) return '';
  return lang === 'ja' ? `（${others.join('、')} と重複）` : ` (also ${others.join(', ')})`;
}

export function explainDay(day: LifelogDay, metric: string, lang: Lang): string {
  if (CUMULATIVE.has(metric)) return day.explanation;
  const ja = lang === 'ja';
  if (metric === 'sleep') {
    const parts = day.sources.map((s) => {
      const stages = stageList(s.stages, lang, ja ? '・' : ', ');
      return `${deviceName(lang, s)}${corroborated(lang, s)}${stages ? (ja ? '：' : ': ') + stages : ''}`;
    });
    return `${Math.round(day.value)}${ja ? '分' : ' min'} = ${parts.join(' + ')}`;
  }
  const range = day.min !== null && day.max !== null && oneDecimal(day.min) !== oneDecimal(day.max)
    ? (ja ? `（${oneDecimal(day.min)}–${oneDecimal(day.max)}）` : ` (${oneDecimal(day.min)}–${oneDecimal(day.max)})`)
    : '';
  const parts = day.sources.map((s) => {
    const n = s.readings ?? 0;
    const count = ja ? `${n}件` : `${n} reading${n === 1 ? '' : 's'}`;
    return `${deviceName(lang, s)} ${count}${corroborated(lang, s)}`;
  });
  return `${oneDecimal(day.value)}${range} = ${parts.join(' + ')}`;
}
