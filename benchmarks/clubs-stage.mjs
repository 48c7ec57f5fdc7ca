// The whole club stage (issue 10) side by side with CBC on the same model: for each generated school, Kehou's
// club stage in process (median of 3 after a warm-up; cost, proven lower bound, proven or not) and the weekly plan
// (median of 3), then CBC on `kehou export-lp --stage clubs` (the same whole-stage MILP) with a wall-clock cap.
// Usage: npm run build && node benchmarks/clubs-stage.mjs [--cap S] [--only small,longhutang] [--no-cbc] [--out FILE.json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCbc, parseCbcOutput } from './lib/cbc.mjs';

const dist = new URL('../dist/', import.meta.url);
const { generateSchool } = await import(new URL('generate/build.js', dist));
const { validateInstance } = await import(new URL('model/validate.js', dist));
const { compile } = await import(new URL('solver/compile.js', dist));
const { planGroups } = await import(new URL('solver/week/groups.js', dist));
const { planGroupRooms } = await import(new URL('solver/week/rooms.js', dist));
const { planClubStage } = await import(new URL('solver/week/club-stage.js', dist));
const { clubStageLp } = await import(new URL('solver/week/club-model.js', dist));
const { solve } = await import(new URL('index.js', dist));

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const cap = Number(arg('--cap', '120'));
const cbc = process.argv.includes('--no-cbc') ? undefined : findCbc();
const dir = mkdtempSync(join(tmpdir(), 'kehou-clubs-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SCHOOLS = [
  ['small', 'small (≈500)'],
  ['longhutang', 'longhutang (≈2,700)'],
  ['mega', 'mega (≈8,000)'],
  ['stress', 'stress (≈20,000)'],
];
const rows = [];
for (const [preset, label] of SCHOOLS.filter(([p]) => (arg('--only', '') || p).split(',').includes(p))) {
  const v = validateInstance(generateSchool({ preset, seed: 1 }));
  if (!v.ok) throw new Error('invalid generated school');
  const inst = v.instance;
  const c = compile(inst);
  const g = planGroups(c);
  const gr = planGroupRooms(c, g.groups);
  planClubStage(c, g.groups, gr.use); // warm-up
  const ts = [];
  let st;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    st = planClubStage(c, g.groups, gr.use);
    ts.push(performance.now() - t);
  }
  const weekTs = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    solve(inst, { semester: false });
    weekTs.push(performance.now() - t);
  }
  const lp = clubStageLp(c, g.groups, gr.use);
  const row = {
    label,
    students: inst.students.length,
    clubs: c.nClubs,
    clubsPerStudent: c.policy.clubsPerStudent,
    kehou: { cost: st.assignment.cost, bound: st.lowerBound, proven: st.proven, medianMs: Math.round(median(ts)), nodes: st.search.nodes },
    weekMedianMs: Math.round(median(weekTs)),
    model: lp.stats,
  };
  if (cbc) {
    const file = join(dir, `${preset}.lp`);
    writeFileSync(file, lp.text);
    const t = performance.now();
    const r = spawnSync(cbc.path, [file, 'timeMode', 'elapsed', 'sec', String(cap), 'solve'], { encoding: 'utf8', timeout: (cap + 60) * 1000, maxBuffer: 1 << 28 });
    const p = parseCbcOutput(r.stdout ?? '');
    row.cbc = { status: r.error ? 'killed' : p.status, objective: p.objective, bound: p.bound, wallMs: Math.round(performance.now() - t) };
  }
  rows.push(row);
  console.log(JSON.stringify(row));
}
const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
const out = { date: new Date().toISOString(), node: process.version, nproc: cpus().length, load, cbc: cbc?.version ?? null, cap, rows };
const file = arg('--out', join(dir, 'clubs-stage.json'));
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log('→', file);
