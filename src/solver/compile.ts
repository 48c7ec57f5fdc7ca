// Compile a validated instance once into integer-indexed typed arrays (编译): every later stage
// (groups, club days, club assignment, rooms, cover) is a pure function over this structure.
import { parseTime } from '../model/clock.js';
import type { Instance } from '../model/schema.js';
import { WEEKDAYS } from '../model/schema.js';
import { lessonMinutes, resolvePolicy, type ResolvedPolicy } from '../model/policy.js';
import { isInsider, mayServe, weeklyLimitMinutes } from './rules.js';

export const BLOCK_STUDY = 0;
export const BLOCK_CLUB = 1;
export const BLOCK_READING = 2;
export const BLOCK_BREAK = 3;
const BLOCK_CODE: Readonly<Record<string, number>> = { study: 0, club: 1, reading: 2, break: 3 };

/** "unlimited" club size / staff load */
export const UNLIMITED = 0x3fffffff;

export type Compiled = {
  readonly instance: Instance;
  readonly policy: ResolvedPolicy;
  readonly lessonMinutes: number;
  /** service weekdays, ascending weekday indices 0..6 */
  readonly days: readonly number[];
  /** bit d set ⇔ weekday d is a service weekday */
  readonly dayMask: number;

  // timelines (CSR over blocks)
  readonly nTimelines: number;
  readonly tlBlockOffset: Int32Array;
  readonly blockStart: Int32Array;
  readonly blockEnd: Int32Array;
  readonly blockKind: Uint8Array;
  /** the whole afternoon [tlStart, tlEnd) */
  readonly tlStart: Int32Array;
  readonly tlEnd: Int32Array;
  /** global block index of the timeline's first club block, −1 when none */
  readonly tlClubBlock: Int32Array;
  /** grade (0..12) → timeline index (first timeline listing it), −1 when none */
  readonly gradeTimeline: Int32Array;

  // rooms
  readonly nRooms: number;
  readonly roomCap: Int32Array;
  readonly roomKind: Int32Array;
  readonly kindNames: readonly string[];
  /** room kind allowed for groups (policy.groupRoomKinds) */
  readonly roomGroupOk: Uint8Array;

  // classes
  readonly nClasses: number;
  readonly classGrade: Int32Array;
  readonly classSize: Int32Array;
  readonly classRoom: Int32Array;
  readonly classHomeroom: Int32Array;
  readonly classTimeline: Int32Array;

  // staff
  readonly nStaff: number;
  /** teacher or leader (校内教职工) */
  readonly staffInsider: Uint8Array;
  /** may take some duty: not exempt, no misconduct, insider or vetted outsider (P2 P3) */
  readonly staffActive: Uint8Array;
  /** bit d set ⇔ unavailable on weekday d */
  readonly staffUnavailable: Int32Array;
  /** bit g set ⇔ teaches grade g */
  readonly staffGradeMask: Int32Array;
  readonly staffSkillOffset: Int32Array;
  readonly staffSkill: Int32Array;
  readonly skillNames: readonly string[];
  /** weekly load bound in minutes (P8), NO_WEEKLY_LIMIT when none */
  readonly staffMaxMinutes: Float64Array;

  // school-level clubs (校级社团), indexed 0..nClubs−1
  readonly nClubs: number;
  /** index into instance.clubs */
  readonly clubSrc: Int32Array;
  readonly clubGradeMask: Int32Array;
  readonly clubMin: Int32Array;
  readonly clubMax: Int32Array;
  /** fixed weekday mask, 0 when the planner chooses */
  readonly clubFixedMask: Int32Array;
  readonly clubSessions: Int32Array;
  readonly clubKindOffset: Int32Array;
  /** allowed room kinds; an empty range means any kind */
  readonly clubKind: Int32Array;
  /** skill index, −1 when none */
  readonly clubSkill: Int32Array;
  /** club block time, −1 when the grades' timeline has no club block */
  readonly clubStart: Int32Array;
  readonly clubEnd: Int32Array;
  readonly clubTimeline: Int32Array;

  // students
  readonly nStudents: number;
  readonly studentClass: Int32Array;
  readonly studentGrade: Int32Array;
  /** attended weekday mask ∩ service weekdays */
  readonly studentDays: Int32Array;
  /** 10 with any priority entry (S2), else 1 */
  readonly studentWeight: Int32Array;
  /** 1 ⇔ prefs names at least one school-level club */
  readonly studentWants: Uint8Array;
  /** CSR of school-club preferences: club index and 1-based rank in the full prefs list */
  readonly prefOffset: Int32Array;
  readonly prefClub: Int32Array;
  readonly prefRank: Int32Array;

  /** late pickup (P7) [start, end) */
  readonly latePickupStart: number;
  readonly latePickupEnd: number;
};

