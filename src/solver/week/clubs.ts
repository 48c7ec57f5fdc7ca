// School-level clubs (校级社团), helpers of the club stage (club-stage.ts): the one-club-at-a-time day choice
// (S6, the stage's second starting plan), day subsets, the shapes the schedule writer reads (ClubDays,
// ClubAssignment) and the S2 repair after the stage's flow.
import { canLeadClub, dayCount, UNLIMITED, type Compiled } from '../compile.js';
import { bookRoom, cloneRoomUse, clubRooms, daysZh, freeClubRooms, pickRoom, type RoomUse } from './rooms.js';

// ------------------------------------------------------------------------------------------ club days

export type ClubDays = {
  /** chosen weekday mask per club; 0 for a club that does not run */
  readonly mask: Int32Array;
  /** room reserved for the club, −1 when none is free (a shortfall) */
  readonly room: Int32Array;
  /** capacity = min(max, reserved room capacity) */
  readonly cap: Int32Array;
  /** 1 ⇔ the club is a candidate to run */
  readonly open: Uint8Array;
  /** per club not open: why (Chinese), undefined when nobody asked for it */
  readonly closedReason: readonly (string | undefined)[];
  /** tentative leader (staff index), −1 when no qualified leader is free: the cover stage decides */
  readonly leaderHint: Int32Array;
  /** bookings after groups and the reserved club rooms */
  readonly use: RoomUse;
};

/** students who list club j and whose grade it takes: [student, rank] pairs */
export function clubWanters(c: Compiled): { readonly student: Int32Array; readonly rank: Int32Array }[] {
  const lists: { s: number[]; r: number[] }[] = Array.from({ length: c.nClubs }, () => ({ s: [], r: [] }));
  for (let s = 0; s < c.nStudents; s++) {
    const g = c.studentGrade[s];
    if (g < 0) continue;
    for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) {
      const j = c.prefClub[p];
      if (c.clubGradeMask[j] & (1 << g)) {
        lists[j].s.push(s);
        lists[j].r.push(c.prefRank[p]);
      }
    }
  }
  return lists.map((l) => ({ student: Int32Array.from(l.s), rank: Int32Array.from(l.r) }));
}

/** all subsets of `days` of size k, in lexicographic order, as masks */
export function dayCombos(days: readonly number[], k: number): number[] {
  const out: number[] = [];
  const take = Math.min(k, days.length);
  const rec = (from: number, left: number, mask: number): void => {
    if (left === 0) {
      out.push(mask);
      return;
    }
    for (let i = from; i <= days.length - left; i++) rec(i + 1, left - 1, mask | (1 << days[i]));
  };
  if (take > 0) rec(0, take, 0);
  return out;
}

/** Club days (S6): fixed days are kept; for the others the `sessionsPerWeek` service weekdays are chosen
 * greedily, clubs with the most demand first, maximising the value of the students who could attend
 * (Σ over the best `capacity` of them of weight × (101 − rank²)), preferring day sets with a free room of an
 * allowed kind and a free qualified leader; equal values go to the days with fewest clubs so far (spreading
 * clubs over the week), then to the earliest days. A room is reserved (smallest that holds min(max, demand), else the largest). */
