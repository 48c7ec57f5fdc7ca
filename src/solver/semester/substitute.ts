// Substitutes (代课) for duties on one service date, shared by the semester plan and the what-if re-plan (W1).
// The weekly template is compiled once into per-weekday duty lists; a DayState holds one date's changes
// (who is absent, which duty moved to whom) on top of it, so a date costs only what its changes cost.
import { clubDuty, groupBlockDuty, latePickupDuty } from '../../model/duty-keys.js';
import type { Instance, Schedule, Staff, WeekdayName, BlockKind } from '../../model/schema.js';
import { lessonMinutes, resolvePolicy, type ResolvedPolicy } from '../../model/policy.js';
import { formatTime, parseTime } from '../../model/clock.js';
import { hasClubSkill, isInsider, isVettedSecurity, mayHoldGroupBlock, mayServe, mayTakeLatePickup, overlaps } from '../rules.js';

export type DutyKind = 'group' | 'club' | 'latePickup';

/** One duty of the weekly template on one weekday. */
export type DutyRef = {
  /** duty string as in docs/decisions.md "Duty strings": `group <id> block <i>`, `club <id>`, `latePickup <day> #<n>` */
  readonly key: string;
  readonly kind: DutyKind;
  readonly day: WeekdayName;
  /** position in the day's duty list (stable output order) */
  readonly order: number;
  readonly group?: string;
  readonly block?: number;
  readonly blockKind?: BlockKind;
  readonly club?: string;
  readonly clubName?: string;
  /** 1-based number among the weekday's late-pickup duties */
  readonly latePickup?: number;
  readonly start: number;
  readonly end: number;
  /** template holder (null = already a week-level shortfall) */
  readonly holder: string | null;
  readonly grades: readonly number[];
  readonly classes: readonly string[];
  readonly skill?: string;
};

/** A staff member's eligibility, compiled once (docs/decisions.md "Staff eligibility"). */
export type StaffInfo = {
  readonly staff: Staff;
  readonly id: string;
  readonly index: number;
  /** exempt or misconduct: no duty at all, no inspection */
  readonly barred: boolean;
  readonly insider: boolean;
  /** may take some duty at all (P2 P3) */
  readonly serves: boolean;
  /** a vetted outsider with the security role (P7) */
  readonly vettedSecurity: boolean;
  readonly security: boolean;
  readonly leader: boolean;
  readonly skills: ReadonlySet<string>;
  readonly grades: ReadonlySet<number>;
  readonly unavailable: ReadonlySet<WeekdayName>;
  readonly homeroomOf: ReadonlySet<string>;
  readonly inspectionDays: ReadonlySet<WeekdayName>;
};

export type DayTemplate = {
  readonly day: WeekdayName;
  readonly duties: readonly DutyRef[];
  readonly byHolder: ReadonlyMap<string, readonly DutyRef[]>;
  readonly byKey: ReadonlyMap<string, DutyRef>;
};

export type LeaveRange = { readonly from: string; readonly to: string };

export type Template = {
  readonly instance: Instance;
  readonly policy: ResolvedPolicy;
  readonly lessonMinutes: number;
  readonly staff: ReadonlyMap<string, StaffInfo>;
  readonly staffOrder: readonly StaffInfo[];
  readonly days: ReadonlyMap<WeekdayName, DayTemplate>;
  /** template minutes of duty per staff member per week */
  readonly weeklyMinutes: ReadonlyMap<string, number>;
  /** leave ranges per staff member (instance.leave plus any extra leave passed in) */
  readonly leave: ReadonlyMap<string, readonly LeaveRange[]>;
  /** class → its homeroom teacher's id */
  readonly homerooms: ReadonlyMap<string, string>;
  /** grade → the staff who teach it */
  readonly gradeStaff: ReadonlyMap<number, readonly StaffInfo[]>;
  /** memo: staff who may take a kind of duty on a weekday (see qualifiedFor) */
  readonly qualifiedCache: Map<string, readonly StaffInfo[]>;
};

const EMPTY_DAY = (day: WeekdayName): DayTemplate => ({ day, duties: [], byHolder: new Map(), byKey: new Map() });

/** 'HH:MM' → minutes (the instance is validated, so every time parses). */
export const minutesOf = (time: string): number => parseTime(time) ?? 0;

/** minutes → 'HH:MM'. */
export const clockOf = formatTime;


