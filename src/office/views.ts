// The named "views" of a plan: pure functions (instance, schedule) → plain readonly data with names, not ids,
// for everything the office prints or posts: timetables by class, teacher, room and day; club rosters; the
// duty roster and the substitutions by date; workload and fees; students without a club; club demand against
// seats; shortfalls in plain Chinese. The workbook, the printable pages and the calendars are all drawn from
// these, and the web workspace shows them as they are. Imports src/model and ./names only.
import { WEEKDAYS, type BlockKind, type Instance, type Schedule, type WeekdayName, type Timeline } from '../model/schema.js';
import { resolvePolicy, lessonMinutes } from '../model/policy.js';
import {
  BLOCK_KIND_LABEL,
  CLUB_LEVEL_LABEL,
  PRIORITY_LABEL,
  ROLE_LABEL,
  gradesLabel,
  hhmm,
  minutesOf,
  namesOf,
  roomKindLabel,
  timeRange,
  weekdayLabel,
  weekdaysLabel,
  type Names,
} from './names.js';

// ------------------------------------------------------------------------------------------ shared context

type GroupInfo = {
  readonly index: number;
  readonly id: string;
  readonly day: WeekdayName;
  readonly timeline: Timeline | undefined;
  readonly classes: readonly string[];
  readonly room: string | null;
  readonly students: number;
  readonly cover: readonly (string | null)[];
};

/** Everything the views look up, built once per (instance, schedule) pair. */
type Context = {
  readonly instance: Instance;
  readonly schedule: Schedule;
  readonly names: Names;
  readonly lesson: number;
  readonly policy: ReturnType<typeof resolvePolicy>;
  readonly timelineOfGrade: ReadonlyMap<number, Timeline>;
  readonly timelineById: ReadonlyMap<string, Timeline>;
  readonly classGrade: ReadonlyMap<string, number>;
  readonly studentClass: ReadonlyMap<string, string>;
  readonly groups: readonly GroupInfo[];
  readonly groupById: ReadonlyMap<string, GroupInfo>;
  /** service weekdays in week order */
  readonly days: readonly WeekdayName[];
  /** late pickup: starts at the latest end of every timeline (P7) */
  readonly pickupStart: number;
  readonly pickupEnd: number;
  readonly afternoonStart: number;
};

const contexts = new WeakMap<Schedule, WeakMap<Instance, Context>>();

function context(instance: Instance, schedule: Schedule): Context {
  let byInstance = contexts.get(schedule);
  if (!byInstance) contexts.set(schedule, (byInstance = new WeakMap()));
  let ctx = byInstance.get(instance);
  if (!ctx) byInstance.set(instance, (ctx = buildContext(instance, schedule)));
  return ctx;
}

function buildContext(instance: Instance, schedule: Schedule): Context {
  const timelineOfGrade = new Map<number, Timeline>();
  for (const t of instance.timelines) for (const g of t.grades) if (!timelineOfGrade.has(g)) timelineOfGrade.set(g, t);
  const timelineById = new Map(instance.timelines.map((t) => [t.id, t] as const));
  const groups: GroupInfo[] = schedule.week.groups.map((g, index) => ({
    index,
    id: g.id,
    day: g.day,
    timeline: timelineById.get(g.timeline),
    classes: g.classes,
    room: g.room,
    students: g.students.length,
    cover: g.cover,
  }));
  const ends = instance.timelines.flatMap((t) => t.blocks.map((b) => minutesOf(b.end)));
  const starts = instance.timelines.flatMap((t) => t.blocks.map((b) => minutesOf(b.start)));
  const policy = resolvePolicy(instance.policy);
  const pickupStart = ends.length > 0 ? Math.max(...ends) : 0;
  const served = new Set(instance.calendar.serviceWeekdays);
  return {
    instance,
    schedule,
    names: namesOf(instance),
    lesson: lessonMinutes(instance),
    policy,
    timelineOfGrade,
    timelineById,
    classGrade: new Map(instance.classes.map((c) => [c.id, c.grade] as const)),
    studentClass: new Map(instance.students.map((s) => [s.id, s.class] as const)),
    groups,
    groupById: new Map(groups.map((g) => [g.id, g] as const)),
    days: WEEKDAYS.filter((d) => served.has(d)),
    pickupStart,
    pickupEnd: pickupStart + policy.latePickupMinutes,
    afternoonStart: starts.length > 0 ? Math.min(...starts) : 0,
  };
}

/** The club block (time) of a club: the club block of the timeline of its first served grade. */
function clubBlock(ctx: Context, clubId: string): { start: string; end: string } | undefined {
  const club = (ctx.instance.clubs ?? []).find((c) => c.id === clubId);
  for (const g of club?.grades ?? []) {
    const b = ctx.timelineOfGrade.get(g)?.blocks.find((x) => x.kind === 'club');
    if (b) return { start: b.start, end: b.end };
  }
  return undefined;
}

const byWeekday = (a: WeekdayName, b: WeekdayName): number => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b);
const round2 = (x: number): number => Math.round(x * 100) / 100;
const uniqueJoin = (xs: readonly string[]): string => [...new Set(xs.filter((x) => x !== ''))].join('、');

/** A group as people call it: 一（2）班, or 一（1）班、一（3）班合班 for a mixed group. */
function groupLabel(ctx: Context, g: GroupInfo): string {
  const labels = g.classes.map(ctx.names.class);
  const split = ctx.groups.filter((x) => x.day === g.day && x.classes.length === g.classes.length && x.classes.every((c, i) => c === g.classes[i]));
  const part = split.length > 1 ? `第${split.indexOf(g) + 1}组` : '';
  return labels.length > 1 ? `${labels.join('、')}合班${part}` : `${labels[0] ?? g.id}${part}`;
}

/** A block's activity: 作业辅导, 社团, 阅读, 休息. */
const activityOf = (kind: BlockKind): string => BLOCK_KIND_LABEL[kind];

// ------------------------------------------------------------------------------------------ by class

/** One cell of a class timetable: what the class's group does in a block on a day. */
export type ClassCell = {
  readonly activity: string;
  readonly room: string;
  readonly teacher: string;
  /** 与一（3）班合班; 校级社团的学生去社团活动 */
  readonly note: string;
};

