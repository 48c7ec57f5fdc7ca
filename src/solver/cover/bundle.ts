// A box-step bundle method (束方法) for the cover bound, without an LP: the Lagrangian subproblems of
// cover-bound.ts return, per staff class, its best weekly schedule at the prices; those schedules are kept as
// cutting planes of a disaggregated model of the dual function
//   m(y) = Σ_k b_k·y_k + Σ_x size_x · min(0, min over kept schedules j of x of (c_j − a_j·y)),
// which is the dual of the restricted column-generation master. Each round maximises m over a box around the
// best prices so far by projected subgradient ascent on the model (cheap: no subproblem is solved), then solves
// the true subproblems at the model's maximiser — a proven bound L(π) and new schedules. The box grows after a
// good step and shrinks after a poor one. Fixed work (rounds × model steps): deterministic; the deadline is only
// a safety stop. Only the true L(π) values are reported, so the bound is proven whatever the model's accuracy.
import { lagrangeValue, type BoundModel, type PricedColumn } from './bound.js';
import { COVER_WEIGHTS, DUTY_BLOCK } from './model.js';

/** Columns not at the model's optimum for this many rounds leave the model (bundle compression). */
const AGE = 5;

export type BundleOptions = {
  readonly deadline: number;
  readonly rounds: number;
  /** subgradient steps on the model per round */
  readonly steps: number;
  /** initial half-width of the box (cost units per duty) */
  readonly delta: number;
  /** stop when (upper − bound) / upper is at most this */
  readonly targetGap: number;
  readonly upper: () => number;
  /** extra columns to seed the model: staff class, (duty, share) pairs, cost */
  readonly seed?: readonly { readonly staffClass: number; readonly take: readonly number[]; readonly cost: number }[];
};

export type BundleResult = {
  readonly bound: number;
  readonly price: Float64Array;
  readonly rounds: number;
  readonly timedOut: boolean;
  readonly trace: readonly number[];
};

type Pool = { ks: number[]; vs: number[]; start: number[]; cost: number[]; cls: number[]; age: number[]; seen: Set<number> };

