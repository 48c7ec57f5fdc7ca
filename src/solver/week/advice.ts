// Advice (建议) on a finished plan: demand against seats per school club, extra club sections the school's own free
// rooms and free qualified staff allow (and, apart, those needing a new room or leader) — each with a ready-to-append
// `kehou.instance/1` club object and its gain COMPUTED BY RE-OPTIMISING the club stage with it — and, for duties
// nobody covers, the smallest change in staff availability (one person, one weekday) that would cover them.
import type { Club, Instance, Room, Schedule, Staff, WeekdayName } from '../../model/schema.js';
import { WEEKDAYS } from '../../model/schema.js';
import { canLeadClub, clubRoomOk, compile, dayCount, daysOf, type Compiled } from '../compile.js';
import { dayCombos } from './clubs.js';
import { planGroups } from './groups.js';
import { planGroupRooms } from './rooms.js';
import { WEEKDAY_ZH_BY_INDEX as DAY_NAMES_ZH } from '../../model/clock.js';
import { isVettedSecurity, mayHoldGroupBlock, mayTakeLatePickup } from '../rules.js';
import { planClubStage } from './club-stage.js';

export type ClubDemand = {
  readonly club: string;
  readonly name: string;
  /** students whose first preference it is */
  readonly firstChoices: number;
  /** students who list it */
  readonly allChoices: number;
  /** of those, students who could join it (grade, and attending its days: the running days, else the fixed days,
   * else at least sessionsPerWeek service days) */
  readonly eligibleChoices: number;
  /** seats in the plan: min(max, room capacity) when it runs, else 0 */
  readonly seats: number;
  readonly placed: number;
  readonly running: boolean;
};

export type ClubGain = { readonly placed: number; readonly clubCost: number };

export type ClubSuggestion = {
  /** the club it is a section of */
  readonly club: string;
  /** a complete kehou.instance/1 club to append to `clubs` */
  readonly addClub: Club;
  /** only for suggestions needing resources the school lacks: a room / a staff member to append as well */
  readonly addRoom?: Room;
  readonly addStaff?: Staff;
  /** more students placed and clubCost fall when the club (and room/staff) is appended and the plan re-optimised */
  readonly gain: ClubGain;
  readonly summary: string;
};

export type CoverSuggestion = {
  readonly staff: string;
  readonly name: string;
  /** the weekday to make available */
  readonly weekday: WeekdayName;
  /** duty strings of the shortfalls it would cover (as in `shortfalls`) */
  readonly duties: readonly string[];
  readonly summary: string;
};

export type Advice = {
  readonly demand: readonly ClubDemand[];
  /** extra sections with the school's own free rooms and free qualified staff, best gain first */
  readonly suggestions: readonly ClubSuggestion[];
  /** extra sections that need a new room or a new leader, best gain first */
  readonly needsResources: readonly ClubSuggestion[];
  readonly cover: readonly CoverSuggestion[];
  /** Chinese lines for the office */
  readonly summary: readonly string[];
};

export type AdviceOptions = {
  /** compute the club-section suggestions (each re-optimises the club stage once); default true */
  readonly sections?: boolean;
  /** at most this many clubs are tried for an extra section */
  readonly maxCandidates?: number;
};

/** clubCost and placed students of the club stage of an instance (what `solve` would give: the stage does not
 * depend on the stages after it) */
export function clubOutcome(instance: Instance): { readonly clubCost: number; readonly placed: number } {
  const c = compile(instance);
  const g = planGroups(c);
  const rooms = planGroupRooms(c, g.groups);
  const st = planClubStage(c, g.groups, rooms.use);
  let placed = 0;
  for (const l of st.assignment.studentClubs) if (l.length > 0) placed++;
  return { clubCost: st.assignment.cost, placed };
}

