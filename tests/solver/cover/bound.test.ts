// The cover stage's proven lower bound (issue 16): column generation's master prices the "nobody" holder exactly as
// the Lagrangian relaxation does (a discontinuity per run of uncovered blocks), so on schools short of staff the bound
// reaches the Dantzig–Wolfe value instead of stopping W_D per uncovered run short. The bound must never exceed the
// optimum: brute force on tiny schools short of staff, CBC on the exported model of generated schools (when
// /usr/bin/cbc is installed; CI installs it), recorded CBC optima of the benchmark schools.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSchool } from '../../../src/generate/build.js';
import type { Instance, Staff } from '../../../src/model/schema.js';
import { validateInstance } from '../../../src/model/validate.js';
import { compileBound, initialPrices, lagrangeValue, priceClasses } from '../../../src/solver/cover/bound.js';
import { columnGeneration } from '../../../src/solver/cover/colgen.js';
import { chainPricesAt, construct } from '../../../src/solver/cover/construct.js';
import { planCover, type CoverDuty } from '../../../src/solver/cover/index.js';
import { compileCover, COVER_WEIGHTS, coverViolations, evaluateCover, type CoverModel } from '../../../src/solver/cover/model.js';
import { coverLpText, coverModelOf, plannerStages } from '../../../src/solver/export-lp.js';
import { bruteForceOptimum, coverInstance } from './tiny-cover.js';

const W = COVER_WEIGHTS;
const T = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

const instance = coverInstance;

const block = (group: number, index: number, day: number, start: number, minutes = 40, grade = 1): CoverDuty => ({
  kind: 'block',
  days: [day],
  start,
  end: start + minutes,
  grades: [grade],
  homerooms: [],
  group,
  block: index,
  study: false,
  label: `group g${group} block ${index}`,
});

const bruteForce = bruteForceOptimum;

/** column generation as planCover runs it (up to 250 duties), from the plan of the flow construction */
function colgenBound(m: CoverModel, rounds = 200): { bound: number; price: Float64Array; cost: number } {
  const bm = compileBound(m);
  const state = construct(m).state;
  const start = initialPrices(bm, state.holder, state.load, chainPricesAt(state));
  const pc = priceClasses(m);
  const r = columnGeneration(bm, pc.classOf, pc.count, start, state, {
    deadline: Infinity,
    maxRounds: rounds,
    targetGap: 0,
    upper: () => state.cost,
    smoothing: 0.7,
    extraColumns: 4,
  });
  return { bound: r.bound, price: r.price, cost: state.cost };
}

describe('cover bound: the nobody holder in the column-generation master', () => {
  it('one teacher (2 periods a week) and one group of three blocks: the bound is the Dantzig–Wolfe value W_U + 17⅓', () => {
    // integer optimum: the teacher holds two consecutive blocks (load 2² = 4), the third is uncovered (W_U) and
    // breaks the chain (W_D): W_U + 24. The best fractional mix: a third each of the teacher's pairs {0,1}, {1,2},
    // {0,2} ((24 + 24 + 44) / 3) and a third of the whole chain uncovered as one run ((3 W_U + W_D) / 3), less the
    // chain's W_D: W_U + 17⅓. With uncovered blocks priced W_U and no run cost the master stopped at W_U + 4.
    const inst = instance([{ id: 'a', name: '教师甲', roles: ['teacher'], grades: [1], maxPeriodsPerWeek: 2 }]);
    const duties = [block(0, 0, 0, T('15:30')), block(0, 1, 0, T('16:10')), block(0, 2, 0, T('16:50'))];
    const m = compileCover(inst, duties);
    expect(bruteForce(m)).toBeCloseTo(W.uncovered + 24, 9);
    const r = colgenBound(m);
    expect(r.bound).toBeCloseTo(W.uncovered + 17 + 1 / 3, 5);
    expect(r.bound).toBeLessThanOrEqual(W.uncovered + 17 + 1 / 3 + 1e-7);
    // the reported prices prove it: L(π) at them is the bound
    expect(lagrangeValue(compileBound(m), r.price).value).toBeCloseTo(r.bound, 6);
    // planCover reports it (less a rounding margin) with the optimal plan
    const p = planCover(inst, duties, { seed: 1, deadline: Date.now() + 20_000 });
    expect(p.cost).toBeCloseTo(W.uncovered + 24, 9);
    expect(p.bound).toBeGreaterThan(W.uncovered + 17.3);
    expect(p.bound).toBeLessThanOrEqual(W.uncovered + 17 + 1 / 3 + 1e-7);
  });

  it('a group nobody may take: the whole chain is one uncovered run, no discontinuity, and the bound is exact', () => {
    const inst = instance([{ id: 'a', name: '教师甲', roles: ['teacher'], grades: [1], unavailable: ['mon'] }]);
    const duties = [block(0, 0, 0, T('15:30')), block(0, 1, 0, T('16:10')), block(0, 2, 0, T('16:50')), block(1, 0, 1, T('15:30'))];
    const m = compileCover(inst, duties);
    const opt = bruteForce(m);
    expect(opt).toBeCloseTo(3 * W.uncovered + 1, 9);
    const p = planCover(inst, duties, { seed: 1, deadline: Date.now() + 20_000 });
    expect(p.cost).toBeCloseTo(opt, 9);
    expect(p.bound).toBeLessThanOrEqual(opt + 1e-9);
    expect(p.status).toBe('optimal');
  });
});

