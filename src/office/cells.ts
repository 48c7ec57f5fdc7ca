// One spreadsheet cell as an office writes it → a value of the format: text, whole and decimal numbers (full-width
// digits, stray spaces), times (Excel time cells, `15:30`, `15：30`, `3:30 下午`, `下午3点半`), dates (Excel date
// cells and serial numbers, `2026-09-01`, `2026/9/1`, `2026年9月1日`), month-days (`05-01`, `5月1日`, a date cell),
// yes/no (是/否/√/Y). Every parser returns the value or a Chinese message; none throws.
import { normalizeText } from './names.js';

/** A cell as read from a workbook or CSV: text, number, boolean, a Date (Excel date/time cell), or empty. */
export type CellValue = string | number | boolean | Date | null;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = (message: string): Parsed<never> => ({ ok: false, message });

/** The text of a cell as written, spaces trimmed (names keep their full-width brackets); '' for an empty cell. */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e9) / 1e9);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v.replace(/[\u3000\u00a0\u2002-\u200b\ufeff]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The text of a cell for reading a value from it: full-width digits, letters and marks made half-width. */
export const normText = (v: CellValue): string => normalizeText(cellText(v));

/** Cell shown in a message: “2026/13/1” */
export const shown = (v: CellValue): string => `“${v instanceof Date ? cellText(v) : String(v).trim()}”`;

export const isEmpty = (v: CellValue): boolean => cellText(v) === '';

/** A number (yuan, ratio…): 45, ４５, ' 45 ', 45人, 2.3元, 50%. */
export function parseNumber(v: CellValue): Parsed<number> {
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : no(`${shown(v)}不是数字`);
  const t = normText(v).replace(/,/g, '');
  const m = /^(-?\d+(?:\.\d+)?)\s*(%|人|个|名|元|分钟|分|课时|节|次|座|位)?$/.exec(t);
  if (!m) return no(`${shown(v)}不是数字`);
  return ok(m[2] === '%' ? Number(m[1]) / 100 : Number(m[1]));
}

/** A whole number. */
export function parseInteger(v: CellValue): Parsed<number> {
  const n = parseNumber(v);
  if (!n.ok) return no(`${shown(v)}不是整数`);
  if (!Number.isInteger(n.value)) return no(`${shown(v)}不是整数`);
  return n;
}

/** Grades: 3, `1、2`, `1-3`, `一年级,二年级`, `一二年级`, `3至6年级`. */
export function parseGrades(v: CellValue): Parsed<number[]> {
  if (typeof v === 'number') return Number.isInteger(v) ? ok([v]) : no(`${shown(v)}不是年级`);
  const t = normText(v).replace(/年级|级/g, ' ').trim();
  if (t === '无') return ok([]);
  const out: number[] = [];
  const num = (s: string): number | undefined => {
    if (/^\d+$/.test(s)) return Number(s);
    const i = '一二三四五六七八九'.indexOf(s);
    if (i >= 0) return i + 1;
    if (s === '初一') return 7;
    if (s === '初二') return 8;
    if (s === '初三') return 9;
    return undefined;
  };
  for (const piece of t.split(/[、,，;；\s/]+/).filter((p) => p !== '')) {
    const range = /^(\d+|[一二三四五六七八九]|初[一二三])(?:至|到|-|~|～|—|–)(\d+|[一二三四五六七八九]|初[一二三])$/.exec(piece);
    if (range) {
      const a = num(range[1]);
      const b = num(range[2]);
      if (a === undefined || b === undefined || b < a) return no(`${shown(v)}中的“${piece}”不是年级范围`);
      for (let g = a; g <= b; g++) if (!out.includes(g)) out.push(g);
      continue;
    }
    const single = num(piece);
    if (single !== undefined) {
      if (!out.includes(single)) out.push(single);
      continue;
    }
    if ([...piece].every((ch) => num(ch) !== undefined)) {
      for (const ch of piece) if (!out.includes(num(ch)!)) out.push(num(ch)!);
      continue;
    }
    return no(`${shown(v)}中的“${piece}”不是年级`);
  }
  return ok(out);
}

/** A list in one cell: `足球、篮球`, `a, b`, `a;b`. `无` → []. */
export function parseList(v: CellValue): string[] {
  const t = cellText(v);
  if (t === '' || t === '无') return [];
  return t.split(/[、,，;；\n|]+/).map((s) => s.trim()).filter((s) => s !== '');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Excel's day 0 is 1899-12-30 (with the 1900 leap-year bug folded in); serial numbers count days from it. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A time of day → HH:MM. Excel time cells (a Date on 1899-12-30, or a day fraction), `15:30`, `15：30`, `8:05`,
 * `1530`, `15点30`, `15点半`, `3:30 下午`, `下午3:30`, `3:30 PM`.
 */
export function parseTimeCell(v: CellValue): Parsed<string> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return no('不是时间');
    const total = Math.round((v.getUTCHours() * 3600 + v.getUTCMinutes() * 60 + v.getUTCSeconds()) / 60);
    return ok(`${pad2(Math.floor(total / 60) % 24)}:${pad2(total % 60)}`);
  }
  if (typeof v === 'number') {
    if (v >= 0 && v < 1) {
      const total = Math.round(v * 24 * 60);
      return ok(`${pad2(Math.floor(total / 60) % 24)}:${pad2(total % 60)}`);
    }
    return no(`${shown(v)}不是时间，应写成 15:30`);
  }
  const t = normText(v).toLowerCase().replace(/\s+/g, ' ');
  const m =
    /^(上午|早上|中午|下午|晚上|傍晚|am|pm)? ?(\d{1,2})(?:[:：.点时] ?(\d{1,2}|半)?分?|(\d{2}))? ?(上午|下午|晚上|am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!m) return no(`${shown(v)}不是时间，应写成 15:30`);
  let h = Number(m[2]);
  const min = m[3] === '半' ? 30 : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? Number(m[4]) : 0;
  const half = (m[1] ?? m[5] ?? '').replace(/\./g, '');
  if (/^(下午|晚上|傍晚|pm)$/.test(half) && h < 12) h += 12;
  if (/^(上午|早上|am)$/.test(half) && h === 12) h = 0;
  if (half === '中午' && h < 6) h += 12;
  if (h > 23 || min > 59) return no(`${shown(v)}不是有效的时间`);
  return ok(`${pad2(h)}:${pad2(min)}`);
}

