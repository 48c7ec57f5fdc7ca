// Reading an office's workbook (as grids of cells: xlsx.ts and csv.ts make them) into a kehou.instance/1.
// Real office files, not only the template: sheets found by name or by their headers; columns found by header
// (with synonyms) in any order; title rows above the header, blank rows and footnotes skipped; weekdays, yes/no,
// dates and times in their usual spellings; references to rooms, staff, classes and clubs by id or by unique
// name. Every problem is reported at once, each with its sheet, cell and instance path and a stable code; the
// instance is then validated (src/model) and the validator's problems are placed on the cells they came from.
import { INSTANCE_FORMAT, type Instance, type WeekdayName } from '../model/schema.js';
import { validateInstance } from '../model/validate.js';
import type { Problem } from '../model/problems.js';
import {
  cellText,
  normText,
  idText,
  isEmpty,
  parseDateCell,
  parseGrades,
  parseInteger,
  parseList,
  parseMonthDayCell,
  parseNumber,
  parseTimeCell,
  shown,
  type CellValue,
  type Parsed,
} from './cells.js';
import {
  BLOCK_KIND_LABEL,
  CLUB_LEVEL_LABEL,
  STAGE_LABEL,
  classLabel,
  normalizeText,
  parseBlockKind,
  parsePriority,
  parseRole,
  parseRoomKind,
  parseWeekdays,
  parseYesNo,
} from './names.js';
import { SHEETS, SCHOOL_ITEMS, columnLetters, headerKey, type Column, type ColumnKind, type SheetSpec } from './sheets.js';

/** A sheet as rows of cells; rows[0][0] is cell A1. */
export type Grid = { readonly name: string; readonly rows: readonly (readonly CellValue[])[] };

/** A problem in a workbook: where (sheet, cell such as C17, instance path), a stable code, a Chinese message. */
export type ImportProblem = {
  readonly sheet: string;
  /** A1-style cell, `3` for a whole row, '' for the whole sheet or workbook */
  readonly cell: string;
  /** JSON Pointer into the instance, '' when none */
  readonly path: string;
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
};