/** "HH:MM" → minutes since 00:00 */
export const minutesOf = (time: string): number => parseTime(time) ?? 0;

/** weekday name → index 0..6 (−1 when unknown) */
export const dayIndex = (name: string): number => (WEEKDAYS as readonly string[]).indexOf(name);

const maskOf = (names: readonly string[] | undefined): number => {
  let m = 0;
  for (const n of names ?? []) {
    const d = dayIndex(n);
    if (d >= 0) m |= 1 << d;
  }
  return m;
};

const indexById = (list: readonly { readonly id: string }[]): Map<string, number> => {
  const m = new Map<string, number>();
  list.forEach((x, i) => {
    if (!m.has(x.id)) m.set(x.id, i);
  });
  return m;
};

/** Compile a validated instance (validation has checked references; unknown ones become −1 here). */
export function compile(instance: Instance): Compiled {
  const policy = resolvePolicy(instance.policy);
  const dayMask = maskOf(instance.calendar.serviceWeekdays);
  const days: number[] = [];
  for (let d = 0; d < 7; d++) if (dayMask & (1 << d)) days.push(d);

  // timelines
  const nTimelines = instance.timelines.length;
  const tlBlockOffset = new Int32Array(nTimelines + 1);
  instance.timelines.forEach((t, i) => (tlBlockOffset[i + 1] = tlBlockOffset[i] + t.blocks.length));
  const nBlocks = tlBlockOffset[nTimelines];
  const blockStart = new Int32Array(nBlocks);
  const blockEnd = new Int32Array(nBlocks);
  const blockKind = new Uint8Array(nBlocks);
  const tlStart = new Int32Array(nTimelines);
  const tlEnd = new Int32Array(nTimelines);
  const tlClubBlock = new Int32Array(nTimelines).fill(-1);
  const gradeTimeline = new Int32Array(13).fill(-1);
  let latestEnd = 0;
  instance.timelines.forEach((t, i) => {
    let lo = Infinity;
    let hi = -Infinity;
    t.blocks.forEach((b, k) => {
      const g = tlBlockOffset[i] + k;
      blockStart[g] = minutesOf(b.start);
      blockEnd[g] = minutesOf(b.end);
      blockKind[g] = BLOCK_CODE[b.kind] ?? BLOCK_BREAK;
      if (b.kind === 'club' && tlClubBlock[i] < 0) tlClubBlock[i] = g;
      lo = Math.min(lo, blockStart[g]);
      hi = Math.max(hi, blockEnd[g]);
    });
    tlStart[i] = Number.isFinite(lo) ? lo : 0;
    tlEnd[i] = Number.isFinite(hi) ? hi : 0;
    latestEnd = Math.max(latestEnd, tlEnd[i]);
    for (const g of t.grades) if (g >= 0 && g <= 12 && gradeTimeline[g] < 0) gradeTimeline[g] = i;
  });

  // rooms
  const kindIds = new Map<string, number>();
  const kindOf = (k: string): number => {
    let i = kindIds.get(k);
    if (i === undefined) kindIds.set(k, (i = kindIds.size));
    return i;
  };
  const nRooms = instance.rooms.length;
  const roomCap = new Int32Array(nRooms);
  const roomKind = new Int32Array(nRooms);
  instance.rooms.forEach((r, i) => {
    roomCap[i] = Math.max(0, r.capacity);
    roomKind[i] = kindOf(r.kind);
  });
  const groupKinds = new Set(policy.groupRoomKinds);
  const roomGroupOk = new Uint8Array(nRooms);
  instance.rooms.forEach((r, i) => (roomGroupOk[i] = groupKinds.has(r.kind) ? 1 : 0));

  const roomIdx = indexById(instance.rooms);
  const staffIdx = indexById(instance.staff);
  const classIdx = indexById(instance.classes);

  // classes
  const nClasses = instance.classes.length;
  const classGrade = new Int32Array(nClasses);
  const classSize = new Int32Array(nClasses);
  const classRoom = new Int32Array(nClasses);
  const classHomeroom = new Int32Array(nClasses);
  const classTimeline = new Int32Array(nClasses);
  instance.classes.forEach((c, i) => {
    classGrade[i] = c.grade;
    classSize[i] = Math.max(0, c.size);
    classRoom[i] = c.room !== undefined ? (roomIdx.get(c.room) ?? -1) : -1;
    classHomeroom[i] = c.homeroom !== undefined ? (staffIdx.get(c.homeroom) ?? -1) : -1;
    classTimeline[i] = c.grade >= 0 && c.grade <= 12 ? gradeTimeline[c.grade] : -1;
  });

  // staff
  const skillIds = new Map<string, number>();
  const skillOf = (s: string): number => {
    let i = skillIds.get(s);
    if (i === undefined) skillIds.set(s, (i = skillIds.size));
    return i;
  };
  const nStaff = instance.staff.length;
  const staffInsider = new Uint8Array(nStaff);
  const staffActive = new Uint8Array(nStaff);
  const staffUnavailable = new Int32Array(nStaff);
  const staffGradeMask = new Int32Array(nStaff);
  const staffSkillOffset = new Int32Array(nStaff + 1);
  const skillList: number[] = [];
  const staffMaxMinutes = new Float64Array(nStaff);
  const lm = lessonMinutes(instance);
  instance.staff.forEach((s, i) => {
    staffInsider[i] = isInsider(s.roles) ? 1 : 0;
    staffActive[i] = mayServe(s) ? 1 : 0;
    staffUnavailable[i] = maskOf(s.unavailable);
    let gm = 0;
    for (const g of s.grades ?? []) if (g >= 0 && g <= 30) gm |= 1 << g;
    staffGradeMask[i] = gm;
    const seen = new Set<number>();
    for (const k of s.skills ?? []) {
      const id = skillOf(k);
      if (!seen.has(id)) {
        seen.add(id);
        skillList.push(id);
      }
    }
    staffSkillOffset[i + 1] = skillList.length;
    staffMaxMinutes[i] = weeklyLimitMinutes(s, lm);
  });

  // school-level clubs
  const clubs = instance.clubs ?? [];
  const schoolClubSrc: number[] = [];
  clubs.forEach((c, i) => {
    if (c.level === 'school') schoolClubSrc.push(i);
  });
  const nClubs = schoolClubSrc.length;
  const clubSrc = Int32Array.from(schoolClubSrc);
  const clubGradeMask = new Int32Array(nClubs);
  const clubMin = new Int32Array(nClubs);
  const clubMax = new Int32Array(nClubs);
  const clubFixedMask = new Int32Array(nClubs);
  const clubSessions = new Int32Array(nClubs);
  const clubKindOffset = new Int32Array(nClubs + 1);
  const kindList: number[] = [];
  const clubSkill = new Int32Array(nClubs);
  const clubStart = new Int32Array(nClubs).fill(-1);
  const clubEnd = new Int32Array(nClubs).fill(-1);
  const clubTimeline = new Int32Array(nClubs).fill(-1);
  const schoolClubIdx = new Map<string, number>();
  schoolClubSrc.forEach((src, j) => {
    const c = clubs[src];
    if (!schoolClubIdx.has(c.id)) schoolClubIdx.set(c.id, j);
    let gm = 0;
    for (const g of c.grades) if (g >= 0 && g <= 30) gm |= 1 << g;
    clubGradeMask[j] = gm;
    clubMin[j] = c.min ?? 1;
    clubMax[j] = c.max ?? UNLIMITED;
    clubFixedMask[j] = c.days !== undefined ? maskOf(c.days) : 0;
    clubSessions[j] = c.days !== undefined ? c.days.length : (c.sessionsPerWeek ?? 1);
    for (const k of c.roomKinds ?? []) kindList.push(kindOf(k));
    clubKindOffset[j + 1] = kindList.length;
    clubSkill[j] = c.skill !== undefined ? skillOf(c.skill) : -1;
    // the club block of its grades' timeline (validation guarantees they share one)
    for (const g of c.grades) {
      const t = g >= 0 && g <= 12 ? gradeTimeline[g] : -1;
      if (t >= 0 && tlClubBlock[t] >= 0) {
        clubTimeline[j] = t;
        clubStart[j] = blockStart[tlClubBlock[t]];
        clubEnd[j] = blockEnd[tlClubBlock[t]];
        break;
      }
    }
  });

  // sections (平行班): parent club index → its sections' indices
  const sectionsOf = new Map<number, number[]>();
  schoolClubSrc.forEach((src, j) => {
    const parent = clubs[src].sectionOf;
    const pj = parent !== undefined ? schoolClubIdx.get(parent) : undefined;
    if (pj === undefined || pj === j) return;
    let l = sectionsOf.get(pj);
    if (!l) sectionsOf.set(pj, (l = []));
    l.push(j);
  });

  // students
  const nStudents = instance.students.length;
  const studentClass = new Int32Array(nStudents);
  const studentGrade = new Int32Array(nStudents);
  const studentDays = new Int32Array(nStudents);
  const studentWeight = new Int32Array(nStudents);
  const studentWants = new Uint8Array(nStudents);
  const prefOffset = new Int32Array(nStudents + 1);
  const prefClubList: number[] = [];
  const prefRankList: number[] = [];
  instance.students.forEach((s, i) => {
    const c = classIdx.get(s.class) ?? -1;
    studentClass[i] = c;
    studentGrade[i] = c >= 0 ? classGrade[c] : -1;
    studentDays[i] = maskOf(s.days) & dayMask;
    studentWeight[i] = s.priority !== undefined && s.priority.length > 0 ? 10 : 1;
    const seen = new Set<number>();
    const own: number[] = [];
    (s.prefs ?? []).forEach((id, k) => {
      const j = schoolClubIdx.get(id);
      if (j === undefined || seen.has(j)) return;
      seen.add(j);
      own.push(j, k + 1);
      prefClubList.push(j);
      prefRankList.push(k + 1);
    });
    // sections (clubs[].sectionOf) of a listed club, at its rank unless listed themselves (model/sections.ts)
    for (let q = 0; q < own.length; q += 2) {
      for (const x of sectionsOf.get(own[q]) ?? []) {
        if (seen.has(x)) continue;
        seen.add(x);
        prefClubList.push(x);
        prefRankList.push(own[q + 1]);
      }
    }
    prefOffset[i + 1] = prefClubList.length;
    studentWants[i] = seen.size > 0 ? 1 : 0;
  });

  return {
    instance,
    policy,
    lessonMinutes: lm,
    days,
    dayMask,
    nTimelines,
    tlBlockOffset,
    blockStart,
    blockEnd,
    blockKind,
    tlStart,
    tlEnd,
    tlClubBlock,
    gradeTimeline,
    nRooms,
    roomCap,
    roomKind,
    kindNames: [...kindIds.keys()],
    roomGroupOk,
    nClasses,
    classGrade,
    classSize,
    classRoom,
    classHomeroom,
    classTimeline,
    nStaff,
    staffInsider,
    staffActive,
    staffUnavailable,
    staffGradeMask,
    staffSkillOffset,
    staffSkill: Int32Array.from(skillList),
    skillNames: [...skillIds.keys()],
    staffMaxMinutes,
    nClubs,
    clubSrc,
    clubGradeMask,
    clubMin,
    clubMax,
    clubFixedMask,
    clubSessions,
    clubKindOffset,
    clubKind: Int32Array.from(kindList),
    clubSkill,
    clubStart,
    clubEnd,
    clubTimeline,
    nStudents,
    studentClass,
    studentGrade,
    studentDays,
    studentWeight,
    studentWants,
    prefOffset,
    prefClub: Int32Array.from(prefClubList),
    prefRank: Int32Array.from(prefRankList),
    latePickupStart: latestEnd,
    latePickupEnd: latestEnd + policy.latePickupMinutes,
  };
}

/** popcount of a weekday mask */
export function dayCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}

/** weekday indices of a mask, ascending */
export function daysOf(mask: number): number[] {
  const out: number[] = [];
  for (let d = 0; d < 7; d++) if (mask & (1 << d)) out.push(d);
  return out;
}

/** P4 may staff member i lead club j (eligibility only, not availability)? Insider or vetted outsider with the skill. */
export function canLeadClub(c: Compiled, i: number, j: number): boolean {
  if (!c.staffActive[i]) return false;
  const k = c.clubSkill[j];
  if (k < 0) return true;
  for (let p = c.staffSkillOffset[i]; p < c.staffSkillOffset[i + 1]; p++) if (c.staffSkill[p] === k) return true;
  return false;
}

/** R1 may club j use room r (kind)? */
export function clubRoomOk(c: Compiled, j: number, r: number): boolean {
  const a = c.clubKindOffset[j];
  const b = c.clubKindOffset[j + 1];
  if (a === b) return true;
  for (let p = a; p < b; p++) if (c.clubKind[p] === c.roomKind[r]) return true;
  return false;
}
