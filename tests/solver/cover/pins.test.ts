// P-PIN staff pins: 王老师 always takes 3-2. A pin is honoured by the planner, or reported with its JSON path and
// the reason while the rest is planned; every plan passes the independent checker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/checker/index.js';
import type { Instance, Schedule } from '../../../src/model/schema.js';
import { validateInstance } from '../../../src/model/validate.js';
import { solve } from '../../../src/solver/index.js';

type PinsReport = { honoured: number; broken: { path: string; staff: string; honoured: number; wanted: number; reasons: string[] }[]; all: { path: string }[] };

let base: Instance;
let plain: Schedule;

const plan = (instance: Instance): Schedule => {
  const v = validateInstance(instance);
  expect(v.ok).toBe(true);
  const schedule = solve(instance, { seed: 1, timeLimit: 2 }).schedule;
  expect(check(instance, schedule).violations).toEqual([]);
  return schedule;
};
const withPins = (pins: Record<string, Instance['staff'][number]['pins']>): Instance => ({
  ...base,
  staff: base.staff.map((s) => (pins[s.id] ? { ...s, pins: pins[s.id] } : s)),
});

beforeAll(() => {
  base = JSON.parse(readFileSync(join(process.cwd(), 'examples/small.json'), 'utf8')) as Instance;
  plain = solve(base, { seed: 1, timeLimit: 2 }).schedule;
});

describe('staff pins', () => {
  it('a teacher pinned to a class on Mondays covers its blocks; the rest is planned', () => {
    // a grade teacher who does not take class 3-2's Monday group in the plain plan
    const group = plain.week.groups.find((g) => g.id === 'mon/3-2')!;
    const teacher = base.staff.find((s) => s.roles.includes('teacher') && (s.grades ?? []).includes(3) && !group.cover.includes(s.id) && !s.unavailable?.includes('mon'))!;
    const schedule = plan(withPins({ [teacher.id]: [{ class: '3-2', days: ['mon'] }] }));
    const g = schedule.week.groups.find((x) => x.id === 'mon/3-2')!;
    expect(g.cover.every((h) => h === teacher.id)).toBe(true);
    const pins = schedule.report.pins as PinsReport;
    expect(pins.broken).toEqual([]);
    expect(pins.honoured).toBe(1);
  });

  it('a pin to one group and given blocks (by group id), and to a class on every day', () => {
    const t1 = base.staff.find((s) => s.roles.includes('teacher') && (s.grades ?? []).includes(1) && !s.unavailable?.length)!;
    const t2 = base.staff.find((s) => s.id !== t1.id && s.roles.includes('teacher') && (s.grades ?? []).includes(2) && !s.unavailable?.length)!;
    const schedule = plan(withPins({ [t1.id]: [{ group: 'tue/1-2', blocks: [0] }], [t2.id]: [{ class: '2-1', blocks: [0] }] }));
    expect(schedule.week.groups.find((g) => g.id === 'tue/1-2')!.cover[0]).toBe(t1.id);
    for (const g of schedule.week.groups.filter((x) => x.id.endsWith('/2-1'))) expect(g.cover[0]).toBe(t2.id);
    expect((schedule.report.pins as PinsReport).broken).toEqual([]);
  });

  it('contradictory pins: the one that cannot hold is reported with its path and why, the other holds', () => {
    const teachers = base.staff.filter((s) => s.roles.includes('teacher') && !s.unavailable?.length);
    const [a, b] = [teachers[0], teachers[1]];
    const idx = base.staff.findIndex((s) => s.id === b.id);
    const schedule = plan(withPins({ [a.id]: [{ class: '3-1', days: ['wed'], blocks: [0] }], [b.id]: [{ class: '3-1', days: ['wed'], blocks: [0] }] }));
    expect(schedule.week.groups.find((g) => g.id === 'wed/3-1')!.cover[0]).toBe(a.id);
    const pins = schedule.report.pins as PinsReport;
    expect(pins.broken).toHaveLength(1);
    expect(pins.broken[0].path).toBe(`/staff/${idx}/pins/0`);
    expect(pins.broken[0].reasons[0]).toContain('已固定由');
    // a pin on a weekday the teacher is unavailable: reported too (and the validator warns)
    const c = base.staff.findIndex((s) => s.id === teachers[2].id);
    const unavailable = withPins({});
    unavailable.staff[c] = { ...unavailable.staff[c], unavailable: ['thu'], pins: [{ class: '1-1', days: ['thu'] }] };
    const v = validateInstance(unavailable);
    expect(v.ok && v.warnings.some((w) => w.path === `/staff/${c}/pins/0/days/0` && w.code === 'pin-impossible')).toBe(true);
    const s2 = plan(unavailable);
    const broken = (s2.report.pins as PinsReport).broken;
    expect(broken.map((p) => p.path)).toEqual([`/staff/${c}/pins/0`]);
    expect(broken[0].reasons.join()).toContain('周四不可安排');
  });
});
