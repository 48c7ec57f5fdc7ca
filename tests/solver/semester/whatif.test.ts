// W1 what-if: only what the new leave touches changes. Every result is run through the independent checker
// with the new leave added to the instance, and must have no violations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/checker/index.js';
import { planSemester } from '../../../src/solver/semester/plan.js';
import { describeChanges, whatIf, type WhatIfResult } from '../../../src/solver/semester/whatif.js';
import type { Instance, Leave, Schedule, SemesterDay, Staff } from '../../../src/model/schema.js';
import { TINY_STAFF, scheduleOf, tinyInstance, tinyWeek } from '../../fixtures/tiny-semester.js';

function planned(instance: Instance, seed = 1): Schedule {
  const week = tinyWeek(instance);
  const r = planSemester(instance, week, { seed });
  return scheduleOf(instance, week, r.semester, r.shortfalls);
}

const withLeave = (instance: Instance, leave: readonly Leave[]): Instance => ({ ...instance, leave: [...(instance.leave ?? []), ...leave] });

function expectClean(instance: Instance, schedule: Schedule): void {
  expect(check(instance, schedule).violations).toEqual([]);
}

const on = (sem: readonly SemesterDay[] | undefined, date: string): SemesterDay => sem!.find((d) => d.date === date)!;

/** W1 invariants of a substitutes-mode what-if, shared by the example tests and the property test. */
function expectOnlyLeaveTouched(before: Schedule, after: WhatIfResult, leave: readonly Leave[]): void {
  expect(after.mode).toBe('substitutes');
  expect(JSON.stringify(after.schedule.week)).toBe(JSON.stringify(before.week));
  // every earlier shortfall stays, in order; new ones (dated, on leave dates) follow
  const oldShort = before.shortfalls ?? [];
  expect(after.schedule.shortfalls!.slice(0, oldShort.length)).toEqual(oldShort);
  for (const s of after.schedule.shortfalls!.slice(oldShort.length)) {
    expect(leave.some((l) => s.date !== undefined && l.from <= s.date && s.date <= l.to)).toBe(true);
  }
  const away = (date: string): Set<string> => new Set(leave.filter((l) => l.from <= date && date <= l.to).map((l) => l.staff));
  before.semester!.forEach((old, i) => {
    const now = after.schedule.semester![i];
    expect(now.date).toBe(old.date);
    expect(now.as).toBe(old.as);
    const gone = away(old.date);
    if (gone.size === 0) {
      expect(now).toEqual(old); // another date: untouched
      return;
    }
    // an inspection moves only if its leader is on leave
    const newInspectors = new Set<string>();
    old.inspection.forEach((who, k) => {
      if (who !== null && gone.has(who)) {
        expect(now.inspection[k]).not.toBe(who);
        if (now.inspection[k]) newInspectors.add(now.inspection[k]!);
      } else expect(now.inspection[k]).toBe(who);
    });
    // earlier entries stay in place; one changes only when the person on leave (or a new inspector) held it
    const touched = (id: string | null) => id !== null && (gone.has(id) || newInspectors.has(id));
    old.substitutions.forEach((e, j) => {
      const n = now.substitutions[j];
      if (!touched(e.to)) expect(n).toEqual(e);
      else expect({ ...n, to: undefined, reason: undefined }).toEqual({ ...e, to: undefined, reason: undefined });
    });
    // appended entries are duties of the people away that day
    for (const e of now.substitutions.slice(old.substitutions.length)) expect(touched(e.from)).toBe(true);
    // nobody on leave holds anything
    for (const e of now.substitutions) if (e.to !== null) expect(gone.has(e.to)).toBe(false);
  });
}

