// One small test per semester rule (T1 T2 P6 P6-FAIR W1 and dated shortfalls) on the valid fixture.
import { describe, expect, it } from 'vitest';
import { check, serviceDates } from '../../src/checker/index.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { checkerSchool, checkerSchoolSchedule, fired } from '../fixtures/checker-school.js';

function run(breakSchedule: (s: Schedule) => void, breakInstance: (i: Instance) => void = () => {}) {
  const i = checkerSchool();
  const s = checkerSchoolSchedule();
  breakInstance(i);
  breakSchedule(s);
  return check(i, s);
}
const day = (s: Schedule, date: string) => s.semester!.find((d) => d.date === date)!;

describe('serviceDates', () => {
  it('service weekdays minus holidays plus make-up workdays, in UTC', () => {
    expect(serviceDates(checkerSchool().calendar)).toEqual([
      { date: '2026-09-28', as: 'mon', workday: false },
      { date: '2026-09-29', as: 'tue', workday: false },
      { date: '2026-10-10', as: 'mon', workday: true },
      { date: '2026-10-12', as: 'mon', workday: false },
      { date: '2026-10-13', as: 'tue', workday: false },
    ]);
  });
  it('crosses a year end and a leap day without drift', () => {
    const dates = serviceDates({ start: '2027-12-30', end: '2028-03-01', serviceWeekdays: ['tue'], workdays: [] });
    expect(dates[0]).toEqual({ date: '2028-01-04', as: 'tue', workday: false });
    expect(dates.map((d) => d.date)).toContain('2028-02-29');
    expect(dates.every((d) => new Date(d.date + 'T00:00:00Z').getUTCDay() === 2)).toBe(true);
  });
  it('a make-up day inside a holiday range is served', () => {
    const dates = serviceDates({
      start: '2026-10-01',
      end: '2026-10-11',
      serviceWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: [{ from: '2026-10-01', to: '2026-10-08' }],
      workdays: [{ date: '2026-10-04', as: 'fri' }],
    });
    expect(dates.map((d) => `${d.date} ${d.as}`)).toEqual(['2026-10-04 fri', '2026-10-09 fri']);
  });
});

describe('T1 T2 calendar', () => {
  it('a missing service date', () => {
    expect(fired(run((s) => s.semester!.splice(0, 1)))).toEqual(['T1 /semester']);
  });
  it('a date that is no service weekday', () => {
    const r = run((s) => s.semester!.splice(2, 0, { date: '2026-09-30', as: 'wed', inspection: ['l2'], substitutions: [] }));
    expect(fired(r)).toEqual(['T1 /semester/2/date']);
  });
  it('dates out of order', () => {
    const r = run((s) => {
      const [a] = s.semester!.splice(0, 1);
      s.semester!.splice(1, 0, a);
    });
    expect(fired(r)).toEqual(['T1 /semester/1/date']);
  });
  it('a holiday served', () => {
    const r = run((s) => s.semester!.splice(2, 0, { date: '2026-10-05', as: 'mon', inspection: ['l2'], substitutions: [] }));
    expect(fired(r)).toContain('T2 /semester/2/date');
  });
  it('a make-up workday with the wrong timetable', () => {
    const r = run((s) => (day(s, '2026-10-10').as = 'sat'));
    expect(fired(r)).toEqual(['T2 /semester/2/as']);
  });
  it('a make-up workday left out', () => {
    expect(fired(run((s) => s.semester!.splice(2, 1)))).toEqual(['T2 /semester']);
  });
});

describe('P6 inspection', () => {
  it('a date without its inspector', () => {
    expect(fired(run((s) => (day(s, '2026-09-28').inspection = [])))).toEqual(['P6 /semester/0/inspection']);
  });
  it('an inspector who is not a leader', () => {
    const r = run((s) => (day(s, '2026-09-29').inspection = ['t3']));
    // t3 also leads chess on tuesdays without a substitute
    expect(fired(r)).toContain('P6 /semester/1/inspection/0');
    expect(r.violations.some((v) => v.message.includes('不是学校领导'))).toBe(true);
  });
  it('an inspector on leave', () => {
    const r = run(() => {}, (i) => i.leave!.push({ staff: 'l2', from: '2026-09-29', to: '2026-09-29' }));
    expect(fired(r)).toEqual(['P6 /semester/1/inspection/0']);
  });
  it('an inspector keeping a template duty, and the substitution that fixes it', () => {
    const holdMonPickup = (s: Schedule) => (s.week.duties[0].staff = 'l1');
    const r = run(holdMonPickup);
    expect(fired(r)).toEqual(['P6 /semester/0/inspection/0', 'P6 /semester/2/inspection/0']);
    const fixed = run((s) => {
      holdMonPickup(s);
      for (const d of ['2026-09-28', '2026-10-10']) day(s, d).substitutions.push({ latePickup: true, from: 'l1', to: 'sec1' });
    });
    expect(fired(fixed)).toEqual([]);
  });
  it('a declared empty inspection', () => {
    const r = run((s) => {
      day(s, '2026-09-28').inspection = [null];
      s.shortfalls = [{ date: '2026-09-28', day: 'mon', duty: 'inspection 2026-09-28 #1', reason: '领导均请假' }];
    });
    expect(fired(r)).toEqual([]);
    expect(r.shortfalls).toEqual([
      { path: '/semester/0/inspection/0', duty: 'inspection 2026-09-28 #1', day: 'mon', date: '2026-09-28', reason: '领导均请假' },
    ]);
  });
  it('an undeclared empty inspection', () => {
    expect(fired(run((s) => (day(s, '2026-09-28').inspection = [null])))).toEqual(['SHORTFALL /semester/0/inspection/0']);
  });
});

