// Staff cover (planCover): one test per hard rule, hand cases with a known optimum, shortfall reasons,
// validity of the bound (brute force on tiny cases, fast-check with a fixed seed) and determinism.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Club, Instance, Staff } from '../../../src/model/schema.js';
import { planCover, type CoverDuty, type CoverResult } from '../../../src/solver/cover/index.js';
import {
  compileCover,
  COVER_WEIGHTS,
  coverViolations,
  evaluateCover,
  type CoverModel,
} from '../../../src/solver/cover/model.js';
import { compileBound, initialPrices, lagrangeValue, priceClasses } from '../../../src/solver/cover/bound.js';
import { bundleBound } from '../../../src/solver/cover/bundle.js';
import { planColumns } from '../../../src/solver/cover/colgen.js';
import { chainPricesAt, construct } from '../../../src/solver/cover/construct.js';
import { generateSchool } from '../../../src/generate/build.js';
import { solve } from '../../../src/solver/index.js';
import { check } from '../../../src/checker/index.js';
import { bruteForceOptimum, coverInstance } from './tiny-cover.js';

const T = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const MON = 0;
const TUE = 1;
const THU = 3;

const instance = coverInstance;

const teacher = (id: string, extra: Partial<Staff> = {}): Staff => ({ id, name: `教师${id}`, roles: ['teacher'], ...extra });

function block(group: number, index: number, day: number, start: string, end: string, extra: Partial<CoverDuty> = {}): CoverDuty {
  return {
    kind: 'block',
    days: [day],
    start: T(start),
    end: T(end),
    grades: [1],
    homerooms: [],
    group,
    block: index,
    study: false,
    label: `group g${group} block ${index}`,
    ...extra,
  };
}

const club = (id: string, days: number[], extra: Partial<CoverDuty> = {}): CoverDuty => ({
  kind: 'club',
  days,
  start: T('16:10'),
  end: T('17:10'),
  grades: [3],
  homerooms: [],
  label: `club ${id}`,
  ...extra,
});

const pickup = (day: number, n = 1): CoverDuty => ({
  kind: 'latePickup',
  days: [day],
  start: T('17:30'),
  end: T('18:00'),
  grades: [],
  homerooms: [],
  label: `latePickup d${day} #${n}`,
});

const plan = (inst: Instance, duties: CoverDuty[], seed = 1): CoverResult =>
  planCover(inst, duties, { seed, deadline: Date.now() + 20_000 });

/** the result obeys every hard rule and its cost/objective match an independent evaluation */
function expectValid(inst: Instance, duties: CoverDuty[], r: CoverResult): CoverModel {
  const m = compileCover(inst, duties);
  expect(coverViolations(m, r.holder)).toEqual([]);
  const ev = evaluateCover(m, r.holder);
  expect(r.cost).toBeCloseTo(ev.cost, 6);
  expect(r.bound).toBeLessThanOrEqual(r.cost + 1e-6);
  expect(r.gap).toBeGreaterThanOrEqual(0);
  for (let d = 0; d < duties.length; d++) {
    const declared = r.shortfalls.some((s) => s.duty === d);
    expect(declared, `duty ${d} null ⇔ declared`).toBe(r.holder[d] < 0);
  }
  return m;
}