/** tiny schools short of staff: 1–2 teachers with weekly caps, two or three groups with chains of 1–4 blocks */
const shortArb = fc
  .record({
    staff: fc.array(
      fc.record({ grades: fc.subarray([1, 2]), max: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), monOff: fc.boolean(), homeroom: fc.boolean() }),
      { minLength: 1, maxLength: 2 },
    ),
    groups: fc.array(fc.record({ blocks: fc.integer({ min: 1, max: 3 }), day: fc.integer({ min: 0, max: 1 }), grade: fc.integer({ min: 1, max: 2 }), study: fc.boolean(), offset: fc.constantFrom(0, 20, 40) }), {
      minLength: 1,
      maxLength: 3,
    }),
  })
  .map(({ staff, groups }) => {
    const st: Staff[] = staff.map((x, i) => ({
      id: `s${i}`,
      name: `教师${i}`,
      roles: ['teacher'],
      grades: x.grades,
      ...(x.monOff ? { unavailable: ['mon' as const] } : {}),
      ...(x.max !== undefined ? { maxPeriodsPerWeek: x.max } : {}),
    }));
    const duties: CoverDuty[] = [];
    groups.forEach((g, gi) => {
      for (let k = 0; k < g.blocks && duties.length < 6; k++) {
        const b = block(gi, k, g.day, T('15:30') + g.offset + 40 * k, 40, g.grade);
        const homerooms = staff.flatMap((x, j) => (x.homeroom && x.grades.includes(g.grade) ? [j] : [])).slice(0, 1);
        duties.push({ ...b, homerooms, study: g.study });
      }
    });
    return { inst: instance(st), duties };
  });

describe('cover bound: never above the optimum', () => {
  it('tiny schools short of staff: column generation’s bound and planCover’s bound ≤ brute-force optimum ≤ plan', () => {
    fc.assert(
      fc.property(shortArb, ({ inst, duties }) => {
        const m = compileCover(inst, duties);
        const opt = bruteForce(m);
        const r = colgenBound(m);
        expect(r.bound).toBeLessThanOrEqual(opt + 1e-6);
        expect(lagrangeValue(compileBound(m), r.price).value).toBeCloseTo(r.bound, 6);
        const p = planCover(inst, duties, { seed: 1, deadline: Date.now() + 20_000 });
        expect(coverViolations(m, p.holder)).toEqual([]);
        expect(p.bound).toBeLessThanOrEqual(opt + 1e-6);
        expect(p.cost).toBeGreaterThanOrEqual(opt - 1e-6);
        if (p.status === 'optimal') expect(p.cost).toBeCloseTo(opt, 6);
      }),
      { seed: 1616, numRuns: 120 },
    );
  });

  // optima proven by CBC 2.10.8 on the exported cover model (tests/solver/cover/optimum.test.ts)
  const RECORDED = [
    // the exported model is the last club ↔ cover round's (plannerStages = solve's rounds); with the Lagrangian club
    // stage: random-1 402,538.578125 (4 nobody can take), random-10 100,356.5625 (1), both proven in optimum.test.ts
    { label: 'random-1', seed: 1, optimum: 402_538.578125, uncovered: 4 },
    { label: 'random-10', seed: 10, optimum: 100_356.5625, uncovered: 1 },
    // proven by CBC 2.10.8 in ≈ 70 s on the exported model (branch bound, 2026-12-06); fully staffed
    { label: 'random-4', seed: 4, optimum: 2_253.36734692, uncovered: 0 },
  ];
  for (const c of RECORDED) {
    it(`${c.label} (${c.uncovered} duties nobody can take, optimum proven by CBC): the bound is within 1 % of the coverable part of the proven optimum, never above it`, () => {
      const v = validateInstance(generateSchool({ preset: 'random', seed: c.seed }));
      if (!v.ok) throw new Error('generated instance invalid');
      const stages = plannerStages(v.instance);
      const r = planCover(v.instance, stages.duties, { seed: 1, deadline: Date.now() + 60_000 });
      expect(r.bound).toBeLessThanOrEqual(c.optimum + 1e-6);
      const coverable = c.optimum - c.uncovered * W.uncovered;
      // measured: random-1 0.16 %, random-10 0.44 %, random-4 0.39 % below; before the master priced uncovered runs
      // random-1 was 3.68 % and random-10 8.19 % below
      expect((c.optimum - r.bound) / coverable).toBeLessThan(0.01);
    }, 120_000);
  }
});

