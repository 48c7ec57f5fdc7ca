// `kehou export-lp FILE [--stage clubs|cover] [-o OUT]`: writes a planner stage's model as a standard CPLEX LP file
// (导出 LP 模型), for an exact MILP solver such as CBC: `cbc OUT solve`. clubs = the whole club stage (days, rooms,
// leaders, members; its optimum equals clubCost when report.clubCostOptimal); cover = the weekly
// staff cover MIP with the cover stage's objective. Exit 0 written, 1 invalid instance, 2 usage.
import { Option, type Command } from 'commander';
import { loadInstanceOrExit } from './io.js';

const STAGES = ['clubs', 'cover'] as const;

const STAGE_ZH: Readonly<Record<string, string>> = { clubs: '社团阶段整体', cover: '值班安排' };

export function register(program: Command): void {
  program
    .command('export-lp')
    .description('把某一阶段的模型导出为标准 CPLEX LP 文件，可用 CBC 等精确求解器求解并对比（cbc 文件 solve）')
    .argument('<file>', '实例 JSON 文件（- 表示标准输入）')
    .addOption(new Option('--stage <stage>', '导出的阶段：clubs（社团阶段整体模型：开设与否、活动日、场地、指导教师、成员）或 cover（每周值班混合整数模型）').choices(STAGES).default('clubs'))
    .option('-o, --output <file>', 'LP 文件写入的位置（先写临时文件再改名；- 或省略表示标准输出）')
    .action(async (file: string, opts: { stage: (typeof STAGES)[number]; output?: string }) => {
      const instance = await loadInstanceOrExit(file);
      const { exportLp } = await import('../solver/export-lp.js');
      const { text, stats } = exportLp(instance, opts.stage);
      const summary =
        `${STAGE_ZH[opts.stage]}模型：${stats.variables} 个变量（其中 ${stats.integers} 个 0-1 变量）、` +
        `${stats.rows} 个约束、${stats.nonzeros} 个非零系数`;
      if (opts.output === undefined || opts.output === '-') {
        const { writeStdout } = await import('./io.js');
        await writeStdout(text);
        process.stderr.write(summary + '\n');
      } else {
        const { writeFileAtomic } = await import('./io.js');
        await writeFileAtomic(opts.output, text);
        process.stderr.write(`${summary} → ${opts.output}\n`);
      }
    });
}