export type ClassClubLine = {
  readonly club: string;
  readonly days: string;
  readonly time: string;
  readonly room: string;
  readonly teacher: string;
  /** students of this class in the club */
  readonly students: number;
};

export type ClassTimetable = {
  readonly classId: string;
  /** 一（2）班 */
  readonly label: string;
  readonly grade: number;
  /** 班主任 name, '' when none */
  readonly homeroom: string;
  /** the class's own room */
  readonly room: string;
  /** students of the class in the service */
  readonly enrolled: number;
  /** columns: the service weekdays, with how many of the class's students attend that day */
  readonly days: readonly { readonly day: WeekdayName; readonly label: string; readonly students: number }[];
  /** rows: the blocks of the class's timeline */
  readonly rows: readonly { readonly kind: BlockKind; readonly activity: string; readonly time: string; readonly start: string; readonly end: string }[];
  /** cells[row][column]; null when none of the class's students stay that day */
  readonly cells: readonly (readonly (ClassCell | null)[])[];
  /** the school-level clubs (校级社团) the class's students go to */
  readonly clubs: readonly ClassClubLine[];
  /** pick-up: when the service ends for this class, and late pickup */
  readonly endsAt: string;
  readonly latePickup: string;
};

/** The timetable of every class: weekday × block grid with activity, room and teacher. */
export function classTimetables(instance: Instance, schedule: Schedule): readonly ClassTimetable[] {
  const ctx = context(instance, schedule);
  const clubMembersByClass = new Map<string, Map<string, number>>();
  for (const wc of schedule.week.clubs) {
    for (const s of wc.students) {
      const k = ctx.studentClass.get(s);
      if (k === undefined) continue;
      let m = clubMembersByClass.get(k);
      if (!m) clubMembersByClass.set(k, (m = new Map()));
      m.set(wc.club, (m.get(wc.club) ?? 0) + 1);
    }
  }
  const enrolled = new Map<string, number>();
  const attending = new Map<string, number>();
  for (const s of instance.students) {
    enrolled.set(s.class, (enrolled.get(s.class) ?? 0) + 1);
    for (const d of new Set(s.days)) attending.set(`${s.class}|${d}`, (attending.get(`${s.class}|${d}`) ?? 0) + 1);
  }
  return instance.classes.map((k) => {
    const tl = ctx.timelineOfGrade.get(k.grade);
    const blocks = tl?.blocks ?? [];
    const groupsOn = (day: WeekdayName) => ctx.groups.filter((g) => g.day === day && g.classes.includes(k.id));
    const cells = blocks.map((b, bi) =>
      ctx.days.map((day): ClassCell | null => {
        const gs = groupsOn(day);
        if (gs.length === 0) return null;
        const others = uniqueJoin(gs.flatMap((g) => g.classes.filter((c) => c !== k.id).map(ctx.names.class)));
        const notes: string[] = [];
        if (others) notes.push(`与${others}合班`);
        if (b.kind === 'club' && (clubMembersByClass.get(k.id)?.size ?? 0) > 0) notes.push('校级社团学生去社团，其余在班内活动');
        else if (b.kind === 'club') notes.push('班级社团');
        return {
          activity: activityOf(b.kind),
          room: uniqueJoin(gs.map((g) => ctx.names.room(g.room))),
          teacher: uniqueJoin(gs.map((g) => ctx.names.staff(g.cover[bi] ?? null))),
          note: notes.join('；'),
        };
      }),
    );
    const clubs: ClassClubLine[] = [];
    for (const wc of schedule.week.clubs) {
      const n = clubMembersByClass.get(k.id)?.get(wc.club) ?? 0;
      if (n === 0) continue;
      const t = clubBlock(ctx, wc.club);
      clubs.push({
        club: ctx.names.club(wc.club),
        days: weekdaysLabel(wc.days),
        time: t ? timeRange(t.start, t.end) : '',
        room: ctx.names.room(wc.room),
        teacher: ctx.names.staff(wc.staff),
        students: n,
      });
    }
    const homeroom = k.homeroom !== undefined ? ctx.names.staff(k.homeroom) : '';
    return {
      classId: k.id,
      label: ctx.names.class(k.id),
      grade: k.grade,
      homeroom,
      room: k.room !== undefined ? ctx.names.room(k.room) : '',
      enrolled: enrolled.get(k.id) ?? 0,
      days: ctx.days.map((day) => ({ day, label: weekdayLabel(day), students: attending.get(`${k.id}|${day}`) ?? 0 })),
      rows: blocks.map((b) => ({ kind: b.kind, activity: activityOf(b.kind), time: timeRange(b.start, b.end), start: b.start, end: b.end })),
      cells,
      clubs,
      endsAt: blocks.length > 0 ? blocks[blocks.length - 1].end : '',
      latePickup: timeRange(hhmm(ctx.pickupStart), hhmm(ctx.pickupEnd)),
    };
  });
}

// ------------------------------------------------------------------------------------------ weekly duties

export type DutyKind = 'group' | 'club' | 'latePickup' | 'inspection';

/** One weekly duty of a staff member (consecutive blocks of one group are one duty). */
export type WeekDuty = {
  readonly kind: DutyKind;
  readonly day: WeekdayName;
  readonly dayLabel: string;
  readonly start: string;
  readonly end: string;
  /** 16:10–17:10 */
  readonly time: string;
  /** 看护 一（2）班（作业辅导、社团）; 社团 合唱; 延时接送 */
  readonly what: string;
  readonly room: string;
  readonly staffId: string | null;
  readonly staff: string;
};

type RawDuty = {
  readonly kind: 'group' | 'club' | 'latePickup';
  readonly day: WeekdayName;
  readonly start: number;
  readonly end: number;
  readonly holder: string | null;
  /** group: id and block; club: id; latePickup: index that day */
  readonly group?: GroupInfo;
  readonly block?: number;
  readonly blockKind?: BlockKind;
  readonly club?: string;
  readonly pickup?: number;
  readonly room: string | null;
  readonly place?: string;
};

