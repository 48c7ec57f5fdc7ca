// The Excel side of the office formats, on exceljs (loaded lazily: only these functions pay for it).
// - writeTemplate: the workbook to fill in (说明 first, then one sheet per part of the instance), Chinese headers,
//   frozen header rows, widths that fit, drop-down lists added per range, optionally filled from an instance;
// - readWorkbook: xlsx bytes → grids of cells → readGrids (read.ts);
// - writePlanWorkbook: the plan in Chinese with names (总览, a sheet per class, 教师课表, 专用教室, 社团名单, 值班表,
//   代课记录, 工作量, 收费), A4 landscape print set-up.
import type { Instance, Schedule, WeekdayName } from '../model/schema.js';
import type { CellValue } from './cells.js';
import {
  BLOCK_KIND_LABEL,
  CLUB_LEVEL_LABEL,
  PRIORITY_LABEL,
  ROLE_LABEL,
  STAGE_LABEL,
  roomKindLabel,
  weekdayLabel,
} from './names.js';
import { readGrids, type Grid, type WorkbookResult } from './read.js';
import { SHEETS, SCHOOL_ITEMS, columnLetters, type Column, type SheetSpec } from './sheets.js';
import {
  classTimetables,
  clubDemand,
  clubRosters,
  dutyRoster,
  fees,
  overview,
  roomTimetables,
  studentsWithoutClub,
  substitutions,
  teacherTimetables,
  workload,
} from './views.js';

type ExcelJS = typeof import('exceljs');
type Workbook = import('exceljs').Workbook;
type Worksheet = import('exceljs').Worksheet;

let excel: Promise<ExcelJS> | undefined;
/** exceljs, loaded on first use (it is large; other commands never load it). */
async function exceljs(): Promise<ExcelJS> {
  excel ??= import('exceljs').then((m) => ((m as { default?: ExcelJS }).default ?? m) as ExcelJS);
  return excel;
}

/** How many data rows the template's drop-downs and text formats cover. */
const TEMPLATE_ROWS = 3000;

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDE6F0' } } as const;
const THIN = { style: 'thin', color: { argb: 'FF999999' } } as const;

/** display width of a text: CJK characters count two */
const displayWidth = (s: string): number => [...s].reduce((a, ch) => a + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);

function styleHeader(ws: Worksheet, columns: number): void {
  const row = ws.getRow(1);
  for (let c = 1; c <= columns; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  }
  row.height = 22;
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
}

/** Column widths that fit the header and the longest value (in characters; CJK count two), within bounds. */
function fitWidths(ws: Worksheet, minimum: readonly number[] = [], max = 60): void {
  const widths: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const v = cell.value;
      const text = v instanceof Date ? '2026-09-01' : v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v);
      const longest = Math.max(...text.split('\n').map(displayWidth));
      widths[c - 1] = Math.max(widths[c - 1] ?? 0, longest);
    });
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(max, Math.max(minimum[i] ?? 6, w + 2));
  });
}

type Validation = { list: readonly string[]; strict?: boolean; title: string; help: string };

/** A drop-down on one range (exceljs writes validations correctly only when given per range). */
function addDropDown(ws: Worksheet, range: string, v: Validation): void {
  (ws as unknown as { dataValidations: { add(address: string, validation: object): void } }).dataValidations.add(range, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${v.list.join(',')}"`],
    showInputMessage: true,
    promptTitle: v.title.slice(0, 32),
    prompt: v.help.slice(0, 255),
    showErrorMessage: v.strict === true,
    errorStyle: 'stop',
    errorTitle: '请从列表中选择',
    error: `请选择：${v.list.join('、')}`.slice(0, 255),
  });
}

// ------------------------------------------------------------------------------------------ instance → cells

const none = '无';
const joinOrNone = (xs: readonly string[] | undefined): string | null => (xs === undefined ? null : xs.length === 0 ? none : xs.join('、'));
const excelDate = (date: string | undefined): Date | null => (date === undefined ? null : new Date(`${date}T00:00:00Z`));

/** A name written instead of an id when it is unique among the list's ids and names (the reader resolves it back). */
function nameOrId(items: readonly { id: string; name?: string }[]): (id: string | undefined) => string | null {
  const count = new Map<string, number>();
  for (const it of items) {
    count.set(it.id, (count.get(it.id) ?? 0) + 1);
    if (it.name) count.set(it.name, (count.get(it.name) ?? 0) + 1);
  }
  const byId = new Map(items.map((it) => [it.id, it] as const));
  return (id) => {
    if (id === undefined) return null;
    const name = byId.get(id)?.name;
    return name && name.trim() === name && name !== '' && count.get(name) === 1 && !/^\s|\s$/.test(name) ? name : id;
  };
}

