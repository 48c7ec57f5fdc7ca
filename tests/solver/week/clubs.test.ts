import { describe, expect, it } from 'vitest';
import type { Club, Instance } from '../../../src/model/schema.js';
import { compile } from '../../../src/solver/compile.js';
import { dayCombos } from '../../../src/solver/week/clubs.js';
import { planClubStage } from '../../../src/solver/week/club-stage.js';
import { planGroups } from '../../../src/solver/week/groups.js';
import { planGroupRooms } from '../../../src/solver/week/rooms.js';
import { classroom, school, students, teachers, valid } from '../../fixtures/school.js';
import { clubById, solveChecked } from '../helpers.js';

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** one grade-1 class of `n` students (all days) with prefs per student, a few clubs, a leader for every skill */
function clubSchool(prefs: (string[] | undefined)[], clubs: Club[], extra: Partial<Parameters<typeof school>[0]> = {}): Instance {
  return valid(
    school({
      rooms: [classroom('101'), { id: 'hall', kind: 'hall', capacity: 100 }, { id: 'm1', kind: 'music', capacity: 60 }, { id: 'f1', kind: 'field', capacity: 120 }],
      classes: [{ id: '1-1', grade: 1, size: 45, room: '101', homeroom: 't1' }],
      staff: [...teachers(6, [1]), { id: 'x1', name: '教练', roles: ['coach'], vetted: true, skills: ['football', 'choir', 'art', 'chess'] }],
      clubs,
      students: students('1-1', prefs.length, [...ALL], (i) => (prefs[i] ? { prefs: prefs[i] } : {})),
      ...extra,
    }),
  );
}

const club = (id: string, more: Partial<Club> = {}): Club => ({ id, name: id, level: 'school', grades: [1], ...more });

function stages(inst: Instance) {
  const c = compile(inst);
  const g = planGroups(c);
  const r = planGroupRooms(c, g.groups);
  const st = planClubStage(c, g.groups, r.use);
  return { c, days: st.days, clubs: st.assignment };
}

