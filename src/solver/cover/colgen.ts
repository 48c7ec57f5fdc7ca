// Column generation (列生成) for the cover bound: the master LP chooses, per class of identical staff, a mix of
// weekly schedules (columns) so that every price class of duties is covered; its pricing problem is exactly
// the Lagrangian subproblem of bound.ts. Each round prices at a stabilised point (Wentges smoothing of the best
// Lagrangian prices and the LP duals, inside a box), so every round also yields a proven bound L(π) — the bound
// reported is the best of them — and adds each class's best schedule and a few next best ones (other loads).
// The LP's solution is returned for the primal (plans rounded from it in improve.ts).
import { COVER_WEIGHTS, loadCost, assignCost, DUTY_BLOCK, type CoverModel } from './model.js';
import { lagrangeValue, type BoundModel, type PricedColumn } from './bound.js';
import { addColumn, crashBasis, createLp, duals, objective, primalValues, setCost, solveLp, type Lp, type LpColumn } from '../kernel/lp.js';
import type { CoverState } from './state.js';

export type ColGenOptions = {
  readonly deadline: number;
  readonly maxRounds: number;
  /** stop when (upper − bound) / upper is at most this */
  readonly targetGap: number;
  readonly upper: () => number;
  /** Wentges smoothing: price at α·(best prices) + (1 − α)·(LP duals); 0 prices at the duals (default 0) */
  readonly smoothing?: number;
  /** per staff class and pricing, up to this many further schedules (next best loads) as columns (default 0) */
  readonly extraColumns?: number;
  /** start the LP from the plan `st` (a crash basis) instead of the identity basis (default false) */
  readonly crash?: boolean;
};

export type MasterColumn = {
  /** staff class (index into bm.classRep) */
  readonly staffClass: number;
  /** (duty, share) pairs */
  readonly take: readonly number[];
  readonly cost: number;
};

export type ColGenResult = {
  readonly bound: number;
  readonly price: Float64Array;
  readonly lpValue: number;
  readonly rounds: number;
  readonly timedOut: boolean;
  readonly columns: readonly MasterColumn[];
  /** LP value of each master column (same order as columns) */
  readonly weight: Float64Array;
  readonly trace: readonly number[];
};

/** The box's least half-width as a fraction of the largest start price. */
const BOX_FLOOR = 0.05;

/** Staff class of every active staff member (matching compileBound's classes). */
export function staffClassOf(bm: BoundModel): Int32Array {
  const m = bm.model;
  const out = new Int32Array(m.nStaff).fill(-1);
  // a staff member's class is the class whose representative has the identical subproblem key
  const keyOf = (s: number): string => {
    if (bm.homeSegs[s].length > 0) return `h${s}`;
    const others: number[] = [];
    for (let d = 0; d < m.nDuties; d++) if (m.kind[d] !== DUTY_BLOCK && m.eligible[d * m.nStaff + s]) others.push(d);
    return `${m.insider[s]}:${m.unavailable[s]}:${m.gradeMask[s]}:${m.maxMinutes[s]}:${others.join(',')}`;
  };
  const byKey = new Map<string, number>();
  bm.classRep.forEach((s, x) => byKey.set(keyOf(s), x));
  for (let s = 0; s < m.nStaff; s++) if (m.active[s]) out[s] = byKey.get(keyOf(s)) ?? -1;
  return out;
}

/** Cost of a staff member's schedule as the relaxation counts it: preferences, a discontinuity per run start
 * in a bound chain, load squares. */
export function scheduleCost(bm: BoundModel, st: CoverState, s: number, boundChainOf: Int32Array, boundPos: Int32Array): number {
  const m = bm.model;
  let c = loadCost(m, Math.floor((st.load[s] + 1e-9) / bm.grain) * bm.grain);
  for (const d of st.held[s]) {
    c += assignCost(m, d, s);
    if (m.kind[d] !== DUTY_BLOCK) continue;
    const bc = boundChainOf[d];
    const pos = boundPos[d];
    if (pos === 0 || st.holder[bm.boundChains[bc][pos - 1]] !== s) c += COVER_WEIGHTS.discontinuity;
  }
  return c;
}