/** Busy intervals of the plan: rooms and staff per weekday, [start, end) pairs. */
function busyOf(c: Compiled, schedule: Schedule): { rooms: Map<string, number[]>; staff: Map<string, number[]>; load: Map<string, number> } {
  const inst = c.instance;
  const rooms = new Map<string, number[]>();
  const staff = new Map<string, number[]>();
  const load = new Map<string, number>();
  const add = (m: Map<string, number[]>, key: string, s: number, e: number): void => {
    let l = m.get(key);
    if (!l) m.set(key, (l = []));
    l.push(s, e);
  };
  const tl = new Map(inst.timelines.map((t, i) => [t.id, i] as const));
  for (const g of schedule.week.groups) {
    const t = tl.get(g.timeline);
    if (t === undefined) continue;
    const d = WEEKDAYS.indexOf(g.day);
    if (g.room) add(rooms, `${g.room}|${d}`, c.tlStart[t], c.tlEnd[t]);
    g.cover.forEach((h, i) => {
      const b = c.tlBlockOffset[t] + i;
      if (!h || b >= c.tlBlockOffset[t + 1]) return;
      add(staff, `${h}|${d}`, c.blockStart[b], c.blockEnd[b]);
      load.set(h, (load.get(h) ?? 0) + c.blockEnd[b] - c.blockStart[b]);
    });
  }
  const clubIdx = new Map<string, number>();
  for (let j = 0; j < c.nClubs; j++) clubIdx.set(inst.clubs![c.clubSrc[j]].id, j);
  for (const cl of schedule.week.clubs) {
    const j = clubIdx.get(cl.club);
    if (j === undefined || c.clubStart[j] < 0) continue;
    for (const day of cl.days) {
      const d = WEEKDAYS.indexOf(day);
      if (cl.room) add(rooms, `${cl.room}|${d}`, c.clubStart[j], c.clubEnd[j]);
      if (cl.staff) {
        add(staff, `${cl.staff}|${d}`, c.clubStart[j], c.clubEnd[j]);
        load.set(cl.staff, (load.get(cl.staff) ?? 0) + c.clubEnd[j] - c.clubStart[j]);
      }
    }
  }
  for (const du of schedule.week.duties) {
    if (!du.staff) continue;
    add(staff, `${du.staff}|${WEEKDAYS.indexOf(du.day)}`, c.latePickupStart, c.latePickupEnd);
    load.set(du.staff, (load.get(du.staff) ?? 0) + c.latePickupEnd - c.latePickupStart);
  }
  return { rooms, staff, load };
}

const freeAt = (m: Map<string, number[]>, id: string, mask: number, s: number, e: number): boolean => {
  for (const d of daysOf(mask)) {
    const l = m.get(`${id}|${d}`);
    if (l) for (let p = 0; p < l.length; p += 2) if (l[p] < e && s < l[p + 1]) return false;
  }
  return true;
};

const daysZhOf = (mask: number): string => daysOf(mask).map((d) => DAY_NAMES_ZH[d]).join('、');

