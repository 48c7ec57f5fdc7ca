import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/solver/compile.js';
import { balancedSizes, isStandalone, packMixed, planGroups } from '../../../src/solver/week/groups.js';
import { classroom, school, students, teachers, valid } from '../../fixtures/school.js';
import { groupById, solveChecked } from '../helpers.js';

describe('S4 standalone rule', () => {
  it('half of the class is standalone, one less is not', () => {
    expect(isStandalone(20, 40, 0.5)).toBe(true);
    expect(isStandalone(19, 40, 0.5)).toBe(false);
    expect(isStandalone(0, 0, 0.5)).toBe(false);
    // 0.3 × 10 is 3.0000000000000004 in floating point: 3 of 10 still reaches 30 %
    expect(isStandalone(3, 10, 0.3)).toBe(true);
  });

  it('balanced pieces differ by at most one', () => {
    expect(balancedSizes(91, 3)).toEqual([31, 30, 30]);
    expect(balancedSizes(46, 2)).toEqual([23, 23]);
  });
});

// grade 1: 1-1 (size 40) 20 on mon → standalone; 1-2 (size 40) 19 on mon → mixed; 1-3 (size 40) 10 on mon → mixed
const halfRule = () =>
  valid(
    school({
      serviceWeekdays: ['mon'],
      rooms: [classroom('101'), classroom('102'), classroom('103')],
      classes: [
        { id: '1-1', grade: 1, size: 40, room: '101', homeroom: 't1' },
        { id: '1-2', grade: 1, size: 40, room: '102', homeroom: 't2' },
        { id: '1-3', grade: 1, size: 40, room: '103', homeroom: 't3' },
      ],
      staff: teachers(8, [1]),
      students: [...students('1-1', 20, ['mon']), ...students('1-2', 19, ['mon']), ...students('1-3', 10, ['mon'])],
    }),
  );

describe('planGroups', () => {
  it('groups by the half rule: standalone class alone, remainders of the grade mixed', () => {
    const inst = halfRule();
    const { groups } = planGroups(compile(inst));
    expect(groups.map((g) => [g.id, g.students.length, g.standalone])).toEqual([
      ['mon/1-1', 20, true],
      ['mon/g1-mix1', 29, false],
    ]);
    const s = solveChecked(inst);
    expect(groupById(s, 'mon/g1-mix1')?.classes).toEqual(['1-2', '1-3']);
    expect(groupById(s, 'mon/1-1')?.room).toBe('101');
    // the mixed group sits in the classroom of the class with most of its students
    expect(groupById(s, 'mon/g1-mix1')?.room).toBe('102');
    expect(s.report.counts).toMatchObject({ groups: 2, mixedGroups: 1 });
  });

  it('splits a standalone class larger than maxGroupSize into balanced groups', () => {
    const inst = valid(
      school({
        serviceWeekdays: ['mon', 'tue'],
        rooms: [classroom('101', 60), classroom('spare')],
        classes: [{ id: '1-1', grade: 1, size: 50, room: '101', homeroom: 't1' }],
        staff: teachers(6, [1]),
        students: students('1-1', 50, ['mon', 'tue']).map((s, i) => (i < 8 ? { ...s, days: ['mon' as const] } : s)),
      }),
    );
    const { groups } = planGroups(compile(inst));
    expect(groups.map((g) => [g.id, g.students.length])).toEqual([
      ['mon/1-1', 25],
      ['mon/1-1#2', 25],
      ['tue/1-1', 42],
    ]);
    const s = solveChecked(inst);
    expect(new Set(s.week.groups.filter((g) => g.day === 'mon').map((g) => g.room))).toEqual(new Set(['101', 'spare']));
  });

  it('packs mixed groups: fewest groups, whole classes kept together when they fit', () => {
    const chunks = [
      { cls: 0, students: range(0, 10) },
      { cls: 1, students: range(100, 15) },
      { cls: 2, students: range(200, 20) },
      { cls: 3, students: range(300, 12) },
    ];
    const bins = packMixed(chunks, 45);
    expect(bins.length).toBe(2); // 57 students → ⌈57 / 45⌉
    expect(bins.map((b) => b.length).sort()).toEqual([27, 30]);
    for (const b of bins) {
      const classes = new Set(b.map((s) => Math.floor(s / 100)));
      for (const k of classes) expect(b.filter((s) => Math.floor(s / 100) === k).length).toBe(chunks[k].students.length);
    }
  });

  it('cuts classes when whole classes cannot fit the fewest groups', () => {
    const bins = packMixed(
      [
        { cls: 0, students: range(0, 30) },
        { cls: 1, students: range(100, 30) },
        { cls: 2, students: range(200, 30) },
      ],
      45,
    );
    expect(bins.map((b) => b.length)).toEqual([45, 45]);
  });

  it('keeps grades apart unless mixGrades, then mixes a timeline', () => {
    const parts = {
      serviceWeekdays: ['mon'] as const,
      rooms: [classroom('101'), classroom('201')],
      classes: [
        { id: '1-1', grade: 1, size: 40, room: '101' },
        { id: '2-1', grade: 2, size: 40, room: '201' },
      ],
      staff: teachers(8),
      students: [...students('1-1', 5, ['mon']), ...students('2-1', 6, ['mon'])],
    };
    const apart = valid(school({ ...parts, serviceWeekdays: ['mon'] }));
    expect(planGroups(compile(apart)).groups.map((g) => g.id)).toEqual(['mon/g1-mix1', 'mon/g2-mix1']);
    solveChecked(apart);
    const mixed = valid(school({ ...parts, serviceWeekdays: ['mon'], policy: { mixGrades: true } }));
    const g = planGroups(compile(mixed)).groups;
    expect(g.map((x) => [x.id, x.students.length])).toEqual([['mon/all-mix1', 11]]);
    const s = solveChecked(mixed);
    expect(groupById(s, 'mon/all-mix1')?.classes).toEqual(['1-1', '2-1']);
  });
});

function range(from: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}
