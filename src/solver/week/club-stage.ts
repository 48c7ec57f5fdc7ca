// The club stage (校级社团) as one optimisation, S2 S5 S6 R1 R2 P3 P4 P5: which school-level clubs run, on which
// days, in which room, with which leader, and which students join — minimising clubCost (format.md) over all of
// it at once. Method (docs/clubs.md): a Lagrangian relaxation (club-lagrange.ts) for the bound and plans from its
// prices, a local search, then best-first branch and bound whose bound is the student → club min-cost flow of a
// relaxation (undecided clubs may take any student who attends one of their possible day sets, at the largest
// room's capacity, without minimum); each node's flow is rounded to a whole plan (days, rooms by a small
// backtracking search, leaders likewise) and a rounding that keeps the flow's cost closes the node. The search
// is exhaustive unless its deterministic work budget runs out; then the best plan and the smallest open bound
// are reported (docs/clubs.md). Never a running club without a room or a leader.
import { canLeadClub, clubRoomOk, dayCount, daysOf, UNLIMITED, type Compiled } from '../compile.js';
import { createNetworkBuilder, minCostFlow, verifyOptimal } from '../kernel/flow.js';
import type { Group } from './groups.js';
import { bookRoom, cloneRoomUse, daysZh, roomFreeOn, type RoomUse } from './rooms.js';
import { chooseClubDays, dayCombos, repairS2, type ClubAssignment, type ClubDays } from './clubs.js';
import { WEEKDAYS } from '../../model/schema.js';
import { lagrangeBound, type LagrangeChoice } from './club-lagrange.js';

/** A previous plan's club (schedule.week.clubs entry), for re-planning that keeps the plan. */
export type PreviousClub = {
  readonly club: string;
  readonly days: readonly string[];
  readonly room: string | null;
  readonly staff: string | null;
  readonly students: readonly string[];
};

export type ClubStageOptions = {
  /** the previous schedule's `week.clubs`: the objective becomes fewest changes first (students' clubs, club
   * days and running status exactly; rooms and leaders kept where they fit), then clubCost */
  readonly previous?: readonly PreviousClub[];
  /** search budget in flow work (Σ arcs of the flows solved, plus each node's pairs); deterministic. Default
   * DEFAULT_CLUB_WORK. */
  readonly workLimit?: number;
  /** clubs (index) that must not run, with the reason (Chinese): the planner's answer when the cover stage could
   * not give a club its leader */
  readonly exclude?: ReadonlyMap<number, string>;
};

export const DEFAULT_CLUB_WORK = 400_000;

/** A pin (clubs[].room, clubs[].leader, clubs[].days, students[].club) that cannot hold, with its JSON path. */
export type PinIssue = { readonly path: string; readonly code: string; readonly reason: string };

export type ClubStage = {
  /** days, rooms (final), capacities, running clubs, leaders (leaderHint = the leader), room bookings after clubs */
  readonly days: ClubDays;
  readonly assignment: ClubAssignment;
  /** final room per club (−1: not running) */
  readonly room: Int32Array;
  /** leader per running club (staff index), −1: not running */
  readonly leader: Int32Array;
  /** per club: the pinned leader (clubs[].leader) when the pin holds, else −1 — the cover stage must keep it */
  readonly pinnedLeader: Int32Array;
  /** proven lower bound on clubCost over the whole stage */
  readonly lowerBound: number;
  /** the search closed every node: assignment.cost is the whole-stage optimum */
  readonly proven: boolean;
  readonly search: { readonly nodes: number; readonly flows: number; readonly work: number; readonly complete: boolean };
  readonly pinIssues: readonly PinIssue[];
  /** with options.previous: what changed, in Chinese, and the counts */
  readonly changes?: { readonly students: number; readonly clubs: number; readonly list: readonly string[] };
};

type Option = { readonly mask: number; readonly rooms: readonly number[]; readonly leaders: readonly number[]; readonly maxCap: number };

const sq = (k: number): number => k * k;
const UNDECIDED = -2;
const CLOSED = -1;

/** Everything fixed for the stage: options per club, student types, pins, previous plan. */
type Prep = {
  readonly c: Compiled;
  readonly opts: readonly (readonly Option[])[];
  /** per club: why it has no option (Chinese), undefined when it has one */
  readonly noOption: readonly (string | undefined)[];
  /** clubs j, k whose club blocks overlap in time (j · n + k) */
  readonly overlap: Uint8Array;
  /** insider slack resources: per club and weekday, resource ids; slack per resource */
  readonly slackRes: readonly (readonly number[][])[];
  readonly slack: Int32Array;
  // types (identical students for the stage; non-pinned wanting students with an eligible club)
  readonly T: number;
  readonly typeStudents: readonly number[][];
  readonly typeWeight: Int32Array;
  readonly typeDays: Int32Array;
  readonly typePrev: Int32Array;
  /** per type: [club, rank] pairs */
  readonly typeElig: readonly Int32Array[];
  // pins
  readonly pinned: readonly number[][]; // per club: pinned students
  readonly pinCost: number; // cost of the pinned students' memberships
  readonly pinRoom: Int32Array; // per club: pinned room or −1
  readonly pinLeader: Int32Array;
  /** cost of wanting students with no eligible club (100 × weight, whatever happens) */
  readonly outside: number;
  // previous plan
  readonly keep: boolean;
  readonly big: number;
  readonly prevMask: Int32Array; // 0: did not run
  readonly prevRoom: Int32Array;
  readonly prevLeader: Int32Array;
  readonly studentPrev: Int32Array; // first previous club or −1
  readonly issues: PinIssue[];
  /** per club: [type, pair index] of the types listing it */
  readonly clubTypes: readonly Int32Array[];
  /** minimums of settled clubs are lower bounds in the node flows */
  readonly forceMin: boolean;
  /** memberships per student in the flows: max(1, clubsPerStudent) (the weekday rule of a second club is checked
   * when the flow is rounded, spread()) */
  readonly cps: number;
  /** component flows by their clubs' decisions */
  readonly cache: Map<string, ComponentResult | null>;
  /** per type: an all-zero flow (types no open club can take) */
  readonly zeroFlow: readonly Int32Array[];
  /** work charged for each node besides its new flows: its pairs and its resource checks */
  readonly nodeWork: number;
};

const clubName = (c: Compiled, j: number): string => c.instance.clubs![c.clubSrc[j]].name;

/** Build the stage's options: for each club, the day sets (fixed `days` or every `sessionsPerWeek` subset) with
 * a room of an allowed kind free of groups that holds its minimum (R1 R2) and a qualified leader available those
 * days within maxPeriodsPerWeek (P2 P3 P4 P8). */
