// What-if speed on the longhutang preset (benchmarks/whatif.md): one teacher's week of leave.
// Usage: npm run build && node benchmarks/whatif-bench.mjs [teachers=20]
// 1. generate the longhutang preset (seed 1) and solve it once (seed 1, 5 s);
// 2. for the N teachers with the most weekly duty: one cold node process each running `whatIf` once
//    (module load excluded, planning time = whatIf's own planMs), and the same N what-ifs again warm in one process;
// 3. print median / p95 / max of planning time (wall) and of CPU time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = (p) => 'file://' + join(root, 'dist', p);
const n = Number(process.argv[2] ?? 20);

const { generateSchool } = await import(dist('generate/build.js'));
const { solve } = await import(dist('solver/index.js'));
const instance = generateSchool({ preset: 'longhutang', seed: 1 });
const { schedule } = solve(instance, { seed: 1, timeLimit: 5 });
const dir = mkdtempSync(join(tmpdir(), 'kehou-whatif-bench-'));
const instPath = join(dir, 'instance.json');
const schedPath = join(dir, 'schedule.json');
writeFileSync(instPath, JSON.stringify(instance));
writeFileSync(schedPath, JSON.stringify(schedule));

// the busiest teachers of the week; leave Monday 12 Oct – Friday 16 Oct 2026 (a full service week)
const load = new Map();
for (const g of schedule.week.groups) for (const h of g.cover) if (h) load.set(h, (load.get(h) ?? 0) + 1);
const teachers = [...load].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([id]) => id);
const week = { from: '2026-10-12', to: '2026-10-16' };

const child = `
const { readFileSync } = await import('node:fs');
const { whatIf } = await import(${JSON.stringify(dist('solver/semester/whatif.js'))});
const inst = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const sched = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const c = process.cpuUsage();
const r = whatIf(inst, sched, [{ staff: process.argv[3], from: process.argv[4], to: process.argv[5] }]);
const u = process.cpuUsage(c);
process.stdout.write(JSON.stringify({ planMs: r.planMs, cpuMs: (u.user + u.system) / 1000, changes: r.changes.length, mode: r.mode }));
`;
const cold = teachers.map((t) =>
  JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child, instPath, schedPath, t, week.from, week.to], { encoding: 'utf8' })),
);

const { whatIf } = await import(dist('solver/semester/whatif.js'));
const warm = teachers.map((t) => {
  const c = process.cpuUsage();
  const r = whatIf(instance, schedule, [{ staff: t, ...week }]);
  const u = process.cpuUsage(c);
  return { planMs: r.planMs, cpuMs: (u.user + u.system) / 1000, changes: r.changes.length, mode: r.mode };
});

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +s[s.length - 1].toFixed(1) };
};
const out = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  loadavg: loadavg().map((x) => +x.toFixed(2)),
  school: { staff: instance.staff.length, students: instance.students.length, groups: schedule.week.groups.length, dates: schedule.semester.length },
  teachers: teachers.length,
  changesPerWhatIf: stats(cold.map((r) => r.changes)),
  modes: [...new Set(cold.map((r) => r.mode))],
  coldPlanMs: stats(cold.map((r) => r.planMs)),
  coldCpuMs: stats(cold.map((r) => r.cpuMs)),
  warmPlanMs: stats(warm.map((r) => r.planMs)),
  warmCpuMs: stats(warm.map((r) => r.cpuMs)),
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