/** The value a template cell holds for an instance field of a given kind. */
function cellFor(kind: Column['kind'], v: unknown): CellValue {
  if (v === undefined || v === null) return null;
  switch (kind) {
    case 'bool':
      return v ? '是' : '否';
    case 'weekdays':
      return joinOrNone((v as WeekdayName[]).map(weekdayLabel));
    case 'weekday':
      return weekdayLabel(v as WeekdayName);
    case 'date':
      return excelDate(v as string);
    case 'grades':
    case 'list':
      return joinOrNone((v as (string | number)[]).map(String));
    case 'roles':
      return joinOrNone((v as string[]).map((r) => ROLE_LABEL[r as keyof typeof ROLE_LABEL] ?? r));
    case 'roomKind':
      return roomKindLabel(v as string);
    case 'roomKinds':
      return joinOrNone((v as string[]).map(roomKindLabel));
    case 'priorities':
      return joinOrNone((v as string[]).map((p) => PRIORITY_LABEL[p as keyof typeof PRIORITY_LABEL] ?? p));
    case 'stage':
      return STAGE_LABEL[v as string] ?? String(v);
    case 'blockKind':
      return BLOCK_KIND_LABEL[v as keyof typeof BLOCK_KIND_LABEL] ?? String(v);
    case 'clubLevel':
      return CLUB_LEVEL_LABEL[v as string] ?? String(v);
    default:
      return typeof v === 'number' || typeof v === 'string' ? v : String(v);
  }
}

/** Data rows of each list sheet from an instance (the template filled with `--from`). */
function rowsFor(spec: SheetSpec, inst: Instance): CellValue[][] {
  const col = (key: string) => spec.columns.find((c) => c.key === key)!;
  const cells = (item: Record<string, unknown>, map: Record<string, (v: unknown) => CellValue> = {}): CellValue[] =>
    spec.columns.map((c) => (map[c.key] ? map[c.key](item[c.key]) : cellFor(c.kind, item[c.key])));
  const staffRef = nameOrId(inst.staff);
  switch (spec.name) {
    case '校历': {
      const cal = inst.calendar;
      return [
        ...(cal.holidays ?? []).map((h) => ['节假日', excelDate(h.from), excelDate(h.to), h.name ?? null, null, null]),
        ...(cal.workdays ?? []).map((w) => ['调休上班', excelDate(w.date), null, null, weekdayLabel(w.as), null]),
        ...(cal.seasons ?? []).map((s) => ['季节', s.from, s.to, null, null, s.latestEnd]),
      ];
    }
    case '作息时间':
      return inst.timelines.flatMap((t) => t.blocks.map((b) => [t.id, cellFor('grades', t.grades), cellFor('blockKind', b.kind), b.start, b.end]));
    case '场地':
      return inst.rooms.map((r) => cells(r as Record<string, unknown>));
    case '班级':
      return inst.classes.map((k) => cells(k as Record<string, unknown>, { homeroom: (v) => staffRef(v as string | undefined) }));
    case '教职工':
      return inst.staff.map((s) => cells(s as Record<string, unknown>));
    case '社团':
      return (inst.clubs ?? []).map((c) => cells(c as Record<string, unknown>));
    case '学生': {
      const clubRef = nameOrId(inst.clubs ?? []);
      const slots = prefColumns(inst);
      return inst.students.map((s) => {
        const base = spec.columns.filter((c) => c.key !== 'prefs').map((c) => cellFor(c.kind, (s as Record<string, unknown>)[c.key]));
        const prefs: CellValue[] = Array.from({ length: slots }, (_, j) => (s.prefs === undefined ? null : s.prefs.length === 0 ? (j === 0 ? none : null) : (clubRef(s.prefs[j]) ?? null)));
        const feeAt = spec.columns.filter((c) => c.key !== 'prefs').findIndex((c) => c.key === 'feeExempt');
        return [...base.slice(0, feeAt), ...prefs, ...base.slice(feeAt)];
      });
    }
    case '请假':
      return (inst.leave ?? []).map((l) => cells(l as Record<string, unknown>, { staff: (v) => staffRef(v as string) }));
    default:
      void col;
      return [];
  }
}

