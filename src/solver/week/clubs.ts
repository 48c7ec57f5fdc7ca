// School-level clubs (校级社团), S5 S6 S2: choose the days of clubs without fixed days, reserve a room and check
// a leader, then the exact student → club assignment by min-cost flow (certified with its dual potentials).
import { canLeadClub, dayCount, UNLIMITED, type Compiled } from '../compile.js';
import { createNetworkBuilder, minCostFlow, verifyOptimal } from '../kernel/flow.js';
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

// ------------------------------------------------------------------------------------------ assignment

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

type FlowRound = {
  readonly verified: boolean;
  readonly studentClubs: number[][];
  readonly drops: number;
  /** Σ real cost of the flow (without the min-forcing penalty) */
  readonly flowRealCost: number;
  readonly nodes: number;
  readonly arcs: number;
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

/** A component's solved flow, reused by later rounds whose component is the same (same clubs, same forced
 * minimums, same relaxation): its network is then identical, so is the kernel's (deterministic) answer. */
type ComponentFlow = { readonly typeFlow: readonly Int32Array[]; readonly verified: boolean; readonly nodes: number; readonly arcs: number };

/** Exact min-cost flows over student types (identical students aggregated), one per independent component of
 * clubs: type → club arcs cost weight × rank², type → sink (unplaced) 100 × weight, each forced club's `min` a
 * lower bound (a demand at the club node), its other seats an arc to the sink. Feasible ⇒ the flow is the least
 * clubCost among assignments that fill every forced minimum, certified by verifyOptimal from its dual potentials.
 * `force` null: the relaxation (no minimums, one club a student); otherwise the clubs whose minimum is a lower
 * bound, with clubsPerStudent as given. `base`: each student's eligible [club, rank] pairs among the candidate
 * clubs (eligibleFor over days.open), filtered here by `open`. */
function flowRound(
  c: Compiled,
  days: ClubDays,
  open: Uint8Array,
  force: Uint8Array | null,
  base: readonly (Int32Array | undefined)[],
  baseKey: readonly (string | undefined)[],
  cache: Map<string, ComponentFlow>,
): FlowRound {
  const relaxed = force === null;
  const cps = relaxed ? Math.min(1, Math.max(0, c.policy.clubsPerStudent)) : Math.max(0, c.policy.clubsPerStudent);
  const studentClubs: number[][] = [];
  for (let s = 0; s < c.nStudents; s++) studentClubs.push([]);
  if (cps === 0) {
    return { verified: true, studentClubs, drops: 0, flowRealCost: 0, nodes: 0, arcs: 0, flowMs: 0, verifyMs: 0 };
  }
  // aggregate identical students: same weight, same eligible open clubs at the same ranks
  const typeOf = new Map<string, number>();
  const typeStudents: number[][] = [];
  const typeElig: number[][] = [];
  const typeWeight: number[] = [];
  const pairs: number[] = [];
  for (let s = 0; s < c.nStudents; s++) {
    const all = base[s];
    if (all === undefined) continue;
    pairs.length = 0;
    let allOpen = true;
    for (let p = 0; p < all.length; p += 2) {
      if (!open[all[p]]) allOpen = false;
      else pairs.push(all[p], all[p + 1]);
    }
    if (pairs.length === 0) continue;
    // the key of the student's eligible open clubs (the precomputed one when all their candidate clubs are open)
    let key = baseKey[s]!;
    if (!allOpen) {
      key = String.fromCharCode(c.studentWeight[s]);
      for (let p = 0; p < pairs.length; p += 2) key += String.fromCharCode(pairs[p] + 1, pairs[p + 1]);
    }
    let t = typeOf.get(key);
    if (t === undefined) {
      typeOf.set(key, (t = typeStudents.length));
      typeStudents.push([]);
      typeElig.push(pairs.slice());
      typeWeight.push(c.studentWeight[s]);
    }
    typeStudents[t].push(s);
  }
  const T = typeStudents.length;
  const firstDay = (j: number): number => 31 - Math.clz32(days.mask[j] & -days.mask[j]);

  // independent components (clubs linked by a student who could join both) are solved as separate flows
  const parent = Int32Array.from({ length: c.nClubs }, (_, j) => j);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (let t = 0; t < T; t++) {
    const e = typeElig[t];
    for (let p = 2; p < e.length; p += 2) {
      const x = find(e[0]);
      const y = find(e[p]);
      if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
    }
  }
  const compTypes = new Map<number, number[]>();
  for (let t = 0; t < T; t++) {
    const r = find(typeElig[t][0]);
    let l = compTypes.get(r);
    if (!l) compTypes.set(r, (l = []));
    l.push(t);
  }
  const compClubs = new Map<number, number[]>();
  for (let j = 0; j < c.nClubs; j++) {
    if (!open[j]) continue;
    const r = find(j);
    if (!compTypes.has(r)) continue; // nobody can join: it gets no members
    let l = compClubs.get(r);
    if (!l) compClubs.set(r, (l = []));
    l.push(j);
  }

  const typeFlow: Int32Array[] = new Array(T); // per type: flow on its arcs to clubs, in elig order
  let verified = true;
  let nodes = 0;
  let arcs = 0;
  let flowMs = 0;
  let verifyMs = 0;
  for (const root of [...compTypes.keys()].sort((x, y) => x - y)) {
    const types = compTypes.get(root)!;
    const clubs = compClubs.get(root)!;
    const local = new Map<number, number>(); // club → local index
    clubs.forEach((j, i) => local.set(j, i));
    const K = types.length;
    const C = clubs.length;
    const cacheKey = `${relaxed ? 'r' : 'f'}${K}:${clubs.map((j) => (force !== null && force[j] ? -1 - j : j)).join(',')}`;
    const hit = cache.get(cacheKey);
    if (hit) {
      verified = verified && hit.verified;
      nodes += hit.nodes;
      arcs += hit.arcs;
      types.forEach((t, lt) => (typeFlow[t] = hit.typeFlow[lt]));
      continue;
    }
    // day nodes only when a student may join several clubs (at most one club per weekday, S6)
    const dayNode = new Map<number, number>(); // local type * 8 + first club day → node
    let next = K;
    if (cps > 1) {
      // a day node only where two or more of the type's clubs meet on that day (otherwise the arc bounds it)
      types.forEach((t, lt) => {
        const e = typeElig[t];
        const seen = new Set<number>();
        for (let p = 0; p < e.length; p += 2) {
          const key = lt * 8 + firstDay(e[p]);
          if (seen.has(key) && !dayNode.has(key)) dayNode.set(key, next++);
          seen.add(key);
        }
      });
    }
    const clubNode0 = next;
    const sink = clubNode0 + C;
    const b = createNetworkBuilder(sink + 1, K * 8 + 2 * C);
    const arcOf: number[][] = [];
    let total = 0;
    types.forEach((t, lt) => {
      const n = typeStudents[t].length;
      const w = typeWeight[t];
      const e = typeElig[t];
      const list: number[] = [];
      b.setSupply(lt, n * cps);
      total += n * cps;
      for (let p = 0; p < e.length; p += 2) {
        const from = cps > 1 ? (dayNode.get(lt * 8 + firstDay(e[p])) ?? lt) : lt;
        list.push(b.addArc(from, clubNode0 + local.get(e[p])!, n, w * square(e[p + 1])));
      }
      arcOf.push(list);
      b.addArc(lt, sink, n, w * 100); // unplaced
      if (cps > 1) b.addArc(lt, sink, n * (cps - 1), 0); // unused extra club places
    });
    if (cps > 1) {
      for (const [key, dn] of [...dayNode.entries()].sort((x, y) => x[1] - y[1])) {
        b.addArc(Math.floor(key / 8), dn, typeStudents[types[Math.floor(key / 8)]].length, 0);
      }
    }
    // a club's minimum is a demand of its node (a lower bound); the seats above it go on to the sink
    let forced = 0;
    clubs.forEach((j, i) => {
      const capj = Math.min(days.cap[j], total);
      const minj = force === null || !force[j] ? 0 : Math.min(c.clubMin[j], capj);
      b.setSupply(clubNode0 + i, -minj);
      forced += minj;
      b.addArc(clubNode0 + i, sink, capj - minj, 0);
    });
    b.setSupply(sink, -(total - forced));
    const net = b.build();
    const t0 = performance.now();
    // 'infeasible' when some minimum cannot be met: the kernel then routes as much as it can (most minimum seats
    // filled), at least cost; the caller closes a club and solves again
    const result = minCostFlow(net);
    const t1 = performance.now();
    const ok = result.status === 'optimal' && verifyOptimal(net, result).ok;
    verified = verified && ok;
    verifyMs += performance.now() - t1;
    flowMs += t1 - t0;
    nodes += net.nodeCount;
    arcs += net.arcFrom.length;
    const flows: Int32Array[] = new Array(arcOf.length);
    for (let lt = 0; lt < arcOf.length; lt++) {
      // a plain loop: Int32Array.from with a map function takes V8's slow iterator path (≈ 15 ms a solve)
      const list = arcOf[lt];
      const f = new Int32Array(list.length);
      for (let p = 0; p < list.length; p++) f[p] = result.flow[list[p]];
      flows[lt] = f;
    }
    types.forEach((t, lt) => (typeFlow[t] = flows[lt]));
    cache.set(cacheKey, { typeFlow: flows, verified: ok, nodes: net.nodeCount, arcs: net.arcFrom.length });
  }

  // decompose the aggregated flow into students (instance order; deterministic)
  let drops = 0;
  let flowRealCost = 0;
  for (let t = 0; t < T; t++) {
    const st = typeStudents[t];
    const e = typeElig[t];
    const w = typeWeight[t];
    const flow = typeFlow[t];
    if (cps === 1) {
      let at = 0;
      for (let p = 0; p < flow.length; p++) {
        const f = flow[p];
        for (let q = 0; q < f; q++) studentClubs[st[at++]].push(e[2 * p]);
        flowRealCost += f * w * square(e[2 * p + 1]);
      }
      flowRealCost += (st.length - at) * w * 100;
      continue;
    }
    // several clubs, day by day: each membership to a student with the fewest clubs so far who is free on the
    // club's days (counts stay balanced, so single-day clubs never need more than clubsPerStudent each)
    const count = new Int32Array(st.length);
    const busy = new Int32Array(st.length);
    let units = 0;
    // arcs with flow only (an empty arc gives nothing and leaves the day snapshots as they are), by first day
    const order: number[] = [];
    for (let p = 0; p < flow.length; p++) if (flow[p] > 0) order.push(p);
    if (order.length > 1) order.sort((x, y) => firstDay(e[2 * x]) - firstDay(e[2 * y]) || x - y);
    let day = -1;
    let dayStart = new Int32Array(st.length);
    for (const p of order) {
      const j = e[2 * p];
      if (firstDay(j) !== day) {
        day = firstDay(j);
        dayStart = count.slice();
      }
      const f = flow[p];
      flowRealCost += f * w * square(e[2 * p + 1]);
      units += f;
      const cand: number[] = [];
      for (let x = 0; x < st.length; x++) if (count[x] < cps && !(busy[x] & days.mask[j])) cand.push(x);
      cand.sort((x, y) => dayStart[x] - dayStart[y] || x - y);
      const give = Math.min(f, cand.length);
      drops += f - give;
      for (let q = 0; q < give; q++) {
        const x = cand[q];
        studentClubs[st[x]].push(j);
        count[x]++;
        busy[x] |= days.mask[j];
      }
    }
    flowRealCost += Math.max(0, st.length - units) * w * 100;
  }
  return { verified, studentClubs, drops, flowRealCost, nodes, arcs, flowMs, verifyMs };
}

/** clubCost of an assignment (docs/decisions.md "clubCost"): Σ weight × rank², 100 × weight for a wanting student in no club */
function assignmentCost(c: Compiled, studentClubs: readonly (readonly number[])[]): number {
  let cost = 0;
  for (let s = 0; s < c.nStudents; s++) {
    if (!c.studentWants[s]) continue;
    const l = studentClubs[s];
    if (l.length === 0) cost += 100 * c.studentWeight[s];
    for (const j of l) cost += c.studentWeight[s] * square(rankOf(c, s, j));
  }
  return cost;
}

type Solved = {
  readonly round: FlowRound;
  readonly open: Uint8Array;
  /** the open set the final round was solved with */
  readonly solvedOpen: Uint8Array;
  readonly sizes: Int32Array;
  readonly cost: number;
  readonly closedReason: (string | undefined)[];
};

/** The club assignment stage (S2 S5 S6), exact for the clubs that run:
 * 1. solve without minimums (one club a student); if every club that gets members reaches its minimum, this is
 *    optimal (also for clubsPerStudent > 1: dropping a membership never raises the cost);
 * 2. otherwise clubs that got nobody are not run, the short clubs' minimums become lower bounds (a club that
 *    becomes short joins them) and the flow is solved again, closing the club with the largest deficit while
 *    the minimums cannot all be filled — the result is optimal for the clubs that run (it solves a relaxation of
 *    "every running club at its minimum" and satisfies it);
 * 3. each club that was short in step 1 is then tried closed instead (kept when the cost drops);
 * then S2 is verified and repaired by swaps if ever violated. */
export function assignClubs(c: Compiled, days: ClubDays): ClubAssignment {
  const clubName = (j: number): string => c.instance.clubs![c.clubSrc[j]].name;
  let rounds = 0;
  let flowMs = 0;
  let verifyMs = 0;
  const solveRound = (open: Uint8Array, force: Uint8Array | null): { round: FlowRound; sizes: Int32Array } => {
    const round = flowRound(c, days, open, force, base, baseKey, componentCache);
    rounds++;
    flowMs += round.flowMs;
    verifyMs += round.verifyMs;
    const sizes = new Int32Array(c.nClubs);
    for (const l of round.studentClubs) for (const j of l) sizes[j]++;
    return { round, sizes };
  };
  const emptyReason = (j: number, forced: boolean): string =>
    c.policy.clubsPerStudent <= 0
      ? `${clubName(j)}：policy.clubsPerStudent 为 0，学生不参加校级社团`
      : days.cap[j] <= 0
        ? `${clubName(j)}：名额上限为 0（max 或场地容量），未开设`
        : forced && c.clubMin[j] > 0
          ? `${clubName(j)}：能参加的报名学生都要用于满足其他社团的最少人数，未开设`
          : `${clubName(j)}：报名学生都已安排在更靠前的志愿或优先照顾的学生，未开设`;

  const base: (Int32Array | undefined)[] = new Array(c.nStudents);
  const baseKey: (string | undefined)[] = new Array(c.nStudents); // student type key with every candidate club open
  for (let s = 0; s < c.nStudents; s++) {
    if (!c.studentWants[s]) continue;
    const e = eligibleFor(c, s, days.open, days.mask);
    if (e.length === 0) continue;
    base[s] = Int32Array.from(e);
    let key = String.fromCharCode(c.studentWeight[s]);
    for (let p = 0; p < e.length; p += 2) key += String.fromCharCode(e[p] + 1, e[p + 1]);
    baseKey[s] = key;
  }
  const componentCache = new Map<string, ComponentFlow>();

  // 1. without minimums
  const open0 = Uint8Array.from(days.open);
  const reasons0 = days.closedReason.slice();
  const first = solveRound(open0, null);
  const short: number[] = [];
  for (let j = 0; j < c.nClubs; j++) {
    if (!open0[j]) continue;
    if (first.sizes[j] === 0) {
      open0[j] = 0;
      reasons0[j] = emptyReason(j, false);
    } else if (first.sizes[j] < c.clubMin[j]) short.push(j);
  }
  let best: Solved = {
    round: first.round,
    open: open0,
    solvedOpen: Uint8Array.from(days.open),
    sizes: first.sizes,
    cost: assignmentCost(c, first.round.studentClubs),
    closedReason: reasons0,
  };
  if (short.length > 0) {
    // 2. the short clubs' minimums as lower bounds; a club that becomes short joins them; while they cannot all
    //    be filled, the club with the largest deficit closes. Clubs left with nobody simply do not run.
    const forced = (startOpen: Uint8Array, startReasons: (string | undefined)[], startForced: readonly number[]): Solved => {
      const open = startOpen.slice();
      const closedReason = startReasons.slice();
      const force = new Uint8Array(c.nClubs);
      for (const j of startForced) if (open[j]) force[j] = 1;
      for (;;) {
        const solvedOpen = open.slice();
        const { round, sizes } = solveRound(solvedOpen, force);
        let worst = -1;
        let grew = false;
        for (let j = 0; j < c.nClubs; j++) {
          if (!open[j] || sizes[j] === 0 || sizes[j] >= c.clubMin[j]) continue;
          if (!force[j]) {
            force[j] = 1;
            grew = true;
            continue;
          }
          const dj = c.clubMin[j] - sizes[j];
          const dw = worst < 0 ? -1 : c.clubMin[worst] - sizes[worst];
          if (worst < 0 || dj > dw || (dj === dw && sizes[j] < sizes[worst])) worst = j;
        }
        if (worst >= 0) {
          open[worst] = 0;
          force[worst] = 0;
          closedReason[worst] = `${clubName(worst)}：能参加的学生只有 ${sizes[worst]} 人，少于最少开班人数 ${c.clubMin[worst]}，未开设`;
          continue;
        }
        if (grew) continue;
        for (let j = 0; j < c.nClubs; j++) {
          if (open[j] && sizes[j] === 0) {
            open[j] = 0;
            closedReason[j] = emptyReason(j, true);
          }
        }
        return { round, open, solvedOpen, sizes, cost: assignmentCost(c, round.studentClubs), closedReason };
      }
    };
    best = forced(open0, reasons0, short);
    // 3. closing a short club instead of filling it may be cheaper (at most 16 tries, largest deficit first)
    short.sort((x, y) => c.clubMin[y] - first.sizes[y] - (c.clubMin[x] - first.sizes[x]) || x - y);
    for (const j of short.slice(0, 16)) {
      if (!best.open[j]) continue;
      const open = best.open.slice();
      const reasons = best.closedReason.slice();
      open[j] = 0;
      reasons[j] = `${clubName(j)}：只有 ${first.sizes[j]} 名学生把它排在能去的社团之首，凑足最少开班人数 ${c.clubMin[j]} 的代价高于不开设`;
      const alt = forced(open, reasons, short.filter((x) => x !== j));
      if (alt.cost < best.cost) best = alt;
    }
  }
  const { round, solvedOpen, sizes, closedReason } = best;
  const open = best.open;
  const studentClubs = round.studentClubs;
  const running = new Uint8Array(c.nClubs);
  for (let j = 0; j < c.nClubs; j++) running[j] = open[j] && sizes[j] > 0 ? 1 : 0;

  // S2 verify and repair
  const cap = days.cap;
  const s2Repairs = repairS2(c, days, running, studentClubs, sizes, cap);

  const members: number[][] = Array.from({ length: c.nClubs }, () => []);
  studentClubs.forEach((l, s) => {
    l.sort((a, b) => rankOf(c, s, a) - rankOf(c, s, b));
    for (const j of l) members[j].push(s);
  });
  let cost = 0;
  let outsideFlow = 0; // students with no eligible open club: 100 × weight whatever happens
  for (let s = 0; s < c.nStudents; s++) {
    if (c.studentWants[s] && eligibleFor(c, s, solvedOpen, days.mask).length === 0) outsideFlow += 100 * c.studentWeight[s];
  }
  const hist = new Map<number, number>();
  let none = 0;
  const unplaced: { student: number; reason: string }[] = [];
  for (let s = 0; s < c.nStudents; s++) {
    if (!c.studentWants[s]) continue;
    const w = c.studentWeight[s];
    const l = studentClubs[s];
    if (l.length === 0) {
      cost += 100 * w;
      none++;
      unplaced.push({ student: s, reason: unplacedReason(c, s, days, running, sizes, closedReason) });
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
  const optimal = round.verified && round.drops === 0 && s2Repairs === 0;
  return {
    running,
    members: members.map((l) => Int32Array.from(l)),
    studentClubs,
    cost,
    bound: round.verified ? Math.min(cost, outsideFlow + round.flowRealCost) : 0,
    optimal,
    histogram,
    unplaced,
    closedReason,
    s2Repairs,
    conflictDrops: round.drops,
    flowRounds: rounds,
    flowNodes: round.nodes,
    flowArcs: round.arcs,
    flowMs,
    verifyMs,
  };
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

/** Why student s (who wants a school club) got none: one clause per school club in their prefs (Chinese). */
function unplacedReason(
  c: Compiled,
  s: number,
  days: ClubDays,
  running: Uint8Array,
  sizes: Int32Array,
  closedReason: readonly (string | undefined)[],
): string {
  const g = c.studentGrade[s];
  const parts: string[] = [];
  for (let p = c.prefOffset[s]; p < c.prefOffset[s + 1]; p++) {
    const j = c.prefClub[p];
    const name = c.instance.clubs![c.clubSrc[j]].name;
    const k = c.prefRank[p];
    if (g < 0 || !(c.clubGradeMask[j] & (1 << g))) parts.push(`${name}不招收${g}年级`);
    else if (!running[j]) parts.push(closedReason[j] ? `${name}未开设（${closedReason[j]!.replace(/^[^：]*：/, '')}）` : `${name}未开设`);
    else if ((c.studentDays[s] & days.mask[j]) !== days.mask[j]) parts.push(`${name}在${daysZh(days.mask[j])}活动，该生当天不参加课后服务`);
    else if (sizes[j] >= days.cap[j]) parts.push(`${name}已满（${sizes[j]}/${days.cap[j]} 人）`);
    else if (k * k >= 100) parts.push(`${name}是第 ${k} 志愿，排位代价 ${k * k} 不低于未安排代价 100`);
    else parts.push(`${name}的名额已分给排位更靠前或优先照顾的学生`);
  }
  return '未安排社团：' + parts.join('；');
}