/** Compile the staff list's eligibility flags. */
export function compileStaff(instance: Instance): Map<string, StaffInfo> {
  const homerooms = new Map<string, Set<string>>();
  for (const c of instance.classes) {
    if (c.homeroom === undefined) continue;
    const set = homerooms.get(c.homeroom) ?? new Set<string>();
    set.add(c.id);
    homerooms.set(c.homeroom, set);
  }
  const out = new Map<string, StaffInfo>();
  instance.staff.forEach((s, index) => {
    if (out.has(s.id)) return;
    const insider = isInsider(s.roles);
    out.set(s.id, {
      staff: s,
      id: s.id,
      index,
      barred: s.exempt === true || s.misconduct === true,
      insider,
      serves: mayServe(s),
      vettedSecurity: isVettedSecurity(s),
      security: s.roles.includes('security'),
      leader: s.roles.includes('leader'),
      skills: new Set(s.skills ?? []),
      grades: new Set(s.grades ?? []),
      unavailable: new Set(s.unavailable ?? []),
      homeroomOf: homerooms.get(s.id) ?? new Set(),
      inspectionDays: new Set(s.inspectionDays ?? []),
    });
  });
  return out;
}

/** Leave ranges per staff member. */
export function compileLeave(leave: readonly { staff: string; from: string; to: string }[]): Map<string, LeaveRange[]> {
  const out = new Map<string, LeaveRange[]>();
  for (const l of leave) {
    const list = out.get(l.staff) ?? [];
    list.push({ from: l.from, to: l.to });
    out.set(l.staff, list);
  }
  return out;
}

/** What the semester stages need of the instance itself, whatever the week: compiled once per instance
 * (`compileSchool`) and shared by every template of that instance (a what-if re-plans the week, not the school). */
export type SchoolFacts = {
  readonly instance: Instance;
  readonly policy: ResolvedPolicy;
  readonly lessonMinutes: number;
  readonly staff: ReadonlyMap<string, StaffInfo>;
  readonly staffOrder: readonly StaffInfo[];
  readonly classGrade: ReadonlyMap<string, number>;
  readonly timelines: ReadonlyMap<string, Instance['timelines'][number]>;
  readonly gradeTimeline: ReadonlyMap<number, string>;
  /** the latest end of any block: late pickup starts here */
  readonly latestEnd: number;
  readonly clubs: ReadonlyMap<string, NonNullable<Instance['clubs']>[number]>;
  /** block intervals per timeline, in minutes */
  readonly blockTimes: ReadonlyMap<string, readonly (readonly [number, number])[]>;
  readonly homerooms: ReadonlyMap<string, string>;
  readonly gradeStaff: ReadonlyMap<number, readonly StaffInfo[]>;
};

/** The week-independent part of the template, compiled once per instance; the resolved policy and lesson length
 * taken from the solver's compiled instance when given (solve() passes its own, so they are worked out once). */
export function compileSchool(instance: Instance, compiled?: { readonly policy: ResolvedPolicy; readonly lessonMinutes: number }): SchoolFacts {
  const staff = compileStaff(instance);
  const gradeTimeline = new Map<number, string>();
  let latestEnd = 0;
  for (const t of instance.timelines) {
    for (const g of t.grades) if (!gradeTimeline.has(g)) gradeTimeline.set(g, t.id);
    for (const b of t.blocks) latestEnd = Math.max(latestEnd, minutesOf(b.end));
  }
  const gradeStaff = new Map<number, StaffInfo[]>();
  for (const info of staff.values()) {
    for (const g of info.grades) {
      const list = gradeStaff.get(g) ?? [];
      list.push(info);
      gradeStaff.set(g, list);
    }
  }
  return {
    instance,
    policy: compiled?.policy ?? resolvePolicy(instance.policy),
    lessonMinutes: compiled?.lessonMinutes ?? lessonMinutes(instance),
    staff,
    staffOrder: [...staff.values()],
    classGrade: new Map(instance.classes.map((c) => [c.id, c.grade] as const)),
    timelines: new Map(instance.timelines.map((t) => [t.id, t] as const)),
    gradeTimeline,
    latestEnd,
    clubs: new Map((instance.clubs ?? []).map((c) => [c.id, c] as const)),
    // block intervals parsed once per timeline
    blockTimes: new Map(instance.timelines.map((t) => [t.id, t.blocks.map((b) => [minutesOf(b.start), minutesOf(b.end)] as const)] as const)),
    homerooms: new Map(instance.classes.filter((c) => c.homeroom !== undefined).map((c) => [c.id, c.homeroom!] as const)),
    gradeStaff,
  };
}

