import { describe, expect, it } from 'vitest';
import type { Club, Instance } from '../../../src/model/schema.js';
import { compile } from '../../../src/solver/compile.js';
import { planGroups } from '../../../src/solver/week/groups.js';
import { bookRoom, emptyRoomUse, fitClubRooms, pickRoom, planGroupRooms, roomFree } from '../../../src/solver/week/rooms.js';
import { classroom, school, students, teachers, valid } from '../../fixtures/school.js';
import { clubById, groupById, solveChecked } from '../helpers.js';

const club = (id: string, more: Partial<Club> = {}): Club => ({ id, name: id, level: 'school', grades: [1], ...more });

describe('room bookings', () => {
  it('half-open intervals: touching uses do not clash (R2)', () => {
    const inst = valid(school({ rooms: [classroom('101')] }));
    const c = compile(inst);
    const use = emptyRoomUse(c);
    bookRoom(use, 0, 1 << 0, 930, 1000);
    expect(roomFree(use, 0, 0, 1000, 1060)).toBe(true);
    expect(roomFree(use, 0, 0, 999, 1060)).toBe(false);
    expect(roomFree(use, 0, 1, 930, 1000)).toBe(true);
  });

  it('picks the smallest room that holds the target, else the largest', () => {
    const inst = valid(school({ rooms: [classroom('a', 10), classroom('b', 20), classroom('c', 30)] }));
    const c = compile(inst);
    expect(pickRoom(c, [0, 1, 2], 15)).toBe(1);
    expect(pickRoom(c, [0, 1, 2], 40)).toBe(2);
    expect(pickRoom(c, [], 1)).toBe(-1);
  });
});

describe('group rooms', () => {
  it('standalone groups use their own classroom; a big split piece takes the smallest spare room that fits', () => {
    const inst = valid(
      school({
        serviceWeekdays: ['mon'],
        rooms: [classroom('101', 50), classroom('spare-big', 60), classroom('spare-small', 30), { id: 'gym', kind: 'gym', capacity: 200 }],
        classes: [{ id: '1-1', grade: 1, size: 56, room: '101' }],
        staff: teachers(6, [1]),
        students: students('1-1', 56, ['mon']),
      }),
    );
    const c = compile(inst);
    const { groups } = planGroups(c);
    const { groupRoom } = planGroupRooms(c, groups);
    expect(groups.map((g) => g.students.length)).toEqual([28, 28]);
    expect([...groupRoom]).toEqual([0, 2]);
    solveChecked(inst);
  });

  it('a group without any fitting room gets null and a shortfall that says what is missing', () => {
    const inst = valid(
      school({
        serviceWeekdays: ['mon'],
        rooms: [classroom('101', 20)],
        classes: [{ id: '1-1', grade: 1, size: 40, room: '101' }],
        staff: teachers(6, [1]),
        students: students('1-1', 30, ['mon']),
      }),
    );
    const s = solveChecked(inst);
    expect(groupById(s, 'mon/1-1')?.room).toBeNull();
    const sf = s.shortfalls!.find((x) => x.duty === 'room group mon/1-1');
    expect(sf?.day).toBe('mon');
    expect(sf?.reason).toContain('能容纳 30 人');
  });
});

describe('club rooms', () => {
  const withClub = (n: number, rooms: Instance['rooms']): Instance =>
    valid(
      school({
        rooms: [classroom('101'), ...rooms],
        classes: [{ id: '1-1', grade: 1, size: 45, room: '101' }],
        staff: [...teachers(6, [1]), { id: 'x1', name: '音乐老师', roles: ['coach'], vetted: true, skills: ['choir'] }],
        clubs: [club('choir', { days: ['mon'], roomKinds: ['music'], skill: 'choir', max: 60 })],
        students: students('1-1', 40, ['mon', 'tue', 'wed', 'thu', 'fri'], (i) => (i < n ? { prefs: ['choir'] } : {})),
      }),
    );

  it('a club sits in the smallest room of its kind that holds its members', () => {
    const inst = withClub(12, [
      { id: 'm-big', kind: 'music', capacity: 60 },
      { id: 'm-mid', kind: 'music', capacity: 20 },
      { id: 'm-tiny', kind: 'music', capacity: 10 },
      { id: 'hall', kind: 'hall', capacity: 15 },
    ]);
    const s = solveChecked(inst);
    expect(clubById(s, 'choir')?.room).toBe('m-mid');
    expect(clubById(s, 'choir')?.students.length).toBe(12);
    expect((s.report.objective as Record<string, number>).clubRoomSlack).toBe(8);
  });

  it('the club capacity is bounded by its room', () => {
    const inst = withClub(25, [{ id: 'm-mid', kind: 'music', capacity: 20 }]);
    const s = solveChecked(inst);
    expect(clubById(s, 'choir')?.students.length).toBe(20);
    expect(s.unplaced.length).toBe(5);
    expect(s.unplaced[0].reason).toContain('已满（20/20 人）');
  });

  it('re-fit keeps the reserved rooms when the smallest-fit pass cannot place every club', () => {
    const inst = withClub(12, [{ id: 'm', kind: 'music', capacity: 60 }]);
    const c = compile(inst);
    const { use } = planGroupRooms(c, planGroups(c).groups);
    const mask = Int32Array.from([1]);
    expect([...fitClubRooms(c, use, mask, Int32Array.from([12]), Uint8Array.from([1]), Int32Array.from([1]))]).toEqual([1]);
    // the only music room is taken that day: the reserved room stays
    bookRoom(use, 1, 1, c.clubStart[0], c.clubEnd[0]);
    expect([...fitClubRooms(c, use, mask, Int32Array.from([12]), Uint8Array.from([1]), Int32Array.from([1]))]).toEqual([1]);
  });
});
