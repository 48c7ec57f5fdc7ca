// The district queue (src/queue) on this machine: N whole schools (generated `small` preset, ≈500 students, the
// week template and the semester, every result checked) through 1, 2 and 4 `kehou worker` processes
// (--concurrency 1 each) on a private redis-server. Per worker count: throughput (schools per minute), job latency
// (submit → done: median, p95, max), the time in the worker thread (parse, validate, plan, check), and the queue's
// overhead per job (time a worker holds a job beyond its thread's time: BullMQ, Redis, result transfer).
// Results: printed as a Markdown table and written to benchmarks/queue-results.json (see benchmarks/queue.md).
//
// Usage: npm run build && node benchmarks/queue-bench.mjs [--schools 100] [--workers 1,2,4] [--time-limit 1]
//        [--deadline 900]   (seconds per worker count; a run past it is recorded as unfinished)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = (p) => 'file://' + join(root, 'dist', p);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SCHOOLS = Number(arg('schools', 100));
const WORKERS = String(arg('workers', '1,2,4')).split(',').map(Number);
const TIME_LIMIT = Number(arg('time-limit', 1));
const DEADLINE_S = Number(arg('deadline', 900));
const KEHOU = join(root, 'dist/bundle/kehou.js');

// the generator moved once (src/model → src/generate); take whichever this build has
const generatePath = ['generate/build.js', 'generate/index.js', 'model/generate.js'].find((p) => existsSync(join(root, 'dist', p)));
const { generateSchool } = await import(dist(generatePath));
const { digestOf } = await import(dist('server/requests.js'));
const { createProducer } = await import(dist('queue/producer.js'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

// ---------------------------------------------------------------- a private redis-server
async function startRedis() {
  for (let port = 16399; port >= 16380; port--) {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    let exited = false;
    child.on('exit', () => (exited = true));
    for (let i = 0; i < 40 && !exited; i++) {
      await sleep(50);
      try {
        const info = execFileSync('redis-cli', ['-p', String(port), 'info', 'server'], { encoding: 'utf8' });
        if (info.includes(`process_id:${child.pid}`)) return { port, url: `redis://127.0.0.1:${port}`, child };
      } catch {}
    }
    if (!exited) child.kill('SIGKILL');
  }
  throw new Error('no free port for redis-server in 16380–16399');
}

function startWorker(url) {
  const child = spawn(process.execPath, [KEHOU, 'worker', '--redis', url, '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve) => {
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
      if (text.includes('已启动')) resolve();
    });
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, ready, exited };
}

// ---------------------------------------------------------------- the schools
const schools = Array.from({ length: SCHOOLS }, (_, i) => {
  const s = generateSchool({ preset: 'small', seed: 1000 + i });
  return { ...s, school: { ...s.school, name: `基准学校${i + 1}` } };
});
const students = schools.map((s) => s.students.length);

const redis = await startRedis();
const producer = createProducer({ redis: redis.url });
const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGB: round(totalmem() / 2 ** 30, 1),
  loadavgBefore: loadavg().map((x) => round(x)),
  redis: execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim(),
};
const runs = [];
try {
  for (const w of WORKERS) {
    await producer.client.flushall();
    const workers = Array.from({ length: w }, () => startWorker(redis.url));
    await Promise.all(workers.map((x) => x.ready));
    const t0 = Date.now();
    const ids = [];
    for (const s of schools) {
      const job = await producer.submit({ kind: 'solve', text: JSON.stringify(s), options: { timeLimit: TIME_LIMIT } }, { school: s.school.name, timeLimit: TIME_LIMIT }, digestOf(s));
      ids.push(job.id);
    }
    const submitMs = Date.now() - t0;
    let finished = false;
    while (Date.now() - t0 < DEADLINE_S * 1000) {
      const states = await Promise.all(ids.map((id) => producer.status(id)));
      if (states.every((s) => s === 'done' || s === 'failed')) {
        finished = true;
        break;
      }
      await sleep(250);
    }
    const rows = [];
    for (const id of ids) {
      const [timestamp, processedOn, finishedOn, returnvalue] = await producer.client.hmget(producer.queue.toKey(id), 'timestamp', 'processedOn', 'finishedOn', 'returnvalue');
      if (!finishedOn || !returnvalue) continue;
      const r = JSON.parse(returnvalue);
      rows.push({
        latency: (Number(finishedOn) - Number(timestamp)) / 1000,
        held: (Number(finishedOn) - Number(processedOn)) / 1000,
        thread: r.seconds,
        violations: r.verdict.violations,
        end: Number(finishedOn),
      });
    }
    const wall = (Math.max(...rows.map((r) => r.end)) - t0) / 1000;
    const run = {
      workers: w,
      finished,
      done: rows.length,
      violations: rows.reduce((a, r) => a + r.violations, 0),
      submitSeconds: round(submitMs / 1000),
      wallSeconds: round(wall, 1),
      schoolsPerMinute: round((rows.length / wall) * 60, 1),
      latency: { median: round(quantile(rows.map((r) => r.latency), 0.5)), p95: round(quantile(rows.map((r) => r.latency), 0.95)), max: round(Math.max(...rows.map((r) => r.latency))) },
      threadSeconds: { median: round(quantile(rows.map((r) => r.thread), 0.5)), p95: round(quantile(rows.map((r) => r.thread), 0.95)) },
      // what a worker spends on a job beyond its thread: BullMQ's move to active/completed, progress, result transfer
      overheadMs: { median: round(quantile(rows.map((r) => (r.held - r.thread) * 1000), 0.5), 0), p95: round(quantile(rows.map((r) => (r.held - r.thread) * 1000), 0.95), 0) },
      loadavgAfter: loadavg().map((x) => round(x)),
    };
    runs.push(run);
    process.stderr.write(`${w} worker(s): ${run.done}/${SCHOOLS} in ${run.wallSeconds} s, ${run.schoolsPerMinute}/min, p95 ${run.latency.p95} s\n`);
    for (const x of workers) x.child.kill('SIGTERM');
    await Promise.all(workers.map((x) => x.exited));
  }
} finally {
  await producer.close();
  redis.child.kill('SIGKILL');
}

const result = { machine, schools: SCHOOLS, preset: 'small', studentsMedian: quantile(students, 0.5), timeLimit: TIME_LIMIT, runs };
writeFileSync(join(root, 'benchmarks/queue-results.json'), JSON.stringify(result, null, 2) + '\n');
const lines = [
  `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.redis.split(' ').slice(0, 3).join(' ')}; ${machine.date}; load average before ${machine.loadavgBefore.join(' / ')}`,
  '',
  '| workers | done | violations | wall (s) | schools/min | latency median / p95 / max (s) | thread median / p95 (s) | queue overhead per job median / p95 (ms) | load after (1/5/15 min) |',
  '|---|---|---|---|---|---|---|---|---|',
  ...runs.map((r) => `| ${r.workers} | ${r.done}/${SCHOOLS}${r.finished ? '' : ' (deadline)'} | ${r.violations} | ${r.wallSeconds} | ${r.schoolsPerMinute} | ${r.latency.median} / ${r.latency.p95} / ${r.latency.max} | ${r.threadSeconds.median} / ${r.threadSeconds.p95} | ${r.overheadMs.median} / ${r.overheadMs.p95} | ${r.loadavgAfter.join(' / ')} |`),
];
process.stdout.write(lines.join('\n') + '\n');
