// Lifelog: samples from wearables and apps, merged per day.
import type { ErrorInfo } from './errors.js';
import type { LifelogFormat, SourceInfo } from './imports.js';

/** What kind of device or app recorded a sample; also the default merge priority, highest first. */
export type DeviceKind = 'manual' | 'medical-device' | 'watch' | 'phone' | 'app';

export interface LifelogImportReport {
  kind: 'lifelog';
  source: SourceInfo;
  format: LifelogFormat;
  /** Samples stored. */
  imported: number;
  /** Merged days this import changed (only those were merged again). */
  daysRecomputed: number;
  /** Samples already in the vault (same metric, times, device and value): not stored twice. */
  duplicates: number;
  byMetric: Record<string, number>;
  /** Records not imported, each with its position and field ("[3].body.heart_rate.unit"). */
  skipped: ErrorInfo[];
}

export interface LifelogQuery {
  /** "steps", "heart-rate", "blood-pressure-systolic", "blood-pressure-diastolic", "body-weight", "sleep", … */
  metric: string;
  /** RFC 3339 date-times. */
  from: string;
  to: string;
  /** A person's id from people(); absent: the account holder (whose wearables are imported). */
  person?: number;
}

export interface LifelogSample {
  metric: string;
  /** UTC, RFC 3339 ("2026-01-01T07:00:00Z"). */
  start: string;
  end: string;
  /** The UTC offset the source wrote, in minutes; null when it wrote none. */
  utcOffset: number | null;
  value: number;
  /** UCUM: "{steps}", "/min", "mm[Hg]", "kg", "min", "Cel", "%", "kcal". */
  unit: string;
  device: string;
  deviceKind: DeviceKind;
  detail: string;
  /** The file it came from. */
  source: string;
}

export interface LifelogSamples {
  samples: LifelogSample[];
}

export interface LifelogDaysQuery {
  metric: string;
  /** Local days, inclusive: "2026-01-01". */
  from?: string;
  to?: string;
  /** A person's id from people(); absent: the account holder. */
  person?: number;
}

/** One source's part of a merged day. */
export interface LifelogDaySource {
  device: string;
  kind: DeviceKind;
  /** Its contribution (cumulative) or the sum of its readings. */
  value: number;
  /** Cumulative metrics: the UTC spans it counted for. */
  ranges?: [string, string][];
  /** Readings: how many were its own. */
  readings?: number;
  /** Readings: other devices that recorded the same readings. */
  corroboratedBy?: string[];
  /** Sleep: minutes per stage ("deep", "light", "rem", "asleep" when the source gave none). */
  stages?: Record<string, number>;
}

export interface LifelogDay {
  day: string;
  /** Steps/distance/energy: the day's total; readings: their mean; sleep: minutes. */
  value: number;
  min: number | null;
  max: number | null;
  readings: number;
  /** "7,639 = Apple Watch 6,000 (07:00–19:00) + iPhone 1,639 (19:00–23:00)" */
  explanation: string;
  sources: LifelogDaySource[];
}

export interface LifelogDays {
  metric: string;
  days: LifelogDay[];
  weeks: { weekStart: string; value: number; days: number }[];
}

export interface LifelogExportQuery {
  /** Default: steps, heart-rate, sleep, body-weight, blood pressure. */
  metrics?: string[];
  from?: string;
  to?: string;
  /** "fhir": a collection Bundle of daily Observations (LOINC, UCUM); "openmhealth": data points. */
  format: 'fhir' | 'openmhealth';
  /** A person's id from people(); absent: the account holder. */
  person?: number;
}

export interface LifelogPriority {
  metric: string;
  /** Highest first. */
  order: DeviceKind[];
}