/** Compile the weekly template into per-weekday duty lists with intervals and requirements (the school's part
 * from `school` when given, compiled once by the caller; else compiled here). */
export function compileTemplate(
  instance: Instance,
  week: Schedule['week'],
  extraLeave: readonly { staff: string; from: string; to: string }[] = [],
  school: SchoolFacts = compileSchool(instance),
): Template {
  const { policy, lessonMinutes: lesson, staff, classGrade, timelines, gradeTimeline, latestEnd, clubs, blockTimes } = school;
  const lists = new Map<WeekdayName, DutyRef[]>();
  const push = (d: DutyRef): void => {
    let list = lists.get(d.day);
    if (!list) {
      list = [];
      lists.set(d.day, list);
    }
    (d as { order: number }).order = list.length;
    list.push(d);
  };
  // every duty built with one object shape (fast property access in the hot loops)
  const make = (
    key: string,
    kind: DutyKind,
    day: WeekdayName,
    start: number,
    end: number,
    holder: string | null,
    grades: readonly number[],
    classes: readonly string[],
    extra: { group?: string; block?: number; blockKind?: BlockKind; club?: string; clubName?: string; latePickup?: number; skill?: string },
  ): DutyRef => ({
    key,
    kind,
    day,
    order: 0,
    group: extra.group,
    block: extra.block,
    blockKind: extra.blockKind,
    club: extra.club,
    clubName: extra.clubName,
    latePickup: extra.latePickup,
    start,
    end,
    holder,
    grades,
    classes,
    skill: extra.skill,
  });
  // grade lists shared by groups of the same classes
  const gradeLists = new Map<string, number[]>();
  for (const g of week.groups) {
    const t = timelines.get(g.timeline);
    const times = blockTimes.get(g.timeline);
    if (!t || !times) continue;
    const classKey = g.classes.join('\u0000');
    let grades = gradeLists.get(classKey);
    if (!grades) {
      grades = [...new Set(g.classes.map((c) => classGrade.get(c)).filter((x): x is number => x !== undefined))].sort((a, b) => a - b);
      gradeLists.set(classKey, grades);
    }
    const n = Math.min(t.blocks.length, g.cover.length);
    for (let i = 0; i < n; i++) {
      const b = t.blocks[i];
      push(make(groupBlockDuty(g.id, i), 'group', g.day, times[i][0], times[i][1], g.cover[i] ?? null, grades, g.classes, { group: g.id, block: i, blockKind: b.kind }));
    }
  }
  for (const wc of week.clubs) {
    const club = clubs.get(wc.club);
    const grades = club?.grades ?? [];
    let start = 0;
    let end = 0;
    for (const gr of grades) {
      const block = timelines.get(gradeTimeline.get(gr) ?? '')?.blocks.find((b) => b.kind === 'club');
      if (block) {
        start = minutesOf(block.start);
        end = minutesOf(block.end);
        break;
      }
    }
    for (const day of wc.days) {
      push(make(clubDuty(wc.club), 'club', day, start, end, wc.staff, grades, [], { club: wc.club, clubName: club?.name, skill: club?.skill }));
    }
  }
  const pickupCount = new Map<WeekdayName, number>();
  for (const d of week.duties) {
    if (d.kind !== 'latePickup') continue;
    const n = (pickupCount.get(d.day) ?? 0) + 1;
    pickupCount.set(d.day, n);
    push(make(latePickupDuty(d.day, n), 'latePickup', d.day, latestEnd, latestEnd + policy.latePickupMinutes, d.staff, [], [], { latePickup: n }));
  }
  const days = new Map<WeekdayName, DayTemplate>();
  const weeklyMinutes = new Map<string, number>();
  for (const [day, duties] of lists) {
    const byHolder = new Map<string, DutyRef[]>();
    const byKey = new Map<string, DutyRef>();
    for (const d of duties) {
      if (!byKey.has(d.key)) byKey.set(d.key, d);
      if (d.holder === null) continue;
      const list = byHolder.get(d.holder) ?? [];
      list.push(d);
      byHolder.set(d.holder, list);
      weeklyMinutes.set(d.holder, (weeklyMinutes.get(d.holder) ?? 0) + (d.end - d.start));
    }
    days.set(day, { day, duties, byHolder, byKey });
  }
  return {
    instance,
    policy,
    lessonMinutes: lesson,
    staff,
    staffOrder: school.staffOrder,
    days,
    weeklyMinutes,
    leave: compileLeave([...(instance.leave ?? []), ...extraLeave]),
    homerooms: school.homerooms,
    gradeStaff: school.gradeStaff,
    qualifiedCache: new Map(),
  };
}

