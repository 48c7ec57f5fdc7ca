// `kehou batch DIR|FILES… --redis URL [-o OUTDIR] [--wait] [--time-limit S] [--seed N] [--timeout S]`: submits
// every school of a folder (or the files named: JSON instances, or the office's .xlsx workbooks read by src/office)
// to the district queue, shows the progress over all schools (done, failed, running, and each school's status as
// it changes), and writes each schedule (`<file>.schedule.json`) and a
// summary table (summary.csv, summary.xlsx) into OUTDIR (default ./kehou-results). Every school is read and
// validated here first: an invalid one is listed with all its problems and not submitted. Submitting is
// idempotent (the job id is the school's content hash): running the same batch again submits nothing twice and
// fetches what is finished. Without --wait it submits, writes what is already finished and exits.
// Exit 0 when every school has a checked plan (or, without --wait, was submitted), 1 otherwise.
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT, fail, formatProblem, readJsonFile, writeFileAtomic } from './io.js';
import type { BatchRow } from './batch-summary.js';

const positive = (text: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('应为正数');
  return n;
};
const seedArg = (text: string): number => {
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) throw new InvalidArgumentError('应为非负整数');
  return Number(text);
};

type BatchFlags = { redis: string; output?: string; wait?: boolean; timeLimit?: number; seed?: number; timeout?: number };

/** The school files named: folders give their *.json (not *.schedule.json) and *.xlsx workbooks (not Excel's `~$`
 * lock files, nor a batch's own summary.xlsx), sorted; files are taken as they are. */
async function schoolFiles(inputs: readonly string[]): Promise<string[]> {
  const { readdir, stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const files: string[] = [];
  for (const input of inputs) {
    let isDir = false;
    try {
      isDir = (await stat(input)).isDirectory();
    } catch {
      files.push(input); // reported as file-not-found when read
      continue;
    }
    if (!isDir) files.push(input);
    else {
      const names = (await readdir(input))
        .filter((n) => (/\.json$/i.test(n) && !/\.schedule\.json$/i.test(n)) || (/\.xlsx$/i.test(n) && !n.startsWith('~$') && n.toLowerCase() !== 'summary.xlsx'))
        .sort();
      files.push(...names.map((n) => join(input, n)));
    }
  }
  return files;
}

type WorkbookRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problems: readonly { readonly message: string }[]; readonly lines: readonly string[] };

/** A school's workbook (src/office: the template's sheets, or an office's own layout), problems named by sheet and cell. */
async function readWorkbookFile(path: string): Promise<WorkbookRead> {
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    const message = `无法读取文件“${path}”（${(e as NodeJS.ErrnoException)?.code ?? String(e)}）`;
    return { ok: false, problems: [{ message }], lines: [`/  file-unreadable  ${message}`] };
  }
  const { readWorkbook, formatImportProblem } = await import('../office/index.js');
  const read = await readWorkbook(bytes);
  if (read.ok) return { ok: true, value: read.instance };
  const errors = read.problems.filter((p) => p.severity === 'error');
  return { ok: false, problems: errors, lines: read.problems.map(formatImportProblem) };
}

const STATE_ZH = { queued: '排队中', running: '运行中', done: '完成', failed: '失败', cancelled: '已取消' } as const;

type Entry = { readonly file: string; readonly stem: string; readonly school: string; readonly id: string; status: keyof typeof STATE_ZH; row?: BatchRow };