export function columnGeneration(
  bm: BoundModel,
  classOf: Int32Array,
  classCount: number,
  start: Float64Array,
  st: CoverState,
  opts: ColGenOptions,
): ColGenResult {
  const m = bm.model;
  const K = classCount;
  const X = bm.classRep.length;
  const W = COVER_WEIGHTS;
  const rows = K + X;
  const b = new Float64Array(rows);
  for (let d = 0; d < m.nDuties; d++) b[classOf[d]] += 1;
  for (let x = 0; x < X; x++) b[K + x] = bm.classSize[x];
  // the most a duty class's price can be worth: an uncovered duty (W_U), a group block also its own run of
  // uncovered blocks (W_D: the relaxation charges a discontinuity per run of uncovered blocks)
  const cap = new Float64Array(K).fill(W.uncovered);
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] === DUTY_BLOCK) cap[classOf[d]] = W.uncovered + W.discontinuity;
  // identity basis: an artificial "over-cover" column per duty class (the box's upper side, at most cap), the
  // empty schedule per staff class
  const identity: LpColumn[] = [];
  for (let k = 0; k < K; k++) identity.push({ rows: Int32Array.of(k), vals: Float64Array.of(1), cost: cap[k] });
  for (let x = 0; x < X; x++) identity.push({ rows: Int32Array.of(K + x), vals: Float64Array.of(1), cost: 0 });
  const lp: Lp = createLp(b, identity);
  addNobodyColumns(bm, classOf, lp);
  const columns: MasterColumn[] = [];
  const colIndex: number[] = [];

  // the LP columns by a hash of (staff class, duty classes with their shares, cost to 1e-6); equal hashes are
  // compared entry by entry, so a column is added exactly when no identical one is there
  const byHash = new Map<number, number[]>();
  const share = new Float64Array(K); // scratch: the schedule's share of each duty class
  const touched: number[] = [];
  /** the LP column of a schedule, added unless an identical one is there */
  const put = (x: number, take: readonly number[], cost: number): { readonly j: number; readonly added: boolean } => {
    touched.length = 0;
    for (let i = 0; i < take.length; i += 2) {
      const k = classOf[take[i]];
      if (share[k] === 0) touched.push(k);
      share[k] += take[i + 1];
    }
    touched.sort((a, c) => a - c);
    const cost6 = Math.round(cost * 1e6);
    let h = Math.imul(0x811c9dc5 ^ x, 0x01000193) ^ (cost6 | 0);
    for (const k of touched) h = Math.imul(h ^ k, 0x01000193) ^ Math.round(share[k] * 1e6);
    const bucket = byHash.get(h);
    let found = -1;
    for (const j of bucket ?? []) {
      const col = lp.columns[j];
      if (col.rows.length !== touched.length + 1 || col.rows[touched.length] !== K + x || Math.round(col.cost * 1e6) !== cost6) continue;
      let same = true;
      for (let t = 0; same && t < touched.length; t++) same = col.rows[t] === touched[t] && col.vals[t] === share[touched[t]];
      if (same) {
        found = j;
        break;
      }
    }
    if (found >= 0) {
      for (const k of touched) share[k] = 0;
      return { j: found, added: false };
    }
    const r = new Int32Array(touched.length + 1);
    const v = new Float64Array(touched.length + 1);
    touched.forEach((k, t) => ((r[t] = k), (v[t] = share[k]), (share[k] = 0)));
    r[touched.length] = K + x;
    v[touched.length] = 1;
    const j = addColumn(lp, { rows: r, vals: v, cost });
    if (bucket) bucket.push(j);
    else byHash.set(h, [j]);
    colIndex.push(j);
    columns.push({ staffClass: x, take, cost });
    return { j, added: true };
  };
  const add = (x: number, take: readonly number[], cost: number): boolean => put(x, take, cost).added;

  // the plan's schedules as the first columns, and (opts.crash) the plan as the LP's starting basis: its
  // schedules, the unused staff of each class on the empty schedule, its uncovered duties on the over-cover
  // columns (measured on longhutang: ≈ 600 of 5,000 pivots saved)
  const boundChainOf = new Int32Array(m.nDuties).fill(-1);
  const boundPos = new Int32Array(m.nDuties).fill(-1);
  bm.boundChains.forEach((bc, i) => bc.forEach((d, p) => ((boundChainOf[d] = i), (boundPos[d] = p))));
  const cls = staffClassOf(bm);
  const planCols = new Set<number>();
  const used = new Int32Array(X); // staff of each class with a schedule in the plan
  for (let s = 0; s < m.nStaff; s++) {
    if (cls[s] < 0 || st.held[s].length === 0) continue;
    const take: number[] = [];
    for (const d of st.held[s]) take.push(d, 1);
    planCols.add(put(cls[s], take, scheduleCost(bm, st, s, boundChainOf, boundPos)).j);
    used[cls[s]]++;
  }
  if (opts.crash) {
    const keep = new Uint8Array(rows); // unit columns positive in the plan
    for (let x = 0; x < X; x++) if (used[x] < bm.classSize[x]) keep[K + x] = 1;
    for (let d = 0; d < m.nDuties; d++) if (st.holder[d] < 0) keep[classOf[d]] = 1;
    crashBasis(lp, [...planCols], keep);
  }

  const expand = (p: Float64Array): Float64Array => {
    const out = new Float64Array(m.nDuties);
    for (let d = 0; d < m.nDuties; d++) out[d] = p[classOf[d]];
    return out;
  };
  // centre of stabilisation: the start prices averaged per class
  let center = new Float64Array(K);
  {
    const size = new Float64Array(K);
    for (let d = 0; d < m.nDuties; d++) ((center[classOf[d]] += start[d]), size[classOf[d]]++);
    for (let k = 0; k < K; k++) center[k] /= Math.max(1, size[k]);
  }
  let best = -Infinity;
  let bestPrice = expand(center);
  {
    const priced: PricedColumn[] = [];
    const r0 = lagrangeValue(bm, bestPrice, priced);
    best = r0.value;
    priced.forEach((c, x) => {
      let pi = 0;
      for (let i = 0; i < c.take.length; i += 2) pi += bestPrice[c.take[i]] * c.take[i + 1];
      add(x, c.take, c.value + pi);
    });
  }
  // box step: class duals kept within [centre − Δ, centre + Δ] by an over-cover column (cost centre + Δ, the
  // identity column) and an under-cover column (−1, cost −(centre − Δ)) per class row
  const delta = new Float64Array(K);
  let scale = 0;
  for (let k = 0; k < K; k++) scale = Math.max(scale, Math.abs(center[k]));
  // at least a twentieth of the largest price: a class priced near 0 at the start may need to reach the
  // uncovered duties' scale (W_U) when the school is short of staff
  for (let k = 0; k < K; k++) delta[k] = Math.max(4, 0.25 * Math.abs(center[k]), BOX_FLOOR * scale);
  const surplus = new Int32Array(K);
  for (let k = 0; k < K; k++) surplus[k] = addColumn(lp, { rows: Int32Array.of(k), vals: Float64Array.of(-1), cost: -(center[k] - delta[k]) });
  const setBox = (): void => {
    for (let k = 0; k < K; k++) {
      setCost(lp, k, Math.min(cap[k], center[k] + delta[k]));
      setCost(lp, surplus[k], -(center[k] - delta[k]));
    }
  };
  setBox();
  const trace: number[] = [best];
  let rounds = 0;
  let timedOut = false;
  let lpValue = Infinity;
  const constant = -W.discontinuity * bm.nBoundChains;
  let mispriced = false;
  while (rounds < opts.maxRounds) {
    if (Date.now() > opts.deadline) {
      timedOut = true;
      break;
    }
    const done = solveLp(lp, 20_000, opts.deadline);
    lpValue = objective(lp) + constant;
    const y = duals(lp);
    if (!done) {
      timedOut = true;
      break;
    }
    const upper = Math.min(opts.upper(), lpValue);
    if ((upper - best) / Math.max(1, Math.abs(upper)) <= opts.targetGap) break;
    rounds++;
    // smoothed pricing point; after a pricing there that found no column for the LP (mispricing), the duals
    const alpha = mispriced ? 0 : (opts.smoothing ?? 0);
    const sep = new Float64Array(K);
    for (let k = 0; k < K; k++) sep[k] = alpha * center[k] + (1 - alpha) * y[k];
    const price = expand(sep);
    const priced: PricedColumn[] = [];
    const extras = { perClass: opts.extraColumns ?? 0, columns: [] as PricedColumn[][] };
    const r = lagrangeValue(bm, price, priced, extras.perClass > 0 ? extras : undefined);
    trace.push(r.value);
    const best0 = best;
    if (r.value > best) {
      best = r.value;
      bestPrice = price;
      center = sep;
      setBox();
    }
    let added = 0;
    const offer = (x: number, c: PricedColumn): void => {
      let piSep = 0;
      let piLp = 0;
      for (let i = 0; i < c.take.length; i += 2) {
        piSep += price[c.take[i]] * c.take[i + 1];
        piLp += y[classOf[c.take[i]]] * c.take[i + 1];
      }
      const cost = c.value + piSep;
      if (cost - piLp - y[K + x] < -1e-7 && add(x, c.take, cost)) added++;
    };
    priced.forEach((c, x) => offer(x, c));
    extras.columns.forEach((list, x) => list.forEach((c) => offer(x, c)));
    if (alpha > 0 && r.value < lpValue - 0.5 * (lpValue - best0)) {
      // the smoothed point closed less than half the gap to the master's value (a poor centre, e.g. the start
      // prices of a school short of staff): also price at the duals themselves, and centre there if better
      const py = expand(y);
      const pr: PricedColumn[] = [];
      const ry = lagrangeValue(bm, py, pr);
      if (ry.value > best) ((best = ry.value), (bestPrice = py), (center = Float64Array.from(y.subarray(0, K))), setBox());
      pr.forEach((c, x) => {
        let pi = 0;
        for (let i = 0; i < c.take.length; i += 2) pi += py[c.take[i]] * c.take[i + 1];
        const cost = c.value + pi;
        if (add(x, c.take, cost)) added++;
      });
    }
    if (added === 0 && alpha > 0) {
      mispriced = true;
      continue;
    }
    mispriced = false;
    if (added === 0) {
      // no column improves the boxed LP: done unless the box binds (an artificial column is in use)
      const xv = primalValues(lp);
      let artificial = 0;
      for (let k = 0; k < K; k++) artificial += (center[k] + delta[k] < cap[k] ? xv[k] : 0) + xv[surplus[k]];
      if (artificial <= 1e-7) break;
      for (let k = 0; k < K; k++) delta[k] *= 4;
      setBox();
    }
  }
  const xv = primalValues(lp);
  const weight = new Float64Array(columns.length);
  columns.forEach((_, i) => (weight[i] = xv[colIndex[i]]));
  return { bound: best, price: bestPrice, lpValue, rounds, timedOut, columns, weight, trace };
}

