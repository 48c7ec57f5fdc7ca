// Plan improvement beyond the local search (issue 16): moves that change several holders at once, and a plan
// rounded from the column-generation LP. Every move keeps the hard rules (eligibility, no overlap, load bound) and
// is applied only when it lowers the exact cost; everything is deterministic (fixed orders, the seeded rng).
//
// - chainTakeover: staff t takes a group's whole afternoon (a chain); what of t clashes with it goes to its cheapest
//   other taker, or to nobody (an ejection chain of depth two — e.g. a teacher at the load bound keeps a short
//   block while the longer afternoon stays short: the exchange covers as many duties at less cost).
// - refillUncovered: a staff member blocked from an uncovered duty takes it by handing one of its units on to a
//   colleague, who drops what clashes with it (an ejection chain of depth three).
// - swapUnits: two staff exchange a run of blocks (or a club or pickup) each, on any weekday — the load balance
//   moves the local search cannot make one duty at a time.
// - roundColumns: the weekly schedules of the column-generation LP, largest weight first, each to a free staff
//   member of its class; the rest filled greedily; then the whole polish.
import { assignCost, categoryCost, COVER_WEIGHTS, dutiesClash, DUTY_BLOCK, loadCost, type CoverModel } from './model.js';
import { applyReassign, canTake, createState, fullCost, reassignDelta, type CoverState } from './state.js';
import { ejectForUncovered, ejectNonBlocks, localSearch, rebuildCapped } from './search.js';
import { fillUncovered } from './construct.js';

const EPS = 1e-7;

/** Duties of chain c, in block order. */
const chainDuties = (m: CoverModel, c: number): number[] => Array.from(m.chainDuty.subarray(m.chainOffset[c], m.chainOffset[c + 1]));

/** Hard rules for a compound reassignment: every receiver can take all it receives while giving what it gives. */
function jointFeasible(st: CoverState, duties: readonly number[], to: readonly number[]): boolean {
  const seen = new Set<number>();
  for (const r of to) {
    if (r < 0 || seen.has(r)) continue;
    seen.add(r);
    const take: number[] = [];
    const give: number[] = [];
    duties.forEach((d, i) => {
      if (to[i] === r) take.push(d);
      else if (st.holder[d] === r) give.push(d);
    });
    if (!canTake(st, r, take, give)) return false;
  }
  return true;
}

/**
 * Chain takeover (ejection chains of depth two). For every chain and every eligible staff member t: t takes the
 * whole chain; each duty of t that overlaps it goes to the staff member who takes it most cheaply, or to nobody.
 * The best improving exchange per chain is applied. Returns the number applied.
 */
