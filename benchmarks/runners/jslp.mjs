// Runner: the whole club stage's MILP (the LP file of `kehou export-lp --stage clubs`, the model CBC solves) solved
// with javascript-lp-solver (the library on the project card). The LP file is read into the library's JSON model
// the way a developer would hand it over: one entry per variable (objective and row coefficients), one constraint
// per row, `Bounds` as upper-bound rows, `Binaries` as integers at most 1. Only the subset of the CPLEX LP format
// that Kehou writes is read (`Minimize`, `Subject To` rows of "± coef name" terms and "<=|>=|= rhs", `Bounds`
// "name <= u", `Binaries`, `End`). The harness runs this in a child with a time limit and a memory cap (node
// --max-old-space-size + RSS polling); the result's cost is recomputed from the values it returns, with the
// integrality and the largest row violation, so a wrong answer cannot pass as an optimum.
import { readFileSync } from 'node:fs';
import { emitResult, round, selfPeakRssMb } from '../lib/common.mjs';

const arg = JSON.parse(process.argv[2] ?? '{}');
const { default: solver } = await import('javascript-lp-solver');

/** The LP text as { cost: Map, rows: [{ name, terms: [[coef, var]], sense, rhs }], upper: Map, binaries: Set }. */
function readLp(text) {
  const cost = new Map();
  const rows = [];
  const upper = new Map();
  const binaries = new Set();
  const termRe = /([+-])\s*(?:(\d+(?:\.\d+)?)\s+)?([A-Za-z_][\w.]*)/g;
  const termsOf = (s) => [...s.matchAll(termRe)].map((m) => [(m[1] === '-' ? -1 : 1) * (m[2] ? Number(m[2]) : 1), m[3]]);
  let section = '';
  let row;
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (l === '' || l.startsWith('\\')) continue;
    if (/^(Minimize|Subject To|Bounds|Binaries|End)$/i.test(l)) {
      section = l.toLowerCase();
      continue;
    }
    if (section === 'minimize') {
      if (!l.endsWith(':')) for (const [c, v] of termsOf(l)) cost.set(v, (cost.get(v) ?? 0) + c);
    } else if (section === 'subject to') {
      const rhs = /^(<=|>=|=)\s*(-?\d+(?:\.\d+)?)$/.exec(l);
      if (l.endsWith(':')) rows.push((row = { name: l.slice(0, -1), terms: [] }));
      else if (rhs) Object.assign(row, { sense: rhs[1], rhs: Number(rhs[2]) });
      else row.terms.push(...termsOf(l));
    } else if (section === 'bounds') {
      const b = /^(\S+)\s*<=\s*(\d+(?:\.\d+)?)$/.exec(l);
      if (!b) throw new Error(`unsupported bound: ${l}`);
      upper.set(b[1], Number(b[2]));
    } else if (section === 'binaries') for (const v of l.split(/\s+/)) binaries.add(v);
  }
  return { cost, rows, upper, binaries };
}

const t0 = performance.now();
const lp = readLp(readFileSync(arg.lpFile, 'utf8'));
const variables = {};
const constraints = {};
const ints = {};
const v = (name) => (variables[name] ??= { cost: 0 });
for (const [name, c] of lp.cost) v(name).cost += c;
for (const r of lp.rows) {
  constraints[r.name] = r.sense === '<=' ? { max: r.rhs } : r.sense === '>=' ? { min: r.rhs } : { equal: r.rhs };
  for (const [c, name] of r.terms) v(name)[r.name] = (v(name)[r.name] ?? 0) + c;
}
for (const [name, u] of lp.upper) {
  constraints[`ub:${name}`] = { max: u };
  v(name)[`ub:${name}`] = 1;
}
for (const name of lp.binaries) {
  ints[name] = 1;
  constraints[`bin:${name}`] = { max: 1 };
  v(name)[`bin:${name}`] = 1;
}
const model = { optimize: 'cost', opType: 'min', constraints, variables, ints };
const buildMs = performance.now() - t0;

const t1 = performance.now();
const r = solver.Solve(model);
const solveMs = performance.now() - t1;

// the returned values: their cost, integrality and the largest violation of a row or bound
const x = (name) => Number(r[name] ?? 0);
let cost = 0;
for (const [name, c] of lp.cost) cost += c * x(name);
let fractional = 0;
for (const name of lp.binaries) if (Math.abs(x(name) - Math.round(x(name))) > 1e-6) fractional++;
let maxViolation = 0;
for (const row of lp.rows) {
  const lhs = row.terms.reduce((s, [c, name]) => s + c * x(name), 0);
  const over = row.sense === '<=' ? lhs - row.rhs : row.sense === '>=' ? row.rhs - lhs : Math.abs(lhs - row.rhs);
  maxViolation = Math.max(maxViolation, over);
}
for (const [name, u] of lp.upper) maxViolation = Math.max(maxViolation, x(name) - u, -x(name));
emitResult({
  feasible: r.feasible === true,
  bounded: r.bounded !== false,
  reportedResult: r.result,
  cost: round(cost, 6),
  fractional,
  maxViolation: round(maxViolation, 9),
  variables: Object.keys(variables).length,
  constraints: Object.keys(constraints).length,
  integers: lp.binaries.size,
  buildMs: round(buildMs),
  solveMs: round(solveMs),
  peakRssMb: selfPeakRssMb(),
});