export function chooseClubDays(c: Compiled, groupUse: RoomUse): ClubDays {
  const use = cloneRoomUse(groupUse);
  const mask = new Int32Array(c.nClubs);
  const room = new Int32Array(c.nClubs).fill(-1);
  const cap = new Int32Array(c.nClubs);
  const open = new Uint8Array(c.nClubs);
  const leaderHint = new Int32Array(c.nClubs).fill(-1);
  const closedReason: (string | undefined)[] = new Array(c.nClubs).fill(undefined);
  const wanters = clubWanters(c);
  const clubName = (j: number): string => c.instance.clubs![c.clubSrc[j]].name;

  // tentative staff bookings: intervals per (staff · 7 + day), weekly minutes
  const staffBusy: number[][] = Array.from({ length: c.nStaff * 7 }, () => []);
  const staffLoad = new Float64Array(c.nStaff);
  const clubsOnDay = new Int32Array(7);
  const nSkills = (i: number): number => c.staffSkillOffset[i + 1] - c.staffSkillOffset[i];
  // P3 P4 staff who may lead each skill (−1: no skill needed), computed once
  const leadersBySkill = new Map<number, number[]>();
  const leadersOf = (j: number): number[] => {
    let l = leadersBySkill.get(c.clubSkill[j]);
    if (!l) {
      l = [];
      for (let i = 0; i < c.nStaff; i++) if (canLeadClub(c, i, j)) l.push(i);
      leadersBySkill.set(c.clubSkill[j], l);
    }
    return l;
  };
  const leaderFor = (j: number, m: number): number => {
    const s = c.clubStart[j];
    const e = c.clubEnd[j];
    const minutes = (e - s) * dayCount(m);
    let best = -1;
    for (const i of leadersOf(j)) {
      if (c.staffUnavailable[i] & m) continue;
      if (staffLoad[i] + minutes > c.staffMaxMinutes[i]) continue;
      let free = true;
      for (let d = 0; d < 7 && free; d++) {
        if (!(m & (1 << d))) continue;
        const l = staffBusy[i * 7 + d];
        for (let p = 0; p < l.length; p += 2) if (l[p] < e && s < l[p + 1]) free = false;
      }
      if (!free) continue;
      // outsiders first (they cannot supervise groups), then the least versatile, then the least loaded
      if (
        best < 0 ||
        c.staffInsider[i] < c.staffInsider[best] ||
        (c.staffInsider[i] === c.staffInsider[best] &&
          (nSkills(i) < nSkills(best) || (nSkills(i) === nSkills(best) && staffLoad[i] < staffLoad[best])))
      ) {
        best = i;
      }
    }
    return best;
  };

  const demand = (j: number): number => {
    let w = 0;
    for (const s of wanters[j].student) w += c.studentWeight[s];
    return w;
  };
  const order: number[] = [];
  for (let j = 0; j < c.nClubs; j++) order.push(j);
  const dem = order.map(demand);
  order.sort((a, b) => Number(c.clubFixedMask[b] !== 0) - Number(c.clubFixedMask[a] !== 0) || dem[b] - dem[a] || a - b);

  const roomsByKinds = new Map<string, number[]>();
  for (const j of order) {
    const W = wanters[j];
    if (W.student.length === 0) continue; // nobody asked for it: not run, nothing to report
    if (c.clubStart[j] < 0) {
      closedReason[j] = `${clubName(j)}：所属年级的时间表没有社团时段，无法开设`;
      continue;
    }
    const candidates = c.clubFixedMask[j] ? [c.clubFixedMask[j]] : dayCombos(c.days, c.clubSessions[j]);
    const kindKey = Array.from(c.clubKind.subarray(c.clubKindOffset[j], c.clubKindOffset[j + 1])).join(',');
    let allowedRooms = roomsByKinds.get(kindKey);
    if (!allowedRooms) roomsByKinds.set(kindKey, (allowedRooms = clubRooms(c, j)));
    const max = c.clubMax[j];
    const min = c.clubMin[j];
    const buf = new Float64Array(W.student.length);
    let best: { m: number; tier: number; score: number; crowd: number; room: number; cap: number; leader: number; count: number } | undefined;
    for (const m of candidates) {
      let count = 0;
      for (let p = 0; p < W.student.length; p++) {
        const s = W.student[p];
        if ((c.studentDays[s] & m) !== m) continue;
        const k = W.rank[p];
        buf[count++] = c.studentWeight[s] * Math.max(1, 101 - k * k);
      }
      const vals = buf.subarray(0, count).sort(); // ascending: the best are at the end
      const rooms = freeClubRooms(c, use, j, m, allowedRooms);
      const r = pickRoom(c, rooms, Math.min(max, Math.max(count, min)));
      const roomOk = r >= 0 && c.roomCap[r] >= Math.max(min, 1);
      const capacity = roomOk ? Math.min(max, c.roomCap[r]) : Math.min(max, count);
      let score = 0;
      for (let p = count - 1; p >= Math.max(0, count - capacity); p--) score += vals[p];
      let crowd = 0;
      for (let d = 0; d < 7; d++) if (m & (1 << d)) crowd += clubsOnDay[d];
      const leader = leaderFor(j, m);
      const tier = (count >= Math.max(min, 1) ? 4 : 0) + (roomOk ? 2 : 0) + (leader >= 0 ? 1 : 0);
      if (
        !best ||
        tier > best.tier ||
        (tier === best.tier && (score > best.score || (score === best.score && crowd < best.crowd)))
      ) {
        best = { m, tier, score, crowd, room: roomOk ? r : -1, cap: capacity, leader, count };
      }
    }
    if (!best) {
      closedReason[j] = `${clubName(j)}：没有可用的服务日`;
      continue;
    }
    if (best.tier < 4) {
      closedReason[j] =
        c.clubFixedMask[j] !== 0
          ? `${clubName(j)}：${daysZh(best.m)}能参加的报名学生只有 ${best.count} 人，少于最少开班人数 ${min}，未开设`
          : `${clubName(j)}：任选活动日能参加的报名学生最多 ${best.count} 人，少于最少开班人数 ${min}，未开设`;
      continue;
    }
    mask[j] = best.m;
    open[j] = 1;
    room[j] = best.room;
    cap[j] = Math.min(best.cap, UNLIMITED);
    leaderHint[j] = best.leader;
    if (best.room >= 0) bookRoom(use, best.room, best.m, c.clubStart[j], c.clubEnd[j]);
    if (best.leader >= 0) {
      for (let d = 0; d < 7; d++) if (best.m & (1 << d)) staffBusy[best.leader * 7 + d].push(c.clubStart[j], c.clubEnd[j]);
      staffLoad[best.leader] += (c.clubEnd[j] - c.clubStart[j]) * dayCount(best.m);
    }
    for (let d = 0; d < 7; d++) if (best.m & (1 << d)) clubsOnDay[d]++;
  }
  return { mask, room, cap, open, closedReason, leaderHint, use };
}

