// `kehou advise INSTANCE [-o FILE] [--json]`: plans the school's week and prints advice (建议) in Chinese: demand
// against seats per school club, extra club sections the school's own free rooms and free qualified staff allow
// (and, apart, those needing a new room or leader), each with a ready-to-append club object (`addClub`) and its
// gain computed by re-optimising, and availability changes that would cover uncovered duties. `--json` prints the
// advice as JSON; `-o FILE` writes that JSON atomically. Exit 0 advice given, 1 invalid instance, 2 usage.
import type { Command } from 'commander';
import { EXIT, loadInstanceOrExit, writeJsonOutput } from './io.js';

export function register(program: Command): void {
  program
    .command('advise')
    .description('给出建议：各社团志愿人数与名额，可增开的社团平行班（含新增班级对象与重新优化得到的收益），补上无人值守时段所需的最小调整')
    .argument('<file>', '实例 JSON 文件（- 表示标准输入）')
    .option('-o, --output <file>', '把建议（JSON）写入文件（先写临时文件再改名）')
    .option('--json', '在标准输出打印 JSON 而不是中文摘要')
    .action(async (file: string, opts: { output?: string; json?: boolean }) => {
      const solver = import('../solver/index.js');
      const instance = await loadInstanceOrExit(file);
      const { solve } = await solver;
      const { schedule } = solve(instance, { semester: false, advice: true });
      const advice = (schedule.report as Record<string, unknown>).advice as { summary: readonly string[] };
      if (opts.output !== undefined && opts.output !== '-') {
        await writeJsonOutput(opts.output, advice);
        process.stderr.write(`已写入 ${opts.output}\n`);
      }
      if (opts.json || opts.output === '-') process.stdout.write(JSON.stringify(advice, null, 2) + '\n');
      else process.stdout.write(advice.summary.map((l) => l + '\n').join('') || '没有建议：每个社团的志愿都已满足，也没有无人值守的时段。\n');
      process.exitCode = EXIT.ok;
    });
}