/** A date → YYYY-MM-DD. Excel date cells and serial numbers, `2026-09-01`, `2026/9/1`, `2026.9.1`, `2026年9月1日`. */
export function parseDateCell(v: CellValue): Parsed<string> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return no('不是日期');
    return ok(`${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`);
  }
  if (typeof v === 'number') {
    if (v > 20_000 && v < 80_000 && Number.isInteger(v)) return parseDateCell(new Date(EXCEL_EPOCH + v * 86_400_000));
    if (/^\d{8}$/.test(String(v))) return parseDateCell(String(v));
    return no(`${shown(v)}不是日期，应写成 2026-09-01`);
  }
  const t = normText(v);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return no(`${shown(v)}不是日期，应写成 2026-09-01`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return no(`${shown(v)}不是存在的日期`);
  return ok(`${y}-${pad2(mo)}-${pad2(d)}`);
}

/** A day in the year → MM-DD: `05-01`, `5-1`, `5月1日`, `5/1`, a date cell (its month and day). */
export function parseMonthDayCell(v: CellValue): Parsed<string> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return no('不是日期');
    return ok(`${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`);
  }
  const t = normText(v);
  const full = /^\d{4}/.test(t) ? parseDateCell(v) : undefined;
  if (full?.ok) return ok(full.value.slice(5));
  const m = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!m) return no(`${shown(v)}不是月日，应写成 05-01`);
  const [mo, d] = [Number(m[1]), Number(m[2])];
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return no(`${shown(v)}不是存在的日期`);
  return ok(`${pad2(mo)}-${pad2(d)}`);
}

/**
 * An id or a reference as text. Excel turns a typed `1-2` into the date 1月2日 unless the column is text; such a
 * date cell is read back as `1-2` (month-day), which is what was typed.
 */
export function idText(v: CellValue): { readonly text: string; readonly fromDate: boolean } {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return { text: `${v.getUTCMonth() + 1}-${v.getUTCDate()}`, fromDate: true };
  return { text: cellText(v), fromDate: false };
}