/** Advice for a planned instance (see the module comment). Deterministic. */
export function advise(instance: Instance, schedule: Schedule, options: AdviceOptions = {}): Advice {
  const opts = { sections: true, maxCandidates: 6, ...options };
  const c = compile(instance);
  const inst = c.instance;
  const clubs = inst.clubs ?? [];
  const ofClub = new Map(schedule.week.clubs.map((w) => [w.club, w] as const));
  const placedIn = new Map<string, number>();
  for (const w of schedule.week.clubs) placedIn.set(w.club, w.students.length);
  const unplacedSet = new Set(schedule.unplaced.map((u) => u.student));
  const clubOfStudent = new Map<string, string[]>();
  for (const w of schedule.week.clubs) for (const s of w.students) clubOfStudent.set(s, [...(clubOfStudent.get(s) ?? []), w.club]);
  const roomById = new Map(inst.rooms.map((r) => [r.id, r] as const));

  // demand against seats: one pass over the students' preferences
  const nJ = c.nClubs;
  const maskOf = new Int32Array(nJ);
  for (let j = 0; j < nJ; j++) {
    const w = ofClub.get(clubs[c.clubSrc[j]].id);
    maskOf[j] = w ? w.days.reduce((m, d) => m | (1 << WEEKDAYS.indexOf(d)), 0) : c.clubFixedMask[j];
  }
  const first = new Int32Array(nJ);
  const all = new Int32Array(nJ);
  const elig = new Int32Array(nJ);
  const press = new Float64Array(nJ);
  for (let s = 0; s < c.nStudents; s++) {
    const sid = inst.students[s].id;
    const got = clubOfStudent.get(sid) ?? [];
    const prefs = inst.students[s].prefs ?? [];
    const g = c.studentGrade[s];
    const days = c.studentDays[s];
    for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) {
      const j = c.prefClub[p];
      const rank = c.prefRank[p];
      all[j]++;
      if (rank === 1) first[j]++;
      const m = maskOf[j];
      const ok = g >= 0 && (c.clubGradeMask[j] & (1 << g)) !== 0 && (m ? (m & ~days) === 0 : dayCount(days) >= c.clubSessions[j]);
      if (!ok) continue;
      elig[j]++;
      const id = clubs[c.clubSrc[j]].id;
      if (got.includes(id)) continue;
      // wants it more than what they got
      const better = got.length === 0 ? unplacedSet.has(sid) : got.every((x) => prefs.indexOf(x) + 1 > rank);
      if (better && rank < 10) press[j] += c.studentWeight[s];
    }
  }
  const demand: ClubDemand[] = [];
  const pressure: { j: number; n: number }[] = [];
  for (let j = 0; j < nJ; j++) {
    const src = clubs[c.clubSrc[j]];
    const w = ofClub.get(src.id);
    const seats = w && w.room ? Math.min(c.clubMax[j], roomById.get(w.room)?.capacity ?? 0) : 0;
    demand.push({ club: src.id, name: src.name, firstChoices: first[j], allChoices: all[j], eligibleChoices: elig[j], seats, placed: placedIn.get(src.id) ?? 0, running: w !== undefined });
    if (press[j] > 0) pressure.push({ j, n: press[j] });
  }
  pressure.sort((a, b) => b.n - a.n || a.j - b.j);

  const suggestions: ClubSuggestion[] = [];
  const needsResources: ClubSuggestion[] = [];
  if (opts.sections && pressure.length > 0) {
    const base = clubOutcome(inst);
    const busy = busyOf(c, schedule);
    const ids = new Set(clubs.map((x) => x.id));
    const newId = (id: string): string => {
      for (let k = 2; ; k++) if (!ids.has(`${id}-${k}`)) return `${id}-${k}`;
    };
    for (const { j } of pressure.slice(0, opts.maxCandidates)) {
      const src = clubs[c.clubSrc[j]];
      if (c.clubStart[j] < 0) continue;
      const s0 = c.clubStart[j];
      const e0 = c.clubEnd[j];
      const minutes = e0 - s0;
      const masks = dayCombos(c.days, c.clubSessions[j]);
      // the day set most wanting students attend, with a free room and a free qualified leader
      const wanting = (m: number): number => {
        let n = 0;
        for (let s = 0; s < c.nStudents; s++) {
          for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) if (c.prefClub[p] === j && (m & ~c.studentDays[s]) === 0) n++;
        }
        return n;
      };
      const ranked = masks.map((m) => ({ m, n: wanting(m) })).sort((a, b) => b.n - a.n || a.m - b.m);
      let own: { m: number } | undefined;
      let anyRoom: number | undefined;
      let anyLeader: number | undefined;
      for (const { m } of ranked) {
        const room = inst.rooms.findIndex((r, ri) => clubRoomOk(c, j, ri) && r.capacity >= Math.max(1, c.clubMin[j]) && freeAt(busy.rooms, r.id, m, s0, e0));
        const leader = inst.staff.findIndex(
          (st, i) =>
            canLeadClub(c, i, j) &&
            !(c.staffUnavailable[i] & m) &&
            freeAt(busy.staff, st.id, m, s0, e0) &&
            (busy.load.get(st.id) ?? 0) + minutes * dayCount(m) <= c.staffMaxMinutes[i],
        );
        if (room >= 0 && anyRoom === undefined) anyRoom = m;
        if (leader >= 0 && anyLeader === undefined) anyLeader = m;
        if (room >= 0 && leader >= 0) {
          own = { m };
          break;
        }
      }
      const id = newId(src.id);
      ids.add(id);
      const m = own?.m ?? ranked[0]?.m ?? 0;
      if (!m) continue;
      const { room: _r, leader: _l, days: _d, sessionsPerWeek: _s, ...rest } = src;
      void _r, void _l, void _d, void _s;
      const addClub: Club = { ...rest, id, name: `${src.name}（${id.slice(src.id.length + 1)}班）`, days: daysOf(m).map((d) => WEEKDAYS[d]), sectionOf: src.sectionOf ?? src.id };
      let addRoom: Room | undefined;
      let addStaff: Staff | undefined;
      if (!own) {
        if (anyRoom === undefined || !roomAvailable(c, j, busy, m)) {
          const kind = c.clubKindOffset[j] < c.clubKindOffset[j + 1] ? c.kindNames[c.clubKind[c.clubKindOffset[j]]] : 'classroom';
          const rid = uniqueId(inst.rooms.map((r) => r.id), `new-${kind}`);
          addRoom = { id: rid, kind, capacity: Math.min(c.clubMax[j], 60), name: `新增${kind}场地` };
        }
        if (anyLeader === undefined || !leaderAvailable(c, j, busy, m)) {
          const sid = uniqueId(inst.staff.map((x) => x.id), `new-${src.skill ?? 'coach'}`);
          addStaff = { id: sid, name: `新聘${src.name}指导`, roles: ['coach'], vetted: true, ...(src.skill ? { skills: [src.skill] } : {}) };
        }
      }
      const next: Instance = {
        ...inst,
        clubs: [...clubs, addClub],
        ...(addRoom ? { rooms: [...inst.rooms, addRoom] } : {}),
        ...(addStaff ? { staff: [...inst.staff, addStaff] } : {}),
      };
      const after = clubOutcome(next);
      const gain = { placed: after.placed - base.placed, clubCost: base.clubCost - after.clubCost };
      if (gain.placed <= 0 && gain.clubCost <= 0) continue;
      const need = [addRoom ? `新增一间${addRoom.kind}场地` : '', addStaff ? `新聘一名${src.skill ? `具备「${src.skill}」技能的` : ''}指导教师` : ''].filter(Boolean).join('并');
      const summary =
        `增开「${addClub.name}」（${daysZhOf(m)}）${need ? `，需${need}` : '，使用学校现有空闲场地和教师'}：` +
        `多安排 ${gain.placed} 名学生，志愿代价下降 ${gain.clubCost}`;
      const sug: ClubSuggestion = { club: src.id, addClub, ...(addRoom ? { addRoom } : {}), ...(addStaff ? { addStaff } : {}), gain, summary };
      (own ? suggestions : needsResources).push(sug);
    }
    const byGain = (a: ClubSuggestion, b: ClubSuggestion): number => b.gain.placed - a.gain.placed || b.gain.clubCost - a.gain.clubCost || (a.addClub.id < b.addClub.id ? -1 : 1);
    suggestions.sort(byGain);
    needsResources.sort(byGain);
  }

  const cover = coverAdvice(c, schedule);
  const summary: string[] = [];
  for (const d of [...demand].sort((a, b) => b.firstChoices - a.firstChoices || (a.club < b.club ? -1 : 1))) {
    if (d.allChoices === 0) continue;
    summary.push(`${d.name}：第一志愿 ${d.firstChoices} 人，共 ${d.allChoices} 人选报（可参加 ${d.eligibleChoices} 人），${d.seats} 个名额，已安排 ${d.placed} 人${d.running ? '' : '（未开设）'}`);
  }
  for (const s of suggestions) summary.push(`建议：${s.summary}`);
  for (const s of needsResources) summary.push(`建议（需新增资源）：${s.summary}`);
  for (const s of cover) summary.push(`建议：${s.summary}`);
  return { demand, suggestions, needsResources, cover, summary };
}