/** Every duty of the weekly template, one per group block, club session day and late pickup. */
function rawWeek(ctx: Context): RawDuty[] {
  const out: RawDuty[] = [];
  for (const g of ctx.groups) {
    g.timeline?.blocks.forEach((b, bi) =>
      out.push({ kind: 'group', day: g.day, start: minutesOf(b.start), end: minutesOf(b.end), holder: g.cover[bi] ?? null, group: g, block: bi, blockKind: b.kind, room: g.room }),
    );
  }
  for (const wc of ctx.schedule.week.clubs) {
    const t = clubBlock(ctx, wc.club);
    if (!t) continue;
    for (const day of wc.days) out.push({ kind: 'club', day, start: minutesOf(t.start), end: minutesOf(t.end), holder: wc.staff, club: wc.club, room: wc.room });
  }
  const perDay = new Map<WeekdayName, number>();
  for (const d of ctx.schedule.week.duties) {
    const n = perDay.get(d.day) ?? 0;
    perDay.set(d.day, n + 1);
    out.push({ kind: 'latePickup', day: d.day, start: ctx.pickupStart, end: ctx.pickupEnd, holder: d.staff, pickup: n, room: null, place: d.place });
  }
  return out;
}

function describeRaw(ctx: Context, d: RawDuty, kinds?: readonly BlockKind[]): string {
  if (d.kind === 'group') {
    const ks = uniqueJoin((kinds ?? [d.blockKind!]).map(activityOf));
    return `看护 ${groupLabel(ctx, d.group!)}（${ks}）`;
  }
  if (d.kind === 'club') return `社团 ${ctx.names.club(d.club!)}`;
  return `延时接送${d.place ? `（${d.place}）` : ''}`;
}

/** Merges consecutive blocks of one group held by one person into one duty. */
function mergeBlocks(ctx: Context, duties: readonly RawDuty[]): { d: RawDuty; end: number; kinds: BlockKind[] }[] {
  const out: { d: RawDuty; end: number; kinds: BlockKind[] }[] = [];
  for (const d of duties) {
    const last = out[out.length - 1];
    if (
      last &&
      d.kind === 'group' &&
      last.d.kind === 'group' &&
      last.d.group === d.group &&
      last.d.holder === d.holder &&
      last.end === d.start
    ) {
      last.end = d.end;
      last.kinds.push(d.blockKind!);
    } else out.push({ d, end: d.end, kinds: d.blockKind ? [d.blockKind] : [] });
  }
  return out;
}

const toWeekDuty = (ctx: Context, m: { d: RawDuty; end: number; kinds: BlockKind[] }): WeekDuty => ({
  kind: m.d.kind,
  day: m.d.day,
  dayLabel: weekdayLabel(m.d.day),
  start: hhmm(m.d.start),
  end: hhmm(m.end),
  time: timeRange(hhmm(m.d.start), hhmm(m.end)),
  what: describeRaw(ctx, m.d, m.kinds),
  room: m.d.kind === 'latePickup' ? (m.d.place ?? '') : ctx.names.room(m.d.room),
  staffId: m.d.holder,
  staff: ctx.names.staff(m.d.holder),
});

// ------------------------------------------------------------------------------------------ by teacher

export type TeacherTimetable = {
  readonly staffId: string;
  readonly name: string;
  /** 教师、行政 */
  readonly roles: string;
  /** weekly duties by weekday and time */
  readonly duties: readonly WeekDuty[];
  /** weekdays of the fixed inspection rotation (行政巡视), when pinned */
  readonly inspectionDays: string;
  readonly periodsPerWeek: number;
  /** after substitutions, plus one period per inspection date */
  readonly periodsSemester: number;
  readonly inspections: number;
};

/** Every staff member's weekly duties and periods per week and semester (also those with no duty). */
export function teacherTimetables(instance: Instance, schedule: Schedule): readonly TeacherTimetable[] {
  const ctx = context(instance, schedule);
  const week = rawWeek(ctx).sort((a, b) => byWeekday(a.day, b.day) || a.start - b.start || (a.group?.index ?? 0) - (b.group?.index ?? 0));
  const loads = new Map(workload(instance, schedule).rows.map((r) => [r.staffId, r] as const));
  return instance.staff.map((s) => {
    const mine = mergeBlocks(ctx, week.filter((d) => d.holder === s.id));
    const load = loads.get(s.id);
    return {
      staffId: s.id,
      name: ctx.names.staff(s.id),
      roles: s.roles.map((r) => ROLE_LABEL[r as keyof typeof ROLE_LABEL] ?? r).join('、'),
      duties: mine.map((m) => toWeekDuty(ctx, m)),
      inspectionDays: weekdaysLabel(s.inspectionDays ?? []),
      periodsPerWeek: load?.periodsPerWeek ?? 0,
      periodsSemester: load?.periodsSemester ?? 0,
      inspections: load?.inspections ?? 0,
    };
  });
}

// ------------------------------------------------------------------------------------------ by room

export type RoomUse = {
  readonly day: WeekdayName;
  readonly dayLabel: string;
  readonly time: string;
  /** 看护 一（2）班 / 社团 合唱 */
  readonly what: string;
  readonly teacher: string;
  readonly students: number;
};

export type RoomTimetable = {
  readonly roomId: string;
  readonly name: string;
  /** 音乐教室 */
  readonly kind: string;
  readonly capacity: number;
  /** true for a room of a kind groups do not use (music, art, gym, field …) */
  readonly special: boolean;
  readonly uses: readonly RoomUse[];
};

/** Every room's weekly uses (groups over their whole afternoon, clubs in their club block). */
export function roomTimetables(instance: Instance, schedule: Schedule): readonly RoomTimetable[] {
  const ctx = context(instance, schedule);
  const groupKinds = new Set(ctx.policy.groupRoomKinds);
  const uses = new Map<string, (RoomUse & { order: number })[]>();
  const add = (room: string | null, u: RoomUse & { order: number }) => {
    if (room === null) return;
    let l = uses.get(room);
    if (!l) uses.set(room, (l = []));
    l.push(u);
  };
  for (const g of ctx.groups) {
    const bl = g.timeline?.blocks ?? [];
    if (bl.length === 0) continue;
    add(g.room, {
      day: g.day,
      dayLabel: weekdayLabel(g.day),
      time: timeRange(bl[0].start, bl[bl.length - 1].end),
      what: `看护 ${groupLabel(ctx, g)}`,
      teacher: uniqueJoin(g.cover.map((s) => (s === null ? '' : ctx.names.staff(s)))),
      students: g.students,
      order: WEEKDAYS.indexOf(g.day) * 10_000 + minutesOf(bl[0].start),
    });
  }
  for (const wc of schedule.week.clubs) {
    const t = clubBlock(ctx, wc.club);
    for (const day of wc.days) {
      add(wc.room, {
        day,
        dayLabel: weekdayLabel(day),
        time: t ? timeRange(t.start, t.end) : '',
        what: `社团 ${ctx.names.club(wc.club)}`,
        teacher: ctx.names.staff(wc.staff),
        students: wc.students.length,
        order: WEEKDAYS.indexOf(day) * 10_000 + (t ? minutesOf(t.start) : 0),
      });
    }
  }
  return instance.rooms.map((r) => ({
    roomId: r.id,
    name: ctx.names.room(r.id),
    kind: roomKindLabel(r.kind),
    capacity: r.capacity,
    special: !groupKinds.has(r.kind),
    uses: (uses.get(r.id) ?? []).sort((a, b) => a.order - b.order).map(({ order: _o, ...u }) => u),
  }));
}