export function prepareClubStage(c: Compiled, groups: readonly Group[], groupUse: RoomUse, options: ClubStageOptions = {}): Prep {
  const inst = c.instance;
  const nJ = c.nClubs;
  const issues: PinIssue[] = [];
  const roomIdx = new Map(inst.rooms.map((r, i) => [r.id, i] as const));
  const staffIdx = new Map(inst.staff.map((s, i) => [s.id, i] as const));
  const clubIdx = new Map<string, number>();
  for (let j = 0; j < nJ; j++) if (!clubIdx.has(inst.clubs![c.clubSrc[j]].id)) clubIdx.set(inst.clubs![c.clubSrc[j]].id, j);

  // pins on clubs: room and leader (days are the club's `days`)
  const pinRoom = new Int32Array(nJ).fill(-1);
  const pinLeader = new Int32Array(nJ).fill(-1);
  for (let j = 0; j < nJ; j++) {
    const src = inst.clubs![c.clubSrc[j]];
    const path = `/clubs/${c.clubSrc[j]}`;
    if (src.room !== undefined) {
      const r = roomIdx.get(src.room) ?? -1;
      if (r < 0) issues.push({ path: path + '/room', code: 'pin-unknown-room', reason: `${clubName(c, j)}：固定场地 ${src.room} 不存在` });
      else if (!clubRoomOk(c, j, r)) {
        issues.push({ path: path + '/room', code: 'pin-room-kind', reason: `${clubName(c, j)}：固定场地 ${inst.rooms[r].name ?? src.room} 的类型「${inst.rooms[r].kind}」不在社团允许的场地类型中，未采用该固定` });
      } else pinRoom[j] = r;
    }
    if (src.leader !== undefined) {
      const i = staffIdx.get(src.leader) ?? -1;
      if (i < 0) issues.push({ path: path + '/leader', code: 'pin-unknown-staff', reason: `${clubName(c, j)}：固定指导教师 ${src.leader} 不存在` });
      else if (!canLeadClub(c, i, j)) {
        issues.push({ path: path + '/leader', code: 'pin-leader-unqualified', reason: `${clubName(c, j)}：固定指导教师 ${inst.staff[i].name} 不能指导该社团（缺少技能、免除值班、师德问题或未审核的校外人员），未采用该固定` });
      } else pinLeader[j] = i;
    }
  }

  // time overlap of club blocks
  const overlap = new Uint8Array(nJ * nJ);
  for (let j = 0; j < nJ; j++) {
    for (let k = 0; k < nJ; k++) {
      if (c.clubStart[j] >= 0 && c.clubStart[k] >= 0 && c.clubStart[j] < c.clubEnd[k] && c.clubStart[k] < c.clubEnd[j]) overlap[j * nJ + k] = 1;
    }
  }

  // insider slack (coverage first): per weekday and elementary interval, insiders available − group blocks active
  const slackList: number[] = [];
  const slackRes: number[][][] = Array.from({ length: nJ }, () => Array.from({ length: 7 }, () => []));
  for (const d of c.days) {
    let avail = 0;
    for (let i = 0; i < c.nStaff; i++) if (c.staffActive[i] && c.staffInsider[i] && !(c.staffUnavailable[i] & (1 << d))) avail++;
    const pts = new Set<number>();
    const blocks: number[] = [];
    for (const g of groups) {
      if (g.day !== d) continue;
      for (let b = c.tlBlockOffset[g.timeline]; b < c.tlBlockOffset[g.timeline + 1]; b++) blocks.push(c.blockStart[b], c.blockEnd[b]);
    }
    for (let j = 0; j < nJ; j++) if (c.clubStart[j] >= 0) pts.add(c.clubStart[j]).add(c.clubEnd[j]);
    for (let p = 0; p < blocks.length; p++) pts.add(blocks[p]);
    const cuts = [...pts].sort((a, b) => a - b);
    for (let e = 0; e + 1 < cuts.length; e++) {
      const s = cuts[e];
      const t = cuts[e + 1];
      const users: number[] = [];
      for (let j = 0; j < nJ; j++) if (c.clubStart[j] >= 0 && c.clubStart[j] <= s && t <= c.clubEnd[j]) users.push(j);
      if (users.length === 0) continue;
      let need = 0;
      for (let p = 0; p < blocks.length; p += 2) if (blocks[p] < t && s < blocks[p + 1]) need++;
      const id = slackList.length;
      slackList.push(Math.max(0, avail - need));
      for (const j of users) slackRes[j][d].push(id);
    }
  }

  // options per club
  const opts: Option[][] = [];
  const noOption: (string | undefined)[] = new Array(nJ).fill(undefined);
  for (let j = 0; j < nJ; j++) {
    const list: Option[] = [];
    opts.push(list);
    if (c.clubStart[j] < 0) {
      noOption[j] = `${clubName(c, j)}：所属年级的时间表没有社团时段，无法开设`;
      continue;
    }
    const masks = c.clubFixedMask[j] ? [c.clubFixedMask[j] & c.dayMask] : dayCombos(c.days, c.clubSessions[j]);
    const need = Math.max(1, c.clubMin[j]);
    const minutes = c.clubEnd[j] - c.clubStart[j];
    let anyRoomKind = false;
    let anyFreeRoom = false;
    let anyLeader = false;
    for (const m of masks) {
      if (m === 0 || (c.clubFixedMask[j] && m !== c.clubFixedMask[j])) continue;
      const rooms: number[] = [];
      for (let r = 0; r < c.nRooms; r++) {
        if (!clubRoomOk(c, j, r)) continue;
        if (pinRoom[j] >= 0 && r !== pinRoom[j]) continue;
        anyRoomKind = true;
        if (c.roomCap[r] < need || !roomFreeOn(groupUse, r, m, c.clubStart[j], c.clubEnd[j])) continue;
        rooms.push(r);
      }
      if (rooms.length > 0) anyFreeRoom = true;
      const leaders: number[] = [];
      for (let i = 0; i < c.nStaff; i++) {
        if (pinLeader[j] >= 0 && i !== pinLeader[j]) continue;
        if (!canLeadClub(c, i, j) || c.staffUnavailable[i] & m) continue;
        if (minutes * dayCount(m) > c.staffMaxMinutes[i]) continue;
        // an insider leading at a time when no insider is spare would leave a group block uncovered
        if (c.staffInsider[i] && daysOf(m).some((d) => slackRes[j][d].some((id) => slackList[id] <= 0))) continue;
        leaders.push(i);
      }
      if (leaders.length > 0) anyLeader = true;
      if (rooms.length === 0 || leaders.length === 0) continue;
      rooms.sort((a, b) => c.roomCap[a] - c.roomCap[b] || a - b);
      list.push({ mask: m, rooms, leaders, maxCap: Math.min(c.clubMax[j], c.roomCap[rooms[rooms.length - 1]]) });
    }
    const excluded = options.exclude?.get(j);
    if (excluded !== undefined) {
      list.length = 0;
      noOption[j] = excluded;
      continue;
    }
    if (list.length === 0) {
      const when = c.clubFixedMask[j] ? daysZh(c.clubFixedMask[j]) : '任何可选的活动日';
      noOption[j] = !anyRoomKind
        ? `${clubName(c, j)}：学校没有${pinRoom[j] >= 0 ? '可用的固定场地' : '允许类型的场地'}（${kindsZh(c, j)}），无法开设`
        : !anyFreeRoom
          ? `${clubName(c, j)}：${when}社团时段没有空闲且能容纳最少 ${need} 人的${kindsZh(c, j)}场地（已被看护班占用或容量不足），无法开设`
          : !anyLeader
            ? `${clubName(c, j)}：${when}没有空闲的${c.clubSkill[j] >= 0 ? `具备「${c.skillNames[c.clubSkill[j]]}」技能的` : ''}指导教师（不可值班、超出每周课时上限，或校内教师需留给看护班），无法开设`
            : `${clubName(c, j)}：${when}没有同时空闲的场地和指导教师，无法开设`;
    }
  }

  // previous plan
  const keep = options.previous !== undefined;
  const prevMask = new Int32Array(nJ);
  const prevRoom = new Int32Array(nJ).fill(-1);
  const prevLeader = new Int32Array(nJ).fill(-1);
  const studentIdx = new Map(inst.students.map((s, i) => [s.id, i] as const));
  const studentPrev = new Int32Array(c.nStudents).fill(-1);
  for (const p of options.previous ?? []) {
    const j = clubIdx.get(p.club);
    if (j === undefined) continue;
    let m = 0;
    for (const d of p.days) {
      const x = (WEEKDAYS as readonly string[]).indexOf(d);
      if (x >= 0) m |= 1 << x;
    }
    prevMask[j] = m;
    prevRoom[j] = p.room !== null ? (roomIdx.get(p.room) ?? -1) : -1;
    prevLeader[j] = p.staff !== null ? (staffIdx.get(p.staff) ?? -1) : -1;
    for (const sid of p.students) {
      const s = studentIdx.get(sid);
      if (s !== undefined && studentPrev[s] < 0) studentPrev[s] = j;
    }
  }
  if (keep) {
    // put the previous day set first so ties keep it
    opts.forEach((list, j) => {
      const k = list.findIndex((o) => o.mask === prevMask[j]);
      if (k > 0) list.unshift(...list.splice(k, 1));
      for (const o of list) {
        if (prevRoom[j] >= 0 && o.rooms.includes(prevRoom[j])) (o.rooms as number[]).splice(o.rooms.indexOf(prevRoom[j]), 1), (o.rooms as number[]).unshift(prevRoom[j]);
        if (prevLeader[j] >= 0 && o.leaders.includes(prevLeader[j])) (o.leaders as number[]).splice(o.leaders.indexOf(prevLeader[j]), 1), (o.leaders as number[]).unshift(prevLeader[j]);
      }
    });
  }

  // student pins
  const pinned: number[][] = Array.from({ length: nJ }, () => []);
  const pinnedStudent = new Uint8Array(c.nStudents);
  let pinCost = 0;
  inst.students.forEach((st, s) => {
    const cid = st.club;
    if (cid === undefined) return;
    const path = `/students/${s}/club`;
    const who = `${st.name ?? st.id}`;
    const j = clubIdx.get(cid);
    if (j === undefined) return issues.push({ path, code: 'pin-unknown-club', reason: `${who}：固定社团 ${cid} 不是校级社团` });
    const g = c.studentGrade[s];
    let rank = 0;
    for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) if (c.prefClub[p] === j) rank = c.prefRank[p];
    if (rank === 0) return issues.push({ path, code: 'pin-not-chosen', reason: `${who}：没有选报「${clubName(c, j)}」，不能固定到该社团（请先加入其志愿）` });
    if (g < 0 || !(c.clubGradeMask[j] & (1 << g))) return issues.push({ path, code: 'pin-grade', reason: `${who}：${g} 年级不在「${clubName(c, j)}」的招收年级中` });
    if (c.policy.clubsPerStudent < 1) return issues.push({ path, code: 'pin-no-clubs', reason: `${who}：policy.clubsPerStudent 为 0，学生不参加校级社团` });
    const ok = opts[j].filter((o) => (o.mask & ~c.studentDays[s]) === 0);
    if (ok.length === 0) {
      return issues.push({
        path,
        code: 'pin-unrunnable',
        reason: noOption[j] ?? `${who}：「${clubName(c, j)}」可开设的活动日（${opts[j].map((o) => daysZh(o.mask)).join('；')}）该生都不全参加课后服务`,
      });
    }
    const capNow = Math.max(...ok.map((o) => o.maxCap));
    if (pinned[j].length + 1 > capNow) return issues.push({ path, code: 'pin-full', reason: `${who}：「${clubName(c, j)}」最多 ${capNow} 人，固定到该社团的学生已满` });
    opts[j] = ok;
    pinned[j].push(s);
    pinnedStudent[s] = 1;
    pinCost += c.studentWeight[s] * sq(rank);
  });

  // student types
  const typeOf = new Map<string, number>();
  const typeStudents: number[][] = [];
  const tW: number[] = [];
  const tD: number[] = [];
  const tP: number[] = [];
  const tE: Int32Array[] = [];
  let outside = 0;
  const pairs: number[] = [];
  for (let s = 0; s < c.nStudents; s++) {
    if (!c.studentWants[s] || pinnedStudent[s]) continue;
    const g = c.studentGrade[s];
    pairs.length = 0;
    if (c.policy.clubsPerStudent >= 1 && g >= 0) {
      for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) {
        const j = c.prefClub[p];
        if (!(c.clubGradeMask[j] & (1 << g)) || c.prefRank[p] >= 10) continue; // rank² ≥ 100: never better than none
        if (!opts[j].some((o) => (o.mask & ~c.studentDays[s]) === 0)) continue;
        pairs.push(j, c.prefRank[p]);
      }
    }
    if (pairs.length === 0) {
      outside += 100 * c.studentWeight[s];
      continue;
    }
    const days = c.studentDays[s] & c.dayMask;
    const prev = keep ? studentPrev[s] : -1;
    const key = `${c.studentWeight[s]}|${days}|${prev}|${pairs.join(',')}`;
    let t = typeOf.get(key);
    if (t === undefined) {
      typeOf.set(key, (t = typeStudents.length));
      typeStudents.push([]);
      tW.push(c.studentWeight[s]);
      tD.push(days);
      tP.push(prev);
      tE.push(Int32Array.from(pairs));
    }
    typeStudents[t].push(s);
  }
  const clubTypesL: number[][] = Array.from({ length: nJ }, () => []);
  tE.forEach((e, t) => {
    for (let q = 0; q < e.length; q += 2) clubTypesL[e[q]].push(t, q / 2);
  });
  let wantWeight = 0;
  for (let s = 0; s < c.nStudents; s++) if (c.studentWants[s]) wantWeight += c.studentWeight[s];
  return {
    c,
    opts,
    noOption,
    overlap,
    slackRes,
    slack: Int32Array.from(slackList),
    T: typeStudents.length,
    typeStudents,
    typeWeight: Int32Array.from(tW),
    typeDays: Int32Array.from(tD),
    typePrev: Int32Array.from(tP),
    typeElig: tE,
    pinned,
    pinCost,
    pinRoom,
    pinLeader,
    outside,
    keep,
    big: 100 * wantWeight + 1,
    prevMask,
    prevRoom,
    prevLeader,
    studentPrev,
    issues,
    clubTypes: clubTypesL.map((l) => Int32Array.from(l)),
    forceMin: true,
    cps: Math.max(1, c.policy.clubsPerStudent),
    cache: new Map(),
    zeroFlow: tE.map((e) => new Int32Array(e.length / 2)),
    nodeWork: tE.reduce((a, e) => a + e.length / 2, 0) + (nJ * nJ) / 4,
  };
}

