// Small hand-made schools with hand-made weekly templates for the semester and what-if tests.
import type { Instance, Schedule, Staff, Student, WeekdayName, WeekGroup, Duty, WeekClub } from '../../src/model/schema.js';

export const WORKDAYS: WeekdayName[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

type TinyOptions = {
  readonly start?: string;
  readonly end?: string;
  readonly holidays?: Instance['calendar']['holidays'];
  readonly workdays?: Instance['calendar']['workdays'];
  readonly serviceWeekdays?: WeekdayName[];
  readonly leave?: Instance['leave'];
  readonly staff?: Staff[];
  readonly inspectorsPerDay?: number;
  readonly feePerPeriod?: number;
};

/** The tiny school's staff: three grade-1 teachers, two grade-3 teachers, three leaders, a paper-cutting volunteer, a guard. */
export const TINY_STAFF: Staff[] = [
  { id: 't01', name: '王芳', roles: ['teacher'], grades: [1] },
  { id: 't02', name: '李娜', roles: ['teacher'], grades: [1] },
  { id: 't03', name: '张伟', roles: ['teacher'], grades: [3] },
  { id: 't04', name: '刘洋', roles: ['teacher'], grades: [3] },
  { id: 't05', name: '陈静', roles: ['teacher'], grades: [1] },
  { id: 'l01', name: '许华章', roles: ['leader', 'teacher'], inspectionDays: ['mon'] },
  { id: 'l02', name: '荆亚琴', roles: ['leader', 'teacher'], inspectionDays: ['tue', 'thu'] },
  { id: 'l03', name: '杨伟', roles: ['leader', 'teacher'], inspectionDays: ['wed'] },
  { id: 'x01', name: '李师傅', roles: ['volunteer'], vetted: true, skills: ['paper-cutting'] },
  { id: 's01', name: '赵门卫', roles: ['security'], vetted: true },
  { id: 't99', name: '赵强', roles: ['teacher'], exempt: true },
];

/** A three-class school (1-1, 1-2, 3-1) with a paper-cutting club on Wednesdays. */
export function tinyInstance(o: TinyOptions = {}): Instance {
  const students: Student[] = [];
  const add = (cls: string, n: number, days: WeekdayName[], extra: Partial<Student> = {}): void => {
    for (let i = 0; i < n; i++) students.push({ id: `s${cls.replace('-', '')}${String(students.length).padStart(3, '0')}`, class: cls, days, ...extra });
  };
  add('1-1', 3, WORKDAYS);
  add('1-2', 3, WORKDAYS);
  add('3-1', 3, WORKDAYS);
  return {
    format: 'kehou.instance/1',
    school: { name: '测试小学', stage: 'primary', lessonMinutes: 40 },
    policy: { inspectorsPerDay: o.inspectorsPerDay ?? 1, feePerPeriod: o.feePerPeriod ?? 2.3, latePickupMinutes: 30 },
    calendar: {
      start: o.start ?? '2026-09-01',
      end: o.end ?? '2026-09-30',
      serviceWeekdays: o.serviceWeekdays ?? WORKDAYS,
      holidays: o.holidays ?? [],
      workdays: o.workdays ?? [],
    },
    timelines: [
      {
        id: 'g12',
        grades: [1, 2],
        blocks: [
          { kind: 'study', start: '15:30', end: '16:10' },
          { kind: 'club', start: '16:10', end: '17:10' },
          { kind: 'reading', start: '17:10', end: '17:30' },
        ],
      },
      {
        id: 'g34',
        grades: [3, 4],
        blocks: [
          { kind: 'study', start: '15:55', end: '16:35' },
          { kind: 'club', start: '16:35', end: '17:35' },
          { kind: 'reading', start: '17:35', end: '17:55' },
        ],
      },
    ],
    rooms: [
      { id: '101', kind: 'classroom', capacity: 50 },
      { id: '102', kind: 'classroom', capacity: 50 },
      { id: '301', kind: 'classroom', capacity: 50 },
      { id: 'art', kind: 'art', capacity: 40 },
    ],
    classes: [
      { id: '1-1', grade: 1, size: 3, room: '101', homeroom: 't01' },
      { id: '1-2', grade: 1, size: 3, room: '102', homeroom: 't02' },
      { id: '3-1', grade: 3, size: 3, room: '301', homeroom: 't03' },
    ],
    staff: o.staff ?? TINY_STAFF,
    clubs: [{ id: 'paper', name: '剪纸', level: 'school', grades: [1, 2], days: ['wed'], skill: 'paper-cutting', roomKinds: ['art'] }],
    students: students.map((s, i) => (i === 0 ? { ...s, prefs: ['paper'] } : s)),
    leave: o.leave ?? [],
  };
}

/** The tiny school's weekly template: each class its own group every day, homerooms cover, t05/t04 help. */
export function tinyWeek(instance: Instance): Schedule['week'] {
  const groups: WeekGroup[] = [];
  const byClass = (cls: string) => instance.students.filter((s) => s.class === cls);
  const cover: Record<string, (string | null)[]> = {
    '1-1': ['t01', 't01', 't01'],
    '1-2': ['t02', 't02', 't05'],
    '3-1': ['t03', 't04', 't04'],
  };
  for (const day of instance.calendar.serviceWeekdays) {
    for (const cls of ['1-1', '1-2', '3-1']) {
      const c = instance.classes.find((x) => x.id === cls)!;
      const students = byClass(cls).filter((s) => s.days.includes(day));
      if (students.length === 0) continue;
      groups.push({
        id: `${day}/${cls}`,
        day,
        timeline: c.grade <= 2 ? 'g12' : 'g34',
        classes: [cls],
        room: c.room ?? null,
        students: students.map((s) => s.id),
        cover: cover[cls].slice(0, instance.timelines.find((t) => t.id === (c.grade <= 2 ? 'g12' : 'g34'))!.blocks.length),
      });
    }
  }
  const clubs: WeekClub[] = [{ club: 'paper', days: ['wed'], room: 'art', staff: 'x01', students: [instance.students[0].id] }];
  const duties: Duty[] = instance.calendar.serviceWeekdays.map((day) => ({ kind: 'latePickup', day, staff: 's01' }));
  return { clubs, groups, duties };
}

/** A full schedule document around a week and a semester. */
export function scheduleOf(instance: Instance, week: Schedule['week'], semester: Schedule['semester'], shortfalls: Schedule['shortfalls'] = []): Schedule {
  return { format: 'kehou.schedule/1', school: instance.school.name, week, semester, unplaced: [], shortfalls, report: { clubCost: 1 } };
}
