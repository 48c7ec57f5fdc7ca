// `kehou solve FILE -o OUT [--seed N] [--time-limit S] [--strict] [--summary] [--no-semester]`:
// plans a valid instance and writes the schedule atomically. Exit 0 when a plan is written (shortfalls are in the
// plan and listed on stderr), 1 for an invalid instance (no plan written), 2 usage, 3 shortfalls with --strict.
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT, loadInstanceOrExit, writeJsonOutput } from './io.js';

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
};

const STAGE_ZH: Readonly<Record<string, string>> = {
  compile: '编译实例',
  groups: '编班',
  groupRooms: '看护班教室',
  clubs: '社团（开设、活动日、场地、指导教师、成员）',
  cover: '值班安排',
  semester: '学期安排',
};

export function register(program: Command): void {
  program
    .command('solve')
    .description('排出每周模板（编班、社团、场地、值班、延时接送）与学期安排，写入排班结果文件')
    .argument('<file>', '实例 JSON 文件（- 表示标准输入）')
    .option('-o, --output <file>', '排班结果写入的文件（先写临时文件再改名；- 或省略表示标准输出）')
    .option('--seed <n>', '随机种子（相同输入与种子得到相同结果）', integerArg('--seed', 0))
    .option('--time-limit <seconds>', '改进阶段的时间上限（秒），到时返回当前最好方案', secondsArg)
    .option('--strict', '方案有缺口（无人承担的任务、无房间）时以退出码 3 结束')
    .option('--summary', '打印中文摘要：看护班、社团、志愿分布、无人承担的任务、用时')
    .option('--no-semester', '只排每周模板，不排学期（巡视轮值、请假代课、费用）')
    .action(async (file: string, opts: SolveCliOptions) => {
      const solver = import('../solver/index.js'); // loads while the instance is read and validated
      const instance = await loadInstanceOrExit(file);
      const { solve } = await solver;
      const { summarize } = await import('./summary.js');
      const started = Date.now();
      const result = solve(instance, {
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.timeLimit !== undefined ? { timeLimit: opts.timeLimit } : {}),
        semester: opts.semester !== false,
        onProgress: (e) => {
          const ms = Date.now() - started;
          if (ms < 1000) return;
          process.stderr.write(`进度：${STAGE_ZH[e.stage] ?? e.stage}完成（${Math.round(e.fraction * 100)}%），已用 ${(ms / 1000).toFixed(1)} 秒\n`);
        },
      });
      const schedule = result.schedule;
      await writeJsonOutput(opts.output, schedule);
      const toStdout = opts.output === undefined || opts.output === '-';
      const shortfalls = schedule.shortfalls ?? [];
      if (shortfalls.length > 0) {
        process.stderr.write(`方案有 ${shortfalls.length} 处缺口（详见输出文件的 shortfalls）：\n`);
        for (const s of shortfalls.slice(0, 10)) process.stderr.write(`  ${s.date ?? s.day ?? ''} ${s.duty}：${s.reason}\n`);
        if (shortfalls.length > 10) process.stderr.write(`  ……另有 ${shortfalls.length - 10} 处\n`);
      }
      if (opts.summary) (toStdout ? process.stderr : process.stdout).write(summarize(schedule));
      if (!toStdout) process.stderr.write(`已写入 ${opts.output}\n`);
      process.exitCode = opts.strict && shortfalls.length > 0 ? EXIT.strict : EXIT.ok;
    });
}
