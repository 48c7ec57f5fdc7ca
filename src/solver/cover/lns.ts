// Large-neighbourhood search of the cover plan (issue 16): free every unit of one weekday that covers one moment
// of it (the groups' afternoons, whole, and the one-day clubs and pickups that overlap that moment) and give them
// out again by an exact min-cost flow given everything else of the plan. Units covering one moment pairwise
// overlap, so a staff member takes at most one of them: the cost of a unit to a staff member — its preference cost
// (P5) plus the growth of that member's load square (P8) from its load without the freed units — is then exact, and
// the flow is the optimum of the freed part (an assignment problem; each unit's arcs limited to its `width`
// cheapest takers and its present holder). Applied only when the plan's exact cost drops (a plan whose freed units
// were split between holders lies outside the neighbourhood and may already be cheaper). Every reassignment keeps
// the hard rules: eligibility (P2-P4 P7), no overlap with what the member keeps (P5), maxPeriodsPerWeek.
// Deterministic: fixed orders, a fixed number of sweeps, the deadline only as a safety stop.
import { createNetworkBuilder, minCostFlow } from '../kernel/flow.js';
import { blockCategory, categoryCost, COVER_WEIGHTS, dutiesClash, DUTY_BLOCK, loadCost, type CoverModel } from './model.js';
import { localSearch } from './search.js';
import { applyReassign, fullCost, reassignDelta, type CoverState } from './state.js';

/** A unit of a neighbourhood: the duties that go to one holder (a group's afternoon, or one club or pickup). */
type Unit = readonly number[];

/** The neighbourhoods of a model: per weekday and stab point, the units whose window contains the point. */
export function dayNeighbourhoods(m: CoverModel): Unit[][] {
  const units: { duties: number[]; day: number; start: number; end: number }[] = [];
  for (let c = 0; c < m.nChains; c++) {
    const duties = Array.from(m.chainDuty.subarray(m.chainOffset[c], m.chainOffset[c + 1]));
    const day = m.dutyDay[duties[0]];
    if (day < 0) continue;
    units.push({ duties, day, start: m.start[duties[0]], end: m.end[duties[duties.length - 1]] });
  }
  for (let d = 0; d < m.nDuties; d++) {
    if (m.kind[d] === DUTY_BLOCK) continue;
    const mask = m.dayMask[d];
    if (mask === 0 || (mask & (mask - 1)) !== 0) continue; // clubs of several days stay where they are
    units.push({ duties: [d], day: 31 - Math.clz32(mask), start: m.start[d], end: m.end[d] });
  }
  const out: Unit[][] = [];
  for (let day = 0; day < 7; day++) {
    // greedy stabbing by end: every unit goes to the first point (the earliest end) it contains
    const list = units.filter((u) => u.day === day && u.end > u.start).sort((a, b) => a.end - b.end || a.start - b.start || a.duties[0] - b.duties[0]);
    const points: number[] = [];
    let last = -Infinity;
    for (const u of list) if (u.start > last) points.push((last = u.end - 1));
    const groups: Unit[][] = points.map(() => []);
    for (const u of list) groups[points.findIndex((p) => u.start <= p && p < u.end)].push(u.duties);
    for (const g of groups) if (g.length > 1) out.push(g);
  }
  return out;
}

// scratch (module-level, grown on demand; single-threaded)
let inHood = new Int32Array(0);
let epoch = 0;

/** Re-solves one neighbourhood exactly (see the header) and applies the result when it lowers the plan's cost.
 * True when applied. */
