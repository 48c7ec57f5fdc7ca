// Times, dates and weekdays of the format (HH:MM, YYYY-MM-DD, MM-DD) as plain numbers.
// Times are minutes since 00:00; dates are day numbers (days since 1970-01-01, UTC, no time zone);
// weekday indices are 0..6 = mon..sun (WEEKDAYS in schema.ts).
import { WEEKDAYS, type WeekdayName } from './schema.js';

const TIME_RE = /^(\d{2}):(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY_RE = /^(\d{2})-(\d{2})$/;

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in month `m` (1-12) of year `y`; `y` undefined = any year (February has 29). */
export function daysInMonth(m: number, y?: number): number {
  if (m === 2) return y === undefined || isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `HH:MM` → minutes since 00:00, or undefined when malformed or not a real time (24:00, 12:61). */
export function parseTime(s: string): number | undefined {
  const m = TIME_RE.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/** minutes since 00:00 → `HH:MM` */
export function formatTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` → day number, or undefined when malformed or not a real date (2026-02-30). */
export function parseDate(s: string): number | undefined {
  const m = DATE_RE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(mo, y)) return undefined;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d); // unlike Date.UTC, keeps years 0001-0099 as given
  return Math.round(t.getTime() / 86_400_000);
}

/** day number → `YYYY-MM-DD` */
export function formatDate(day: number): string {
  const d = new Date(day * 86_400_000);
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** `MM-DD` → month × 100 + day (e.g. 501), or undefined when not a real day of some year (02-29 is). */
export function parseMonthDay(s: string): number | undefined {
  const m = MONTH_DAY_RE.exec(s);
  if (!m) return undefined;
  const mo = Number(m[1]);
  const d = Number(m[2]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(mo) ? mo * 100 + d : undefined;
}

/** month × 100 + day of a day number */
export function monthDayOf(day: number): number {
  const d = new Date(day * 86_400_000);
  return (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

/** Weekday index 0..6 = mon..sun of a day number (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

export const weekdayIndex = (name: WeekdayName): number => WEEKDAYS.indexOf(name);

/** Is month-day `md` inside the inclusive MM-DD range [from, to]? Ranges may wrap the new year (10-01 … 04-30). */
export function inMonthDayRange(md: number, from: number, to: number): boolean {
  return from <= to ? md >= from && md <= to : md >= from || md <= to;
}

/** 简体中文 weekday names, for messages */
export const WEEKDAY_ZH: Readonly<Record<WeekdayName, string>> = {
  mon: '周一',
  tue: '周二',
  wed: '周三',
  thu: '周四',
  fri: '周五',
  sat: '周六',
  sun: '周日',
};

/** the same names by weekday index (0 = mon … 6 = sun) */
export const WEEKDAY_ZH_BY_INDEX: readonly string[] = WEEKDAYS.map((d) => WEEKDAY_ZH[d]);