export function register(program: Command): void {
  program
    .command('batch')
    .description('区级批量求解：把一个文件夹（或若干文件）里的每所学校提交到 Redis 任务队列，显示进度，写出各校排班结果与汇总表（CSV、Excel）')
    .argument('<inputs...>', '学校数据文件夹，或 JSON / Excel（.xlsx）文件')
    .requiredOption('--redis <url>', 'Redis 地址，如 redis://127.0.0.1:6379（或环境变量 KEHOU_REDIS_URL）', process.env.KEHOU_REDIS_URL)
    .option('-o, --output <dir>', '结果文件夹（默认 ./kehou-results）：各校 <文件名>.schedule.json 与 summary.csv、summary.xlsx')
    .option('--wait', '等待全部学校求解完成（否则提交后即退出，只写出已完成的结果）')
    .option('--time-limit <seconds>', '每所学校改进阶段的时间上限（秒，默认 10）', positive)
    .option('--seed <n>', '随机种子', seedArg)
    .option('--timeout <seconds>', '配合 --wait：最多等待的时间（秒），到时列出未完成的学校', positive)
    .action(async (inputs: string[], flags: BatchFlags) => {
      const { checkRedisUrl, reachable, redactedUrl } = await import('../queue/connection.js');
      const bad = checkRedisUrl(flags.redis);
      if (bad) fail('bad-redis-url', bad, EXIT.usage);
      const { basename, join } = await import('node:path');
      const { validateInstance } = await import('../model/validate.js');
      const { digestOf } = await import('../server/requests.js');
      const { createProducer } = await import('../queue/producer.js');
      const { writeSummary } = await import('./batch-summary.js');
      const outDir = flags.output ?? 'kehou-results';

      const files = await schoolFiles(inputs);
      if (files.length === 0) fail('no-schools', `在 ${inputs.join('、')} 中没有找到学校数据文件（*.json 或 *.xlsx）`, EXIT.usage);
      const rows: BatchRow[] = [];
      const valid: { file: string; stem: string; school: string; text: string; digest: string }[] = [];
      for (const file of files) {
        const read = /\.xlsx$/i.test(file) ? await readWorkbookFile(file) : await readJsonFile(file);
        const result = read.ok ? validateInstance(read.value) : null;
        if (!read.ok || !result?.ok) {
          // every problem at once: a JSON file's by JSON Pointer, a workbook's by sheet and cell
          const errors: readonly { readonly message: string }[] = !read.ok ? read.problems : result && !result.ok ? result.errors : [];
          const lines = !read.ok ? ('lines' in read ? read.lines : read.problems.map(formatProblem)) : result && !result.ok ? result.errors.map(formatProblem) : [];
          process.stderr.write(`“${file}”有 ${errors.length} 个错误，未提交：\n${lines.join('\n')}\n`);
          rows.push({ file: basename(file), school: '', state: '数据无效', note: errors[0]?.message ?? '' });
          continue;
        }
        const instance = result.instance;
        valid.push({ file, stem: basename(file).replace(/\.(json|xlsx)$/i, ''), school: instance.school.name, text: JSON.stringify(instance), digest: digestOf(instance) });
      }

      const ttl = Number(process.env.KEHOU_RESULT_TTL ?? '');
      const producer = createProducer({ redis: flags.redis, ...(Number.isFinite(ttl) && ttl > 0 ? { keepSeconds: ttl } : {}) });
      try {
        if (!(await reachable(producer.client))) fail('queue-unavailable', `无法连接 Redis：${redactedUrl(flags.redis)}`);
        const options = { timeLimit: flags.timeLimit ?? 10, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) };
        const entries: Entry[] = [];
        for (const v of valid) {
          const job = await producer.submit({ kind: 'solve', text: v.text, options }, { school: v.school, timeLimit: options.timeLimit, label: basename(v.file) }, v.digest);
          entries.push({ file: basename(v.file), stem: v.stem, school: v.school, id: job.id, status: 'queued' });
        }
        process.stderr.write(`已提交 ${entries.length} 所学校到 ${redactedUrl(flags.redis)}${rows.length > 0 ? `（${rows.length} 个文件数据无效，未提交）` : ''}\n`);

        const display = progressDisplay(entries.length, Boolean(flags.wait));
        const finish = async (entry: Entry) => {
          const job = await producer.peek(entry.id);
          if (!job) {
            entry.row = { file: entry.file, school: entry.school, state: '失败', note: '任务已过期或被删除，请重新提交' };
            entry.status = 'failed';
            return;
          }
          if (job.status === 'done' && job.result && job.verdict) {
            const path = join(outDir, `${entry.stem}.schedule.json`);
            await writeFileAtomic(path, JSON.stringify(JSON.parse(job.result.scheduleJson), null, 2) + '\n');
            const seconds = job.startedAt !== undefined && job.finishedAt !== undefined ? (job.finishedAt - job.startedAt) / 1000 : undefined;
            entry.row = { file: entry.file, school: entry.school, state: STATE_ZH.done, verdict: job.verdict, ...(seconds !== undefined ? { seconds } : {}) };
            display.log(`完成 ${entry.school}（${entry.file}）：${seconds !== undefined ? `${seconds.toFixed(1)} 秒，` : ''}校验通过 → ${path}`);
          } else {
            entry.row = { file: entry.file, school: entry.school, state: STATE_ZH[job.status], note: job.failure?.detail ?? '' };
            display.log(`${STATE_ZH[job.status]} ${entry.school}（${entry.file}）${job.failure ? `：${job.failure.detail}` : ''}`);
          }
        };

        const deadline = flags.timeout !== undefined ? Date.now() + flags.timeout * 1000 : Infinity;
        for (;;) {
          const open = entries.filter((e) => e.row === undefined);
          const states = await Promise.all(open.map((e) => producer.status(e.id)));
          for (const [i, entry] of open.entries()) {
            const status = states[i] ?? 'failed';
            if (status === 'running' && entry.status !== 'running') display.log(`运行中 ${entry.school}（${entry.file}）`);
            entry.status = status;
            if (status === 'done' || status === 'failed' || status === 'cancelled' || states[i] === undefined) await finish(entry);
          }
          display.update(entries);
          if (!flags.wait || entries.every((e) => e.row !== undefined) || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        display.stop();

        for (const e of entries) rows.push(e.row ?? { file: e.file, school: e.school, state: STATE_ZH[e.status], note: flags.wait ? '等待超时，仍未完成' : '已提交；用 --wait 再次运行可取回结果' });
        const written = await writeSummary(outDir, rows);
        const count = (state: string) => rows.filter((r) => r.state === state).length;
        const done = count(STATE_ZH.done);
        const pending = count(STATE_ZH.queued) + count(STATE_ZH.running);
        const failed = rows.length - done - pending;
        process.stdout.write(`共 ${rows.length} 所学校：完成 ${done}，失败或无效 ${failed}，未完成 ${pending}；汇总表：${written.join('、')}\n`);
        process.exitCode = failed > 0 || (flags.wait && pending > 0) ? EXIT.invalid : EXIT.ok;
      } finally {
        await producer.close();
      }
    });
}

type Display = { readonly log: (line: string) => void; readonly update: (entries: readonly Entry[]) => void; readonly stop: () => void };

/** A progress bar over all schools on a terminal (cli-progress), plain lines otherwise; per-school lines either way. */
function progressDisplay(total: number, wait: boolean): Display {
  const tty = process.stderr.isTTY === true && wait;
  if (!tty) {
    return { log: (line) => process.stderr.write(line + '\n'), update: () => {}, stop: () => {} };
  }
  // loaded only for a terminal (cli-progress is CommonJS; createRequire keeps this ESM module light)
  let bar: { update: (v: number, p: object) => void } | null = null;
  let multi: { log: (s: string) => void; stop: () => void } | null = null;
  const init = async () => {
    const { default: cliProgress } = await import('cli-progress');
    const m = new cliProgress.MultiBar(
      { format: '进度 {bar} {value}/{total} | 完成 {done} 失败 {failed} 运行中 {running} 排队 {queued}', hideCursor: true, clearOnComplete: false, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar = m.create(total, 0, { done: 0, failed: 0, running: 0, queued: total });
    multi = m;
  };
  const ready = init();
  const counts = (entries: readonly Entry[]) => {
    const c = { done: 0, failed: 0, running: 0, queued: 0 };
    for (const e of entries) {
      if (e.status === 'done') c.done++;
      else if (e.status === 'failed' || e.status === 'cancelled') c.failed++;
      else if (e.status === 'running') c.running++;
      else c.queued++;
    }
    return c;
  };
  return {
    log: (line) => void ready.then(() => multi?.log(line + '\n')),
    update: (entries) => {
      const c = counts(entries);
      void ready.then(() => bar?.update(c.done + c.failed, c));
    },
    stop: () => void ready.then(() => multi?.stop()),
  };
}
