// `kehou whatif INSTANCE SCHEDULE --leave STAFF:FROM..TO [--leave …] [--leave-file F.json] -o OUT
//  [--mode auto|substitutes|template] [--seed N] [--instance-out FILE] [--strict]`:
// W1 re-planning for new leave. Only what the leave touches changes; the change list is printed in Chinese.
// Exit 0 when the new schedule is written, 1 for invalid inputs (or a leave file naming unknown staff),
// 2 for a bad --leave (syntax, date, unknown staff), 3 with --strict when the leave leaves a duty uncovered.
import { InvalidArgumentError, type Command } from 'commander';
import type { Instance, Leave } from '../model/schema.js';
import type { Problem } from '../model/problems.js';
import { EXIT, fail, loadInstanceOrExit, loadScheduleOrExit, printProblems, readJsonFile, writeFileAtomic, writeJsonOutput } from './io.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date 'YYYY-MM-DD' (no time zone involved). */
function realDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** `STAFF:FROM..TO` or `STAFF:DATE` → a leave; throws InvalidArgumentError (exit 2) with a Chinese message. */
export function parseLeaveSpec(spec: string): Leave {
  const text = spec.trim();
  const colon = text.lastIndexOf(':');
  if (colon <= 0) throw new InvalidArgumentError('格式应为 教职工编号:开始日期..结束日期，例如 t001:2026-10-12..2026-10-16（单日可写 t001:2026-10-12）');
  const staff = text.slice(0, colon).trim();
  const range = text.slice(colon + 1).trim();
  const parts = range.split('..');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) {
    throw new InvalidArgumentError(`日期范围“${range}”格式不对，应为 开始日期..结束日期（YYYY-MM-DD..YYYY-MM-DD）`);
  }
  const from = parts[0].trim();
  const to = (parts[1] ?? parts[0]).trim();
  for (const d of [from, to]) if (!realDate(d)) throw new InvalidArgumentError(`“${d}”不是有效日期，应为 YYYY-MM-DD`);
  if (from > to) throw new InvalidArgumentError(`开始日期 ${from} 晚于结束日期 ${to}`);
  return { staff, from, to };
}

const collectLeave = (value: string, previous: Leave[] = []): Leave[] => [...previous, parseLeaveSpec(value)];

const integerArg = (value: string): number => {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('--seed 应为非负整数');
  return Number(value);
};

/** Leave entries from a JSON file: a list of leave objects, or an object with a `leave` list. */
function leaveFromJson(value: unknown, staff: ReadonlySet<string>): { leave: Leave[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const list = Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as { leave?: unknown }).leave) ? (value as { leave: unknown[] }).leave : undefined;
  const base = Array.isArray(value) ? '' : '/leave';
  if (!list) {
    problems.push({ path: '', code: 'bad-leave-file', message: '请假文件应为请假记录的数组，或含有 leave 数组的对象', severity: 'error' });
    return { leave: [], problems };
  }
  const leave: Leave[] = [];
  list.forEach((item, i) => {
    const path = `${base}/${i}`;
    const err = (code: string, message: string, at = ''): void => {
      problems.push({ path: path + at, code, message, severity: 'error' });
    };
    if (!item || typeof item !== 'object' || Array.isArray(item)) return err('bad-leave', '请假记录应为对象 {staff, from, to}');
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['staff', 'from', 'to', 'id', 'reason'].includes(k)) err('unknown-field', `未知字段 ${k}`, `/${k}`);
    if (typeof o.staff !== 'string' || o.staff === '') return err('bad-leave', '缺少教职工编号 staff', '/staff');
    if (!staff.has(o.staff)) return err('unknown-staff', `教职工“${o.staff}”不在实例的教职工名单中`, '/staff');
    for (const k of ['from', 'to'] as const) {
      if (typeof o[k] !== 'string' || !realDate(o[k] as string)) return err('bad-date', `${k} 应为有效日期 YYYY-MM-DD`, `/${k}`);
    }
    if ((o.from as string) > (o.to as string)) return err('bad-range', `开始日期 ${o.from} 晚于结束日期 ${o.to}`, '/from');
    if (o.id !== undefined && (typeof o.id !== 'string' || o.id === '')) return err('bad-leave', 'id 应为非空字符串', '/id');
    if (o.reason !== undefined && typeof o.reason !== 'string') return err('bad-leave', 'reason 应为字符串', '/reason');
    leave.push({
      staff: o.staff,
      from: o.from as string,
      to: o.to as string,
      ...(o.id !== undefined ? { id: o.id as string } : {}),
      ...(o.reason !== undefined ? { reason: o.reason as string } : {}),
    });
  });
  return { leave, problems };
}

const MODES = ['auto', 'substitutes', 'template'] as const;
const modeArg = (value: string): (typeof MODES)[number] => {
  const v = value.trim() as (typeof MODES)[number];
  if (!MODES.includes(v)) throw new InvalidArgumentError('可选值：auto、substitutes、template');
  return v;
};