/** The duties of the template on one weekday (an empty day when the weekday has none). */
export const dayTemplate = (tpl: Template, day: WeekdayName): DayTemplate => tpl.days.get(day) ?? EMPTY_DAY(day);

/** P2: is the staff member on leave on this date? */
export function onLeave(tpl: Template, staff: string, date: string): boolean {
  const ranges = tpl.leave.get(staff);
  if (!ranges) return false;
  for (const r of ranges) if (r.from <= date && date <= r.to) return true;
  return false;
}

/** P2 P3 P4 P7: may this staff member take this kind of duty at all on weekday `as` (static rules only)? */
export function qualifies(info: StaffInfo, duty: DutyRef, as: WeekdayName): boolean {
  if (!info.serves || info.unavailable.has(as)) return false;
  switch (duty.kind) {
    case 'group': // P3 group blocks need an insider
      return mayHoldGroupBlock(info.insider);
    case 'club': // P4 insider or vetted outsider, with the club's skill when it names one
      return hasClubSkill(info.skills, duty.skill);
    case 'latePickup': // P7 insider, or vetted outsider with the security role
      return mayTakeLatePickup(info.insider, info.vettedSecurity);
  }
}

/** The staff who may take this kind of duty on weekday `as` (static rules), in staff order; memoised. */
export function qualifiedFor(tpl: Template, duty: DutyRef, as: WeekdayName): readonly StaffInfo[] {
  const key = `${as}|${duty.kind}|${duty.kind === 'club' ? (duty.skill ?? '') : ''}`;
  let list = tpl.qualifiedCache.get(key);
  if (!list) {
    list = tpl.staffOrder.filter((info) => qualifies(info, duty, as));
    tpl.qualifiedCache.set(key, list);
  }
  return list;
}

/** Chinese description of what a duty needs (for reasons). */
export function needLabel(duty: DutyRef): string {
  switch (duty.kind) {
    case 'group':
      return '校内教师（教师或行政）';
    case 'club':
      return duty.skill === undefined ? '教师或经审核的校外人员' : `具备「${duty.skill}」技能的教师或经审核的校外人员`;
    case 'latePickup':
      return '校内教师或经审核的安保人员';
  }
}

const BLOCK_ZH: Record<BlockKind, string> = { study: '作业辅导', club: '社团活动', reading: '自主阅读', break: '休闲' };

/** Chinese description of a duty: "tue/1-1 组第1段（作业辅导 15:30–16:10）". */
export function dutyLabel(duty: DutyRef): string {
  const time = `${clockOf(duty.start)}–${clockOf(duty.end)}`;
  switch (duty.kind) {
    case 'group':
      return `${duty.group} 组第${(duty.block ?? 0) + 1}段（${duty.blockKind ? BLOCK_ZH[duty.blockKind] : ''} ${time}）`;
    case 'club':
      return `社团「${duty.clubName ?? duty.club}」（${time}）`;
    case 'latePickup':
      return `延时接送 #${duty.latePickup}（${time}）`;
  }
}

// ------------------------------------------------------------------------------------------------ day state

export type AbsenceCause = 'leave' | 'inspection';

/** One date's changes on top of the template. */
export type DayState = {
  readonly tpl: Template;
  readonly day: DayTemplate;
  readonly date: string;
  readonly as: WeekdayName;
  /** dutyKey → effective holder, only where it differs from the template holder */
  readonly override: Map<string, string | null>;
  /** staff → duties they took over on this date */
  readonly extra: Map<string, DutyRef[]>;
  /** staff who take no duty on this date, and why */
  readonly absent: Map<string, AbsenceCause>;
  /** dutyKey → reason, for duties left without anybody */
  readonly nullReason: Map<string, string>;
  /** duties whose holder this run chose (may be moved again to make room for another duty) */
  readonly movable: Set<string>;
};

