// First cover plan: club leaders (P4) greedily, then every group's afternoon (a chain of blocks) to a
// (staff, day) slot by an exact min-cost flow with convex per-staff load arcs (P5 P8), then late pickup (P7),
// then repair of what the flow's relaxation allowed (cross-timeline overlaps, maxPeriodsPerWeek) and a greedy
// fill of leftovers block by block. The flow's duals price each chain for the Lagrangian bound.
import { createNetworkBuilder, minCostFlow } from '../kernel/flow.js';
import {
  blockCategory,
  CAT_GRADE,
  CAT_HOMEROOM,
  CAT_OTHER,
  categoryCost,
  COVER_WEIGHTS,
  dutiesClash,
  DUTY_BLOCK,
  DUTY_CLUB,
  DUTY_PICKUP,
  loadCost,
  type CoverModel,
} from './model.js';
import { applyReassign, canTake, createState, reassignDelta, type CoverState } from './state.js';

/** flow costs are integers: cost units × FLOW_SCALE, rounded */
const FLOW_SCALE = 100;

export type Construction = {
  readonly state: CoverState;
  /** per chain: the flow's marginal price of covering it whole (cost units), NaN when the chain was not in the flow */
  readonly chainPrice: Float64Array;
};

const chainDuties = (m: CoverModel, c: number): number[] => Array.from(m.chainDuty.subarray(m.chainOffset[c], m.chainOffset[c + 1]));

/** Whole-chain preference cost for a staff category (P5). */
function wholeCost(m: CoverModel, c: number, cat: number): number {
  let k = 0;
  for (let i = m.chainOffset[c]; i < m.chainOffset[c + 1]; i++) k += categoryCost(m.study[m.chainDuty[i]] === 1, cat);
  return k;
}

export function construct(m: CoverModel): Construction {
  const st = createState(m);
  const nS = m.nStaff;

  // expected block load of an insider, to weigh an insider's club or pickup against its afternoons
  let blockMinutes = 0;
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] === DUTY_BLOCK) blockMinutes += m.minutes[d];
  let insiders = 0;
  for (let s = 0; s < nS; s++) if (m.active[s] && m.insider[s]) insiders++;
  const expected = insiders > 0 ? blockMinutes / insiders : 0;
  const eligibleCount = (d: number): number => {
    let n = 0;
    for (let s = 0; s < nS; s++) n += m.eligible[d * nS + s];
    return n;
  };
  // 1. P4 clubs, then P7 late pickups: most constrained first, to the eligible free staff whose load grows least
  for (const kind of [DUTY_CLUB, DUTY_PICKUP]) {
    const list: number[] = [];
    for (let d = 0; d < m.nDuties; d++) if (m.kind[d] === kind) list.push(d);
    list.sort((a, b) => eligibleCount(a) - eligibleCount(b) || a - b);
    for (const d of list) {
      let best = -1;
      let bestScore = Infinity;
      for (let s = 0; s < nS; s++) {
        if (!m.eligible[d * nS + s] || !canTake(st, s, [d])) continue;
        const base = st.load[s] + (m.insider[s] ? expected : 0);
        const score = loadCost(m, base + m.minutes[d]) - loadCost(m, base);
        if (score < bestScore - 1e-9) ((bestScore = score), (best = s));
      }
      if (best >= 0) applyReassign(st, [d], [best], reassignDelta(st, [d], [best]));
    }
  }
  // 2. chains by min-cost flow over the loads of clubs and pickups
  const chainPrice = flowChains(m, st, true);
  // 3. repair overlaps and load bounds the flow could not see, then fill leftovers
  repair(st);
  fillUncovered(st);
  return { state: st, chainPrice };
}

/** The chain flow's prices at a finished plan (not applied): bases are its club and pickup loads and each staff
 * member's afternoon length is that of the afternoons it holds, so the flow reproduces the plan's structure. */
