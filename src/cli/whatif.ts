// `kehou whatif INSTANCE SCHEDULE --leave STAFF:FROM..TO [--leave …] [--leave-file F.json] -o OUT
//  [--mode auto|substitutes|template] [--seed N] [--instance-out FILE | --no-instance-out] [--strict]`:
// W1 re-planning for new leave. Only what the leave touches changes; the change list is printed in Chinese.
// The instance with the new leave is written beside the new schedule (OUT.instance.json) unless told otherwise.
// Exit 0 when the new schedule is written, 1 for invalid inputs (or a leave file naming unknown staff),
// 2 for a bad --leave (syntax, date, unknown or ambiguous staff name: the candidates are listed), 3 with --strict when the leave leaves a duty uncovered.
import { InvalidArgumentError, type Command } from 'commander';
import { LIMITS, type Instance, type Leave, type Schedule } from '../model/schema.js';
import type { Change } from '../solver/semester/whatif.js';
import { checkLeaveList, parseLeaveText, type LeaveCheck } from '../model/leave.js';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  EXIT,
  fail,
  loadInstanceOrExit,
  loadScheduleOrExit,
  MAX_STUDENTS_HELP,
  maxStudentsArg,
  printOmitted,
  printProblems,
  readJsonFile,
  flushWarnings,
  useWarningOptions,
  warningOptions,
  writeFileAtomic,
  writeJsonOutput,
} from './io.js';

/** `STAFF:FROM..TO` or `STAFF:DATE` (STAFF an id or a name, resolved later against the instance) → a leave; throws InvalidArgumentError (exit 2) with a Chinese message. */
export function parseLeaveSpec(spec: string): Leave {
  const r = parseLeaveText(spec);
  if (!r.ok) throw new InvalidArgumentError(r.message);
  return r.leave;
}

const collectLeave = (value: string, previous: Leave[] = []): Leave[] => [...previous, parseLeaveSpec(value)];

const integerArg = (value: string): number => {
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('--seed 应为非负整数');
  return Number(value);
};

/** Leave entries from a JSON file: a list of leave objects, or an object with a `leave` list (model/leave.ts checks them). */
function leaveFromJson(value: unknown, instance: Instance): LeaveCheck {
  if (Array.isArray(value)) return checkLeaveList(instance, value, { base: '', maxItems: LIMITS.leave });
  if (value && typeof value === 'object' && Array.isArray((value as { leave?: unknown }).leave)) {
    return checkLeaveList(instance, (value as { leave: unknown[] }).leave, { base: '/leave', maxItems: LIMITS.leave });
  }
  return { ok: false, problems: [{ path: '', code: 'bad-leave-file', message: '请假文件应为请假记录的数组，或含有 leave 数组的对象', severity: 'error' }] };
}

/** Text from the planner in the school's terms: group ids → class names (`wed/1-2 组第3段` → `一（2）班 第3时段`),
 * `陈静（t05）` → 陈静 (the id only where two people share the name). */