/** 志愿 columns in the 学生 sheet: 3, or as many as the longest preference list. */
const prefColumns = (inst: Instance | undefined): number => Math.max(3, ...(inst?.students ?? []).map((s) => s.prefs?.length ?? 0));

/** Headers of a list sheet (学生: 志愿1 … 志愿N in place of 志愿). */
function headersOf(spec: SheetSpec, inst: Instance | undefined): { header: string; col: Column }[] {
  const columns = spec.columns.filter((c) => !c.readOnly);
  if (spec.name !== '学生') return columns.map((c) => ({ header: c.header, col: c }));
  const prefs = spec.columns.find((c) => c.key === 'prefs')!;
  const out: { header: string; col: Column }[] = [];
  for (const c of columns) {
    if (c.key === 'feeExempt') for (let j = 1; j <= prefColumns(inst); j++) out.push({ header: `志愿${j}`, col: prefs });
    if (c.key !== 'prefs') out.push({ header: c.header, col: c });
  }
  return out;
}

/** Text formats keep ids such as 1-2 and 05-01 from being turned into dates by Excel. */
const TEXT_KINDS = new Set<Column['kind']>(['id', 'ref', 'text', 'time', 'weekdays', 'weekday', 'grades', 'list', 'roles', 'roomKinds', 'priorities']);

// ------------------------------------------------------------------------------------------ template

/**
 * The workbook template (xlsx bytes): 说明, 学校与政策, 校历, 作息时间, 场地, 班级, 教职工, 社团, 学生, 请假.
 * With an instance, every sheet is filled with it (reading the result back gives the same instance).
 */
export async function writeTemplate(instance?: Instance): Promise<Uint8Array> {
  const ExcelJS = await exceljs();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kehou 课后服务';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  writeGuide(wb);
  for (const spec of SHEETS) {
    const ws = wb.addWorksheet(spec.name);
    if (spec.path === '') writeSchoolSheet(ws, instance);
    else writeListSheet(ws, spec, instance);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function writeSchoolSheet(ws: Worksheet, inst: Instance | undefined): void {
  ws.addRow(['项目', '值', '说明']);
  styleHeader(ws, 3);
  SCHOOL_ITEMS.forEach((item, i) => {
    const [group, key] = item.key.split('.') as [string, string];
    const source = inst === undefined ? undefined : (inst as unknown as Record<string, Record<string, unknown> | undefined>)[group];
    const value = source === undefined ? undefined : source[key];
    const row = ws.addRow([item.header, cellFor(item.kind, value), item.help]);
    row.getCell(1).font = { bold: item.required };
    const cell = row.getCell(2);
    if (item.kind === 'date') cell.numFmt = 'yyyy-mm-dd';
    else if (TEXT_KINDS.has(item.kind)) cell.numFmt = '@';
    if (item.list) addDropDown(ws, `B${i + 2}`, { list: item.list, strict: item.strict, title: item.header, help: item.help });
  });
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 26;
  ws.getColumn(3).width = 70;
}

function writeListSheet(ws: Worksheet, spec: SheetSpec, inst: Instance | undefined): void {
  const headers = headersOf(spec, inst);
  ws.addRow(headers.map((h) => h.header));
  styleHeader(ws, headers.length);
  if (inst) for (const r of rowsFor(spec, inst)) ws.addRow(r);
  headers.forEach((h, i) => {
    const letter = columnLetters(i);
    const column = ws.getColumn(i + 1);
    if (h.col.kind === 'date') column.numFmt = 'yyyy-mm-dd';
    else if (TEXT_KINDS.has(h.col.kind)) column.numFmt = '@';
    if (h.col.list) addDropDown(ws, `${letter}2:${letter}${TEMPLATE_ROWS}`, { list: h.col.list, strict: h.col.strict, title: h.header, help: h.col.help });
  });
  // a student's class: pick from the 班级 sheet
  if (spec.name === '学生') {
    const c = headers.findIndex((h) => h.col.key === 'class');
    const letter = columnLetters(c);
    (ws as unknown as { dataValidations: { add(a: string, v: object): void } }).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`班级!$A$2:$A$${TEMPLATE_ROWS}`],
      showErrorMessage: false,
      showInputMessage: true,
      promptTitle: '班级',
      prompt: '班级编号或班级名称（如 1-2 或 一（2）班）',
    });
  }
  fitWidths(ws, headers.map((h) => Math.max(h.col.width, displayWidth(h.header) + 2)), 40);
}