function uniqueId(existing: readonly string[], base: string): string {
  const set = new Set(existing);
  if (!set.has(base)) return base;
  for (let k = 2; ; k++) if (!set.has(`${base}-${k}`)) return `${base}-${k}`;
}

function roomAvailable(c: Compiled, j: number, busy: ReturnType<typeof busyOf>, m: number): boolean {
  return c.instance.rooms.some((r, ri) => clubRoomOk(c, j, ri) && r.capacity >= Math.max(1, c.clubMin[j]) && freeAt(busy.rooms, r.id, m, c.clubStart[j], c.clubEnd[j]));
}

function leaderAvailable(c: Compiled, j: number, busy: ReturnType<typeof busyOf>, m: number): boolean {
  const minutes = (c.clubEnd[j] - c.clubStart[j]) * dayCount(m);
  return c.instance.staff.some(
    (st, i) =>
      canLeadClub(c, i, j) && !(c.staffUnavailable[i] & m) && freeAt(busy.staff, st.id, m, c.clubStart[j], c.clubEnd[j]) && (busy.load.get(st.id) ?? 0) + minutes <= c.staffMaxMinutes[i],
  );
}

/** For the week's uncovered duties: one person made available on one weekday covers the most of them (greedy,
 * repeated). A candidate is qualified (group blocks: an insider; late pickup: an insider or vetted security staff),
 * not exempt, no misconduct, free at those times that day and within maxPeriodsPerWeek. */
