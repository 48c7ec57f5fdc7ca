// `kehou validate FILE [--json]`: checks an instance (or, by its `format`, a schedule) and lists every problem.
// Exit 0 when valid (warnings printed to stderr), 1 when invalid (one line per problem on stderr:
// `path  code  message`); `--json` prints the list of problems as JSON on stdout instead.
import type { Command } from 'commander';
import { EXIT, MAX_STUDENTS_HELP, maxStudentsArg, printOmitted, printProblems, readJsonFile } from './io.js';
import type { Omitted } from '../model/problems.js';
import type { Problem } from '../model/problems.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('校验实例文件（或排班结果文件），一次列出全部错误与警告')
    .argument('<file>', '要校验的 JSON 文件（- 表示标准输入）')
    .option('--json', '以 JSON 列表输出全部问题（到标准输出）')
    .option('-q, --quiet', '不打印警告和结论，只打印错误')
    .option('--max-students <n>', MAX_STUDENTS_HELP, maxStudentsArg)
    .action(async (file: string, opts: { json?: boolean; quiet?: boolean; maxStudents?: number }) => {
      const { validateInstance, validateSchedule } = await import('../model/validate.js');
      const { SCHEDULE_FORMAT } = await import('../model/schema.js');
      const read = await readJsonFile(file);
      let problems: Problem[];
      let kind = '实例';
      let summary = '';
      let omitted: Omitted | undefined;
      if (!read.ok) problems = [...read.problems];
      else {
        const value = read.value as { format?: unknown } | null;
        const isSchedule = typeof value === 'object' && value !== null && value.format === SCHEDULE_FORMAT;
        kind = isSchedule ? '排班结果' : '实例';
        const limits = opts.maxStudents !== undefined ? { maxStudents: opts.maxStudents } : {};
        const result = isSchedule ? validateSchedule(read.value) : validateInstance(read.value, limits);
        omitted = result.omitted;
        problems = [...(result.ok ? [] : result.errors), ...read.warnings, ...result.warnings];
        if (result.ok && 'instance' in result) {
          const i = result.instance;
          summary = `：${i.school.name}，${i.classes.length} 个班、${i.students.length} 名学生、${i.staff.length} 名教职工、${(i.clubs ?? []).length} 个社团`;
        }
      }
      const more = Object.values(omitted ?? {}).reduce((a, b) => a + b, 0);
      const errors = problems.filter((p) => p.severity === 'error').length + more;
      const warnings = problems.length - errors;
      if (opts.json) {
        process.stdout.write(JSON.stringify(problems, null, 2) + '\n');
        printOmitted(omitted);
      } else {
        printProblems(opts.quiet ? problems.filter((p) => p.severity === 'error') : problems);
        printOmitted(omitted);
        if (!opts.quiet) {
          if (errors > 0) process.stderr.write(`无效${kind}“${file}”：${errors} 个错误${warnings ? `，${warnings} 个警告` : ''}\n`);
          else process.stderr.write(`有效${kind}${summary}${warnings ? `（${warnings} 个警告）` : ''}\n`);
        }
      }
      process.exitCode = errors > 0 ? EXIT.invalid : EXIT.ok;
    });
}
