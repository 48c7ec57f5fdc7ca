// `kehou check INSTANCE SCHEDULE [--json] [--strict] [-q] [--verbose]`: the independent checker (src/checker) on a pair
// of files. Both documents are validated first (invalid → every problem listed, exit 1; the instance may be a
// workbook). Then the verdict line, one line per violation on stdout (`RULE  path  message`), and the declared
// shortfalls named in the school's terms; warnings of the files follow, grouped.
// Exit 0 when no rule is broken, 1 with violations, 3 with declared shortfalls only under --strict.
import type { Command } from 'commander';
import { EXIT, fail, flushWarnings, loadInstanceOrExit, loadScheduleOrExit, useWarningOptions, warningOptions } from './io.js';

type CheckOptions = { json?: boolean; strict?: boolean; verbose?: boolean; quiet?: boolean };

export function register(program: Command): void {
  const cmd = program
    .command('check')
    .description('独立检查排班结果：逐条重新核对所有规则，列出违规与已申报的缺口')
    .argument('<instance>', '实例文件：JSON（- 表示标准输入）或 Excel 工作簿')
    .argument('<schedule>', '排班结果 JSON 文件（- 表示标准输入）')
    .option('--json', '以 JSON 输出检查结果（到标准输出）')
    .option('--strict', '已申报的缺口（无人值班、无教室）也算不通过，退出码 3');
  warningOptions(cmd).action(async (instancePath: string, schedulePath: string, opts: CheckOptions) => {
    useWarningOptions(opts);
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
      const { dutyName, plainText } = await import('../office/views.js');
      const gaps = result.shortfalls.length > 0 ? `，${result.shortfalls.length} 项已申报的缺口` : '';
      const rules = [...byRule].map(([rule, n]) => `${rule}×${n}`).join('、');
      const lines = [
        ok && opts.strict && result.shortfalls.length > 0
          ? `检查未通过（--strict）：没有违反规则${gaps}，严格模式下缺口也不允许（用时 ${ms} 毫秒）`
          : ok
            ? `检查通过：没有违反规则${gaps}（用时 ${ms} 毫秒）`
            : `检查未通过：${result.violations.length} 处违规（${rules}）${gaps}（用时 ${ms} 毫秒）`,
      ];
      lines.push(...result.violations.map((v) => `${v.rule}  ${v.path || '/'}  ${v.message}`));
      lines.push(...result.shortfalls.map((s) => `缺口  ${s.path}  ${s.date ? s.date + ' ' : ''}${dutyName(instance, schedule, s.duty)}：${plainText(instance, schedule, s.reason)}`));
      process.stdout.write(lines.join('\n') + '\n');
      flushWarnings();
    }
    process.exitCode = !ok ? EXIT.invalid : opts.strict && result.shortfalls.length > 0 ? EXIT.strict : EXIT.ok;
  });
}