export function chainPricesAt(st: CoverState): Float64Array {
  const m = st.model;
  const base = createState(m);
  const ds: number[] = [];
  const to: number[] = [];
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] !== DUTY_BLOCK && st.holder[d] >= 0) (ds.push(d), to.push(st.holder[d]));
  applyReassign(base, ds, to, reassignDelta(base, ds, to));
  // afternoon length per staff: mean of the chains it holds whole
  const sum = new Float64Array(m.nStaff);
  const cnt = new Float64Array(m.nStaff);
  for (let c = 0; c < m.nChains; c++) {
    const first = m.chainDuty[m.chainOffset[c]];
    const h = st.holder[first];
    if (h < 0) continue;
    let len = 0;
    for (let i = m.chainOffset[c]; i < m.chainOffset[c + 1]; i++) len += m.minutes[m.chainDuty[i]];
    sum[h] += len;
    cnt[h]++;
  }
  const lengthOf = new Float64Array(m.nStaff).fill(NaN);
  for (let s = 0; s < m.nStaff; s++) if (cnt[s] > 0) lengthOf[s] = sum[s] / cnt[s];
  return flowChains(m, base, false, lengthOf);
}

/** Chains → (staff, day, stab point) slots; convex load arcs per staff. Applies the flow's assignment to `st`
 * and returns each chain's dual price. */
