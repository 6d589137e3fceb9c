// Vaccinations: the forecaster (Japan's routine schedule as data) and what it answers.
import type { Person } from './views.js';

/**
 * A vaccine product of the schedule data (`assets/immunization/jp-childhood.schedule.json`).
 * A combined product counts toward every series it covers (`DPT-IPV-Hib` toward 五種混合,
 * or toward 四種混合 and Hib for a child who started those).
 */
export type VaccineProduct =
  | 'HepB' | 'RV1' | 'RV5' | 'PCV7' | 'PCV13' | 'PCV15' | 'PCV20' | 'DPT-IPV-Hib' | 'DPT-IPV' | 'DPT+IPV' | 'Hib'
  | 'BCG' | 'MR' | 'VAR' | 'JE' | 'DT' | 'HPV2' | 'HPV4' | 'HPV9' | 'MUMPS' | 'FLU';

/** A series of the schedule: routine (定期接種 A類) ones, then the voluntary MUMPS and FLU. */
export type VaccineSeriesId =
  | 'HepB' | 'ROTA' | 'PCV' | 'DPT-IPV-Hib' | 'DPT-IPV' | 'Hib' | 'BCG' | 'MR1' | 'MR2' | 'VAR' | 'JE1' | 'JE2' | 'DT2' | 'HPV'
  | 'MUMPS' | 'FLU';

/** One dose given, as {@link Session.forecastVaccinations} takes it. */
export interface GivenDose {
  product: VaccineProduct;
  /** YYYY-MM-DD. */
  date: string;
  /** The series it was given for, when a product could belong to several periods (MR1/MR2). */
  series?: VaccineSeriesId;
}

export interface ForecastRequest {
  /** YYYY-MM-DD. */
  birthDate: string;
  /** Decides the series for one sex only (HPV); unknown when absent. */
  sex?: 'female' | 'male';
  /** The day the forecast is for: what is due, overdue, not yet. YYYY-MM-DD. */
  today: string;
  doses: GivenDose[];
}

/**
 * - `complete`: every dose of the series given and valid;
 * - `due`: the next dose's recommended window is open;
 * - `overdue`: the recommended window has passed, the free (routine) window has not;
 * - `not-yet`: the recommended window opens later (`recommendedFrom`);
 * - `no-longer-eligible`: the free window ended before the series was complete.
 */
export type SeriesStatus = 'complete' | 'due' | 'overdue' | 'not-yet' | 'no-longer-eligible';

/** Why a dose does not count. */
export type InvalidDoseReason =
  | 'too-young' | 'interval-too-short' | 'vaccine-spacing' | 'wrong-product' | 'wrong-product-for-date' | 'too-late';

/** A given dose as the rules in force on its day judge it. */
export interface JudgedDose {
  /** The dose number it counts as; null when it does not count (invalid, extra, earlier season). */
  dose: number | null;
  date: string;
  product: VaccineProduct;
  valid: boolean;
  /** The child's completed months of age that day (生後N月に至った日 counts as N). */
  ageMonths: number;
  role?: 'booster';
  /** When invalid: why, the rule id, a sentence with the dates, the sources, and the first valid day. */
  reason?: InvalidDoseReason;
  rule?: string;
  explanation?: string;
  source?: string[];
  validFrom?: string;
  /** Facts that do not make it invalid: a voluntary dose outside the free window, a product switch, … */
  notes?: string[];
  /** The Immunization record it came from (vault forecasts). */
  recordId?: string;
  lot?: string;
  clinic?: string;
  series?: VaccineSeriesId;
}

export interface SeriesForecast {
  id: VaccineSeriesId;
  /** Japanese name, and English. */
  name: string;
  nameEn: string;
  category: 'routine' | 'voluntary';
  status: SeriesStatus;
  /** The plan of the series followed (PCV's start-age groups A–D, HPV9's 2 or 3 doses, …). */
  plan: string;
  planText?: string;
  nextDose: number | null;
  nextProduct: VaccineProduct | null;
  /** The first day the next dose would be valid (no grace period: a day earlier is invalid). */
  earliestValidDate: string | null;
  recommendedFrom: string | null;
  recommendedBy: string | null;
  eligibleFrom: string;
  /** The last day the series is free (routine); null for voluntary series. */
  eligibleUntil: string | null;
  eligibleText?: string;
  /** A seasonal series' current (or next) season. */
  season?: { from: string; until: string };
  /** Extensions whose condition a record cannot show (the MR shortage measure): offered, not applied. */
  conditional?: { id: string; until: string | null; text: string; source: string[] }[];
  doses: JudgedDose[];
  notes: string[];
  source: string[];
  /** The dates above as completed months of age, for a chart's age columns (null where the date is). */
  ageMonths: {
    earliestValidDate: number | null; recommendedFrom: number | null; recommendedBy: number | null;
    eligibleFrom: number | null; eligibleUntil: number | null;
  };
}

/** A dose no series takes for this child (not routine for the birth cohort, unknown vaccine). */
export interface OtherDose {
  date: string;
  product?: VaccineProduct;
  vaccine?: string;
  reason: string;
  recordId?: string;
}

export interface VaccinationForecast {
  schedule: { id: string; name: string; rulesAsOf: string };
  birthDate: string;
  sex?: 'female' | 'male';
  today: string;
  /** Completed months of age today. */
  ageMonths: number;
  series: SeriesForecast[];
  otherDoses: OtherDose[];
  /** E.g. that invalid doses do not anchor later intervals (the rules are silent). */
  notes: string[];
}

/** The forecast of one person of the vault, from their Immunization records. */
export interface PersonVaccinations extends VaccinationForecast {
  person: Person;
}

export interface VaccinationsQuery {
  /** A {@link Person.id}; when absent, every child (under 20, with a birth date). */
  person?: number;
  /** YYYY-MM-DD. */
  today: string;
}

export interface VaccinationsView {
  today: string;
  byPerson: PersonVaccinations[];
}

export interface RecordVaccination {
  /** A {@link Person.id}. */
  person: number;
  product: VaccineProduct;
  /** YYYY-MM-DD. */
  date: string;
  lot?: string;
  clinic?: string;
}

export interface RecordedVaccination {
  person: number;
  product: VaccineProduct;
  date: string;
  /** The source the record is stored under (one per recorded dose). */
  source: string;
  resources: number;
}

export interface VaccinationCalendar {
  /** RFC 5545 text (CRLF, folded): one all-day event per upcoming dose, alarms the day before and on the day. */
  calendar: string;
  events: number;
}

/** A person added by hand ({@link Session.addPerson}). */
export interface NewPerson {
  name: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex?: 'female' | 'male';
}