// ------------------------------------------------------------------------------------------ by day

export type DayPlan = {
  readonly day: WeekdayName;
  readonly label: string;
  readonly groups: readonly {
    readonly label: string;
    readonly room: string;
    readonly students: number;
    readonly blocks: readonly { readonly time: string; readonly activity: string; readonly teacher: string }[];
  }[];
  readonly clubs: readonly { readonly club: string; readonly time: string; readonly room: string; readonly teacher: string; readonly students: number }[];
  readonly latePickup: readonly { readonly time: string; readonly place: string; readonly staff: string }[];
  /** leaders pinned to inspect on this weekday */
  readonly inspection: string;
};

/** One page per service weekday: every group, club session and late-pickup duty of that weekday. */
export function dayPlans(instance: Instance, schedule: Schedule): readonly DayPlan[] {
  const ctx = context(instance, schedule);
  return ctx.days.map((day) => ({
    day,
    label: weekdayLabel(day),
    groups: ctx.groups
      .filter((g) => g.day === day)
      .map((g) => ({
        label: groupLabel(ctx, g),
        room: ctx.names.room(g.room),
        students: g.students,
        blocks: (g.timeline?.blocks ?? []).map((b, bi) => ({ time: timeRange(b.start, b.end), activity: activityOf(b.kind), teacher: ctx.names.staff(g.cover[bi] ?? null) })),
      })),
    clubs: schedule.week.clubs
      .filter((c) => c.days.includes(day))
      .map((c) => {
        const t = clubBlock(ctx, c.club);
        return { club: ctx.names.club(c.club), time: t ? timeRange(t.start, t.end) : '', room: ctx.names.room(c.room), teacher: ctx.names.staff(c.staff), students: c.students.length };
      }),
    latePickup: schedule.week.duties
      .filter((d) => d.day === day)
      .map((d) => ({ time: timeRange(hhmm(ctx.pickupStart), hhmm(ctx.pickupEnd)), place: d.place ?? '', staff: ctx.names.staff(d.staff) })),
    inspection: uniqueJoin(instance.staff.filter((s) => s.roles.includes('leader') && (s.inspectionDays ?? []).includes(day)).map((s) => ctx.names.staff(s.id))),
  }));
}

// ------------------------------------------------------------------------------------------ club rosters

export type ClubRoster = {
  readonly clubId: string;
  readonly name: string;
  readonly grades: string;
  readonly days: string;
  readonly time: string;
  readonly room: string;
  readonly teacher: string;
  readonly seats: number | null;
  readonly members: readonly { readonly studentId: string; readonly name: string; readonly class: string }[];
};

/** Each running school-level club with its members (by class, then name). */
export function clubRosters(instance: Instance, schedule: Schedule): readonly ClubRoster[] {
  const ctx = context(instance, schedule);
  const clubs = new Map((instance.clubs ?? []).map((c) => [c.id, c] as const));
  const classOrder = new Map(instance.classes.map((c, i) => [c.id, i] as const));
  return schedule.week.clubs.map((wc) => {
    const c = clubs.get(wc.club);
    const t = clubBlock(ctx, wc.club);
    const members = wc.students
      .map((s) => ({ studentId: s, name: ctx.names.student(s), class: ctx.names.class(ctx.studentClass.get(s) ?? ''), order: classOrder.get(ctx.studentClass.get(s) ?? '') ?? 1e9 }))
      .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'zh-CN') || (a.studentId < b.studentId ? -1 : 1))
      .map(({ order: _o, ...m }) => m);
    return {
      clubId: wc.club,
      name: ctx.names.club(wc.club),
      grades: gradesLabel(c?.grades ?? []),
      days: weekdaysLabel(wc.days),
      time: t ? timeRange(t.start, t.end) : '',
      room: ctx.names.room(wc.room),
      teacher: ctx.names.staff(wc.staff),
      seats: c?.max ?? null,
      members,
    };
  });
}

// ------------------------------------------------------------------------------------------ dated duties

/** One duty on one date of the semester, after substitutions (the .ics events and the semester load). */
export type DatedDuty = {
  readonly date: string;
  /** the weekday timetable the date runs (调休) */
  readonly as: WeekdayName;
  readonly kind: DutyKind;
  readonly staffId: string;
  readonly staff: string;
  readonly start: string;
  readonly end: string;
  /** 看护 一（2）班（作业辅导）; 社团 合唱; 延时接送; 行政巡视 */
  readonly what: string;
  readonly room: string;
  /** taken over from someone (代课) */
  readonly substitute: boolean;
  /** whom this person stands in for, '' otherwise */
  readonly insteadOf: string;
};

/**
 * Every dated duty of the semester (schedule.semester): the template's duties of the weekday each date runs,
 * with that date's substitutions applied, plus inspection. Consecutive blocks of one group held by one person
 * on a date are one duty. Empty when the schedule has no semester.
 */