function flowChains(m: CoverModel, st: CoverState, apply: boolean, lengthOf?: Float64Array): Float64Array {
  const nS = m.nStaff;
  const price = new Float64Array(m.nChains).fill(NaN);
  const chains: number[] = [];
  for (let c = 0; c < m.nChains; c++) chains.push(c);
  if (chains.length === 0) return price;

  // chain windows and stab points per day: each chain goes to the first point it contains (greedy by end)
  const cStart = new Int32Array(m.nChains);
  const cEnd = new Int32Array(m.nChains);
  const cDay = new Int32Array(m.nChains);
  const cPoint = new Int32Array(m.nChains);
  let minutesSum = 0;
  for (const c of chains) {
    const first = m.chainDuty[m.chainOffset[c]];
    const last = m.chainDuty[m.chainOffset[c + 1] - 1];
    cStart[c] = m.start[first];
    cEnd[c] = m.end[last];
    cDay[c] = m.dutyDay[first];
    for (let i = m.chainOffset[c]; i < m.chainOffset[c + 1]; i++) minutesSum += m.minutes[m.chainDuty[i]];
  }
  const meanMinutes = minutesSum / chains.length;
  const points: number[][] = Array.from({ length: 7 }, () => []);
  for (let day = 0; day < 7; day++) {
    const list = chains.filter((c) => cDay[c] === day).sort((a, b) => cEnd[a] - cEnd[b] || cStart[a] - cStart[b]);
    let last = -Infinity;
    for (const c of list) if (cStart[c] > last) points[day].push((last = cEnd[c] - 1));
  }
  for (const c of chains) {
    const ps = points[cDay[c]];
    cPoint[c] = ps.findIndex((p) => cStart[c] <= p && p < cEnd[c]);
  }

  // node numbering
  let nodes = 0;
  const chainNode = new Int32Array(m.nChains);
  for (const c of chains) chainNode[c] = nodes++;
  const sink = nodes++;
  const staffNode = new Int32Array(nS).fill(-1);
  for (let s = 0; s < nS; s++) if (m.active[s] && m.insider[s]) staffNode[s] = nodes++;
  const slotNode = new Map<number, number>(); // (s·7 + day)·P + point
  const P = Math.max(1, ...points.map((p) => p.length));
  const slotKey = (s: number, day: number, p: number): number => (s * 7 + day) * P + p;
  // a slot exists for an available insider without a club or pickup that overlaps the chains of that point
  const slotOk = (s: number, day: number, p: number): boolean => {
    if (staffNode[s] < 0 || m.unavailable[s] & (1 << day)) return false;
    for (const e of st.held[s]) if (m.dayMask[e] & (1 << day) && clashesWindow(e, day, p)) return false;
    return true;
  };
  // clubs/pickups held: block the slot when they overlap any chain window of that point
  const windowOf = new Map<number, [number, number]>();
  for (const c of chains) {
    const k = cDay[c] * P + cPoint[c];
    const w = windowOf.get(k);
    if (!w) windowOf.set(k, [cStart[c], cEnd[c]]);
    else ((w[0] = Math.min(w[0], cStart[c])), (w[1] = Math.max(w[1], cEnd[c])));
  }
  function clashesWindow(e: number, day: number, p: number): boolean {
    const w = windowOf.get(day * P + p);
    return w !== undefined && m.start[e] < w[1] && w[0] < m.end[e];
  }
  const slotFor = (s: number, day: number, p: number): number => {
    const k = slotKey(s, day, p);
    let v = slotNode.get(k);
    if (v === undefined) {
      if (!slotOk(s, day, p)) v = -1;
      else v = nodes++;
      slotNode.set(k, v);
    }
    return v;
  };
  const hubNode = new Map<number, number>(); // (day·P + point)·32 + grade (31 = other)
  const hubFor = (day: number, p: number, g: number): number => {
    const k = (day * P + p) * 32 + g;
    let v = hubNode.get(k);
    if (v === undefined) hubNode.set(k, (v = nodes++));
    return v;
  };
  // pre-create slots and hubs in a fixed order so node numbers are deterministic
  type Arc = [number, number, number, number];
  const arcs: Arc[] = [];
  const chainArcs: { c: number; arc: number; kind: 'direct' | 'hub'; target: number; staff: number }[] = [];
  for (const c of chains) {
    const day = cDay[c];
    const p = cPoint[c];
    const first = m.chainDuty[m.chainOffset[c]];
    const homerooms = m.duties[first].homerooms;
    for (const h of homerooms) {
      if (h < 0 || h >= nS) continue;
      const v = slotFor(h, day, p);
      if (v < 0) continue;
      chainArcs.push({ c, arc: arcs.length, kind: 'direct', target: v, staff: h });
      arcs.push([chainNode[c], v, 1, Math.round(FLOW_SCALE * wholeCost(m, c, CAT_HOMEROOM))]);
    }
    const gm = m.dutyGradeMask[first];
    for (let g = 0; g < 31; g++) {
      if (!(gm & (1 << g))) continue;
      const v = hubFor(day, p, g);
      chainArcs.push({ c, arc: arcs.length, kind: 'hub', target: v, staff: -1 });
      arcs.push([chainNode[c], v, 1, Math.round(FLOW_SCALE * wholeCost(m, c, CAT_GRADE))]);
    }
    const o = hubFor(day, p, 31);
    chainArcs.push({ c, arc: arcs.length, kind: 'hub', target: o, staff: -1 });
    arcs.push([chainNode[c], o, 1, Math.round(FLOW_SCALE * wholeCost(m, c, CAT_OTHER))]);
    // uncovered
    const len = m.chainOffset[c + 1] - m.chainOffset[c];
    arcs.push([chainNode[c], sink, 1, Math.round(FLOW_SCALE * COVER_WEIGHTS.uncovered * len)]);
  }
  // hub → slot
  const hubArcs: { hub: number; arc: number; slot: number; staff: number }[] = [];
  const hubKeys = [...hubNode.keys()].sort((a, b) => a - b);
  for (const k of hubKeys) {
    const hub = hubNode.get(k)!;
    const g = k % 32;
    const dp = (k - g) / 32;
    const p = dp % P;
    const day = (dp - p) / P;
    for (let s = 0; s < nS; s++) {
      if (staffNode[s] < 0) continue;
      if (g !== 31 && !(m.gradeMask[s] & (1 << g))) continue;
      const v = slotFor(s, day, p);
      if (v < 0) continue;
      hubArcs.push({ hub, arc: arcs.length, slot: v, staff: s });
      arcs.push([hub, v, 1, 0]);
    }
  }
  // slot → staff, staff → sink (convex: the k-th afternoon costs loadCost(base + k·mean) − loadCost(base + (k−1)·mean))
  const slotKeys = [...slotNode.keys()].sort((a, b) => a - b);
  const slotsOf = new Int32Array(nS);
  for (const k of slotKeys) {
    const v = slotNode.get(k)!;
    if (v < 0) continue;
    const s = Math.floor(k / (7 * P));
    slotsOf[s]++;
    arcs.push([v, staffNode[s], 1, 0]);
  }
  // afternoon length per staff: given, else the mean length of the afternoons of its grades, else the overall mean
  const gradeSum = new Float64Array(32);
  const gradeCnt = new Float64Array(32);
  for (const c of chains) {
    const first = m.chainDuty[m.chainOffset[c]];
    let len = 0;
    for (let i = m.chainOffset[c]; i < m.chainOffset[c + 1]; i++) len += m.minutes[m.chainDuty[i]];
    for (let g = 0; g < 31; g++) if (m.dutyGradeMask[first] & (1 << g)) ((gradeSum[g] += len), gradeCnt[g]++);
  }
  for (let s = 0; s < nS; s++) {
    if (staffNode[s] < 0 || slotsOf[s] === 0) continue;
    let len = lengthOf && Number.isFinite(lengthOf[s]) ? lengthOf[s] : NaN;
    if (!Number.isFinite(len)) {
      let a = 0;
      let b = 0;
      for (let g = 0; g < 31; g++) if (m.gradeMask[s] & (1 << g)) ((a += gradeSum[g]), (b += gradeCnt[g]));
      len = b > 0 ? a / b : meanMinutes;
    }
    const base = st.load[s];
    for (let k = 1; k <= slotsOf[s]; k++) {
      const hi = base + k * len;
      if (hi > m.maxMinutes[s] + 1e-9) break;
      const inc = loadCost(m, hi) - loadCost(m, base + (k - 1) * len);
      arcs.push([staffNode[s], sink, 1, Math.round(FLOW_SCALE * inc)]);
    }
  }

  // The kernel keeps potentials exact only while (max |cost| + 1)·(n + 2)²·4 ≤ 2^52 (flow.ts checkNetwork). On
  // very large schools (≈20,000 students) the uncovered penalty (100,000 × blocks × FLOW_SCALE) crosses that, so
  // clamp costs to the largest exact value: it stays thousands of times any covering arc's cost, so a chain is
  // still left uncovered only when no staff member can take it.
  const maxExactCost = Math.floor(2 ** 52 / (4 * (nodes + 2) * (nodes + 2))) - 2;
  const b = createNetworkBuilder(nodes, arcs.length + 4);
  for (const [u, v, cap, cost] of arcs) b.addArc(u, v, cap, Math.min(cost, maxExactCost));
  for (const c of chains) b.setSupply(chainNode[c], 1);
  b.setSupply(sink, -chains.length);
  const net = b.build();
  // primal-dual: its potentials are shortest-path distances, a steadier price start than a simplex basis
  // network simplex plans fastest; for prices the primal-dual's potentials (shortest-path distances) are the
  // steadier start of the bound
  const res = minCostFlow(net, { algorithm: apply ? 'network-simplex' : 'primal-dual' });
  const flow = res.flow;
  if (res.status === 'optimal') {
    for (const c of chains) price[c] = (res.potential[sink] - res.potential[chainNode[c]]) / FLOW_SCALE;
  }

  // decode: direct arcs name the staff; hub arcs are paired with the hub's used slots by real cost
  const assigned = new Int32Array(m.nChains).fill(-1);
  const hubChains = new Map<number, number[]>();
  for (const a of chainArcs) {
    if (flow[a.arc] <= 0) continue;
    if (a.kind === 'direct') assigned[a.c] = a.staff;
    else {
      let l = hubChains.get(a.target);
      if (!l) hubChains.set(a.target, (l = []));
      l.push(a.c);
    }
  }
  const hubSlots = new Map<number, number[]>();
  for (const a of hubArcs) {
    if (flow[a.arc] <= 0) continue;
    let l = hubSlots.get(a.hub);
    if (!l) hubSlots.set(a.hub, (l = []));
    l.push(a.staff);
  }
  for (const [hub, cs] of hubChains) {
    const staffList = hubSlots.get(hub) ?? [];
    const free = staffList.slice();
    for (const c of cs) {
      let bi = -1;
      let bc = Infinity;
      const first = m.chainDuty[m.chainOffset[c]];
      free.forEach((s, i) => {
        const k = wholeCost(m, c, blockCategory(m, first, s));
        if (k < bc) ((bc = k), (bi = i));
      });
      if (bi >= 0) {
        assigned[c] = free[bi];
        free.splice(bi, 1);
      }
    }
  }
  if (!apply) return price;
  for (const c of chains) {
    const s = assigned[c];
    if (s < 0) continue;
    const ds = chainDuties(m, c);
    applyReassign(st, ds, ds.map(() => s), reassignDelta(st, ds, ds.map(() => s)));
  }
  return price;
}