describe('planCover: hard rules', () => {
  it('never uses exempt staff (P2)', () => {
    const inst = instance([teacher('a', { exempt: true }), teacher('b')]);
    const duties = [block(0, 0, MON, '15:30', '16:10')];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.holder[0]).toBe(1);
    const alone = instance([teacher('a', { exempt: true })]);
    const r2 = plan(alone, duties);
    expect(r2.holder[0]).toBe(-1);
    expect(r2.shortfalls[0].reason).toContain('免除');
  });

  it('never uses staff with a misconduct record (P3)', () => {
    const inst = instance([teacher('a', { misconduct: true, grades: [1] }), teacher('b')]);
    const duties = [block(0, 0, MON, '15:30', '16:10', { study: true })];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.holder[0]).toBe(1);
  });

  it('respects unavailable weekdays', () => {
    const inst = instance([teacher('a', { unavailable: ['mon'], grades: [1] }), teacher('b')]);
    const duties = [block(0, 0, MON, '15:30', '16:10', { study: true })];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.holder[0]).toBe(1);
  });

  it('never uses an unvetted outsider, even with the skill (P3 P4)', () => {
    const coach: Staff = { id: 'c', name: '外聘教练', roles: ['coach'], skills: ['football'] };
    const inst = instance([coach, teacher('t')], [{ id: 'fb', name: '足球', level: 'school', grades: [3], skill: 'football' }]);
    const duties = [club('fb', [TUE], { skill: 'football' })];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.holder[0]).toBe(-1);
    expect(r.shortfalls[0].reason).toContain('社团「足球」需要会「football」的指导教师');
    expect(r.shortfalls[0].reason).toContain('未审核');
    const vetted = instance([{ ...coach, vetted: true }, teacher('t')]);
    expect(plan(vetted, duties).holder[0]).toBe(0);
  });

  it('never puts an outsider on a group block (P3)', () => {
    const coach: Staff = { id: 'c', name: '外聘教练', roles: ['coach'], vetted: true };
    const inst = instance([coach]);
    const duties = [block(0, 0, MON, '15:30', '16:10')];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.holder[0]).toBe(-1);
  });

  it('lets a vetted security outsider take late pickup, not an unvetted one (P7)', () => {
    const guard: Staff = { id: 'g', name: '门卫', roles: ['security'], vetted: true };
    const duties = [pickup(MON)];
    const r = plan(instance([guard]), duties);
    expectValid(instance([guard]), duties, r);
    expect(r.holder[0]).toBe(0);
    expect(plan(instance([{ ...guard, vetted: false }]), duties).holder[0]).toBe(-1);
    // a vetted volunteer is not security: no pickup
    expect(plan(instance([{ id: 'v', name: '志愿者', roles: ['volunteer'], vetted: true }]), duties).holder[0]).toBe(-1);
  });

  it('never gives one person two overlapping duties across timelines (half-open intervals)', () => {
    // grades 1-2 study 15:30-16:10 and grades 3-4 break 15:55-16:10 overlap; 16:10-17:10 touches 15:30-16:10
    const inst = instance([teacher('a')]);
    const duties = [
      block(0, 0, MON, '15:30', '16:10'),
      block(1, 0, MON, '15:55', '16:10', { grades: [3] }),
      block(2, 0, MON, '16:10', '17:10', { grades: [3] }),
    ];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.objective.uncovered).toBe(1);
    expect(r.holder[2]).toBe(0); // touching intervals do not overlap
  });

  it('respects maxPeriodsPerWeek (load minutes / lessonMinutes)', () => {
    // a is homeroom of both groups but may take only one 40-minute period
    const inst = instance([teacher('a', { maxPeriodsPerWeek: 1, grades: [1] }), teacher('b')]);
    const duties = [
      block(0, 0, MON, '15:30', '16:10', { study: true, homerooms: [0] }),
      block(1, 0, TUE, '15:30', '16:10', { study: true, homerooms: [0] }),
    ];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.loadMinutes[0]).toBeLessThanOrEqual(40);
    expect(r.objective.uncovered).toBe(0);
  });

  it('gives a club one leader for all its days, available on every one of them (S5 P4)', () => {
    const inst = instance([
      teacher('a', { skills: ['football'], unavailable: ['thu'] }),
      teacher('b', { skills: ['football'] }),
    ]);
    const duties = [club('fb', [TUE, THU], { skill: 'football' })];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.holder[0]).toBe(1);
    expect(r.loadMinutes[1]).toBe(120); // 60 minutes on each of two days
  });

  it('requires the club skill (P4); a club without skill takes any insider', () => {
    const inst = instance([teacher('a'), teacher('b', { skills: ['chess'] })]);
    const chess = [club('chess', [TUE], { skill: 'chess' })];
    expect(plan(inst, chess).holder[0]).toBe(1);
    const noSkill = [club('reading', [TUE])];
    expect(plan(inst, noSkill).holder[0]).toBeGreaterThanOrEqual(0);
    const dance = [club('dance', [TUE], { skill: 'dance' })];
    const r = plan(inst, dance);
    expect(r.holder[0]).toBe(-1);
    expect(r.shortfalls[0].reason).toContain('没有可安排的人有此技能');
  });
});

