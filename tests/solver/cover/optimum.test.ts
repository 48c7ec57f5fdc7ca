// The cover stage against the proven optimum (issue 16): through solve(), on the exported model of the duties the
// final plan covers, schools where the old search stopped above the optimum now reach it, and — over random small
// schools, with CBC solving the exported cover MIP — the bound never exceeds the optimum and the plan is never below
// the bound. CBC (Debian coinor-cbc) is installed on CI; without it the CBC
// parts are skipped and the recorded optima (benchmarks/cover-cbc.json, proven by CBC) are used.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/checker/index.js';
import { generateSchool } from '../../../src/generate/build.js';
import type { Instance } from '../../../src/model/schema.js';
import { validateInstance } from '../../../src/model/validate.js';
import { coverLpText, coverModelOf, plannerStages } from '../../../src/solver/export-lp.js';
import { coverViolations, evaluateCover, type CoverModel } from '../../../src/solver/cover/model.js';
import { solve } from '../../../src/solver/index.js';

const cbcPath = ((): string | undefined => {
  for (const c of [process.env.CBC, 'cbc', '/usr/bin/cbc'].filter((x): x is string => !!x)) {
    const r = spawnSync(c, ['-quit'], { encoding: 'utf8', timeout: 10_000 });
    if (!r.error && r.status !== null) return c;
  }
  return undefined;
})();
if (!cbcPath) console.warn('未找到 cbc：跳过用 CBC 求最优值的测试（安装：apt-get install coinor-cbc）');
const dir = mkdtempSync(join(tmpdir(), 'kehou-cover-optimum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Cbc = { readonly proven: boolean; readonly objective: number; readonly bound: number; readonly holder: Int32Array };

/** CBC on the exported cover MIP (CPU-time cap), its solution decoded into holders. */
function cbcCover(m: CoverModel, name: string, capSeconds: number): Cbc {
  const lp = join(dir, `${name}.lp`);
  const sol = join(dir, `${name}.sol`);
  writeFileSync(lp, coverLpText(m).text);
  const r = spawnSync(cbcPath!, [lp, 'sec', String(capSeconds), 'solve', 'solu', sol], { encoding: 'utf8', timeout: (capSeconds * 4 + 30) * 1000 });
  // a model with no integer variable left after presolve ends with Clp's "Optimal objective X" and no Result line
  const lpOnly = /^Optimal objective (\S+)/m.exec(r.stdout);
  const result = /Result - (.+)/.exec(r.stdout)?.[1] ?? (lpOnly ? 'Optimal solution found' : '');
  const objective = Number(/Objective value:\s+(\S+)/.exec(r.stdout)?.[1] ?? lpOnly?.[1]);
  const lower = /Lower bound:\s+(\S+)/.exec(r.stdout);
  const holder = new Int32Array(m.nDuties).fill(-1);
  for (const l of (existsSync(sol) ? readFileSync(sol, 'utf8') : '').split('\n').slice(1)) {
    const x = /^\s*\d+\s+y(\d+)_(\d+)\s+(\S+)/.exec(l);
    if (x && Number(x[3]) > 0.5) holder[Number(x[1])] = Number(x[2]);
  }
  const proven = /Optimal solution found/.test(result);
  return { proven, objective, bound: proven ? objective : lower ? Number(lower[1]) : -Infinity, holder };
}

const instanceOf = (preset: 'small' | 'random', seed: number, students = 0): Instance => {
  const v = validateInstance(generateSchool({ preset, seed, students }));
  if (!v.ok) throw new Error('generated instance invalid');
  return v.instance;
};

/**
 * Kehou's cover plan through solve(), checked by the independent checker, next to the exported cover model
 * (`kehou export-lp --stage cover`): the model of the duties the final plan covers (solve's last club ↔ cover
 * round), so the plan's holders satisfy its rules and evaluate there to the cost solve reports.
 */
function throughSolve(instance: Instance): { cost: number; bound: number; uncovered: number; model: CoverModel } {
  const { schedule } = solve(instance, { seed: 1, semester: false });
  expect(check(instance, schedule).violations).toEqual([]);
  const cover = schedule.report.cover as { cost: number; bound: number };
  const stages = plannerStages(instance);
  const model = coverModelOf(stages);
  expect(coverViolations(model, stages.cover.holder)).toEqual([]);
  expect(evaluateCover(model, stages.cover.holder).cost).toBeCloseTo(cover.cost, 6);
  expect(stages.cover.cost).toBeCloseTo(cover.cost, 6);
  return { ...cover, uncovered: (schedule.report.counts as Record<string, number>).uncoveredDuties, model };
}

// optima proven by CBC 2.10.8 on the exported cover model (the duties of solve's last club ↔ cover round)
const W_U = 100_000;
const CASES = [
  // a teacher at the load bound held Thursday's afternoon and left a Monday block uncovered while a colleague led
  // a club on Thursday: the colleague taking the afternoon and the teacher the Monday block covers as many duties
  // for less (refillUncovered); the club then has no leader and does not run, so the last round covers one more
  // duty. Before issue 16's plan work solve ended at 200,372.06 (15.5 above its last model's optimum 200,356.56).
  { label: 'random-10', seed: 10, optimum: 100_356.5625, uncovered: 1, exact: true, cbc: true },
  // proven by CBC in 74–97 CPU s (too slow for a test; recorded; the exported LP's SHA-256 0b0f676a… is unchanged by
  // the Lagrangian club stage): the plan reached it before the column-generation master priced uncovered runs, whose
  // LP now rounds to 2,253.73 (0.016 % above)
  { label: 'random-4', seed: 4, optimum: 2_253.367346938776, uncovered: 0, exact: false, cbc: false },
  // four duties nobody can take; Kehou leaves other blocks of the same groups uncovered, 4.0 above (0.16 % of the
  // part that can be covered)
  { label: 'random-1', seed: 1, optimum: 402_538.578125, uncovered: 4, exact: false, cbc: true },
  // 0.0625 above (a rotation of four afternoons and two clubs among four teachers)
  { label: 'random-6', seed: 6, optimum: 1_040.0625, uncovered: 0, exact: false, cbc: true },
];

describe('cover: the plan through solve() against the proven optimum of the exported model', () => {
  for (const c of CASES) {
    it(`${c.label}: ${c.exact ? 'reaches' : 'within 0.5 % of the coverable part of'} the proven optimum ${c.optimum}`, () => {
      const r = throughSolve(instanceOf('random', c.seed));
      expect(r.uncovered).toBe(c.uncovered);
      if (c.exact) expect(r.cost).toBeCloseTo(c.optimum, 6);
      else expect(r.cost - c.optimum).toBeLessThanOrEqual(0.005 * (c.optimum - c.uncovered * W_U));
      expect(r.cost).toBeGreaterThanOrEqual(c.optimum - 1e-6);
      expect(r.bound).toBeLessThanOrEqual(c.optimum + 1e-6);
    }, 120_000);
  }

  it.skipIf(!cbcPath)('CBC proves the optima on the exported model', () => {
    for (const c of CASES.filter((x) => x.cbc)) {
      const m = coverModelOf(plannerStages(instanceOf('random', c.seed)));
      const r = cbcCover(m, c.label, 60);
      expect(r.proven).toBe(true);
      expect(r.objective).toBeCloseTo(c.optimum, 5);
      expect(coverViolations(m, r.holder)).toEqual([]);
      expect(evaluateCover(m, r.holder).cost).toBeCloseTo(c.optimum, 5);
    }
  }, 240_000);
});

describe('cover: bound ≤ optimum ≤ plan over random small schools (CBC)', () => {
  it.skipIf(!cbcPath)('for every school CBC solves, Kehou’s bound ≤ CBC’s optimum ≤ Kehou’s plan; the plan passes the checker', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 20, max: 45 }), (seed, students) => {
        const instance = instanceOf('random', seed, students);
        const stages = plannerStages(instance);
        const m = coverModelOf(stages);
        const r = stages.cover;
        expect(coverViolations(m, r.holder)).toEqual([]);
        expect(r.bound).toBeLessThanOrEqual(r.cost + 1e-9);
        const opt = cbcCover(m, `prop-${seed}-${students}`, 10);
        // CBC stopped by its cap before printing a solution (a loaded machine): nothing to compare for this school
        fc.pre(Number.isFinite(opt.objective));
        const scale = Math.max(1, Math.abs(opt.objective));
        // CBC's best solution is a valid plan: no bound may exceed it; when CBC proves it optimal, no plan is below it
        expect(r.bound).toBeLessThanOrEqual(opt.objective + 1e-6 * scale);
        if (opt.proven) expect(r.cost).toBeGreaterThanOrEqual(opt.objective - 1e-6 * scale);
        expect(r.cost).toBeGreaterThanOrEqual(opt.bound - 1e-6 * scale);
      }),
      { seed: 16, numRuns: 5 },
    );
  }, 600_000);
});
