// The dated semester: inspection rotation (P6), leave substitutes (W1), fees (M1), load (P8) on hand-made schools.
// Every plan is also run through the independent checker (src/checker) and must have no violations.
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/checker/index.js';
import { planSemester, semesterFees } from '../../../src/solver/semester/plan.js';
import type { Instance, Schedule, SemesterDay, Staff } from '../../../src/model/schema.js';
import { TINY_STAFF, scheduleOf, tinyInstance, tinyWeek } from '../../fixtures/tiny-semester.js';

type Planned = ReturnType<typeof planSemester> & { schedule: Schedule };

function plan(instance: Instance, week = tinyWeek(instance), seed = 1): Planned {
  const r = planSemester(instance, week, { seed });
  return { ...r, schedule: scheduleOf(instance, week, r.semester, r.shortfalls) };
}

/** The independent checker finds no violation (declared shortfalls are allowed). */
function expectClean(instance: Instance, schedule: Schedule): ReturnType<typeof check> {
  const result = check(instance, schedule);
  expect(result.violations).toEqual([]);
  return result;
}

const day = (sem: readonly SemesterDay[], date: string): SemesterDay => {
  const d = sem.find((x) => x.date === date);
  if (!d) throw new Error(`no service date ${date}`);
  return d;
};

const unpinned = (staff: readonly Staff[]): Staff[] => staff.map(({ inspectionDays: _pins, ...s }) => s);

describe('planSemester: calendar', () => {
  it('one entry per service date, in order, skipping a weekday holiday', () => {
    const inst = tinyInstance({ holidays: [{ from: '2026-09-10', to: '2026-09-11', name: '校庆' }] });
    const r = plan(inst);
    expect(r.semester.map((d) => d.date)).not.toContain('2026-09-10');
    expect(r.semester.map((d) => d.date)).not.toContain('2026-09-11');
    expect(r.semester).toHaveLength(22 - 2);
    expect(r.report.dates).toBe(20);
    expectClean(inst, r.schedule);
  });

  it('a Sunday make-up day runs Monday’s timetable: its substitutes name Monday’s groups', () => {
    const inst = tinyInstance({
      workdays: [{ date: '2026-09-20', as: 'mon' }],
      leave: [{ staff: 't03', from: '2026-09-20', to: '2026-09-20' }],
    });
    const r = plan(inst);
    const sunday = day(r.semester, '2026-09-20');
    expect(sunday.as).toBe('mon');
    expect(sunday.substitutions.length).toBeGreaterThan(0);
    for (const s of sunday.substitutions) {
      expect(s.from).toBe('t03');
      if ('group' in s) expect(s.group).toBe('mon/3-1');
    }
    // Monday's pinned leader inspects the make-up Monday
    expect(sunday.inspection).toEqual(['l01']);
    expectClean(inst, r.schedule);
  });

  it('a semester across New Year: 2026 and 2027 dates, 元旦 skipped, leave over the year end covered', () => {
    const inst = tinyInstance({
      start: '2026-12-21',
      end: '2027-01-08',
      holidays: [{ from: '2027-01-01', to: '2027-01-03', name: '元旦' }],
      leave: [{ staff: 't02', from: '2026-12-30', to: '2027-01-05' }],
    });
    const r = plan(inst);
    const dates = r.semester.map((d) => d.date);
    expect(dates[0]).toBe('2026-12-21');
    expect(dates).toContain('2026-12-31');
    expect(dates).not.toContain('2027-01-01');
    expect(dates).toContain('2027-01-04');
    expect(day(r.semester, '2027-01-04').as).toBe('mon');
    for (const date of ['2026-12-30', '2026-12-31', '2027-01-04', '2027-01-05']) {
      const subs = day(r.semester, date).substitutions.filter((s) => s.from === 't02');
      expect(subs).toHaveLength(2); // blocks 0 and 1 of 1-2
      for (const s of subs) expect(s.to).not.toBeNull();
    }
    expectClean(inst, r.schedule);
  });
});

