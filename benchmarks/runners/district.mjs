// Runner: a district batch (学区批量排班) — N whole schools planned in parallel worker threads (one per core), as a
// district office or the HTTP server would. Every school is generated and validated before timing; each worker plans
// one school first (warm-up); then the batch is timed (dispatch of the first school → last schedule back), `runs`
// times, median. The schedules of the last batch are checked by the independent checker (violations must be 0).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { distUrl, emitResult, median, round, selfPeakRssMb } from '../lib/common.mjs';

const arg = JSON.parse(process.argv[2] ?? '{}');
const log = (s) => process.stderr.write(`  [district] ${s}\n`);
const { generateSchool } = await import(distUrl('generate/build.js'));
const { validateInstance } = await import(distUrl('model/validate.js'));
const { check } = await import(distUrl('checker/index.js'));

const schools = arg.schools ?? 20;
const workers = arg.workers ?? os.availableParallelism();
const semester = arg.semester !== false;
const instances = [];
for (let i = 0; i < schools; i++) {
  const inst = generateSchool({ preset: arg.preset ?? 'longhutang', seed: (arg.firstSeed ?? 1) + i, students: arg.students ?? 0 });
  const v = validateInstance(inst);
  if (!v.ok) {
    emitResult({ error: 'invalid-instance', school: i, errors: v.errors.slice(0, 3).map((p) => `${p.path} ${p.code}`) });
    process.exit(0);
  }
  instances.push(v.instance);
}
const jsons = instances.map((x) => JSON.stringify(x));
const students = instances.reduce((n, x) => n + x.students.length, 0);
log(`${schools} 所学校（${arg.preset ?? 'longhutang'}，种子 ${arg.firstSeed ?? 1}…），共 ${students} 名学生，${workers} 个工作线程`);

const pool = await Promise.all(
  Array.from(
    { length: workers },
    () =>
      new Promise((resolve, reject) => {
        const w = new Worker(new URL('./district-worker.mjs', import.meta.url), { workerData: { semester, timeLimit: arg.timeLimit } });
        w.once('message', () => resolve(w));
        w.once('error', reject);
      }),
  ),
);

/** plans the given school indices on the pool; resolves with per-school results once all are back */
function batch(ids) {
  return new Promise((resolve, reject) => {
    const queue = [...ids];
    const out = new Map();
    let busy = 0;
    const feed = (w) => {
      const id = queue.shift();
      if (id === undefined) {
        if (busy === 0) resolve(out);
        return;
      }
      busy++;
      w.postMessage({ id, json: jsons[id] });
    };
    for (const w of pool) {
      w.removeAllListeners('message');
      w.removeAllListeners('error');
      w.on('error', reject);
      w.on('message', (m) => {
        busy--;
        out.set(m.id, m);
        feed(w);
        if (queue.length === 0 && busy === 0) resolve(out);
      });
    }
    for (const w of pool) feed(w);
  });
}

// warm-up: one school per worker
await batch(pool.map((_, i) => i % schools));
const runs = arg.runs ?? 1;
const walls = [];
let last;
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  last = await batch(instances.map((_, i) => i));
  walls.push(performance.now() - t0);
  log(`第 ${r + 1} 批：${round(walls[r] / 1000, 2)} s`);
}
for (const w of pool) await w.terminate();

// independent check of the last batch (not timed)
let violations = 0;
const samples = [];
const perSchool = [];
const statuses = {};
for (let i = 0; i < schools; i++) {
  const m = last.get(i);
  const schedule = JSON.parse(m.schedule);
  const c = check(instances[i], schedule);
  violations += c.violations.length;
  for (const v of c.violations.slice(0, 2)) if (samples.length < 5) samples.push(`school ${i}: ${v.rule} ${v.message}`);
  perSchool.push(m.ms);
  statuses[m.status] = (statuses[m.status] ?? 0) + 1;
}
emitResult({
  schools,
  preset: arg.preset ?? 'longhutang',
  semester,
  workers,
  students,
  runs,
  batchMedianMs: round(median(walls)),
  batchTimesMs: walls.map((x) => round(x)),
  perSchoolMedianMs: round(median(perSchool)),
  perSchoolMaxMs: round(Math.max(...perSchool)),
  statuses,
  violations,
  violationSamples: samples,
  peakRssMb: selfPeakRssMb(),
});
