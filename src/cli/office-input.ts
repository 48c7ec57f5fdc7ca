// Workbook input for every command that reads an instance: an Excel workbook (.xlsx), or CSV sheets, read by
// src/office into a validated instance. Problems keep their sheet and cell, and print as
// `学生!C17 (/students/15/class)  unknown-class  …`. The office code and exceljs load only when such a file is given.
import { readFile, stat, readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Instance } from '../model/schema.js';
import type { Problem } from '../model/problems.js';

/** A problem that came from a workbook cell. */
export type CellProblem = Problem & { readonly sheet?: string; readonly cell?: string };

export type OfficeRead =
  | { readonly ok: true; readonly instance: Instance; readonly warnings: readonly CellProblem[] }
  | { readonly ok: false; readonly problems: readonly CellProblem[] };

/** .xlsx / .xlsm / .csv (by name), or a folder of them. */
export const isOfficePath = (path: string): boolean => /\.(xlsx|xlsm|csv|tsv)$/i.test(path);

/** Does the file start like a zip (an .xlsx saved under another name)? */
export async function looksLikeWorkbook(path: string): Promise<boolean> {
  try {
    const fh = await import('node:fs/promises').then((fs) => fs.open(path, 'r'));
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
      return bytesRead === 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}

/**
 * Reads workbooks and CSV files (or folders of them) into one instance. Sheets of later files replace sheets of
 * earlier files that stand for the same part (e.g. `课后服务.xlsx 学生.csv`: the CSV's students).
 */
export async function readOfficeFiles(paths: readonly string[]): Promise<OfficeRead> {
  const office = await import('../office/index.js');
  const grids: import('../office/index.js').Grid[] = [];
  const problems: CellProblem[] = [];
  const files: string[] = [];
  for (const p of paths) {
    try {
      if ((await stat(p)).isDirectory()) {
        for (const name of (await readdir(p)).sort()) if (isOfficePath(name) && !name.startsWith('~$')) files.push(join(p, name));
        continue;
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ path: '', code: code === 'ENOENT' ? 'file-not-found' : 'file-unreadable', message: code === 'ENOENT' ? `找不到文件“${p}”` : `无法读取“${p}”`, severity: 'error' });
      continue;
    }
    files.push(p);
  }
  for (const file of files) {
    const bytes = await readFile(file);
    if (/\.(csv|tsv)$/i.test(file)) {
      const { text, gb18030 } = office.decodeText(bytes);
      const name = basename(file, extname(file));
      grids.unshift(office.csvGrid(name, text));
      if (gb18030) problems.push({ path: '', code: 'not-utf8', message: `“${file}”不是 UTF-8 编码，已按 GBK/GB18030 读取`, severity: 'warning', sheet: name, cell: '' });
      continue;
    }
    try {
      grids.unshift(...(await office.workbookGrids(bytes)));
    } catch (e) {
      problems.push({ path: '', code: 'workbook-unreadable', message: `无法读取 Excel 文件“${file}”：${(e as Error)?.message ?? String(e)}（请另存为 .xlsx 格式）`, severity: 'error' });
    }
  }
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  const r = office.readGrids(grids);
  const asProblem = (p: import('../office/index.js').ImportProblem): CellProblem => ({ path: p.path, code: p.code, message: p.message, severity: p.severity, sheet: p.sheet, cell: p.cell });
  if (!r.ok) return { ok: false, problems: [...problems, ...r.problems.map(asProblem)] };
  return { ok: true, instance: r.instance, warnings: [...problems, ...r.warnings.map(asProblem)] };
}