describe('planSemester: leave substitutes', () => {
  it('the only person with a skill on leave: the club stays uncovered, with a Chinese reason and a dated shortfall', () => {
    const inst = tinyInstance({ leave: [{ staff: 'x01', from: '2026-09-09', to: '2026-09-09' }] });
    const r = plan(inst);
    const wed = day(r.semester, '2026-09-09');
    expect(wed.substitutions).toEqual([{ club: 'paper', from: 'x01', to: null, reason: expect.stringContaining('paper-cutting') }]);
    const reason = (wed.substitutions[0] as { reason?: string }).reason ?? '';
    expect(reason).toMatch(/无人可代/);
    expect(reason).toMatch(/[\u4e00-\u9fff]/);
    expect(r.shortfalls).toEqual([{ day: 'wed', date: '2026-09-09', duty: 'club paper', reason }]);
    const result = expectClean(inst, r.schedule);
    expect(result.shortfalls).toEqual([expect.objectContaining({ duty: 'club paper', date: '2026-09-09' })]);
    expect(r.report.uncovered).toBe(1);
  });

  it('prefers the same grade, never double-books, and takes a whole group afternoon when the grade allows', () => {
    const staff: Staff[] = [...TINY_STAFF, { id: 't06', name: '周敏', roles: ['teacher'], grades: [1] }];
    const inst = tinyInstance({ staff, leave: [{ staff: 't01', from: '2026-09-07', to: '2026-09-07' }] });
    const r = plan(inst);
    const subs = day(r.semester, '2026-09-07').substitutions;
    expect(subs.map((s) => ('group' in s ? `${s.group}#${s.block}` : '?'))).toEqual(['mon/1-1#0', 'mon/1-1#1', 'mon/1-1#2']);
    // t06 teaches grade 1 and is free all afternoon: one person for the whole group
    expect(new Set(subs.map((s) => s.to))).toEqual(new Set(['t06']));
    expectClean(inst, r.schedule);
  });

  it('without a free grade teacher for the whole afternoon, each block still gets a grade-1 teacher first', () => {
    const inst = tinyInstance({ leave: [{ staff: 't01', from: '2026-09-07', to: '2026-09-07' }] });
    const r = plan(inst);
    const subs = day(r.semester, '2026-09-07').substitutions;
    // t05 (grade 1) is free 15:30-17:10; t02 (grade 1) is free 17:10-17:30
    expect(subs.map((s) => s.to)).toEqual(['t05', 't05', 't02']);
    expectClean(inst, r.schedule);
  });

  it('spreads substitutions over equally good colleagues instead of always the same one', () => {
    const staff: Staff[] = [
      ...TINY_STAFF,
      { id: 't06', name: '周敏', roles: ['teacher'], grades: [1] },
      { id: 't07', name: '吴刚', roles: ['teacher'], grades: [1] },
    ];
    const inst = tinyInstance({ staff, leave: [{ staff: 't01', from: '2026-09-07', to: '2026-09-18' }] });
    const r = plan(inst);
    const takers = new Map<string, number>();
    for (const d of r.semester) for (const s of d.substitutions) if (s.to) takers.set(s.to, (takers.get(s.to) ?? 0) + 1);
    expect(takers.get('t06')).toBeGreaterThan(0);
    expect(takers.get('t07')).toBeGreaterThan(0);
    // each weekday's afternoon has one substitute for the whole leave, so the two differ by at most one
    // weekday's afternoon over the two weeks (2 dates × 3 blocks)
    expect(Math.abs((takers.get('t06') ?? 0) - (takers.get('t07') ?? 0))).toBeLessThanOrEqual(6);
    expectClean(inst, r.schedule);
  });

  it('a substitute’s own duties are kept; leave on several people the same day is all covered', () => {
    const inst = tinyInstance({
      leave: [
        { staff: 't01', from: '2026-09-14', to: '2026-09-14' },
        { staff: 't03', from: '2026-09-14', to: '2026-09-14' },
        { staff: 's01', from: '2026-09-14', to: '2026-09-14' },
      ],
    });
    const r = plan(inst);
    const subs = day(r.semester, '2026-09-14').substitutions;
    expect(subs.filter((s) => s.to === null)).toEqual([]);
    expect(subs.some((s) => 'latePickup' in s && s.from === 's01')).toBe(true);
    expectClean(inst, r.schedule);
  });
});