describe('whatIf: substitutes', () => {
  it('a teacher’s week of leave: template byte-identical, other dates identical, changes listed', () => {
    const inst = tinyInstance({ leave: [{ staff: 't01', from: '2026-09-07', to: '2026-09-08' }] });
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 't05', from: '2026-09-07', to: '2026-09-11' }];
    const r = whatIf(inst, before, leave);
    expectOnlyLeaveTouched(before, r, leave);
    // on 7 Sep t05 had taken over t01's first two blocks: those entries move on, from stays t01
    const mon = on(r.schedule.semester, '2026-09-07').substitutions;
    const taken = mon.filter((e) => e.from === 't01');
    expect(taken.map((e) => e.to)).not.toContain('t05');
    expect(mon.filter((e) => e.from === 't05')).toHaveLength(1); // its own block 2 of 1-2
    // every change is one of t05's duties on a leave date, with a from → to
    for (const c of r.changes) {
      expect(c.from).toBe('t05');
      expect(c.date >= '2026-09-07' && c.date <= '2026-09-11').toBe(true);
      expect(c.to).not.toBeNull();
    }
    expect(r.changes).toHaveLength(3 + 3 + 1 + 1 + 1); // Mon and Tue: 2 taken-over blocks + own block; Wed-Fri: own
    expectClean(withLeave(inst, leave), r.schedule);
    expect(r.schedule.report.whatif).toEqual(expect.objectContaining({ mode: 'substitutes', leave, changes: r.changes }));
  });

  it('an inspector on leave: the inspection moves to another leader that date only', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 'l02', from: '2026-09-08', to: '2026-09-08' }];
    const r = whatIf(inst, before, leave);
    expectOnlyLeaveTouched(before, r, leave);
    const tue = on(r.schedule.semester, '2026-09-08');
    expect(tue.inspection).toHaveLength(1);
    expect(tue.inspection[0]).not.toBe('l02');
    expect(r.changes).toEqual([expect.objectContaining({ date: '2026-09-08', duty: 'inspection 2026-09-08 #1', from: 'l02', to: tue.inspection[0] })]);
    // the pin still holds on every other Tuesday and Thursday
    for (const d of r.schedule.semester!) if ((d.as === 'tue' || d.as === 'thu') && d.date !== '2026-09-08') expect(d.inspection).toEqual(['l02']);
    expectClean(withLeave(inst, leave), r.schedule);
  });

  it('the only person with a skill: uncovered with a reason, a dated shortfall and a null change', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 'x01', from: '2026-09-16', to: '2026-09-16' }];
    const r = whatIf(inst, before, leave);
    expectOnlyLeaveTouched(before, r, leave);
    expect(on(r.schedule.semester, '2026-09-16').substitutions).toEqual([
      { club: 'paper', from: 'x01', to: null, reason: expect.stringMatching(/无人可代.*paper-cutting/) },
    ]);
    expect(r.schedule.shortfalls).toContainEqual(expect.objectContaining({ date: '2026-09-16', duty: 'club paper' }));
    expect(r.changes).toEqual([expect.objectContaining({ date: '2026-09-16', duty: 'club paper', from: 'x01', to: null })]);
    const result = check(withLeave(inst, leave), r.schedule);
    expect(result.violations).toEqual([]);
    expect(result.shortfalls).toContainEqual(expect.objectContaining({ duty: 'club paper', date: '2026-09-16' }));
  });

  it('leave outside the semester changes nothing', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const r = whatIf(inst, before, [{ staff: 't01', from: '2026-12-01', to: '2026-12-05' }]);
    expect(r.changes).toEqual([]);
    expect(r.schedule.semester).toEqual(before.semester);
    expect(r.schedule.shortfalls).toEqual(before.shortfalls);
  });

  it('describes the changes in Chinese: date, duty, from → to', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const r = whatIf(inst, before, [{ staff: 't03', from: '2026-09-14', to: '2026-09-14' }]);
    const lines = describeChanges(inst, r.schedule.week, r.changes, r.mode);
    expect(lines[0]).toMatch(/逐日安排代课/);
    expect(lines[1]).toMatch(/^2026-09-14（周一） mon\/3-1 组第1段（作业辅导 15:55–16:35）：张伟（t03） → .+（张伟（t03） 请假）$/);
  });

  it('is deterministic for a seed', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 't02', from: '2026-09-14', to: '2026-09-18' }];
    const a = whatIf(inst, before, leave, { seed: 3 });
    const b = whatIf(inst, before, leave, { seed: 3 });
    expect(JSON.stringify(a.schedule.semester)).toBe(JSON.stringify(b.schedule.semester));
    expect(a.changes).toEqual(b.changes);
  });

  it('property: a what-if differs from the original only in the leave’s duties (fixed seed)', () => {
    const staff: Staff[] = [...TINY_STAFF, { id: 't06', name: '周敏', roles: ['teacher'], grades: [3] }];
    const inst = tinyInstance({ staff, end: '2026-10-16', leave: [{ staff: 't04', from: '2026-09-21', to: '2026-09-22' }] });
    const before = planned(inst);
    const dates = before.semester!.map((d) => d.date);
    const ids = staff.map((s) => s.id);
    const leaveArb = fc.record({
      staff: fc.constantFrom(...ids),
      start: fc.integer({ min: 0, max: dates.length - 1 }),
      span: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(fc.array(leaveArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 1000 }), (raw, seed) => {
        const leave: Leave[] = raw.map((l) => ({ staff: l.staff, from: dates[l.start], to: dates[Math.min(dates.length - 1, l.start + l.span)] }));
        const r = whatIf(inst, before, leave, { seed, mode: 'substitutes' });
        expectOnlyLeaveTouched(before, r, leave);
        expectClean(withLeave(inst, leave), r.schedule);
      }),
      { seed: 42, numRuns: 60 },
    );
  });
});

