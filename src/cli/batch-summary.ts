// The summary table of `kehou batch`: one row per school (学校, 文件, 状态, 学生数, 无人承担的任务, 未安排社团的学生,
// 社团费用, 与下界的差距, 用时, 校验), written as CSV (UTF-8 with BOM, so Excel opens the Chinese right) and as an
// Excel workbook (exceljs, loaded only here). Both are written atomically.
import type { Verdict } from '../server/protocol.js';
import { writeFileAtomic } from './io.js';

export type BatchRow = {
  readonly file: string;
  readonly school: string;
  /** 完成 / 失败 / 已取消 / 排队中 / 运行中 / 数据无效 */
  readonly state: string;
  readonly verdict?: Verdict;
  /** seconds in the worker thread */
  readonly seconds?: number;
  /** the reason a school has no plan */
  readonly note?: string;
};

export const SUMMARY_HEADER = ['学校', '文件', '状态', '学生数', '无人承担的任务', '未安排社团的学生', '社团费用', '与下界的差距', '用时（秒）', '独立校验', '说明'] as const;

/** (cost − bound) / cost, as a percentage with one decimal; '' when unknown. */
function gapText(v: Verdict): string {
  if (v.clubCostBound === null || !Number.isFinite(v.clubCost)) return '';
  if (v.clubCost <= 0) return '0.0%';
  return `${(Math.max(0, (v.clubCost - v.clubCostBound) / v.clubCost) * 100).toFixed(1)}%`;
}

/** The table's cells (numbers stay numbers, for Excel). */
export function summaryCells(row: BatchRow): (string | number)[] {
  const v = row.verdict;
  return [
    row.school,
    row.file,
    row.state,
    v ? v.students : '',
    v ? v.shortfalls : '',
    v ? v.unplaced : '',
    v ? Math.round(v.clubCost * 100) / 100 : '',
    v ? gapText(v) : '',
    row.seconds !== undefined ? Math.round(row.seconds * 10) / 10 : '',
    v ? (v.violations === 0 ? '通过' : `${v.violations} 处违反规则`) : '',
    row.note ?? '',
  ];
}

const csvCell = (cell: string | number) => {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function summaryCsv(rows: readonly BatchRow[]): string {
  const lines = [SUMMARY_HEADER, ...rows.map(summaryCells)].map((cells) => cells.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function summaryXlsx(rows: readonly BatchRow[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Kehou';
  const sheet = book.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...SUMMARY_HEADER]).font = { bold: true };
  for (const row of rows) sheet.addRow(summaryCells(row));
  const widths = [18, 24, 8, 8, 14, 16, 10, 12, 10, 12, 40];
  widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  const buffer = await book.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** Writes summary.csv and summary.xlsx into `dir`; returns their paths. */
export async function writeSummary(dir: string, rows: readonly BatchRow[]): Promise<readonly string[]> {
  const { join } = await import('node:path');
  const csv = join(dir, 'summary.csv');
  const xlsx = join(dir, 'summary.xlsx');
  await writeFileAtomic(csv, summaryCsv(rows));
  await writeFileAtomic(xlsx, await summaryXlsx(rows));
  return [csv, xlsx];
}