async function plainWords(instance: Instance, schedule: Schedule): Promise<(text: string) => string> {
  const { groupName, namesOf, plainText } = await import('../office/index.js');
  const names = namesOf(instance);
  const byId = new Map(instance.staff.map((s) => [s.id, s] as const));
  const groups = new Set(schedule.week.groups.map((g) => g.id));
  return (text) =>
    plainText(instance, schedule, text.replace(/\b(?:mon|tue|wed|thu|fri|sat|sun)\/[\w-]+(?:#\d+)?/g, (id) => (groups.has(id) ? groupName(instance, schedule, id) : id)))
      .replace(/ 组第(\d+)段/g, ' 第$1时段')
      .replace(/([^\s（(：]+)（([^）]+)）/g, (all, name: string, id: string) => (byId.get(id)?.name === name ? names.staff(id) : all));
}

/** The changes in the school's terms: class names and staff names, no group ids or staff ids. */
async function changeLines(instance: Instance, schedule: Schedule, changes: readonly Change[], modeLine: string): Promise<string[]> {
  const { dutyName, namesOf, WEEKDAY_LABEL } = await import('../office/index.js');
  const names = namesOf(instance);
  const plain = await plainWords(instance, schedule);
  const asOf = new Map((schedule.semester ?? []).map((d) => [d.date, d.as] as const));
  const lines = [modeLine];
  if (changes.length === 0) lines.push('没有需要调整的安排（请假日期内没有该人员的任务）。');
  for (const c of changes) {
    const as = c.day ?? asOf.get(c.date);
    const what = c.duty.startsWith('inspection ') ? '行政巡视' : dutyName(instance, schedule, c.duty);
    const when = c.day ? `自 ${c.date} 起每${WEEKDAY_LABEL[c.day]}` : `${c.date}（${as ? WEEKDAY_LABEL[as] : ''}）`;
    lines.push(`${when} ${what}：${names.staff(c.from)} → ${c.to === null ? '无人可代' : names.staff(c.to)}${c.reason ? `（${plain(c.reason)}）` : ''}`);
  }
  return lines;
}

const MODES = ['auto', 'substitutes', 'template'] as const;
const modeArg = (value: string): (typeof MODES)[number] => {
  const v = value.trim() as (typeof MODES)[number];
  if (!MODES.includes(v)) throw new InvalidArgumentError('可选值：auto、substitutes、template');
  return v;
};

/** `plan2.json` → `plan2.instance.json` (the updated instance beside the new schedule). */
export function instanceBeside(output: string): string {
  return /\.json$/i.test(output) ? output.replace(/\.json$/i, '.instance.json') : `${output}.instance.json`;
}

type WhatifCliOptions = {
  leave?: Leave[];
  leaveFile?: string;
  output?: string;
  mode?: 'auto' | 'substitutes' | 'template';
  seed?: number;
  instanceOut?: string | false;
  strict?: boolean;
  force?: boolean;
  maxStudents?: number;
  verbose?: boolean;
  quiet?: boolean;
};

/** A path as the file system knows it (symlinks resolved when the file exists). */
function samePlace(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** An output that would overwrite one of the inputs (or the other output), as `[option, input]`; null when none. */
function outputOverInput(outputs: readonly [string, string | undefined][], inputs: readonly (string | undefined)[]): [string, string] | null {
  const seen = new Map<string, string>();
  for (const input of inputs) if (input !== undefined && input !== '-') seen.set(samePlace(input), input);
  for (const [option, path] of outputs) {
    if (path === undefined || path === '-') continue;
    const hit = seen.get(samePlace(path));
    if (hit !== undefined) return [option, hit];
    seen.set(samePlace(path), path);
  }
  return null;
}

export function register(program: Command): void {
  const cmd = program
    .command('whatif')
    .description('请假调整（W1）：只改动请假涉及的任务，列出每一处变动（日期、任务、原负责人 → 代课人）')
    .argument('<instance>', '实例文件：JSON 或 Excel 工作簿')
    .argument('<schedule>', '已有的排班结果 JSON 文件（kehou solve 的输出）')
    .option('--leave <spec>', '请假：教职工编号或姓名:开始日期..结束日期（可重复），如 高平:2026-10-12..2026-10-16', collectLeave)
    .option('--leave-file <file>', '请假记录 JSON 文件：[{"staff":"t001","from":"2026-10-12","to":"2026-10-16"}]')
    .option('-o, --output <file>', '新的排班结果写入的文件（先写临时文件再改名；- 或省略表示标准输出）')
    .option('--mode <mode>', '调整方式（默认 auto）：auto 整学期请假时调整每周模板，否则逐日代课；substitutes 只逐日代课；template 尽量调整模板', modeArg)
    .option('--seed <n>', '随机种子（相同输入与种子得到相同结果）', integerArg)
    .option('--instance-out <file>', '加入了这些请假记录的实例写入的文件（默认：新排班结果旁的 <输出>.instance.json，便于用 kehou check 核对新方案）')
    .option('--no-instance-out', '不另存加入请假记录的实例')
    .option('--strict', '有任务因请假无人可代时以退出码 3 结束')
    .option('--force', '允许 -o 或 --instance-out 覆盖输入文件')
    .option('--max-students <n>', MAX_STUDENTS_HELP, maxStudentsArg);
  warningOptions(cmd).action(async (instanceFile: string, scheduleFile: string, opts: WhatifCliOptions) => {
      useWarningOptions(opts);
      const toStdout = opts.output === undefined || opts.output === '-';
      // the school's instance with the new leave, beside the new schedule, so that `kehou check` of the pair passes
      const instanceOut = opts.instanceOut === false ? undefined : (opts.instanceOut ?? (toStdout ? undefined : instanceBeside(opts.output!)));
      // an output over an input would lose the original plan if anything went wrong (issue 14.5)
      const clash = opts.force
        ? null
        : outputOverInput(
            [
              ['-o', opts.output],
              ['--instance-out', instanceOut],
            ],
            [instanceFile, scheduleFile, opts.leaveFile],
          );
      if (clash) fail('output-is-input', `${clash[0]} 指向的文件“${clash[1]}”也是输入文件：请换一个输出文件名，或加 --force 覆盖`, EXIT.usage);
      const instance = await loadInstanceOrExit(instanceFile, opts.maxStudents !== undefined ? { maxStudents: opts.maxStudents } : {});
      const schedule = await loadScheduleOrExit(scheduleFile);
      // the schedule must be this school's plan: its school, its ids, its semester (issue 14.5)
      const { scheduleBelongsTo } = await import('../model/belongs.js');
      const belongs = scheduleBelongsTo(instance, schedule);
      if (!belongs.ok) {
        printProblems(belongs.errors);
        printOmitted(belongs.omitted);
        fail('schedule-mismatch', `排班结果“${scheduleFile}”与学校数据“${instanceFile}”不匹配，未做任何处理`);
      }
      const leave: Leave[] = [];
      if (opts.leave !== undefined) {
        // names where people type: `高平:2026-10-12..2026-10-16` as well as `t017:…`
        const given = checkLeaveList(instance, opts.leave, { base: '', maxItems: LIMITS.leave });
        if (!given.ok) fail(given.problems[0].code, `--leave ${given.problems[0].message}`, EXIT.usage);
        leave.push(...given.leave);
      }
      if (opts.leaveFile !== undefined) {
        const read = await readJsonFile(opts.leaveFile);
        if (!read.ok) {
          printProblems(read.problems);
          fail('bad-leave-file', `请假文件“${opts.leaveFile}”无法读取，未做任何处理`);
        }
        const parsed = leaveFromJson(read.value, instance);
        if (!parsed.ok) {
          printProblems(parsed.problems);
          fail('bad-leave-file', `请假文件“${opts.leaveFile}”有 ${parsed.problems.length} 个错误，未做任何处理`);
        }
        leave.push(...parsed.leave);
      }
      if (leave.length === 0) fail('no-leave', '没有给出请假：用 --leave 教职工编号:开始日期..结束日期 或 --leave-file 文件', EXIT.usage);
      const { whatIf, describeChanges } = await import('../solver/semester/whatif.js');
      const { serviceDates } = await import('../model/calendar.js');
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
      if (instanceOut !== undefined) {
        const merged: Instance = { ...instance, leave: [...(instance.leave ?? []), ...leave] };
        await writeFileAtomic(instanceOut, JSON.stringify(merged, null, 2) + '\n');
      }
      const out = toStdout ? process.stderr : process.stdout;
      const lines = await changeLines(instance, result.schedule, result.changes, describeChanges(instance, result.schedule.week, [], result.mode)[0]);
      const uncovered = result.changes.filter((c) => c.to === null).length;
      const note = result.schedule.report.whatif?.note;
      // a fallback (template mode asked for, dated substitutes given) is said first, not after the change list
      if (note) out.write(`说明：${note}\n`);
      out.write(`请假调整：${result.changes.length} 处变动${uncovered > 0 ? `，其中 ${uncovered} 处无人可代（已列入 shortfalls）` : ''}，规划用时 ${result.planMs.toFixed(1)} 毫秒\n`);
      // W1 per leave: how many substitutes, and each duty's substitutes in date order (runs)
      const { describeLeaveReports } = await import('../solver/semester/leave-report.js');
      const leaves = result.schedule.report.whatif?.leaves ?? [];
      const plain = await plainWords(instance, result.schedule);
      const leaveLines = describeLeaveReports(instance.staff, leaves).map(plain);
      if (leaveLines.length > 0) out.write(leaveLines.map((l) => `  ${l}`).join('\n') + '\n');
      out.write(lines.map((l) => `  ${l}`).join('\n') + '\n');
      if (!toStdout) process.stderr.write(`已写入 ${opts.output}\n`);
      if (instanceOut !== undefined) process.stderr.write(`已写入 ${instanceOut}（含新的请假记录；用 kehou check ${instanceOut} ${opts.output ?? ''} 核对）\n`);
      flushWarnings();
      process.exitCode = opts.strict && uncovered > 0 ? EXIT.strict : EXIT.ok;
    });
}