/** The "nobody" holder of the relaxation as master columns, exactly as lagrangeValue prices it: per bound chain
 * every run of consecutive blocks left uncovered (W_U a block + W_D a run, the chain's −W_D being the master's
 * constant), per club or pickup W_U. Without the runs' W_D the master would price uncovered blocks W_D too low,
 * and its duals would stop the bound short of the Lagrangian dual (random-1: 80 below the optimum). */
function addNobodyColumns(bm: BoundModel, classOf: Int32Array, lp: Lp): void {
  const m = bm.model;
  const W = COVER_WEIGHTS;
  const seen = new Set<string>();
  const add = (ks: Map<number, number>, cost: number): void => {
    const sorted = [...ks.keys()].sort((a, c) => a - c);
    const key = `${sorted.map((k) => `${k}:${ks.get(k)}`).join(',')}|${cost}`;
    if (seen.has(key)) return;
    seen.add(key);
    addColumn(lp, { rows: Int32Array.from(sorted), vals: Float64Array.from(sorted, (k) => ks.get(k)!), cost });
  };
  for (const bc of bm.boundChains) {
    for (let i = 0; i < bc.length; i++) {
      const ks = new Map<number, number>();
      for (let j = i; j < bc.length; j++) {
        ks.set(classOf[bc[j]], (ks.get(classOf[bc[j]]) ?? 0) + 1);
        add(ks, W.uncovered * (j - i + 1) + W.discontinuity);
      }
    }
  }
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] !== DUTY_BLOCK) add(new Map([[classOf[d], 1]]), W.uncovered);
}

/** The plan's weekly schedules as master columns (staff class, (duty, 1) pairs, cost as the relaxation counts it). */
export function planColumns(bm: BoundModel, st: CoverState): { staffClass: number; take: number[]; cost: number }[] {
  const m = bm.model;
  const boundChainOf = new Int32Array(m.nDuties).fill(-1);
  const boundPos = new Int32Array(m.nDuties).fill(-1);
  bm.boundChains.forEach((bc, i) => bc.forEach((d, p) => ((boundChainOf[d] = i), (boundPos[d] = p))));
  const cls = staffClassOf(bm);
  const out: { staffClass: number; take: number[]; cost: number }[] = [];
  for (let s = 0; s < m.nStaff; s++) {
    if (cls[s] < 0 || st.held[s].length === 0) continue;
    const take: number[] = [];
    for (const d of st.held[s]) take.push(d, 1);
    out.push({ staffClass: cls[s], take, cost: scheduleCost(bm, st, s, boundChainOf, boundPos) });
  }
  return out;
}