/** 说明: every sheet and column with whether it is required, what it means and an example. */
function writeGuide(wb: Workbook): void {
  const ws = wb.addWorksheet('说明');
  ws.addRow(['工作表', '列（项目）', '必填', '说明', '示例']);
  styleHeader(ws, 5);
  ws.addRow(['（全部）', '', '', '填好各工作表后，运行 kehou import 本文件 -o 实例.json（或 kehou validate / kehou solve 本文件）。列的顺序可以调整，表头上方可以有标题行；星期可写 周一、周三 或 一三五，是/否 可写 √ 或 Y；引用场地、教职工、班级、社团时写编号或名称均可（名称须唯一）；空白的列表写“无”。', '']);
  for (const spec of SHEETS) {
    ws.addRow([spec.name, '', '', spec.help, '']).font = { bold: true };
    for (const c of spec.columns) ws.addRow([spec.name, c.header, c.required ? '是' : '', c.help + (c.synonyms.length ? `（表头也可写：${c.synonyms.join('、')}）` : ''), c.example]);
  }
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 22;
  ws.getColumn(3).width = 6;
  ws.getColumn(4).width = 90;
  ws.getColumn(5).width = 18;
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
}

// ------------------------------------------------------------------------------------------ reading

/** Plain value of an exceljs cell: rich text joined, a formula's result, a hyperlink's text, errors empty. */
function plain(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown; formula?: unknown; sharedFormula?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return plain(o.result);
    if (o.text !== undefined) return plain(o.text);
    if (o.error !== undefined) return null;
  }
  return String(v);
}

/** xlsx bytes → grids, one per worksheet (cell A1 = rows[0][0]). Throws when the bytes are not a workbook. */
export async function workbookGrids(bytes: Uint8Array): Promise<Grid[]> {
  const ExcelJS = await exceljs();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  const grids: Grid[] = [];
  wb.eachSheet((ws) => {
    const rows: CellValue[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        cells[c - 1] = plain(cell.value);
      });
      for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
      rows[r - 1] = cells;
    });
    for (let r = 0; r < rows.length; r++) if (rows[r] === undefined) rows[r] = [];
    grids.push({ name: ws.name, rows });
  });
  return grids;
}

/**
 * Reads a workbook (xlsx bytes) into an instance: `{ok: true, instance, warnings}` or `{ok: false, problems}`,
 * each problem with sheet, cell, instance path, stable code and Chinese message. Never throws.
 */
export async function readWorkbook(bytes: Uint8Array): Promise<WorkbookResult> {
  let grids: Grid[];
  try {
    grids = await workbookGrids(bytes);
  } catch (e) {
    return {
      ok: false,
      problems: [{ sheet: '', cell: '', path: '', code: 'workbook-unreadable', message: `无法读取 Excel 文件：${(e as Error)?.message ?? String(e)}（请另存为 .xlsx 格式；旧的 .xls 和 WPS 的 .et 格式不能直接读取）`, severity: 'error' }],
    };
  }
  return readGrids(grids);
}

// ------------------------------------------------------------------------------------------ the plan workbook

export type PlanWorkbookOptions = {
  /** yuan per period for the 工作量 sheet (else policy.payPerPeriod; without either, no pay column) */
  readonly payPerPeriod?: number;
};

/** A4 landscape, fit to one page wide, the header row repeated on every printed page. */
function printSetup(ws: Worksheet, titleRows = '1:1'): void {
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow: titleRows,
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
}

/** A simple table sheet: a title line, a header row, data rows, borders; widths fitted. */
function tableSheet(wb: Workbook, name: string, title: string, head: readonly string[], rows: readonly (readonly CellValue[])[], opts: { filter?: boolean; wrap?: boolean } = {}): Worksheet {
  const ws = wb.addWorksheet(safeSheetName(wb, name));
  ws.addRow([title]).font = { bold: true, size: 14 };
  addTable(ws, head, rows, opts);
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 0 }];
  if (opts.filter && rows.length > 0) ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + rows.length, column: head.length } };
  fitWidths(ws, [], opts.wrap ? 36 : 50);
  printSetup(ws, '2:2');
  return ws;
}

function addTable(ws: Worksheet, head: readonly string[], rows: readonly (readonly CellValue[])[], opts: { wrap?: boolean } = {}): void {
  const h = ws.addRow([...head]);
  h.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  for (const r of rows) {
    const row = ws.addRow([...r]);
    for (let c = 1; c <= head.length; c++) {
      const cell = row.getCell(c);
      cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
      cell.alignment = { vertical: 'top', wrapText: opts.wrap === true };
    }
  }
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\ , unique. */
function safeSheetName(wb: Workbook, name: string): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || '表';
  let n = base;
  for (let k = 2; wb.getWorksheet(n); k++) n = `${base.slice(0, 28)}(${k})`;
  return n;
}