export function chainTakeover(st: CoverState, deadline: number): number {
  const m = st.model;
  const nS = m.nStaff;
  const W = COVER_WEIGHTS;
  let applied = 0;
  const loadAdjust = new Float64Array(nS); // per staff: minus what it gives to t (while pricing one exchange)
  for (let c = 0; c < m.nChains; c++) {
    if ((c & 15) === 0 && Date.now() > deadline) break;
    const ds = chainDuties(m, c);
    const d0 = ds[0];
    const lo = m.start[d0];
    const hi = m.end[ds[ds.length - 1]];
    const day = m.dayMask[d0];
    let bestDelta = -EPS;
    let bestDuties: number[] | null = null;
    let bestTo: number[] | null = null;
    // what the chain costs now and what its holders would save at most by giving it away (for a lower bound)
    let now = 0;
    let disc = 0; // discontinuities inside the chain (a chain is a maximal run: nothing joins it outside)
    for (let i = 0; i < ds.length; i++) {
      const h = st.holder[ds[i]];
      now += h < 0 ? W.uncovered : assignCost(m, ds[i], h) + loadCost(m, st.load[h]) - loadCost(m, st.load[h] - m.minutes[ds[i]]);
      if (i > 0 && h !== st.holder[ds[i - 1]]) disc++;
    }
    for (let t = 0; t < nS; t++) {
      if (!m.eligible[d0 * nS + t]) continue;
      let all = true;
      let add = 0;
      for (const d of ds) if (st.holder[d] !== t) ((all = false), (add += m.minutes[d]));
      if (all) continue;
      let load = st.load[t] + add;
      const clash: number[] = [];
      let clashPref = 0;
      for (const e of st.held[t]) {
        if (m.dutyChain[e] === c && m.dutyChain[e] >= 0) continue;
        if ((m.dayMask[e] & day) !== 0 && m.start[e] < hi && lo < m.end[e]) {
          clash.push(e);
          load -= m.minutes[e];
          clashPref += assignCost(m, e, t) + 2 * W.discontinuity;
        }
      }
      if (load > m.maxMinutes[t] + 1e-9) continue;
      // lower bound: t's preference and load change, minus all the chain costs now, its continuity and what the
      // clashing duties could gain elsewhere
      let pref = 0;
      for (const d of ds) pref += assignCost(m, d, t);
      if (pref + loadCost(m, load) - loadCost(m, st.load[t]) - now - disc * W.discontinuity - clashPref >= bestDelta) continue;
      const duties = ds.concat(clash);
      const to = ds.map(() => t).concat(clash.map(() => -1));
      let delta = reassignDelta(st, duties, to);
      if (clash.length > 0) {
        // optimistic: every clashing duty finds a taker for free (minus what continuity could gain)
        if (delta - clash.length * (W.uncovered + 2 * W.discontinuity) >= bestDelta) continue;
        // each clashing duty in turn to its cheapest taker or to nobody; the change of one holder is priced exactly
        // given the holders chosen so far (preference, the taker's load, continuity with its chain neighbours)
        const holderAfter = (x: number): number => {
          const i = duties.indexOf(x);
          return i >= 0 ? to[i] : st.holder[x];
        };
        for (const d of ds) if (st.holder[d] >= 0) loadAdjust[st.holder[d]] -= m.minutes[d];
        for (let k = 0; k < clash.length; k++) {
          const e = clash[k];
          const ce = m.dutyChain[e];
          let prev = -2;
          let next = -2;
          if (ce >= 0) {
            const p = m.chainOffset[ce] + m.dutyPos[e];
            if (p > m.chainOffset[ce]) prev = holderAfter(m.chainDuty[p - 1]);
            if (p + 1 < m.chainOffset[ce + 1]) next = holderAfter(m.chainDuty[p + 1]);
          }
          const disc = (x: number): number => (prev !== -2 && prev !== x ? 1 : 0) + (next !== -2 && next !== x ? 1 : 0);
          const discNobody = disc(-1);
          let br = -1;
          let bd = delta;
          for (let r = 0; r < nS; r++) {
            if (r === t || !m.eligible[e * nS + r]) continue;
            // r's load after the exchange so far: less what it gives to t, plus what it took of the clashing duties
            let base = st.load[r] + loadAdjust[r];
            for (let q = 0; q < k; q++) if (to[ds.length + q] === r) base += m.minutes[clash[q]];
            const x =
              delta + assignCost(m, e, r) - W.uncovered + loadCost(m, base + m.minutes[e]) - loadCost(m, base) + W.discontinuity * (disc(r) - discNobody);
            if (x < bd && canTake(st, r, [e])) ((bd = x), (br = r));
          }
          to[ds.length + k] = br;
          delta = bd;
        }
        for (const d of ds) if (st.holder[d] >= 0) loadAdjust[st.holder[d]] = 0;
        // the exact cost of the whole exchange (the sum above is exact; this guards it)
        delta = reassignDelta(st, duties, to);
      }
      if (delta >= bestDelta || !jointFeasible(st, duties, to)) continue;
      bestDelta = delta;
      bestDuties = duties;
      bestTo = to.slice();
    }
    if (bestDuties && bestTo) {
      applyReassign(st, bestDuties, bestTo, bestDelta);
      applied++;
    }
  }
  return applied;
}

/**
 * Ejection chains of depth three for uncovered duties: staff f, who cannot take uncovered duty d (overlap or load
 * bound), takes it by giving one of its units (a run of blocks, a club or a pickup) to staff t, who gives what of
 * its own clashes with that unit to nobody — e.g. a teacher at the load bound hands an afternoon to a colleague
 * whose club at that time then goes uncovered: as many duties uncovered, at less cost. The best improving chain
 * per uncovered duty is applied. Returns the number applied.
 */