export function resolveNeighbourhood(st: CoverState, units: readonly Unit[], width = Infinity): boolean {
  const m = st.model;
  const nS = m.nStaff;
  if (inHood.length < m.nDuties) inHood = new Int32Array(m.nDuties);
  if (++epoch > 0x3ffffff0) (inHood.fill(0), (epoch = 1));
  const ep = epoch;
  let dayMask = 0;
  for (const u of units) for (const d of u) ((inHood[d] = ep), (dayMask |= m.dayMask[d]));
  const nU = units.length;
  // loads without the freed units; what each staff member keeps on that day
  const base = Float64Array.from(st.load);
  for (const u of units) for (const d of u) if (st.holder[d] >= 0) base[st.holder[d]] -= m.minutes[d];
  const kept: number[][] = Array.from({ length: nS }, () => []);
  for (let s = 0; s < nS; s++) for (const e of st.held[s]) if (inHood[e] !== ep && m.dayMask[e] & dayMask) kept[s].push(e);

  // integer flow costs: in (lesson minutes)² the load squares of whole-minute loads are exact
  const lm = m.lessonMinutes;
  const scale = Number.isInteger(lm) && lm > 0 && lm <= 240 ? lm * lm : 10_000;
  // arcs unit → staff: eligible for every duty of the unit, no clash with what it keeps, within its load bound;
  // the `width` cheapest by the unit's exact cost, and the present holder
  const arcUnit: number[] = [];
  const arcStaff: number[] = [];
  const arcCost: number[] = [];
  const cost = new Float64Array(nS);
  const order: number[] = [];
  for (let k = 0; k < nU; k++) {
    const u = units[k];
    const d0 = u[0];
    let len = 0;
    let study = 0;
    for (const d of u) ((len += m.minutes[d]), (study += m.study[d]));
    const c = m.dutyChain[d0];
    order.length = 0;
    for (let s = 0; s < nS; s++) {
      if (!m.eligible[d0 * nS + s] || base[s] + len > m.maxMinutes[s] + 1e-9) continue;
      let pref = 0;
      if (m.kind[d0] === DUTY_BLOCK) {
        const cat = c >= 0 ? m.chainCat[c * nS + s] : blockCategory(m, d0, s);
        pref = study * categoryCost(true, cat) + (u.length - study) * categoryCost(false, cat);
      }
      cost[s] = pref + loadCost(m, base[s] + len) - loadCost(m, base[s]);
      order.push(s);
    }
    if (order.length > width) order.sort((a, b) => cost[a] - cost[b] || a - b);
    const holder = st.holder[d0];
    let taken = 0;
    for (const s of order) {
      if (taken >= width && s !== holder) continue;
      let ok = true;
      for (let x = 1; ok && x < u.length; x++) ok = m.eligible[u[x] * nS + s] === 1;
      for (let x = 0; ok && x < kept[s].length; x++) for (let j = 0; ok && j < u.length; j++) if (dutiesClash(m, kept[s][x], u[j])) ok = false;
      if (!ok) continue;
      arcUnit.push(k);
      arcStaff.push(s);
      arcCost.push(Math.round(scale * cost[s]));
      taken++;
    }
  }

  // units 0..nU−1, sink nU, then one node per staff member with an arc
  const sink = nU;
  let nodes = nU + 1;
  const staffNode = new Int32Array(nS).fill(-1);
  for (const s of arcStaff) if (staffNode[s] < 0) staffNode[s] = nodes++;
  // kernel exactness limit (flow.ts checkNetwork): clamp the uncovered cost; it still dominates every covering arc
  const maxExact = Math.floor(2 ** 52 / (4 * (nodes + 2) * (nodes + 2))) - 2;
  const nA = arcUnit.length;
  const b = createNetworkBuilder(nodes, nA + nU + nS);
  for (let a = 0; a < nA; a++) b.addArc(arcUnit[a], staffNode[arcStaff[a]], 1, Math.min(arcCost[a], maxExact));
  for (let k = 0; k < nU; k++) b.addArc(k, sink, 1, Math.min(Math.round(scale * COVER_WEIGHTS.uncovered * units[k].length), maxExact));
  for (let s = 0; s < nS; s++) if (staffNode[s] >= 0) b.addArc(staffNode[s], sink, 1, 0);
  for (let k = 0; k < nU; k++) b.setSupply(k, 1);
  b.setSupply(sink, -nU);
  const res = minCostFlow(b.build());
  if (res.status !== 'optimal') return false;

  const unitHolder = new Int32Array(nU).fill(-1);
  for (let a = 0; a < nA; a++) if (res.flow[a] > 0) unitHolder[arcUnit[a]] = arcStaff[a];
  const duties: number[] = [];
  const to: number[] = [];
  let changed = false;
  for (let k = 0; k < nU; k++)
    for (const d of units[k]) {
      duties.push(d);
      to.push(unitHolder[k]);
      if (st.holder[d] !== unitHolder[k]) changed = true;
    }
  if (!changed) return false;
  const delta = reassignDelta(st, duties, to);
  if (delta >= -1e-7) return false;
  applyReassign(st, duties, to, delta);
  return true;
}

export type LnsOutcome = { readonly sweeps: number; readonly applied: number; readonly timedOut: boolean };

/** Sweeps over the day neighbourhoods in a fixed order until none improves (at most `maxSweeps`); a neighbourhood
 * solved since the plan last changed is skipped (the flow would give it the same answer). */
export function dayLns(st: CoverState, deadline: number, maxSweeps: number, width = Infinity, hoods: readonly Unit[][] = dayNeighbourhoods(st.model)): LnsOutcome {
  let applied = 0;
  let sweeps = 0;
  let timedOut = false;
  const solvedAt = new Int32Array(hoods.length).fill(-1); // plan version at each neighbourhood's last solve
  while (sweeps < maxSweeps && !timedOut) {
    sweeps++;
    let now = 0;
    for (let h = 0; h < hoods.length; h++) {
      if (solvedAt[h] === applied) continue;
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
      if (resolveNeighbourhood(st, hoods[h], width)) (applied++, now++);
      solvedAt[h] = applied;
    }
    if (now === 0) break;
  }
  return { sweeps, applied, timedOut };
}

/** sweeps of the day neighbourhoods and their width (measured on longhutang and mega: with the 32 cheapest takers
 * per unit they reach the same plans as with every taker, at a fifth of the flow's size) */
const LNS_SWEEPS = 4;
const LNS_WIDTH = 32;

/** The day neighbourhoods, then the local search again when they changed the plan (it splits afternoons where a
 * split is cheaper; the narrow one: on the stress school the wide one cost 0.6 s instead of 0.34 s for the same
 * plan within 0.25). True when the deadline passed. */
export function improveByDays(st: CoverState, rng: () => number, deadline: number): boolean {
  const lns = dayLns(st, deadline, LNS_SWEEPS, LNS_WIDTH);
  if (lns.timedOut) return true;
  if (lns.applied === 0) return false;
  const search = localSearch(st, rng, deadline, 50, false);
  st.cost = fullCost(st);
  return search.timedOut;
}