/** Give `duties` (all currently uncovered) to the free eligible staff with the least cost increase. */
export function insertBest(st: CoverState, duties: readonly number[]): boolean {
  const m = st.model;
  let best = -1;
  let bestDelta = Infinity;
  for (let s = 0; s < m.nStaff; s++) {
    if (!canTake(st, s, duties)) continue;
    const delta = reassignDelta(st, duties, duties.map(() => s));
    if (delta < bestDelta - 1e-9) ((bestDelta = delta), (best = s));
  }
  if (best < 0 || bestDelta >= 0) return false;
  applyReassign(st, duties, duties.map(() => best), bestDelta);
  return true;
}

/** Undo what breaks a hard rule: overlapping duties of one staff member, loads above maxPeriodsPerWeek. */
function repair(st: CoverState): void {
  const m = st.model;
  for (let s = 0; s < m.nStaff; s++) {
    for (;;) {
      const list = st.held[s];
      let bad = -1;
      outer: for (let i = 0; i < list.length; i++)
        for (let j = i + 1; j < list.length; j++)
          if (dutiesClash(m, list[i], list[j])) {
            bad = m.kind[list[j]] === DUTY_BLOCK ? list[j] : list[i];
            break outer;
          }
      if (bad < 0 && st.load[s] > m.maxMinutes[s] + 1e-9) {
        // drop the block held last in the list (blocks before clubs and pickups)
        for (let i = list.length - 1; i >= 0 && bad < 0; i--) if (m.kind[list[i]] === DUTY_BLOCK) bad = list[i];
        if (bad < 0) bad = list[list.length - 1];
      }
      if (bad < 0) break;
      applyReassign(st, [bad], [-1], reassignDelta(st, [bad], [-1]));
    }
  }
}

/** Uncovered duties: whole uncovered runs of a chain first, then single blocks; clubs and pickups alone. */
export function fillUncovered(st: CoverState): void {
  const m = st.model;
  for (let c = 0; c < m.nChains; c++) {
    const ds = chainDuties(m, c);
    let i = 0;
    while (i < ds.length) {
      if (st.holder[ds[i]] >= 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < ds.length && st.holder[ds[j]] < 0) j++;
      const run = ds.slice(i, j);
      if (!insertBest(st, run)) for (const d of run) insertBest(st, [d]);
      i = j;
    }
  }
  for (let d = 0; d < m.nDuties; d++) if (st.holder[d] < 0 && m.kind[d] !== DUTY_BLOCK) insertBest(st, [d]);
}
