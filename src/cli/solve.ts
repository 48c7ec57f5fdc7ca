// `kehou solve FILE -o OUT [--seed N] [--time-limit S] [--strict] [--summary] [--no-semester] [--keep PREVIOUS]`:
// plans a valid instance and writes the schedule atomically. With --keep, re-plans changing as few assignments of
// the previous schedule as it can and lists every change in Chinese (docs/keep.md). Exit 0 when a plan is written (shortfalls are in the
// plan and listed on stderr), 1 for an invalid instance (no plan written), 2 usage, 3 shortfalls with --strict.
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT, MAX_STUDENTS_HELP, flushWarnings, loadInstanceOrExit, loadScheduleOrExit, maxStudentsArg, printProblems, useWarningOptions, warningOptions, writeJsonOutput } from './io.js';

const integerArg =
  (name: string, min: number) =>
  (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
      throw new InvalidArgumentError(`${name} 应为不小于 ${min} 的整数`);
    }
    return Number(value);
  };

const secondsArg = (value: string): number => {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('应为正数（秒）');
  return x;
};

type SolveCliOptions = {
  output?: string;
  seed?: number;
  timeLimit?: number;
  strict?: boolean;
  summary?: boolean;
  semester?: boolean;
  keep?: string;
  maxStudents?: number;
  verbose?: boolean;
  quiet?: boolean;
};

/** How many changed assignments --keep lists on the terminal (all of them are in report.keep.changes). */
const KEEP_LINES = 200;

const STAGE_ZH: Readonly<Record<string, string>> = {
  compile: '编译实例',
  groups: '编班',
  groupRooms: '看护班教室',
  clubs: '社团（开设、活动日、场地、指导教师、成员）',
  cover: '值班安排',
  semester: '学期安排',
};

export function register(program: Command): void {
  const cmd = program
    .command('solve')
    .description('排出每周模板（编班、社团、场地、值班、延时接送）与学期安排，写入排班结果文件')
    .argument('<file>', '实例文件：JSON（- 表示标准输入）或 Excel 工作簿 .xlsx')
    .option('-o, --output <file>', '排班结果写入的文件（先写临时文件再改名；- 或省略表示标准输出）')
    .option('--seed <n>', '随机种子（相同输入与种子得到相同结果）', integerArg('--seed', 0))
    .option('--time-limit <seconds>', '改进阶段的时间上限（秒），到时返回当前最好方案', secondsArg)
    .option('--strict', '方案有缺口（无人承担的任务、无房间）时以退出码 3 结束')
    .option('--summary', '打印中文摘要：看护班、社团、志愿分布、无人承担的任务、用时')
    .option('--no-semester', '只排每周模板，不排学期（巡视轮值、请假代课、费用）')
    .option('--max-students <n>', MAX_STUDENTS_HELP, maxStudentsArg)
    .option('--keep <previous>', '保留原方案重排：在原排班结果的基础上尽量少改动（学生分组与社团、教室、值班、巡视与代课），列出每一处变动');
  warningOptions(cmd).action(async (file: string, opts: SolveCliOptions) => {
      useWarningOptions(opts);
      const solver = import('../solver/index.js'); // loads while the instance is read and validated
      const instance = await loadInstanceOrExit(file, opts.maxStudents !== undefined ? { maxStudents: opts.maxStudents } : {});
      const keep = opts.keep === undefined ? undefined : await loadScheduleOrExit(opts.keep);
      if (keep && keep.school !== instance.school.name) {
        printProblems([{ path: '/school', code: 'school-mismatch', message: `原排班结果属于“${keep.school}”，实例是“${instance.school.name}”`, severity: 'warning' }]);
      }
      const { solve } = await solver;
      const { summarize } = await import('./summary.js');
      const started = Date.now();
      const result = solve(instance, {
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.timeLimit !== undefined ? { timeLimit: opts.timeLimit } : {}),
        semester: opts.semester !== false,
        ...(keep ? { keep } : {}),
        onProgress: (e) => {
          const ms = Date.now() - started;
          if (ms < 1000) return;
          process.stderr.write(`进度：${STAGE_ZH[e.stage] ?? e.stage}完成（${Math.round(e.fraction * 100)}%），已用 ${(ms / 1000).toFixed(1)} 秒\n`);
        },
      });
      const schedule = result.schedule;
      await writeJsonOutput(opts.output, schedule);
      const toStdout = opts.output === undefined || opts.output === '-';
      const out = toStdout ? process.stderr : process.stdout;
      // the result first: where the plan went, the summary, the changes kept, the shortfalls in plain Chinese; then the warnings
      if (!toStdout) process.stderr.write(`已写入 ${opts.output}\n`);
      if (opts.summary) out.write(summarize(schedule, instance));
      const shortfalls = schedule.shortfalls ?? [];
      if (shortfalls.length > 0 && !opts.summary) {
        const { shortfallSentences } = await import('../office/views.js');
        const sentences = shortfallSentences(instance, schedule);
        process.stderr.write(`方案有 ${shortfalls.length} 处缺口（详见输出文件的 shortfalls）：\n`);
        for (const s of sentences.slice(0, 10)) process.stderr.write(`  ${s}\n`);
        if (sentences.length > 10) process.stderr.write(`  ……另有 ${sentences.length - 10} 条\n`);
      }
      // P-PIN a pin that could not hold: which pin (its path) and why; the rest is planned
      const pins = schedule.report.pins;
      for (const p of pins?.broken ?? []) process.stderr.write(`固定安排未能满足 ${p.path}：${p.reasons.join('；')}\n`);
      const kept = schedule.report.keep;
      if (kept) {
        const c = kept.counts;
        out.write(
          `保留原方案重排：${c.total} 处变动（学生分组 ${c.studentGroup}，学生社团 ${c.studentClub}，教室 ${c.groupRoom + c.clubRoom}，` +
            `社团指导教师 ${c.clubLeader}，社团活动日 ${c.clubDays}，值班 ${c.cover + c.latePickup}，巡视 ${c.inspection}，代课 ${c.substitute}）\n`,
        );
        if (kept.note) out.write(`说明：${kept.note}\n`);
        for (const ch of kept.changes.slice(0, KEEP_LINES)) out.write(`  ${ch.text}\n`);
        if (kept.changes.length > KEEP_LINES) out.write(`  ……另有 ${kept.changes.length - KEEP_LINES} 处（见输出文件 report.keep.changes）\n`);
      }
      flushWarnings();
      process.exitCode = opts.strict && shortfalls.length > 0 ? EXIT.strict : EXIT.ok;
    });
}
