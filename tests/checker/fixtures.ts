// The smallest instance + schedule that satisfy every rule the checker knows, made by hand (no planner).
// Tests take a fresh copy, break exactly one thing and expect exactly that rule to fire.
//
// School: one grade, timeline g1 = study 15:30-16:10 + club 16:10-17:10, late pickup 17:10-17:40.
// Service on mon + tue, 2026-09-28 .. 2026-10-13, 国庆 10-01..10-07, 调休 10-10 (Sat) as mon:
// service dates 09-28 mon, 09-29 tue, 10-10 (as mon), 10-12 mon, 10-13 tue.
// Class 1-1 (size 4) has 3 attending students → standalone; 1-2 and 1-3 (1 each, mon) → one mixed group.
// Clubs: art (fixed mon, max 2) with a1 + a3 (priority), chess (1 session, picked tue) with a2,
// b1 wants chess but does not attend tue → unplaced. clubCost = 1 + 4 + 10 + 100 = 115.
// t2 is on leave 10-12; t3 takes its two blocks. Leaders l1/l2 alternate on inspection (3/2).
import type { Instance, Schedule } from '../../src/model/schema.js';
import type { CheckResult } from '../../src/checker/index.js';

export function baseInstance(): Instance {
  return {
    format: 'kehou.instance/1',
    school: { name: '测试小学', stage: 'primary', lessonMinutes: 40 },
    policy: {
      maxGroupSize: 3,
      standaloneRatio: 0.5,
      inspectorsPerDay: 1,
      latePickupStaffPerDay: 1,
      latePickupMinutes: 30,
      clubsPerStudent: 1,
      groupRoomKinds: ['classroom'],
    },
    calendar: {
      start: '2026-09-28',
      end: '2026-10-13',
      serviceWeekdays: ['mon', 'tue'],
      holidays: [{ from: '2026-10-01', to: '2026-10-07', name: '国庆节' }],
      workdays: [{ date: '2026-10-10', as: 'mon' }],
    },
    timelines: [
      {
        id: 'g1',
        grades: [1],
        blocks: [
          { kind: 'study', start: '15:30', end: '16:10' },
          { kind: 'club', start: '16:10', end: '17:10' },
        ],
      },
    ],
    rooms: [
      { id: '101', kind: 'classroom', capacity: 3 },
      { id: '102', kind: 'classroom', capacity: 3 },
      { id: '103', kind: 'classroom', capacity: 3 },
      { id: 'art-1', kind: 'art', capacity: 2 },
    ],
    classes: [
      { id: '1-1', grade: 1, size: 4, room: '101', homeroom: 't1' },
      { id: '1-2', grade: 1, size: 4, room: '102' },
      { id: '1-3', grade: 1, size: 4, room: '103' },
    ],
    staff: [
      { id: 't1', name: '王芳', roles: ['teacher'], grades: [1], maxPeriodsPerWeek: 5 },
      { id: 't2', name: '李明', roles: ['teacher'] },
      { id: 't3', name: '张伟', roles: ['teacher'], skills: ['chess'] },
      { id: 't4', name: '赵丽', roles: ['teacher'], unavailable: ['tue'] },
      { id: 'l1', name: '许华章', roles: ['leader'] },
      { id: 'l2', name: '杨伟', roles: ['leader', 'teacher'] },
      { id: 'x1', name: '李师傅', roles: ['volunteer'], vetted: true, skills: ['art'] },
      { id: 'sec1', name: '陈师傅', roles: ['security'], vetted: true },
      { id: 't9', name: '钱免', roles: ['teacher'], exempt: true },
      { id: 't8', name: '孙错', roles: ['teacher'], misconduct: true },
      { id: 'x2', name: '周家长', roles: ['parent'], skills: ['art'] },
    ],
    clubs: [
      { id: 'art', name: '美术', level: 'school', grades: [1], min: 1, max: 2, days: ['mon'], roomKinds: ['art'], skill: 'art' },
      { id: 'chess', name: '围棋', level: 'school', grades: [1], min: 1, max: 1, skill: 'chess' },
      { id: 'reading', name: '阅读', level: 'class', grades: [1] },
    ],
    students: [
      { id: 'a1', class: '1-1', days: ['mon', 'tue'], prefs: ['art'] },
      { id: 'a2', class: '1-1', days: ['mon', 'tue'], prefs: ['reading', 'chess'] },
      { id: 'a3', class: '1-1', days: ['mon', 'tue'], priority: ['left-behind'], prefs: ['art'] },
      { id: 'b1', class: '1-2', days: ['mon'], prefs: ['chess'] },
      { id: 'c1', class: '1-3', days: ['mon'], prefs: ['reading'] },
    ],
    leave: [{ staff: 't2', from: '2026-10-12', to: '2026-10-12' }],
  };
}

export function baseSchedule(): Schedule {
  return {
    format: 'kehou.schedule/1',
    school: '测试小学',
    week: {
      clubs: [
        { club: 'art', days: ['mon'], room: 'art-1', staff: 'x1', students: ['a1', 'a3'] },
        { club: 'chess', days: ['tue'], room: '103', staff: 't3', students: ['a2'] },
      ],
      groups: [
        { id: 'mon/1-1', day: 'mon', timeline: 'g1', classes: ['1-1'], room: '101', students: ['a1', 'a2', 'a3'], cover: ['t1', 't1'] },
        { id: 'mon/g1-mix1', day: 'mon', timeline: 'g1', classes: ['1-2', '1-3'], room: '102', students: ['b1', 'c1'], cover: ['t2', 't2'] },
        { id: 'tue/1-1', day: 'tue', timeline: 'g1', classes: ['1-1'], room: '101', students: ['a1', 'a2', 'a3'], cover: ['t1', 't1'] },
      ],
      duties: [
        { kind: 'latePickup', day: 'mon', staff: 'sec1' },
        { kind: 'latePickup', day: 'tue', staff: 'sec1' },
      ],
    },
    semester: [
      { date: '2026-09-28', as: 'mon', inspection: ['l1'], substitutions: [] },
      { date: '2026-09-29', as: 'tue', inspection: ['l2'], substitutions: [] },
      { date: '2026-10-10', as: 'mon', inspection: ['l1'], substitutions: [] },
      {
        date: '2026-10-12',
        as: 'mon',
        inspection: ['l2'],
        substitutions: [
          { group: 'mon/g1-mix1', block: 0, from: 't2', to: 't3' },
          { group: 'mon/g1-mix1', block: 1, from: 't2', to: 't3' },
        ],
      },
      { date: '2026-10-13', as: 'tue', inspection: ['l1'], substitutions: [] },
    ],
    unplaced: [{ student: 'b1', reason: '围棋只在周二活动，该生周二不参加课后服务' }],
    shortfalls: [],
    report: { clubCost: 115 },
  };
}

/** `RULE path` of every violation, for compact assertions. */
export const fired = (r: CheckResult): string[] => r.violations.map((v) => `${v.rule} ${v.path ?? ''}`);
/** the distinct rule ids that fired */
export const rules = (r: CheckResult): string[] => [...new Set(r.violations.map((v) => v.rule))].sort();
