// A Lagrangian relaxation of the whole club stage (校级社团), the bound and the guide of club-stage.ts: the
// coupling constraints of the stage's MILP (club-model.ts) are priced instead of enforced —
//   each student type t: members of its clubs ≤ its students (price π_t ∈ [0, 100·weight], the value of placing
//   one more of its students), and the R2 / P5 cliques (one club per room, and per leader, at each weekday and
//   club-block instant; price λ ≥ 0) —
// so the stage falls apart into one small problem per club: closed, or a day set with a room and a leader, and the
// students of the types that attend those days with the most negative reduced cost (weight·rank² − π_t), at
// least its minimum and at most its seats. Each club's problem is solved exactly (sorted reduced costs), so for
// any prices the sum is a proven lower bound on clubCost (maxPeriodsPerWeek, the insider rows, the per-student
// weekday rule of clubsPerStudent > 1 and clubsPerStudent itself are dropped: a relaxation stays a relaxation).
// The prices are improved by projected subgradient steps (Polyak, against the best plan known) for a fixed number
// of iterations: deterministic. The clubs' choices at good prices also show which clubs to open on which days;
// the stage completes them into whole plans (`onChoice`). Imports only compile.js (no cycle with club-stage.ts).
import { daysOf, type Compiled } from '../compile.js';

/** What the relaxation reads of the prepared stage (club-stage.ts `Prep` has these fields). */
export type LagrangeInput = {
  readonly c: Compiled;
  readonly opts: readonly (readonly { readonly mask: number; readonly rooms: readonly number[]; readonly leaders: readonly number[] }[])[];
  readonly T: number;
  readonly typeStudents: readonly (readonly number[])[];
  readonly typeWeight: Int32Array;
  readonly typeDays: Int32Array;
  /** per type: [club, rank] pairs */
  readonly typeElig: readonly Int32Array[];
  /** per club: [type, pair index] */
  readonly clubTypes: readonly Int32Array[];
  readonly pinned: readonly (readonly number[])[];
  readonly pinCost: number;
  readonly outside: number;
};

/** The clubs' choices at one set of prices: option per club (−1 closed) and the members per type and pair. */
export type LagrangeChoice = {
  readonly option: Int32Array;
  readonly room: Int32Array;
  readonly typeFlow: readonly Int32Array[];
  readonly clubFlow: Int32Array;
};

export type LagrangeResult = {
  /** proven lower bound on clubCost (the best relaxation value, rounded up: clubCost is an integer) */
  readonly bound: number;
  readonly iterations: number;
  /** work done (pairs scanned), for the stage's budget */
  readonly work: number;
};

export type LagrangeOptions = {
  readonly iterations: number;
  /** the best plan's cost so far (the Polyak step's target); updated by onChoice's answers */
  readonly upper: number;
  /** every `every` iterations of the second half and at the end: complete the choice into a plan; returns its
   * cost (or Infinity) */
  readonly onChoice?: (choice: LagrangeChoice) => number;
  readonly every?: number;
  /** starting prices per type (clamped to [0, 100·weight]); default 100·weight */
  readonly price?: Float64Array;
};

