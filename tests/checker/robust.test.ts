// The checker never throws and stays deterministic on arbitrary (structurally valid) edits of a schedule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import { WEEKDAYS, type Schedule, type WeekdayName } from '../../src/model/schema.js';
import { checkerSchool, checkerSchoolSchedule } from '../fixtures/checker-school.js';

const RULES = new Set(['FORMAT', 'S1', 'S3', 'S4', 'S5', 'S6', 'S2', 'R1', 'R2', 'RUN', 'P2', 'P3', 'P4', 'P5', 'P7', 'P8', 'COST', 'UNPLACED', 'SHORTFALL', 'T1', 'T2', 'P6', 'P6-FAIR', 'W1']);
const staffIds = [...checkerSchool().staff.map((s) => s.id), 'ghost', '__proto__'];
const studentIds = [...checkerSchool().students.map((s) => s.id), 'ghost', 'constructor'];
const roomIds = [...checkerSchool().rooms.map((r) => r.id), 'ghost'];

const staffOrNull = fc.option(fc.constantFrom(...staffIds), { nil: null });
const weekday = fc.constantFrom(...WEEKDAYS);

type Edit = (s: Schedule) => void;
/** the i-th semester date (modulo), or a throw-away one when an earlier edit removed the semester */
const sem = (s: Schedule, i: number) => (s.semester?.length ? s.semester[i % s.semester.length] : { date: '2026-09-28', as: 'mon' as WeekdayName, inspection: [], substitutions: [] });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(5), fc.nat(3), staffOrNull).map(([g, b, who]): Edit => (s) => {
    const group = s.week.groups[g % s.week.groups.length];
    group.cover[b % (group.cover.length + 1)] = who;
  }),
  fc.tuple(fc.nat(5), fc.nat(5)).map(([g, k]): Edit => (s) => {
    s.week.groups[g % s.week.groups.length].students.splice(k, 1);
  }),
  fc.tuple(fc.nat(5), fc.constantFrom(...studentIds)).map(([g, id]): Edit => (s) => {
    s.week.groups[g % s.week.groups.length].students.push(id);
  }),
  fc.tuple(fc.nat(3), fc.uniqueArray(weekday, { maxLength: 4 })).map(([c, days]): Edit => (s) => {
    s.week.clubs[c % s.week.clubs.length].days = days as WeekdayName[];
  }),
  fc.tuple(fc.nat(3), fc.constantFrom(...studentIds)).map(([c, id]): Edit => (s) => {
    s.week.clubs[c % s.week.clubs.length].students.push(id);
  }),
  fc.tuple(fc.nat(5), fc.option(fc.constantFrom(...roomIds), { nil: null })).map(([g, r]): Edit => (s) => {
    s.week.groups[g % s.week.groups.length].room = r;
  }),
  fc.tuple(fc.nat(3), staffOrNull).map(([c, who]): Edit => (s) => {
    s.week.clubs[c % s.week.clubs.length].staff = who;
  }),
  fc.tuple(fc.nat(3), weekday, staffOrNull).map(([d, day, who]): Edit => (s) => {
    s.week.duties[d % s.week.duties.length] = { kind: 'latePickup', day, staff: who };
  }),
  fc.tuple(fc.nat(6), weekday).map(([i, as]): Edit => (s) => {
    sem(s, i).as = as;
  }),
  fc.nat(6).map((i): Edit => (s) => {
    s.semester?.splice(i % Math.max(1, s.semester.length), 1);
  }),
  fc.tuple(fc.nat(6), fc.array(staffOrNull, { maxLength: 3 })).map(([i, who]): Edit => (s) => {
    sem(s, i).inspection = who;
  }),
  fc.tuple(fc.nat(6), fc.constantFrom('mon/1-1', 'mon/g1-mix1', 'tue/1-1', 'nope'), fc.nat(3), staffOrNull, staffOrNull).map(
    ([i, group, block, from, to]): Edit => (s) => {
      sem(s, i).substitutions.push({ group, block, from, to });
    },
  ),
  fc.tuple(fc.nat(6), fc.constantFrom('art', 'chess', 'reading', 'nope'), staffOrNull, staffOrNull).map(([i, club, from, to]): Edit => (s) => {
    sem(s, i).substitutions.push({ club, from, to });
  }),
  fc.tuple(fc.nat(6), staffOrNull, staffOrNull).map(([i, from, to]): Edit => (s) => {
    sem(s, i).substitutions.push({ latePickup: true, from, to });
  }),
  fc.tuple(fc.string({ maxLength: 30 }), fc.option(fc.constantFrom('2026-09-28', '2026-10-12', '2030-01-01'), { nil: undefined })).map(
    ([duty, date]): Edit => (s) => {
      s.shortfalls!.push({ duty, reason: '测试', ...(date ? { date } : {}) });
    },
  ),
  fc.constantFrom<Edit>((s) => delete s.semester, (s) => (s.report = {}), (s) => (s.unplaced = [])),
);

describe('robustness', () => {
  it('never throws, reports known rules with JSON Pointer paths, and is deterministic', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const s = checkerSchoolSchedule();
        for (const e of edits) e(s);
        const r = check(checkerSchool(), s);
        for (const v of r.violations) {
          expect(RULES.has(v.rule)).toBe(true);
          expect(v.path === undefined || v.path === '' || v.path.startsWith('/')).toBe(true);
          expect(v.message.length).toBeGreaterThan(0);
        }
        expect(check(checkerSchool(), structuredClone(s))).toEqual(r);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