/**
 * The plan as a workbook (xlsx bytes), in Chinese with names: 总览, one sheet per class (weekday × block grid:
 * activity, room, teacher), 教师课表 (each staff member's week, periods per week and semester), 专用教室,
 * 社团名单, 值班表, 代课记录, 工作量 (with pay when a rate per period is given), 收费. A4 landscape print set-up.
 */
export async function writePlanWorkbook(instance: Instance, schedule: Schedule, options: PlanWorkbookOptions = {}): Promise<Uint8Array> {
  const ExcelJS = await exceljs();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kehou 课后服务';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  const school = instance.school.name;

  // 总览
  const ov = overview(instance, schedule);
  const ws = wb.addWorksheet('总览');
  ws.addRow([`${school} 课后服务安排总览`]).font = { bold: true, size: 14 };
  ws.addRow([`学期：${ov.semester}，共 ${ov.serviceDates} 个服务日`]);
  addTable(ws, ['项目', '数量'], [
    ['参加课后服务的学生', ov.students],
    ['班级', ov.classes],
    ['教职工', ov.staff],
    ['看护班（每周）', ov.groups],
    ['其中合班', ov.mixedGroups],
    ['开设的校级社团', ov.clubsRunning],
    ['每周社团活动次数', ov.clubSessionsPerWeek],
    ['报名校级社团的学生', ov.studentsWantingClub],
    ['已安排社团的学生', ov.studentsInClub],
    ...ov.wishes.map(([k, n]): CellValue[] => [`　其中第${k}志愿`, n]),
    ['未安排社团的学生', ov.studentsWithoutClub],
    ['代课（次）', ov.substitutions],
    ['无人可代（次）', ov.uncovered],
  ]);
  ws.addRow([]);
  ws.addRow([ov.shortfalls.length > 0 ? '需要处理的缺口' : '所有看护、社团和值班任务都已安排到人。']).font = { bold: true };
  for (const s of ov.shortfalls) ws.addRow([s]);
  ws.addRow([]);
  ws.addRow(['社团报名与名额']).font = { bold: true };
  addTable(ws, ['社团', '级别', '年级', '活动日', '第一志愿人数', '报名人数', '名额', '已安排', '状态'], clubDemand(instance, schedule).map((d) => [d.name, d.level, d.grades, d.days, d.firstChoice, d.wanted, d.seats ?? '不限', d.members, d.status]));
  const unplaced = studentsWithoutClub(instance, schedule);
  if (unplaced.length > 0) {
    ws.addRow([]);
    ws.addRow(['未安排社团的学生']).font = { bold: true };
    addTable(ws, ['姓名', '班级', '志愿', '原因'], unplaced.map((u) => [u.name, u.class, u.wishes, u.reason]), { wrap: true });
  }
  fitWidths(ws, [20, 10], 40);
  printSetup(ws, '');

  // one sheet per class
  for (const t of classTimetables(instance, schedule)) {
    const cs = wb.addWorksheet(safeSheetName(wb, t.label));
    cs.addRow([`${school} 课后服务课表 · ${t.label}`]).font = { bold: true, size: 14 };
    cs.addRow([`班主任：${t.homeroom || '—'}　教室：${t.room || '—'}　参加 ${t.enrolled} 人　放学 ${t.endsAt}　延时接送 ${t.latePickup}`]);
    addTable(
      cs,
      ['时间', ...t.days.map((d) => `${d.label}（${d.students}人）`)],
      t.rows.map((row, r) => [`${row.time}\n${row.activity}`, ...t.cells[r].map((c) => (c === null ? '不开设' : [c.activity, c.room, c.teacher, c.note].filter((x) => x).join('\n')))]),
      { wrap: true },
    );
    if (t.clubs.length > 0) {
      cs.addRow([]);
      cs.addRow(['校级社团']).font = { bold: true };
      addTable(cs, ['社团', '活动日', '时间', '地点', '指导教师', '本班人数'], t.clubs.map((c) => [c.club, c.days, c.time, c.room, c.teacher, c.students]));
    }
    cs.getColumn(1).width = 14;
    for (let c = 2; c <= t.days.length + 1; c++) cs.getColumn(c).width = 24;
    printSetup(cs, '3:3');
  }

  // 教师课表: one row per staff member, a column per weekday
  const served = instance.calendar.serviceWeekdays;
  const teachers = teacherTimetables(instance, schedule);
  tableSheet(
    wb,
    '教师课表',
    `${school} 教师课后服务安排（每周）`,
    ['姓名', '身份', ...served.map(weekdayLabel), '每周课时', '学期课时', '巡视天数'],
    teachers.map((t) => [
      t.name,
      t.roles,
      ...served.map((d) => t.duties.filter((x) => x.day === d).map((x) => `${x.time} ${x.what}${x.room ? ` @${x.room}` : ''}`).join('\n') || null),
      t.periodsPerWeek,
      t.periodsSemester,
      t.inspections,
    ]),
    { wrap: true, filter: true },
  );

  // 专用教室
  const rooms = roomTimetables(instance, schedule).filter((r) => r.special);
  tableSheet(
    wb,
    '专用教室',
    `${school} 专用教室与场地安排（每周）`,
    ['场地', '类型', '容量', ...served.map(weekdayLabel)],
    rooms.map((r) => [r.name, r.kind, r.capacity, ...served.map((d) => r.uses.filter((u) => u.day === d).map((u) => `${u.time} ${u.what}（${u.teacher}，${u.students}人）`).join('\n') || null)]),
    { wrap: true },
  );

  // 社团名单
  tableSheet(
    wb,
    '社团名单',
    `${school} 校级社团名单`,
    ['社团', '活动日', '时间', '地点', '指导教师', '序号', '姓名', '班级'],
    clubRosters(instance, schedule).flatMap((c) => c.members.map((m, i) => [c.name, c.days, c.time, c.room, c.teacher, i + 1, m.name, m.class])),
    { filter: true },
  );

  // 值班表, 代课记录
  tableSheet(wb, '值班表', `${school} 值班表（行政巡视与延时接送）`, ['日期', '星期', '行政巡视', '延时接送', '时间', '当天代课（项）'], dutyRoster(instance, schedule).map((d) => [excelDate(d.date), d.dayLabel, d.inspection, d.latePickup, d.latePickupTime, d.changes || null]), { filter: true });
  tableSheet(wb, '代课记录', `${school} 代课记录`, ['日期', '星期', '任务', '时间', '原任', '代课', '原因'], substitutions(instance, schedule).map((s) => [excelDate(s.date), s.dayLabel, s.duty, s.time, s.from, s.to, s.reason]), { filter: true });

  // 工作量
  const wl = workload(instance, schedule, options.payPerPeriod);
  const pay = wl.payPerPeriod !== null;
  const wlSheet = tableSheet(
    wb,
    '工作量',
    `${school} 课后服务工作量${pay ? `（每课时 ${wl.payPerPeriod} 元）` : ''}`,
    ['姓名', '身份', '每周课时', '学期课时', '巡视天数', '代课次数', '被代课次数', ...(pay ? ['课酬（元）'] : [])],
    [
      ...wl.rows.map((r) => [r.name, r.roles, r.periodsPerWeek, r.periodsSemester, r.inspections, r.substitutionsTaken, r.substitutionsGiven, ...(pay ? [r.pay] : [])]),
      ['合计', null, null, wl.totalPeriods, null, null, null, ...(pay ? [wl.totalPay] : [])],
    ],
    { filter: false },
  );
  wlSheet.lastRow!.font = { bold: true };

  // 收费
  const f = fees(instance, schedule);
  const feeSheet = wb.addWorksheet('收费');
  feeSheet.addRow([`${school} 课后服务收费（每课时 ${f.feePerPeriod} 元），合计 ${f.total} 元`]).font = { bold: true, size: 14 };
  addTable(feeSheet, ['班级', '参加人数', '免收人数', '合计（元）'], [...f.perClass.map((c) => [c.class, c.students, c.exempt, c.total]), ['全校', f.perClass.reduce((a, c) => a + c.students, 0), f.perClass.reduce((a, c) => a + c.exempt, 0), f.total]]);
  feeSheet.addRow([]);
  addTable(feeSheet, ['班级', '姓名', '参加日', '服务天数', '每天收费课时', '金额（元）', '备注'], f.perStudent.map((s) => [s.class, s.name, s.days, s.dates, s.periodsPerDate, s.fee, s.exempt || null]));
  fitWidths(feeSheet, [], 30);
  printSetup(feeSheet, '');

  return new Uint8Array(await wb.xlsx.writeBuffer());
}
