// One small test per week rule: break exactly one thing in the valid fixture, expect exactly that rule and path.
import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { checkerSchool, checkerSchoolSchedule, fired } from '../fixtures/checker-school.js';

function run(breakSchedule: (s: Schedule) => void, breakInstance: (i: Instance) => void = () => {}) {
  const i = checkerSchool();
  const s = checkerSchoolSchedule();
  breakInstance(i);
  breakSchedule(s);
  return check(i, s);
}
const clubs = (i: Instance) => i.clubs!;

describe('FORMAT', () => {
  it('duplicate group ids', () => {
    const r = run((s) => (s.week.groups[2].id = 'mon/1-1'));
    // the semester substitutions still resolve (they use mon/g1-mix1); nothing else changes
    expect(fired(r)).toEqual(['FORMAT /week/groups/2/id']);
  });
});

describe('S1 attendance', () => {
  it('a student missing on one of their days', () => {
    const r = run((s) => (s.week.groups[2].students = ['a1', 'a3']));
    expect(fired(r)).toEqual(['S1 /week/groups']);
    expect(r.violations[0].message).toContain('a2');
  });
  it('a student in two groups the same day', () => {
    const r = run((s) => s.week.groups[1].students.push('a1'));
    expect(fired(r)).toContain('S1 /week/groups/1/students/2');
  });
  it('a student placed on a day they do not attend', () => {
    const r = run((s) => {
      s.week.groups.push({ id: 'tue/g1-mix1', day: 'tue', timeline: 'g1', classes: ['1-3'], room: '102', students: ['c1'], cover: ['t2', 't2'] });
    });
    expect(fired(r)).toContain('S1 /week/groups/3/students/0');
  });
  it('an unknown student and an unknown class', () => {
    const r = run((s) => {
      s.week.groups[1].students.push('zz');
      s.week.groups[1].classes.push('9-9');
    });
    expect(fired(r)).toContain('S1 /week/groups/1/students/2');
    expect(fired(r)).toContain('S1 /week/groups/1/classes/2');
  });
  it('a group on a day without service', () => {
    const r = run((s) => (s.week.groups[1].day = 'wed'));
    expect(fired(r)).toContain('S1 /week/groups/1/day');
  });
});

describe('S3 group size', () => {
  it('more than maxGroupSize students', () => {
    const r = run(() => {}, (i) => (i.policy!.maxGroupSize = 2));
    expect(fired(r)).toContain('S3 /week/groups/0/students');
  });
  it('an empty group', () => {
    const r = run((s) => {
      s.week.groups.push({ id: 'tue/empty', day: 'tue', timeline: 'g1', classes: [], room: '102', students: [], cover: ['t2', 't2'] });
    });
    expect(fired(r)).toEqual(['S3 /week/groups/3/students']);
  });
});