function kindsZh(c: Compiled, j: number): string {
  const a = c.clubKindOffset[j];
  const b = c.clubKindOffset[j + 1];
  if (a === b) return '任意类型';
  const names: string[] = [];
  for (let p = a; p < b; p++) names.push(c.kindNames[c.clubKind[p]]);
  return names.join('、');
}

// ------------------------------------------------------------------------------------------ node bound

type Node = {
  /** per club: UNDECIDED, CLOSED or option index */
  readonly dec: Int32Array;
  /** per club: decided room or −1 */
  readonly room: Int32Array;
  readonly key: number;
  readonly depth: number;
};

type NodeFlow = {
  readonly cost: number;
  /** per type: flow on each eligible pair (aligned with typeElig[t] / 2) */
  readonly typeFlow: readonly Int32Array[];
  readonly clubFlow: Int32Array;
  readonly arcs: number;
  readonly verified: boolean;
};

function clubCap(p: Prep, node: Node, j: number): number {
  const c = p.c;
  const d = node.dec[j];
  if (d === CLOSED) return 0;
  if (d >= 0) return node.room[j] >= 0 ? Math.min(c.clubMax[j], c.roomCap[node.room[j]]) : p.opts[j][d].maxCap;
  let m = 0;
  for (const o of p.opts[j]) m = Math.max(m, o.maxCap);
  return m;
}

/** Bound of a node: the exact min-cost flow of its relaxation (module comment), plus fixed costs; null when the
 * decided minimums cannot be met (the node holds no plan). Clubs linked by a student who could join both form a
 * component; each component is one flow, cached by its clubs' decisions (a branch changes one component). */
function nodeFlow(p: Prep, node: Node): NodeFlow | null {
  const c = p.c;
  const nJ = c.nClubs;
  const T = p.T;
  const active = (t: number, j: number): boolean => {
    const d = node.dec[j];
    return d !== CLOSED && (d < 0 || (p.opts[j][d].mask & ~p.typeDays[t]) === 0);
  };
  // components
  const parent = Int32Array.from({ length: nJ }, (_, j) => j);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const typeRoot = new Int32Array(T).fill(-1);
  for (let t = 0; t < T; t++) {
    const e = p.typeElig[t];
    let first = -1;
    for (let q = 0; q < e.length; q += 2) {
      if (!active(t, e[q])) continue;
      if (first < 0) first = e[q];
      else {
        const x = find(first);
        const y = find(e[q]);
        if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
      }
    }
    typeRoot[t] = first;
  }
  let fixed = p.pinCost + p.outside;
  const compTypes = new Map<number, number[]>();
  for (let t = 0; t < T; t++) {
    if (typeRoot[t] < 0) {
      fixed += p.typeStudents[t].length * (100 * p.typeWeight[t] + (p.keep && p.typePrev[t] >= 0 ? p.big : 0));
      continue;
    }
    const r = find(typeRoot[t]);
    typeRoot[t] = r;
    let l = compTypes.get(r);
    if (!l) compTypes.set(r, (l = []));
    l.push(t);
  }
  const compClubs = new Map<number, number[]>();
  for (let j = 0; j < nJ; j++) {
    const d = node.dec[j];
    if (p.keep) {
      if (d === CLOSED && p.prevMask[j]) fixed += p.big;
      if (d >= 0 && p.opts[j][d].mask !== p.prevMask[j]) fixed += p.big;
    }
    if (d === CLOSED) continue;
    const pins = p.pinned[j].length;
    const cap = Math.max(0, clubCap(p, node, j) - pins);
    if (d >= 0 && c.clubMin[j] - pins > cap) return null;
    const r = find(j);
    if (!compTypes.has(r)) {
      // nobody can join: a decided club with a minimum above its pinned students holds no plan
      if (d >= 0 && c.clubMin[j] - pins > 0) return null;
      continue;
    }
    let l = compClubs.get(r);
    if (!l) compClubs.set(r, (l = []));
    l.push(j);
  }
  const typeFlow: Int32Array[] = new Array(T);
  const clubFlow = new Int32Array(nJ);
  let cost = fixed;
  let arcs = 0;
  let verified = true;
  for (const [r, types] of compTypes) {
    const clubs = compClubs.get(r)!;
    let key = '';
    for (const j of clubs) key += `${j}:${node.dec[j]}:${node.room[j]},`;
    let comp = p.cache.get(key);
    if (comp === undefined) {
      comp = componentFlow(p, node, types, clubs);
      p.cache.set(key, comp);
      arcs += comp ? comp.arcs : 0;
    }
    if (comp === null) return null;
    cost += comp.cost;
    verified = verified && comp.verified;
    for (let i = 0; i < types.length; i++) typeFlow[types[i]] = comp.typeFlow[i];
    for (let i = 0; i < clubs.length; i++) clubFlow[clubs[i]] = comp.clubFlow[i];
  }
  for (let t = 0; t < T; t++) if (!typeFlow[t]) typeFlow[t] = p.zeroFlow[t];
  return { cost, typeFlow, clubFlow, arcs: arcs + p.nodeWork, verified };
}

type ComponentResult = { readonly cost: number; readonly typeFlow: readonly Int32Array[]; readonly clubFlow: Int32Array; readonly arcs: number; readonly verified: boolean };

