// The semester calendar (T1, T2): every service date from calendar.start to calendar.end, in order.
// A date is a school-local calendar day. Every Date below is built from its year/month/day parts at local
// noon and read back through local parts (date-fns), so no time zone or daylight-saving shift can move a
// date: the same instance gives the same dates on a server in Shanghai or in Los Angeles.
import { addDays, differenceInCalendarDays, getISODay, isValid, lightFormat } from 'date-fns';
import { WEEKDAYS, type Instance, type WeekdayName } from '../model/schema.js';

/** One service date and the weekday timetable it runs (`as`: its own weekday, or a 调休 workday's). */
export type ServiceDate = { readonly date: string; readonly as: WeekdayName };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → a Date at local noon of that calendar day; undefined for a malformed or non-existent date. */
export function localDay(date: string): Date | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const d = Number(m[3]);
  const day = new Date(y, mo, d, 12, 0, 0, 0);
  if (!isValid(day) || day.getFullYear() !== y || day.getMonth() !== mo || day.getDate() !== d) return undefined;
  return day;
}

/** A local calendar day → 'YYYY-MM-DD'. */
export const dateString = (day: Date): string => lightFormat(day, 'yyyy-MM-dd');

/** True for an existing 'YYYY-MM-DD' date. */
export const isDateString = (date: string): boolean => localDay(date) !== undefined;

/** Weekday name of a 'YYYY-MM-DD' date (undefined when it is not a date). */
export function weekdayOf(date: string): WeekdayName | undefined {
  const day = localDay(date);
  return day ? WEEKDAYS[getISODay(day) - 1] : undefined;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); NaN when either is not a date. */
export function daysBetween(from: string, to: string): number {
  const a = localDay(from);
  const b = localDay(to);
  return a && b ? differenceInCalendarDays(b, a) : Number.NaN;
}

/** The date `n` calendar days after `date`. */
export function shiftDate(date: string, n: number): string {
  const day = localDay(date);
  if (!day) throw new RangeError(`not a date: ${date}`);
  return dateString(addDays(day, n));
}

/** Every calendar date in [from, to], in order (empty when from > to or either is not a date). */
export function datesIn(from: string, to: string): string[] {
  const start = localDay(from);
  const n = daysBetween(from, to);
  if (!start || !(n >= 0)) return [];
  const out: string[] = new Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = dateString(addDays(start, i));
  return out;
}

/**
 * T1/T2 service dates: dates in [start, end] whose weekday is a service weekday, minus holidays (inclusive
 * ranges, weekdays included), plus 调休 workdays inside [start, end] (served even inside a holiday range, running
 * the timetable of their `as` weekday; decisions.md: every declared workday in range is a service date).
 */
export function serviceDates(instance: Pick<Instance, 'calendar'>): ServiceDate[] {
  const cal = instance.calendar;
  const service = new Set<WeekdayName>(cal.serviceWeekdays);
  const workdays = new Map<string, WeekdayName>();
  for (const w of cal.workdays ?? []) if (isDateString(w.date)) workdays.set(w.date, w.as);
  const holidays = (cal.holidays ?? []).filter((h) => isDateString(h.from) && isDateString(h.to));
  const inHoliday = (date: string): boolean => holidays.some((h) => h.from <= date && date <= h.to);
  const out: ServiceDate[] = [];
  const start = localDay(cal.start);
  const n = daysBetween(cal.start, cal.end);
  if (!start || !(n >= 0)) return out;
  for (let i = 0; i <= n; i++) {
    const day = addDays(start, i);
    const date = dateString(day);
    const makeUp = workdays.get(date);
    if (makeUp !== undefined) {
      // T2 调休: the make-up date runs its `as` weekday's timetable
      out.push({ date, as: makeUp });
      continue;
    }
    const own = WEEKDAYS[getISODay(day) - 1];
    if (service.has(own) && !inHoliday(date)) out.push({ date, as: own });
  }
  return out;
}