describe('S4 standalone and mixed groups', () => {
  it('group.classes differs from its students’ classes', () => {
    const r = run((s) => (s.week.groups[0].classes = ['1-1', '1-2']));
    expect(fired(r)).toEqual(['S4 /week/groups/0/classes']);
  });
  it('a wrong timeline', () => {
    const r = run(
      (s) => (s.week.groups[1].timeline = 'g2'),
      (i) => i.timelines.push({ id: 'g2', grades: [2], blocks: i.timelines[0].blocks }),
    );
    expect(fired(r)).toEqual(['S4 /week/groups/1/timeline']);
  });
  it('cover length differs from the block count', () => {
    const r = run((s) => (s.week.groups[1].cover = ['t2']));
    // the substitution of block 1 on 10-12 now names no duty
    expect(fired(r)).toContain('S4 /week/groups/1/cover');
  });
  it('a standalone class mixed with another class', () => {
    const r = run((s) => {
      s.week.groups[0].students.push('b1');
      s.week.groups[0].classes.push('1-2');
      s.week.groups[1].students = ['c1'];
      s.week.groups[1].classes = ['1-3'];
    });
    expect(fired(r)).toContain('S4 /week/groups/0/students');
  });
  it('two grades in a mixed group only with mixGrades', () => {
    const addGrade2 = (i: Instance) => {
      i.timelines[0].grades = [1, 2];
      i.classes.push({ id: '2-1', grade: 2, size: 4 });
      i.students.push({ id: 'd1', class: '2-1', days: ['mon'] });
    };
    const mixed = (s: Schedule) => {
      s.week.groups[1].students.push('d1');
      s.week.groups[1].classes.push('2-1');
    };
    const r = run(mixed, addGrade2);
    expect(fired(r)).toEqual(['S4 /week/groups/1/students']);
    const ok = run(mixed, (i) => {
      addGrade2(i);
      i.policy!.mixGrades = true;
    });
    expect(fired(ok)).toEqual([]);
  });
  const splitInstance = (i: Instance) => {
    i.policy!.maxGroupSize = 2;
  };
  const split = (s: Schedule) => {
    s.week.groups[0].students = ['a1', 'a2'];
    s.week.groups.push({ id: 'mon/1-1#2', day: 'mon', timeline: 'g1', classes: ['1-1'], room: '103', students: ['a3'], cover: ['t4', 't4'] });
    s.week.groups[2].students = ['a1', 'a2'];
    s.week.groups.push({ id: 'tue/1-1#2', day: 'tue', timeline: 'g1', classes: ['1-1'], room: '102', students: ['a3'], cover: ['t2', 't2'] });
  };
  it('a large standalone class split into ⌈n/max⌉ balanced groups passes', () => {
    expect(fired(run(split, splitInstance))).toEqual([]);
  });
  it('a standalone class split into too many groups', () => {
    const r = run((s) => {
      split(s);
      s.week.groups[0].students = ['a1'];
      s.week.groups.push({ id: 'mon/1-1#3', day: 'mon', timeline: 'g1', classes: ['1-1'], room: null, students: ['a2'], cover: ['t5', 't5'] });
      s.shortfalls!.push({ day: 'mon', duty: 'room group mon/1-1#3', reason: '没有空教室' });
    }, (i) => {
      splitInstance(i);
      i.staff.push({ id: 't5', name: '吴老师', roles: ['teacher'] });
    });
    expect(fired(r)).toEqual(['S4 /week/groups/0']);
  });
  it('a standalone class split unevenly', () => {
    const r = run(
      (s) => {
        s.week.groups[0].students = ['a1', 'a2', 'a3'];
        s.week.groups.push({ id: 'mon/1-1#2', day: 'mon', timeline: 'g1', classes: ['1-1'], room: '103', students: ['a4'], cover: ['t4', 't4'] });
      },
      (i) => i.students.push({ id: 'a4', class: '1-1', days: ['mon'] }),
    );
    expect(fired(r)).toEqual(['S4 /week/groups/0']);
    expect(r.violations[0].message).toContain('不均衡');
  });
});

describe('S5 school clubs', () => {
  it('a class-level club listed among school clubs', () => {
    const r = run((s) => s.week.clubs.push({ club: 'reading', days: ['mon'], room: '103', staff: 't4', students: ['c1'] }));
    expect(fired(r)).toEqual(['S5 /week/clubs/2/club']);
  });
  it('an unknown club', () => {
    const r = run((s) => s.week.clubs.push({ club: 'nope', days: ['mon'], room: '103', staff: 't4', students: [] }));
    expect(fired(r)).toEqual(['S5 /week/clubs/2/club']);
  });
});

describe('S6 club days, size and members', () => {
  it('fixed days not kept', () => {
    const r = run((s) => (s.week.clubs[0].days = ['tue']));
    expect(fired(r)).toEqual(['S6 /week/clubs/0/days']);
  });
  it('sessionsPerWeek not met', () => {
    const r = run((s) => (s.week.clubs[1].days = ['mon', 'tue']));
    expect(fired(r)).toContain('S6 /week/clubs/1/days');
  });
  it('more members than max', () => {
    const r = run(() => {}, (i) => (clubs(i)[0].max = 1));
    expect(fired(r)).toEqual(['S6 /week/clubs/0/students']);
  });
  it('fewer members than min', () => {
    const r = run(() => {}, (i) => (clubs(i)[1].min = 2));
    expect(fired(r)).toEqual(['S6 /week/clubs/1/students']);
  });
  it('a member of another grade', () => {
    const r = run(() => {}, (i) => {
      i.timelines[0].grades = [1, 2];
      clubs(i)[1].grades = [2];
    });
    // the S6 grade rule fires; S2 and cost are unaffected (a2 is not a priority student)
    expect(fired(r)).toEqual(['S6 /week/clubs/1/students/0']);
  });
  it('a member who does not attend every club day', () => {
    const r = run(() => {}, (i) => (i.students[1].days = ['mon']));
    // a2 no longer attends tue: they are also wrongly in tue/1-1 (S1)
    expect(fired(r)).toContain('S6 /week/clubs/1/students/0');
  });
  it('a member who did not choose the club', () => {
    const r = run(() => {}, (i) => (i.students[1].prefs = ['art']));
    expect(fired(r)).toContain('S6 /week/clubs/1/students/0');
  });
  it('more clubs than clubsPerStudent, two clubs on one day', () => {
    const r = run(
      (s) => {
        s.week.clubs[1].days = ['mon'];
        s.week.clubs[1].students.push('a1');
      },
      (i) => {
        clubs(i)[1].max = 2;
        i.students[0].prefs = ['art', 'chess'];
      },
    );
    const f = fired(r);
    expect(f).toContain('S6 /week/clubs/1/students/1');
    expect(r.violations.filter((v) => v.rule === 'S6').length).toBe(2);
  });
});