export function datedDuties(instance: Instance, schedule: Schedule): readonly DatedDuty[] {
  const ctx = context(instance, schedule);
  const week = rawWeek(ctx);
  const byDay = new Map<WeekdayName, RawDuty[]>();
  for (const d of week) {
    let l = byDay.get(d.day);
    if (!l) byDay.set(d.day, (l = []));
    l.push(d);
  }
  for (const l of byDay.values()) l.sort((a, b) => (a.group?.index ?? -1) - (b.group?.index ?? -1) || a.start - b.start);
  const out: DatedDuty[] = [];
  for (const day of schedule.semester ?? []) {
    const duties = byDay.get(day.as) ?? [];
    const holder = new Map<RawDuty, { to: string | null; from: string | null }>();
    for (const e of day.substitutions) {
      const d = substitutedDuty(duties, e, holder);
      if (d) holder.set(d, { to: e.to, from: e.from });
    }
    type Run = { d: RawDuty; who: string | null; sub: boolean; from: string | null; end: number; kinds: BlockKind[] };
    const runs: Run[] = [];
    for (const d of duties) {
      const h = holder.get(d);
      const who = h ? h.to : d.holder;
      const last = runs[runs.length - 1];
      if (last && d.kind === 'group' && last.d.kind === 'group' && last.d.group === d.group && last.who === who && last.sub === (h !== undefined) && last.end === d.start) {
        last.end = d.end;
        last.kinds.push(d.blockKind!);
      } else runs.push({ d, who, sub: h !== undefined, from: h ? h.from : null, end: d.end, kinds: d.blockKind ? [d.blockKind] : [] });
    }
    for (const r of runs) {
      if (r.who === null) continue;
      out.push({
        date: day.date,
        as: day.as,
        kind: r.d.kind,
        staffId: r.who,
        staff: ctx.names.staff(r.who),
        start: hhmm(r.d.start),
        end: hhmm(r.end),
        what: describeRaw(ctx, r.d, r.kinds),
        room: r.d.kind === 'latePickup' ? (r.d.place ?? '') : ctx.names.room(r.d.room),
        substitute: r.sub,
        insteadOf: r.sub && r.from !== null ? ctx.names.staff(r.from) : '',
      });
    }
    for (const i of day.inspection) {
      if (i === null) continue;
      out.push({
        date: day.date,
        as: day.as,
        kind: 'inspection',
        staffId: i,
        staff: ctx.names.staff(i),
        start: hhmm(ctx.afternoonStart),
        end: hhmm(ctx.pickupStart),
        what: '行政巡视',
        room: '',
        substitute: false,
        insteadOf: '',
      });
    }
  }
  return out;
}

/** The template duty a substitution entry changes (a late pickup: the first one still held by `from`). */
function substitutedDuty(
  duties: readonly RawDuty[],
  e: NonNullable<Schedule['semester']>[number]['substitutions'][number],
  taken: ReadonlyMap<RawDuty, unknown>,
): RawDuty | undefined {
  if ('group' in e) return duties.find((d) => d.kind === 'group' && d.group!.id === e.group && d.block === e.block);
  if ('club' in e) return duties.find((d) => d.kind === 'club' && d.club === e.club);
  return duties.find((d) => d.kind === 'latePickup' && d.holder === e.from && !taken.has(d)) ?? duties.find((d) => d.kind === 'latePickup' && !taken.has(d));
}

// ------------------------------------------------------------------------------------------ duty roster by date

export type RosterDay = {
  readonly date: string;
  /** 周二; 周日（调休，按周三上课） */
  readonly dayLabel: string;
  readonly inspection: string;
  readonly latePickup: string;
  readonly latePickupTime: string;
  /** changes that date, short: 代课 3 项 */
  readonly changes: number;
};

/** 值班表: every service date with its inspecting leader(s) and late-pickup staff. */
export function dutyRoster(instance: Instance, schedule: Schedule): readonly RosterDay[] {
  const ctx = context(instance, schedule);
  const dated = datedDuties(instance, schedule);
  const pickups = new Map<string, string[]>();
  for (const d of dated) if (d.kind === 'latePickup') (pickups.get(d.date) ?? pickups.set(d.date, []).get(d.date)!).push(d.staff);
  return (schedule.semester ?? []).map((day) => ({
    date: day.date,
    dayLabel: dateDayLabel(day.date, day.as),
    inspection: day.inspection.map((i) => (i === null ? '（无人）' : ctx.names.staff(i))).join('、'),
    latePickup: (pickups.get(day.date) ?? []).join('、'),
    latePickupTime: timeRange(hhmm(ctx.pickupStart), hhmm(ctx.pickupEnd)),
    changes: day.substitutions.length,
  }));
}

/** The weekday of a date; a 调休 make-up day names the timetable it runs: 周日（调休，按周三安排）. */
export function dateDayLabel(date: string, as: WeekdayName): string {
  const t = new Date(`${date}T12:00:00Z`);
  const own = WEEKDAYS[(t.getUTCDay() + 6) % 7];
  return own === as || Number.isNaN(t.getTime()) ? weekdayLabel(as) : `${weekdayLabel(own)}（调休，按${weekdayLabel(as)}安排）`;
}

// ------------------------------------------------------------------------------------------ substitutions

export type SubstitutionLine = {
  readonly date: string;
  readonly dayLabel: string;
  /** 看护 一（1）班（作业辅导） 15:30–16:10 */
  readonly duty: string;
  readonly time: string;
  readonly from: string;
  /** the substitute; 无人可代 when nobody could take it */
  readonly to: string;
  readonly covered: boolean;
  readonly reason: string;
};

/** 代课记录: every change from the template by date (leave, or the holder inspecting that day). */
export function substitutions(instance: Instance, schedule: Schedule): readonly SubstitutionLine[] {
  const ctx = context(instance, schedule);
  const week = rawWeek(ctx);
  const out: SubstitutionLine[] = [];
  for (const day of schedule.semester ?? []) {
    const duties = week.filter((d) => d.day === day.as);
    const taken = new Map<RawDuty, unknown>();
    for (const e of day.substitutions) {
      const d = substitutedDuty(duties, e, taken);
      if (d) taken.set(d, true);
      out.push({
        date: day.date,
        dayLabel: dateDayLabel(day.date, day.as),
        duty: d ? describeRaw(ctx, d) : 'group' in e ? `看护 ${e.group}` : 'club' in e ? `社团 ${ctx.names.club(e.club)}` : '延时接送',
        time: d ? timeRange(hhmm(d.start), hhmm(d.end)) : '',
        from: e.from === null ? '（无人）' : ctx.names.staff(e.from),
        to: e.to === null ? '无人可代' : ctx.names.staff(e.to),
        covered: e.to !== null,
        reason: e.reason ?? (e.from !== null && leaveOn(instance, e.from, day.date) ? leaveReason(instance, e.from, day.date) : e.from !== null && day.inspection.includes(e.from) ? '当天行政巡视' : ''),
      });
    }
  }
  return out;
}