describe('planSemester: inspection (P6)', () => {
  it('keeps weekday pins; a pinned leader on leave on their day is replaced by another leader', () => {
    const inst = tinyInstance({ leave: [{ staff: 'l01', from: '2026-09-14', to: '2026-09-14' }] });
    const r = plan(inst);
    for (const d of r.semester) {
      if (d.date === '2026-09-14') {
        expect(d.inspection).toHaveLength(1);
        expect(d.inspection[0]).not.toBe('l01');
        expect(d.inspection[0]).not.toBeNull();
      } else if (d.as === 'mon') expect(d.inspection).toEqual(['l01']);
      else if (d.as === 'tue' || d.as === 'thu') expect(d.inspection).toEqual(['l02']);
      else if (d.as === 'wed') expect(d.inspection).toEqual(['l03']);
    }
    expect(r.report.inspectionPins).toEqual({ kept: 22 - 4 - 1, moved: 1 });
    expectClean(inst, r.schedule);
  });

  it('a pin is not kept when the pinned leader’s duty that day could go to nobody else', () => {
    // l01 (pinned to Monday) is the only paper-cutting teacher and leads the club on Mondays
    const staff = TINY_STAFF.map((s) =>
      s.id === 'l01' ? { ...s, skills: ['paper-cutting'] } : s.id === 'x01' ? { ...s, skills: [] } : s,
    );
    const inst = tinyInstance({ staff, end: '2026-09-15' });
    inst.clubs![0] = { ...inst.clubs![0], days: ['mon'] };
    const week = tinyWeek(inst);
    week.clubs[0] = { ...week.clubs[0], days: ['mon'], staff: 'l01' };
    const r = plan(inst, week);
    for (const d of r.semester.filter((x) => x.as === 'mon')) {
      expect(d.inspection[0]).not.toBe('l01');
      expect(d.substitutions).toEqual([]);
    }
    expect(r.shortfalls).toEqual([]);
    expect((r.report.inspectionPins as { moved: number }).moved).toBe(2);
    expectClean(inst, r.schedule);
  });

  it('fairness: counts differ by at most one among leaders with the same availability, each on few weekdays', () => {
    const staff = unpinned(TINY_STAFF);
    const inst = tinyInstance({ staff, end: '2026-12-31' });
    const r = plan(inst);
    const counts = r.report.inspectionCounts as Record<string, number>;
    const values = ['l01', 'l02', 'l03'].map((id) => counts[id]);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    expect(values.reduce((a, b) => a + b, 0)).toBe(r.semester.length);
    // a weekly pattern: three leaders over five weekdays use at most 3 + 5 − 1 (leader, weekday) pairs
    const pattern = r.report.inspectionPattern as Record<string, { count: number; weekdays: Record<string, number> }>;
    const pairs = Object.values(pattern).reduce((n, p) => n + Object.keys(p.weekdays).length, 0);
    expect(pairs).toBeLessThanOrEqual(7);
    for (const id of ['l01', 'l02', 'l03']) expect(pattern[id].count).toBe(counts[id]);
    expectClean(inst, r.schedule);
  });

  it('a weekly pattern: each leader keeps one weekday; holidays and 调休 days are absorbed without reshuffling', () => {
    // four leaders, four service weekdays (Mon–Thu): every leader a weekday of their own
    const leaders: Staff[] = ['l01', 'l02', 'l03', 'l04'].map((id, k) => ({ id, name: ['许华章', '荆亚琴', '杨伟', '钱丽美'][k], roles: ['leader', 'teacher'] }));
    const staff = [...TINY_STAFF.filter((x) => !x.roles.includes('leader')), ...leaders];
    const serviceWeekdays = ['mon', 'tue', 'wed', 'thu'] as const;
    const plainInstance = tinyInstance({ staff, end: '2026-12-31', serviceWeekdays: [...serviceWeekdays] });
    const holidayInstance = tinyInstance({
      staff,
      end: '2026-12-31',
      serviceWeekdays: [...serviceWeekdays],
      holidays: [{ from: '2026-10-01', to: '2026-10-07', name: '国庆节' }, { from: '2026-09-24', to: '2026-09-24', name: '中秋节' }],
      workdays: [{ date: '2026-10-10', as: 'wed' }],
    });
    const plain = plan(plainInstance);
    const holidays = plan(holidayInstance);
    const homeOf = (r: Planned): Map<string, string> => {
      const pattern = r.report.inspectionPattern as Record<string, { count: number; weekdays: Record<string, number> }>;
      return new Map(Object.entries(pattern).map(([id, p]) => [id, Object.keys(p.weekdays)[0]] as const));
    };
    const home = homeOf(plain);
    expect(new Set(home.values()).size).toBe(4); // four different weekdays
    for (const [inst, r] of [[plainInstance, plain], [holidayInstance, holidays]] as const) {
      const counts = Object.values(r.report.inspectionCounts as Record<string, number>);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      // almost every date is inspected by the leader of its weekday (a few move only to keep the counts even)
      const onHome = r.semester.filter((d) => home.get(d.inspection[0]!) === d.as).length;
      expect(onHome / r.semester.length).toBeGreaterThan(0.9);
      expectClean(inst, r.schedule);
    }
    // the holidays do not reshuffle the pattern: the same leader keeps the same weekday
    expect(homeOf(holidays)).toEqual(home);
    // the 调休 Saturday runs Wednesday's timetable, and Wednesday's leader inspects it
    const makeUp = day(holidays.semester, '2026-10-10');
    expect(makeUp.as).toBe('wed');
    expect(home.get(makeUp.inspection[0]!)).toBe('wed');
  });

  it('fairness with different availability: each class balanced; leave and unavailability respected', () => {
    const staff = unpinned(TINY_STAFF).map((s) => (s.id === 'l03' ? { ...s, unavailable: ['fri' as const] } : s));
    const extra: Staff[] = [{ id: 'l04', name: '钱丽美', roles: ['leader', 'teacher'] }];
    const inst = tinyInstance({
      staff: [...staff, ...extra],
      end: '2026-11-30',
      inspectorsPerDay: 2,
      leave: [{ staff: 'l04', from: '2026-10-12', to: '2026-10-16' }],
    });
    const r = plan(inst);
    const counts = r.report.inspectionCounts as Record<string, number>;
    expect(Math.abs(counts.l01 - counts.l02)).toBeLessThanOrEqual(1);
    for (const d of r.semester) {
      expect(d.inspection).toHaveLength(2);
      expect(new Set(d.inspection).size).toBe(2);
      if (d.as === 'fri') expect(d.inspection).not.toContain('l03');
      if (d.date >= '2026-10-12' && d.date <= '2026-10-16') expect(d.inspection).not.toContain('l04');
    }
    expectClean(inst, r.schedule);
  });

  it('an inspector takes no other duty that day: their duties get substitutes', () => {
    // the only leader covers 1-1 on Mondays in the template
    const staff: Staff[] = [
      ...TINY_STAFF.filter((s) => !s.roles.includes('leader')),
      { id: 'l09', name: '许华章', roles: ['leader', 'teacher'], grades: [1] },
    ];
    const inst = tinyInstance({ staff, end: '2026-09-14' });
    const week = tinyWeek(inst);
    const mon = week.groups.find((g) => g.id === 'mon/1-1')!;
    mon.cover = ['l09', 'l09', 'l09'];
    const r = plan(inst, week);
    const monday = day(r.semester, '2026-09-07');
    expect(monday.inspection).toEqual(['l09']);
    expect(monday.substitutions.filter((s) => s.from === 'l09')).toHaveLength(3);
    for (const s of monday.substitutions) expect(s.to).not.toBeNull();
    expectClean(inst, r.schedule);
  });

  it('no leader available: the slot is null with a dated shortfall', () => {
    const staff = TINY_STAFF.filter((s) => !s.roles.includes('leader'));
    const inst = tinyInstance({ staff, end: '2026-09-02' });
    const r = plan(inst);
    expect(r.semester.map((d) => d.inspection)).toEqual([[null], [null]]);
    expect(r.shortfalls.map((s) => s.duty)).toEqual(['inspection 2026-09-01 #1', 'inspection 2026-09-02 #1']);
    expect(r.shortfalls[0].reason).toMatch(/行政/);
    expectClean(inst, r.schedule);
  });
});

