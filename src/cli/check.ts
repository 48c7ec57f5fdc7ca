// `kehou check INSTANCE SCHEDULE [--json] [--strict]`: the independent checker (src/checker) on a pair of files.
// Both documents are validated first (invalid → every problem listed, exit 1). Then one line per violation on
// stdout, `RULE  path  message`, the declared shortfalls, and a Chinese summary line.
// Exit 0 when no rule is broken, 1 with violations, 3 with declared shortfalls only under --strict.
import type { Command } from 'commander';
import { EXIT, fail, loadInstanceOrExit, loadScheduleOrExit } from './io.js';

type CheckOptions = { json?: boolean; strict?: boolean };

export function register(program: Command): void {
  program
    .command('check')
    .description('独立检查排班结果：逐条重新核对所有规则，列出违规与已申报的缺口')
    .argument('<instance>', '实例 JSON 文件（- 表示标准输入）')
    .argument('<schedule>', '排班结果 JSON 文件（- 表示标准输入）')
    .option('--json', '以 JSON 输出检查结果（到标准输出）')
    .option('--strict', '已申报的缺口（无人值班、无教室）也算不通过，退出码 3')
    .action(async (instancePath: string, schedulePath: string, opts: CheckOptions) => {
      if (instancePath === '-' && schedulePath === '-') fail('usage', '实例和排班结果不能都从标准输入读取', EXIT.usage);
      const instance = await loadInstanceOrExit(instancePath, { json: opts.json });
      const schedule = await loadScheduleOrExit(schedulePath, { json: opts.json });
      const { check } = await import('../checker/index.js');
      const started = performance.now();
      const result = check(instance, schedule, { structureChecked: true }); // loadScheduleOrExit validated it
      const ms = Math.round(performance.now() - started);
      const byRule = new Map<string, number>();
      for (const v of result.violations) byRule.set(v.rule, (byRule.get(v.rule) ?? 0) + 1);
      const ok = result.violations.length === 0;
      if (opts.json) {
        const counts = Object.fromEntries(byRule);
        process.stdout.write(JSON.stringify({ ok, violations: result.violations, shortfalls: result.shortfalls, clubCost: result.clubCost, counts, ms }, null, 2) + '\n');
      } else {
        const lines = result.violations.map((v) => `${v.rule}  ${v.path || '/'}  ${v.message}`);
        lines.push(...result.shortfalls.map((s) => `缺口  ${s.path}  ${s.date ? s.date + ' ' : ''}${s.duty}：${s.reason}`));
        const gaps = result.shortfalls.length > 0 ? `，${result.shortfalls.length} 项已申报的缺口` : '';
        const rules = [...byRule].map(([rule, n]) => `${rule}×${n}`).join('、');
        lines.push(
          ok && opts.strict && result.shortfalls.length > 0
            ? `检查未通过（--strict）：没有违反规则${gaps}，严格模式下缺口也不允许；社团分配代价 ${result.clubCost}（用时 ${ms} ms）`
            : ok
            ? `检查通过：没有违反规则${gaps}；社团分配代价 ${result.clubCost}（用时 ${ms} ms）`
            : `检查未通过：${result.violations.length} 处违规（${rules}）${gaps}；社团分配代价 ${result.clubCost}（用时 ${ms} ms）`,
        );
        process.stdout.write(lines.join('\n') + '\n');
      }
      process.exitCode = !ok ? EXIT.invalid : opts.strict && result.shortfalls.length > 0 ? EXIT.strict : EXIT.ok;
    });
}