/** Maximise the Lagrangian dual by subgradient steps; see the module comment. */
export function lagrangeBound(p: LagrangeInput, o: LagrangeOptions): LagrangeResult {
  const c = p.c;
  const nJ = c.nClubs;
  const T = p.T;
  // cliques: (room | nRooms + staff, weekday, club start instant) shared by options of at least two clubs
  const starts = [...new Set(Array.from(c.clubStart).filter((s) => s >= 0))].sort((a, b) => a - b);
  const cliqueId = new Map<string, number>();
  const cliqueClubs: Set<number>[] = [];
  const idOf = (res: number, d: number, s: number, j: number): number => {
    const key = `${res}_${d}_${s}`;
    let id = cliqueId.get(key);
    if (id === undefined) {
      cliqueId.set(key, (id = cliqueClubs.length));
      cliqueClubs.push(new Set());
    }
    cliqueClubs[id].add(j);
    return id;
  };
  const raw = (j: number, mask: number, res: number): number[] => {
    const out: number[] = [];
    for (const d of daysOf(mask)) for (const s of starts) if (c.clubStart[j] <= s && s < c.clubEnd[j]) out.push(idOf(res, d, s, j));
    return out;
  };
  // per club, option: per room / per leader, its cliques
  const roomCl: number[][][][] = [];
  const leadCl: number[][][][] = [];
  for (let j = 0; j < nJ; j++) {
    roomCl.push(p.opts[j].map((op) => op.rooms.map((r) => raw(j, op.mask, r))));
    leadCl.push(p.opts[j].map((op) => op.leaders.map((i) => raw(j, op.mask, c.nRooms + i))));
  }
  // keep the cliques of two or more clubs (one club's options exclude each other anyway)
  const useful = cliqueClubs.map((s) => s.size >= 2);
  const remap = new Int32Array(cliqueClubs.length).fill(-1);
  let nC = 0;
  for (let q = 0; q < useful.length; q++) if (useful[q]) remap[q] = nC++;
  const pack = (l: number[]): Int32Array => Int32Array.from(l.filter((q) => useful[q]).map((q) => remap[q]));
  const roomC = roomCl.map((a) => a.map((b) => b.map(pack)));
  const leadC = leadCl.map((a) => a.map((b) => b.map(pack)));

  const n = Float64Array.from({ length: T }, (_, t) => p.typeStudents[t].length);
  const top = Float64Array.from({ length: T }, (_, t) => 100 * p.typeWeight[t]);
  const pi = Float64Array.from(top, (v, t) => (o.price ? Math.min(v, Math.max(0, o.price[t])) : v));
  const lam = new Float64Array(nC);
  const pinnedN = p.pinned.map((l) => l.length);
  const constant = p.pinCost + p.outside;

  // buffers
  const maxPairs = Math.max(1, ...p.clubTypes.map((a) => a.length / 2));
  const orders = p.clubTypes.map((a) => Int32Array.from({ length: a.length / 2 }, (_, x) => x));
  const maxHi = p.opts.map((ops, j) => ops.map((op) => Math.max(0, ...op.rooms.map((r) => Math.min(c.clubMax[j], c.roomCap[r]) - p.pinned[j].length))));
  const rcOf = new Float64Array(maxPairs);
  const cumU = new Float64Array(maxPairs + 1);
  const cumC = new Float64Array(maxPairs + 1);
  const fU = new Int32Array(maxPairs); // filtered positions (into order) for the chosen option
  const choiceOpt = new Int32Array(nJ);
  const choiceRoom = new Int32Array(nJ);
  const choiceLead = new Int32Array(nJ);
  const choiceUnits = new Float64Array(nJ);
  const typeSum = new Float64Array(T);
  const cliqueSum = new Float64Array(nC);
  const typeFlow = p.typeElig.map((e) => new Int32Array(e.length / 2));
  const clubFlow = new Int32Array(nJ);

  /** cost of the m cheapest units in the filtered cumulative list (m ≤ total) */
  const costOf = (len: number, m: number): number => {
    // first index with cumU ≥ m
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumU[mid + 1] >= m) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= len) return cumC[len];
    return cumC[lo] + (m - cumU[lo]) * rcOf[fU[lo]];
  };

  // per club and pair: weight · rank²
  const clubCost = p.clubTypes.map((ct) => {
    const out = new Float64Array(ct.length / 2);
    for (let x = 0; x < out.length; x++) {
      const t = ct[2 * x];
      const rank = p.typeElig[t][2 * ct[2 * x + 1] + 1];
      out[x] = p.typeWeight[t] * rank * rank;
    }
    return out;
  });
  let work = 0;
  /** value of the relaxation at the current prices; fills the choice and the subgradient sums */
  const evaluate = (fill: boolean): number => {
    let L = constant;
    for (let t = 0; t < T; t++) L += pi[t] * n[t];
    for (let q = 0; q < nC; q++) L -= lam[q];
    typeSum.fill(0);
    cliqueSum.fill(0);
    for (let j = 0; j < nJ; j++) {
      const ct = p.clubTypes[j];
      const m = ct.length / 2;
      const ranks = clubCost[j];
      for (let x = 0; x < m; x++) rcOf[x] = ranks[x] - pi[ct[2 * x]];
      // the last iteration's order, re-sorted: prices move a little per step, so few pairs move
      const order = orders[j];
      resort(order, rcOf, m);
      const ops = p.opts[j];
      work += m * (1 + ops.length);
      const pins = pinnedN[j];
      const lo = Math.max(0, c.clubMin[j] - pins);
      let best = pins > 0 ? Infinity : 0;
      let bk = -1;
      let br = -1;
      let bl = -1;
      let bUnits = 0;
      for (let k = 0; k < ops.length; k++) {
        const op = ops[k];
        const mask = op.mask;
        // the sorted units of the types attending this option's days, as far as the largest room can hold (and
        // past the minimum): the rest is never taken
        const hiMax = maxHi[j][k];
        let len = 0;
        let neg = 0;
        for (let x = 0; x < m; x++) {
          const px = order[x];
          const t = ct[2 * px];
          if ((mask & ~p.typeDays[t]) !== 0) continue;
          const r = rcOf[px];
          if (r >= 0 && cumU[len] >= lo) break;
          fU[len] = px;
          cumU[len + 1] = cumU[len] + n[t];
          cumC[len + 1] = cumC[len] + n[t] * r;
          if (r < 0) neg = cumU[len + 1];
          len++;
          if (cumU[len] >= hiMax) break;
        }
        const total = cumU[len];
        let lead = Infinity;
        let li = -1;
        const lc = leadC[j][k];
        for (let q = 0; q < lc.length; q++) {
          let s = 0;
          const ids = lc[q];
          for (let z = 0; z < ids.length; z++) s += lam[ids[z]];
          if (s < lead) (lead = s), (li = q);
          if (lead <= 0) break; // prices are ≥ 0: nobody is cheaper
        }
        const rooms = op.rooms;
        const rc = roomC[j][k];
        for (let q = 0; q < rooms.length; q++) {
          const hi = Math.min(c.clubMax[j], c.roomCap[rooms[q]]) - pins;
          if (hi < lo) continue;
          const units = Math.max(Math.min(hi, neg), lo);
          if (units > total) continue;
          let v = costOf(len, units) + lead;
          if (v >= best) continue; // prices only add
          const ids = rc[q];
          for (let z = 0; z < ids.length; z++) v += lam[ids[z]];
          if (v < best) (best = v), (bk = k), (br = q), (bl = li), (bUnits = units);
        }
      }
      if (best === Infinity) best = 0; // a pinned club with no usable option: the stage reports its pins
      L += best;
      choiceOpt[j] = bk;
      choiceRoom[j] = bk >= 0 ? p.opts[j][bk].rooms[br] : -1;
      choiceLead[j] = bl;
      choiceUnits[j] = bk >= 0 ? bUnits : 0;
      if (bk < 0) continue;
      for (const id of roomC[j][bk][br]) cliqueSum[id]++;
      for (const id of leadC[j][bk][bl]) cliqueSum[id]++;
      // members: the cheapest units of the chosen option
      const mask = p.opts[j][bk].mask;
      let left = bUnits;
      for (let x = 0; x < m && left > 0; x++) {
        const px = order[x];
        const t = ct[2 * px];
        if ((mask & ~p.typeDays[t]) !== 0) continue;
        const take = Math.min(left, n[t]);
        left -= take;
        typeSum[t] += take;
        if (fill) typeFlow[t][ct[2 * px + 1]] = take;
      }
    }
    return L;
  };

  let upper = o.upper;
  let bestL = -Infinity;
  let theta = 2;
  let stall = 0;
  const every = o.every ?? 0;
  const bestPi = Float64Array.from(pi);
  const bestLam = Float64Array.from(lam);
  const choose = (): void => {
    if (!o.onChoice) return;
    for (const f of typeFlow) f.fill(0);
    evaluate(true);
    clubFlow.fill(0);
    for (let t = 0; t < T; t++) {
      const e = p.typeElig[t];
      for (let q = 0; q < typeFlow[t].length; q++) clubFlow[e[2 * q]] += typeFlow[t][q];
    }
    upper = Math.min(upper, o.onChoice({ option: Int32Array.from(choiceOpt), room: Int32Array.from(choiceRoom), typeFlow: typeFlow.map((f) => Int32Array.from(f)), clubFlow: Int32Array.from(clubFlow) }));
  };
  const dirT = new Float64Array(T);
  const dirC = new Float64Array(nC);
  let it = 0;
  for (; it < o.iterations; it++) {
    const L = evaluate(false);
    if (L > bestL + 1e-9) {
      bestL = L;
      bestPi.set(pi);
      bestLam.set(lam);
      stall = 0;
    } else if (++stall >= STALL) {
      theta /= 2;
      stall = 0;
    }
    if (every > 0 && it >= o.iterations / 2 && it % every === 0) choose();
    if (Math.ceil(bestL - 1e-6) >= upper) break; // the plan is proven optimal
    // subgradient, deflected by the last direction (smoother steps), projected on the price box
    let norm = 0;
    for (let t = 0; t < T; t++) {
      let g = n[t] - typeSum[t] + DEFLECT * dirT[t];
      if ((g > 0 && pi[t] >= top[t]) || (g < 0 && pi[t] <= 0)) g = 0;
      dirT[t] = g;
      norm += g * g;
    }
    for (let q = 0; q < nC; q++) {
      let g = cliqueSum[q] - 1 + DEFLECT * dirC[q];
      if (g < 0 && lam[q] <= 0) g = 0;
      dirC[q] = g;
      norm += g * g;
    }
    if (norm === 0) break; // nothing to improve along the subgradient
    const gap = Number.isFinite(upper) ? Math.max(upper - L, 1) : Math.max(1, Math.abs(L) * 0.05);
    const step = (theta * gap) / norm;
    for (let t = 0; t < T; t++) pi[t] = Math.min(top[t], Math.max(0, pi[t] + step * dirT[t]));
    for (let q = 0; q < nC; q++) lam[q] = Math.max(0, lam[q] + step * dirC[q]);
    if (theta < 1e-4) break;
  }
  // the choice at the best prices
  pi.set(bestPi);
  lam.set(bestLam);
  choose();
  // float sums of up to ~10⁵ terms: a tiny margin keeps the rounded-up bound valid
  const bound = bestL === -Infinity ? 0 : Math.ceil(bestL - 1e-6 - 1e-9 * Math.abs(bestL));
  return { bound, iterations: it, work };
}