const leaveOn = (instance: Instance, staff: string, date: string): boolean =>
  (instance.leave ?? []).some((l) => l.staff === staff && l.from <= date && date <= l.to);
const leaveReason = (instance: Instance, staff: string, date: string): string =>
  (instance.leave ?? []).find((l) => l.staff === staff && l.from <= date && date <= l.to)?.reason?.trim() || '请假';

// ------------------------------------------------------------------------------------------ workload

export type WorkloadRow = {
  readonly staffId: string;
  readonly name: string;
  readonly roles: string;
  readonly periodsPerWeek: number;
  readonly periodsSemester: number;
  readonly inspections: number;
  readonly substitutionsTaken: number;
  readonly substitutionsGiven: number;
  /** yuan, when a rate per period is known */
  readonly pay: number | null;
};

export type Workload = {
  /** yuan per period (policy.payPerPeriod or the caller's), null when not given */
  readonly payPerPeriod: number | null;
  readonly rows: readonly WorkloadRow[];
  readonly totalPeriods: number;
  readonly totalPay: number | null;
};

/**
 * 工作量 (P8, 多劳多得): periods per week (the template) and per semester (every dated duty after substitutions,
 * plus one period per inspection date), and pay = semester periods × rate when a rate per period is given
 * (`payPerPeriod` argument, else the instance's `policy.payPerPeriod`).
 */
export function workload(instance: Instance, schedule: Schedule, payPerPeriod?: number): Workload {
  const ctx = context(instance, schedule);
  const rate = payPerPeriod ?? instance.policy?.payPerPeriod ?? null;
  const weekMin = new Map<string, number>();
  for (const d of rawWeek(ctx)) if (d.holder !== null) weekMin.set(d.holder, (weekMin.get(d.holder) ?? 0) + d.end - d.start);
  const semMin = new Map<string, number>();
  const insp = new Map<string, number>();
  const taken = new Map<string, number>();
  const given = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const d of datedDuties(instance, schedule)) {
    if (d.kind === 'inspection') add(insp, d.staffId, 1);
    else add(semMin, d.staffId, minutesOf(d.end) - minutesOf(d.start));
  }
  for (const day of schedule.semester ?? []) {
    for (const e of day.substitutions) {
      if (e.to !== null) add(taken, e.to, 1);
      if (e.from !== null) add(given, e.from, 1);
    }
  }
  const rows = instance.staff.map((s): WorkloadRow => {
    const periodsSemester = round2((semMin.get(s.id) ?? 0) / ctx.lesson + (insp.get(s.id) ?? 0));
    return {
      staffId: s.id,
      name: ctx.names.staff(s.id),
      roles: s.roles.map((r) => ROLE_LABEL[r as keyof typeof ROLE_LABEL] ?? r).join('、'),
      periodsPerWeek: round2((weekMin.get(s.id) ?? 0) / ctx.lesson),
      periodsSemester,
      inspections: insp.get(s.id) ?? 0,
      substitutionsTaken: taken.get(s.id) ?? 0,
      substitutionsGiven: given.get(s.id) ?? 0,
      pay: rate === null ? null : round2(periodsSemester * rate),
    };
  });
  const totalPeriods = round2(rows.reduce((a, r) => a + r.periodsSemester, 0));
  return { payPerPeriod: rate, rows, totalPeriods, totalPay: rate === null ? null : round2(rows.reduce((a, r) => a + (r.pay ?? 0), 0)) };
}

// ------------------------------------------------------------------------------------------ fees

export type Fees = {
  readonly feePerPeriod: number;
  readonly perStudent: readonly {
    readonly studentId: string;
    readonly name: string;
    readonly class: string;
    readonly days: string;
    /** service dates the student attends */
    readonly dates: number;
    /** charged periods per date (T8) */
    readonly periodsPerDate: number;
    readonly fee: number;
    /** 免收（低收入家庭）; '' when paying */
    readonly exempt: string;
  }[];
  readonly perClass: readonly { readonly classId: string; readonly class: string; readonly students: number; readonly exempt: number; readonly total: number }[];
  readonly total: number;
};

/** 收费 (M1): per student and per class; fee per date = min(⌊afternoon / lesson⌋, maxChargedPeriodsPerDay) × feePerPeriod. */
export function fees(instance: Instance, schedule: Schedule): Fees {
  const ctx = context(instance, schedule);
  const datesOn = new Map<WeekdayName, number>();
  for (const d of schedule.semester ?? []) datesOn.set(d.as, (datesOn.get(d.as) ?? 0) + 1);
  const periodsOfGrade = (grade: number | undefined): number => {
    const t = grade === undefined ? undefined : ctx.timelineOfGrade.get(grade);
    if (!t || t.blocks.length === 0) return 0;
    const minutes = Math.max(...t.blocks.map((b) => minutesOf(b.end))) - Math.min(...t.blocks.map((b) => minutesOf(b.start)));
    return Math.min(Math.floor(minutes / ctx.lesson), ctx.policy.maxChargedPeriodsPerDay);
  };
  const perClass = new Map<string, { students: number; exempt: number; fen: number }>(instance.classes.map((c) => [c.id, { students: 0, exempt: 0, fen: 0 }]));
  let totalFen = 0;
  const perStudent = instance.students.map((s) => {
    const lowIncome = (s.priority ?? []).includes('low-income');
    const exempt = s.feeExempt === true ? '免收' : lowIncome ? `免收（${PRIORITY_LABEL['low-income']}）` : '';
    let dates = 0;
    for (const d of new Set(s.days)) dates += datesOn.get(d) ?? 0;
    const periodsPerDate = periodsOfGrade(ctx.classGrade.get(s.class));
    const fen = exempt ? 0 : Math.round(dates * periodsPerDate * ctx.policy.feePerPeriod * 100);
    const k = perClass.get(s.class);
    if (k) {
      k.students++;
      if (exempt) k.exempt++;
      k.fen += fen;
    }
    totalFen += fen;
    return { studentId: s.id, name: ctx.names.student(s.id), class: ctx.names.class(s.class), days: weekdaysLabel(s.days), dates, periodsPerDate, fee: fen / 100, exempt };
  });
  return {
    feePerPeriod: ctx.policy.feePerPeriod,
    perStudent,
    perClass: instance.classes.map((c) => {
      const k = perClass.get(c.id)!;
      return { classId: c.id, class: ctx.names.class(c.id), students: k.students, exempt: k.exempt, total: k.fen / 100 };
    }),
    total: totalFen / 100,
  };
}