export function refillUncovered(st: CoverState, deadline: number): number {
  const m = st.model;
  const nS = m.nStaff;
  let applied = 0;
  for (let d = 0; d < m.nDuties; d++) {
    if (st.holder[d] >= 0) continue;
    if (Date.now() > deadline) break;
    let bestDelta = -EPS;
    let bestDuties: number[] | null = null;
    let bestTo: number[] | null = null;
    for (let f = 0; f < nS; f++) {
      if (!m.eligible[d * nS + f] || canTake(st, f, [d])) continue; // the plain insertion is the local search's
      for (const unit of unitsOf(st, f)) {
        if (!canTake(st, f, [d], unit)) continue;
        for (let t = 0; t < nS; t++) {
          if (t === f || !m.eligible[unit[0] * nS + t]) continue;
          // what t gives up: its duties that overlap the unit (all of them go uncovered)
          const give: number[] = [];
          for (const e of st.held[t]) for (const u of unit) if (dutiesClash(m, e, u) && !give.includes(e)) give.push(e);
          if (!canTake(st, t, unit, give)) continue;
          const duties = [d, ...unit, ...give];
          const to = [f, ...unit.map(() => t), ...give.map(() => -1)];
          const delta = reassignDelta(st, duties, to);
          if (delta < bestDelta) ((bestDelta = delta), (bestDuties = duties), (bestTo = to));
        }
      }
    }
    if (bestDuties && bestTo) {
      applyReassign(st, bestDuties, bestTo, bestDelta);
      applied++;
    }
  }
  return applied;
}

/** The units staff s holds: whole runs of a chain, each club and pickup. */
function unitsOf(st: CoverState, s: number): number[][] {
  const m = st.model;
  const out: number[][] = [];
  const seen = new Set<number>();
  for (const e of st.held[s]) {
    if (m.kind[e] !== DUTY_BLOCK) {
      out.push([e]);
      continue;
    }
    const c = m.dutyChain[e];
    let i = m.chainOffset[c] + m.dutyPos[e];
    while (i > m.chainOffset[c] && st.holder[m.chainDuty[i - 1]] === s) i--;
    if (seen.has(m.chainDuty[i])) continue;
    seen.add(m.chainDuty[i]);
    const run: number[] = [];
    for (let j = i; j < m.chainOffset[c + 1] && st.holder[m.chainDuty[j]] === s; j++) run.push(m.chainDuty[j]);
    out.push(run);
  }
  return out;
}

/** Units of the exchange: runs of a chain with one holder (whole runs), and clubs and pickups, held by someone. */
function heldUnits(st: CoverState): number[][] {
  const m = st.model;
  const units: number[][] = [];
  for (let c = 0; c < m.nChains; c++) {
    let i = m.chainOffset[c];
    while (i < m.chainOffset[c + 1]) {
      const h = st.holder[m.chainDuty[i]];
      let j = i + 1;
      while (j < m.chainOffset[c + 1] && st.holder[m.chainDuty[j]] === h) j++;
      if (h >= 0) units.push(Array.from(m.chainDuty.subarray(i, j)));
      i = j;
    }
  }
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] !== DUTY_BLOCK && st.holder[d] >= 0) units.push([d]);
  return units;
}

/**
 * Exchange of two units between their holders A and B (any weekdays): A takes B's unit and B takes A's. For each
 * unit the best improving exchange is applied (a cheap lower bound — load change minus every preference and
 * continuity cost the two units have now — skips most pairs). Returns the number applied.
 */