describe('S2 priority students first', () => {
  it('a priority student left out while a non-priority student holds a seat they could take', () => {
    const r = run((s) => {
      s.week.clubs[0].students = ['a1'];
      s.unplaced.push({ student: 'a3', reason: '名额已满' });
      s.report.clubCost = 1 + 4 + 1000 + 100;
    });
    expect(fired(r)).toEqual(['S2 /week/clubs/0/students/0']);
  });
  it('not when the priority student could not join', () => {
    const r = run(
      (s) => {
        s.week.clubs[0].students = ['a1'];
        s.unplaced.push({ student: 'a3', reason: '周一不参加' });
        s.report.clubCost = 1 + 4 + 1000 + 100;
      },
      (i) => (i.students[2].prefs = ['chess']),
    );
    // a3 lists chess only; chess's seat is a2's and a3 could join: S2 again, on chess this time
    expect(fired(r)).toEqual(['S2 /week/clubs/1/students/0']);
    const none = run(
      (s) => {
        s.week.clubs[0].students = ['a1'];
        s.unplaced.push({ student: 'a3', reason: '周二不参加' });
        s.report.clubCost = 1 + 4 + 1000 + 100;
      },
      (i) => {
        i.students[2].prefs = ['chess'];
        i.students[2].priority = ['migrant'];
        i.students[1].priority = ['disabled'];
      },
    );
    // the chess seat is held by a priority student: nothing to swap
    expect(fired(none)).toEqual(['COST /report/clubCost']);
  });
});

describe('R1 room kind and capacity', () => {
  it('a group in a room of another kind and too small', () => {
    const r = run((s) => (s.week.groups[2].room = 'art-1'));
    expect(fired(r)).toEqual(['R1 /week/groups/2/room', 'R1 /week/groups/2/room']);
  });
  it('a club in a room of a kind it does not accept', () => {
    const r = run((s) => (s.week.clubs[0].room = '103'));
    expect(fired(r)).toEqual(['R1 /week/clubs/0/room']);
  });
  it('an unknown room', () => {
    expect(fired(run((s) => (s.week.groups[1].room = 'zz')))).toEqual(['R1 /week/groups/1/room']);
  });
});

describe('R2 one use of a room at a time', () => {
  it('two groups in one room', () => {
    expect(fired(run((s) => (s.week.groups[1].room = '101')))).toEqual(['R2 /week/groups/1/room']);
  });
  it('a club in a room a group holds all afternoon', () => {
    expect(fired(run((s) => (s.week.clubs[1].room = '101')))).toEqual(['R2 /week/clubs/1/room']);
  });
});

describe('P2 P3 P4 eligibility', () => {
  it('P2 exempt staff', () => {
    expect(fired(run((s) => (s.week.groups[2].cover[0] = 't9')))).toEqual(['P2 /week/groups/2/cover/0']);
  });
  it('P2 unavailable weekday', () => {
    expect(fired(run((s) => (s.week.groups[2].cover[0] = 't4')))).toEqual(['P2 /week/groups/2/cover/0']);
  });
  it('P3 misconduct', () => {
    expect(fired(run((s) => (s.week.groups[2].cover[0] = 't8')))).toEqual(['P3 /week/groups/2/cover/0']);
  });
  it('P3 an outsider on a group block', () => {
    expect(fired(run((s) => (s.week.groups[2].cover[0] = 'x1')))).toEqual(['P3 /week/groups/2/cover/0']);
  });
  it('P3 an unvetted outsider leading a club', () => {
    expect(fired(run((s) => (s.week.clubs[0].staff = 'x2')))).toEqual(['P3 /week/clubs/0/staff']);
  });
  it('P3 late pickup by a vetted outsider without the security role', () => {
    expect(fired(run((s) => (s.week.duties[1].staff = 'x1')))).toEqual(['P3 /week/duties/1/staff']);
  });
  it('P2 unknown staff', () => {
    expect(fired(run((s) => (s.week.duties[1].staff = 'nobody')))).toEqual(['P2 /week/duties/1/staff']);
  });
  it('P4 a club leader without the skill', () => {
    expect(fired(run((s) => (s.week.clubs[1].staff = 't2')))).toEqual(['P4 /week/clubs/1/staff']);
  });
});

describe('P5 one place at a time', () => {
  it('one teacher in two groups at once', () => {
    const r = run((s) => {
      s.week.groups[0].cover[1] = 't2';
      delete s.semester; // t2 is on leave on 10-12: keep the semester out of this week-only test
    });
    expect(fired(r)).toEqual(['P5 /week/groups/1/cover/1']);
  });
  it('a club leader who also covers a group block', () => {
    expect(fired(run((s) => (s.week.groups[2].cover[1] = 't3')))).toEqual(['P5 /week/clubs/1/staff']);
  });
  it('consecutive blocks and late pickup right after are fine', () => {
    // 15:30-17:10 in the group then 17:10-17:40 at the gate: touching, no overlap; only t1's load (5.75 > 5) breaks
    expect(fired(run((s) => (s.week.duties[1].staff = 't1')))).toEqual(['P8 /week/groups/0/cover/0']);
  });
});

