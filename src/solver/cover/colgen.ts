// Column generation (列生成) for the cover bound: the master LP chooses, per class of identical staff, a mix of
// weekly schedules (columns) so that every price class of duties is covered; its pricing problem is exactly
// the Lagrangian subproblem of cover-bound.ts. Each round prices at a stabilised dual (a blend of the best
// Lagrangian prices and the LP duals), so every round also yields a proven bound L(π) — the bound reported is
// the best of them. The LP's solution is returned for the primal (rounding + decoding in cover-decode.ts).
import { COVER_WEIGHTS, loadCost, assignCost, DUTY_BLOCK, type CoverModel } from './model.js';
import { lagrangeValue, type BoundModel, type PricedColumn } from './bound.js';
import { addColumn, createLp, duals, objective, primalValues, setCost, solveLp, type Lp, type LpColumn } from '../kernel/lp.js';
import type { CoverState } from './state.js';

export type ColGenOptions = {
  readonly deadline: number;
  readonly maxRounds: number;
  /** stop when (upper − bound) / upper is at most this */
  readonly targetGap: number;
  readonly upper: () => number;
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
  // identity basis: "nobody" per duty class (cost W_U per duty), the empty schedule per staff class
  const identity: LpColumn[] = [];
  for (let k = 0; k < K; k++) identity.push({ rows: Int32Array.of(k), vals: Float64Array.of(1), cost: W.uncovered });
  for (let x = 0; x < X; x++) identity.push({ rows: Int32Array.of(K + x), vals: Float64Array.of(1), cost: 0 });
  const lp: Lp = createLp(b, identity);
  const columns: MasterColumn[] = [];
  const seen = new Set<string>();
  const colIndex: number[] = [];

  const add = (x: number, take: readonly number[], cost: number): boolean => {
    const q = new Map<number, number>();
    for (let i = 0; i < take.length; i += 2) q.set(classOf[take[i]], (q.get(classOf[take[i]]) ?? 0) + take[i + 1]);
    const ks = [...q.keys()].sort((a, c) => a - c);
    const key = `${x}|${ks.map((k) => `${k}:${q.get(k)}`).join(',')}|${cost.toFixed(6)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const r = Int32Array.from([...ks, K + x]);
    const v = Float64Array.from([...ks.map((k) => q.get(k)!), 1]);
    colIndex.push(addColumn(lp, { rows: r, vals: v, cost }));
    columns.push({ staffClass: x, take, cost });
    return true;
  };

  // the plan's schedules as the first columns
  const boundChainOf = new Int32Array(m.nDuties).fill(-1);
  const boundPos = new Int32Array(m.nDuties).fill(-1);
  bm.boundChains.forEach((bc, i) => bc.forEach((d, p) => ((boundChainOf[d] = i), (boundPos[d] = p))));
  const cls = staffClassOf(bm);
  for (let s = 0; s < m.nStaff; s++) {
    if (cls[s] < 0 || st.held[s].length === 0) continue;
    const take: number[] = [];
    for (const d of st.held[s]) take.push(d, 1);
    add(cls[s], take, scheduleCost(bm, st, s, boundChainOf, boundPos));
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
  for (let k = 0; k < K; k++) delta[k] = Math.max(4, 0.25 * Math.abs(center[k]));
  const surplus = new Int32Array(K);
  for (let k = 0; k < K; k++) surplus[k] = addColumn(lp, { rows: Int32Array.of(k), vals: Float64Array.of(-1), cost: -(center[k] - delta[k]) });
  const setBox = (): void => {
    for (let k = 0; k < K; k++) {
      setCost(lp, k, Math.min(W.uncovered, center[k] + delta[k]));
      setCost(lp, surplus[k], -(center[k] - delta[k]));
    }
  };
  setBox();
  const trace: number[] = [best];
  let rounds = 0;
  let timedOut = false;
  let lpValue = Infinity;
  const constant = -W.discontinuity * bm.nBoundChains;
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
    const sep = new Float64Array(K);
    for (let k = 0; k < K; k++) sep[k] = y[k];
    const price = expand(sep);
    const priced: PricedColumn[] = [];
    const r = lagrangeValue(bm, price, priced);
    trace.push(r.value);
    if (r.value > best) {
      best = r.value;
      bestPrice = price;
      center = sep;
      setBox();
    }
    let added = 0;
    priced.forEach((c, x) => {
      let piSep = 0;
      let piLp = 0;
      for (let i = 0; i < c.take.length; i += 2) {
        piSep += price[c.take[i]] * c.take[i + 1];
        piLp += y[classOf[c.take[i]]] * c.take[i + 1];
      }
      const cost = c.value + piSep;
      if (cost - piLp - y[K + x] < -1e-7 && add(x, c.take, cost)) added++;
    });
    if (added === 0) {
      // no column improves the boxed LP: done unless the box binds (an artificial column is in use)
      const xv = primalValues(lp);
      let artificial = 0;
      for (let k = 0; k < K; k++) if (center[k] + delta[k] < W.uncovered) artificial += xv[k] + xv[surplus[k]];
      if (artificial <= 1e-7) break;
      for (let k = 0; k < K; k++) delta[k] *= 2;
      setBox();
    }
  }
  const xv = primalValues(lp);
  const weight = new Float64Array(columns.length);
  columns.forEach((_, i) => (weight[i] = xv[colIndex[i]]));
  return { bound: best, price: bestPrice, lpValue, rounds, timedOut, columns, weight, trace };
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