describe('planCover: hand cases with a known optimum', () => {
  it('gives each group its homeroom teacher (two teachers, two groups)', () => {
    const inst = instance([teacher('a', { grades: [1] }), teacher('b', { grades: [1] })]);
    const duties = [
      block(0, 0, MON, '15:30', '16:10', { study: true, homerooms: [1] }),
      block(0, 1, MON, '16:10', '17:10', { homerooms: [1] }),
      block(1, 0, MON, '15:30', '16:10', { study: true, homerooms: [0] }),
      block(1, 1, MON, '16:10', '17:10', { homerooms: [0] }),
    ];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(Array.from(r.holder)).toEqual([1, 1, 0, 0]);
    // optimum: no preference cost, no discontinuity, loads 2.5 periods each
    expect(r.cost).toBeCloseTo(2 * 2.5 ** 2, 9);
    expect(r.status).toBe('optimal');
    expect(r.gap).toBeLessThanOrEqual(1e-7);
  });

  it('balances 4 equal duties over 2 teachers as 2 + 2 (sum of squared loads)', () => {
    const inst = instance([teacher('a'), teacher('b')]);
    const duties = [0, 1, 2, 3].map((d) => block(d, 0, d, '15:30', '16:10'));
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(Array.from(r.loadMinutes)).toEqual([80, 80]);
    expect(r.objective.loadSquares).toBeCloseTo(8, 9);
    expect(r.status).toBe('optimal');
  });

  it('keeps a group with one person across its blocks (continuity) when loads allow', () => {
    const inst = instance([teacher('a', { grades: [1] }), teacher('b', { grades: [1] })]);
    const duties = [block(0, 0, MON, '15:30', '16:10'), block(0, 1, MON, '16:10', '17:10'), block(0, 2, MON, '17:10', '17:30')];
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(new Set(r.holder).size).toBe(1);
    expect(r.objective.discontinuity).toBe(0);
  });
});

describe('planCover: shortfall reasons', () => {
  it('names the weekday, the time, the demand and the staff free', () => {
    const inst = instance([teacher('a'), teacher('b', { unavailable: ['thu'] })]);
    const duties = [0, 1, 2].map((g) => block(g, 0, THU, '15:30', '17:30'));
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.shortfalls).toHaveLength(2);
    for (const s of r.shortfalls) {
      expect(s.reason).toMatch(/^周四 15:30-17:30：3 个看护班需要本校教师，本校教师 2 人中，1 人周四不可值班，1 人同一时段已有安排；/);
      expect(s.reason).not.toContain('人有空');
      expect(s.reason).toContain('1 人周四不可值班');
      expect(s.reason).toContain('1 人同一时段已有安排');
    }
  });

  it('explains a club whose skilled staff are all busy at that time', () => {
    const inst = instance(
      [teacher('a', { skills: ['football'] }), teacher('b', { skills: ['football'] })],
      [
        { id: 'f1', name: '足球一队', level: 'school', grades: [3], skill: 'football' },
        { id: 'f2', name: '足球二队', level: 'school', grades: [4], skill: 'football' },
        { id: 'f3', name: '足球三队', level: 'school', grades: [5], skill: 'football' },
      ],
    );
    const duties = ['f1', 'f2', 'f3'].map((id) => club(id, [TUE], { skill: 'football' }));
    const r = plan(inst, duties);
    expectValid(inst, duties, r);
    expect(r.shortfalls).toHaveLength(1);
    expect(r.shortfalls[0].reason).toMatch(/^社团「足球.队」需要会「football」的指导教师：2 人有此技能，周二 16:10-17:10 都已有安排/);
  });

  it('explains late pickup with nobody eligible', () => {
    const inst = instance([{ id: 'v', name: '志愿者', roles: ['volunteer'], vetted: true }]);
    const r = plan(inst, [pickup(MON)]);
    expect(r.shortfalls[0].reason).toMatch(/^周一 17:30-18:00 延时接送需要本校教师或已审核的保安：没有可安排的人员/);
  });
});

// ------------------------------------------------------------------ bound validity

type Tiny = { readonly inst: Instance; readonly duties: CoverDuty[] };

/** brute-force optimum of a tiny school's cover model */
const bruteForce = ({ inst, duties }: Tiny): number => bruteForceOptimum(compileCover(inst, duties));