const cbcPath = ((): string | undefined => {
  for (const c of [process.env.CBC, 'cbc', '/usr/bin/cbc'].filter((x): x is string => !!x)) {
    const r = spawnSync(c, ['-quit'], { encoding: 'utf8', timeout: 10_000 });
    if (!r.error && r.status !== null) return c;
  }
  return undefined;
})();
const dir = mkdtempSync(join(tmpdir(), 'kehou-cover-bound-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CBC on the exported cover MIP: its best objective (a plan's cost, so an upper bound on the optimum), proven or not */
function cbcBest(m: CoverModel, name: string, capSeconds: number): { objective: number; proven: boolean } {
  const lp = join(dir, `${name}.lp`);
  const sol = join(dir, `${name}.sol`);
  writeFileSync(lp, coverLpText(m).text);
  const r = spawnSync(cbcPath!, [lp, 'sec', String(capSeconds), 'solve', 'solu', sol], { encoding: 'utf8', timeout: (capSeconds * 4 + 30) * 1000 });
  const lpOnly = /^Optimal objective (\S+)/m.exec(r.stdout);
  const objective = Number(/Objective value:\s+(\S+)/.exec(r.stdout)?.[1] ?? lpOnly?.[1]);
  // the solution file decoded and re-evaluated by Kehou's own objective: a real plan of that cost
  const holder = new Int32Array(m.nDuties).fill(-1);
  for (const l of (existsSync(sol) ? readFileSync(sol, 'utf8') : '').split('\n').slice(1)) {
    const x = /^\s*\d+\s+y(\d+)_(\d+)\s+(\S+)/.exec(l);
    if (x && Number(x[3]) > 0.5) holder[Number(x[1])] = Number(x[2]);
  }
  if (Number.isFinite(objective)) {
    expect(coverViolations(m, holder)).toEqual([]);
    expect(evaluateCover(m, holder).cost).toBeCloseTo(objective, 4);
  }
  return { objective, proven: /Optimal solution found/.test(r.stdout) || !!lpOnly };
}

describe('cover bound: never above CBC’s best plan on generated schools', () => {
  it.skipIf(!cbcPath)('random schools of 15–60 students (many short of staff): Kehou’s bound ≤ the cost of CBC’s best plan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 15, max: 60 }), (seed, students) => {
        const v = validateInstance(generateSchool({ preset: 'random', seed, students }));
        fc.pre(v.ok);
        if (!v.ok) return;
        const m = coverModelOf(plannerStages(v.instance));
        const r = planCover(v.instance, m.duties, { seed: 1, deadline: Date.now() + 60_000 });
        expect(coverViolations(m, r.holder)).toEqual([]);
        expect(r.bound).toBeLessThanOrEqual(r.cost + 1e-9);
        const opt = cbcBest(m, `b-${seed}-${students}`, 10);
        fc.pre(Number.isFinite(opt.objective));
        expect(r.bound).toBeLessThanOrEqual(opt.objective + 1e-6 * Math.max(1, Math.abs(opt.objective)));
      }),
      { seed: 1617, numRuns: 6 },
    );
  }, 600_000);
});