export function swapUnits(st: CoverState, deadline: number): number {
  const m = st.model;
  const nS = m.nStaff;
  const W = COVER_WEIGHTS;
  const units = heldUnits(st);
  const n = units.length;
  const minutes = new Float64Array(n);
  const slack = new Float64Array(n); // what the unit's preference and continuity cost could drop at most
  const holderOf = (u: number): number => st.holder[units[u][0]];
  const intact = (u: number): boolean => {
    const h = holderOf(u);
    for (const d of units[u]) if (st.holder[d] !== h) return false;
    return h >= 0;
  };
  for (let u = 0; u < n; u++) {
    let k = 0;
    for (const d of units[u]) minutes[u] += m.minutes[d];
    const h = holderOf(u);
    const first = units[u][0];
    const last = units[u][units[u].length - 1];
    if (m.kind[first] === DUTY_BLOCK) {
      const c = m.dutyChain[first];
      const p = m.chainOffset[c] + m.dutyPos[first];
      const q = m.chainOffset[c] + m.dutyPos[last];
      if (p > m.chainOffset[c]) k++;
      if (q + 1 < m.chainOffset[c + 1]) k++;
      for (const d of units[u]) slack[u] += categoryCost(m.study[d] === 1, m.chainCat[c * m.nStaff + h]);
    }
    slack[u] += k * W.discontinuity;
  }
  let applied = 0;
  for (let a = 0; a < n; a++) {
    if ((a & 15) === 0 && Date.now() > deadline) break;
    if (!intact(a)) continue;
    const A = holderOf(a);
    let bestDelta = -EPS;
    let best = -1;
    for (let b = 0; b < n; b++) {
      const B = holderOf(b);
      if (B === A || B < 0) continue;
      if (!m.eligible[units[a][0] * nS + B] || !m.eligible[units[b][0] * nS + A]) continue;
      const dl =
        loadCost(m, st.load[A] - minutes[a] + minutes[b]) - loadCost(m, st.load[A]) + loadCost(m, st.load[B] - minutes[b] + minutes[a]) - loadCost(m, st.load[B]);
      if (dl - slack[a] - slack[b] >= bestDelta) continue;
      if (!intact(b)) continue;
      const duties = units[a].concat(units[b]);
      const to = units[a].map(() => B).concat(units[b].map(() => A));
      const delta = reassignDelta(st, duties, to);
      if (delta >= bestDelta) continue;
      if (!canTake(st, B, units[a], units[b]) || !canTake(st, A, units[b], units[a])) continue;
      bestDelta = delta;
      best = b;
    }
    if (best >= 0) {
      const B = holderOf(best);
      const duties = units[a].concat(units[best]);
      applyReassign(st, duties, units[a].map(() => B).concat(units[best].map(() => A)), bestDelta);
      applied++;
    }
  }
  return applied;
}

/**
 * The local search and every compound move, repeated until none improves (at most `passes` rounds) or the
 * deadline passes. Returns true when it timed out.
 */
export function polish(st: CoverState, rng: () => number, deadline: number, passes: number): boolean {
  let search = localSearch(st, rng, deadline);
  for (let k = 0; k < 4 && !search.timedOut; k++) {
    if (ejectForUncovered(st, deadline) + ejectNonBlocks(st, deadline) === 0) break;
    search = localSearch(st, rng, deadline);
  }
  if (search.timedOut) return true;
  rebuildCapped(st, rng, deadline);
  search = localSearch(st, rng, deadline, 50, true);
  for (let k = 0; k < passes && !search.timedOut; k++) {
    const changed = chainTakeover(st, deadline) + swapUnits(st, deadline) + refillUncovered(st, deadline);
    if (changed === 0) break;
    search = localSearch(st, rng, deadline, 50, true);
  }
  st.cost = fullCost(st);
  return search.timedOut || Date.now() > deadline;
}

/** A master column of the LP: the staff class it belongs to and its (duty, share) pairs. */
export type WeightedColumn = { readonly staffClass: number; readonly take: readonly number[] };

/**
 * A plan rounded from an LP over weekly schedules: columns by weight (largest first; ties by index; with `rng`
 * the weights perturbed), each to the
 * first free staff member of its class, taking those of its duties still free that the member can take (clubs
 * on all their days); the rest filled greedily. Not polished.
 */
export function roundColumns(
  m: CoverModel,
  columns: readonly WeightedColumn[],
  weight: Float64Array,
  staffClass: Int32Array,
  rng?: () => number,
): CoverState {
  const st = createState(m);
  const order: number[] = [];
  for (let i = 0; i < columns.length; i++) if (weight[i] > 1e-6) order.push(i);
  // with rng: weights perturbed by a factor in [0.5, 1.5) (another rounding of the same LP)
  const key = Float64Array.from(weight, (w) => (rng ? w * (0.5 + rng()) : w));
  order.sort((a, b) => key[b] - key[a] || a - b);
  const used = new Uint8Array(m.nStaff);
  for (const i of order) {
    const col = columns[i];
    let s = -1;
    for (let t = 0; t < m.nStaff && s < 0; t++) if (!used[t] && staffClass[t] === col.staffClass) s = t;
    if (s < 0) continue;
    used[s] = 1;
    for (let k = 0; k < col.take.length; k += 2) {
      const d = col.take[k];
      if (st.holder[d] >= 0 || !canTake(st, s, [d])) continue;
      applyReassign(st, [d], [s], reassignDelta(st, [d], [s]));
    }
  }
  fillUncovered(st);
  st.cost = fullCost(st);
  return st;
}
