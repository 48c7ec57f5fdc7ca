// The named views of a plan (src/office/views.ts): every class, teacher, room and club appears with its names;
// the figures agree with the planner's own report; no internal id reaches the text a person reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { validateInstance, type Instance, type Schedule } from '../../src/index.js';
import * as office from '../../src/office/index.js';
import { loadExample, planOf } from './fixture.js';

let instance: Instance;
let schedule: Schedule;

beforeAll(() => {
  instance = loadExample('small');
  schedule = planOf(instance);
});

/** text a person reads must not hold group ids, student ids or English block/duty jargon */
function expectNoIds(value: unknown): void {
  const texts: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (/(Id|^day|^as|^kind)$/.test(key)) return;
    if (typeof v === 'string') texts.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, ''));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(value, '');
  const bad = texts.filter((t) => /\b(mon|tue|wed|thu|fri)\/|\bs\d{5}\b|\bblock \d|\blatePickup\b|\bgroup\b|clubCost/.test(t));
  expect(bad.slice(0, 3)).toEqual([]);
}

describe('names', () => {
  it('labels classes, weekdays, roles, room kinds, blocks and time ranges in Chinese', () => {
    expect(office.classLabel(1, '1-2')).toBe('一（2）班');
    expect(office.classLabel(3, '3-10')).toBe('三（10）班');
    expect(office.classLabel(2, '203')).toBe('二（3）班');
    expect(office.classLabel(7, 'A')).toBe('七年级 A班');
    expect(office.weekdaysLabel(['fri', 'mon', 'wed'])).toBe('周一、周三、周五');
    expect(office.ROLE_LABEL.retired).toBe('退休教师');
    expect(office.roomKindLabel('computer')).toBe('机房');
    expect(office.roomKindLabel('pool')).toBe('pool');
    expect(office.BLOCK_KIND_LABEL.study).toBe('作业辅导');
    expect(office.timeRange('16:10', '17:10')).toBe('16:10–17:10');
    expect(office.gradesLabel([1, 2])).toBe('一、二年级');
    expect(office.gradesLabel([6, 3, 4, 5, 8])).toBe('三至六、八年级');
  });

  it('reads weekdays the ways an office writes them', () => {
    const days = (t: string) => {
      const r = office.parseWeekdays(t);
      return r.ok ? r.days.join(' ') : `bad:${r.bad}`;
    };
    expect(days('周一、周三')).toBe('mon wed');
    expect(days('星期一,星期三')).toBe('mon wed');
    expect(days('一三五')).toBe('mon wed fri');
    expect(days('mon')).toBe('mon');
    expect(days('Monday, Thursday')).toBe('mon thu');
    expect(days('周一至周五')).toBe('mon tue wed thu fri');
    expect(days('周二-周四')).toBe('tue wed thu');
    expect(days('１，３')).toBe('mon wed');
    expect(days('周一 周八')).toBe('bad:周八');
    expect(days('')).toBe('');
  });

  it('reads yes/no, roles and room kinds in their usual spellings', () => {
    for (const t of ['是', '√', 'Y', 'yes', ' 是 ']) expect(office.parseYesNo(t)).toBe(true);
    for (const t of ['否', '×', 'N', 'no']) expect(office.parseYesNo(t)).toBe(false);
    expect(office.parseYesNo('也许')).toBeUndefined();
    expect(office.parseRole('老师')).toBe('teacher');
    expect(office.parseRole('行政')).toBe('leader');
    expect(office.parseRole('门卫')).toBe('security');
    expect(office.parseRoomKind('音乐室')).toBe('music');
    expect(office.parseRoomKind('游泳馆')).toBe('游泳馆');
    expect(office.normalizeText('　１２：３０ ')).toBe('12:30');
  });
});

