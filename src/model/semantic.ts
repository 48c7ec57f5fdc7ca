// The meaning layer of validation: rules between fields and lists of an instance (domain.md, format.md).
// It runs on a structurally checked value and looks only at parts that passed (an unsound element is
// skipped, but its id still counts as known, so one broken class does not make its students "unknown").
// Every rule is one function; every id lookup is a Map, so ids like `__proto__` are ordinary ids.
import type { Problem } from './problems.js';
import { pointer } from './problems.js';
import {
  ROLES,
  WEEKDAYS,
  type Block,
  type Club,
  type Holiday,
  type Leave,
  type Room,
  type SchoolClass,
  type Season,
  type Staff,
  type Student,
  type Timeline,
  type WeekdayName,
  type Workday,
} from './schema.js';
import { DEFAULT_LESSON_MINUTES, DEFAULT_POLICY, type ResolvedPolicy } from './policy.js';
import {
  WEEKDAY_ZH,
  formatDate,
  formatTime,
  inMonthDayRange,
  monthDayOf,
  parseDate,
  parseMonthDay,
  parseTime,
  weekdayOf,
} from './clock.js';
import { editDistance, suggestValue } from './suggest.js';
import { resolveName } from './names.js';

/** One element of a list: index, value, JSON Pointer; `clean` when nothing below it was rejected by structure. */
type Item<T> = { readonly i: number; readonly v: T; readonly path: string; readonly clean?: boolean };

type ListName = 'timelines' | 'rooms' | 'classes' | 'staff' | 'clubs' | 'students' | 'leave' | 'holidays' | 'workdays' | 'seasons';
type Elements = {
  timelines: Timeline;
  rooms: Room;
  classes: SchoolClass;
  staff: Staff;
  clubs: Club;
  students: Student;
  leave: Leave;
  holidays: Holiday;
  workdays: Workday;
  seasons: Season;
};

type View = {
  readonly stage: string | undefined;
  readonly lessonMinutes: number;
  readonly policy: ResolvedPolicy;
  /** which policy fields the instance sets (and are sound) */
  readonly policyGiven: ReadonlySet<string>;
  readonly start: number | undefined; // day numbers, when sound
  readonly end: number | undefined;
  /** service weekday indices, or undefined when `serviceWeekdays` is unsound (day rules are then skipped) */
  readonly serviceDays: ReadonlySet<number> | undefined;
  readonly serviceMask: number | undefined;
  /** a student's weekdays as a bit mask (memoised) */
  daysMask(s: Item<Student>): number;
  /**
   * The elements of a list that are objects whose named fields are each absent or structurally sound: a rule
   * names the fields it reads, so one broken field hides an element only from the rules that need that field.
   */
  pick<L extends ListName>(list: L, keys: readonly (keyof Elements[L] & string)[]): readonly Item<Elements[L]>[];
  /** is this field of this element absent or sound? */
  fieldOk(item: Item<unknown>, key: string): boolean;
  /** id → first index, over every element that has a usable id (sound or not) */
  readonly ids: {
    readonly timelines: ReadonlyMap<string, number>;
    readonly rooms: ReadonlyMap<string, number>;
    readonly classes: ReadonlyMap<string, number>;
    readonly staff: ReadonlyMap<string, number>;
    readonly clubs: ReadonlyMap<string, number>;
    readonly students: ReadonlyMap<string, number>;
  };
  /** class id → grade (classes whose id and grade are sound) */
  readonly gradeOfClass: ReadonlyMap<string, number>;
  /** grade → its (first) timeline; `blocks` only when they are sound */
  readonly timelineOfGrade: ReadonlyMap<number, { readonly item: Item<Timeline>; readonly blocks: readonly Block[] | undefined }>;
  /** club id → club, for clubs whose id, name, level, grades, days and sessionsPerWeek are sound */
  readonly clubById: ReadonlyMap<string, Item<Club>>;
};

type Out = { error(path: string, code: string, message: string): void; warn(path: string, code: string, message: string): void };