describe('planSemester: fees (M1) and load (P8)', () => {
  it('fees by hand: dates attended × charged periods × 2.3, exempt and low-income pay nothing', () => {
    const inst = tinyInstance({
      start: '2026-09-07',
      end: '2026-09-18',
      holidays: [{ from: '2026-09-09', to: '2026-09-09' }],
      workdays: [{ date: '2026-09-13', as: 'wed' }],
    });
    // grades 3-4 end at 17:05: 70 minutes → 1 charged period; grades 1-2 have 120 minutes → capped at 2
    inst.timelines[1].blocks = [
      { kind: 'study', start: '15:55', end: '16:35' },
      { kind: 'club', start: '16:35', end: '17:05' },
    ];
    const students = inst.students;
    students[0] = { ...students[0], days: ['mon', 'wed'] }; // 1-1
    students[1] = { ...students[1], feeExempt: true }; // 1-1
    students[2] = { ...students[2], priority: ['low-income'] }; // 1-1
    const r = plan(inst);
    const fees = r.report.fees as ReturnType<typeof semesterFees>;
    // service dates: 7 8 10 11 (13 as wed) 14 15 16 17 18 → mon 2, tue 2, wed 2 (13, 16), thu 2, fri 2 = 10
    expect(r.semester).toHaveLength(10);
    expect(fees.perStudent[students[0].id]).toBe(18.4); // 4 dates × 2 × 2.3
    expect(fees.perStudent[students[1].id]).toBe(0);
    expect(fees.perStudent[students[2].id]).toBe(0);
    expect(fees.perStudent[students[3].id]).toBe(46); // 10 × 2 × 2.3
    const grade3 = students.filter((s) => s.class === '3-1');
    for (const s of grade3) expect(fees.perStudent[s.id]).toBe(23); // 10 × 1 × 2.3
    expect(fees.perClass).toEqual({ '1-1': 18.4, '1-2': 138, '3-1': 69 });
    expect(fees.total).toBe(225.4);
    expect(fees.currency).toBe('CNY');
    expectClean(inst, r.schedule);
  });

  it('free service: feePerPeriod 0 gives zero everywhere', () => {
    const inst = tinyInstance({ feePerPeriod: 0, end: '2026-09-04' });
    const fees = semesterFees(inst, planSemester(inst, tinyWeek(inst), { seed: 1 }).semester);
    expect(fees.total).toBe(0);
    expect(Object.values(fees.perStudent).every((x) => x === 0)).toBe(true);
  });

  it('load: periods per week from the template, per semester after substitutions and inspections', () => {
    const inst = tinyInstance({ start: '2026-09-07', end: '2026-09-11', leave: [{ staff: 't01', from: '2026-09-07', to: '2026-09-07' }] });
    const r = plan(inst);
    const load = r.report.staffLoad as Record<string, { periodsPerWeek: number; periodsSemester: number; inspections: number; substitutionsTaken: number }>;
    // t01: 120 min a day × 5 = 15 periods a week; one day away → 12 in this one-week semester
    expect(load.t01).toEqual({ periodsPerWeek: 15, periodsSemester: 12, inspections: 0, substitutionsTaken: 0 });
    // t05: 20 min a day (2.5 a week) + 100 min taken over on Monday (2.5 periods)
    expect(load.t05).toEqual({ periodsPerWeek: 2.5, periodsSemester: 5, inspections: 0, substitutionsTaken: 2 });
    // l02 inspects Tue and Thu (pinned): 2 periods
    expect(load.l02).toEqual({ periodsPerWeek: 0, periodsSemester: 2, inspections: 2, substitutionsTaken: 0 });
    const counts = r.report.inspectionCounts as Record<string, number>;
    expect(counts.l02).toBe(2);
    expect(counts.l01 + counts.l02 + counts.l03).toBe(5);
    expect(load.l01.periodsSemester).toBe(counts.l01);
    expectClean(inst, r.schedule);
  });

  it('is deterministic for a seed', () => {
    const inst = tinyInstance({ staff: unpinned(TINY_STAFF), leave: [{ staff: 't02', from: '2026-09-08', to: '2026-09-10' }] });
    expect(JSON.stringify(plan(inst, undefined, 7))).toBe(JSON.stringify(plan(inst, undefined, 7)));
  });
});