describe('club assignment (the club stage, planClubStage)', () => {
  it('3 students want a club with 2 seats: two placed, one unplaced, cost 1 + 1 + 100', () => {
    const inst = clubSchool([['chess'], ['chess'], ['chess']], [club('chess', { max: 2, days: ['mon'] })]);
    const { clubs } = stages(inst);
    expect(clubs.cost).toBe(102);
    expect(clubs.optimal).toBe(true);
    expect(clubs.bound).toBe(102);
    expect(clubs.histogram).toEqual({ 1: 2, none: 1 });
    expect(clubs.unplaced.length).toBe(1);
    expect(clubs.unplaced[0].reason).toContain('已满');
    const s = solveChecked(inst);
    expect(clubById(s, 'chess')?.students.length).toBe(2);
    expect(s.report.clubCost).toBe(102);
    expect(s.report.clubCostOptimal).toBe(true);
    expect(s.unplaced.length).toBe(1);
  });

  it('second choices: the flow finds the exact optimum, not the greedy one', () => {
    // s1: a, b   s2: a   — a has one seat. Greedy by order gives s1 → a, s2 unplaced (1 + 100);
    // optimal: s2 → a, s1 → b (1 + 4)
    const inst = clubSchool([['a', 'b'], ['a']], [club('a', { max: 1, days: ['mon'] }), club('b', { max: 1, days: ['mon'] })]);
    const { clubs } = stages(inst);
    expect(clubs.cost).toBe(5);
    expect(clubs.optimal).toBe(true);
    solveChecked(inst);
  });

  it('a priority student displaces a non-priority one (×10 weight)', () => {
    const inst = clubSchool([['chess'], ['chess']], [club('chess', { max: 1, days: ['mon'] })]);
    inst.students[1] = { ...inst.students[1], priority: ['left-behind'] };
    const { clubs } = stages(valid(inst));
    expect(clubs.members[0]).toEqual(Int32Array.from([1]));
    expect(clubs.cost).toBe(10 + 100);
    const s = solveChecked(valid(inst));
    expect(clubById(s, 'chess')?.students).toEqual(['1-1-s2']);
  });

  it('S2 holds even when the ×10 weight alone would leave a priority student out (11th choice)', () => {
    // priority s2 lists chess 11th: placed costs 10 × 121 = 1210 > 1000 unplaced; the flow leaves them out,
    // the S2 repair swaps them in for s1
    const fillers = Array.from({ length: 10 }, (_, i) => `class-${i}`);
    const inst = clubSchool(
      [['chess'], [...fillers, 'chess']],
      [club('chess', { max: 1, days: ['mon'] }), ...fillers.map((id) => club(id, { level: 'class' }))],
    );
    inst.students[1] = { ...inst.students[1], priority: ['disabled'] };
    const { clubs } = stages(valid(inst));
    expect(clubs.s2Repairs).toBe(1);
    expect(clubs.members[0]).toEqual(Int32Array.from([1]));
    expect(clubs.cost).toBe(1210 + 100);
    expect(clubs.bound).toBe(1000 + 1);
    expect(clubs.optimal).toBe(false);
    solveChecked(valid(inst));
  });

  it('no minimum is forced where nobody needs the club: running it would only cost more', () => {
    // 3 students: a first, b second; b (min 3) could be filled only by moving all three off their first choice
    const inst = clubSchool([['a', 'b'], ['a', 'b'], ['a', 'b']], [club('a', { max: 10, days: ['mon'] }), club('b', { min: 3, days: ['tue'] })]);
    const { clubs } = stages(inst);
    expect(clubs.flowRounds).toBe(1);
    expect([...clubs.running]).toEqual([1, 0]);
    expect(clubs.cost).toBe(3);
    expect(clubs.optimal).toBe(true);
    expect(clubs.closedReason[1]).toContain('未开设');
    const s = solveChecked(inst);
    expect(clubById(s, 'b')).toBeUndefined();
  });

  it('a club under its minimum after the flow is closed and the rest re-solved', () => {
    // s1 s2: b, a; s3 s4: d, a; s5: a, b, d. b and d (min 3) are short without minimums; filling both needs 6 of
    // 5 students, so the flow fills b (s5 at cost 4) and d closes: s3, s4 → a (4 each). 2 + 8 + 4 = 14
    const inst = clubSchool(
      [['b', 'a'], ['b', 'a'], ['d', 'a'], ['d', 'a'], ['a', 'b', 'd']],
      [club('a', { max: 10, days: ['mon'] }), club('b', { min: 3, days: ['tue'] }), club('d', { min: 3, days: ['wed'] })],
    );
    const { clubs } = stages(inst);
    expect(clubs.flowRounds).toBeGreaterThanOrEqual(3);
    expect([...clubs.running]).toEqual([1, 1, 0]);
    expect(clubs.cost).toBe(14);
    expect(clubs.optimal).toBe(true);
    expect(clubs.closedReason[2]).toContain('开设需至少 3 人');
    const s = solveChecked(inst);
    expect(clubById(s, 'd')).toBeUndefined();
    expect(s.unplaced).toEqual([]);
  });

  it('a minimum is filled by moving a student off their first choice when that is cheaper than closing', () => {
    // x wants only b (min 2); y: a then b. Filling b: 1 + 4 = 5; closing b: 100 + 1
    const inst = clubSchool([['b'], ['a', 'b']], [club('a', { days: ['mon'] }), club('b', { min: 2, days: ['tue'] })]);
    const { clubs } = stages(inst);
    expect(clubs.cost).toBe(5);
    expect(clubs.members[1]).toEqual(Int32Array.from([0, 1]));
    expect(clubs.optimal).toBe(true);
    solveChecked(inst);
  });

  it('a club too few can join is not opened; its students are told why', () => {
    const inst = clubSchool([['a'], ['a'], ['b']], [club('a', { min: 5, days: ['mon'] }), club('b', { days: ['mon'] })]);
    const { clubs } = stages(inst);
    expect([...clubs.running]).toEqual([0, 1]);
    expect(clubs.unplaced.map((u) => u.reason)).toEqual([expect.stringContaining('a未开设'), expect.stringContaining('a未开设')]);
    expect(clubs.cost).toBe(201);
    solveChecked(inst);
  });

  it('a student who does not attend a fixed club day cannot join', () => {
    const inst = clubSchool([['a'], ['a']], [club('a', { days: ['wed'] })]);
    inst.students[0] = { ...inst.students[0], days: ['mon', 'tue'] };
    const { clubs } = stages(valid(inst));
    expect(clubs.members[0]).toEqual(Int32Array.from([1]));
    expect(clubs.unplaced[0].reason).toContain('周三活动，该生当天不参加课后服务');
    solveChecked(valid(inst));
  });
});