export type WorkbookResult =
  | { readonly ok: true; readonly instance: Instance; readonly warnings: readonly ImportProblem[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

type Where = { readonly sheet: string; readonly cell: string };

/** Codes of a cell that cannot be read, by kind of column. */
const KIND_CODE: Readonly<Record<ColumnKind, string>> = {
  id: 'bad-value',
  text: 'bad-value',
  int: 'bad-number',
  number: 'bad-number',
  bool: 'bad-yes-no',
  weekdays: 'bad-weekday',
  weekday: 'bad-weekday',
  time: 'bad-time',
  date: 'bad-date',
  monthday: 'bad-date',
  grades: 'bad-grade',
  list: 'bad-value',
  roles: 'unknown-role',
  roomKind: 'bad-value',
  roomKinds: 'bad-value',
  priorities: 'bad-value',
  stage: 'bad-value',
  blockKind: 'bad-value',
  clubLevel: 'bad-value',
  calendarType: 'bad-value',
  ref: 'bad-value',
};

/** Reads a cell of a given kind. */
function convert(kind: ColumnKind, v: CellValue): Parsed<unknown> {
  const fail = (message: string): Parsed<never> => ({ ok: false, message });
  switch (kind) {
    case 'id':
    case 'ref':
      return { ok: true, value: idText(v).text };
    case 'text':
      return { ok: true, value: cellText(v) };
    case 'int':
      return parseInteger(v);
    case 'number':
      return parseNumber(v);
    case 'bool': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      const b = parseYesNo(normText(v));
      return b === undefined ? fail(`${shown(v)}应为 是 或 否`) : { ok: true, value: b };
    }
    case 'weekdays': {
      const r = parseWeekdays(cellText(v));
      return r.ok ? { ok: true, value: r.days } : fail(`${shown(v)}中的“${r.bad}”不是星期几（应写成 周一、周三 或 一三五）`);
    }
    case 'weekday': {
      const r = parseWeekdays(cellText(v));
      return r.ok && r.days.length === 1 ? { ok: true, value: r.days[0] } : fail(`${shown(v)}不是一个星期几（应写成 周三）`);
    }
    case 'time':
      return parseTimeCell(v);
    case 'date':
      return parseDateCell(v);
    case 'monthday':
      return parseMonthDayCell(v);
    case 'grades':
      return parseGrades(v);
    case 'list':
      return { ok: true, value: parseList(v) };
    case 'roles': {
      const out: string[] = [];
      for (const piece of parseList(v)) {
        const r = parseRole(piece);
        if (r === undefined) return fail(`身份“${piece}”不认识，应为 教师、行政、志愿者、教练、退休教师、家长、保安 之一`);
        if (!out.includes(r)) out.push(r);
      }
      return { ok: true, value: out };
    }
    case 'roomKind':
      return { ok: true, value: parseRoomKind(cellText(v)) };
    case 'roomKinds':
      return { ok: true, value: parseList(v).map(parseRoomKind) };
    case 'priorities': {
      const out: string[] = [];
      for (const piece of parseList(v)) {
        const p = parsePriority(piece);
        if (p === undefined) return fail(`“${piece}”不是优先照顾类别，应为 残疾儿童、留守儿童、随迁子女、低收入家庭 之一`);
        if (!out.includes(p)) out.push(p);
      }
      return { ok: true, value: out };
    }
    case 'stage':
      return enumValue(v, STAGE_LABEL, { 小学: 'primary', 初中: 'junior', 初级中学: 'junior', 九年一贯: 'nine-year', 九年制: 'nine-year', 九年一贯制学校: 'nine-year' }, '小学、初中 或 九年一贯制');
    case 'blockKind': {
      const k = parseBlockKind(cellText(v));
      return k === undefined ? fail(`${shown(v)}不是时段类型，应为 ${Object.values(BLOCK_KIND_LABEL).join('、')} 之一`) : { ok: true, value: k };
    }
    case 'clubLevel':
      return enumValue(v, CLUB_LEVEL_LABEL, { 校级: 'school', 学校: 'school', 班级: 'class', 班内: 'class' }, '校级社团 或 班级社团');
    case 'calendarType':
      return enumValue(v, { holiday: '节假日', workday: '调休上班', season: '季节' }, { 假期: 'holiday', 放假: 'holiday', 节日: 'holiday', 休息: 'holiday', 调休: 'workday', 补班: 'workday', 上班: 'workday', 作息季节: 'season', 时令: 'season' }, '节假日、调休上班 或 季节');
  }
}

function enumValue(v: CellValue, labels: Readonly<Record<string, string>>, synonyms: Readonly<Record<string, string>>, expected: string): Parsed<string> {
  const t = normText(v);
  for (const [k, label] of Object.entries(labels)) if (t === label || t.toLowerCase() === k) return { ok: true, value: k };
  if (synonyms[t]) return { ok: true, value: synonyms[t] };
  return { ok: false, message: `${shown(v)}应为 ${expected}` };
}

// ------------------------------------------------------------------------------------------ tables

type Row = {
  /** 0-based row index in the grid */
  readonly r: number;
  readonly cells: ReadonlyMap<string, { readonly value: CellValue; readonly c: number }>;
  /** 志愿1, 志愿2 … columns in order */
  readonly prefs: readonly { readonly value: CellValue; readonly c: number }[];
};

type Table = { readonly grid: Grid; readonly header: number; readonly columns: ReadonlyMap<string, number>; readonly rows: readonly Row[] };

const PREF_COLUMN = /^(?:第?([一二三四五六七八九十]|\d+)志愿|志愿([一二三四五六七八九十]|\d+)|社团([一二三四五六七八九十]|\d+))$/;
const zhNumber = (s: string): number => ('一二三四五六七八九十'.indexOf(s) >= 0 ? '一二三四五六七八九十'.indexOf(s) + 1 : Number(s));

/** Which column of the spec a header names, if any. */
function matchHeader(spec: SheetSpec, text: string): Column | undefined {
  const key = headerKey(text);
  if (key === '') return undefined;
  return spec.columns.find((c) => headerKey(c.header) === key) ?? spec.columns.find((c) => c.synonyms.some((s) => headerKey(s) === key));
}

/** The row (among the first 20) that looks most like the spec's header, with its score. */
function findHeader(grid: Grid, spec: SheetSpec): { row: number; score: number } {
  let best = { row: -1, score: 0 };
  for (let r = 0; r < Math.min(grid.rows.length, 20); r++) {
    const seen = new Set<string>();
    for (const v of grid.rows[r] ?? []) {
      const text = typeof v === 'string' ? v : '';
      const c = matchHeader(spec, text);
      if (c) seen.add(c.key);
      else if (spec.name === '学生' && PREF_COLUMN.test(headerKey(text))) seen.add('prefs');
    }
    if (seen.size > best.score) best = { row: r, score: seen.size };
  }
  return best;
}

const FOOTNOTE = /^(注|备注|说明|制表|审核|填表|合计|总计|小计|负责人|签字|日期[:：])/;

class Reader {
  readonly problems: ImportProblem[] = [];
  /** instance path → the cell it came from */
  readonly where = new Map<string, Where>();

  add(where: Where, path: string, code: string, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.problems.push({ sheet: where.sheet, cell: where.cell, path, code, message, severity });
  }

  /** Finds the spec's columns in a grid and returns its data rows. */
  table(grid: Grid, spec: SheetSpec): Table | undefined {
    const { row: header, score } = findHeader(grid, spec);
    if (header < 0 || score === 0) {
      this.add({ sheet: grid.name, cell: '' }, spec.path, 'no-header', `工作表“${grid.name}”中找不到表头（应有 ${spec.columns.filter((c) => c.required).map((c) => c.header).join('、')} 等列）`);
      return undefined;
    }
    const columns = new Map<string, number>();
    const prefCols: { c: number; n: number }[] = [];
    (grid.rows[header] ?? []).forEach((v, c) => {
      const text = cellText(v);
      if (text === '') return;
      const m = PREF_COLUMN.exec(headerKey(text));
      if (spec.name === '学生' && m) {
        prefCols.push({ c, n: zhNumber(m[1] ?? m[2] ?? m[3]) });
        return;
      }
      const col = matchHeader(spec, text);
      const at = { sheet: grid.name, cell: `${columnLetters(c)}${header + 1}` };
      if (!col) {
        if (!/^(序号|编号序|no\.?|#)$/i.test(headerKey(text))) this.add(at, '', 'unknown-column', `列“${text}”不是本表的列，已忽略`, 'warning');
        return;
      }
      if (columns.has(col.key)) {
        this.add(at, '', 'duplicate-column', `列“${text}”与第 ${columnLetters(columns.get(col.key)!)} 列重复，只读取前一列`, 'warning');
        return;
      }
      columns.set(col.key, c);
    });
    prefCols.sort((a, b) => a.n - b.n);
    let missing = false;
    for (const col of spec.columns) {
      if (!col.required || columns.has(col.key)) continue;
      if (col.key === 'prefs' && prefCols.length > 0) continue;
      if (spec.path === '/timelines' && (col.key === 'start' || col.key === 'end') && columns.has('time')) continue;
      this.add({ sheet: grid.name, cell: String(header + 1) }, '', 'missing-column', `工作表“${grid.name}”缺少“${col.header}”列${col.synonyms.length ? `（也可写作 ${col.synonyms.slice(0, 3).join('、')}）` : ''}`);
      missing = true;
    }
    if (missing) return undefined;
    const rows: Row[] = [];
    for (let r = header + 1; r < grid.rows.length; r++) {
      const raw = grid.rows[r] ?? [];
      const cells = new Map<string, { value: CellValue; c: number }>();
      for (const [key, c] of columns) cells.set(key, { value: raw[c] ?? null, c });
      const prefs = prefCols.map(({ c }) => ({ value: raw[c] ?? null, c }));
      const filled = raw.filter((v) => !isEmpty(v));
      if (filled.length === 0) continue; // blank row
      if (filled.length === 1 && FOOTNOTE.test(cellText(filled[0]))) continue; // 注：…, 制表人：…
      if ([...cells.values()].every((x) => isEmpty(x.value)) && prefs.every((x) => isEmpty(x.value))) continue;
      rows.push({ r, cells, prefs });
    }
    return { grid, header, columns, rows };
  }

  /**
   * Reads one cell of a row into `item[key]`, remembering where `path` came from. Empty cells leave the field
   * absent (a required one is reported); unreadable cells are reported with the kind's code.
   */
  field(item: Record<string, unknown>, t: Table, row: Row, col: Column, path: string, options: { required?: boolean } = {}): unknown {
    const cell = row.cells.get(col.key);
    const at = { sheet: t.grid.name, cell: cell ? `${columnLetters(cell.c)}${row.r + 1}` : String(row.r + 1) };
    this.where.set(`${path}/${col.key}`, at);
    if (!cell || isEmpty(cell.value)) {
      if (options.required ?? col.required) this.add(at, `${path}/${col.key}`, 'missing-field', `“${col.header}”不能为空`);
      return undefined;
    }
    const parsed = convert(col.kind, cell.value);
    if (!parsed.ok) {
      this.add(at, `${path}/${col.key}`, KIND_CODE[col.kind], `${col.header}：${parsed.message}`);
      return undefined;
    }
    if ((col.kind === 'id' || col.kind === 'ref') && cell.value instanceof Date)
      this.add(at, `${path}/${col.key}`, 'date-as-id', `${col.header}被 Excel 存成了日期，已按“${parsed.value as string}”读取；请把该列设为文本格式`, 'warning');
    item[col.key] = parsed.value;
    return parsed.value;
  }

  rowStart(t: Table, row: Row, path: string): void {
    this.where.set(path, { sheet: t.grid.name, cell: `A${row.r + 1}` });
  }
}

// ------------------------------------------------------------------------------------------ sheets → instance parts

/** Picks the grid for each sheet of the layout: by name first, then by how well its header matches. */
function assignGrids(grids: readonly Grid[]): Map<string, Grid> {
  const out = new Map<string, Grid>();
  const used = new Set<Grid>();
  for (const spec of SHEETS) {
    const exact = grids.find((g) => !used.has(g) && normalizeText(g.name) === spec.name);
    if (exact) {
      out.set(spec.name, exact);
      used.add(exact);
    }
  }
  const scored: { spec: SheetSpec; grid: Grid; score: number }[] = [];
  for (const spec of SHEETS) {
    if (out.has(spec.name)) continue;
    for (const grid of grids) {
      if (used.has(grid) || grid.name === '说明') continue;
      const byName = spec.names.some((n) => grid.name.includes(n)) ? 100 : 0;
      const score = spec.path === '' ? (schoolItemsFound(grid) >= 2 ? 50 + schoolItemsFound(grid) : 0) : findHeader(grid, spec).score;
      if (spec.path !== '' && score < 2 && byName === 0) continue;
      if (score === 0) continue;
      scored.push({ spec, grid, score: byName + score });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  for (const s of scored) {
    if (out.has(s.spec.name) || used.has(s.grid)) continue;
    out.set(s.spec.name, s.grid);
    used.add(s.grid);
  }
  return out;
}

function schoolItemsFound(grid: Grid): number {
  let n = 0;
  for (const row of grid.rows.slice(0, 60)) if ((row ?? []).some((v) => typeof v === 'string' && SCHOOL_ITEMS.some((c) => matchItem(c, v)))) n++;
  return n;
}

const matchItem = (c: Column, text: string): boolean => {
  const k = headerKey(text);
  return k !== '' && (headerKey(c.header) === k || c.synonyms.some((s) => headerKey(s) === k));
};

/** 学校与政策: one item per row, its value in the cell to the right of its label (or under a 值 column). */
function readSchool(reader: Reader, grid: Grid): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  let valueCol = -1;
  for (const row of grid.rows.slice(0, 5)) {
    const c = (row ?? []).findIndex((v) => typeof v === 'string' && /^(值|内容|数值|设置|填写)$/.test(headerKey(v)));
    if (c >= 0) valueCol = c;
  }
  const seen = new Set<string>();
  grid.rows.forEach((row, r) => {
    const cells = row ?? [];
    const labelAt = cells.findIndex((v) => typeof v === 'string' && SCHOOL_ITEMS.some((c) => matchItem(c, v)));
    if (labelAt < 0) return;
    const item = SCHOOL_ITEMS.find((c) => matchItem(c, cells[labelAt] as string))!;
    if (seen.has(item.key)) return;
    seen.add(item.key);
    const c = valueCol > labelAt ? valueCol : labelAt + 1;
    const at = { sheet: grid.name, cell: `${columnLetters(c)}${r + 1}` };
    const path = '/' + item.key.replace('.', '/');
    reader.where.set(path, at);
    const v = cells[c] ?? null;
    if (isEmpty(v)) return;
    const parsed = convert(item.kind, v);
    if (!parsed.ok) reader.add(at, path, KIND_CODE[item.kind], `${item.header}：${parsed.message}`);
    else values[item.key] = parsed.value;
  });
  for (const item of SCHOOL_ITEMS) {
    if (item.required && !seen.has(item.key)) reader.add({ sheet: grid.name, cell: '' }, '/' + item.key.replace('.', '/'), 'missing-field', `缺少“${item.header}”一项`);
  }
  return values;
}

type CalendarParts = { holidays: unknown[]; workdays: unknown[]; seasons: unknown[] };

/** 校历: 节假日 / 调休上班 / 季节 rows. */
function readCalendar(reader: Reader, grid: Grid): CalendarParts | undefined {
  const spec = SHEETS.find((s) => s.path === '/calendar')!;
  const t = reader.table(grid, spec);
  if (!t) return undefined;
  const parts: CalendarParts = { holidays: [], workdays: [], seasons: [] };
  const colOf = (key: string) => spec.columns.find((c) => c.key === key)!;
  for (const row of t.rows) {
    const probe: Record<string, unknown> = {};
    const typeCell = row.cells.get('type');
    let type: string | undefined;
    if (typeCell && !isEmpty(typeCell.value)) {
      const parsed = convert('calendarType', typeCell.value);
      if (!parsed.ok) {
        reader.add({ sheet: grid.name, cell: `${columnLetters(typeCell.c)}${row.r + 1}` }, '/calendar', 'bad-value', `类型：${parsed.message}`);
        continue;
      }
      type = parsed.value as string;
    } else {
      // no type written: a latest end time means a season, a weekday a make-up day, else a holiday
      type = !isEmpty(row.cells.get('latestEnd')?.value ?? null) ? 'season' : !isEmpty(row.cells.get('as')?.value ?? null) ? 'workday' : 'holiday';
    }
    if (type === 'holiday') {
      const k = parts.holidays.length;
      const path = `/calendar/holidays/${k}`;
      reader.rowStart(t, row, path);
      const item: Record<string, unknown> = {};
      reader.field(item, t, row, colOf('from'), path, { required: true });
      reader.field(probe, t, row, colOf('to'), path);
      item.to = probe.to ?? item.from;
      reader.field(probe, t, row, colOf('name'), path);
      if (probe.name !== undefined && probe.name !== '') item.name = probe.name;
      parts.holidays.push({ from: item.from, to: item.to, ...(item.name !== undefined ? { name: item.name } : {}) });
    } else if (type === 'workday') {
      const k = parts.workdays.length;
      const path = `/calendar/workdays/${k}`;
      reader.rowStart(t, row, path);
      const item: Record<string, unknown> = {};
      reader.field(item, t, row, colOf('from'), path, { required: true });
      reader.where.set(`${path}/date`, reader.where.get(`${path}/from`)!);
      reader.field(item, t, row, colOf('as'), path, { required: true });
      parts.workdays.push({ date: item.from, as: item.as });
    } else {
      const k = parts.seasons.length;
      const path = `/calendar/seasons/${k}`;
      reader.rowStart(t, row, path);
      const item: Record<string, unknown> = {};
      const md = (key: 'from' | 'to'): void => {
        const cell = row.cells.get(key);
        const at = { sheet: grid.name, cell: cell ? `${columnLetters(cell.c)}${row.r + 1}` : String(row.r + 1) };
        reader.where.set(`${path}/${key}`, at);
        if (!cell || isEmpty(cell.value)) return reader.add(at, `${path}/${key}`, 'missing-field', `季节的${key === 'from' ? '开始' : '结束'}月日不能为空`);
        const parsed = parseMonthDayCell(cell.value);
        if (!parsed.ok) reader.add(at, `${path}/${key}`, 'bad-date', parsed.message);
        else item[key] = parsed.value;
      };
      md('from');
      md('to');
      reader.field(item, t, row, colOf('latestEnd'), path, { required: true });
      parts.seasons.push({ from: item.from, to: item.to, latestEnd: item.latestEnd });
    }
  }
  return parts;
}

/** 作息时间: rows grouped into timelines by 作息编号 (or by their grades when there is no 作息编号 column). */
function readTimelines(reader: Reader, grid: Grid): unknown[] | undefined {
  const spec = SHEETS.find((s) => s.path === '/timelines')!;
  const t = reader.table(grid, spec);
  if (!t) return undefined;
  const colOf = (key: string) => spec.columns.find((c) => c.key === key)!;
  const timelines: { id: string; grades?: number[]; blocks: Record<string, unknown>[]; gradesText: string }[] = [];
  let current: (typeof timelines)[number] | undefined;
  for (const row of t.rows) {
    const idCell = row.cells.get('id');
    const gradesCell = row.cells.get('grades');
    const idText0 = idCell && !isEmpty(idCell.value) ? cellText(idCell.value) : '';
    const gradesText = gradesCell && !isEmpty(gradesCell.value) ? cellText(gradesCell.value) : '';
    // a row continues the timeline above when its id (or, without ids, its grades) is empty or the same
    const key = idText0 || (t.columns.has('id') ? '' : gradesText);
    if (!current || (key !== '' && key !== (t.columns.has('id') ? current.id : current.gradesText))) {
      current = timelines.find((x) => (t.columns.has('id') ? x.id === key : x.gradesText === key)) ?? undefined;
      if (!current) {
        current = { id: idText0 || `作息${timelines.length + 1}`, blocks: [], gradesText };
        timelines.push(current);
      }
    }
    const ti = timelines.indexOf(current);
    const path = `/timelines/${ti}`;
    if (current.blocks.length === 0) {
      reader.rowStart(t, row, path);
      if (idCell) reader.where.set(`${path}/id`, { sheet: grid.name, cell: `${columnLetters(idCell.c)}${row.r + 1}` });
    }
    if (gradesText !== '') {
      const g: Record<string, unknown> = {};
      const before = current.grades;
      reader.field(g, t, row, colOf('grades'), path);
      if (Array.isArray(g.grades)) {
        if (before === undefined) {
          current.grades = g.grades as number[];
          current.gradesText = gradesText;
        } else if (before.join(',') !== (g.grades as number[]).join(',')) {
          reader.add({ sheet: grid.name, cell: `${columnLetters(gradesCell!.c)}${row.r + 1}` }, `${path}/grades`, 'inconsistent-timeline', `作息“${current.id}”的各行年级不一致：${before.join('、')} 与 ${(g.grades as number[]).join('、')}`);
        }
      }
    }
    const bi = current.blocks.length;
    const bpath = `${path}/blocks/${bi}`;
    reader.rowStart(t, row, bpath);
    const block: Record<string, unknown> = {};
    reader.field(block, t, row, colOf('kind'), bpath);
    const range = row.cells.get('time');
    if (range && !isEmpty(range.value) && !row.cells.has('start')) {
      const at = { sheet: grid.name, cell: `${columnLetters(range.c)}${row.r + 1}` };
      const parts = cellText(range.value).split(/\s*(?:-|–|—|~|～|至|到)\s*/);
      const a = parts.length === 2 ? parseTimeCell(parts[0]) : undefined;
      const b = parts.length === 2 ? parseTimeCell(parts[1]) : undefined;
      reader.where.set(`${bpath}/start`, at);
      reader.where.set(`${bpath}/end`, at);
      if (a?.ok && b?.ok) {
        block.start = a.value;
        block.end = b.value;
      } else reader.add(at, `${bpath}/start`, 'bad-time', `时间“${cellText(range.value)}”应写成 15:30-16:10`);
    } else {
      reader.field(block, t, row, colOf('start'), bpath, { required: true });
      reader.field(block, t, row, colOf('end'), bpath, { required: true });
    }
    current.blocks.push({ kind: block.kind, start: block.start, end: block.end });
  }
  return timelines.map((tl, ti) => {
    if (tl.grades === undefined) reader.add(reader.where.get(`/timelines/${ti}`) ?? { sheet: grid.name, cell: '' }, `/timelines/${ti}/grades`, 'missing-field', `作息“${tl.id}”没有写年级`);
    return { id: tl.id, grades: tl.grades, blocks: tl.blocks };
  });
}

/** A plain list sheet (场地, 班级, 教职工, 社团, 学生, 请假): one item per row, `make` fills the fields. */
function readList(
  reader: Reader,
  grid: Grid,
  spec: SheetSpec,
  make: (item: Record<string, unknown>, field: (key: string, required?: boolean) => unknown, row: Row, t: Table, path: string) => void,
): Record<string, unknown>[] | undefined {
  const t = reader.table(grid, spec);
  if (!t) return undefined;
  return t.rows.map((row, k) => {
    const path = `${spec.path}/${k}`;
    reader.rowStart(t, row, path);
    const item: Record<string, unknown> = {};
    const field = (key: string, required?: boolean) => reader.field(item, t, row, spec.columns.find((c) => c.key === key)!, path, required === undefined ? {} : { required });
    make(item, field, row, t, path);
    return item;
  });
}

/** Drops undefined fields; keeps the template's field order. */
const clean = (o: Record<string, unknown>, order: readonly string[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const k of order) if (o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined && !k.startsWith('_')) out[k] = o[k];
  return out;
};

// ------------------------------------------------------------------------------------------ references

/** Grade and class number seen in a class name: 一（2）班, 1-2, 1年级2班, 一年级二班 → "1-2". */
function classKey(text: string): string | undefined {
  const t = normalizeText(text).replace(/\s+/g, '');
  const zh = (s: string): number => {
    if (/^\d+$/.test(s)) return Number(s);
    const table: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12, 十三: 13, 十四: 14, 十五: 15, 初一: 7, 初二: 8, 初三: 9 };
    return table[s] ?? NaN;
  };
  const m =
    /^(\d+|[一二三四五六七八九]|初[一二三])(?:年级)?[-_.(（]?(\d+|[一二三四五六七八九十]+)[)）]?班?$/.exec(t) ??
    /^(\d+|[一二三四五六七八九]|初[一二三])年级(\d+|[一二三四五六七八九十]+)班$/.exec(t);
  if (!m) return undefined;
  const g = zh(m[1]);
  const n = zh(m[2]);
  return Number.isNaN(g) || Number.isNaN(n) ? undefined : `${g}-${n}`;
}

type Lookup = { readonly resolve: (text: string) => { id?: string; ambiguous?: readonly string[] } };

function lookup(items: readonly { id: string; names: readonly string[] }[]): Lookup {
  const byId = new Map<string, string>();
  const byLoose = new Map<string, Set<string>>();
  const loose = (s: string) => normalizeText(s).replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')').toLowerCase();
  for (const it of items) {
    byId.set(it.id, it.id);
    for (const n of [it.id, ...it.names]) {
      if (!n) continue;
      const k = loose(n);
      if (!byLoose.has(k)) byLoose.set(k, new Set());
      byLoose.get(k)!.add(it.id);
    }
  }
  return {
    resolve: (text) => {
      if (byId.has(text)) return { id: text };
      const hits = byLoose.get(loose(text));
      if (!hits) return {};
      if (hits.size === 1) return { id: [...hits][0] };
      return { ambiguous: [...hits] };
    },
  };
}

// ------------------------------------------------------------------------------------------ the whole workbook

/**
 * Grids (sheets) → a valid instance, or every problem with its sheet, cell and path. Pure: the xlsx and CSV
 * readers turn bytes into grids. Sheets missing from the workbook: 学校与政策, 作息时间, 场地, 班级, 教职工 and 学生
 * are required; 校历, 社团 and 请假 may be left out (the instance then has no such list).
 */
export function readGrids(grids: readonly Grid[]): WorkbookResult {
  const reader = new Reader();
  const sheets = assignGrids(grids);
  const required = ['学校与政策', '作息时间', '场地', '班级', '教职工', '学生'];
  for (const name of required) {
    if (!sheets.has(name)) {
      const spec = SHEETS.find((s) => s.name === name)!;
      reader.add({ sheet: name, cell: '' }, spec.path, 'missing-sheet', `找不到工作表“${name}”（${spec.help}）；现有工作表：${grids.map((g) => g.name).join('、') || '无'}`);
    }
  }
  const get = (name: string) => sheets.get(name);
  const school = get('学校与政策') ? readSchool(reader, get('学校与政策')!) : {};
  const calendar = get('校历') ? readCalendar(reader, get('校历')!) : undefined;
  const timelines = get('作息时间') ? readTimelines(reader, get('作息时间')!) : undefined;
  const spec = (name: string) => SHEETS.find((s) => s.name === name)!;

  const rooms = get('场地')
    ? readList(reader, get('场地')!, spec('场地'), (item, field) => {
        field('id', false);
        field('name');
        field('kind');
        field('capacity');
        if (item.id === undefined) {
          if (item.name !== undefined) item.id = item.name;
          else field('id', true);
        }
        if (item.name === '') delete item.name;
      })?.map((o) => clean(o, ['id', 'kind', 'capacity', 'name']))
    : undefined;

  const classes = get('班级')
    ? readList(reader, get('班级')!, spec('班级'), (item, field, row, t, path) => {
        field('id', true);
        field('grade');
        field('size');
        field('room');
        field('homeroom');
        if (item.grade === undefined && typeof item.id === 'string') {
          const key = classKey(item.id);
          if (key) item.grade = Number(key.split('-')[0]);
          else reader.add(reader.where.get(`${path}/grade`)!, `${path}/grade`, 'missing-field', `班级“${item.id}”没有写年级，也无法从班级名称看出年级`);
        }
        void row;
        void t;
      })?.map((o) => clean(o, ['id', 'grade', 'size', 'room', 'homeroom']))
    : undefined;

  const staffRows = get('教职工')
    ? readList(reader, get('教职工')!, spec('教职工'), (_item, field) => {
        for (const c of spec('教职工').columns) field(c.key);
      })
    : undefined;
  const staffNameCount = new Map<string, number>();
  for (const s of staffRows ?? []) if (typeof s.name === 'string') staffNameCount.set(s.name, (staffNameCount.get(s.name) ?? 0) + 1);
  const staff = staffRows?.map((s, k) => {
    if (s.id === undefined && typeof s.name === 'string') {
      s.id = staffNameCount.get(s.name) === 1 ? s.name : `${s.name}${k + 1}`;
    }
    return clean(s, ['id', 'name', 'roles', 'grades', 'skills', 'unavailable', 'maxPeriodsPerWeek', 'exempt', 'misconduct', 'vetted', 'inspectionDays']);
  });

  const clubs = get('社团')
    ? readList(reader, get('社团')!, spec('社团'), (item, field) => {
        for (const c of spec('社团').columns) field(c.key);
        if (item.id === undefined && typeof item.name === 'string') item.id = item.name;
        if (item.skill === '') delete item.skill;
      })?.map((o) => clean(o, ['id', 'name', 'level', 'grades', 'min', 'max', 'days', 'sessionsPerWeek', 'roomKinds', 'skill']))
    : undefined;

  const students = get('学生')
    ? readList(reader, get('学生')!, spec('学生'), (item, field, row, t, path) => {
        field('id');
        field('name');
        field('class');
        field('days');
        field('priority');
        // preferences: one 志愿 column holding a list, or 志愿1 / 第一志愿 … columns
        const prefsCol = row.cells.get('prefs');
        const prefs: string[] = [];
        let explicitNone = false;
        if (prefsCol && !isEmpty(prefsCol.value)) {
          const at = { sheet: t.grid.name, cell: `${columnLetters(prefsCol.c)}${row.r + 1}` };
          reader.where.set(`${path}/prefs`, at);
          if (cellText(prefsCol.value) === '无') explicitNone = true;
          for (const p of parseList(prefsCol.value)) {
            reader.where.set(`${path}/prefs/${prefs.length}`, at);
            prefs.push(p);
          }
        }
        row.prefs.forEach(({ value, c }) => {
          if (isEmpty(value)) return;
          const at = { sheet: t.grid.name, cell: `${columnLetters(c)}${row.r + 1}` };
          if (cellText(value) === '无') {
            explicitNone = true;
            reader.where.set(`${path}/prefs`, at);
            return;
          }
          if (prefs.length === 0) reader.where.set(`${path}/prefs`, at);
          reader.where.set(`${path}/prefs/${prefs.length}`, at);
          prefs.push(idText(value).text);
        });
        if (prefs.length > 0 || explicitNone) item.prefs = prefs;
        field('feeExempt');
        if (item.name === '') delete item.name;
      })
    : undefined;
  students?.forEach((s, k) => {
    if (s.id === undefined) s.id = `s${String(k + 1).padStart(4, '0')}`;
  });

  const leave = get('请假')
    ? readList(reader, get('请假')!, spec('请假'), (item, field) => {
        field('id');
        field('staff');
        field('from');
        field('to');
        field('reason');
        if (item.to === undefined) item.to = item.from;
        if (item.reason === '') delete item.reason;
      })?.map((o) => clean(o, ['id', 'staff', 'from', 'to', 'reason']))
    : undefined;

  // references by id or unique name
  const rooms_ = lookup((rooms ?? []).filter((r) => typeof r.id === 'string').map((r) => ({ id: r.id as string, names: [r.name as string] })));
  const staff_ = lookup((staff ?? []).filter((s) => typeof s.id === 'string').map((s) => ({ id: s.id as string, names: [s.name as string] })));
  const clubs_ = lookup((clubs ?? []).filter((c) => typeof c.id === 'string').map((c) => ({ id: c.id as string, names: [c.name as string] })));
  const classList = (classes ?? []).filter((c) => typeof c.id === 'string');
  const classes_ = lookup(
    classList.map((c) => ({
      id: c.id as string,
      names: typeof c.grade === 'number' ? [classLabel(c.grade, c.id as string), classKey(c.id as string) ?? ''] : [],
    })),
  );
  const classByKey = new Map<string, string[]>();
  for (const c of classList) {
    const key = typeof c.grade === 'number' ? classKey(classLabel(c.grade, c.id as string)) : classKey(c.id as string);
    if (key) classByKey.set(key, [...(classByKey.get(key) ?? []), c.id as string]);
  }
  const resolve = (what: string, l: Lookup, obj: Record<string, unknown>, key: string | number, path: string, extra?: (t: string) => string[] | undefined): void => {
    const text = obj[key];
    if (typeof text !== 'string' || text === '') return;
    const r = l.resolve(text);
    if (r.id !== undefined) {
      obj[key] = r.id;
      return;
    }
    const alt = extra?.(text);
    if (alt && alt.length === 1) {
      obj[key] = alt[0];
      return;
    }
    const ambiguous = r.ambiguous ?? (alt && alt.length > 1 ? alt : undefined);
    if (ambiguous) {
      reader.add(reader.where.get(path) ?? { sheet: '', cell: '' }, path, 'ambiguous-name', `${what}“${text}”不唯一（${ambiguous.join('、')}），请改写编号`);
    }
    // not found: kept as written; validation reports it (unknown-room, unknown-staff, unknown-class, unknown-club)
  };
  classes?.forEach((c, k) => {
    resolve('场地', rooms_, c, 'room', `/classes/${k}/room`);
    resolve('教职工', staff_, c, 'homeroom', `/classes/${k}/homeroom`);
  });
  students?.forEach((s, k) => {
    resolve('班级', classes_, s, 'class', `/students/${k}/class`, (t) => {
      const key = classKey(t);
      return key ? classByKey.get(key) : undefined;
    });
    if (Array.isArray(s.prefs)) (s.prefs as unknown[]).forEach((_, j) => resolve('社团', clubs_, s.prefs as Record<number, unknown>, j, `/students/${k}/prefs/${j}`));
  });
  leave?.forEach((l, k) => resolve('教职工', staff_, l, 'staff', `/leave/${k}/staff`));

  const studentsOut = students?.map((o) => clean(o, ['id', 'class', 'days', 'priority', 'prefs', 'feeExempt', 'name']));
  const policyKeys = SCHOOL_ITEMS.filter((c) => c.key.startsWith('policy.')).map((c) => c.key.slice(7));
  const policy: Record<string, unknown> = {};
  for (const k of policyKeys) if (school[`policy.${k}`] !== undefined) policy[k] = school[`policy.${k}`];
  const instance: Record<string, unknown> = {
    format: INSTANCE_FORMAT,
    school: clean({ name: school['school.name'], stage: school['school.stage'], lessonMinutes: school['school.lessonMinutes'] }, ['name', 'stage', 'lessonMinutes']),
    ...(Object.keys(policy).length > 0 ? { policy } : {}),
    calendar: clean(
      {
        start: school['calendar.start'],
        end: school['calendar.end'],
        serviceWeekdays: school['calendar.serviceWeekdays'] as WeekdayName[] | undefined,
        ...(calendar ?? {}),
      },
      ['start', 'end', 'serviceWeekdays', 'holidays', 'workdays', 'seasons'],
    ),
    timelines: timelines ?? [],
    rooms: rooms ?? [],
    classes: classes ?? [],
    staff: staff ?? [],
    ...(clubs ? { clubs } : {}),
    students: studentsOut ?? [],
    ...(leave ? { leave } : {}),
  };
  // the format's own checks (structure and meaning), placed on the cells they came from
  const unreadable = new Set(reader.problems.filter((p) => p.severity === 'error').map((p) => p.path));
  const validation = validateInstance(instance);
  const fromValidation = [...(validation.ok ? [] : validation.errors), ...validation.warnings]
    // a cell already reported as unreadable is not reported again as missing
    .filter((p) => !(p.code === 'missing-field' && unreadable.has(p.path)))
    .map((p) => placed(reader, p));
  // in the order a person goes through the workbook: sheet by sheet, row by row, column by column
  const sheetOrder = new Map<string, number>();
  SHEETS.forEach((spec, i) => {
    const g = sheets.get(spec.name);
    sheetOrder.set(g ? g.name : spec.name, i);
  });
  const cellOrder = (cell: string): [number, number] => {
    const m = /^([A-Z]*)(\d*)$/.exec(cell);
    const col = m && m[1] ? [...m[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) : 0;
    return [m && m[2] ? Number(m[2]) : 0, col];
  };
  const problems = [...reader.problems, ...fromValidation]
    .map((p, k) => ({ p, k, s: sheetOrder.get(p.sheet) ?? -1, c: cellOrder(p.cell) }))
    .sort((a, b) => a.s - b.s || a.c[0] - b.c[0] || a.c[1] - b.c[1] || a.k - b.k)
    .map((x) => x.p);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { ok: false, problems: [...errors, ...problems.filter((p) => p.severity === 'warning')] };
  if (!validation.ok) return { ok: false, problems }; // cannot happen: validation errors are in `problems`
  return { ok: true, instance: validation.instance, warnings: problems };
}

/** A validator's problem on the cell its path (or the nearest enclosing path) came from. */
function placed(reader: Reader, p: Problem): ImportProblem {
  let path = p.path;
  let where = reader.where.get(path);
  while (!where && path !== '') {
    path = path.slice(0, path.lastIndexOf('/'));
    where = reader.where.get(path);
  }
  return { sheet: where?.sheet ?? '', cell: where?.cell ?? '', path: p.path, code: p.code, message: sheetWords(p.message), severity: p.severity };
}

/** The validator speaks of the JSON lists (`classes 列表`); in a workbook they are sheets. */
const LIST_SHEET: Readonly<Record<string, string>> = { classes: '班级', rooms: '场地', staff: '教职工', clubs: '社团', students: '学生', timelines: '作息时间', leave: '请假' };
const sheetWords = (message: string): string => message.replace(/ ?\b(classes|rooms|staff|clubs|students|timelines|leave) 列表/g, (_, list: string) => `“${LIST_SHEET[list]}”表`);

/** `学生!C17 (/students/15/class): 班级“9-9”不存在` */
export function formatImportProblem(p: ImportProblem): string {
  const where = p.sheet ? `${p.sheet}${p.cell ? `!${p.cell}` : ''}` : '工作簿';
  return `${where}${p.path ? ` (${p.path})` : ''}  ${p.code}  ${p.severity === 'warning' ? '警告：' : ''}${p.message}`;
}