/** A fresh state for one date; staff on leave that date are marked absent. */
export function newDayState(tpl: Template, date: string, as: WeekdayName): DayState {
  const absent = new Map<string, AbsenceCause>();
  for (const [staff, ranges] of tpl.leave) {
    for (const r of ranges) if (r.from <= date && date <= r.to) absent.set(staff, 'leave');
  }
  return {
    tpl,
    day: dayTemplate(tpl, as),
    date,
    as,
    override: new Map(),
    extra: new Map(),
    absent,
    nullReason: new Map(),
    movable: new Set(),
  };
}

/** The effective holder of a duty on the state's date. */
export function holderOf(state: DayState, duty: DutyRef): string | null {
  return state.override.has(duty.key) ? (state.override.get(duty.key) ?? null) : duty.holder;
}

/** Every duty a staff member holds on the state's date (template duties not given away + duties taken over). */
export function dutiesOf(state: DayState, staff: string): DutyRef[] {
  const out: DutyRef[] = [];
  for (const d of state.day.byHolder.get(staff) ?? []) if (holderOf(state, d) === staff) out.push(d);
  for (const d of state.extra.get(staff) ?? []) out.push(d);
  return out;
}

/** Set the holder of a duty on this date (null = nobody, with a reason). */
export function assign(state: DayState, duty: DutyRef, to: string | null, reason?: string): void {
  const prev = holderOf(state, duty);
  if (prev !== null && prev !== duty.holder) {
    const list = state.extra.get(prev);
    if (list) {
      const i = list.findIndex((d) => d.key === duty.key);
      if (i >= 0) list.splice(i, 1);
    }
  }
  if (to === duty.holder) state.override.delete(duty.key);
  else state.override.set(duty.key, to);
  if (to !== null && to !== duty.holder) {
    const list = state.extra.get(to) ?? [];
    list.push(duty);
    state.extra.set(to, list);
  }
  if (to === null) state.nullReason.set(duty.key, reason ?? '无人可代');
  else state.nullReason.delete(duty.key);
}

const dutiesOverlap = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => overlaps(a.start, a.end, b.start, b.end);

/** P5: is the staff member free of other duties during every one of these duties (ignoring `ignore`)? */
export function isFree(state: DayState, staff: string, duties: readonly DutyRef[], ignore?: ReadonlySet<string>): boolean {
  const clashes = (own: DutyRef): boolean => {
    if (ignore?.has(own.key)) return false;
    for (const d of duties) if (d.key !== own.key && dutiesOverlap(own, d)) return true;
    return false;
  };
  const template = state.day.byHolder.get(staff);
  if (template) {
    for (const own of template) {
      if (state.override.size > 0 && state.override.has(own.key)) continue; // given away today
      if (clashes(own)) return false;
    }
  }
  const extra = state.extra.get(staff);
  if (extra) for (const own of extra) if (clashes(own)) return false;
  return true;
}

// ------------------------------------------------------------------------------------------------ choosing

/** Semester-wide load counters the chooser spreads substitutions over. */
export type LoadCounters = {
  /** minutes of duty taken over so far, per staff member */
  readonly subMinutes: Map<string, number>;
};

export type ChooseContext = {
  readonly seed: number;
  readonly load: LoadCounters;
  /** staff who must not be chosen (besides the absent ones) */
  readonly exclude?: ReadonlySet<string>;
  /** W1 substitutes that stay (stay.ts): who should take an absentee's duties, first */
  readonly stay?: StayHook;
};

/** W1 hook for substitutes that stay: the people to try first for an absentee's duty bundle on the state's date
 * (the leave's staying substitute, then the last one to take it), and a note of who took it. */
export type StayHook = {
  readonly candidates: (state: DayState, absentee: string, duties: readonly DutyRef[], ctx: ChooseContext) => readonly string[];
  readonly took: (state: DayState, absentee: string, duties: readonly DutyRef[], staff: string) => void;
};