// ------------------------------------------------------------------------------------------ the stage's result

export type ClubAssignment = {
  /** 1 ⇔ the club runs (open, min ≤ members ≤ capacity, at least one member) */
  readonly running: Uint8Array;
  /** members per club, ascending student indices */
  readonly members: readonly Int32Array[];
  /** clubs per student (club indices, by rank), empty for students in none */
  readonly studentClubs: readonly (readonly number[])[];
  /** clubCost as defined in docs/decisions.md "clubCost" */
  readonly cost: number;
  /** proven lower bound for the running clubs */
  readonly bound: number;
  /** the flow certified optimal by verifyOptimal and nothing repaired after it */
  readonly optimal: boolean;
  /** preference histogram: rank → memberships, plus "none" */
  readonly histogram: Readonly<Record<string, number>>;
  readonly unplaced: readonly { readonly student: number; readonly reason: string }[];
  /** club closed during assignment (under min) with the reason */
  readonly closedReason: readonly (string | undefined)[];
  /** S2 swaps made after the flow */
  readonly s2Repairs: number;
  /** memberships the flow gave but the day-conflict rule forbade (clubsPerStudent > 1 with multi-day clubs) */
  readonly conflictDrops: number;
  readonly flowRounds: number;
  readonly flowNodes: number;
  readonly flowArcs: number;
  /** wall time in the flow kernel and in its certificate check (timing: report.timingsMs only) */
  readonly flowMs: number;
  readonly verifyMs: number;
};

const square = (k: number): number => k * k;

/** Eligible school clubs of student s among `open` ones: grade (S6), attends every club day (S5). Pairs of
 * [club, rank] in prefs order. */
function eligibleFor(c: Compiled, s: number, open: Uint8Array, mask: Int32Array): number[] {
  const out: number[] = [];
  const g = c.studentGrade[s];
  if (g < 0) return out;
  for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) {
    const j = c.prefClub[p];
    if (!open[j] || !(c.clubGradeMask[j] & (1 << g))) continue;
    if ((c.studentDays[s] & mask[j]) !== mask[j]) continue;
    out.push(j, c.prefRank[p]);
  }
  return out;
}

/** 1-based rank of club j in student s's prefs (the full list) */
function rankOf(c: Compiled, s: number, j: number): number {
  for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) if (c.prefClub[p] === j) return c.prefRank[p];
  return 0;
}

/** S2: no priority student unplaced while a non-priority student holds a seat in a club the priority student
 * lists and could join. Each violation is repaired by a swap: the priority student takes the seat of the
 * non-priority member whose move costs least (to a free seat of another club they can join, else out).
 * Returns the number of swaps (0 when the flow already satisfied S2, the usual case with weight ×10). */
export function repairS2(
  c: Compiled,
  days: ClubDays,
  running: Uint8Array,
  studentClubs: number[][],
  sizes: Int32Array,
  cap: Int32Array,
): number {
  let swaps = 0;
  const cps = c.policy.clubsPerStudent;
  let members: number[][] | undefined;
  for (let p = 0; p < c.nStudents; p++) {
    if (!c.studentWants[p] || c.studentWeight[p] <= 1 || studentClubs[p].length > 0) continue;
    const elig = eligibleFor(c, p, running, days.mask);
    for (let i = 0; i < elig.length; i += 2) {
      const j = elig[i];
      if (!members) {
        members = Array.from({ length: c.nClubs }, () => []);
        studentClubs.forEach((l, s) => l.forEach((x) => members![x].push(s)));
      }
      let bestQ = -1;
      let bestDelta = Infinity;
      let bestAlt = -1;
      for (const q of members[j]) {
        if (c.studentWeight[q] > 1) continue;
        const kq = rankOf(c, q, j);
        const rest = studentClubs[q].filter((x) => x !== j);
        let after = 0; // q's cost after leaving j (relative to their other clubs)
        let alt = -1;
        if (rest.length === 0) {
          after = 100;
          if (cps >= 1) {
            const eq = eligibleFor(c, q, running, days.mask);
            for (let a = 0; a < eq.length; a += 2) {
              const x = eq[a];
              if (x !== j && sizes[x] < cap[x] && square(eq[a + 1]) < after) {
                after = square(eq[a + 1]);
                alt = x;
              }
            }
          }
        }
        const delta = after - kq * kq;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestQ = q;
          bestAlt = alt;
        }
      }
      if (bestQ < 0) continue;
      studentClubs[bestQ] = studentClubs[bestQ].filter((x) => x !== j);
      members[j] = members[j].filter((x) => x !== bestQ);
      if (bestAlt >= 0) {
        studentClubs[bestQ].push(bestAlt);
        members[bestAlt].push(bestQ);
        sizes[bestAlt]++;
      }
      studentClubs[p].push(j);
      members[j].push(p);
      swaps++;
      break;
    }
  }
  return swaps;
}