describe('whatIf: substitutes that stay', () => {
  type LeaveReport = { staff: string; duties: number; substitutes: number; maxPerDuty: number; perDuty: { duty: string; distinct: number; substitutes: { date: string; to: string | null }[] }[] };

  it('a 4-week leave where one qualified teacher is free on every date: exactly one substitute per duty', () => {
    // 周敏 (t06, grade 1) has no duty of her own: she is free on every date of 王芳's leave
    const staff: Staff[] = [...TINY_STAFF, { id: 't06', name: '周敏', roles: ['teacher'], grades: [1] }];
    const inst = tinyInstance({ staff, end: '2026-10-31' });
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 't01', from: '2026-09-07', to: '2026-10-02' }];
    const r = whatIf(inst, before, leave);
    const [report] = (r.schedule.report.whatif as { leaves: LeaveReport[] }).leaves;
    expect(report.staff).toBe('t01');
    expect(report.duties).toBe(20 * 3); // 20 service dates × the three blocks of 1-1
    expect(report.perDuty).toHaveLength(5 * 3); // each weekday's three blocks
    for (const d of report.perDuty) {
      expect(d.substitutes).toHaveLength(4); // four weeks, in date order
      expect(d.substitutes.map((x) => x.date)).toEqual([...d.substitutes.map((x) => x.date)].sort());
      expect(d.distinct).toBe(1);
    }
    expect(report.maxPerDuty).toBe(1);
    expectClean(withLeave(inst, leave), r.schedule);
    // the same in the planner's own semester, for leave already in the instance
    const withIt = withLeave(inst, leave);
    const week = tinyWeek(withIt);
    const sem = planSemester(withIt, week, { seed: 1 });
    const leaves = (sem.report as { leaves: LeaveReport[] }).leaves;
    expect(leaves[0].maxPerDuty).toBe(1);
    expectClean(withIt, scheduleOf(withIt, week, sem.semester, sem.shortfalls));
  });

  it('somebody away on one date of the leave: still at most two people per duty, in long runs', () => {
    // every grade-1 colleague and leader is away (leave, or unavailable) on one Tuesday or another
    const staff: Staff[] = [...TINY_STAFF, { id: 't06', name: '周敏', roles: ['teacher'], grades: [1] }].map((x) =>
      x.id === 'l01' || x.id === 'l03' ? { ...x, unavailable: ['tue' as const] } : x,
    );
    const inst = tinyInstance({
      staff,
      end: '2026-10-31',
      leave: [
        { staff: 't06', from: '2026-09-29', to: '2026-09-29' },
        { staff: 't05', from: '2026-09-15', to: '2026-09-15' },
        { staff: 't02', from: '2026-09-22', to: '2026-09-22' },
      ],
    });
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 't01', from: '2026-09-07', to: '2026-10-02' }];
    const r = whatIf(inst, before, leave);
    const [report] = (r.schedule.report.whatif as { leaves: LeaveReport[] }).leaves;
    const runs = (xs: { to: string | null }[]): number => xs.filter((x, i) => i === 0 || x.to !== xs[i - 1].to).length;
    for (const d of report.perDuty) {
      expect(d.distinct).toBeLessThanOrEqual(2);
      expect(runs(d.substitutes)).toBeLessThanOrEqual(3); // the staying substitute, one date away, back again
    }
    expect(report.perDuty.some((d) => d.distinct === 2)).toBe(true); // the Tuesdays needed a second person
    expectClean(withLeave(inst, leave), r.schedule);
  });
});