function componentFlow(p: Prep, node: Node, types: readonly number[], clubs: readonly number[]): ComponentResult | null {
  const c = p.c;
  const K = types.length;
  const C = clubs.length;
  const local = new Map<number, number>();
  clubs.forEach((j, i) => local.set(j, i));
  const sink = K + C;
  const b = createNetworkBuilder(sink + 1, K * 6 + C);
  const arcsOf: Int32Array[] = new Array(K);
  let total = 0;
  for (let lt = 0; lt < K; lt++) {
    const t = types[lt];
    const n = p.typeStudents[t].length;
    const w = p.typeWeight[t];
    const e = p.typeElig[t];
    const list = new Int32Array(e.length / 2).fill(-1);
    // clubsPerStudent k > 1: k memberships per student, the first n placements save 100 × weight, the rest are
    // free to leave unused (a second club only adds its rank², so the flow takes one only to fill a minimum)
    const units = n * p.cps;
    b.setSupply(lt, units);
    total += units;
    for (let q = 0; q < e.length; q += 2) {
      const j = e[q];
      const d = node.dec[j];
      if (d === CLOSED || (d >= 0 && (p.opts[j][d].mask & ~p.typeDays[t]) !== 0)) continue;
      const change = p.keep && p.typePrev[t] !== j ? p.big : 0;
      list[q / 2] = b.addArc(lt, K + local.get(j)!, n, w * sq(e[q + 1]) + change);
    }
    arcsOf[lt] = list;
    b.addArc(lt, sink, n, 100 * w + (p.keep && p.typePrev[t] >= 0 ? p.big : 0));
    if (units > n) b.addArc(lt, sink, units - n, 0);
  }
  let forced = 0;
  clubs.forEach((j, i) => {
    const d = node.dec[j];
    const pins = p.pinned[j].length;
    const cap = Math.max(0, clubCap(p, node, j) - pins);
    const min = d >= 0 && p.forceMin ? Math.min(cap, Math.max(0, c.clubMin[j] - pins)) : 0;
    b.setSupply(K + i, -min);
    forced += min;
    b.addArc(K + i, sink, cap - min, 0);
  });
  if (forced > total) return null;
  b.setSupply(sink, -(total - forced));
  const net = b.build();
  const res = minCostFlow(net);
  if (res.status !== 'optimal') return null;
  const verified = verifyOptimal(net, res).ok;
  const typeFlow: Int32Array[] = new Array(K);
  const clubFlow = new Int32Array(C);
  for (let lt = 0; lt < K; lt++) {
    const list = arcsOf[lt];
    const f = new Int32Array(list.length);
    const e = p.typeElig[types[lt]];
    for (let q = 0; q < list.length; q++) {
      if (list[q] < 0) continue;
      f[q] = res.flow[list[q]];
      if (f[q]) clubFlow[local.get(e[2 * q])!] += f[q];
    }
    typeFlow[lt] = f;
  }
  return { cost: res.cost, typeFlow, clubFlow, arcs: net.arcFrom.length, verified };
}

// ------------------------------------------------------------------------------------------ rooms and leaders

type Item = { readonly j: number; readonly mask: number; readonly size: number; readonly cands: readonly number[]; /** placed first (keep mode: its previous room or leader is still possible) */ readonly first?: boolean };
type CspResult = { readonly ok: true; readonly pick: Int32Array } | { readonly ok: false; readonly stuck: number; readonly exhausted: boolean };

const CSP_STEPS = 20_000;

/** Rooms (R1 R2): every item gets a candidate room; two items whose club blocks overlap on a shared weekday
 * never share one. Backtracking, most constrained first, candidates in the given order (smallest first). */
function roomCsp(p: Prep, items: readonly Item[]): CspResult {
  const nJ = p.c.nClubs;
  return backtrack(items, (a, ra, b, rb) => ra === rb && (a.mask & b.mask) !== 0 && p.overlap[a.j * nJ + b.j] === 1, () => true);
}

/** Leaders (P2 P4 P5 P8): every item gets a candidate leader, nobody leads two clubs meeting at overlapping times
 * on a shared weekday, weekly minutes within maxPeriodsPerWeek, and insiders only where one is spare for the
 * group blocks (coverage first). */
function leaderCsp(p: Prep, items: readonly Item[]): CspResult {
  const c = p.c;
  const nJ = c.nClubs;
  const load = new Float64Array(c.nStaff);
  const used = new Int32Array(p.slack.length);
  const minutes = (it: Item): number => (c.clubEnd[it.j] - c.clubStart[it.j]) * dayCount(it.mask);
  const res = (it: Item): number[] => {
    const out: number[] = [];
    for (const d of daysOf(it.mask)) out.push(...p.slackRes[it.j][d]);
    return out;
  };
  return backtrack(
    items,
    (a, ia, b, ib) => ia === ib && (a.mask & b.mask) !== 0 && p.overlap[a.j * nJ + b.j] === 1,
    (it, i, on) => {
      const m = minutes(it);
      if (on) {
        if (load[i] + m > c.staffMaxMinutes[i]) return false;
        if (c.staffInsider[i]) {
          const r = res(it);
          if (r.some((id) => used[id] + 1 > p.slack[id])) return false;
          for (const id of r) used[id]++;
        }
        load[i] += m;
      } else {
        load[i] -= m;
        if (c.staffInsider[i]) for (const id of res(it)) used[id]--;
      }
      return true;
    },
  );
}

function backtrack(
  items: readonly Item[],
  clash: (a: Item, va: number, b: Item, vb: number) => boolean,
  take: (it: Item, v: number, on: boolean) => boolean,
): CspResult {
  const n = items.length;
  const order = items
    .map((_, i) => i)
    .sort((x, y) => Number(items[y].first === true) - Number(items[x].first === true) || items[x].cands.length - items[y].cands.length || items[y].size - items[x].size || items[x].j - items[y].j);
  const pick = new Int32Array(n).fill(-1);
  const pos = new Int32Array(n);
  // the earlier items (in search order) each item could clash with: same value on a shared weekday at overlapping
  // times (probed with a value both could take: the clash test is symmetric in the items)
  const before: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < n; k++) {
    const it = items[order[k]];
    for (let x = 0; x < k; x++) {
      const other = items[order[x]];
      if ((it.mask & other.mask) !== 0 && clash(other, -7, it, -7)) before[k].push(x);
    }
  }
  let steps = 0;
  let deepest = 0;
  let k = 0;
  while (k < n) {
    const it = items[order[k]];
    let placed = false;
    for (let q = pos[k]; q < it.cands.length; q++) {
      if (++steps > CSP_STEPS) return { ok: false, stuck: items[order[deepest]].j, exhausted: true };
      const v = it.cands[q];
      let bad = false;
      for (const x of before[k]) if (pick[order[x]] === v) bad = true;
      if (bad || !take(it, v, true)) continue;
      pick[order[k]] = v;
      pos[k] = q + 1;
      placed = true;
      break;
    }
    if (placed) {
      k++;
      if (k > deepest) deepest = k < n ? k : deepest;
      continue;
    }
    if (k === 0) return { ok: false, stuck: items[order[Math.max(deepest, 0)]].j, exhausted: false };
    pos[k] = 0;
    k--;
    take(items[order[k]], pick[order[k]], false);
    pick[order[k]] = -1;
  }
  return { ok: true, pick };
}

/** room and leader CSPs for clubs `open` (mask per club, 0 = closed) with sizes */
function resources(
  p: Prep,
  node: Node,
  mask: Int32Array,
  size: Int32Array,
): { ok: true; room: Int32Array; leader: Int32Array } | { ok: false; stuck: number; exhausted: boolean } {
  const c = p.c;
  const roomItems: Item[] = [];
  const leaderItems: Item[] = [];
  for (let j = 0; j < c.nClubs; j++) {
    if (!mask[j]) continue;
    const o = p.opts[j].find((x) => x.mask === mask[j])!;
    const need = Math.max(size[j], c.clubMin[j], 1);
    const rooms = node.room[j] >= 0 ? [node.room[j]] : o.rooms.filter((r) => c.roomCap[r] >= need);
    roomItems.push({ j, mask: mask[j], size: size[j], cands: rooms, first: p.keep && p.prevRoom[j] >= 0 && rooms[0] === p.prevRoom[j] });
    leaderItems.push({ j, mask: mask[j], size: size[j], cands: o.leaders, first: p.keep && p.prevLeader[j] >= 0 && o.leaders[0] === p.prevLeader[j] });
  }
  const r = roomCsp(p, roomItems);
  if (!r.ok) return r;
  const l = leaderCsp(p, leaderItems);
  if (!l.ok) return l;
  const room = new Int32Array(c.nClubs).fill(-1);
  const leader = new Int32Array(c.nClubs).fill(-1);
  roomItems.forEach((it, q) => (room[it.j] = r.pick[q]));
  leaderItems.forEach((it, q) => (leader[it.j] = l.pick[q]));
  return { ok: true, room, leader };
}

// ------------------------------------------------------------------------------------------ search

type Plan = { readonly mask: Int32Array; readonly room: Int32Array; readonly leader: Int32Array; readonly flow: NodeFlow; readonly cost: number };

