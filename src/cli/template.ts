// `kehou template [-o 课后服务.xlsx] [--from INSTANCE]`: writes the Excel workbook a school office fills in
// (说明 and one sheet per part of the instance, Chinese headers, drop-down lists, frozen header rows), empty or
// filled with an existing instance (JSON or workbook). Written atomically; exit 1 when --from is invalid.
import type { Command } from 'commander';
import { flushWarnings, loadInstanceOrExit, useWarningOptions, warningOptions, writeFileAtomic } from './io.js';

export function register(program: Command): void {
  const cmd = program
    .command('template')
    .description('生成课后服务 Excel 模板（说明、学校与政策、校历、作息时间、场地、班级、教职工、社团、学生、请假），可用已有实例填好')
    .option('-o, --output <file>', '写入的 Excel 文件', '课后服务.xlsx')
    .option('--from <instance>', '用已有的实例（JSON 或 Excel）填好模板，例如从 JSON 改用 Excel 的学校');
  warningOptions(cmd).action(async (opts: { output: string; from?: string; verbose?: boolean; quiet?: boolean }) => {
    useWarningOptions(opts);
    const instance = opts.from !== undefined ? await loadInstanceOrExit(opts.from) : undefined;
    const { writeTemplate } = await import('../office/xlsx.js');
    const bytes = await writeTemplate(instance);
    await writeFileAtomic(opts.output, bytes);
    process.stderr.write(
      `已写入 ${opts.output}${instance ? `（已填入 ${instance.school.name}：${instance.classes.length} 个班、${instance.students.length} 名学生、${instance.staff.length} 名教职工）` : ''}\n` +
        `填好后运行：kehou import ${opts.output} -o 实例.json（或直接 kehou solve ${opts.output} -o 方案.json）\n`,
    );
    flushWarnings();
  });
}
