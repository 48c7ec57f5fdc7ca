// Does a schedule belong to an instance? (issue 14.5) Re-planning another school's schedule, or one naming
// people, classes or rooms the instance does not have, would "succeed" and hand back a plan that is wrong
// everywhere. Before a what-if, the schedule must name the instance's school, only ids of the instance's lists,
// and only dates inside its semester. Problems point into the schedule (JSON Pointer), at most MAX_PROBLEMS
// listed (the rest counted by code). Pure: reads only the two documents.
import { formatDate, parseDate } from './clock.js';
import { pointer, problemList, type Omitted, type Problem } from './problems.js';
import type { Instance, Schedule } from './schema.js';

export type Belonging = { readonly ok: boolean; readonly errors: readonly Problem[]; readonly omitted?: Omitted };

const LIST_ZH = { staff: '教职工', students: '学生', classes: '班级', rooms: '教室/场地', clubs: '社团', timelines: '作息时间线' } as const;
type ListName = keyof typeof LIST_ZH;

/** The schedule's school, ids and dates against the instance's. */
export function scheduleBelongsTo(instance: Instance, schedule: Schedule): Belonging {
  const out = problemList();
  const error = (path: string, code: string, message: string) => out.push({ path, code, message, severity: 'error' });
  if (schedule.school !== instance.school.name) {
    error(
      '/school',
      'schedule-other-school',
      `排班结果属于“${clip(schedule.school)}”，学校数据是“${clip(instance.school.name)}”：请用同一所学校的排班结果`,
    );
    return { ok: false, errors: out.kept }; // every id would differ too: one problem says it all
  }
  const ids: Record<ListName, ReadonlySet<string>> = {
    staff: new Set(instance.staff.map((s) => s.id)),
    students: new Set(instance.students.map((s) => s.id)),
    classes: new Set(instance.classes.map((c) => c.id)),
    rooms: new Set(instance.rooms.map((r) => r.id)),
    clubs: new Set((instance.clubs ?? []).map((c) => c.id)),
    timelines: new Set(instance.timelines.map((t) => t.id)),
  };
  const known = (list: ListName, id: string | null, ...path: (string | number)[]) => {
    if (id === null || ids[list].has(id)) return;
    error(pointer(...path), 'schedule-unknown-id', `排班结果中的${LIST_ZH[list]}“${clip(id)}”不在学校数据中：这份排班结果不是按这份学校数据排出的`);
  };
  const week = schedule.week;
  week.clubs.forEach((c, i) => {
    known('clubs', c.club, 'week', 'clubs', i, 'club');
    known('rooms', c.room, 'week', 'clubs', i, 'room');
    known('staff', c.staff, 'week', 'clubs', i, 'staff');
    c.students.forEach((s, k) => known('students', s, 'week', 'clubs', i, 'students', k));
  });
  const groupIds = new Set<string>();
  week.groups.forEach((g, i) => {
    groupIds.add(g.id);
    known('timelines', g.timeline, 'week', 'groups', i, 'timeline');
    known('rooms', g.room, 'week', 'groups', i, 'room');
    g.classes.forEach((c, k) => known('classes', c, 'week', 'groups', i, 'classes', k));
    g.students.forEach((s, k) => known('students', s, 'week', 'groups', i, 'students', k));
    g.cover.forEach((s, k) => known('staff', s, 'week', 'groups', i, 'cover', k));
  });
  week.duties.forEach((d, i) => known('staff', d.staff, 'week', 'duties', i, 'staff'));
  schedule.unplaced.forEach((u, i) => known('students', u.student, 'unplaced', i, 'student'));
  const start = parseDate(instance.calendar.start);
  const end = parseDate(instance.calendar.end);
  (schedule.semester ?? []).forEach((day, i) => {
    const d = parseDate(day.date);
    if (d !== undefined && start !== undefined && end !== undefined && (d < start || d > end)) {
      error(
        pointer('semester', i, 'date'),
        'schedule-date-outside',
        `排班结果中的日期 ${day.date} 不在学校数据的学期（${formatDate(start)} 至 ${formatDate(end)}）内`,
      );
    }
    day.inspection.forEach((s, k) => known('staff', s, 'semester', i, 'inspection', k));
    day.substitutions.forEach((sub, k) => {
      known('staff', sub.from, 'semester', i, 'substitutions', k, 'from');
      known('staff', sub.to, 'semester', i, 'substitutions', k, 'to');
      if ('club' in sub) known('clubs', sub.club, 'semester', i, 'substitutions', k, 'club');
      if ('group' in sub && !groupIds.has(sub.group)) {
        error(pointer('semester', i, 'substitutions', k, 'group'), 'schedule-unknown-id', `代课记录中的看护班“${clip(sub.group)}”不在排班结果的每周模板中`);
      }
    });
  });
  const dropped = out.dropped() > 0;
  return { ok: out.kept.length === 0, errors: out.kept, ...(dropped ? { omitted: out.omitted } : {}) };
}

const clip = (s: string): string => (s.length > 60 ? s.slice(0, 60) + '…' : s);
