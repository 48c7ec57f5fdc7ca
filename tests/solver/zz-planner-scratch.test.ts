import { it, expect } from 'vitest';
import { validateInstance } from '../../src/model/validate.js';
import { check } from '../../src/checker/index.js';
import { solve } from '../../src/solver/index.js';
import { classroom, school, students, teachers } from './fixtures.js';

const cases: Record<string, any> = {
  empty: school({}),
  noClubsField: (() => { const s = school({ rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), students: students('1-1', 5, ['mon']) }); delete (s as any).clubs; return s; })(),
  cps0: school({ policy: { clubsPerStudent: 0 }, rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), clubs: [{ id: 'a', name: 'A', level: 'school', grades: [1] }], students: students('1-1', 5, ['mon'], () => ({ prefs: ['a'] })) }),
  satStudent: school({ rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), students: students('1-1', 5, ['mon', 'sat']) }),
  size0: school({ rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 0, room: '101' }], staff: teachers(3), students: students('1-1', 5, ['mon']) }),
  max0: school({ rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), clubs: [{ id: 'a', name: 'A', level: 'school', grades: [1], max: 0, min: 0 }], students: students('1-1', 5, ['mon'], () => ({ prefs: ['a'] })) }),
  min0: school({ rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), clubs: [{ id: 'a', name: 'A', level: 'school', grades: [1], min: 0 }], students: students('1-1', 5, ['mon']) }),
  noRoomKind: school({ rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: [...teachers(3), { id: 'c', name: 'c', roles: ['coach'], vetted: true, skills: ['x'] }], clubs: [{ id: 'a', name: 'A', level: 'school', grades: [1], roomKinds: ['pool'], skill: 'x' }], students: students('1-1', 5, ['mon'], () => ({ prefs: ['a'] })) }),
  clubInClassroom: school({ rooms: [classroom('101'), classroom('102')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), clubs: [{ id: 'a', name: 'A', level: 'school', grades: [1] }], students: students('1-1', 5, ['mon'], () => ({ prefs: ['a'] })) }),
  noSpareRoomForClub: school({ rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), clubs: [{ id: 'a', name: 'A', level: 'school', grades: [1] }], students: students('1-1', 5, ['mon'], () => ({ prefs: ['a'] })) }),
  pickup0: school({ policy: { latePickupStaffPerDay: 0 }, rooms: [classroom('101')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), students: students('1-1', 5, ['mon']) }),
  manyDays: school({ rooms: [classroom('101'), classroom('102')], classes: [{ id: '1-1', grade: 1, size: 10, room: '101' }], staff: teachers(3), clubs: [{ id: 'a', name: 'A', level: 'school', grades: [1], sessionsPerWeek: 7 }], students: students('1-1', 5, ['mon','tue','wed','thu','fri'], () => ({ prefs: ['a'] })) }),
};
for (const [name, inst] of Object.entries(cases)) {
  it(name, () => {
    const v = validateInstance(inst);
    if (!v.ok) { console.log(name, 'INVALID', v.errors.map((e) => e.code + ' ' + e.message).join('; ')); return; }
    if (v.warnings.length) console.log(name, 'warnings', v.warnings.map((e) => e.code).join(','));
    const r = solve(v.instance, { timeLimit: 2 });
    const res = check(v.instance, r.schedule);
    console.log(name, r.status, JSON.stringify(r.schedule.week.clubs), JSON.stringify(r.schedule.unplaced.slice(0, 2)), JSON.stringify(r.schedule.shortfalls?.slice(0, 3)));
    expect(res.violations).toEqual([]);
  });
}