describe('P7 late pickup', () => {
  it('a service weekday without its late-pickup duty', () => {
    expect(fired(run((s) => s.week.duties.pop()))).toEqual(['P7 /week/duties']);
  });
  it('a late-pickup duty on a day without service', () => {
    expect(fired(run((s) => s.week.duties.push({ kind: 'latePickup', day: 'wed', staff: 't2' })))).toEqual(['P7 /week/duties/2/day']);
  });
});

describe('P8 weekly load', () => {
  it('more periods than maxPeriodsPerWeek', () => {
    const r = run(() => {}, (i) => (i.staff[0].maxPeriodsPerWeek = 4));
    expect(fired(r)).toEqual(['P8 /week/groups/0/cover/0']);
    expect(r.violations[0].message).toContain('5 课时');
  });
});

describe('COST and UNPLACED', () => {
  it('a wrong clubCost', () => {
    expect(fired(run((s) => (s.report.clubCost = 114)))).toEqual(['COST /report/clubCost']);
  });
  it('a missing clubCost', () => {
    expect(fired(run((s) => (s.report = {})))).toEqual(['COST /report/clubCost']);
  });
  it('an unplaced student missing from the list', () => {
    expect(fired(run((s) => (s.unplaced = [])))).toEqual(['UNPLACED /unplaced']);
  });
  it('a placed student listed as unplaced', () => {
    expect(fired(run((s) => s.unplaced.push({ student: 'a1', reason: 'x' })))).toEqual(['UNPLACED /unplaced/1']);
  });
  it('a student who wants no school club listed as unplaced', () => {
    expect(fired(run((s) => s.unplaced.push({ student: 'c1', reason: 'x' })))).toEqual(['UNPLACED /unplaced/1']);
  });
});

describe('RUN a running club has a room and a leader', () => {
  it('a club without a room is a violation even when declared as a shortfall', () => {
    const r = run((s) => {
      s.week.clubs[0].room = null;
      s.shortfalls = [{ duty: 'room club art', reason: '无美术室' }];
    });
    expect(fired(r)).toEqual(['RUN /week/clubs/0/room']);
    expect(r.shortfalls).toEqual([]);
  });
  it('a club without a leader is a violation, declared or not', () => {
    expect(fired(run((s) => (s.week.clubs[1].staff = null)))).toEqual(['RUN /week/clubs/1/staff']);
    const r = run((s) => {
      s.week.clubs[1].staff = null;
      s.shortfalls = [{ duty: 'club chess', reason: '无围棋教师' }];
    });
    expect(fired(r)).toEqual(['RUN /week/clubs/1/staff']);
  });
});

describe('SHORTFALL', () => {
  it('an undeclared empty duty is a violation', () => {
    expect(fired(run((s) => (s.week.duties[1].staff = null)))).toEqual(['SHORTFALL /week/duties/1/staff']);
  });
  it('a declared empty duty is a shortfall, not a violation', () => {
    const r = run((s) => {
      s.week.duties[1].staff = null;
      s.shortfalls = [{ day: 'tue', duty: 'latePickup tue #1', reason: '没有可值班的人' }];
    });
    expect(fired(r)).toEqual([]);
    expect(r.shortfalls).toEqual([{ path: '/week/duties/1/staff', duty: 'latePickup tue #1', day: 'tue', reason: '没有可值班的人' }]);
  });
  it('declared empty group block and group room', () => {
    const r = run((s) => {
      s.week.groups[2].cover[0] = null;
      s.week.groups[1].room = null;
      s.shortfalls = [
        { day: 'tue', duty: 'group tue/1-1 block 0', reason: '无人' },
        { day: 'mon', duty: 'room group mon/g1-mix1', reason: '无教室' },
      ];
    });
    expect(fired(r)).toEqual([]);
    expect(r.shortfalls.map((x) => x.path).sort()).toEqual(['/week/groups/1/room', '/week/groups/2/cover/0']);
  });
  it('a declaration that names no empty duty', () => {
    const r = run((s) => (s.shortfalls = [{ day: 'tue', duty: 'group tue/1-1 block 0', reason: '无人' }]));
    expect(fired(r)).toEqual(['SHORTFALL /shortfalls/0']);
  });
});

describe('FORMAT school', () => {
  it('a schedule of another school', () => {
    expect(fired(run((s) => (s.school = '别的学校')))).toEqual(['FORMAT /school']);
  });
});