/** share of the last direction kept in the next (deflected subgradient: fewer zig-zags, measured on longhutang:
 * within 0.02 % of the LP bound in 250 iterations, against 1 % without) */
const DEFLECT = 0.6;
/** iterations without a better bound before the step halves */
const STALL = 12;

/** insertion sort of idx[0..m) by key[idx] ascending, ties by index, from the given order; gives up (false, idx a
 * permutation still) once it has moved more than `limit` entries */
function insertionSort(idx: Int32Array, key: Float64Array, m: number, limit: number): boolean {
  let moves = 0;
  for (let i = 1; i < m; i++) {
    const v = idx[i];
    const kv = key[v];
    let q = i - 1;
    while (q >= 0 && (key[idx[q]] > kv || (key[idx[q]] === kv && idx[q] > v))) {
      idx[q + 1] = idx[q];
      q--;
      moves++;
    }
    idx[q + 1] = v;
    if (moves > limit) return false;
  }
  return true;
}

/** sort idx[0..m) by key[idx] ascending, ties by index: insertion sort from the given order while it moves few
 * entries, else a bottom-up merge */
function resort(idx: Int32Array, key: Float64Array, m: number): void {
  if (!insertionSort(idx, key, m, 2 * m + 16)) sortByKey(idx, key, m);
}

/** sort idx[0..m) by key[idx] ascending, ties by index (insertion sort below 24, else a bottom-up merge) */
const tmp: { a: Int32Array } = { a: new Int32Array(64) };
function sortByKey(idx: Int32Array, key: Float64Array, m: number): void {
  if (m < 24) {
    insertionSort(idx, key, m, Infinity);
    return;
  }
  if (tmp.a.length < m) tmp.a = new Int32Array(2 * m);
  let src = idx;
  let dst = tmp.a;
  for (let w = 1; w < m; w *= 2) {
    for (let lo = 0; lo < m; lo += 2 * w) {
      const mid = Math.min(lo + w, m);
      const hi = Math.min(lo + 2 * w, m);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        const x = src[a];
        const y = src[b];
        if (key[x] < key[y] || (key[x] === key[y] && x < y)) (dst[o++] = x), a++;
        else (dst[o++] = y), b++;
      }
      while (a < mid) dst[o++] = src[a++];
      while (b < hi) dst[o++] = src[b++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== idx) idx.set(src.subarray(0, m));
}
