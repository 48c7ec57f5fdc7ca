// `kehou export INSTANCE SCHEDULE -o plan.xlsx | -o plan.html | -o DIR/ [--pay-per-period N]`: the plan in the
// office's own formats, in Chinese with names: an Excel workbook (总览, a sheet per class, 教师课表, 专用教室,
// 社团名单, 值班表, 代课记录, 工作量, 收费), printable HTML (one file, or a folder with an index, class timetables and
// 家长通知), and with a folder also one .ics calendar per staff member (日历/). Exit 0 written, 1 invalid input.
import { InvalidArgumentError, type Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, fail, flushWarnings, loadInstanceOrExit, loadScheduleOrExit, useWarningOptions, warningOptions, writeFileAtomic } from './io.js';

const rateArg = (value: string): number => {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0) throw new InvalidArgumentError('应为不小于 0 的数（元/课时）');
  return x;
};

/** A staff member's name as a file name (no path separators or characters Windows refuses). */
const fileName = (s: string): string => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '未命名';

type ExportOptions = { output: string; payPerPeriod?: number; verbose?: boolean; quiet?: boolean };

export function register(program: Command): void {
  const cmd = program
    .command('export')
    .description('导出排班结果：Excel 总表、可打印的课表与家长通知（HTML）、每位教职工的日历（.ics）')
    .argument('<instance>', '实例文件：JSON 或 Excel 工作簿')
    .argument('<schedule>', '排班结果 JSON 文件（kehou solve 的输出）')
    .requiredOption('-o, --output <target>', '写到哪里：plan.xlsx（Excel）、plan.html（一个网页），或一个文件夹（三者都写）')
    .option('--pay-per-period <yuan>', '每课时课酬（元），工作量表据此计算课酬（默认用实例中的 policy.payPerPeriod）', rateArg);
  warningOptions(cmd).action(async (instancePath: string, schedulePath: string, opts: ExportOptions) => {
    useWarningOptions(opts);
    if (instancePath === '-' && schedulePath === '-') fail('usage', '实例和排班结果不能都从标准输入读取', EXIT.usage);
    const instance = await loadInstanceOrExit(instancePath);
    const schedule = await loadScheduleOrExit(schedulePath);
    if (schedule.school !== instance.school.name) fail('school-mismatch', `排班结果属于“${schedule.school}”，实例是“${instance.school.name}”，请检查文件`);
    const office = await import('../office/index.js');
    const target = opts.output;
    const written: string[] = [];
    const rate = opts.payPerPeriod !== undefined ? { payPerPeriod: opts.payPerPeriod } : {};
    const isDir = /[\\/]$/.test(target) || (existsSync(target) && statSync(target).isDirectory()) || !/\.[A-Za-z0-9]+$/.test(target);
    if (!isDir && /\.xlsx$/i.test(target)) {
      await writeFileAtomic(target, await office.writePlanWorkbook(instance, schedule, rate));
      written.push(target);
    } else if (!isDir && /\.html?$/i.test(target)) {
      const [file] = office.renderPrintable(instance, schedule, { ...rate, single: true }).files;
      await writeFileAtomic(target, file.html);
      written.push(target);
    } else if (isDir) {
      const xlsx = join(target, '课后服务安排.xlsx');
      await writeFileAtomic(xlsx, await office.writePlanWorkbook(instance, schedule, rate));
      written.push(xlsx);
      for (const f of office.renderPrintable(instance, schedule, rate).files) await writeFileAtomic(join(target, '打印', f.name), f.html);
      written.push(join(target, '打印', 'index.html'));
      const calendars = office.writeCalendars(instance, schedule);
      const names = office.namesOf(instance);
      const used = new Set<string>();
      for (const [staff, ics] of calendars) {
        let name = fileName(names.staff(staff));
        if (used.has(name)) name = `${name}-${fileName(staff)}`;
        used.add(name);
        await writeFileAtomic(join(target, '日历', `${name}.ics`), ics);
      }
      written.push(`${join(target, '日历')}（${calendars.size} 个 .ics 文件）`);
    } else fail('usage', `不认识的输出“${target}”：请写 .xlsx、.html 文件名或一个文件夹`, EXIT.usage);
    process.stderr.write(written.map((w) => `已写入 ${w}`).join('\n') + '\n');
    flushWarnings();
    process.exitCode = EXIT.ok;
  });
}