describe('P6-FAIR rotation', () => {
  it('one leader takes every date while an equal one takes none', () => {
    const r = run((s) => s.semester!.forEach((d) => (d.inspection = ['l1'])));
    expect(fired(r)).toEqual(['P6-FAIR /semester']);
  });
  it('a leader pinned to weekdays is not compared', () => {
    const r = run(
      (s) => s.semester!.forEach((d) => (d.inspection = ['l1'])),
      (i) => (i.staff[4].inspectionDays = ['mon', 'tue']),
    );
    expect(fired(r)).toEqual([]);
  });
});

describe('W1 leave substitutes', () => {
  it('a leave date without substitutes', () => {
    const r = run((s) => (day(s, '2026-10-12').substitutions = []));
    expect(fired(r)).toEqual(['W1 /semester/3/substitutions', 'W1 /semester/3/substitutions']);
  });
  it('`from` is not the template holder', () => {
    const r = run((s) => (day(s, '2026-10-12').substitutions[0].from = 't1'));
    expect(fired(r)).toContain('W1 /semester/3/substitutions/0/from');
  });
  it('a substitute who may not take a group block', () => {
    const r = run((s) => (day(s, '2026-10-12').substitutions[0].to = 'x1'));
    expect(fired(r)).toEqual(['W1 /semester/3/substitutions/0/to']);
  });
  it('a substitute who is double-booked', () => {
    const r = run((s) => (day(s, '2026-10-12').substitutions[0].to = 't1'));
    expect(fired(r)).toEqual(['W1 /semester/3/substitutions/0/to']);
    expect(r.violations[0].message).toContain('同时');
  });
  it('a substitute who inspects that date', () => {
    const r = run((s) => (day(s, '2026-10-12').substitutions[0].to = 'l2'));
    expect(fired(r)).toEqual(['W1 /semester/3/substitutions/0/to']);
  });
  it('a substitute on leave', () => {
    const r = run(() => {}, (i) => i.leave!.push({ staff: 't3', from: '2026-10-12', to: '2026-10-12' }));
    expect(fired(r)).toEqual(['W1 /semester/3/substitutions/0/to', 'W1 /semester/3/substitutions/1/to']);
  });
  it('a substitution nobody needed', () => {
    const r = run((s) => day(s, '2026-09-28').substitutions.push({ group: 'mon/1-1', block: 0, from: 't1', to: 't4' }));
    expect(fired(r)).toEqual(['W1 /semester/0/substitutions/0']);
  });
  it('a substitution naming a group of another weekday', () => {
    const r = run((s) => (day(s, '2026-10-12').substitutions[0] = { group: 'tue/1-1', block: 0, from: 't2', to: 't3' }));
    expect(fired(r)).toContain('W1 /semester/3/substitutions/0/group');
  });
  it('a null substitute needs a reason; with one it is a declared shortfall', () => {
    const bare = run((s) => (day(s, '2026-10-12').substitutions[0].to = null));
    expect(fired(bare)).toEqual(['W1 /semester/3/substitutions/0/to']);
    const r = run((s) => {
      const sub = day(s, '2026-10-12').substitutions[0];
      sub.to = null;
      sub.reason = '当天没有空闲的本校教师';
    });
    expect(fired(r)).toEqual([]);
    expect(r.shortfalls).toEqual([
      { path: '/semester/3/substitutions/0/to', duty: 'group mon/g1-mix1 block 0', day: 'mon', date: '2026-10-12', reason: '当天没有空闲的本校教师' },
    ]);
  });
  it('a dated declaration that matches no gap', () => {
    const r = run((s) => (s.shortfalls = [{ date: '2026-09-29', duty: 'inspection 2026-09-29 #1', reason: 'x' }]));
    expect(fired(r)).toEqual(['SHORTFALL /shortfalls/0']);
  });
});
