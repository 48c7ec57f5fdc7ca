// The district queue end to end, on a real redis-server and real `kehou worker` processes: a worker killed with
// SIGKILL mid-job loses nothing and duplicates nothing; SIGTERM drains; `kehou batch` writes each schedule and the
// CSV/Excel summary, and running it again fetches the stored results without planning anything again.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { createProducer, type Producer } from '../../src/queue/producer.js';
import { digestOf } from '../../src/server/requests.js';
import { KEHOU, killWorker, smallSchool, startWorker, until, type WorkerProcess } from './helpers.js';
import { startRedis, type TestRedis } from './redis.js';

const run = promisify(execFile);

describe('the district queue (redis-server, kehou worker processes)', () => {
  let redis: TestRedis;
  let producer: Producer;
  const workers: WorkerProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kehou-queue-'));

  beforeAll(async () => {
    redis = await startRedis();
    producer = createProducer({ redis: redis.url });
  }, 30_000);

  afterAll(async () => {
    for (const w of workers) await killWorker(w);
    await producer?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (school: Instance, timeLimit: number) =>
    (await producer.submit({ kind: 'solve', text: JSON.stringify(school), options: { timeLimit } }, { school: school.school.name, timeLimit }, digestOf(school))).id;

  const statuses = (ids: readonly string[]) => Promise.all(ids.map((id) => producer.status(id)));
  const nameOf = async (w: WorkerProcess) => /工作进程 (\S+) 已启动/.exec(await w.waitFor(/已启动/))![1];

  it('20 schools through 2 workers, one killed with SIGKILL mid-job: 20 checked results, none lost or duplicated', async () => {
    const a = startWorker(redis.url, '--lock-seconds', '3');
    const b = startWorker(redis.url, '--lock-seconds', '3');
    workers.push(a, b);
    const [nameA, nameB] = [await nameOf(a), await nameOf(b)];
    expect(nameA).not.toBe(nameB);

    const schools = Array.from({ length: 20 }, (_, i) => smallSchool(100 + i, `测试学校${i + 1}`));
    const ids: string[] = [];
    for (const school of schools) ids.push(await submit(school, 1));
    expect(new Set(ids).size).toBe(20);

    // once A has finished a job and started the next, kill it in the middle of that one
    await a.waitFor(/^完成 /);
    const started = await a.waitFor(/^开始 /, a.lines.findIndex((l) => l.startsWith('完成 ')) + 1);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedId = ids.find((id) => id.startsWith(/(solve-[0-9a-f]+)/.exec(started)![1]))!;
    expect(await producer.status(killedId)).toBe('running'); // still locked by the dead worker

    await until(async () => (await statuses(ids)).every((s) => s === 'done'), 180_000, 500);

    for (const [i, id] of ids.entries()) {
      const job = (await producer.peek(id))!;
      expect(job.school).toBe(schools[i].school.name);
      expect(job.verdict?.violations).toBe(0); // checked in the worker thread before it was marked done…
      const schedule = JSON.parse(job.result!.scheduleJson) as Schedule;
      expect(check(schools[i], schedule).violations).toEqual([]); // …and again here, independently
    }
    // the job of the dead worker was finished by the other one
    expect((await producer.peek(killedId))!.worker).toBe(nameB);
    // none duplicated: one completion per job in the queue's event stream, and 20 "完成" lines in all
    const events = await producer.client.xrange(producer.queue.toKey('events'), '-', '+');
    const field = (f: string[], key: string) => f[f.indexOf(key) + 1];
    const completed = events.map(([, f]) => f).filter((f) => field(f, 'event') === 'completed').map((f) => field(f, 'jobId'));
    expect([...completed].sort()).toEqual([...ids].sort());
    expect([...a.lines, ...b.lines].filter((l) => l.startsWith('完成 '))).toHaveLength(20);
  }, 300_000);

  it('SIGTERM drains: the running job finishes, no new one is taken, exit 0', async () => {
    const b = workers[1];
    const from = b.lines.length;
    const ids: string[] = [];
    for (const i of [1, 2, 3]) ids.push(await submit(smallSchool(300 + i, `排空学校${i}`), 2));
    const started = await b.waitFor(/^开始 /, from);
    b.child.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
    const runningId = ids.find((id) => id.startsWith(/(solve-[0-9a-f]+)/.exec(started)![1]))!;
    expect(await producer.status(runningId)).toBe('done');
    expect((await producer.peek(runningId))!.verdict?.violations).toBe(0);
    expect((await statuses(ids)).filter((s) => s === 'queued')).toHaveLength(2);
    expect(b.lines.slice(from).filter((l) => l.startsWith('开始 '))).toHaveLength(1);
    expect(b.lines.at(-1)).toBe('工作进程已退出');
    // the two left behind are someone else's: drop them so the next test's worker has only its own work
    for (const id of ids) if (id !== runningId) await producer.cancel(id);
  }, 120_000);

  it('kehou batch: schedules, summary.csv and summary.xlsx; again: the stored results, nothing planned twice', async () => {
    const c = startWorker(redis.url);
    workers.push(c);
    await c.waitFor(/已启动/);
    const schools = join(dir, 'schools');
    const out = join(dir, 'out');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(schools);
    const made = [1, 2, 3].map((i) => smallSchool(400 + i, `批量学校${i}`));
    made.forEach((s, i) => writeFileSync(join(schools, `school-${i + 1}.json`), JSON.stringify(s, null, 2)));
    writeFileSync(join(schools, 'broken.json'), '{"format": "kehou.instance/1"}');
    // a school's workbook (the office template, src/office), read like the JSON ones
    const { writeTemplate, readWorkbook } = await import('../../src/office/index.js');
    writeFileSync(join(schools, 'school-4.xlsx'), await writeTemplate(smallSchool(404, '批量学校4')));

    const args = [KEHOU, 'batch', schools, '--redis', redis.url, '-o', out, '--wait', '--time-limit', '1', '--timeout', '150'];
    const first = await run(process.execPath, args).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(first.code).toBe(1); // broken.json has no plan
    expect(first.stdout).toContain('共 5 所学校：完成 4');
    expect(first.stderr).toContain('“' + join(schools, 'broken.json') + '”有');
    expect(first.stderr).toMatch(/完成 批量学校1（school-1\.json）/);
    for (const [i, school] of made.entries()) {
      const schedule = JSON.parse(readFileSync(join(out, `school-${i + 1}.schedule.json`), 'utf8')) as Schedule;
      expect(check(school, schedule).violations).toEqual([]);
    }
    expect(existsSync(join(out, 'broken.schedule.json'))).toBe(false);
    const fromWorkbook = await readWorkbook(new Uint8Array(readFileSync(join(schools, 'school-4.xlsx'))));
    if (!fromWorkbook.ok) throw new Error('workbook did not read back');
    const schedule4 = JSON.parse(readFileSync(join(out, 'school-4.schedule.json'), 'utf8')) as Schedule;
    expect(schedule4.school).toBe('批量学校4');
    expect(check(fromWorkbook.instance, schedule4).violations).toEqual([]);

    const csv = readFileSync(join(out, 'summary.csv'), 'utf8');
    expect(csv.startsWith('\uFEFF学校,文件,状态,学生数,无人承担的任务,未安排社团的学生,社团费用,与下界的差距,用时（秒）,独立校验,说明')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.startsWith('批量学校2,school-2.json,完成,'))).toMatch(/,通过,$/);
    expect(lines.find((l) => l.includes('broken.json'))).toContain('数据无效');

    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'summary.xlsx'));
    const sheet = book.getWorksheet('汇总')!;
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(1).getCell(1).value).toBe('学校');
    const row = [2, 3, 4, 5, 6].map((r) => sheet.getRow(r)).find((r) => r.getCell(1).value === '批量学校1')!;
    expect(row.getCell(3).value).toBe('完成');
    expect(row.getCell(4).value).toBe(made[0].students.length);

    // the same batch again: every school answers with its stored result at once
    const startsBefore = c.lines.filter((l) => l.startsWith('开始 ')).length;
    const again = await run(process.execPath, [...args.slice(0, -2)]).catch((e: { stdout: string }) => e);
    expect(again.stdout).toContain('共 5 所学校：完成 4');
    expect(c.lines.filter((l) => l.startsWith('开始 ')).length).toBe(startsBefore);
    expect(startsBefore).toBe(4);
  }, 240_000);
});