describe('views of the small example plan', () => {
  it('class timetables: every class with its label, a weekday × block grid with activity, room and teacher', () => {
    const tables = office.classTimetables(instance, schedule);
    expect(tables.map((t) => t.classId)).toEqual(instance.classes.map((c) => c.id));
    const staffNames = new Set(instance.staff.map((s) => s.name));
    for (const t of tables) {
      expect(t.label).toMatch(/^[一二三四五六]（\d+）班$/);
      expect(t.cells.length).toBe(t.rows.length);
      for (const row of t.cells) {
        expect(row.length).toBe(t.days.length);
        for (const cell of row) {
          if (cell === null) continue;
          expect(['作业辅导', '社团', '阅读', '休息']).toContain(cell.activity);
          for (const name of cell.teacher.split('、')) expect(staffNames.has(name)).toBe(true);
          expect(cell.room).not.toBe('');
        }
      }
    }
    // the teacher of a cell is the group's cover of that block
    const g = schedule.week.groups.find((x) => x.classes.length === 1)!;
    const t = tables.find((x) => x.classId === g.classes[0])!;
    const col = t.days.findIndex((d) => d.day === g.day);
    const name = instance.staff.find((s) => s.id === g.cover[0])!.name;
    expect(t.cells[0][col]!.teacher).toContain(name);
    expectNoIds(tables);
  });

  it('teacher timetables: every staff member; loads agree with the planner report', () => {
    const teachers = office.teacherTimetables(instance, schedule);
    expect(teachers.map((t) => t.staffId)).toEqual(instance.staff.map((s) => s.id));
    const load = (schedule.report.semester as { staffLoad: Record<string, { periodsPerWeek: number; periodsSemester: number }> }).staffLoad;
    for (const t of teachers) {
      expect(t.periodsPerWeek).toBeCloseTo(load[t.staffId].periodsPerWeek, 2);
      expect(t.periodsSemester).toBeCloseTo(load[t.staffId].periodsSemester, 2);
    }
    const busy = teachers.filter((t) => t.duties.length > 0);
    expect(busy.length).toBeGreaterThan(10);
    expectNoIds(teachers);
  });

  it('club rosters hold exactly the plan members, with their class', () => {
    const rosters = office.clubRosters(instance, schedule);
    expect(rosters.length).toBe(schedule.week.clubs.length);
    for (const [k, r] of rosters.entries()) {
      expect(r.members.map((m) => m.studentId).sort()).toEqual([...schedule.week.clubs[k].students].sort());
      for (const m of r.members) expect(m.class).toMatch(/班$/);
    }
    expectNoIds(rosters.map((r) => ({ ...r, members: r.members.map((m) => ({ name: m.name, class: m.class })) })));
  });

  it('rooms: every club session and group sits in its room', () => {
    const rooms = office.roomTimetables(instance, schedule);
    const uses = rooms.reduce((a, r) => a + r.uses.length, 0);
    const expected = schedule.week.groups.filter((g) => g.room !== null).length + schedule.week.clubs.reduce((a, c) => a + (c.room ? c.days.length : 0), 0);
    expect(uses).toBe(expected);
    expect(rooms.filter((r) => r.special).map((r) => r.kind)).toContain('音乐教室');
  });

  it('dated duties: one per template duty per date after substitutions, plus inspection', () => {
    const dated = office.datedDuties(instance, schedule);
    const semester = schedule.semester!;
    expect(dated.filter((d) => d.kind === 'inspection').length).toBe(semester.reduce((a, d) => a + d.inspection.filter((x) => x !== null).length, 0));
    const taken = semester.reduce((a, d) => a + d.substitutions.filter((e) => e.to !== null).length, 0);
    expect(dated.filter((d) => d.substitute).length).toBeGreaterThan(0);
    expect(dated.filter((d) => d.substitute).length).toBeLessThanOrEqual(taken);
    // nobody on leave has a duty on a leave date
    for (const l of instance.leave ?? []) expect(dated.filter((d) => d.staffId === l.staff && d.date >= l.from && d.date <= l.to)).toEqual([]);
  });

  it('roster, substitutions, fees and club demand agree with the plan', () => {
    const roster = office.dutyRoster(instance, schedule);
    expect(roster.length).toBe(schedule.semester!.length);
    expect(roster.every((d) => d.inspection !== '' && d.latePickup !== '')).toBe(true);
    const subs = office.substitutions(instance, schedule);
    expect(subs.length).toBe(schedule.semester!.reduce((a, d) => a + d.substitutions.length, 0));
    expect(subs.every((s) => s.duty !== '' && s.reason !== '')).toBe(true);
    const fees = office.fees(instance, schedule);
    const report = (schedule.report.semester as { fees: { total: number; perStudent: Record<string, number> } }).fees;
    expect(fees.total).toBeCloseTo(report.total, 2);
    for (const f of fees.perStudent) expect(f.fee).toBeCloseTo(report.perStudent[f.studentId], 2);
    const demand = office.clubDemand(instance, schedule);
    expect(demand.length).toBe(instance.clubs!.length);
    expect(demand.filter((d) => d.running).length).toBe(schedule.week.clubs.length);
    const wl = office.workload(instance, schedule, 30);
    expect(wl.totalPay).toBeCloseTo(wl.totalPeriods * 30, 1);
    expect(office.workload(instance, schedule).totalPay).toBeNull();
    // the rate may come from the instance (policy.payPerPeriod, an extension the validator accepts)
    const paid = { ...instance, policy: { ...instance.policy, payPerPeriod: 25 } };
    expect(validateInstance(paid).ok).toBe(true);
    expect(office.workload(paid, schedule).rows[3].pay).toBeCloseTo(wl.rows[3].periodsSemester * 25, 1);
    const ov = office.overview(instance, schedule);
    expect(ov.studentsInClub + ov.studentsWithoutClub).toBe(ov.studentsWantingClub);
    expect(office.studentsWithoutClub(instance, schedule).length).toBe(schedule.unplaced.length);
  });

  it('shortfalls: group blocks missing a teacher on one weekday merge into one sentence with class names', () => {
    const groups = schedule.week.groups.filter((g) => g.day === 'thu').slice(0, 3);
    const shortfalls = [
      ...groups.flatMap((g, k) => [0, 1].slice(0, k === 0 ? 1 : 2).concat(k === 2 ? [2] : []).map((b) => ({ day: 'thu' as const, duty: `group ${g.id} block ${b}`, reason: '3 个看护班需要本校教师，只有 1 人有空' }))),
      { day: 'thu' as const, duty: 'room club choir-g12', reason: '学校没有field类房间' },
    ];
    const broken: Schedule = { ...schedule, shortfalls };
    const sentences = office.shortfallSentences(instance, broken);
    expect(sentences.length).toBe(2);
    expect(sentences[0]).toMatch(/^周四 3 个看护班（.*）的 6 个时段缺少值班教师/);
    expect(sentences[0]).toContain(office.classLabel(instance.classes.find((c) => c.id === groups[0].classes[0])!.grade, groups[0].classes[0]));
    expect(sentences[1]).toBe('周四 社团“合唱（一二年级）”的活动场地：学校没有操场');
    const lines = office.shortfallLines(instance, broken);
    expect(lines[0].duty).toMatch(/^[一二三四五六]（\d+）班 第1时段（作业辅导 15:30–16:10）$/);
    expectNoIds(sentences);
  });
});
