// Runner: the club assignment model solved with javascript-lp-solver (the library on the project card), written the
// way a developer would with that library: its JSON model, one binary x per eligible (student, club) pair, one
// unplaced variable per student, the club minimum and capacity, (clubsPerStudent > 1) one club per first weekday.
// The data is the planner's own club model (src/solver/export-lp.ts clubLpModel), so the optimum must equal CBC's.
// The harness runs this in a child with a time limit and a memory cap (node --max-old-space-size + RSS polling).
import { readFileSync } from 'node:fs';
import { emitResult, round, selfPeakRssMb } from '../lib/common.mjs';

const arg = JSON.parse(process.argv[2] ?? '{}');
const data = JSON.parse(readFileSync(arg.modelFile, 'utf8'));
const { default: solver } = await import('javascript-lp-solver');

const t0 = performance.now();
const cps = data.clubsPerStudent;
const constraints = {};
const variables = {};
const binaries = {};
const firstDay = (mask) => 31 - Math.clz32(mask & -mask);
data.clubs.forEach((c, j) => {
  constraints[`cap${j}`] = c.min > 0 ? { min: c.min, max: c.cap } : { max: c.cap };
});
data.students.forEach((st, s) => {
  constraints[`place${s}`] = { equal: cps };
  const days = new Map();
  for (const o of st.options) {
    const name = `x${s}_${o.club}`;
    const v = { cost: st.weight * o.rank * o.rank, [`place${s}`]: 1, [`cap${o.club}`]: 1 };
    if (cps > 1) {
      const d = firstDay(data.clubs[o.club].days);
      (days.get(d) ?? days.set(d, []).get(d)).push(name);
      v[`day${s}_${d}`] = 1;
    }
    variables[name] = v;
    binaries[name] = 1;
  }
  for (const [d, names] of days) if (names.length > 1) constraints[`day${s}_${d}`] = { max: 1 };
  variables[`u${s}`] = { cost: 100 * st.weight, [`place${s}`]: 1 };
  if (cps > 1) {
    // unplaced ≤ 1, the other places unused
    constraints[`un${s}`] = { max: 1 };
    variables[`u${s}`][`un${s}`] = 1;
    constraints[`spare${s}`] = { max: cps - 1 };
    variables[`z${s}`] = { cost: 0, [`place${s}`]: 1, [`spare${s}`]: 1 };
  }
});
const model = { optimize: 'cost', opType: 'min', constraints, variables, binaries };
const buildMs = performance.now() - t0;

const t1 = performance.now();
const r = solver.Solve(model);
const solveMs = performance.now() - t1;

// integrality and the real cost of what it returned
let fractional = 0;
let cost = 0;
for (const [name, v] of Object.entries(variables)) {
  const x = Number(r[name] ?? 0);
  if (Math.abs(x - Math.round(x)) > 1e-6) fractional++;
  cost += v.cost * x;
}
emitResult({
  feasible: r.feasible === true,
  bounded: r.bounded !== false,
  reportedResult: r.result,
  cost: round(cost, 6),
  fractional,
  variables: Object.keys(variables).length,
  constraints: Object.keys(constraints).length,
  buildMs: round(buildMs),
  solveMs: round(solveMs),
  peakRssMb: selfPeakRssMb(),
});
