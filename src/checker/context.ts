// Look-up tables the rule functions share: built once from the instance and the schedule.
// Only src/model is imported; nothing here comes from the planner (src/solver).
import type { Club, Instance, Room, Schedule, SchoolClass, Staff, Student, Timeline, WeekdayName } from '../model/schema.js';
import { lessonMinutes, resolvePolicy, type ResolvedPolicy } from '../model/policy.js';
import { minutesOf, type Interval } from './time.js';
import type { RuleId, Violation } from './types.js';

export type TimelineInfo = {
  readonly timeline: Timeline;
  readonly blocks: readonly Interval[];
  /** the whole afternoon [first block start, last block end) */
  readonly afternoon: Interval;
  /** the club block, when the timeline has one */
  readonly clubBlock?: Interval;
};

export type CheckContext = {
  readonly instance: Instance;
  readonly schedule: Schedule;
  readonly policy: ResolvedPolicy;
  readonly lessonMinutes: number;
  readonly serviceDays: ReadonlySet<WeekdayName>;
  readonly students: ReadonlyMap<string, Student>;
  readonly classes: ReadonlyMap<string, SchoolClass>;
  readonly staff: ReadonlyMap<string, Staff>;
  readonly rooms: ReadonlyMap<string, Room>;
  readonly clubs: ReadonlyMap<string, Club>;
  readonly timelines: ReadonlyMap<string, TimelineInfo>;
  /** grade → its timeline id (the first timeline listing the grade) */
  readonly gradeTimeline: ReadonlyMap<number, string>;
  /** latePickup interval [latest end over all timelines, + latePickupMinutes) */
  readonly latePickup: Interval;
  /** schedule club index by club id (first occurrence) */
  readonly weekClubIndex: ReadonlyMap<string, number>;
  /** schedule group index by group id (first occurrence) */
  readonly groupIndex: ReadonlyMap<string, number>;
  /** ids of the students whose prefs name at least one school-level club */
  readonly wantsClub: ReadonlySet<string>;
  readonly violations: Violation[];
};

export function buildContext(instance: Instance, schedule: Schedule): CheckContext {
  const policy = resolvePolicy(instance.policy);
  const timelines = new Map<string, TimelineInfo>();
  const gradeTimeline = new Map<number, string>();
  let latestEnd = 0;
  for (const t of instance.timelines) {
    const blocks = t.blocks.map((b) => ({ start: minutesOf(b.start), end: minutesOf(b.end) }));
    const club = t.blocks.findIndex((b) => b.kind === 'club');
    const afternoon = { start: Math.min(...blocks.map((b) => b.start)), end: Math.max(...blocks.map((b) => b.end)) };
    latestEnd = Math.max(latestEnd, afternoon.end);
    if (!timelines.has(t.id)) timelines.set(t.id, { timeline: t, blocks, afternoon, clubBlock: club >= 0 ? blocks[club] : undefined });
    for (const g of t.grades) if (!gradeTimeline.has(g)) gradeTimeline.set(g, t.id);
  }
  const byId = <T extends { id: string }>(list: readonly T[] | undefined): Map<string, T> => {
    const m = new Map<string, T>();
    for (const x of list ?? []) if (!m.has(x.id)) m.set(x.id, x);
    return m;
  };
  const firstIndex = <T>(list: readonly T[], key: (x: T) => string): Map<string, number> => {
    const m = new Map<string, number>();
    list.forEach((x, i) => {
      if (!m.has(key(x))) m.set(key(x), i);
    });
    return m;
  };
  const clubs = byId(instance.clubs);
  const wantsClub = new Set<string>();
  for (const s of instance.students) if ((s.prefs ?? []).some((p) => clubs.get(p)?.level === 'school')) wantsClub.add(s.id);
  return {
    instance,
    schedule,
    policy,
    lessonMinutes: lessonMinutes(instance),
    serviceDays: new Set(instance.calendar.serviceWeekdays),
    students: byId(instance.students),
    classes: byId(instance.classes),
    staff: byId(instance.staff),
    rooms: byId(instance.rooms),
    clubs,
    timelines,
    gradeTimeline,
    latePickup: { start: latestEnd, end: latestEnd + policy.latePickupMinutes },
    weekClubIndex: firstIndex(schedule.week.clubs, (c) => c.club),
    groupIndex: firstIndex(schedule.week.groups, (g) => g.id),
    wantsClub,
    violations: [],
  };
}

/** JSON Pointer (RFC 6901) of a path into the schedule; fast for the common case of plain segments. */
export function pointer(...segments: readonly (string | number)[]): string {
  let out = '';
  for (const x of segments) {
    out += '/';
    out += typeof x === 'number' || (!x.includes('~') && !x.includes('/')) ? x : x.replace(/~/g, '~0').replace(/\//g, '~1');
  }
  return out;
}

/** Record one violation. */
export function report(ctx: CheckContext, rule: RuleId, path: string, message: string): void {
  ctx.violations.push({ rule, path, message });
}

/** "王芳（t001）" for messages. */
export function staffLabel(ctx: CheckContext, id: string): string {
  const s = ctx.staff.get(id);
  return s ? `${s.name}（${id}）` : id;
}

/** The student's service days: their chosen weekdays that are service weekdays. */
export function attendsOn(ctx: CheckContext, student: Student, day: WeekdayName): boolean {
  return ctx.serviceDays.has(day) && student.days.includes(day);
}

/** The grade of a student (undefined when their class is unknown). */
export function gradeOf(ctx: CheckContext, student: Student): number | undefined {
  return ctx.classes.get(student.class)?.grade;
}

/** The club's time: the club block of the timeline of its grades. */
export function clubInterval(ctx: CheckContext, club: Club): Interval | undefined {
  for (const g of club.grades) {
    const t = ctx.gradeTimeline.get(g);
    const block = t === undefined ? undefined : ctx.timelines.get(t)?.clubBlock;
    if (block) return block;
  }
  return undefined;
}

/** Students who want a school club: prefs name at least one school-level club. */
export function wantsSchoolClub(ctx: CheckContext, student: Student): boolean {
  return ctx.wantsClub.has(student.id);
}

export const isPriority = (student: Student): boolean => (student.priority ?? []).length > 0;

/** insider = teacher or leader (docs/decisions.md "Staff eligibility"). */
export const isInsider = (s: Staff): boolean => s.roles.includes('teacher') || s.roles.includes('leader');