describe('whatIf: inputs', () => {
  it('a schedule without its semester: the semester is planned first, then only the leave changes it', () => {
    const inst = tinyInstance();
    const full = planned(inst);
    const bare: Schedule = { ...full, semester: undefined, shortfalls: [] };
    const leave: Leave[] = [{ staff: 't03', from: '2026-09-14', to: '2026-09-15' }];
    const r = whatIf(inst, bare, leave);
    expectOnlyLeaveTouched(full, r, leave);
    expect((r.schedule.report.semester as { fees?: unknown }).fees).toBeDefined();
    expectClean(withLeave(inst, leave), r.schedule);
  });

  it('on a school planned by solve (examples/small.json): semester and a week of leave pass the checker', async () => {
    const { readFileSync } = await import('node:fs');
    const { solve } = await import('../../../src/solver/index.js');
    const inst = JSON.parse(readFileSync('examples/small.json', 'utf8')) as Instance;
    const { schedule } = solve(inst, { seed: 1, timeLimit: 1 });
    expect(check(inst, schedule).violations).toEqual([]);
    // the teacher with the most duty that week
    const count = new Map<string, number>();
    for (const g of schedule.week.groups) for (const h of g.cover) if (h) count.set(h, (count.get(h) ?? 0) + 1);
    const busiest = [...count].sort((a, b) => b[1] - a[1])[0][0];
    const leave: Leave[] = [{ staff: busiest, from: '2026-10-12', to: '2026-10-16' }];
    const r = whatIf(inst, schedule, leave);
    expectOnlyLeaveTouched(schedule, r, leave);
    expect(r.changes.length).toBeGreaterThan(0);
    expectClean(withLeave(inst, leave), r.schedule);
  });
});

describe('whatIf: template', () => {
  it('a leave over the whole semester re-plans only that person’s template duties', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 't02', from: '2026-08-31', to: '2027-01-31' }];
    const r = whatIf(inst, before, leave);
    expect(r.mode).toBe('template');
    expect((r.schedule.report.whatif as { mode: string }).mode).toBe('template');
    // fewest changes: exactly t02's cover slots moved, everything else in the week as it was
    const oldGroups = before.week.groups;
    r.schedule.week.groups.forEach((g, i) => {
      expect({ ...g, cover: undefined }).toEqual({ ...oldGroups[i], cover: undefined });
      g.cover.forEach((h, k) => {
        if (oldGroups[i].cover[k] === 't02') expect(h).not.toBe('t02');
        else expect(h).toBe(oldGroups[i].cover[k]);
      });
    });
    expect(r.schedule.week.clubs).toEqual(before.week.clubs);
    expect(r.schedule.week.duties).toEqual(before.week.duties);
    const templateChanges = r.changes.filter((c) => c.day !== undefined);
    expect(templateChanges).toHaveLength(10); // blocks 0 and 1 of 1-2 on five weekdays
    expect(describeChanges(inst, r.schedule.week, r.changes, r.mode)[1]).toMatch(/^自 2026-09-0\d 起每周. /);
    expectClean(withLeave(inst, leave), r.schedule);
  });

  it('forced substitutes keep the template for the same leave', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 't02', from: '2026-08-31', to: '2027-01-31' }];
    const r = whatIf(inst, before, leave, { mode: 'substitutes' });
    expectOnlyLeaveTouched(before, r, leave);
    expectClean(withLeave(inst, leave), r.schedule);
  });

  it('a leave from mid-semester to the end keeps the template (earlier dates keep their real holder) and says so', () => {
    const inst = tinyInstance();
    const before = planned(inst);
    const leave: Leave[] = [{ staff: 't02', from: '2026-09-14', to: '2027-01-31' }];
    const auto = whatIf(inst, before, leave);
    expectOnlyLeaveTouched(before, auto, leave);
    const forced = whatIf(inst, before, leave, { mode: 'template' });
    expect(forced.mode).toBe('substitutes');
    expect((forced.schedule.report.whatif as { note?: string }).note).toMatch(/模板/);
    expectClean(withLeave(inst, leave), forced.schedule);
  });
});