const LISTS = ['timelines', 'rooms', 'classes', 'staff', 'clubs', 'students', 'leave'] as const;
const LIST_ZH: Record<(typeof LISTS)[number], string> = {
  timelines: '作息时间线',
  rooms: '教室/场地',
  classes: '班级',
  staff: '教职工',
  clubs: '社团',
  students: '学生',
  leave: '请假记录',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const DAY_INDEX = new Map<string, number>(WEEKDAYS.map((d, k) => [d, k]));
const dayIndex = (d: WeekdayName): number => DAY_INDEX.get(d) ?? -1;
/** weekdays as a bit mask (bit k = weekday k) */
const dayMask = (days: readonly WeekdayName[]): number => days.reduce((m, d) => m | (1 << dayIndex(d)), 0);
const popcount = (m: number): number => {
  let n = 0;
  for (; m; m &= m - 1) n++;
  return n;
};
const zhDay = (d: WeekdayName | number): string => WEEKDAY_ZH[typeof d === 'number' ? WEEKDAYS[d] : d];
const minutes = (t: string): number => parseTime(t) ?? 0;
const isInsider = (s: Staff): boolean => s.roles.includes('teacher') || s.roles.includes('leader');
const guesses = new WeakMap<ReadonlyMap<string, number>, Map<string, string>>();
/** `，是否想写“1-1”？` for an unknown id close to a known one (spaces, full-width characters, case, one typo), else ''. */
function didYouMean(id: string, ids: ReadonlyMap<string, number>): string {
  let memo = guesses.get(ids);
  if (!memo) guesses.set(ids, (memo = new Map()));
  let text = memo.get(id);
  if (text === undefined) {
    const guess = closestId(id, ids);
    text = guess === undefined ? '' : `，是否想写“${guess}”？`;
    memo.set(id, text);
  }
  return text;
}
function closestId(id: string, ids: ReadonlyMap<string, number>): string | undefined {
  const normal = id.normalize('NFKC').trim();
  if (normal !== id && ids.has(normal)) return normal;
  if (ids.size > 3000 || id.length > 40) return undefined;
  const lower = normal.toLowerCase();
  let best: string | undefined;
  let bestDistance = 2;
  for (const known of ids.keys()) {
    if (known.toLowerCase() === lower) return known;
    if (Math.abs(known.length - id.length) > 1 || known.length < 3) continue;
    const d = editDistance(normal, known);
    if (d < bestDistance) {
      bestDistance = d;
      best = known;
    }
  }
  return best;
}

/** a student's name for messages, whatever state the element is in */
const who = (s: Item<Student>): string =>
  typeof s.v.name === 'string' && s.v.name !== '' ? s.v.name : typeof s.v.id === 'string' ? s.v.id : `#${s.i}`;

/** The meaning problems of a structurally checked instance; `unsound` holds the paths structure rejected. */
export function checkMeaning(
  doc: Record<string, unknown>,
  unsound: ReadonlySet<string>,
  problems: { push(...p: Problem[]): number } = [],
): Problem[] {
  const out: Out = {
    error: (path, code, message) => problems.push({ path, code, message, severity: 'error' }),
    warn: (path, code, message) => problems.push({ path, code, message, severity: 'warning' }),
  };
  ruleDuplicateIds(doc, out); // ids of every list, even of unsound elements
  const v = buildView(doc, unsound);
  for (const rule of RULES) rule(v, out);
  return Array.isArray(problems) ? problems : [];
}

const RULES: readonly ((v: View, out: Out) => void)[] = [
  ruleCalendarOrder,
  ruleSemesterLength,
  ruleStaffPerDay,
  ruleServiceDays,
  ruleHolidayOrder,
  ruleWorkdays,
  ruleBlocks,
  ruleStudyTime,
  ruleLatestEnd,
  ruleStageLatestEnd,
  ruleGradeInTwoTimelines,
  ruleGradeWithoutTimeline,
  ruleTimelineGradeUnused,
  ruleNegative,
  ruleClassRefs,
  ruleClassOverSize,
  ruleStaffRoles,
  ruleInspectionDays,
  ruleStaffPins,
  ruleLeave,
  ruleClubMinMax,
  ruleClubDays,
  ruleClubBlock,
  ruleClubRoom,
  ruleClubLeader,
  ruleClubBelowMin,
  ruleStudentClass,
  ruleStudentDays,
  ruleStudentPrefs,
  rulePins,
  rulePolicyCaps,
  ruleGroupRooms,
];

// ------------------------------------------------------------------ view

function buildView(doc: Record<string, unknown>, unsound: ReadonlySet<string>): View {
  const sound = (path: string) => !unsound.has(path);
  const field = <T>(obj: unknown, key: string, path: string): T | undefined =>
    isRecord(obj) && hasOwn(obj, key) && obj[key] !== undefined && sound(path + '/' + key) ? (obj[key] as T) : undefined;

  const school = doc.school;
  const stage = field<string>(school, 'stage', '/school');
  const lessonMinutes = field<number>(school, 'lessonMinutes', '/school') ?? DEFAULT_LESSON_MINUTES;

  const policyGiven = new Set<string>();
  const policy: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (const key of Object.keys(DEFAULT_POLICY)) {
    const value = field(doc.policy, key, '/policy');
    if (value !== undefined) {
      policy[key] = value;
      policyGiven.add(key);
    }
  }

  const cal = doc.calendar;
  const startText = field<string>(cal, 'start', '/calendar');
  const endText = field<string>(cal, 'end', '/calendar');
  const sw = field<WeekdayName[]>(cal, 'serviceWeekdays', '/calendar');

  const raw: Record<ListName, { base: string; list: unknown }> = {
    timelines: { base: '/timelines', list: doc.timelines },
    rooms: { base: '/rooms', list: doc.rooms },
    classes: { base: '/classes', list: doc.classes },
    staff: { base: '/staff', list: doc.staff },
    clubs: { base: '/clubs', list: doc.clubs },
    students: { base: '/students', list: doc.students },
    leave: { base: '/leave', list: doc.leave },
    holidays: { base: '/calendar/holidays', list: isRecord(cal) ? cal.holidays : undefined },
    workdays: { base: '/calendar/workdays', list: isRecord(cal) ? cal.workdays : undefined },
    seasons: { base: '/calendar/seasons', list: isRecord(cal) ? cal.seasons : undefined },
  };
  const all = new Map<ListName, Item<unknown>[]>();
  const allOf = (list: ListName): Item<unknown>[] => {
    let items = all.get(list);
    if (!items) {
      const { base, list: arr } = raw[list];
      items = [];
      if (Array.isArray(arr)) {
        for (let i = 0; i < arr.length; i++) {
          if (!isRecord(arr[i])) continue;
          const path = base + '/' + i;
          items.push({ i, v: arr[i], path, clean: sound(path) });
        }
      }
      all.set(list, items);
    }
    return items;
  };
  // an absent optional field has no problem at its path; an absent required one has `missing-field` there
  const fieldOk = (item: Item<unknown>, key: string): boolean => item.clean === true || sound(item.path + '/' + key);
  const picked = new Map<string, readonly Item<unknown>[]>();
  const pick = <L extends ListName>(list: L, keys: readonly string[]): readonly Item<Elements[L]>[] => {
    const memo = list + ':' + keys.join(',');
    let res = picked.get(memo);
    if (!res) {
      const items = allOf(list);
      // fast path: nothing under this list was rejected (unknown fields do not count)
      res = !unsound.has(raw[list].base) ? items : items.filter((it) => it.clean || keys.every((k) => fieldOk(it, k)));
      picked.set(memo, res);
    }
    return res as readonly Item<Elements[L]>[];
  };

  // a number given as an id (a structural error already) still counts, so its references are not "unknown" too
  const idsOf = (list: unknown): Map<string, number> => {
    const m = new Map<string, number>();
    if (Array.isArray(list)) {
      list.forEach((e, i) => {
        if (!isRecord(e) || (typeof e.id !== 'string' && typeof e.id !== 'number') || e.id === '') return;
        const id = String(e.id);
        if (!m.has(id)) m.set(id, i);
      });
    }
    return m;
  };
  const masks = new Map<Item<Student>, number>();
  const gradeOfClass = new Map<string, number>();
  for (const c of pick('classes', ['id', 'grade'])) if (!gradeOfClass.has(c.v.id)) gradeOfClass.set(c.v.id, c.v.grade);
  const timelineOfGrade = new Map<number, { item: Item<Timeline>; blocks: readonly Block[] | undefined }>();
  for (const t of pick('timelines', ['id', 'grades'])) {
    const blocks = fieldOk(t, 'blocks') ? t.v.blocks : undefined;
    for (const g of t.v.grades) if (!timelineOfGrade.has(g)) timelineOfGrade.set(g, { item: t, blocks });
  }
  const clubById = new Map<string, Item<Club>>();
  for (const c of pick('clubs', ['id', 'name', 'level', 'grades', 'days', 'sessionsPerWeek'])) if (!clubById.has(c.v.id)) clubById.set(c.v.id, c);

  return {
    stage,
    lessonMinutes,
    policy: policy as ResolvedPolicy,
    policyGiven,
    start: startText === undefined ? undefined : parseDate(startText),
    end: endText === undefined ? undefined : parseDate(endText),
    serviceDays: sw === undefined ? undefined : new Set(sw.map(dayIndex)),
    serviceMask: sw === undefined ? undefined : dayMask(sw),
    daysMask: (s) => {
      let m = masks.get(s);
      if (m === undefined) masks.set(s, (m = dayMask(s.v.days)));
      return m;
    },
    pick: pick as View['pick'],
    fieldOk,
    ids: {
      timelines: idsOf(doc.timelines),
      rooms: idsOf(doc.rooms),
      classes: idsOf(doc.classes),
      staff: idsOf(doc.staff),
      clubs: idsOf(doc.clubs),
      students: idsOf(doc.students),
    },
    gradeOfClass,
    timelineOfGrade,
    clubById,
  };
}

// ------------------------------------------------------------------ ids

// ids are unique within their list (format.md), leave ids too when given
function ruleDuplicateIds(doc: Record<string, unknown>, out: Out): void {
  for (const list of LISTS) {
    const items = doc[list];
    if (!Array.isArray(items)) continue;
    const seen = new Map<string, number>();
    items.forEach((e, i) => {
      if (!isRecord(e) || typeof e.id !== 'string' || e.id === '') return;
      const first = seen.get(e.id);
      if (first === undefined) seen.set(e.id, i);
      else out.error(pointer(list, i, 'id'), 'duplicate-id', `${LIST_ZH[list]}编号“${e.id}”重复：与 ${pointer(list, first)} 相同`);
    });
  }
}

// ------------------------------------------------------------------ calendar

// T1 the semester starts before it ends
function ruleCalendarOrder(v: View, out: Out): void {
  if (v.start !== undefined && v.end !== undefined && v.start > v.end) {
    out.error('/calendar/end', 'calendar-order', `学期结束日期 ${formatDate(v.end)} 早于开始日期 ${formatDate(v.start)}`);
  }
}

/** The longest semester accepted, in days (a school year with its summer, 366 days inclusive). */
export const MAX_SEMESTER_DAYS = 366;

// T1 a semester lasts at most a year (a year typed 2062 for 2026 would plan decades, day by day)
function ruleSemesterLength(v: View, out: Out): void {
  if (v.start !== undefined && v.end !== undefined && v.end - v.start + 1 > MAX_SEMESTER_DAYS) {
    out.error(
      '/calendar/end',
      'semester-too-long',
      `学期从 ${formatDate(v.start)} 到 ${formatDate(v.end)}，共 ${v.end - v.start + 1} 天，超过一年（${MAX_SEMESTER_DAYS} 天）：请检查年份，或按学期分开排`,
    );
  }
}

// P6 P7 a day's inspectors and late-pickup staff are people of the staff list: no more per day than there are
function ruleStaffPerDay(v: View, out: Out): void {
  const staff = v.ids.staff.size;
  for (const key of ['inspectorsPerDay', 'latePickupStaffPerDay'] as const) {
    if (!v.policyGiven.has(key) || v.policy[key] <= staff) continue;
    const what = key === 'inspectorsPerDay' ? '每天巡视人数' : '每天延时接送值班人数';
    out.error(`/policy/${key}`, 'more-than-staff', `${what} ${v.policy[key]} 超过教职工总数 ${staff}`);
  }
}

// T1 the school serves at least one weekday
function ruleServiceDays(v: View, out: Out): void {
  if (v.serviceDays !== undefined && v.serviceDays.size === 0) {
    out.warn('/calendar/serviceWeekdays', 'no-service-days', '服务星期为空：整个学期都不提供课后服务');
  }
}

// T2 a holiday range runs forwards
function ruleHolidayOrder(v: View, out: Out): void {
  for (const h of v.pick('holidays', ['from', 'to', 'name'])) {
    if (parseDate(h.v.from)! > parseDate(h.v.to)!) {
      out.error(h.path + '/to', 'holiday-order', `假期${h.v.name ? `“${h.v.name}”` : ''}的结束日期 ${h.v.to} 早于开始日期 ${h.v.from}`);
    }
  }
}

// T2 a make-up workday (调休) runs the timetable of a service weekday, inside the semester
function ruleWorkdays(v: View, out: Out): void {
  for (const w of v.pick('workdays', ['as'])) {
    if (v.serviceDays !== undefined && !v.serviceDays.has(dayIndex(w.v.as))) {
      out.error(w.path + '/as', 'day-not-served', `调休日按${zhDay(w.v.as)}上课，但学校${zhDay(w.v.as)}不提供课后服务（不在 serviceWeekdays 中）`);
    }
  }
  if (v.start === undefined || v.end === undefined || v.start > v.end) return;
  for (const w of v.pick('workdays', ['date'])) {
    const d = parseDate(w.v.date)!;
    if (d < v.start || d > v.end) {
      out.warn(w.path + '/date', 'workday-outside-semester', `调休日 ${w.v.date} 不在学期 ${formatDate(v.start)} 至 ${formatDate(v.end)} 之内，将被忽略`);
    }
  }
}

// ------------------------------------------------------------------ timelines

const timelineName = (t: Item<Timeline>): string => (typeof t.v.id === 'string' ? `“${t.v.id}”` : `#${t.i}`);

// T5 blocks are consecutive: each ends after it starts, in order, not overlapping
function ruleBlocks(v: View, out: Out): void {
  for (const t of v.pick('timelines', ['blocks'])) {
    const b = t.v.blocks;
    for (let k = 0; k < b.length; k++) {
      const s = minutes(b[k].start);
      const e = minutes(b[k].end);
      const at = `${t.path}/blocks/${k}`;
      if (e <= s) out.error(at + '/end', 'block-empty', `时段 ${b[k].start}-${b[k].end} 的结束时间不晚于开始时间`);
      if (k === 0) continue;
      const ps = minutes(b[k - 1].start);
      const pe = minutes(b[k - 1].end);
      if (s < ps) out.error(at + '/start', 'block-order', `时段应按时间先后排列：${b[k].start} 开始的时段排在了 ${b[k - 1].start} 开始的时段之后`);
      else if (s < pe) out.error(at + '/start', 'blocks-overlap', `时段 ${b[k].start}-${b[k].end} 与上一时段 ${b[k - 1].start}-${b[k - 1].end} 重叠`);
      else if (s > pe && pe > ps) out.warn(at + '/start', 'block-gap', `时段之间有空档：${b[k - 1].end} 至 ${b[k].start} 没有安排`);
    }
  }
}

// T6 study (作业辅导/答疑) at most maxStudyPeriods × lessonMinutes a day
function ruleStudyTime(v: View, out: Out): void {
  const limit = v.policy.maxStudyPeriods * v.lessonMinutes;
  for (const t of v.pick('timelines', ['blocks'])) {
    let total = 0;
    t.v.blocks.forEach((b, k) => {
      if (b.kind !== 'study') return;
      const before = total;
      total += Math.max(0, minutes(b.end) - minutes(b.start));
      if (before <= limit && total > limit) {
        out.error(
          `${t.path}/blocks/${k}`,
          'study-too-long',
          `作息时间线${timelineName(t)}的作业辅导（study）共 ${sumStudy(t.v.blocks)} 分钟，超过每天 ${v.policy.maxStudyPeriods} 课时 × ${v.lessonMinutes} 分钟 = ${limit} 分钟（T6）`,
        );
      }
    });
  }
}
const sumStudy = (blocks: readonly Block[]): number =>
  blocks.filter((b) => b.kind === 'study').reduce((s, b) => s + Math.max(0, minutes(b.end) - minutes(b.start)), 0);

/** The seasons whose MM-DD range meets a date of [start, end]. */
function touchedSeasons(v: View): Item<Season>[] {
  const { start, end } = v;
  if (start === undefined || end === undefined || start > end) return [];
  return v.pick('seasons', ['from', 'to', 'latestEnd']).filter((s) => {
    const from = parseMonthDay(s.v.from)!;
    const to = parseMonthDay(s.v.to)!;
    if (end - start >= 366) return true;
    for (let d = start; d <= end; d++) if (inMonthDayRange(monthDayOf(d), from, to)) return true;
    return false;
  });
}

// T4 every timeline ends by the latestEnd of every season the semester touches
function ruleLatestEnd(v: View, out: Out): void {
  const seasons = touchedSeasons(v);
  if (seasons.length === 0) return;
  const strictest = seasons.reduce((a, b) => (minutes(b.v.latestEnd) < minutes(a.v.latestEnd) ? b : a));
  const limit = minutes(strictest.v.latestEnd);
  for (const t of v.pick('timelines', ['blocks'])) {
    const k = lastEnding(t.v.blocks);
    const end = minutes(t.v.blocks[k].end);
    if (end > limit) {
      out.error(
        `${t.path}/blocks/${k}/end`,
        'ends-after-latest',
        `作息时间线${timelineName(t)}结束于 ${formatTime(end)}，晚于学期所跨季节（${strictest.v.from} 至 ${strictest.v.to}）的最晚结束时间 ${strictest.v.latestEnd}（T4）`,
      );
    }
  }
}
const lastEnding = (blocks: readonly Block[]): number =>
  blocks.reduce((best, b, k) => (minutes(b.end) > minutes(blocks[best].end) ? k : best), 0);

// T4 without seasons: primary ends by 18:00, junior middle by 18:30 (teacher-plans part 2; warning)
function ruleStageLatestEnd(v: View, out: Out): void {
  const cal = v.pick('seasons', []);
  if (cal.length > 0 || v.stage === undefined) return;
  for (const t of v.pick('timelines', ['blocks', 'grades'])) {
    const junior = v.stage === 'junior' || (v.stage === 'nine-year' && t.v.grades.every((g) => g >= 7));
    const limit = junior ? 18 * 60 + 30 : 18 * 60;
    const k = lastEnding(t.v.blocks);
    if (minutes(t.v.blocks[k].end) > limit) {
      out.warn(
        `${t.path}/blocks/${k}/end`,
        'late-end',
        `作息时间线${timelineName(t)}结束于 ${t.v.blocks[k].end}，晚于${junior ? '初中 18:30' : '小学 18:00'} 的常规最晚结束时间（T4；本校规定可写在 calendar.seasons 中）`,
      );
    }
  }
}

// T5 each grade is in at most one timeline
function ruleGradeInTwoTimelines(v: View, out: Out): void {
  const seen = new Map<number, Item<Timeline>>();
  for (const t of v.pick('timelines', ['grades'])) {
    const inThis = new Set<number>();
    t.v.grades.forEach((g, k) => {
      const first = seen.get(g);
      if (inThis.has(g)) out.warn(`${t.path}/grades/${k}`, 'duplicate-item', `年级 ${g} 在作息时间线${timelineName(t)}中重复出现`);
      else if (first) out.error(`${t.path}/grades/${k}`, 'grade-in-two-timelines', `年级 ${g} 同时在作息时间线${timelineName(first)}和${timelineName(t)}中：每个年级只能属于一条时间线`);
      else seen.set(g, t);
      inThis.add(g);
    });
  }
}

// T5 each grade with students has a timeline
function ruleGradeWithoutTimeline(v: View, out: Out): void {
  const count = new Map<number, { n: number; classes: string[] }>();
  for (const s of v.pick('students', ['class'])) {
    const grade = v.gradeOfClass.get(s.v.class);
    if (grade === undefined || v.timelineOfGrade.has(grade)) continue;
    const e = count.get(grade);
    if (!e) count.set(grade, { n: 1, classes: [s.v.class] });
    else {
      e.n++;
      if (!e.classes.includes(s.v.class)) e.classes.push(s.v.class);
    }
  }
  if (count.size === 0) return;
  const firstClass = new Map<string, Item<SchoolClass>>();
  for (const c of v.pick('classes', ['id', 'grade'])) if (!firstClass.has(c.v.id)) firstClass.set(c.v.id, c);
  for (const [grade, e] of count) {
    const names = e.classes.slice(0, 5).join('、') + (e.classes.length > 5 ? ' 等' : '');
    out.error(`${firstClass.get(e.classes[0])!.path}/grade`, 'grade-without-timeline', `${grade} 年级有 ${e.n} 名学生（${names} 班），但没有任何作息时间线包含 ${grade} 年级`);
  }
}

// T5 a timeline's grades exist among the classes (warning)
function ruleTimelineGradeUnused(v: View, out: Out): void {
  const classes = v.pick('classes', ['grade']);
  if (classes.length === 0) return;
  const grades = new Set(classes.map((c) => c.v.grade));
  for (const t of v.pick('timelines', ['grades'])) {
    t.v.grades.forEach((g, k) => {
      if (!grades.has(g)) out.warn(`${t.path}/grades/${k}`, 'timeline-grade-unused', `作息时间线${timelineName(t)}包含 ${g} 年级，但没有任何班级是 ${g} 年级`);
    });
  }
}

// ------------------------------------------------------------------ rooms, classes, staff, leave

// R1 capacities and class sizes are not negative
function ruleNegative(v: View, out: Out): void {
  for (const r of v.pick('rooms', ['capacity'])) if (r.v.capacity < 0) out.error(r.path + '/capacity', 'negative', `教室/场地的容量不能为负数（${r.v.capacity}）`);
  for (const c of v.pick('classes', ['size'])) if (c.v.size < 0) out.error(c.path + '/size', 'negative', `班级人数不能为负数（${c.v.size}）`);
}

// R1 a class's room and homeroom teacher exist; its room is a group room kind (warning)
function ruleClassRefs(v: View, out: Out): void {
  const kindOf = new Map<string, string>();
  for (const r of v.pick('rooms', ['id', 'kind'])) if (!kindOf.has(r.v.id)) kindOf.set(r.v.id, r.v.kind);
  for (const c of v.pick('classes', ['room'])) {
    if (c.v.room === undefined) continue;
    if (!v.ids.rooms.has(c.v.room)) {
      out.error(c.path + '/room', 'unknown-room', `班级的教室“${c.v.room}”不在 rooms 列表中${didYouMean(c.v.room, v.ids.rooms)}`);
      continue;
    }
    const kind = kindOf.get(c.v.room);
    if (kind !== undefined && !v.policy.groupRoomKinds.includes(kind)) {
      out.warn(
        c.path + '/room',
        'class-room-kind',
        `班级的教室“${c.v.room}”类型为“${kind}”，不在可用于看护的教室类型（policy.groupRoomKinds：${v.policy.groupRoomKinds.join('、')}）中`,
      );
    }
  }
  for (const c of v.pick('classes', ['homeroom'])) {
    if (c.v.homeroom !== undefined && !v.ids.staff.has(c.v.homeroom)) {
      out.error(c.path + '/homeroom', 'unknown-staff', `班主任“${c.v.homeroom}”不在 staff 列表中${didYouMean(c.v.homeroom, v.ids.staff)}`);
    }
  }
}

// S1 a class has no more students in the service than on its roll (warning)
function ruleClassOverSize(v: View, out: Out): void {
  const n = new Map<string, number>();
  for (const s of v.pick('students', ['class'])) n.set(s.v.class, (n.get(s.v.class) ?? 0) + 1);
  for (const c of v.pick('classes', ['id', 'size'])) {
    const k = n.get(c.v.id) ?? 0;
    if (c.v.size >= 0 && k > c.v.size) {
      out.warn(c.path + '/size', 'class-over-size', `班级“${c.v.id}”登记人数 ${c.v.size}，但有 ${k} 名学生报名课后服务`);
    }
  }
}

// P1 roles are the known ones
function ruleStaffRoles(v: View, out: Out): void {
  for (const s of v.pick('staff', ['roles'])) {
    s.v.roles.forEach((role, k) => {
      if ((ROLES as readonly string[]).includes(role)) return;
      const guess = suggestValue(role, ROLES);
      out.error(`${s.path}/roles/${k}`, 'unknown-role', `未知角色“${role}”${guess ? `，是否想写“${guess}”？` : '。'}允许的角色：${ROLES.join('、')}`);
    });
  }
}

// P6 inspection pins belong to leaders, on service weekdays (warnings)
function ruleInspectionDays(v: View, out: Out): void {
  for (const s of v.pick('staff', ['roles', 'inspectionDays'])) {
    const days = s.v.inspectionDays;
    if (!days || days.length === 0) continue;
    if (!s.v.roles.includes('leader')) {
      out.warn(s.path + '/inspectionDays', 'inspection-not-leader', `${typeof s.v.name === 'string' ? `“${s.v.name}”` : '此人'}不是领导（leader），不参加行政巡视，inspectionDays 将被忽略`);
      continue;
    }
    days.forEach((d, k) => {
      if (v.serviceDays !== undefined && !v.serviceDays.has(dayIndex(d))) {
        out.warn(`${s.path}/inspectionDays/${k}`, 'inspection-day-not-served', `巡视日${zhDay(d)}不是服务日，将被忽略`);
      }
    });
  }
}

// P-PIN a staff pin names one known class (id) or one group, on the class's service days, for blocks its timeline
// has; a pin that can never hold (not an insider, exempt, unavailable that day) is a warning: the planner reports it
function ruleStaffPins(v: View, out: Out): void {
  for (const s of v.pick('staff', ['roles', 'pins', 'unavailable', 'exempt', 'misconduct'])) {
    const pins = s.v.pins;
    if (!pins) continue;
    const name = typeof s.v.name === 'string' ? `“${s.v.name}”` : '此人';
    pins.forEach((pin, k) => {
      const path = `${s.path}/pins/${k}`;
      if ((pin.class === undefined) === (pin.group === undefined)) {
        out.error(path, 'bad-pin', `固定安排应写明一个班级 class（如 "3-2"）或一个组 group（如 "mon/3-2"），二者只能写一个`);
        return;
      }
      const days = pin.days ?? [];
      // names where people type: the class id, or one that differs only in width or spaces (３-２, ' 3-2')
      const classId = pin.class === undefined ? undefined : pinClassId(v, pin.class);
      if (pin.class !== undefined && classId === undefined) {
        out.error(path + '/class', 'unknown-class', `固定安排的班级“${pin.class}”不在 classes 列表中${didYouMean(pin.class, v.ids.classes)}`);
      }
      if (pin.group !== undefined) {
        const slash = pin.group.indexOf('/');
        const day = slash > 0 ? pin.group.slice(0, slash) : '';
        if (!(WEEKDAYS as readonly string[]).includes(day)) {
          out.error(path + '/group', 'bad-pin', `组“${pin.group}”应以星期开头，如 "mon/3-2"（排班结果中的组编号）`);
        } else if (days.length > 0 && !days.includes(day as WeekdayName)) {
          out.warn(path + '/days', 'pin-impossible', `组“${pin.group}”在${zhDay(day as WeekdayName)}，与 days 不一致，此固定安排无法满足`);
        }
      }
      if (!s.v.roles.includes('teacher') && !s.v.roles.includes('leader')) {
        out.warn(path, 'pin-impossible', `${name}不是校内教师（teacher 或 leader），不能看护学生组，此固定安排无法满足`);
      }
      if (s.v.exempt === true || s.v.misconduct === true) {
        out.warn(path, 'pin-impossible', `${name}${s.v.exempt === true ? '已免于课后服务' : '有师德师风问题记录'}，不承担任何值班，此固定安排无法满足`);
      }
      days.forEach((d, j) => {
        if (v.serviceDays !== undefined && !v.serviceDays.has(dayIndex(d))) {
          out.warn(`${path}/days/${j}`, 'pin-impossible', `${zhDay(d)}不是服务日，此固定安排当天无从满足`);
        } else if ((s.v.unavailable ?? []).includes(d)) {
          out.warn(`${path}/days/${j}`, 'pin-impossible', `${name}${zhDay(d)}不可安排（unavailable），与固定安排矛盾`);
        }
      });
      const grade = classId !== undefined ? v.gradeOfClass.get(classId) : undefined;
      const blocks = grade === undefined ? undefined : v.timelineOfGrade.get(grade)?.blocks;
      if (blocks) {
        (pin.blocks ?? []).forEach((b, j) => {
          if (b >= blocks.length) out.error(`${path}/blocks/${j}`, 'bad-pin', `班级“${pin.class}”的作息只有 ${blocks.length} 个时段（编号 0–${blocks.length - 1}），没有时段 ${b}`);
        });
      }
    });
  }
}

/** A pin's class: its id, or the one id it names after NFKC normalisation (model/names.ts); undefined otherwise. */
function pinClassId(v: View, typed: string): string | undefined {
  if (v.ids.classes.has(typed)) return typed;
  const r = resolveName({ staff: [], classes: [...v.ids.classes.keys()].map((id) => ({ id, grade: 1, size: 0 })), rooms: [] }, 'class', typed);
  return r.ok ? r.id : undefined;
}

// P2 leave names a known staff member, from ≤ to
function ruleLeave(v: View, out: Out): void {
  for (const l of v.pick('leave', ['staff'])) {
    if (!v.ids.staff.has(l.v.staff)) out.error(l.path + '/staff', 'unknown-staff', `请假的教职工“${l.v.staff}”不在 staff 列表中${didYouMean(l.v.staff, v.ids.staff)}`);
  }
  for (const l of v.pick('leave', ['from', 'to'])) {
    if (parseDate(l.v.from)! > parseDate(l.v.to)!) out.error(l.path + '/to', 'leave-order', `请假结束日期 ${l.v.to} 早于开始日期 ${l.v.from}`);
  }
}

// ------------------------------------------------------------------ clubs

const clubMin = (c: Club): number => c.min ?? 1;
const clubName = (c: Item<Club>): string => (typeof c.v.name === 'string' ? `“${c.v.name}”` : typeof c.v.id === 'string' ? `“${c.v.id}”` : `#${c.i}`);
const schoolClubs = (v: View, keys: readonly (keyof Club & string)[]): Item<Club>[] =>
  v.pick('clubs', ['level', ...keys]).filter((c) => c.v.level === 'school');

// S6 a club's minimum does not exceed its maximum
function ruleClubMinMax(v: View, out: Out): void {
  for (const c of v.pick('clubs', ['min', 'max'])) {
    if (c.v.max === undefined || clubMin(c.v) <= c.v.max) continue;
    out.error(
      c.path + (c.v.min === undefined ? '/max' : '/min'),
      'club-min-over-max',
      `社团${clubName(c)}的最少人数 ${clubMin(c.v)}${c.v.min === undefined ? '（默认）' : ''} 大于最多人数 ${c.v.max}`,
    );
  }
}

// S6 fixed club days are service weekdays; sessionsPerWeek fits the week
function ruleClubDays(v: View, out: Out): void {
  for (const c of schoolClubs(v, ['days', 'sessionsPerWeek'])) {
    const days = c.v.days;
    if (days !== undefined) {
      if (days.length === 0) {
        out.warn(c.path + '/days', 'empty-club-days', `社团${clubName(c)}的 days 是空列表，社团不会开课；若要由排课程序选择日期，请删掉 days`);
      }
      days.forEach((d, k) => {
        if (v.serviceDays !== undefined && !v.serviceDays.has(dayIndex(d))) {
          out.error(`${c.path}/days/${k}`, 'day-not-served', `社团${clubName(c)}定在${zhDay(d)}，但学校${zhDay(d)}不提供课后服务`);
        }
      });
      if (c.v.sessionsPerWeek !== undefined && c.v.sessionsPerWeek !== days.length) {
        out.warn(c.path + '/sessionsPerWeek', 'sessions-ignored', `社团${clubName(c)}已固定 ${days.length} 天（days），sessionsPerWeek = ${c.v.sessionsPerWeek} 将被忽略`);
      }
    } else if (v.serviceDays !== undefined) {
      const n = c.v.sessionsPerWeek ?? 1;
      if (n > v.serviceDays.size) {
        out.error(c.path + '/sessionsPerWeek', 'too-many-sessions', `社团${clubName(c)}每周 ${n} 次，但学校每周只有 ${v.serviceDays.size} 个服务日`);
      }
    }
  }
}

// S5 a school-level club's grades share one club-block time
function ruleClubBlock(v: View, out: Out): void {
  const reportedMulti = new Set<number>();
  for (const c of schoolClubs(v, ['grades'])) {
    let first: { grade: number; timeline: string; block: Block } | undefined;
    let anyTimeline = false;
    c.v.grades.forEach((g, k) => {
      const entry = v.timelineOfGrade.get(g);
      if (!entry) return;
      anyTimeline = true;
      const { item: t, blocks } = entry;
      if (!blocks) return; // the timeline's blocks are broken (reported there)
      const clubBlocks = blocks.map((b, j) => ({ b, j })).filter((x) => x.b.kind === 'club');
      if (clubBlocks.length === 0) {
        out.error(`${c.path}/grades/${k}`, 'no-club-block', `社团${clubName(c)}面向 ${g} 年级，但 ${g} 年级的作息时间线${timelineName(t)}没有社团（club）时段`);
        return;
      }
      if (clubBlocks.length > 1 && !reportedMulti.has(t.i)) {
        reportedMulti.add(t.i);
        out.error(
          `${t.path}/blocks/${clubBlocks[1].j}`,
          'multiple-club-blocks',
          `作息时间线${timelineName(t)}有 ${clubBlocks.length} 个社团（club）时段，校级社团${clubName(c)}无法确定活动时间：每条时间线最多一个社团时段`,
        );
      }
      const block = clubBlocks[0].b;
      if (!first) first = { grade: g, timeline: timelineName(t), block };
      else if (block.start !== first.block.start || block.end !== first.block.end) {
        out.error(
          `${c.path}/grades/${k}`,
          'club-block-mismatch',
          `社团${clubName(c)}各年级的社团时段不一致：${first.grade} 年级（${first.timeline}）为 ${first.block.start}-${first.block.end}，${g} 年级（${timelineName(t)}）为 ${block.start}-${block.end}`,
        );
      }
    });
    // no grade of the club has a timeline: such grades have no students either (else grade-without-timeline)
    if (!anyTimeline && c.v.grades.length > 0) {
      out.warn(c.path + '/grades', 'club-grades-unserved', `社团${clubName(c)}面向的年级（${c.v.grades.join('、')}）都没有作息时间线和学生，该社团不会开设`);
    }
  }
}

// R1 a school-level club has a room of an allowed kind large enough for its minimum (warning)
function ruleClubRoom(v: View, out: Out): void {
  const rooms = v.pick('rooms', ['kind', 'capacity']);
  if (rooms.length === 0) return;
  for (const c of schoolClubs(v, ['roomKinds', 'min'])) {
    const kinds = c.v.roomKinds;
    const need = Math.max(1, clubMin(c.v));
    if (rooms.some((r) => (kinds === undefined || kinds.includes(r.v.kind)) && r.v.capacity >= need)) continue;
    out.warn(
      c.path + (kinds === undefined ? '' : '/roomKinds'),
      'no-room-for-club',
      `社团${clubName(c)}没有可用场地：没有${kinds ? `类型为 ${kinds.join('、')} 且` : ''}容量不少于 ${need} 人的教室/场地`,
    );
  }
}

// P3 P4 a school-level club has someone who may lead it: insider or vetted outsider with its skill (warning)
function ruleClubLeader(v: View, out: Out): void {
  const staff = v.pick('staff', ['roles', 'skills', 'exempt', 'misconduct', 'vetted']);
  if (staff.length === 0) return;
  const able = staff.filter((s) => !s.v.exempt && !s.v.misconduct && (isInsider(s.v) || s.v.vetted === true));
  for (const c of schoolClubs(v, ['skill'])) {
    const skill = c.v.skill;
    if (able.some((s) => skill === undefined || (s.v.skills ?? []).includes(skill))) continue;
    out.warn(
      c.path + (skill === undefined ? '' : '/skill'),
      'no-leader-for-club',
      skill === undefined
        ? `社团${clubName(c)}没有可带队的教职工`
        : `社团${clubName(c)}需要特长“${skill}”，但没有具备该特长且可值班的教职工（校内教师，或已审核 vetted 的校外人员）`,
    );
  }
}

/** Can this student ever join this club? The fast test; `neverJoinable` says why not. */
function canJoin(v: View, s: Item<Student>, c: Club): boolean {
  const grade = v.fieldOk(s, 'class') ? v.gradeOfClass.get(s.v.class) : undefined;
  if (grade !== undefined && !c.grades.includes(grade)) return false;
  if (c.level !== 'school' || !v.fieldOk(s, 'days')) return true;
  const attends = v.daysMask(s);
  if (c.days !== undefined) return (dayMask(c.days) & ~attends) === 0;
  if (v.serviceMask === undefined) return true;
  return popcount(attends & v.serviceMask) >= (c.sessionsPerWeek ?? 1);
}

/** Why this student can never join this club (grade; days for a school-level club), or undefined. */
function neverJoinable(v: View, s: Item<Student>, c: Club): string | undefined {
  const grade = v.fieldOk(s, 'class') ? v.gradeOfClass.get(s.v.class) : undefined;
  if (grade !== undefined && !c.grades.includes(grade)) return `该社团面向 ${c.grades.join('、')} 年级，学生在 ${grade} 年级`;
  if (c.level !== 'school' || !v.fieldOk(s, 'days')) return undefined;
  const attends = v.daysMask(s);
  if (c.days !== undefined) {
    const missing = c.days.filter((d) => (attends & (1 << dayIndex(d))) === 0);
    if (missing.length > 0) return `该社团在${c.days.map(zhDay).join('、')}活动，学生${missing.map(zhDay).join('、')}不参加课后服务`;
  } else if (v.serviceMask !== undefined) {
    const served = popcount(attends & v.serviceMask);
    const n = c.sessionsPerWeek ?? 1;
    if (served < n) return `该社团每周 ${n} 次，学生每周只有 ${served} 天参加课后服务`;
  }
  return undefined;
}

// S6 enough students want and can join a school-level club to reach its minimum (warning)
function ruleClubBelowMin(v: View, out: Out): void {
  if (v.pick('students', []).length === 0) return; // no students at all: said elsewhere, not once per club
  const wanting = new Map<string, number>();
  for (const s of v.pick('students', ['prefs', 'class', 'days'])) {
    for (const id of new Set(s.v.prefs ?? [])) {
      const c = v.clubById.get(id);
      if (c && c.v.level === 'school' && canJoin(v, s, c.v)) wanting.set(id, (wanting.get(id) ?? 0) + 1);
    }
  }
  for (const c of schoolClubs(v, ['id', 'min'])) {
    if (!v.clubById.has(c.v.id)) continue;
    const n = wanting.get(c.v.id) ?? 0;
    if (n < clubMin(c.v)) {
      out.warn(
        c.path + (c.v.min === undefined ? '' : '/min'),
        'club-below-min',
        `社团${clubName(c)}至少需要 ${clubMin(c.v)} 人，但只有 ${n} 名能参加的学生把它列为志愿，社团可能无法开设`,
      );
    }
  }
}

// ------------------------------------------------------------------ students

// S1 a student's class exists
function ruleStudentClass(v: View, out: Out): void {
  for (const s of v.pick('students', ['class'])) {
    if (!v.ids.classes.has(s.v.class)) out.error(s.path + '/class', 'unknown-class', `学生“${who(s)}”的班级“${s.v.class}”不在 classes 列表中${didYouMean(s.v.class, v.ids.classes)}`);
  }
}

// S1 a student attends only on service weekdays
function ruleStudentDays(v: View, out: Out): void {
  for (const s of v.pick('students', ['days'])) {
    if (s.v.days.length === 0) {
      out.warn(s.path + '/days', 'no-days', `学生“${who(s)}”没有选择任何参加课后服务的星期`);
      continue;
    }
    if (v.serviceDays === undefined) continue;
    s.v.days.forEach((d, k) => {
      if (!v.serviceDays!.has(dayIndex(d))) out.error(`${s.path}/days/${k}`, 'day-not-served', `学生“${who(s)}”选择了${zhDay(d)}，但学校${zhDay(d)}不提供课后服务`);
    });
  }
}

// S6 preferences name known clubs, once each, that the student can join
function ruleStudentPrefs(v: View, out: Out): void {
  for (const s of v.pick('students', ['prefs'])) {
    const prefs = s.v.prefs;
    if (!prefs) continue;
    const seen = new Set<string>();
    for (let j = 0; j < prefs.length; j++) {
      const id = prefs[j];
      if (seen.has(id)) {
        out.warn(`${s.path}/prefs/${j}`, 'duplicate-pref', `社团“${id}”在志愿中重复出现`);
        continue;
      }
      seen.add(id);
      if (!v.ids.clubs.has(id)) {
        out.error(`${s.path}/prefs/${j}`, 'unknown-club', `志愿中的社团“${id}”不在 clubs 列表中${didYouMean(id, v.ids.clubs)}`);
        continue;
      }
      const c = v.clubById.get(id);
      if (!c || canJoin(v, s, c.v)) continue;
      out.warn(`${s.path}/prefs/${j}`, 'pref-never-joinable', `学生“${who(s)}”永远无法参加志愿中的社团${clubName(c)}：${neverJoinable(v, s, c.v)}`);
    }
  }
}

// Pins (format extension): clubs[].room, clubs[].leader, students[].club name a known room, staff member or
// school-level club the student chose; whether the pin can hold in the plan is the planner's answer (report.pins)
function rulePins(v: View, out: Out): void {
  for (const c of v.pick('clubs', ['room', 'leader', 'level'])) {
    if (c.v.room !== undefined && !v.ids.rooms.has(c.v.room)) {
      out.error(c.path + '/room', 'unknown-room', `社团${clubName(c)}固定的场地“${c.v.room}”不在 rooms 列表中${didYouMean(c.v.room, v.ids.rooms)}`);
    }
    if (c.v.leader !== undefined && !v.ids.staff.has(c.v.leader)) {
      out.error(c.path + '/leader', 'unknown-staff', `社团${clubName(c)}固定的指导教师“${c.v.leader}”不在 staff 列表中${didYouMean(c.v.leader, v.ids.staff)}`);
    }
    if ((c.v.room !== undefined || c.v.leader !== undefined) && c.v.level !== 'school') {
      out.error(c.path + (c.v.room !== undefined ? '/room' : '/leader'), 'pin-class-club', `班级社团${clubName(c)}在看护班内进行，不能固定场地或指导教师`);
    }
  }
  for (const c of v.pick('clubs', ['sectionOf', 'level'])) {
    const id = c.v.sectionOf;
    if (id === undefined) continue;
    const parent = v.clubById.get(id);
    if (!parent) out.error(c.path + '/sectionOf', 'unknown-club', `社团${clubName(c)}所属的社团“${id}”不在 clubs 列表中${didYouMean(id, v.ids.clubs)}`);
    else if (parent.v.level !== 'school' || c.v.level !== 'school') out.error(c.path + '/sectionOf', 'section-not-school', `平行班${clubName(c)}和它所属的${clubName(parent)}都须是校级社团`);
    else if ((parent.v as Club).sectionOf !== undefined || parent.i === c.i) out.error(c.path + '/sectionOf', 'section-of-section', `社团${clubName(c)}应属于原社团，而${clubName(parent)}本身就是平行班（或就是它自己）`);
  }
  for (const s of v.pick('students', ['club', 'prefs'])) {
    const id = s.v.club;
    if (id === undefined) continue;
    const c = v.clubById.get(id);
    if (!c) out.error(s.path + '/club', 'unknown-club', `学生“${who(s)}”固定的社团“${id}”不在 clubs 列表中${didYouMean(id, v.ids.clubs)}`);
    else if (c.v.level !== 'school') out.error(s.path + '/club', 'pin-class-club', `学生“${who(s)}”固定的${clubName(c)}是班级社团，只能固定到校级社团`);
    else if (!(s.v.prefs ?? []).includes(id) && !(c.v.sectionOf !== undefined && (s.v.prefs ?? []).includes(c.v.sectionOf))) out.error(s.path + '/club', 'pin-not-chosen', `学生“${who(s)}”固定到${clubName(c)}，但其志愿（prefs）中没有该社团：请先把它加入志愿`);
  }
}

// ------------------------------------------------------------------ policy

// M1 T8 fees within the national caps (warnings)
function rulePolicyCaps(v: View, out: Out): void {
  if (v.policyGiven.has('feePerPeriod') && v.policy.feePerPeriod > 2.3) {
    out.warn('/policy/feePerPeriod', 'fee-over-cap', `每课时收费 ${v.policy.feePerPeriod} 元，超过 2.3 元的上限（M1）`);
  }
  if (v.policyGiven.has('maxChargedPeriodsPerDay') && v.policy.maxChargedPeriodsPerDay > 2) {
    out.warn('/policy/maxChargedPeriodsPerDay', 'charged-periods-over-cap', `每天收费 ${v.policy.maxChargedPeriodsPerDay} 课时，超过每天 2 课时的上限（T8）`);
  }
}

// R1 some room can hold a group (warning)
function ruleGroupRooms(v: View, out: Out): void {
  const rooms = v.pick('rooms', ['kind']);
  if (v.pick('students', []).length === 0 || rooms.length === 0) return;
  const kinds = v.policy.groupRoomKinds;
  if (!rooms.some((r) => kinds.includes(r.v.kind))) {
    out.warn(
      v.policyGiven.has('groupRoomKinds') ? '/policy/groupRoomKinds' : '/rooms',
      'no-group-room',
      `没有类型为 ${kinds.join('、')} 的教室，看护小组无处安排（policy.groupRoomKinds）`,
    );
  }
}