function coverAdvice(c: Compiled, schedule: Schedule): CoverSuggestion[] {
  const inst = c.instance;
  type Gap = { duty: string; day: number; s: number; e: number; kind: 'block' | 'latePickup' };
  const gaps: Gap[] = [];
  const tl = new Map(inst.timelines.map((t, i) => [t.id, i] as const));
  for (const g of schedule.week.groups) {
    const t = tl.get(g.timeline);
    if (t === undefined) continue;
    g.cover.forEach((h, i) => {
      const b = c.tlBlockOffset[t] + i;
      if (h === null && b < c.tlBlockOffset[t + 1]) gaps.push({ duty: `group ${g.id} block ${i}`, day: WEEKDAYS.indexOf(g.day), s: c.blockStart[b], e: c.blockEnd[b], kind: 'block' });
    });
  }
  const perDay = new Map<string, number>();
  for (const du of schedule.week.duties) {
    const n = (perDay.get(du.day) ?? 0) + 1;
    perDay.set(du.day, n);
    if (du.staff === null) gaps.push({ duty: `latePickup ${du.day} #${n}`, day: WEEKDAYS.indexOf(du.day), s: c.latePickupStart, e: c.latePickupEnd, kind: 'latePickup' });
  }
  if (gaps.length === 0) return [];
  const busy = busyOf(c, schedule);
  const out: CoverSuggestion[] = [];
  const open = new Set(gaps.map((_, i) => i));
  const used = new Set<string>();
  while (open.size > 0) {
    let best: { i: number; d: number; take: number[] } | undefined;
    for (let i = 0; i < c.nStaff; i++) {
      if (!c.staffActive[i]) continue;
      const st = inst.staff[i];
      for (const d of c.days) {
        if (!(c.staffUnavailable[i] & (1 << d)) || used.has(`${i}|${d}`)) continue;
        const take: number[] = [];
        const mine: number[] = [];
        let load = busy.load.get(st.id) ?? 0;
        for (const k of [...open].sort((a, b) => a - b)) {
          const gp = gaps[k];
          if (gp.day !== d) continue;
          if (gp.kind === 'block' ? !mayHoldGroupBlock(c.staffInsider[i] === 1) : !mayTakeLatePickup(c.staffInsider[i] === 1, isVettedSecurity(st))) continue;
          if (mine.some((_, q) => q % 2 === 0 && mine[q] < gp.e && gp.s < mine[q + 1])) continue;
          if (load + gp.e - gp.s > c.staffMaxMinutes[i]) continue;
          load += gp.e - gp.s;
          mine.push(gp.s, gp.e);
          take.push(k);
        }
        if (take.length > 0 && (!best || take.length > best.take.length)) best = { i, d, take };
      }
    }
    if (!best) break;
    const st = inst.staff[best.i];
    used.add(`${best.i}|${best.d}`);
    for (const k of best.take) open.delete(k);
    const duties = best.take.map((k) => gaps[k].duty);
    out.push({
      staff: st.id,
      name: st.name,
      weekday: WEEKDAYS[best.d],
      duties,
      summary: `若 ${st.name} ${DAY_NAMES_ZH[best.d]}可以值班（目前登记为${DAY_NAMES_ZH[best.d]}不可值班），可补上 ${duties.length} 个无人值守的时段`,
    });
  }
  return out;
}
