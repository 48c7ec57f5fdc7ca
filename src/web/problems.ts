// Validation problems for people: grouped by what they are about (the workbook's sheet, or the part of the school
// data), each with where it is (工作表!单元格, or the entry and field) and a hint how to fix it.
import type { PlacedProblem } from './service.js';

const SECTION_ZH: Readonly<Record<string, string>> = {
  format: '文件格式',
  school: '学校',
  policy: '学校与政策',
  calendar: '校历',
  timelines: '作息时间',
  rooms: '场地',
  classes: '班级',
  staff: '教职工',
  clubs: '社团',
  students: '学生',
  leave: '请假',
};

/** Where, readably: a workbook cell, or "学生 第 6 条 · class" for /students/5/class. */
export function whereOf(p: PlacedProblem): string {
  if (p.sheet) return p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
  if (p.line !== undefined) return `第 ${p.line} 行第 ${p.column ?? 1} 列`;
  const parts = p.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts.length === 0) return '整个文件';
  const section = SECTION_ZH[parts[0]] ?? parts[0];
  if (parts.length >= 2 && /^\d+$/.test(parts[1])) return [`${section} 第 ${Number(parts[1]) + 1} 条`, ...parts.slice(2)].join(' · ');
  return [section, ...parts.slice(1)].join(' · ');
}

/** A hint for the usual kinds of problem (the message itself often names what was meant). */
export function hintOf(p: PlacedProblem): string {
  if (p.hint) return p.hint;
  const c = p.code;
  if (c === 'malformed-json') return '文件不是完整的 JSON：检查这一行前后是否少了逗号、引号或括号';
  if (c === 'unknown-field') return '检查列名或字段名的拼写（见问题中的提示）';
  if (c === 'missing-field' || c === 'required') return '补上这一项';
  if (c.startsWith('duplicate')) return '编号不能重复：改成另一个编号';
  if (c.startsWith('unknown-')) return '改为名单中已有的编号或名称';
  if (c.includes('date') || c.includes('time')) return '日期写成 2026-09-01，时间写成 15:30';
  if (c === 'wrong-type' || c.startsWith('bad-') || c.startsWith('invalid')) return '按“说明”中的格式填写';
  return p.severity === 'warning' ? '可以先排班，再根据结果决定是否修改' : '按问题说明修改后重新上传';
}

export type ProblemGroup = { readonly title: string; readonly items: readonly { where: string; message: string; hint: string }[] };

export function problemGroups(problems: readonly PlacedProblem[]): ProblemGroup[] {
  const groups = new Map<string, { where: string; message: string; hint: string }[]>();
  for (const p of problems) {
    const section = p.sheet ?? SECTION_ZH[p.path.split('/')[1] ?? ''] ?? '其他';
    const title = `${section}${p.severity === 'warning' ? '（提醒）' : ''}`;
    if (!groups.has(title)) groups.set(title, []);
    groups.get(title)!.push({ where: whereOf(p), message: p.message, hint: hintOf(p) });
  }
  return [...groups].map(([title, items]) => ({ title, items }));
}
