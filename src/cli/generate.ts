// `kehou generate PRESET [--seed N] [--students N] [-o FILE]`: writes a generated school instance (生成示例学校).
// Prints the JSON to stdout without -o; with -o writes the file atomically. Unknown preset or bad number → exit 2.
import type { Command } from 'commander';
import { EXIT, fail } from './io.js';

const PRESET_NAMES = ['small', 'longhutang', 'mega', 'stress', 'random'] as const;

const nonNegativeInt = (name: string, text: string): number => {
  if (!/^\d+$/.test(text.trim())) fail('bad-option', `选项 ${name} 需要非负整数，收到“${text}”`, EXIT.usage);
  return Number(text.trim());
};

export function register(program: Command): void {
  program
    .command('generate')
    .description('生成示例学校实例：small（每年级 2 个班）、longhutang（龙虎塘第二实验小学）、mega（九年一贯制约 8000 人）、stress（约 2 万人）、random（随机小学校）')
    .argument('<preset>', `预设：${PRESET_NAMES.join(' | ')}`)
    .option('--seed <n>', '随机种子，默认 1（相同种子生成相同学校）')
    .option('--students <n>', '大致的学生人数（按比例调整班级数）')
    .option('-o, --output <file>', '写入文件（原子写入）；省略时输出到标准输出')
    .action(async (preset: string, opts: { seed?: string; students?: string; output?: string }) => {
      const { generateSchool, isPreset } = await import('../generate/build.js');
      if (!isPreset(preset)) fail('unknown-preset', `未知预设“${preset}”，可选：${PRESET_NAMES.join('、')}`, EXIT.usage);
      const seed = opts.seed === undefined ? 1 : nonNegativeInt('--seed', opts.seed);
      const students = opts.students === undefined ? 0 : nonNegativeInt('--students', opts.students);
      const instance = generateSchool({ preset, seed, students });
      const text = JSON.stringify(instance, null, 2) + '\n';
      if (opts.output === undefined || opts.output === '-') process.stdout.write(text);
      else {
        const { writeFileAtomic } = await import('./io.js');
        await writeFileAtomic(opts.output, text);
        process.stderr.write(
          `已生成“${instance.school.name}”：${instance.classes.length} 个班、${instance.students.length} 名学生、${instance.staff.length} 名教职工 → ${opts.output}\n`,
        );
      }
    });
}
