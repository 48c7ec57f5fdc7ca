// The checker's own time and calendar arithmetic (independent of the planner's src/model/calendar.ts).
// Times are minutes since 00:00, intervals half-open [start, end). Dates are day numbers since
// 1970-01-01 computed in UTC, so no time zone or daylight-saving shift can move a date.
import { WEEKDAYS, type WeekdayName } from '../model/schema.js';
import { WEEKDAY_ZH } from '../model/clock.js';

export type Interval = { readonly start: number; readonly end: number };

/** 'HH:MM' → minutes since midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** minutes since midnight → 'HH:MM'. */
export function clockOf(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Half-open intervals overlap (touching ones do not). */
export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

/** weekday name → index 0..6 (mon..sun). */
export const weekdayIndex = (day: WeekdayName): number => WEEKDAYS.indexOf(day);

/** Chinese weekday label for messages. */
export const weekdayZh = (day: WeekdayName): string => WEEKDAY_ZH[day] ?? day;

const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' → day number since 1970-01-01 (UTC); NaN for a malformed or non-existent date. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return ms / MS_PER_DAY;
}

/** day number → 'YYYY-MM-DD'. */
export function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** day number → weekday name (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): WeekdayName {
  return WEEKDAYS[(((day + 3) % 7) + 7) % 7];
}
