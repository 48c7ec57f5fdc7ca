// Re-planning that keeps the plan (solve with `keep`): after each kind of mid-term change the kept plan changes far
// fewer assignments than a fresh solve, only what it must, and passes the independent checker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../../src/checker/index.js';
import type { Instance, Schedule } from '../../../src/model/schema.js';
import { validateInstance } from '../../../src/model/validate.js';
import { countChanges, diffSchedules } from '../../../src/solver/keep/index.js';
import { solve } from '../../../src/solver/index.js';

// a generous limit: the deadline is only a safety stop; a cover stage cut short would move duties between the runs
const OPTIONS = { seed: 1, timeLimit: 30 } as const;
let base: Instance;
let previous: Schedule;

const valid = (value: unknown): Instance => {
  const v = validateInstance(value);
  if (!v.ok) throw new Error(JSON.stringify(v.errors.slice(0, 3)));
  return v.instance;
};

type Counts = ReturnType<typeof countChanges>;

/** Fresh and kept plans of the changed school: both checked, and their changes against the previous plan. */
function replan(changed: Instance): { fresh: Counts; kept: Counts; schedule: Schedule } {
  const fresh = solve(changed, OPTIONS).schedule;
  const kept = solve(changed, { ...OPTIONS, keep: previous }).schedule;
  expect(check(changed, fresh).violations).toEqual([]);
  expect(check(changed, kept).violations).toEqual([]);
  const reported = (kept.report.keep as { counts: Counts; changes: { text: string }[] });
  expect(reported.counts).toEqual(countChanges(diffSchedules(changed, previous, kept)));
  for (const c of reported.changes) expect(c.text).toMatch(/[\u4e00-\u9fff]/);
  return { fresh: countChanges(diffSchedules(changed, previous, fresh)), kept: reported.counts, schedule: kept };
}

/** The closing-note numbers (kept vs fresh), printed for the record. */
const note = (what: string, r: { fresh: Counts; kept: Counts }): void => {
  process.stdout.write(`keep ${what}: kept ${r.kept.total} (${JSON.stringify(r.kept)}) vs fresh ${r.fresh.total}\n`);
};

beforeAll(() => {
  base = valid(JSON.parse(readFileSync(join(process.cwd(), 'examples/small.json'), 'utf8')));
  previous = solve(base, OPTIONS).schedule;
});

describe('solve with keep (minimal perturbation)', () => {
  it('an unchanged school keeps every assignment', () => {
    const again = solve(base, { ...OPTIONS, keep: previous }).schedule;
    expect((again.report.keep as { counts: Counts }).counts.total).toBe(0);
    expect(check(base, again).violations).toEqual([]);
  });

  it('a student joins: the kept plan adds them and changes little else', () => {
    const joined = { id: 's-new', name: '新同学', class: base.classes[0].id, days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, prefs: base.students[0].prefs };
    const changed = valid({ ...base, students: [...base.students, { ...joined, days: [...joined.days] }] });
    const r = replan(changed);
    note('student joins', r);
    expect(r.kept.total).toBeLessThanOrEqual(r.fresh.total);
    // nobody else changes group, room, duty, inspection or substitute (the club stage re-plans: clubStageKeep)
    expect({ ...r.kept, studentClub: 0, total: 0 }).toEqual({ ...countChanges([]), studentClub: 0, total: 0 });
    expect(r.schedule.week.groups.some((g) => g.students.includes('s-new'))).toBe(true);
  });

  it('a room closes: only what was in it moves', () => {
    // a club room with another room of its kind
    const club = previous.week.clubs.find((c) => {
      const kind = base.rooms.find((x) => x.id === c.room)?.kind;
      return c.room !== null && base.rooms.filter((x) => x.kind === kind).length > 1;
    })!;
    const changed = valid({ ...base, rooms: base.rooms.filter((x) => x.id !== club.room) });
    const r = replan(changed);
    note('room closed', r);
    expect(r.kept.total).toBeLessThanOrEqual(r.fresh.total);
    expect(r.kept.total).toBe(r.kept.clubRoom + r.kept.groupRoom); // only rooms move
    const moved = (r.schedule.week.clubs.find((c) => c.club === club.club) ?? { room: null }).room;
    expect(moved).not.toBe(club.room);
  });

  it('a club is added: its members join it, the rest stays', () => {
    const robot = { id: 'robot', name: '机器人', level: 'school' as const, grades: [3, 4], min: 5, max: 30, sessionsPerWeek: 1, roomKinds: ['computer'] };
    let n = 0;
    const students = base.students.map((s) => {
      const grade = base.classes.find((c) => c.id === s.class)!.grade;
      if ((grade === 3 || grade === 4) && n < 12 && s.days.length === 5) {
        n++;
        return { ...s, prefs: ['robot', ...(s.prefs ?? [])] };
      }
      return s;
    });
    const changed = valid({ ...base, clubs: [...(base.clubs ?? []), robot], students });
    const r = replan(changed);
    note('club added', r);
    expect(r.kept.total).toBeLessThan(r.fresh.total / 2);
    expect(r.schedule.week.clubs.some((c) => c.club === 'robot' && c.students.length >= 5)).toBe(true);
  });

  it('a teacher’s weekday is removed: only that teacher’s duties of that weekday move', () => {
    const holders = new Map<string, number>();
    for (const g of previous.week.groups) for (const h of g.cover) if (h !== null && g.day === 'tue') holders.set(h, (holders.get(h) ?? 0) + 1);
    const [teacher, blocks] = [...holders].sort((a, b) => b[1] - a[1])[0];
    const changed = valid({ ...base, staff: base.staff.map((s) => (s.id === teacher ? { ...s, unavailable: [...(s.unavailable ?? []), 'tue' as const] } : s)) });
    const r = replan(changed);
    note('teacher weekday removed', r);
    expect(r.kept.total).toBeLessThan(r.fresh.total / 3);
    expect(r.kept.cover).toBeGreaterThanOrEqual(blocks); // their Tuesday blocks must move
    for (const g of r.schedule.week.groups) if (g.day === 'tue') expect(g.cover).not.toContain(teacher);
  });
});