const tinyArb: fc.Arbitrary<Tiny> = fc
  .record({
    staff: fc.array(
      fc.record({
        kind: fc.constantFrom('teacher', 'teacher', 'coach', 'security', 'leader'),
        vetted: fc.boolean(),
        exempt: fc.boolean(),
        grades: fc.subarray([1, 2, 3]),
        homeroom: fc.boolean(),
        skill: fc.boolean(),
        monOff: fc.boolean(),
        max: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    duties: fc.array(
      fc.record({
        kind: fc.constantFrom('block', 'block', 'block', 'club', 'pickup'),
        day: fc.integer({ min: 0, max: 1 }),
        slot: fc.integer({ min: 0, max: 2 }),
        len: fc.constantFrom(20, 40, 60),
        grade: fc.integer({ min: 1, max: 3 }),
        study: fc.boolean(),
        group: fc.integer({ min: 0, max: 2 }),
        skill: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ staff, duties }) => {
    const st: Staff[] = staff.map((x, i) => ({
      id: `s${i}`,
      name: `员工${i}`,
      roles: [x.kind],
      ...(x.vetted ? { vetted: true } : {}),
      ...(x.exempt && i > 0 ? { exempt: true } : {}),
      grades: x.grades,
      ...(x.skill ? { skills: ['art'] } : {}),
      ...(x.monOff ? { unavailable: ['mon' as const] } : {}),
      ...(x.max !== undefined ? { maxPeriodsPerWeek: x.max } : {}),
    }));
    const blockCount = new Map<number, number>();
    const cd: CoverDuty[] = duties.map((d, i) => {
      const start = 15 * 60 + 30 + d.slot * 20;
      if (d.kind === 'block') {
        // blocks of one group follow each other on its day
        const g = d.group;
        const k = blockCount.get(g) ?? 0;
        blockCount.set(g, k + 1);
        const s0 = 15 * 60 + 30 + k * 40;
        return {
          kind: 'block',
          days: [g % 2],
          start: s0,
          end: s0 + 40,
          grades: [d.grade],
          homerooms: staff.flatMap((x, j) => (x.homeroom && x.grades.includes(d.grade) ? [j] : [])).slice(0, 1),
          group: g,
          block: k,
          study: d.study,
          label: `group g${g} block ${k}`,
        } satisfies CoverDuty;
      }
      if (d.kind === 'club')
        return { kind: 'club', days: [d.day], start, end: start + d.len, grades: [d.grade], homerooms: [], ...(d.skill ? { skill: 'art' } : {}), label: `club c${i}` };
      return { kind: 'latePickup', days: [d.day], start: 17 * 60 + 30, end: 18 * 60, grades: [], homerooms: [], label: `latePickup ${i}` };
    });
    return { inst: instance(st), duties: cd };
  });

describe('planCover: bound validity', () => {
  it('bound ≤ brute-force optimum ≤ cost on random tiny cases', () => {
    fc.assert(
      fc.property(tinyArb, (tiny) => {
        const r = plan(tiny.inst, tiny.duties);
        expectValid(tiny.inst, tiny.duties, r);
        const opt = bruteForce(tiny);
        expect(r.bound).toBeLessThanOrEqual(opt + 1e-6);
        expect(r.cost).toBeGreaterThanOrEqual(opt - 1e-6);
        // the plan is within the reported gap of the optimum
        expect(r.cost - opt).toBeLessThanOrEqual(r.gap * Math.max(1, Math.abs(r.cost)) + 1e-6);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('every Lagrangian value L(π) is at most the optimum, for any prices π', () => {
    fc.assert(
      fc.property(tinyArb, fc.array(fc.double({ min: -50, max: 200, noNaN: true }), { minLength: 5, maxLength: 5 }), (tiny, raw) => {
        const m = compileCover(tiny.inst, tiny.duties);
        const bm = compileBound(m);
        const price = Float64Array.from(tiny.duties, (_, d) => raw[d % raw.length]);
        const opt = bruteForce(tiny);
        expect(lagrangeValue(bm, price).value).toBeLessThanOrEqual(opt + 1e-6);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('the bundle bound (large schools) is at most the optimum and never below its start, for any box size', () => {
    fc.assert(
      fc.property(tinyArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 30 }), fc.boolean(), (tiny, rounds, steps, seeded) => {
        const m = compileCover(tiny.inst, tiny.duties);
        const bm = compileBound(m);
        const state = construct(m).state;
        const cost = evaluateCover(m, state.holder).cost;
        const start = initialPrices(bm, state.holder, state.load, chainPricesAt(state));
        const pc = priceClasses(m);
        const opts = { deadline: Infinity, rounds, steps, delta: 0.5 + (steps % 7), targetGap: 0, upper: () => cost, seed: seeded ? planColumns(bm, state) : undefined };
        const r = bundleBound(bm, pc.classOf, pc.count, start, opts);
        const opt = bruteForce(tiny);
        expect(r.bound).toBeLessThanOrEqual(opt + 1e-6);
        expect(r.bound).toBeGreaterThanOrEqual(r.trace[0]);
        // the reported prices give the reported bound (a proven L(π))
        expect(lagrangeValue(bm, r.price).value).toBeCloseTo(r.bound, 6);
        // fixed work: the same call gives the same bound
        expect(bundleBound(bm, pc.classOf, pc.count, start, opts).bound).toBe(r.bound);
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('uncovered duties dominate the cost (largest weight)', () => {
    expect(COVER_WEIGHTS.uncovered).toBeGreaterThan(100 * COVER_WEIGHTS.studyOffGrade);
  });
});

describe('planCover: determinism', () => {
  it('gives the same plan, cost and bound for the same input and seed', () => {
    const inst = instance([teacher('a', { grades: [1] }), teacher('b', { grades: [2] }), teacher('c'), { id: 'g', name: '门卫', roles: ['security'], vetted: true }]);
    const duties: CoverDuty[] = [];
    for (let day = 0; day < 5; day++)
      for (let g = 0; g < 2; g++) {
        const group = day * 2 + g;
        duties.push(block(group, 0, day, '15:30', '16:10', { study: true, grades: [g + 1], homerooms: [g] }));
        duties.push(block(group, 1, day, '16:10', '17:10', { grades: [g + 1], homerooms: [g] }));
      }
    for (let day = 0; day < 5; day++) duties.push(pickup(day));
    const a = plan(inst, duties, 7);
    const b = plan(inst, duties, 7);
    expectValid(inst, duties, a);
    expect(Array.from(a.holder)).toEqual(Array.from(b.holder));
    expect(a.cost).toBe(b.cost);
    expect(a.bound).toBe(b.bound);
    expect(a.status).toBe(b.status);
  });
});

describe('scarce staff with a load bound (benchmark random-1)', () => {
  // CBC proves 5 uncovered duties optimal here (benchmarks/RESULTS.md); the plan once left 6 because staff with
  // maxPeriodsPerWeek spent their minutes on pickups and short blocks (rebuildCapped: ruin and recreate)
  it('reaches the optimal number of uncovered duties and passes the checker', () => {
    const instance = generateSchool({ preset: 'random', seed: 1 });
    const { schedule } = solve(instance, { seed: 1, semester: false });
    const cover = schedule.report.cover as { cost: number; bound: number };
    expect((schedule.report.counts as Record<string, number>).uncoveredDuties).toBeLessThanOrEqual(5);
    expect(cover.cost).toBeLessThan(6 * COVER_WEIGHTS.uncovered);
    expect(cover.bound).toBeLessThanOrEqual(cover.cost);
    expect(cover.bound).toBeLessThanOrEqual(502_538.578125 + 1e-6); // CBC's proven optimum
    expect(check(instance, schedule).violations).toEqual([]);
  }, 30_000);

  // random-6: CBC's proven optimum is 1,040.0625; the plan was 4.1 % above it while a run move counted the load
  // its old holder gives away with the wrong sign, and no move split an afternoon after its first block
  it('random-6 comes within 0.5 % of the proven optimum', () => {
    const instance = generateSchool({ preset: 'random', seed: 6 });
    const { schedule } = solve(instance, { seed: 1, semester: false });
    const cover = schedule.report.cover as { cost: number; bound: number };
    expect(cover.cost).toBeLessThanOrEqual(1040.0625 * 1.005);
    expect(cover.cost).toBeGreaterThanOrEqual(1040.0625 - 1e-6);
    expect(check(instance, schedule).violations).toEqual([]);
  }, 30_000);
});