// ------------------------------------------------------------------------------------------ students without a club

export type UnplacedLine = {
  readonly studentId: string;
  readonly name: string;
  readonly class: string;
  /** their wishes, most wanted first: 合唱、美术 */
  readonly wishes: string;
  readonly reason: string;
};

/** Students who wanted a school-level club and got none, with why. */
export function studentsWithoutClub(instance: Instance, schedule: Schedule): readonly UnplacedLine[] {
  const ctx = context(instance, schedule);
  const students = new Map(instance.students.map((s) => [s.id, s] as const));
  return schedule.unplaced.map((u) => {
    const s = students.get(u.student);
    return {
      studentId: u.student,
      name: ctx.names.student(u.student),
      class: ctx.names.class(s?.class ?? ''),
      wishes: (s?.prefs ?? []).map(ctx.names.club).join('、'),
      reason: plainReason(ctx, u.reason),
    };
  });
}

// ------------------------------------------------------------------------------------------ club demand vs seats

export type ClubDemand = {
  readonly clubId: string;
  readonly name: string;
  /** 校级社团 / 班级社团 */
  readonly level: string;
  readonly grades: string;
  readonly days: string;
  readonly min: number | null;
  readonly seats: number | null;
  /** students with this club as 1st wish */
  readonly firstChoice: number;
  /** students listing it at all */
  readonly wanted: number;
  readonly members: number;
  readonly running: boolean;
  /** 开设 / 未开设：报名不足 15 人 … */
  readonly status: string;
};

/** Each club: demand (1st wishes, any wish) against seats and members. */
export function clubDemand(instance: Instance, schedule: Schedule): readonly ClubDemand[] {
  const first = new Map<string, number>();
  const any = new Map<string, number>();
  for (const s of instance.students) {
    const prefs = s.prefs ?? [];
    if (prefs.length > 0) first.set(prefs[0], (first.get(prefs[0]) ?? 0) + 1);
    for (const p of new Set(prefs)) any.set(p, (any.get(p) ?? 0) + 1);
  }
  const running = new Map(schedule.week.clubs.map((c) => [c.club, c] as const));
  return (instance.clubs ?? []).map((c) => {
    const wc = running.get(c.id);
    const wanted = any.get(c.id) ?? 0;
    const min = c.min ?? null;
    const status =
      c.level === 'class'
        ? '在看护班内进行'
        : wc
          ? wc.students.length >= (c.max ?? Infinity)
            ? '开设（已满）'
            : '开设'
          : min !== null && wanted < min
            ? `未开设：报名 ${wanted} 人，不足最少 ${min} 人`
            : '未开设';
    return {
      clubId: c.id,
      name: c.name,
      level: CLUB_LEVEL_LABEL[c.level] ?? c.level,
      grades: gradesLabel(c.grades),
      days: weekdaysLabel(wc?.days ?? c.days ?? []),
      min,
      seats: c.max ?? null,
      firstChoice: first.get(c.id) ?? 0,
      wanted,
      members: wc?.students.length ?? 0,
      running: wc !== undefined,
      status,
    };
  });
}

// ------------------------------------------------------------------------------------------ overview

export type Overview = {
  readonly school: string;
  readonly semester: string;
  readonly serviceDates: number;
  readonly students: number;
  readonly classes: number;
  readonly staff: number;
  readonly groups: number;
  readonly mixedGroups: number;
  readonly clubsRunning: number;
  readonly clubSessionsPerWeek: number;
  readonly studentsWantingClub: number;
  readonly studentsInClub: number;
  readonly studentsWithoutClub: number;
  /** how many got their 1st, 2nd … wish: [[1, 255], [2, 97]] */
  readonly wishes: readonly (readonly [number, number])[];
  readonly substitutions: number;
  readonly uncovered: number;
  readonly shortfalls: readonly string[];
};

/** 总览: the plan's figures and its shortfalls as sentences. */
export function overview(instance: Instance, schedule: Schedule): Overview {
  const ctx = context(instance, schedule);
  const prefs = new Map(instance.students.map((s) => [s.id, s.prefs ?? []] as const));
  const clubIds = new Set((instance.clubs ?? []).filter((c) => c.level === 'school').map((c) => c.id));
  const wanting = instance.students.filter((s) => (s.prefs ?? []).some((p) => clubIds.has(p))).length;
  const rank = new Map<number, number>();
  const placed = new Set<string>();
  for (const wc of schedule.week.clubs) {
    for (const s of wc.students) {
      if (placed.has(s)) continue;
      placed.add(s);
      const k = (prefs.get(s) ?? []).indexOf(wc.club);
      if (k >= 0) rank.set(k + 1, (rank.get(k + 1) ?? 0) + 1);
    }
  }
  let subs = 0;
  let uncovered = 0;
  for (const d of schedule.semester ?? [])
    for (const e of d.substitutions) {
      subs++;
      if (e.to === null) uncovered++;
    }
  return {
    school: instance.school.name,
    semester: `${instance.calendar.start} 至 ${instance.calendar.end}`,
    serviceDates: (schedule.semester ?? []).length,
    students: instance.students.length,
    classes: instance.classes.length,
    staff: instance.staff.length,
    groups: ctx.groups.length,
    mixedGroups: ctx.groups.filter((g) => g.classes.length > 1).length,
    clubsRunning: schedule.week.clubs.length,
    clubSessionsPerWeek: schedule.week.clubs.reduce((a, c) => a + c.days.length, 0),
    studentsWantingClub: wanting,
    studentsInClub: placed.size,
    studentsWithoutClub: schedule.unplaced.length,
    wishes: [...rank].sort((a, b) => a[0] - b[0]),
    substitutions: subs,
    uncovered,
    shortfalls: shortfallSentences(instance, schedule),
  };
}

// ------------------------------------------------------------------------------------------ shortfalls in plain Chinese

export type ShortfallLine = {
  /** 周四, or 2026-10-12（周一） */
  readonly when: string;
  /** 一（1）班 第2时段（社团 16:10–17:10） */
  readonly duty: string;
  readonly reason: string;
};