/** Round a node's flow to a whole plan, or say which club to branch on. */
function roundNode(p: Prep, node: Node, f: NodeFlow): { plan: Plan } | { branch: number; exhausted: boolean; short?: boolean } {
  const c = p.c;
  const nJ = c.nClubs;
  const mask = new Int32Array(nJ);
  const size = new Int32Array(nJ);
  // the days every student routed to j attends
  const common = new Int32Array(nJ).fill(0x7f);
  for (let t = 0; t < p.T; t++) {
    const e = p.typeElig[t];
    const fl = f.typeFlow[t];
    for (let q = 0; q < fl.length; q++) if (fl[q] > 0) common[e[2 * q]] &= p.typeDays[t];
  }
  let worst = -1;
  let worstFlow = -1;
  const byFlow: number[] = [];
  for (let j = 0; j < nJ; j++) {
    const d = node.dec[j];
    size[j] = f.clubFlow[j] + p.pinned[j].length;
    for (const s of p.pinned[j]) common[j] &= c.studentDays[s];
    if (d === CLOSED || size[j] === 0) continue;
    if (d >= 0) {
      mask[j] = p.opts[j][d].mask;
      // settled but under its minimum (only when minimums are not forced in the flow): this rounding fails
      if (size[j] < c.clubMin[j]) return { branch: j, exhausted: true, short: true };
      continue;
    }
    byFlow.push(j);
  }
  // undecided clubs with members: a day set all of them attend, preferring the one with most spare rooms
  byFlow.sort((a, b) => size[b] - size[a] || a - b);
  const roomLoad = new Map<number, number>();
  for (const j of byFlow) {
    const fits = p.opts[j].filter((o) => (o.mask & ~common[j]) === 0 && o.maxCap >= size[j]);
    if (fits.length === 0 || size[j] < c.clubMin[j]) {
      if (size[j] > worstFlow) (worst = j), (worstFlow = size[j]);
      continue;
    }
    let best = fits[0];
    let bestScore = -Infinity;
    for (const o of fits) {
      let score = 0;
      for (const r of o.rooms) if (c.roomCap[r] >= size[j]) for (const d of daysOf(o.mask)) score -= roomLoad.get(r * 8 + d) ?? 0;
      score += o.rooms.length + o.leaders.length * 0.01;
      if (p.keep && o.mask === p.prevMask[j]) score += 1e9;
      if (score > bestScore) (bestScore = score), (best = o);
    }
    mask[j] = best.mask;
    for (const r of best.rooms) for (const d of daysOf(best.mask)) roomLoad.set(r * 8 + d, (roomLoad.get(r * 8 + d) ?? 0) + 1);
  }
  if (worst >= 0) return { branch: worst, exhausted: false };
  if (p.cps > 1) {
    // second memberships: every type's seats must go to students whose clubs meet on different weekdays
    for (let t = 0; t < p.T; t++) {
      const fl = f.typeFlow[t];
      let sum = 0;
      for (let q = 0; q < fl.length; q++) sum += fl[q];
      if (sum <= p.typeStudents[t].length) continue;
      if (!spread(p.typeStudents[t].length, p.typeElig[t], fl, mask, p.cps)) {
        const e = p.typeElig[t];
        let j = -1;
        for (let q = 0; q < fl.length; q++) if (fl[q] > 0 && node.dec[e[2 * q]] !== CLOSED && (j < 0 || dayCount(mask[e[2 * q]]) > dayCount(mask[j]))) j = e[2 * q];
        return { branch: j, exhausted: true, short: true };
      }
    }
  }
  const r = resources(p, node, mask, size);
  if (!r.ok) {
    const j = r.stuck;
    if (node.dec[j] === UNDECIDED || (node.dec[j] >= 0 && node.room[j] < 0)) return { branch: j, exhausted: r.exhausted };
    // the stuck club is settled: branch on an unsettled club that shares its time and a weekday
    let alt = -1;
    for (let k = 0; k < nJ; k++) {
      if (!mask[k] || k === j || !(mask[k] & mask[j]) || !p.overlap[j * nJ + k]) continue;
      if (node.dec[k] === UNDECIDED || (node.dec[k] >= 0 && node.room[k] < 0)) if (alt < 0 || size[k] > size[alt]) alt = k;
    }
    return { branch: alt, exhausted: r.exhausted };
  }
  let cost = f.cost;
  if (p.keep) for (let j = 0; j < nJ; j++) if (node.dec[j] === UNDECIDED && mask[j] !== p.prevMask[j]) cost += p.big;
  return { plan: { mask, room: r.room, leader: r.leader, flow: f, cost } };
}

/** Decided-open clubs can still get rooms and leaders (at their minimum size)? A valid pruning test. */
function settledFeasible(p: Prep, node: Node): { ok: boolean; exhausted: boolean } {
  const c = p.c;
  const mask = new Int32Array(c.nClubs);
  const size = new Int32Array(c.nClubs);
  let any = false;
  for (let j = 0; j < c.nClubs; j++) {
    const d = node.dec[j];
    if (d < 0) continue;
    mask[j] = p.opts[j][d].mask;
    size[j] = Math.max(c.clubMin[j], p.pinned[j].length, 1);
    any = true;
  }
  if (!any) return { ok: true, exhausted: false };
  const r = resources(p, node, mask, size);
  return r.ok ? { ok: true, exhausted: false } : { ok: false, exhausted: r.exhausted };
}

/** Children of a node branching on club j: its day sets (most of its flow's students first) and closing it; or,
 * when its days are settled, its rooms. */
function children(p: Prep, node: Node, j: number, f: NodeFlow): Node[] {
  const c = p.c;
  const out: Node[] = [];
  const d = node.dec[j];
  if (d >= 0) {
    for (const r of p.opts[j][d].rooms) {
      if (c.roomCap[r] < Math.max(c.clubMin[j], p.pinned[j].length, 1)) continue;
      const room = node.room.slice();
      room[j] = r;
      out.push({ dec: node.dec, room, key: f.cost, depth: node.depth + 1 });
    }
    return out;
  }
  const score = optionScores(p, j, f);
  const idx = p.opts[j].map((_, k) => k).sort((a, b) => score[b] - score[a] || a - b);
  const closeFirst = f.clubFlow[j] === 0;
  const closed = (): Node => {
    const dec = node.dec.slice();
    dec[j] = CLOSED;
    return { dec, room: node.room, key: f.cost, depth: node.depth + 1 };
  };
  if (closeFirst && p.pinned[j].length === 0) out.push(closed());
  for (const k of idx) {
    const dec = node.dec.slice();
    dec[j] = k;
    out.push({ dec, room: node.room, key: f.cost, depth: node.depth + 1 });
  }
  if (!closeFirst && p.pinned[j].length === 0) out.push(closed());
  return out;
}

/** min-heap on (key, −seq): best bound first, the newest (deepest) among equals */
class Heap {
  private readonly a: { node: Node; seq: number }[] = [];
  private seq = 0;
  get size(): number {
    return this.a.length;
  }
  minKey(): number {
    return this.a.length ? this.a[0].node.key : Infinity;
  }
  push(node: Node): void {
    const a = this.a;
    a.push({ node, seq: this.seq++ });
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.less(a[i], a[up])) break;
      [a[i], a[up]] = [a[up], a[i]];
      i = up;
    }
  }
  pop(): Node {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top.node;
  }
  private less(x: { node: Node; seq: number }, y: { node: Node; seq: number }): boolean {
    return x.node.key < y.node.key || (x.node.key === y.node.key && x.seq > y.seq);
  }
}

/** A whole plan from a node by completing it greedily: the undecided clubs, most routed students first, each
 * take the day set that most of them attend and that still leaves every settled club a room and a leader (the
 * least crowded on ties), or close; then clubs still under their minimum or without a room close one at a time.
 * `hint`: a preferred option per club (−1 none). Always ends with a plan unless a pinned club cannot run. */
function complete(p: Prep, start: Node, f0: NodeFlow | null, budget: { work: number; flows: number }, hint?: Int32Array): Plan | null {
  const c = p.c;
  const nJ = c.nClubs;
  let node: Node = { dec: start.dec.slice(), room: start.room.slice(), key: 0, depth: 0 };
  const flowOf = (j: number): number => (f0 ? f0.clubFlow[j] : 0) + p.pinned[j].length;
  const order: number[] = [];
  for (let j = 0; j < nJ; j++) if (node.dec[j] === UNDECIDED) order.push(j);
  order.sort((a, b) => flowOf(b) - flowOf(a) || a - b);
  const crowd = new Int32Array(8 * 7); // decided clubs per (time slot class, weekday): spreads clubs over the week
  const slotOf = (j: number): number => Math.min(7, Math.max(0, c.clubTimeline[j]));
  for (let j = 0; j < nJ; j++) if (node.dec[j] >= 0) for (const d of daysOf(p.opts[j][node.dec[j]].mask)) crowd[slotOf(j) * 7 + d]++;
  const sizeOf = new Int32Array(nJ);
  for (let j = 0; j < nJ; j++) sizeOf[j] = Math.max(c.clubMin[j], Math.min(flowOf(j), node.dec[j] >= 0 ? p.opts[j][node.dec[j]].maxCap : flowOf(j)), 1);
  // rooms and leaders booked greedily as clubs are settled (the whole backtracking search runs on the result)
  const book = bookings(p);
  for (let j = 0; j < nJ; j++) if (node.dec[j] >= 0) book.take(j, p.opts[j][node.dec[j]], sizeOf[j]);
  for (const j of order) {
    if (flowOf(j) === 0 && (!hint || hint[j] < 0)) {
      node.dec[j] = CLOSED;
      continue;
    }
    const score = f0 ? optionScores(p, j, f0) : p.opts[j].map(() => 0);
    const idx = p.opts[j].map((_, k) => k);
    const load = (k: number): number => daysOf(p.opts[j][k].mask).reduce((a, d) => a + crowd[slotOf(j) * 7 + d], 0);
    idx.sort((a, b) => Number(hint?.[j] === b) - Number(hint?.[j] === a) || score[b] - score[a] || load(a) - load(b) || a - b);
    let chosen = -1;
    for (const k of idx) {
      sizeOf[j] = Math.max(c.clubMin[j], Math.min(flowOf(j), p.opts[j][k].maxCap), 1);
      if (book.take(j, p.opts[j][k], sizeOf[j])) {
        chosen = k;
        break;
      }
    }
    node.dec[j] = chosen >= 0 ? chosen : CLOSED;
    if (chosen >= 0) for (const d of daysOf(p.opts[j][chosen].mask)) crowd[slotOf(j) * 7 + d]++;
  }
  for (let guard = 0; guard <= 2 * nJ + 2; guard++) {
    const f = nodeFlow(p, node);
    budget.flows++;
    if (f) budget.work += f.arcs;
    if (!f) {
      // minimums cannot all be met: close the club furthest from its minimum
      let worst = -1;
      let worstGap = -Infinity;
      for (let j = 0; j < nJ; j++) {
        if (node.dec[j] < 0 || p.pinned[j].length) continue;
        const gap = c.clubMin[j] - reach(p, node, j);
        if (gap > worstGap) (worstGap = gap), (worst = j);
      }
      if (worst < 0) return null;
      node = close(node, worst);
      continue;
    }
    // clubs the flow left empty do not run
    let emptied = false;
    for (let j = 0; j < nJ; j++) {
      if (node.dec[j] >= 0 && f.clubFlow[j] + p.pinned[j].length === 0) {
        node = close(node, j);
        emptied = true;
      }
    }
    if (emptied) continue;
    const r = roundNode(p, node, f);
    if ('plan' in r) return r.plan;
    const j = r.branch;
    if (j < 0 || (p.pinned[j].length && !r.short)) return null;
    node = close(node, j);
  }
  return null;
}

