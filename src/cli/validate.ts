// `kehou validate FILE… [--json] [-q] [--verbose] [--max-students N]`: checks an instance (or, by its `format`, a
// schedule) and lists every problem. FILE may be JSON, or an Excel workbook / CSV sheets (src/office), whose problems
// name sheet and cell. The verdict comes first; then every error, one line each (`path  code  message`), then the
// warnings grouped by code (all of them with --verbose, none with -q). Exit 0 when valid, 1 when invalid; `--json`
// prints the list of problems as JSON on stdout instead.
import type { Command } from 'commander';
import { EXIT, inputLabel, MAX_STUDENTS_HELP, maxStudentsArg, printOmitted, printProblems, readJsonFile, useWarningOptions, warningDisplay } from './io.js';
import type { Omitted, Problem } from '../model/problems.js';
import type { Instance } from '../model/schema.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('校验实例文件（JSON 或 Excel 工作簿）或排班结果文件，一次列出全部错误与警告')
    .argument('<file...>', '要校验的文件：JSON（- 表示标准输入）、Excel 工作簿 .xlsx 或 CSV（可给多个，后面的工作表替换前面的）')
    .option('--json', '以 JSON 列表输出全部问题（到标准输出）')
    .option('-q, --quiet', '不打印警告和结论，只打印错误')
    .option('-v, --verbose', '列出全部警告（默认按类别合并，每类举几个例子）')
    .option('--max-students <n>', MAX_STUDENTS_HELP, maxStudentsArg)
    .action(async (files: string[], opts: { json?: boolean; quiet?: boolean; verbose?: boolean; maxStudents?: number }) => {
      useWarningOptions(opts);
      const file = files.join(' ');
      const { isOfficePath, looksLikeWorkbook, readOfficeFiles } = await import('./office-input.js');
      let problems: Problem[];
      let kind = '实例';
      let summary = '';
      let omitted: Omitted | undefined;
      const describe = (i: Instance) =>
        `：${i.school.name}，${i.classes.length} 个班、${i.students.length} 名学生、${i.staff.length} 名教职工、${(i.clubs ?? []).length} 个社团`;
      if (files.length > 1 || (files[0] !== '-' && (isOfficePath(files[0]) || (await looksLikeWorkbook(files[0]))))) {
        const office = await readOfficeFiles(files);
        problems = office.ok ? [...office.warnings] : [...office.problems];
        if (office.ok) summary = describe(office.instance);
      } else {
        const { validateInstance, validateSchedule } = await import('../model/validate.js');
        const { SCHEDULE_FORMAT } = await import('../model/schema.js');
        const read = await readJsonFile(file);
        if (!read.ok) problems = [...read.problems];
        else {
          const value = read.value as { format?: unknown } | null;
          const isSchedule = typeof value === 'object' && value !== null && value.format === SCHEDULE_FORMAT;
          kind = isSchedule ? '排班结果' : '实例';
          const limits = opts.maxStudents !== undefined ? { maxStudents: opts.maxStudents } : {};
          const result = isSchedule ? validateSchedule(read.value) : validateInstance(read.value, limits);
          omitted = result.omitted;
          problems = [...(result.ok ? [] : result.errors), ...read.warnings, ...result.warnings];
          if (result.ok && 'instance' in result) summary = describe(result.instance);
        }
      }
      const more = Object.values(omitted ?? {}).reduce((a, b) => a + b, 0);
      const listedErrors = problems.filter((p) => p.severity === 'error').length;
      const errors = listedErrors + more;
      const warnings = problems.length - listedErrors;
      if (opts.json) {
        process.stdout.write(JSON.stringify(problems, null, 2) + '\n');
        printOmitted(omitted);
      } else if (opts.quiet) {
        warningDisplay.quiet = true;
        printProblems(problems.filter((p) => p.severity === 'error'));
        printOmitted(omitted);
      } else {
        // the verdict first, then the problems
        if (errors > 0) process.stderr.write(`无效${kind}${file === '-' ? '（标准输入）' : inputLabel(file)}：${errors} 个错误${warnings ? `，${warnings} 个警告` : ''}\n`);
        else process.stderr.write(`有效${kind}${summary}${warnings ? `（${warnings} 个警告）` : ''}\n`);
        printProblems(problems);
        printOmitted(omitted);
      }
      process.exitCode = errors > 0 ? EXIT.invalid : EXIT.ok;
    });
}
