// The semester calendar (T1, T2): every service date from calendar.start to calendar.end, in order.
// A date is a school-local calendar day, handled as a day number (clock.ts: days since 1970-01-01, plain
// integer arithmetic, no Date in local time), so no time zone or daylight-saving shift can move a date: the
// same instance gives the same dates on a server in Shanghai or in Los Angeles. The semester walk uses date-fns
// on local-noon dates (a daylight-saving shift cannot move them across midnight); it is imported function by
// function, because the package index alone costs ≈ 150-250 ms of start-up (300 module files).
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { eachDayOfInterval } from 'date-fns/eachDayOfInterval';
import { getDay } from 'date-fns/getDay';
import { lightFormat } from 'date-fns/lightFormat';
import { WEEKDAYS, type Instance, type WeekdayName } from './schema.js';
import { parseDate } from './clock.js';

/** One service date and the weekday timetable it runs (`as`: its own weekday, or a 调休 workday's). */
export type ServiceDate = { readonly date: string; readonly as: WeekdayName };

/** 'YYYY-MM-DD' → a Date at local noon of that calendar day; undefined for a malformed or non-existent date. */
export function localDay(date: string): Date | undefined {
  const n = parseDate(date);
  if (n === undefined) return undefined;
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(2000, m - 1, d, 12, 0, 0, 0);
  day.setFullYear(y);
  return day;
}

/** A local calendar day → 'YYYY-MM-DD'. */
export const dateString = (day: Date): string => lightFormat(day, 'yyyy-MM-dd');

/** date-fns getDay (0 = Sunday) → index into WEEKDAYS (0 = Monday). */
const weekdayIndex = (day: Date): number => (getDay(day) + 6) % 7;

/** True for an existing 'YYYY-MM-DD' date. */
export const isDateString = (date: string): boolean => parseDate(date) !== undefined;

/** Weekday name of a 'YYYY-MM-DD' date (undefined when it is not a date). */
export function weekdayOf(date: string): WeekdayName | undefined {
  const day = localDay(date);
  return day === undefined ? undefined : WEEKDAYS[weekdayIndex(day)];
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier); NaN when either is not a date. */
export function daysBetween(from: string, to: string): number {
  const a = localDay(from);
  const b = localDay(to);
  return a !== undefined && b !== undefined ? differenceInCalendarDays(b, a) : Number.NaN;
}

/** The date `n` calendar days after `date`. */
export function shiftDate(date: string, n: number): string {
  const day = localDay(date);
  if (day === undefined) throw new RangeError(`not a date: ${date}`);
  return dateString(addDays(day, n));
}

/** Every calendar date in [from, to], in order (empty when from > to or either is not a date). */
export function datesIn(from: string, to: string): string[] {
  const start = localDay(from);
  const end = localDay(to);
  if (start === undefined || end === undefined || start > end) return [];
  return eachDayOfInterval({ start, end }).map(dateString);
}

/**
 * T1/T2 service dates: dates in [start, end] whose weekday is a service weekday, minus holidays (inclusive
 * ranges, weekdays included), plus 调休 workdays inside [start, end] (served even inside a holiday range, running
 * the timetable of their `as` weekday; docs/decisions.md "Service dates": every declared workday in range is a service date).
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
  const end = localDay(cal.end);
  if (start === undefined || end === undefined || start > end) return out;
  for (const day of eachDayOfInterval({ start, end })) {
    const date = dateString(day);
    const makeUp = workdays.get(date);
    if (makeUp !== undefined) {
      // T2 调休: the make-up date runs its `as` weekday's timetable
      out.push({ date, as: makeUp });
      continue;
    }
    const own = WEEKDAYS[weekdayIndex(day)];
    if (service.has(own) && !inHoliday(date)) out.push({ date, as: own });
  }
  return out;
}