/** Greedy room and leader bookings: `take` books the smallest free room that holds `size` and the first free
 * leader (load within maxPeriodsPerWeek, insiders only where one is spare) for club j with option o, or returns
 * false and books nothing. */
function bookings(p: Prep): { take: (j: number, o: Option, size: number) => boolean } {
  const c = p.c;
  const busy = new Map<number, number[]>(); // (room | nRooms + staff) · 8 + day → [start, end, …]
  const load = new Float64Array(c.nStaff);
  const used = new Int32Array(p.slack.length);
  const free = (key: number, mask: number, s: number, e: number): boolean => {
    for (let d = 0; d < 7; d++) {
      if (!(mask & (1 << d))) continue;
      const l = busy.get(key * 8 + d);
      if (l) for (let q = 0; q < l.length; q += 2) if (l[q] < e && s < l[q + 1]) return false;
    }
    return true;
  };
  const mark = (key: number, mask: number, s: number, e: number): void => {
    for (let d = 0; d < 7; d++) {
      if (!(mask & (1 << d))) continue;
      let l = busy.get(key * 8 + d);
      if (!l) busy.set(key * 8 + d, (l = []));
      l.push(s, e);
    }
  };
  return {
    take: (j, o, size) => {
      const s = c.clubStart[j];
      const e = c.clubEnd[j];
      const room = o.rooms.find((r) => c.roomCap[r] >= size && free(r, o.mask, s, e));
      if (room === undefined) return false;
      const minutes = (e - s) * dayCount(o.mask);
      const res: number[] = [];
      for (const d of daysOf(o.mask)) res.push(...p.slackRes[j][d]);
      const leader = o.leaders.find(
        (i) => free(c.nRooms + i, o.mask, s, e) && load[i] + minutes <= c.staffMaxMinutes[i] && (!c.staffInsider[i] || res.every((id) => used[id] < p.slack[id])),
      );
      if (leader === undefined) return false;
      mark(room, o.mask, s, e);
      mark(c.nRooms + leader, o.mask, s, e);
      load[leader] += minutes;
      if (c.staffInsider[leader]) for (const id of res) used[id]++;
      return true;
    },
  };
}

/** routed students per option of club j that attend its days */
function optionScores(p: Prep, j: number, f: NodeFlow): number[] {
  const ct = p.clubTypes[j];
  return p.opts[j].map((o) => {
    let s = 0;
    for (let x = 0; x < ct.length; x += 2) if ((o.mask & ~p.typeDays[ct[x]]) === 0) s += f.typeFlow[ct[x]][ct[x + 1]];
    return s;
  });
}

function close(node: Node, j: number): Node {
  const dec = node.dec.slice();
  dec[j] = CLOSED;
  return { ...node, dec };
}

/** students who could join club j at this node (ignoring every other club) */
function reach(p: Prep, node: Node, j: number): number {
  const d = node.dec[j];
  let n = p.pinned[j].length;
  const ct = p.clubTypes[j];
  for (let x = 0; x < ct.length; x += 2) {
    const t = ct[x];
    if (d >= 0 && (p.opts[j][d].mask & ~p.typeDays[t]) !== 0) continue;
    n += p.typeStudents[t].length;
  }
  return n;
}

type SearchResult = { best: Plan | null; bound: number; complete: boolean; nodes: number; flows: number; work: number };

function search(p: Prep, workLimit: number, hint: Int32Array | undefined): SearchResult {
  const c = p.c;
  const nJ = c.nClubs;
  const root: Node = { dec: new Int32Array(nJ).fill(UNDECIDED), room: new Int32Array(nJ).fill(-1), key: -Infinity, depth: 0 };
  for (let j = 0; j < nJ; j++) if (p.opts[j].length === 0) root.dec[j] = CLOSED;
  const budget = { work: 0, flows: 0 };
  const inc: { best: Plan | null } = { best: null };
  let exact = true; // no CSP ran out of steps on a pruned or closed node
  let dropped = Infinity; // smallest bound of a node left without proof (its subtree is not searched)
  const drop = (key: number): void => {
    exact = false;
    dropped = Math.min(dropped, key);
  };
  const offer = (plan: Plan | null): void => {
    if (plan && (!inc.best || plan.cost < inc.best.cost)) inc.best = plan;
  };
  const heap = new Heap();
  let nodes = 0;
  // the root, then two whole plans to start from: completed from the root's flow, and from the hinted days
  const rootFlow = nodeFlow(p, root);
  budget.flows++;
  if (rootFlow) {
    budget.work += rootFlow.arcs;
    if (!rootFlow.verified) exact = false;
    nodes++;
    const r = roundNode(p, root, rootFlow);
    if ('plan' in r) offer(r.plan);
    if (!inc.best || inc.best.cost > rootFlow.cost) {
      offer(complete(p, root, rootFlow, budget));
      if (hint) offer(complete(p, root, rootFlow, budget, hint));
      const j = r && 'plan' in r ? pickBranch(p, root, rootFlow) : (r as { branch: number }).branch;
      if (j >= 0) for (const k of children(p, root, j, rootFlow)) heap.push(k);
    }
  } else exact = false;
  // the Lagrangian relaxation (club-lagrange.ts): a bound on the whole stage, and plans completed from the
  // clubs' choices at its prices
  let lagBound = -Infinity;
  let settled = false;
  if (!p.keep && rootFlow && (!inc.best || inc.best.cost > rootFlow.cost)) {
    const fromChoice = (ch: LagrangeChoice): number => {
      const start: Node = { dec: root.dec.slice(), room: root.room.slice(), key: 0, depth: 0 };
      for (let j = 0; j < nJ; j++) if (ch.option[j] < 0 && p.pinned[j].length === 0) start.dec[j] = CLOSED;
      const pseudo: NodeFlow = { cost: 0, typeFlow: ch.typeFlow, clubFlow: ch.clubFlow, arcs: 0, verified: true };
      const plan = complete(p, start, pseudo, budget, ch.option);
      offer(plan);
      return plan ? plan.cost : Infinity;
    };
    // starting prices from the root flow: a type with students left over is worth a whole placement (100 ×
    // weight), one wholly placed the dearest rank it was given
    const price = new Float64Array(p.T);
    for (let t = 0; t < p.T; t++) {
      const e = p.typeElig[t];
      const fl = rootFlow.typeFlow[t];
      let placed = 0;
      let dear = 0;
      for (let q = 0; q < fl.length; q++) if (fl[q] > 0) (placed += fl[q]), (dear = Math.max(dear, p.typeWeight[t] * sq(e[2 * q + 1])));
      price[t] = placed < p.typeStudents[t].length ? 100 * p.typeWeight[t] : dear;
    }
    let last: LagrangeChoice | null = null;
    const lr = lagrangeBound(p, {
      price,
      iterations: lagrangeIterations(p),
      upper: inc.best ? inc.best.cost : Infinity,
      onChoice: (ch) => ((last = ch), fromChoice(ch)),
      every: LAGRANGE_EVERY,
    });
    lagBound = lr.bound;
    // a large stage within TIGHT of the Lagrangian bound while the root flow's bound is below it: its flow nodes
    // (each costly) would need a deep tree to prove anything and a better plan is worth at most that gap, so the
    // search ends here (small stages go on: their flows are cheap and often close the gap)
    if (inc.best && rootFlow.arcs >= LARGE_FLOW && rootFlow.cost < lagBound && inc.best.cost - lagBound <= TIGHT * inc.best.cost) settled = true;
    else if (inc.best && lagBound < inc.best.cost) improve(p, inc, last, budget, workLimit * IMPROVE_SHARE);
  }
  while (heap.size > 0 && !settled) {
    if (inc.best && (heap.minKey() >= inc.best.cost || lagBound >= inc.best.cost)) break;
    if (budget.work > workLimit) break;
    const node = heap.pop();
    nodes++;
    const feas = settledFeasible(p, node);
    if (!feas.ok) {
      if (feas.exhausted) drop(node.key);
      continue;
    }
    const f = nodeFlow(p, node);
    budget.flows++;
    if (!f) continue;
    budget.work += f.arcs;
    if (!f.verified) exact = false;
    if (inc.best && f.cost >= inc.best.cost) continue;
    const r = roundNode(p, node, f);
    if ('plan' in r) {
      offer(r.plan);
      if (r.plan.cost === f.cost) continue; // the node is solved
    }
    if (!('plan' in r) && r.short) {
      drop(f.cost); // a settled club under its minimum (clubsPerStudent > 1): its subtree is not searched
      continue;
    }
    const j = 'plan' in r ? pickBranch(p, node, f) : r.branch;
    if (j < 0) {
      // nothing left to branch on and no plan: the node holds none (unless the room/leader search gave up)
      if (!('plan' in r) && r.exhausted) drop(f.cost);
      continue;
    }
    for (const k of children(p, node, j, f)) heap.push(k);
  }
  if (!inc.best) offer(complete(p, root, rootFlow, budget));
  const open = heap.size > 0 ? heap.minKey() : Infinity;
  const rootKey = rootFlow ? rootFlow.cost : 0;
  const final = inc.best;
  const bound = final ? Math.min(final.cost, Math.max(rootKey, lagBound, Math.min(open, dropped))) : Math.max(rootKey, lagBound);
  const completeSearch = final !== null && ((exact && (heap.size === 0 || heap.minKey() >= final.cost)) || lagBound >= final.cost);
  return { best: final, bound, complete: completeSearch, nodes, flows: budget.flows, work: budget.work };
}

