// `kehou import FILE.xlsx|FILE.csv… [-o instance.json]`: reads an office's workbook (or CSV sheets; later files'
// sheets replace earlier ones, e.g. `课后服务.xlsx 学生.csv`) into a kehou.instance/1 JSON file. Every problem is
// listed at once with its sheet, cell and instance path (`学生!C17 (/students/15/class)  unknown-class  …`);
// nothing is written when there is an error. Exit 0 written, 1 invalid.
import type { Command } from 'commander';
import { EXIT, flushWarnings, printProblems, useWarningOptions, warningOptions, writeJsonOutput } from './io.js';

export function register(program: Command): void {
  const cmd = program
    .command('import')
    .description('把 Excel 工作簿（或 CSV）导入为实例 JSON：一次列出全部问题（工作表、单元格、字段），有错误时不写文件')
    .argument('<files...>', 'Excel 工作簿 .xlsx、CSV 文件或存放它们的文件夹（可给多个，后面的工作表替换前面同类的工作表）')
    .option('-o, --output <file>', '实例 JSON 写入的文件（先写临时文件再改名；- 或省略表示标准输出）')
    .option('--json', '有问题时以 JSON 列表输出全部问题（到标准输出）');
  warningOptions(cmd).action(async (files: string[], opts: { output?: string; json?: boolean; verbose?: boolean; quiet?: boolean }) => {
    useWarningOptions(opts);
    const { readOfficeFiles } = await import('./office-input.js');
    const read = await readOfficeFiles(files);
    if (!read.ok) {
      const errors = read.problems.filter((p) => p.severity === 'error').length;
      if (opts.json) process.stdout.write(JSON.stringify(read.problems, null, 2) + '\n');
      else {
        process.stderr.write(`“${files.join(' ')}”有 ${errors} 个错误，未写入任何文件：\n`);
        printProblems(read.problems);
      }
      process.exitCode = EXIT.invalid;
      return;
    }
    const i = read.instance;
    await writeJsonOutput(opts.output, i);
    const toStdout = opts.output === undefined || opts.output === '-';
    process.stderr.write(
      `${toStdout ? '已导入' : `已写入 ${opts.output}`}：${i.school.name}，${i.classes.length} 个班、${i.students.length} 名学生、${i.staff.length} 名教职工、${(i.clubs ?? []).length} 个社团` +
        `${read.warnings.length ? `（${read.warnings.length} 个警告）` : ''}\n`,
    );
    printProblems(read.warnings);
    flushWarnings();
    process.exitCode = EXIT.ok;
  });
}