describe('club days', () => {
  it('lists the day subsets in order', () => {
    expect(dayCombos([0, 1, 2], 2)).toEqual([0b011, 0b101, 0b110]);
    expect(dayCombos([0, 1], 5)).toEqual([0b11]);
  });

  it('picks the day the interested students attend', () => {
    const inst = clubSchool([['a'], ['a'], ['a']], [club('a')]);
    for (const s of inst.students) (s as { days: string[] }).days = ['thu'];
    const { days, clubs } = stages(valid(inst));
    expect(days.mask[0]).toBe(1 << 3);
    expect(clubs.cost).toBe(3);
    const s = solveChecked(valid(inst));
    expect(clubById(s, 'a')?.days).toEqual(['thu']);
  });

  it('spreads two clubs competing for the only field over different days', () => {
    const inst = clubSchool(
      [['a'], ['b']],
      [club('a', { roomKinds: ['field'], skill: 'football' }), club('b', { roomKinds: ['field'], skill: 'football' })],
    );
    const { days } = stages(inst);
    expect(days.mask[0]).not.toBe(days.mask[1]);
    expect(days.room[0]).toBe(3);
    expect(days.room[1]).toBe(3);
    solveChecked(inst);
  });

  it('sessionsPerWeek days where every member attends', () => {
    const inst = clubSchool([['a'], ['a']], [club('a', { sessionsPerWeek: 2 })]);
    for (const s of inst.students) (s as { days: string[] }).days = ['tue', 'fri'];
    const { days } = stages(valid(inst));
    expect(days.mask[0]).toBe((1 << 1) | (1 << 4));
    const s = solveChecked(valid(inst));
    expect(clubById(s, 'a')?.days).toEqual(['tue', 'fri']);
  });
});

describe('clubsPerStudent > 1', () => {
  it('a second club only where it keeps a club at its minimum', () => {
    // x wants only b (tue, min 2), z only a (mon, min 2); y: a then b. y joins both: x 1 + z 1 + y (1 + 4)
    const two = { policy: { clubsPerStudent: 2 } };
    const inst = clubSchool([['b'], ['a'], ['a', 'b']], [club('a', { min: 2, days: ['mon'] }), club('b', { min: 2, days: ['tue'] })], two);
    const { clubs } = stages(inst);
    expect([...clubs.running]).toEqual([1, 1]);
    expect(clubs.studentClubs[2]).toEqual([0, 1]);
    expect(clubs.cost).toBe(7);
    expect(clubs.optimal).toBe(true);
    solveChecked(inst);
    // without a minimum to fill, nobody gets a second club (it only adds cost)
    const plain = clubSchool([['a', 'b'], ['a', 'b']], [club('a', { days: ['mon'] }), club('b', { days: ['tue'] })], two);
    const r = stages(plain).clubs;
    expect(r.cost).toBe(2);
    expect(r.studentClubs.every((l) => l.length <= 1)).toBe(true);
    solveChecked(plain);
  });

  it('never two clubs on one weekday', () => {
    const two = { policy: { clubsPerStudent: 2 } };
    const inst = clubSchool([['b'], ['a', 'b'], ['a', 'b']], [club('a', { min: 2, days: ['mon'] }), club('b', { min: 3, days: ['mon'] })], two);
    const { clubs } = stages(inst);
    for (const l of clubs.studentClubs) expect(l.length).toBeLessThanOrEqual(1);
    solveChecked(inst);
  });
});