type WhatifCliOptions = {
  leave?: Leave[];
  leaveFile?: string;
  output?: string;
  mode?: 'auto' | 'substitutes' | 'template';
  seed?: number;
  instanceOut?: string;
  strict?: boolean;
};

export function register(program: Command): void {
  program
    .command('whatif')
    .description('请假调整（W1）：只改动请假涉及的任务，列出每一处变动（日期、任务、原负责人 → 代课人）')
    .argument('<instance>', '实例 JSON 文件')
    .argument('<schedule>', '已有的排班结果 JSON 文件（kehou solve 的输出）')
    .option('--leave <spec>', '请假：教职工编号:开始日期..结束日期（可重复），如 t001:2026-10-12..2026-10-16', collectLeave)
    .option('--leave-file <file>', '请假记录 JSON 文件：[{"staff":"t001","from":"2026-10-12","to":"2026-10-16"}]')
    .option('-o, --output <file>', '新的排班结果写入的文件（先写临时文件再改名；- 或省略表示标准输出）')
    .option('--mode <mode>', '调整方式（默认 auto）：auto 整学期请假时调整每周模板，否则逐日代课；substitutes 只逐日代课；template 尽量调整模板', modeArg)
    .option('--seed <n>', '随机种子（相同输入与种子得到相同结果）', integerArg)
    .option('--instance-out <file>', '另存一份加入了这些请假记录的实例（便于用 kehou check 核对新方案）')
    .option('--strict', '有任务因请假无人可代时以退出码 3 结束')
    .action(async (instanceFile: string, scheduleFile: string, opts: WhatifCliOptions) => {
      const instance = await loadInstanceOrExit(instanceFile);
      const schedule = await loadScheduleOrExit(scheduleFile);
      const staff = new Set(instance.staff.map((s) => s.id));
      const leave: Leave[] = [];
      for (const l of opts.leave ?? []) {
        if (!staff.has(l.staff)) fail('unknown-staff', `--leave 中的教职工“${l.staff}”不在实例的教职工名单中`, EXIT.usage);
        leave.push(l);
      }
      if (opts.leaveFile !== undefined) {
        const read = await readJsonFile(opts.leaveFile);
        if (!read.ok) {
          printProblems(read.problems);
          fail('bad-leave-file', `请假文件“${opts.leaveFile}”无法读取，未做任何处理`);
        }
        const parsed = leaveFromJson(read.value, staff);
        if (parsed.problems.length > 0) {
          printProblems(parsed.problems);
          fail('bad-leave-file', `请假文件“${opts.leaveFile}”有 ${parsed.problems.length} 个错误，未做任何处理`);
        }
        leave.push(...parsed.leave);
      }
      if (leave.length === 0) fail('no-leave', '没有给出请假：用 --leave 教职工编号:开始日期..结束日期 或 --leave-file 文件', EXIT.usage);
      if (schedule.school !== instance.school.name) {
        printProblems([{ path: '/school', code: 'school-mismatch', message: `排班结果属于“${schedule.school}”，实例是“${instance.school.name}”`, severity: 'warning' }]);
      }
      const { whatIf, describeChanges } = await import('../solver/semester/whatif.js');
      const { serviceDates } = await import('../solver/semester/calendar.js');
      const dates = serviceDates(instance);
      for (const l of leave) {
        if (!dates.some((d) => l.from <= d.date && d.date <= l.to)) {
          printProblems([{ path: '', code: 'leave-outside-semester', message: `${l.staff} 的请假 ${l.from}..${l.to} 不含任何服务日，无需调整`, severity: 'warning' }]);
        }
      }
      const result = whatIf(instance, schedule, leave, {
        mode: opts.mode ?? 'auto',
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      });
      await writeJsonOutput(opts.output, result.schedule);
      if (opts.instanceOut !== undefined) {
        const merged: Instance = { ...instance, leave: [...(instance.leave ?? []), ...leave] };
        await writeFileAtomic(opts.instanceOut, JSON.stringify(merged, null, 2) + '\n');
      }
      const toStdout = opts.output === undefined || opts.output === '-';
      const out = toStdout ? process.stderr : process.stdout;
      const lines = describeChanges(instance, result.schedule.week, result.changes, result.mode);
      const uncovered = result.changes.filter((c) => c.to === null).length;
      out.write(`请假调整：${result.changes.length} 处变动${uncovered > 0 ? `，其中 ${uncovered} 处无人可代（已列入 shortfalls）` : ''}，规划用时 ${result.planMs.toFixed(1)} 毫秒\n`);
      out.write(lines.map((l) => `  ${l}`).join('\n') + '\n');
      const note = (result.schedule.report.whatif as { note?: string } | undefined)?.note;
      if (note) out.write(`说明：${note}\n`);
      if (!toStdout) process.stderr.write(`已写入 ${opts.output}\n`);
      if (opts.instanceOut !== undefined) process.stderr.write(`已写入 ${opts.instanceOut}（含新的请假记录）\n`);
      process.exitCode = opts.strict && uncovered > 0 ? EXIT.strict : EXIT.ok;
    });
}