/** Every shortfall of the plan, with the duty named in the school's terms instead of `group thu/1-1 block 1`. */
export function shortfallLines(instance: Instance, schedule: Schedule): readonly ShortfallLine[] {
  const ctx = context(instance, schedule);
  return (schedule.shortfalls ?? []).map((s) => ({
    when: s.date ? `${s.date}（${dateDayLabel(s.date, s.day ?? 'mon').replace(/（.*$/, '')}）` : s.day ? weekdayLabel(s.day) : '',
    duty: describeDuty(ctx, s.duty),
    reason: plainReason(ctx, s.reason),
  }));
}

/**
 * Shortfalls merged into sentences a person reads: group blocks missing a teacher on one weekday become one
 * sentence (周四 3 个看护班的 7 个时段缺少值班教师：…); other shortfalls one sentence each.
 */
export function shortfallSentences(instance: Instance, schedule: Schedule): readonly string[] {
  const ctx = context(instance, schedule);
  const out: string[] = [];
  const groupBlocks = new Map<string, { groups: Set<string>; blocks: number; reasons: Map<string, number> }>();
  const order: string[] = [];
  for (const s of schedule.shortfalls ?? []) {
    const m = /^group (\S+) block (\d+)$/.exec(s.duty);
    const when = s.date ?? (s.day ? weekdayLabel(s.day) : '');
    if (m) {
      const key = `${when}`;
      let e = groupBlocks.get(key);
      if (!e) {
        groupBlocks.set(key, (e = { groups: new Set(), blocks: 0, reasons: new Map() }));
        order.push(`g|${key}`);
      }
      e.groups.add(m[1]);
      e.blocks++;
      const r = plainReason(ctx, s.reason);
      e.reasons.set(r, (e.reasons.get(r) ?? 0) + 1);
    } else {
      order.push(`o|${out.length}`);
      out.push(`${when ? when + ' ' : ''}${describeDuty(ctx, s.duty)}：${plainReason(ctx, s.reason)}`);
    }
  }
  const merged: string[] = [];
  const others = [...out];
  for (const o of order) {
    if (o.startsWith('o|')) merged.push(others[Number(o.slice(2))]);
    else {
      const key = o.slice(2);
      const e = groupBlocks.get(key)!;
      const labels = [...e.groups].map((g) => {
        const gi = ctx.groupById.get(g);
        return gi ? groupLabel(ctx, gi) : g;
      });
      const reasons = [...e.reasons].sort((a, b) => b[1] - a[1]).map(([r]) => r);
      const groupsText = labels.length <= 3 ? labels.join('、') : `${labels.slice(0, 3).join('、')}等`;
      merged.push(
        `${key} ${e.groups.size} 个看护班（${groupsText}）的 ${e.blocks} 个时段缺少值班教师：${reasons.slice(0, 2).join('；')}${reasons.length > 2 ? `；另有 ${reasons.length - 2} 种原因` : ''}`,
      );
    }
  }
  return merged;
}

/** A duty string of the format in the school's terms: `group thu/1-1 block 1` → 一（1）班 第2时段（社团 16:10–17:10）. */
export function dutyName(instance: Instance, schedule: Schedule, duty: string): string {
  return describeDuty(context(instance, schedule), duty);
}

/** A group of the weekly plan as people call it, with its weekday: 周一 一（2）班, 周五 六（1）班、六（2）班合班. */
export function groupName(instance: Instance, schedule: Schedule, groupId: string): string {
  const ctx = context(instance, schedule);
  const g = ctx.groupById.get(groupId);
  return g ? `${weekdayLabel(g.day)} ${groupLabel(ctx, g)}` : groupId;
}

/** A reason or message with internal ids and kind codes replaced by names (`field类房间` → 操场, group ids → classes). */
export function plainText(instance: Instance, schedule: Schedule, text: string): string {
  return plainReason(context(instance, schedule), text);
}

/** A duty string of the format (`group thu/1-1 block 1`, `club football`, `latePickup mon #1`, `room group …`,
 * `room club …`, `inspection 2026-10-12 #1`) in the school's terms. Unknown strings are returned as they are. */
function describeDuty(ctx: Context, duty: string): string {
  let m = /^group (\S+) block (\d+)$/.exec(duty);
  if (m) {
    const g = ctx.groupById.get(m[1]);
    const bi = Number(m[2]);
    const b = g?.timeline?.blocks[bi];
    return g ? `${groupLabel(ctx, g)} 第${bi + 1}时段${b ? `（${activityOf(b.kind)} ${timeRange(b.start, b.end)}）` : ''}` : `看护班 ${m[1]} 第${bi + 1}时段`;
  }
  m = /^club (.+)$/.exec(duty);
  if (m) return `社团“${ctx.names.club(m[1])}”的指导教师`;
  m = /^latePickup (\w+) #(\d+)$/.exec(duty);
  if (m) return `延时接送（第${m[2]}人）`;
  m = /^room group (\S+)$/.exec(duty);
  if (m) {
    const g = ctx.groupById.get(m[1]);
    return `${g ? groupLabel(ctx, g) : m[1]}的看护教室`;
  }
  m = /^room club (.+)$/.exec(duty);
  if (m) return `社团“${ctx.names.club(m[1])}”的活动场地`;
  m = /^inspection (\S+) #(\d+)$/.exec(duty);
  if (m) return `行政巡视（第${m[2]}人）`;
  return duty;
}

/** Replaces ids and technical words a reason may hold with names (`field类房间` → 操场; group ids → class names). */
function plainReason(ctx: Context, reason: string): string {
  let r = reason;
  r = r.replace(/([A-Za-z][\w-]*)类(房间)?/g, (all, kind: string) => (kind in KNOWN_KINDS ? roomKindLabel(kind) : all));
  r = r.replace(/\b(mon|tue|wed|thu|fri|sat|sun)\/([\w-]+)(?:#(\d+))?\b/g, (all) => {
    const g = ctx.groupById.get(all);
    return g ? groupLabel(ctx, g) : all;
  });
  return r;
}

const KNOWN_KINDS: Readonly<Record<string, true>> = Object.fromEntries(
  ['classroom', 'music', 'art', 'science', 'computer', 'library', 'gym', 'field', 'dance', 'lab', 'hall', 'playground', 'multipurpose'].map((k) => [k, true]),
);