export function bundleBound(bm: BoundModel, classOf: Int32Array, K: number, start: Float64Array, opts: BundleOptions): BundleResult {
  const m = bm.model;
  const n = m.nDuties;
  const X = bm.classRep.length;
  // the most a duty class's price can usefully be: an uncovered duty (W_U), a group block also its own run of
  // uncovered blocks (W_D)
  const cap = new Float64Array(K).fill(COVER_WEIGHTS.uncovered);
  for (let d = 0; d < n; d++) if (m.kind[d] === DUTY_BLOCK) cap[classOf[d]] = COVER_WEIGHTS.uncovered + COVER_WEIGHTS.discontinuity;
  const b = new Float64Array(K);
  for (let d = 0; d < n; d++) b[classOf[d]] += 1;
  const size = bm.classSize;
  const expand = (p: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let d = 0; d < n; d++) out[d] = p[classOf[d]];
    return out;
  };
  const pool: Pool = { ks: [], vs: [], start: [0], cost: [], cls: [], age: [], seen: new Set() };
  const add = (x: number, take: readonly number[], cost: number): void => {
    if (take.length === 0) return;
    const q = new Map<number, number>();
    for (let i = 0; i < take.length; i += 2) q.set(classOf[take[i]], (q.get(classOf[take[i]]) ?? 0) + take[i + 1]);
    const ks = [...q.keys()].sort((a, c) => a - c);
    // duplicate test by a hash (a collision only drops a column from the model; the bound stays proven)
    let h1 = 0x811c9dc5 ^ x;
    let h2 = 0x2545f491 ^ Math.round(cost * 1e6);
    for (const k of ks) {
      const v = Math.round(q.get(k)! * 1e6);
      h1 = Math.imul(h1 ^ k, 0x01000193) ^ v;
      h2 = Math.imul(h2 ^ v, 0x5bd1e995) + k;
    }
    const key = (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) & 0x1fffff);
    if (pool.seen.has(key)) return;
    pool.seen.add(key);
    for (const k of ks) (pool.ks.push(k), pool.vs.push(q.get(k)!));
    pool.start.push(pool.ks.length);
    pool.cost.push(cost);
    pool.cls.push(x);
    pool.age.push(0);
  };
  const addPriced = (full: Float64Array, priced: PricedColumn[]): void => {
    priced.forEach((c, x) => {
      let pi = 0;
      for (let i = 0; i < c.take.length; i += 2) pi += full[c.take[i]] * c.take[i + 1];
      add(x, c.take, c.value + pi);
    });
  };
  for (const c of opts.seed ?? []) add(c.staffClass, c.take, c.cost);

  // centre: the start prices averaged per class
  let center = new Float64Array(K);
  {
    const cnt = new Float64Array(K);
    for (let d = 0; d < n; d++) ((center[classOf[d]] += start[d]), cnt[classOf[d]]++);
    for (let k = 0; k < K; k++) center[k] /= Math.max(1, cnt[k]);
  }
  let priced: PricedColumn[] = [];
  let full = expand(center);
  let best = lagrangeValue(bm, full, priced).value;
  let bestPrice = full;
  addPriced(full, priced);
  const trace: number[] = [best];
  const constant = -COVER_WEIGHTS.discontinuity * bm.nBoundChains;
  let delta = opts.delta;
  let rounds = 0;
  let timedOut = false;
  const g = new Float64Array(K);
  const y = new Float64Array(K);
  const lo = new Float64Array(K);
  const hi = new Float64Array(K);
  const last = new Float64Array(K);
  let by = new Float64Array(K);
  // the model's columns in class order, flattened once per round: column i of class x is classOff[x] ≤ i <
  // classOff[x + 1], its entries fst[i] ≤ t < fst[i + 1] (class row fks[t], share fvs[t]), cost fcc[i]
  let classOff = new Int32Array(X + 1);
  let fref = new Int32Array(0);
  let fst = new Int32Array(1);
  let fks = new Int32Array(0);
  let fvs = new Float64Array(0);
  let fcc = new Float64Array(0);
  const flatten = (): void => {
    const nc = pool.cost.length;
    classOff = new Int32Array(X + 1);
    // columns not at the model's optimum for AGE rounds are left out (bundle compression)
    let nnz = 0;
    for (let j = 0; j < nc; j++) {
      if (pool.age[j] > AGE) continue;
      classOff[pool.cls[j] + 1]++;
      nnz += pool.start[j + 1] - pool.start[j];
    }
    for (let x = 0; x < X; x++) classOff[x + 1] += classOff[x];
    const fill = classOff.slice(0, X);
    const order = new Int32Array(classOff[X]);
    for (let j = 0; j < nc; j++) if (pool.age[j] <= AGE) order[fill[pool.cls[j]]++] = j;
    fref = order;
    fst = new Int32Array(order.length + 1);
    fks = new Int32Array(nnz);
    fvs = new Float64Array(nnz);
    fcc = new Float64Array(order.length);
    let t = 0;
    for (let i = 0; i < order.length; i++) {
      const j = order[i];
      fcc[i] = pool.cost[j];
      for (let u = pool.start[j]; u < pool.start[j + 1]; u++, t++) ((fks[t] = pool.ks[u]), (fvs[t] = pool.vs[u]));
      fst[i + 1] = t;
    }
  };
  // the model's value at y and a supergradient into g
  const modelAt = (): number => {
    let v = 0;
    for (let k = 0; k < K; k++) ((v += b[k] * y[k]), (g[k] = b[k]));
    for (let x = 0; x < X; x++) {
      let low = 0;
      let arg = -1;
      for (let i = classOff[x]; i < classOff[x + 1]; i++) {
        let r = fcc[i];
        for (let t = fst[i]; t < fst[i + 1]; t++) r -= fvs[t] * y[fks[t]];
        if (r < low) ((low = r), (arg = i));
      }
      if (arg < 0) continue;
      v += size[x] * low;
      for (let t = fst[arg]; t < fst[arg + 1]; t++) g[fks[t]] -= size[x] * fvs[t];
    }
    return v;
  };
  while (rounds < opts.rounds) {
    const upper = opts.upper();
    if ((upper - best) / Math.max(1, Math.abs(upper)) <= opts.targetGap) break;
    if (Date.now() > opts.deadline) {
      timedOut = true;
      break;
    }
    rounds++;
    flatten();
    for (let k = 0; k < K; k++) {
      lo[k] = center[k] - delta;
      hi[k] = Math.min(cap[k], center[k] + delta);
      // warm start: the last model maximiser (kept in the box); the centre in the first round
      y[k] = Math.max(lo[k], Math.min(hi[k], rounds > 1 ? last[k] : center[k]));
    }
    let bv = -Infinity;
    for (let s = 0; s < opts.steps; s++) {
      const v = modelAt();
      if (v > bv) ((bv = v), by.set(y));
      let norm = 0;
      for (let k = 0; k < K; k++) {
        if ((y[k] <= lo[k] && g[k] < 0) || (y[k] >= hi[k] && g[k] > 0)) g[k] = 0;
        norm += g[k] * g[k];
      }
      if (norm === 0) break;
      const t = delta / Math.sqrt(norm) / Math.sqrt(s + 1);
      for (let k = 0; k < K; k++) y[k] = Math.max(lo[k], Math.min(hi[k], y[k] + t * g[k]));
    }
    last.set(by);
    const fr = new Float64Array(fref.length);
    // age the columns: those at (or within 1e-9 of) their class's minimum at the maximiser are active
    y.set(by);
    for (let i = 0; i < fref.length; i++) pool.age[fref[i]]++;
    for (let x = 0; x < X; x++) {
      let low = 0;
      for (let i = classOff[x]; i < classOff[x + 1]; i++) {
        let r = fcc[i];
        for (let t = fst[i]; t < fst[i + 1]; t++) r -= fvs[t] * y[fks[t]];
        fr[i] = r;
        if (r < low) low = r;
      }
      for (let i = classOff[x]; i < classOff[x + 1]; i++) if (fr[i] <= low + 1e-9) pool.age[fref[i]] = 0;
    }
    priced = [];
    full = expand(by);
    const value = lagrangeValue(bm, full, priced).value;
    addPriced(full, priced);
    trace.push(value);
    const predicted = bv + constant;
    if (value > best) {
      const gain = value - best;
      const promised = predicted - best;
      best = value;
      bestPrice = full;
      center = by;
      by = new Float64Array(K);
      if (gain > 0.5 * promised) delta *= 1.5;
    } else delta = Math.max(0.5, delta * 0.7);
  }
  return { bound: best, price: bestPrice, rounds, timedOut, trace };
}
