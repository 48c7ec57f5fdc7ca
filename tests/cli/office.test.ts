// The office commands spawned as a user would: `kehou template`, `kehou import`, `kehou export`, a workbook given to
// validate/solve, and the grouped warnings (result first; --verbose all; -q none).
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { check } from '../../src/checker/index.js';
import { classLabel } from '../../src/office/index.js';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/bundle/kehou.js');
const dir = mkdtempSync(join(tmpdir(), 'kehou-office-'));

function kehou(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const small = (): Instance => JSON.parse(readFileSync(join(ROOT, 'examples/small.json'), 'utf8')) as Instance;
const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
};

let schedulePath: string;
let schedule: Schedule;

beforeAll(() => {
  expect(existsSync(MAIN)).toBe(true);
  schedulePath = join(dir, 'small.plan.json');
  expect(kehou(['solve', join(ROOT, 'examples/small.json'), '-o', schedulePath, '--seed', '1']).code).toBe(0);
  schedule = JSON.parse(readFileSync(schedulePath, 'utf8')) as Schedule;
}, 120_000);

describe('kehou template and import', () => {
  it('template --from → import gives the same instance; validate and solve read the workbook directly', async () => {
    const xlsx = join(dir, '课后服务.xlsx');
    const t = kehou(['template', '--from', join(ROOT, 'examples/small.json'), '-o', xlsx]);
    expect(t.code).toBe(0);
    expect(t.stderr).toContain('已写入');
    const out = join(dir, 'imported.json');
    const i = kehou(['import', xlsx, '-o', out]);
    expect(i.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(small());
    const v = kehou(['validate', xlsx]);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/^有效实例：星河路小学/);
    const plan = join(dir, 'from-xlsx.plan.json');
    expect(kehou(['solve', xlsx, '-o', plan, '--no-semester']).code).toBe(0);
    expect(check(small(), JSON.parse(readFileSync(plan, 'utf8'))).violations).toEqual([]);
  });

  it('an empty template: exit 0, and the file lists every sheet', () => {
    expect(kehou(['template']).code).toBe(0);
    expect(existsSync(join(dir, '课后服务.xlsx'))).toBe(true);
  });

  it('import lists every problem as sheet!cell (path)  code  message, exits 1 and writes nothing', async () => {
    const xlsx = join(dir, 'broken.xlsx');
    expect(kehou(['template', '--from', join(ROOT, 'examples/small.json'), '-o', xlsx]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    wb.getWorksheet('学生')!.getCell('C17').value = '9-9';
    wb.getWorksheet('学生')!.getCell('D18').value = '周一、周八';
    wb.getWorksheet('场地')!.getCell('D3').value = '很多';
    await wb.xlsx.writeFile(xlsx);
    const out = join(dir, 'broken.json');
    const r = kehou(['import', xlsx, '-o', out]);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).toMatch(/^学生!C17 \(\/students\/15\/class\) {2}unknown-class {2}.*9-9/m);
    expect(r.stderr).toMatch(/^学生!D18 \(\/students\/16\/days\) {2}bad-weekday {2}.*周八/m);
    expect(r.stderr).toMatch(/^场地!D3 \(\/rooms\/1\/capacity\) {2}bad-number {2}/m);
    expect(r.stderr).toMatch(/3 个错误，未写入任何文件/);
    const json = kehou(['import', xlsx, '--json']);
    expect(JSON.parse(json.stdout).filter((p: { severity: string }) => p.severity === 'error')).toHaveLength(3);
  });

  it('import reads a CSV student list over a workbook', () => {
    const xlsx = join(dir, 'base.xlsx');
    expect(kehou(['template', '--from', join(ROOT, 'examples/small.json'), '-o', xlsx]).code).toBe(0);
    const inst = small();
    const csv = '学号,姓名,班级,参加日,第一志愿\n' + inst.students.map((s) => `${s.id},${s.name ?? ''},${s.class},一二三四五,`).join('\n') + '\n';
    const gbk = write('学生.csv', csv);
    const out = join(dir, 'with-csv.json');
    const r = kehou(['import', xlsx, gbk, '-o', out]);
    expect(r.code).toBe(0);
    const got = JSON.parse(readFileSync(out, 'utf8')) as Instance;
    expect(got.students.length).toBe(inst.students.length);
    expect(got.students.every((s) => s.days.length === 5 && s.prefs === undefined)).toBe(true);
  });
});

describe('kehou export', () => {
  it('to a folder: the plan workbook, the printable pages and one calendar per staff member, all with names', async () => {
    const out = join(dir, 'export');
    const r = kehou(['export', join(ROOT, 'examples/small.json'), schedulePath, '-o', out, '--pay-per-period', '30']);
    expect(r.code).toBe(0);
    const inst = small();
    // workbook
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, '课后服务安排.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    const labels = inst.classes.map((c) => classLabel(c.grade, c.id));
    expect(names).toEqual(['总览', ...labels, '教师课表', '专用教室', '社团名单', '值班表', '代课记录', '工作量', '收费']);
    const text = (name: string) => {
      const parts: string[] = [];
      wb.getWorksheet(name)!.eachRow((row) => row.eachCell((c) => parts.push(String(c.value instanceof Date ? c.value.toISOString() : c.value))));
      return parts.join('\n');
    };
    const teachers = text('教师课表');
    for (const s of inst.staff.filter((x) => !x.exempt && !x.misconduct && schedule.week.groups.some((g) => g.cover.includes(x.id)))) expect(teachers).toContain(s.name);
    const rosters = text('社团名单');
    for (const c of schedule.week.clubs) expect(rosters).toContain(inst.clubs!.find((k) => k.id === c.club)!.name);
    for (const st of inst.students.filter((s) => schedule.week.clubs.some((c) => c.students.includes(s.id))).slice(0, 50)) expect(rosters).toContain(st.name!);
    expect(text(labels[0])).toMatch(/作业辅导/);
    expect(text('工作量')).toContain('课酬');
    expect(text('收费')).toContain(labels[0]);
    expect(text('代课记录')).toContain('代课');
    expect(wb.getWorksheet(labels[0])!.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    for (const sheet of names) expect(text(sheet)).not.toMatch(/\b(mon|tue|wed|thu|fri)\/|\bs\d{5}\b|group \S+ block/);
    // printable pages
    const pages = readdirSync(join(out, '打印')).sort();
    expect(pages).toEqual(['classes.html', 'clubs.html', 'index.html', 'notices.html', 'rooms.html', 'roster.html', 'teachers.html']);
    const classes = readFileSync(join(out, '打印', 'classes.html'), 'utf8');
    for (const l of labels) expect(classes).toContain(l);
    expect(classes).toMatch(/@page \{ size: A4 landscape/);
    expect(classes.match(/<section class="page"/g)).toHaveLength(labels.length);
    const notices = readFileSync(join(out, '打印', 'notices.html'), 'utf8');
    expect(notices).toContain('家长通知');
    expect(notices).toContain('接孩子时间');
    // calendars
    const ics = readdirSync(join(out, '日历'));
    expect(ics.length).toBeGreaterThan(20);
    const one = new ICAL.Component(ICAL.parse(readFileSync(join(out, '日历', ics[0]), 'utf8')));
    expect(one.getAllSubcomponents('vevent').length).toBeGreaterThan(0);
  });

  it('to one .xlsx or one .html file', () => {
    expect(kehou(['export', join(ROOT, 'examples/small.json'), schedulePath, '-o', join(dir, 'plan.xlsx')]).code).toBe(0);
    expect(existsSync(join(dir, 'plan.xlsx'))).toBe(true);
    expect(kehou(['export', join(ROOT, 'examples/small.json'), schedulePath, '-o', join(dir, 'plan.html')]).code).toBe(0);
    expect(readFileSync(join(dir, 'plan.html'), 'utf8')).toContain('家长通知');
  });
});

describe('warnings a person can read', () => {
  /** 20 students who list a Friday club but come only on Monday: 20 pref-never-joinable warnings */
  function manyWarnings(): string {
    const inst = small();
    let n = 0;
    for (const s of inst.students) {
      if (n >= 20 || s.class !== '1-1') continue;
      s.days = ['mon'];
      s.prefs = ['dance-g12'];
      n++;
    }
    return write('warn.json', inst);
  }

  it('validate: the verdict first, then each code once with a count and three examples', () => {
    const r = kehou(['validate', manyWarnings()]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^有效实例：星河路小学.*（\d+ 个警告）$/);
    const header = lines.filter((l) => l.startsWith('警告 [pref-never-joinable]'));
    expect(header).toHaveLength(1);
    const count = Number(/共 (\d+) 条/.exec(header[0])![1]);
    expect(count).toBeGreaterThanOrEqual(20);
    expect(lines.filter((l) => /^ {2}\/students\/\d+\/prefs\/\d+ {2}pref-never-joinable/.test(l))).toHaveLength(3);
    expect(r.stderr).toContain(`……另有 ${count - 3} 条（加 --verbose 列出全部）`);
    expect(lines.length).toBeLessThan(15);
  });

  it('--verbose lists every warning; -q none', () => {
    const path = manyWarnings();
    const all = kehou(['validate', path, '--verbose']);
    expect(all.stderr.split('\n').filter((l) => /^\/students\/\d+\/prefs\/\d+ {2}pref-never-joinable/.test(l)).length).toBeGreaterThanOrEqual(20);
    const quiet = kehou(['validate', path, '-q']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('solve: where the plan went and the summary first, the grouped warnings after, no jargon or ids', () => {
    const r = kehou(['solve', manyWarnings(), '-o', join(dir, 'warn.plan.json'), '--summary', '--no-semester']);
    expect(r.code).toBe(0);
    const err = r.stderr.split('\n');
    const written = err.findIndex((l) => l.startsWith('已写入'));
    const warn = err.findIndex((l) => l.startsWith('警告 [pref-never-joinable]'));
    expect(written).toBeGreaterThanOrEqual(0);
    expect(warn).toBeGreaterThan(written);
    expect(r.stdout).toMatch(/^学校：星河路小学/);
    expect(r.stdout).not.toMatch(/clubCost|下界|已证明最优|状态：|可行/);
  });
});
