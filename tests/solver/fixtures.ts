// Hand-made tiny schools for the planner tests (optimum known by hand). `school()` builds a valid instance
// from a few parts; helpers add classes of students.
import type { Club, Instance, Room, SchoolClass, Staff, Student, WeekdayName } from '../../src/model/schema.js';
import { validateInstance } from '../../src/model/validate.js';

export const WEEK: WeekdayName[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

export type SchoolParts = {
  readonly policy?: Instance['policy'];
  readonly serviceWeekdays?: WeekdayName[];
  readonly rooms?: Room[];
  readonly classes?: SchoolClass[];
  readonly staff?: Staff[];
  readonly clubs?: Club[];
  readonly students?: Student[];
  /** grades of the single timeline (default 1..6) */
  readonly grades?: number[];
};

/** One timeline (study 15:30-16:10, club 16:10-17:00, reading 17:00-17:20) for all grades; late pickup 17:20-17:50. */
export function school(parts: SchoolParts): Instance {
  return {
    format: 'kehou.instance/1',
    school: { name: '测试小学', stage: 'primary', lessonMinutes: 40 },
    policy: parts.policy ?? {},
    calendar: { start: '2026-09-07', end: '2026-09-18', serviceWeekdays: parts.serviceWeekdays ?? WEEK, holidays: [], workdays: [] },
    timelines: [
      {
        id: 'all',
        grades: parts.grades ?? [1, 2, 3, 4, 5, 6],
        blocks: [
          { kind: 'study', start: '15:30', end: '16:10' },
          { kind: 'club', start: '16:10', end: '17:00' },
          { kind: 'reading', start: '17:00', end: '17:20' },
        ],
      },
    ],
    rooms: parts.rooms ?? [],
    classes: parts.classes ?? [],
    staff: parts.staff ?? [],
    clubs: parts.clubs ?? [],
    students: parts.students ?? [],
  };
}

/** `n` students of class `cls` (ids `<cls>-s<i>`), each attending `days`, with prefs/priority from `each(i)`. */
export function students(cls: string, n: number, days: WeekdayName[], each?: (i: number) => Partial<Student>): Student[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${cls}-s${i + 1}`, class: cls, days, ...(each ? each(i) : {}) }));
}

export const classroom = (id: string, capacity = 50): Room => ({ id, kind: 'classroom', capacity });

/** `count` plain teachers t1.. teaching `grades` */
export function teachers(count: number, grades: number[] = [1, 2, 3, 4, 5, 6], extra: Partial<Staff> = {}): Staff[] {
  return Array.from({ length: count }, (_, i) => ({ id: `t${i + 1}`, name: `教师${i + 1}`, roles: ['teacher'], grades, ...extra }));
}

/** the instance after validation (throws on an invalid fixture: a broken test, not a planner finding) */
export function valid(instance: Instance): Instance {
  const v = validateInstance(instance);
  if (!v.ok) throw new Error('invalid fixture: ' + v.errors.map((e) => `${e.path} ${e.code} ${e.message}`).join('; '));
  return v.instance;
}