/** Local search on the best plan (every club decided, so each candidate's flow is exact): one club at a time
 * takes the Lagrangian choice's option or closing, then closes, then opens or moves to another day set; an
 * improving candidate whose rooms and leaders fit becomes the best plan. Stops when a pass finds nothing or the
 * work budget is spent. */
function improve(p: Prep, inc: { best: Plan | null }, ch: LagrangeChoice | null, budget: { work: number; flows: number }, limit: number): void {
  const nJ = p.c.nClubs;
  const moves: number[] = []; // [club, option or CLOSED]
  const decOf = (plan: Plan): Int32Array => Int32Array.from({ length: nJ }, (_, j) => (plan.mask[j] ? p.opts[j].findIndex((o) => o.mask === plan.mask[j]) : CLOSED));
  if (!inc.best) return;
  const cur0 = decOf(inc.best);
  if (ch) for (let j = 0; j < nJ; j++) if (ch.option[j] !== cur0[j]) moves.push(j, ch.option[j] < 0 ? CLOSED : ch.option[j]);
  for (let j = 0; j < nJ; j++) if (cur0[j] >= 0) moves.push(j, CLOSED);
  for (let j = 0; j < nJ; j++) for (let k = 0; k < p.opts[j].length; k++) if (cur0[j] !== k) moves.push(j, k);
  for (let pass = 0; pass < 3; pass++) {
    let better = false;
    for (let m = 0; m < moves.length; m += 2) {
      if (budget.work > limit) return;
      const j = moves[m];
      const k = moves[m + 1];
      const dec = decOf(inc.best!);
      if (dec[j] === k || (k === CLOSED && p.pinned[j].length)) continue;
      dec[j] = k;
      const node: Node = { dec, room: new Int32Array(nJ).fill(-1), key: 0, depth: 0 };
      const f = nodeFlow(p, node);
      budget.flows++;
      if (!f) continue;
      budget.work += f.arcs;
      if (f.cost >= inc.best!.cost) continue;
      const r = roundNode(p, node, f);
      if ('plan' in r && r.plan.cost < inc.best!.cost) {
        inc.best = r.plan;
        better = true;
      }
    }
    if (!better) return;
  }
}
/** relative gap between the best plan and the Lagrangian bound below which the flow search is skipped */
const TIGHT = 0.001;
/** a root flow of this much work (arcs and pairs) marks a large stage (longhutang ≈ 18,000; small ≈ 2,500) */
const LARGE_FLOW = 10_000;
/** share of the work budget the local search may reach */
const IMPROVE_SHARE = 0.6;

/** Lagrangian iterations: a fixed number (deterministic), fewer on very large stages */
function lagrangeIterations(p: Prep): number {
  let pairs = 0;
  for (const e of p.typeElig) pairs += e.length / 2;
  return Math.max(60, Math.min(LAGRANGE_ITERATIONS, Math.floor(LAGRANGE_PAIR_WORK / Math.max(1, pairs))));
}
const LAGRANGE_ITERATIONS = 250;
const LAGRANGE_PAIR_WORK = 6_000_000;
const LAGRANGE_EVERY = 25;

/** a club to branch on when the rounding found a plan above the bound (keep mode): an undecided club with flow */
function pickBranch(p: Prep, node: Node, f: NodeFlow): number {
  let best = -1;
  for (let j = 0; j < p.c.nClubs; j++) if (node.dec[j] === UNDECIDED && (best < 0 || f.clubFlow[j] > f.clubFlow[best])) best = j;
  return best;
}

// ------------------------------------------------------------------------------------------ the stage

/** Plan the club stage (module comment). `groupUse`: rooms held by groups. */
export function planClubStage(c: Compiled, groups: readonly Group[], groupUse: RoomUse, options: ClubStageOptions = {}): ClubStage {
  const t0 = performance.now();
  const p = prepareClubStage(c, groups, groupUse, options);
  const nJ = c.nClubs;
  const workLimit = options.workLimit ?? DEFAULT_CLUB_WORK;
  const hint = greedyHint(c, p, groupUse);
  const res = search(p, workLimit, hint);
  const flowMs = performance.now() - t0;
  const mask = new Int32Array(nJ);
  const room = new Int32Array(nJ).fill(-1);
  const leader = new Int32Array(nJ).fill(-1);
  const studentClubs: number[][] = Array.from({ length: c.nStudents }, () => []);
  const plan = res.best;
  if (plan) {
    // decompose the type flows into students (instance order), pinned students first
    for (let j = 0; j < nJ; j++) for (const s of p.pinned[j]) studentClubs[s].push(j);
    for (let t = 0; t < p.T; t++) {
      const st = p.typeStudents[t];
      const e = p.typeElig[t];
      const fl = plan.flow.typeFlow[t];
      // keep mode: students who were in a club take its seats first
      const order = p.keep ? [...st].sort((a, b) => Number(p.studentPrev[b] >= 0) - Number(p.studentPrev[a] >= 0) || a - b) : st;
      let sum = 0;
      for (let q = 0; q < fl.length; q++) sum += fl[q];
      if (sum > st.length) {
        // second memberships (clubsPerStudent > 1): checked possible when the plan was rounded
        const l = spread(st.length, e, fl, plan.mask, p.cps)!;
        l.forEach((clubs, u) => studentClubs[order[u]].push(...clubs));
        continue;
      }
      let at = 0;
      for (let q = 0; q < fl.length; q++) for (let u = 0; u < fl[q]; u++) studentClubs[order[at++]].push(e[2 * q]);
    }
    for (let j = 0; j < nJ; j++) {
      if (!plan.mask[j]) continue;
      mask[j] = plan.mask[j];
      room[j] = plan.room[j];
      leader[j] = plan.leader[j];
    }
  }
  const running = new Uint8Array(nJ);
  const sizes = new Int32Array(nJ);
  for (const l of studentClubs) for (const j of l) sizes[j]++;
  for (let j = 0; j < nJ; j++) running[j] = mask[j] && sizes[j] > 0 && room[j] >= 0 && leader[j] >= 0 ? 1 : 0;
  const cap = new Int32Array(nJ);
  for (let j = 0; j < nJ; j++) cap[j] = running[j] ? Math.min(c.clubMax[j], c.roomCap[room[j]], UNLIMITED) : 0;

  const closedReason = reasons(p, running, mask, sizes, room, leader);
  const daysObj: ClubDays = { mask, room, cap, open: running, closedReason, leaderHint: leader, use: bookedUse(c, groupUse, running, mask, room) };
  const s2Repairs = repairS2(c, daysObj, running, studentClubs, sizes, cap);
  const members: number[][] = Array.from({ length: nJ }, () => []);
  studentClubs.forEach((l, s) => {
    l.sort((a, b) => rankOf(c, s, a) - rankOf(c, s, b));
    for (const j of l) members[j].push(s);
  });
  let cost = 0;
  let none = 0;
  const hist = new Map<number, number>();
  const unplaced: { student: number; reason: string }[] = [];
  for (let s = 0; s < c.nStudents; s++) {
    if (!c.studentWants[s]) continue;
    const w = c.studentWeight[s];
    const l = studentClubs[s];
    if (l.length === 0) {
      cost += 100 * w;
      none++;
      unplaced.push({ student: s, reason: unplacedReason(c, s, mask, running, sizes, cap, closedReason) });
      continue;
    }
    for (const j of l) {
      const k = rankOf(c, s, j);
      cost += w * k * k;
      hist.set(k, (hist.get(k) ?? 0) + 1);
    }
  }
  const histogram: Record<string, number> = {};
  for (const k of [...hist.keys()].sort((a, b) => a - b)) histogram[String(k)] = hist.get(k)!;
  histogram.none = none;

  // the bound of the search is on the stage objective; without keep it is clubCost itself
  const lowerBound = p.keep ? 0 : Math.min(cost, res.bound);
  const proven = !p.keep && res.complete && s2Repairs === 0 && plan !== null && plan.flow.verified && cost === res.bound;
  const changes = p.keep ? countChanges(p, running, mask, room, leader, studentClubs) : undefined;
  const assignment: ClubAssignment = {
    running,
    members: members.map((l) => Int32Array.from(l)),
    studentClubs,
    cost,
    bound: lowerBound,
    optimal: proven,
    histogram,
    unplaced,
    closedReason,
    s2Repairs,
    conflictDrops: 0,
    flowRounds: res.flows,
    flowNodes: res.nodes,
    flowArcs: res.work,
    flowMs,
    verifyMs: 0,
  };
  return {
    days: daysObj,
    assignment,
    room,
    leader,
    pinnedLeader: Int32Array.from(p.pinLeader, (i, j) => (running[j] && leader[j] === i ? i : -1)),
    lowerBound,
    proven,
    search: { nodes: res.nodes, flows: res.flows, work: res.work, complete: res.complete },
    pinIssues: p.issues,
    ...(changes ? { changes } : {}),
  };
}