/** Deterministic 32-bit hash of a seed and a string (tie-breaks independent of processing order). */
export function hash32(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Grade affinity of a staff member to a duty: 0 homeroom of one of its classes, 1 teaches its grade, 2 other. */
export function affinity(info: StaffInfo, duty: DutyRef): number {
  if (duty.kind === 'group' && duty.classes.some((c) => info.homeroomOf.has(c))) return 0;
  if (duty.grades.some((g) => info.grades.has(g))) return 1;
  if (duty.kind === 'latePickup' && info.security) return 1;
  return 2;
}

/** May this staff member take all of these duties on the state's date (rules only, not preference)? */
export function canTake(state: DayState, info: StaffInfo, duties: readonly DutyRef[], ctx: ChooseContext, ignore?: ReadonlySet<string>): boolean {
  if (state.absent.has(info.id) || ctx.exclude?.has(info.id)) return false;
  for (const d of duties) if (!qualifies(info, d, state.as) || holderOf(state, d) === info.id) return false;
  return isFree(state, info.id, duties, ignore);
}

/** Staff who may take all of these duties now, in staff order (candidates drawn from the memoised qualified list). */
function takers(state: DayState, duties: readonly DutyRef[], ctx: ChooseContext, ignore?: ReadonlySet<string>): StaffInfo[] {
  const out: StaffInfo[] = [];
  for (const info of qualifiedFor(state.tpl, duties[0], state.as)) if (canTake(state, info, duties, ctx, ignore)) out.push(info);
  return out;
}

/** Is the staff member already with one of these groups on the state's date (continuity)? */
function withGroup(state: DayState, staff: string, groups: ReadonlySet<string>): boolean {
  for (const d of state.day.byHolder.get(staff) ?? []) {
    if (d.group !== undefined && groups.has(d.group) && !state.override.has(d.key)) return true;
  }
  for (const d of state.extra.get(staff) ?? []) if (d.group !== undefined && groups.has(d.group)) return true;
  return false;
}

/** Numeric seeded tie-break for one staff member on one date. */
const tieBreak = (dateHash: number, info: StaffInfo): number => hash32(dateHash, info.id);

type Score = { a: number; c: number; m: number; w: number; h: number; index: number };

/** Preference key: own class/grade (worst over the duties), already with the group today, least taken over so far,
 * least weekly load, seeded tie-break. */
function score(state: DayState, info: StaffInfo, duties: readonly DutyRef[], groups: ReadonlySet<string>, ctx: ChooseContext, dateHash: number): Score {
  let a = 0;
  for (const d of duties) a = Math.max(a, affinity(info, d));
  return {
    a,
    c: groups.size > 0 && withGroup(state, info.id, groups) ? 0 : 1,
    m: ctx.load.subMinutes.get(info.id) ?? 0,
    w: state.tpl.weeklyMinutes.get(info.id) ?? 0,
    h: tieBreak(dateHash, info),
    index: info.index,
  };
}

const better = (x: Score, y: Score): number => x.a - y.a || x.c - y.c || x.m - y.m || x.w - y.w || x.h - y.h || x.index - y.index;

const groupsOf = (duties: readonly DutyRef[]): Set<string> => {
  const g = new Set<string>();
  for (const d of duties) if (d.group !== undefined) g.add(d.group);
  return g;
};

/** The qualified, free staff for these duties, best first (see `score`). */
export function rankCandidates(state: DayState, duties: readonly DutyRef[], ctx: ChooseContext): StaffInfo[] {
  const groups = groupsOf(duties);
  const dateHash = hash32(ctx.seed, state.date);
  return takers(state, duties, ctx)
    .map((info) => ({ info, s: score(state, info, duties, groups, ctx, dateHash) }))
    .sort((x, y) => better(x.s, y.s))
    .map((x) => x.info);
}

/** The best candidate for these duties (rankCandidates(…)[0] without sorting), or undefined. */
export function bestCandidate(state: DayState, duties: readonly DutyRef[], ctx: ChooseContext): StaffInfo | undefined {
  const groups = groupsOf(duties);
  const dateHash = hash32(ctx.seed, state.date);
  let best: StaffInfo | undefined;
  let bestScore: Score | undefined;
  for (const info of qualifiedFor(state.tpl, duties[0], state.as)) {
    if (!canTake(state, info, duties, ctx)) continue;
    const sc = score(state, info, duties, groups, ctx, dateHash);
    if (!bestScore || better(sc, bestScore) < 0) {
      best = info;
      bestScore = sc;
    }
  }
  return best;
}

/** Could somebody free take this duty with a better grade affinity than `than`? Only the staff with an affinity
 * below `than` are looked at: the homerooms of the duty's classes, then the teachers of its grades. */
function betterAffinityExists(state: DayState, duty: DutyRef, ctx: ChooseContext, than: number): boolean {
  if (than === 0) return false;
  const tpl = state.tpl;
  for (const c of duty.classes) {
    const h = tpl.homerooms.get(c);
    const info = h === undefined ? undefined : tpl.staff.get(h);
    if (info && canTake(state, info, [duty], ctx)) return true;
  }
  if (than === 1) return false;
  for (const g of duty.grades) for (const info of tpl.gradeStaff.get(g) ?? []) if (canTake(state, info, [duty], ctx)) return true;
  if (duty.kind === 'latePickup') for (const info of tpl.staffOrder) if (info.security && canTake(state, info, [duty], ctx)) return true;
  return false;
}

/** Chinese reason why nobody can take a duty on this date. */
export function noSubstituteReason(state: DayState, duty: DutyRef, ctx: ChooseContext): string {
  let qualified = 0;
  let leave = 0;
  let inspection = 0;
  let unavailable = 0;
  let busy = 0;
  const current = holderOf(state, duty);
  for (const info of state.tpl.staffOrder) {
    if (info.id === duty.holder || info.id === current || info.barred) continue;
    const probe: StaffInfo = { ...info, unavailable: new Set() };
    if (!qualifies(probe, duty, state.as)) continue;
    qualified++;
    const cause = state.absent.get(info.id);
    if (cause === 'leave') leave++;
    else if (cause === 'inspection') inspection++;
    else if (info.unavailable.has(state.as)) unavailable++;
    else if (ctx.exclude?.has(info.id) || !isFree(state, info.id, [duty])) busy++;
  }
  const time = `${clockOf(duty.start)}–${clockOf(duty.end)}`;
  if (qualified === 0) return `${state.date} ${time} 无人可代：除原负责人外没有${needLabel(duty)}`;
  const parts: string[] = [];
  if (leave) parts.push(`${leave} 人请假`);
  if (inspection) parts.push(`${inspection} 人行政巡视`);
  if (unavailable) parts.push(`${unavailable} 人当天不可安排`);
  if (busy) parts.push(`${busy} 人同一时段已有任务`);
  return `${state.date} ${time} 无人可代：需要${needLabel(duty)}，符合条件的 ${qualified} 人中${parts.join('、')}`;
}

/**
 * Make room for a duty by moving one of this run's own earlier choices: a staff member busy only with
 * movable duties takes `duty` if each of those can go to somebody else (one augmenting step).
 */
function augment(state: DayState, duty: DutyRef, ctx: ChooseContext): string | null {
  for (const info of augmentCandidates(state, duty, ctx)) {
    const blocking = dutiesOf(state, info.id).filter((d) => d.key !== duty.key && dutiesOverlap(d, duty));
    if (blocking.length === 0 || blocking.some((d) => !state.movable.has(d.key))) continue;
    const saved = [duty, ...blocking].map((d) => [d, holderOf(state, d), state.nullReason.get(d.key)] as const);
    // tentatively hand `duty` to info, then re-home each blocking duty elsewhere
    for (const d of blocking) assign(state, d, null);
    assign(state, duty, info.id);
    const moves: [DutyRef, string][] = [];
    const others: ChooseContext = { ...ctx, exclude: new Set([...(ctx.exclude ?? []), info.id]) };
    for (const d of blocking) {
      const alt = bestCandidate(state, [d], others);
      if (!alt) break;
      assign(state, d, alt.id);
      moves.push([d, alt.id]);
    }
    if (moves.length === blocking.length) {
      for (const [d, alt] of moves) {
        const m = d.end - d.start;
        ctx.load.subMinutes.set(alt, (ctx.load.subMinutes.get(alt) ?? 0) + m);
        ctx.load.subMinutes.set(info.id, (ctx.load.subMinutes.get(info.id) ?? 0) - m);
      }
      return info.id;
    }
    for (const [d, h, r] of saved) assign(state, d, h, r);
  }
  return null;
}

/** Staff qualified and not absent for `duty`, ignoring clashes with movable duties (augment candidates). */
function augmentCandidates(state: DayState, duty: DutyRef, ctx: ChooseContext): StaffInfo[] {
  return state.movable.size === 0 ? [] : takers(state, [duty], ctx, state.movable);
}

export type Pick = { readonly staff: string } | { readonly staff: null; readonly reason: string };

/**
 * W1: choose and record a substitute for each of these duties (one person for all of them when possible,
 * e.g. every block of one group). Returns the chosen holder per duty; a duty nobody can take gets null
 * with a Chinese reason. Records the choice in the state and the load counters.
 */
export function substitute(state: DayState, duties: readonly DutyRef[], ctx: ChooseContext, absentee?: string): Pick[] {
  if (duties.length === 0) return [];
  const take = (d: DutyRef, staff: string): void => {
    assign(state, d, staff);
    state.movable.add(d.key);
    ctx.load.subMinutes.set(staff, (ctx.load.subMinutes.get(staff) ?? 0) + (d.end - d.start));
  };
  // W1 substitutes that stay: each duty of a leave goes to the leave's own substitute for it (or the last one)
  if (absentee !== undefined && ctx.stay) {
    const stay = ctx.stay;
    const picks = duties.map((d) => {
      for (const id of stay.candidates(state, absentee, [d], ctx)) {
        const info = state.tpl.staff.get(id);
        if (!info || !canTake(state, info, [d], ctx)) continue;
        take(d, id);
        stay.took(state, absentee, [d], id);
        return id;
      }
      return null;
    });
    if (picks.every((p) => p !== null)) return picks.map((p) => ({ staff: p! }));
    const rest = duties.filter((_, i) => picks[i] === null);
    const more = substitute(state, rest, { ...ctx, stay: undefined });
    for (const [i, p] of more.entries()) if (p.staff !== null) stay.took(state, absentee, [rest[i]], p.staff);
    let k = 0;
    return picks.map((p) => (p !== null ? { staff: p } : more[k++]));
  }
  if (duties.length > 1) {
    // one person for the whole bundle, unless that costs a duty its own-grade teacher
    const whole = bestCandidate(state, duties, ctx);
    if (whole && duties.every((d) => !betterAffinityExists(state, d, ctx, affinity(whole, d)))) {
      for (const d of duties) take(d, whole.id);
      return duties.map(() => ({ staff: whole.id }));
    }
  }
  const out: Pick[] = [];
  for (const d of duties) {
    const best = bestCandidate(state, [d], ctx);
    if (best) {
      take(d, best.id);
      out.push({ staff: best.id });
      continue;
    }
    const moved = augment(state, d, ctx);
    if (moved !== null) {
      state.movable.add(d.key);
      ctx.load.subMinutes.set(moved, (ctx.load.subMinutes.get(moved) ?? 0) + (d.end - d.start));
      out.push({ staff: moved });
      continue;
    }
    const reason = noSubstituteReason(state, d, ctx);
    assign(state, d, null, reason);
    out.push({ staff: null, reason });
  }
  return out;
}

/**
 * Split a staff member's duties of one date into bundles one substitute should take together:
 * the blocks of one group, then each club session and late-pickup duty on its own.
 */
export function bundles(duties: readonly DutyRef[]): DutyRef[][] {
  const byGroup = new Map<string, DutyRef[]>();
  const out: DutyRef[][] = [];
  for (const d of duties) {
    if (d.kind === 'group' && d.group !== undefined) {
      const list = byGroup.get(d.group);
      if (list) list.push(d);
      else {
        const fresh = [d];
        byGroup.set(d.group, fresh);
        out.push(fresh);
      }
    } else out.push([d]);
  }
  return out;
}

/** Number of candidates for a bundle right now, counted up to `limit` (for hardest-first ordering). */
export function candidateCount(state: DayState, duties: readonly DutyRef[], ctx: ChooseContext, limit = Infinity): number {
  let n = 0;
  for (const info of qualifiedFor(state.tpl, duties[0], state.as)) {
    if (canTake(state, info, duties, ctx) && ++n >= limit) break;
  }
  return n;
}

/** Cover every duty held by the given absent staff on the state's date, hardest bundle first. */
export function coverAbsentees(state: DayState, staff: readonly string[], ctx: ChooseContext): void {
  const work: { duties: DutyRef[]; n: number; order: number; absentee: string }[] = [];
  for (const s of staff) {
    for (const b of bundles(dutiesOf(state, s))) {
      work.push({ duties: b, n: candidateCount(state, b, ctx, 8), order: b[0].order, absentee: s });
    }
  }
  work.sort((a, b) => a.n - b.n || a.order - b.order);
  for (const w of work) substitute(state, w.duties, ctx, w.absentee);
}