/** The memberships of one student type as students (clubsPerStudent > 1): each club's seats (most days first)
 * go to the students with the fewest clubs so far whose clubs meet on other weekdays, so min(n, seats) students
 * get at least one club, as the flow counts; null when a seat finds nobody (the flow's plan cannot be split). */
function spread(n: number, e: Int32Array, fl: Int32Array, mask: Int32Array, cps: number): number[][] | null {
  const clubs: number[][] = Array.from({ length: n }, () => []);
  const days = new Int32Array(n);
  const qs: number[] = [];
  for (let q = 0; q < fl.length; q++) if (fl[q] > 0) qs.push(q);
  qs.sort((a, b) => dayCount(mask[e[2 * b]]) - dayCount(mask[e[2 * a]]) || fl[b] - fl[a] || a - b);
  for (const q of qs) {
    const j = e[2 * q];
    const m = mask[j];
    const cand: number[] = [];
    for (let u = 0; u < n; u++) if ((days[u] & m) === 0 && clubs[u].length < cps) cand.push(u);
    if (cand.length < fl[q]) return null;
    cand.sort((a, b) => clubs[a].length - clubs[b].length || a - b);
    for (let i = 0; i < fl[q]; i++) {
      clubs[cand[i]].push(j);
      days[cand[i]] |= m;
    }
  }
  return clubs;
}

/** The option of each club matching the days the one-club-at-a-time greedy (chooseClubDays) picks: a second
 * starting plan for the search. */
function greedyHint(c: Compiled, p: Prep, groupUse: RoomUse): Int32Array {
  const g = chooseClubDays(c, groupUse);
  const hint = new Int32Array(c.nClubs).fill(-1);
  for (let j = 0; j < c.nClubs; j++) if (g.open[j]) hint[j] = p.opts[j].findIndex((o) => o.mask === g.mask[j]);
  return hint;
}

function bookedUse(c: Compiled, groupUse: RoomUse, running: Uint8Array, mask: Int32Array, room: Int32Array): RoomUse {
  const use = cloneRoomUse(groupUse);
  for (let j = 0; j < c.nClubs; j++) if (running[j]) bookRoom(use, room[j], mask[j], c.clubStart[j], c.clubEnd[j]);
  return use;
}

function rankOf(c: Compiled, s: number, j: number): number {
  for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) if (c.prefClub[p] === j) return c.prefRank[p];
  return 0;
}

/** Why each club that someone asked for does not run (Chinese). */
function reasons(p: Prep, running: Uint8Array, mask: Int32Array, sizes: Int32Array, room: Int32Array, leader: Int32Array): (string | undefined)[] {
  const c = p.c;
  const out: (string | undefined)[] = new Array(c.nClubs).fill(undefined);
  const asked = new Uint8Array(c.nClubs);
  for (let s = 0; s < c.nStudents; s++) for (let q = c.prefOffset[s]; q < c.prefOffset[s + 1]; q++) asked[c.prefClub[q]] = 1;
  for (let j = 0; j < c.nClubs; j++) {
    if (running[j] || !asked[j]) continue;
    if (p.noOption[j]) {
      out[j] = p.noOption[j];
      continue;
    }
    const node: Node = { dec: new Int32Array(c.nClubs).fill(UNDECIDED), room: new Int32Array(c.nClubs).fill(-1), key: 0, depth: 0 };
    const could = reach(p, node, j);
    if (could < c.clubMin[j]) {
      out[j] = `${clubName(c, j)}：能参加的报名学生最多 ${could} 人，少于最少开班人数 ${c.clubMin[j]}，未开设`;
      continue;
    }
    // does every option clash with the running clubs' rooms or leaders?
    let free = false;
    for (const o of p.opts[j]) {
      const roomOk = o.rooms.some((r) => !clashes(p, j, o.mask, running, mask, room, r, 'room'));
      const leadOk = o.leaders.some((i) => !clashes(p, j, o.mask, running, mask, leader, i, 'leader'));
      if (roomOk && leadOk) free = true;
    }
    out[j] = free
      ? `${clubName(c, j)}：报名学生安排在其他志愿时总体代价更低（开设需至少 ${c.clubMin[j]} 人），未开设`
      : `${clubName(c, j)}：可选活动日的场地或指导教师都已被其他社团占用（全校社团整体最优安排），未开设`;
  }
  return out;
}

function clashes(p: Prep, j: number, m: number, running: Uint8Array, mask: Int32Array, used: Int32Array, v: number, _what: string): boolean {
  const nJ = p.c.nClubs;
  for (let k = 0; k < nJ; k++) if (running[k] && used[k] === v && mask[k] & m && p.overlap[j * nJ + k]) return true;
  return false;
}

function unplacedReason(
  c: Compiled,
  s: number,
  mask: Int32Array,
  running: Uint8Array,
  sizes: Int32Array,
  cap: Int32Array,
  closedReason: readonly (string | undefined)[],
): string {
  const g = c.studentGrade[s];
  const parts: string[] = [];
  for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) {
    const j = c.prefClub[p];
    const name = clubName(c, j);
    const k = c.prefRank[p];
    if (g < 0 || !(c.clubGradeMask[j] & (1 << g))) parts.push(`${name}不招收${g}年级`);
    else if (!running[j]) parts.push(closedReason[j] ? `${name}未开设（${closedReason[j]!.replace(/^[^：]*：/, '')}）` : `${name}未开设`);
    else if ((c.studentDays[s] & mask[j]) !== mask[j]) parts.push(`${name}在${daysZh(mask[j])}活动，该生当天不参加课后服务`);
    else if (sizes[j] >= cap[j]) parts.push(`${name}已满（${sizes[j]}/${cap[j]} 人）`);
    else if (k * k >= 100) parts.push(`${name}是第 ${k} 志愿，排位代价 ${k * k} 不低于未安排代价 100`);
    else parts.push(`${name}的名额已分给排位更靠前或优先照顾的学生`);
  }
  return '未安排社团：' + parts.join('；');
}

function countChanges(
  p: Prep,
  running: Uint8Array,
  mask: Int32Array,
  room: Int32Array,
  leader: Int32Array,
  studentClubs: readonly (readonly number[])[],
): { students: number; clubs: number; list: string[] } {
  const c = p.c;
  const inst = c.instance;
  const list: string[] = [];
  let clubs = 0;
  for (let j = 0; j < c.nClubs; j++) {
    const was = p.prevMask[j] !== 0;
    const name = clubName(c, j);
    if (!was && !running[j]) continue;
    if (was && !running[j]) {
      clubs++;
      list.push(`${name}：不再开设`);
      continue;
    }
    if (!was) {
      clubs++;
      list.push(`${name}：新开设（${daysZh(mask[j])}，${inst.rooms[room[j]].name ?? inst.rooms[room[j]].id}）`);
      continue;
    }
    const parts: string[] = [];
    if (p.prevMask[j] !== mask[j]) parts.push(`活动日 ${daysZh(p.prevMask[j])} → ${daysZh(mask[j])}`);
    if (p.prevRoom[j] !== room[j]) parts.push(`场地 ${p.prevRoom[j] >= 0 ? (inst.rooms[p.prevRoom[j]].name ?? inst.rooms[p.prevRoom[j]].id) : '无'} → ${inst.rooms[room[j]].name ?? inst.rooms[room[j]].id}`);
    if (p.prevLeader[j] !== leader[j]) parts.push(`指导教师 ${p.prevLeader[j] >= 0 ? inst.staff[p.prevLeader[j]].name : '无'} → ${inst.staff[leader[j]].name}`);
    if (parts.length) {
      clubs++;
      list.push(`${name}：${parts.join('，')}`);
    }
  }
  let students = 0;
  for (let s = 0; s < c.nStudents; s++) {
    const now = studentClubs[s][0] ?? -1;
    const before = p.studentPrev[s];
    if (now === before) continue;
    students++;
    const st = inst.students[s];
    const nm = (j: number): string => (j >= 0 ? clubName(c, j) : '无社团');
    list.push(`${st.name ?? st.id}：${nm(before)} → ${nm(now)}`);
  }
  return { students, clubs, list };
}
