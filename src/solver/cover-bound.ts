// Proven lower bound of the cover cost by Lagrangian relaxation (拉格朗日松弛) of "every duty has exactly one
// holder". With a price π_d per duty the problem splits into one exact problem per staff member — choose a
// weekly set of non-overlapping duties (runs of a group's blocks, club days, pickups) within maxPeriodsPerWeek,
// minimising Σ(preference cost − π) + discontinuity per run + (load in periods)² — solved by an interval DP
// over the day with load as a state and a min-plus convolution over days; plus a "nobody" holder per duty.
// For every π, L(π) = Σπ − W_D·#chains + Σ_staff min + min_nobody ≤ optimum. Prices start from the flow's duals
// and improve by subgradient steps.
//
// Relaxations used (each only lowers the bound, so it stays valid): a chain is cut where two consecutive
// blocks do not touch in time (that pair's discontinuity is dropped); a club meeting on several days may be
// taken on some of its days only (its price split evenly over the days); load minutes may be rounded down to a
// coarser grain when the exact grain would need too many states.
import {
  blockCategory,
  CAT_GRADE,
  CAT_HOMEROOM,
  CAT_OTHER,
  categoryCost,
  COVER_WEIGHTS,
  DUTY_BLOCK,
  loadCost,
  type CoverModel,
} from './cover-model.js';

const INF = Number.POSITIVE_INFINITY;
const MAX_DAY_STATES = 160;

export type BoundModel = {
  readonly model: CoverModel;
  readonly nBoundChains: number;
  /** grain in minutes and per item its length in grains (rounded down) */
  readonly grain: number;
  // segments = contiguous runs (i..j) of a bound chain
  readonly nSegs: number;
  readonly segDuties: readonly Int32Array[];
  readonly segShape: Int32Array;
  /** static preference cost per category: segCat[seg·3 + cat] */
  readonly segCat: Float64Array;
  readonly segGrades: Int32Array;
  // shapes: (day, start, end) of a segment
  readonly nShapes: number;
  readonly shapeDay: Int32Array;
  readonly shapeStartIdx: Int32Array;
  readonly shapeEndIdx: Int32Array;
  readonly shapeLen: Int32Array;
  readonly shapesOfDay: readonly Int32Array[];
  /** per staff: segments whose group has it as homeroom */
  readonly homeSegs: readonly Int32Array[];
  // per day time points
  readonly dayTimes: readonly Int32Array[];
  readonly dayMaxGrains: Int32Array;
  // clubs and pickups: per day, the (duty, startIdx, endIdx, len, share) items
  readonly otherItems: readonly { readonly duty: number; readonly startIdx: number; readonly endIdx: number; readonly len: number; readonly share: number }[][];
  /** bound chains for the nobody holder: duty lists */
  readonly boundChains: readonly Int32Array[];
};

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};

export function compileBound(m: CoverModel): BoundModel {
  const nS = m.nStaff;
  // bound chains: model chains cut where blocks do not touch
  const boundChains: Int32Array[] = [];
  for (let c = 0; c < m.nChains; c++) {
    let cur: number[] = [];
    for (let i = m.chainOffset[c]; i < m.chainOffset[c + 1]; i++) {
      const d = m.chainDuty[i];
      if (cur.length > 0 && m.end[cur[cur.length - 1]] !== m.start[d]) {
        boundChains.push(Int32Array.from(cur));
        cur = [];
      }
      cur.push(d);
    }
    if (cur.length > 0) boundChains.push(Int32Array.from(cur));
  }
  // time points per day and grain
  const timeSets: Set<number>[] = Array.from({ length: 7 }, () => new Set());
  let g0 = 0;
  for (let d = 0; d < m.nDuties; d++) {
    const len = m.end[d] - m.start[d];
    if (len > 0) g0 = gcd(g0, len);
    for (let day = 0; day < 7; day++) {
      if (!(m.dayMask[d] & (1 << day))) continue;
      timeSets[day].add(m.start[d]);
      timeSets[day].add(m.end[d]);
    }
  }
  const dayTimes = timeSets.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
  let span = 0;
  for (const t of dayTimes) if (t.length > 0) span = Math.max(span, t[t.length - 1] - t[0]);
  let grain = Math.max(1, g0);
  if (span / grain > MAX_DAY_STATES) grain = Math.ceil(span / MAX_DAY_STATES);
  const dayMaxGrains = new Int32Array(7);
  dayTimes.forEach((t, day) => (dayMaxGrains[day] = t.length > 0 ? Math.floor((t[t.length - 1] - t[0]) / grain) : 0));
  const timeIdx = (day: number, t: number): number => {
    const arr = dayTimes[day];
    let lo = 0;
    let hi = arr.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // segments and shapes
  const shapeKey = new Map<string, number>();
  const shapeDay: number[] = [];
  const shapeStartIdx: number[] = [];
  const shapeEndIdx: number[] = [];
  const shapeLen: number[] = [];
  const segDuties: Int32Array[] = [];
  const segShape: number[] = [];
  const segCat: number[] = [];
  const segGrades: number[] = [];
  const homeLists: number[][] = Array.from({ length: nS }, () => []);
  for (const bc of boundChains) {
    const first = bc[0];
    const day = m.dutyDay[first];
    const homerooms = m.duties[first].homerooms;
    for (let i = 0; i < bc.length; i++) {
      const cat = [0, 0, 0];
      for (let j = i; j < bc.length; j++) {
        const d = bc[j];
        for (let k = 0; k < 3; k++) cat[k] += categoryCost(m.study[d] === 1, k);
        const a = m.start[bc[i]];
        const b = m.end[d];
        const key = `${day}:${a}:${b}`;
        let sh = shapeKey.get(key);
        if (sh === undefined) {
          sh = shapeDay.length;
          shapeKey.set(key, sh);
          shapeDay.push(day);
          shapeStartIdx.push(timeIdx(day, a));
          shapeEndIdx.push(timeIdx(day, b));
          shapeLen.push(Math.floor((b - a) / grain));
        }
        const seg = segDuties.length;
        segDuties.push(bc.subarray(i, j + 1));
        segShape.push(sh);
        segCat.push(cat[0], cat[1], cat[2]);
        segGrades.push(m.dutyGradeMask[first]);
        for (const h of homerooms) if (h >= 0 && h < nS) homeLists[h].push(seg);
      }
    }
  }
  const nShapes = shapeDay.length;
  const shapesOfDay = Array.from({ length: 7 }, (_, day) => Int32Array.from(shapeDay.flatMap((d, i) => (d === day ? [i] : []))));

  const otherItems: { duty: number; startIdx: number; endIdx: number; len: number; share: number }[][] = Array.from({ length: 7 }, () => []);
  for (let d = 0; d < m.nDuties; d++) {
    if (m.kind[d] === DUTY_BLOCK) continue;
    let nd = 0;
    for (let x = m.dayMask[d]; x; x &= x - 1) nd++;
    for (let day = 0; day < 7; day++) {
      if (!(m.dayMask[d] & (1 << day))) continue;
      otherItems[day].push({
        duty: d,
        startIdx: timeIdx(day, m.start[d]),
        endIdx: timeIdx(day, m.end[d]),
        len: Math.floor((m.end[d] - m.start[d]) / grain),
        share: 1 / nd,
      });
    }
  }

  return {
    model: m,
    nBoundChains: boundChains.length,
    grain,
    nSegs: segDuties.length,
    segDuties,
    segShape: Int32Array.from(segShape),
    segCat: Float64Array.from(segCat),
    segGrades: Int32Array.from(segGrades),
    nShapes,
    shapeDay: Int32Array.from(shapeDay),
    shapeStartIdx: Int32Array.from(shapeStartIdx),
    shapeEndIdx: Int32Array.from(shapeEndIdx),
    shapeLen: Int32Array.from(shapeLen),
    shapesOfDay,
    homeSegs: homeLists.map((l) => Int32Array.from(l)),
    dayTimes,
    dayMaxGrains,
    otherItems,
    boundChains,
  };
}

export type LagrangeValue = {
  /** L(π), a lower bound on the optimal cost */
  readonly value: number;
  /** 1 − (number of holders the relaxed solution gives each duty) */
  readonly subgradient: Float64Array;
};

/** L(π): exact minimum of the relaxed problem at prices π (cost units per duty). */
export function lagrangeValue(bm: BoundModel, price: Float64Array): LagrangeValue {
  const m = bm.model;
  const nS = m.nStaff;
  const W = COVER_WEIGHTS;
  const cover = new Float64Array(m.nDuties);

  // segment costs per category at these prices
  const segCost = new Float64Array(bm.nSegs * 3);
  for (let k = 0; k < bm.nSegs; k++) {
    let pi = 0;
    for (const d of bm.segDuties[k]) pi += price[d];
    for (let c = 0; c < 3; c++) segCost[k * 3 + c] = bm.segCat[k * 3 + c] - pi + W.discontinuity;
  }
  // per shape: min over segments as "other" and per grade as "grade teacher"
  const shapeOther = new Float64Array(bm.nShapes).fill(INF);
  const shapeOtherSeg = new Int32Array(bm.nShapes).fill(-1);
  const G = 31;
  const shapeGrade = new Float64Array(bm.nShapes * G).fill(INF);
  const shapeGradeSeg = new Int32Array(bm.nShapes * G).fill(-1);
  for (let k = 0; k < bm.nSegs; k++) {
    const sh = bm.segShape[k];
    const co = segCost[k * 3 + CAT_OTHER];
    if (co < shapeOther[sh]) ((shapeOther[sh] = co), (shapeOtherSeg[sh] = k));
    const cg = segCost[k * 3 + CAT_GRADE];
    for (let gm = bm.segGrades[k]; gm; gm &= gm - 1) {
      const g = 31 - Math.clz32(gm & -gm);
      const i = sh * G + g;
      if (cg < shapeGrade[i]) ((shapeGrade[i] = cg), (shapeGradeSeg[i] = k));
    }
  }

  // scratch for one staff member
  const maxT = Math.max(1, ...bm.dayTimes.map((t) => t.length));
  const maxL = Math.max(0, ...bm.dayMaxGrains) + 1;
  const V: Float64Array[] = Array.from({ length: 7 }, () => new Float64Array(maxT * maxL));
  const CH: Int32Array[] = Array.from({ length: 7 }, () => new Int32Array(maxT * maxL));
  const cap = (day: number): number => bm.shapesOfDay[day].length + bm.otherItems[day].length + 1;
  const itemStart: Int32Array[] = Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day)));
  const itemEnd: Int32Array[] = Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day)));
  const itemLen: Int32Array[] = Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day)));
  const itemCost: Float64Array[] = Array.from({ length: 7 }, (_, day) => new Float64Array(cap(day)));
  /** ≥ 0: segment index; < 0: −1 − duty (club or pickup) */
  const itemRef: Int32Array[] = Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day)));
  const shapeBest = new Float64Array(bm.nShapes);
  const shapeBestSeg = new Int32Array(bm.nShapes);
  const totalL = bm.dayMaxGrains.reduce((a, b) => a + b, 0) + 1;
  let Wk = new Float64Array(totalL);
  let Wn = new Float64Array(totalL);
  const WCH: Int32Array[] = Array.from({ length: 7 }, () => new Int32Array(totalL));
  const dayLast = new Int32Array(7);

  let staffSum = 0;
  for (let s = 0; s < nS; s++) {
    if (!m.active[s]) continue;
    const insider = m.insider[s] === 1;
    // homeroom segments: best per shape
    const home = bm.homeSegs[s];
    let Wmax = 0;
    Wk.fill(INF, 0, totalL);
    Wk[0] = 0;
    const usedDays: number[] = [];
    for (let day = 0; day < 7; day++) {
      if (m.unavailable[s] & (1 << day)) continue;
      const times = bm.dayTimes[day];
      if (times.length === 0) continue;
      let n = 0;
      const iS = itemStart[day];
      const iE = itemEnd[day];
      const iL = itemLen[day];
      const iC = itemCost[day];
      const iR = itemRef[day];
      if (insider) {
        const shapes = bm.shapesOfDay[day];
        for (let x = 0; x < shapes.length; x++) {
          const sh = shapes[x];
          let best = shapeOther[sh];
          let seg = shapeOtherSeg[sh];
          for (let gm = m.gradeMask[s]; gm; gm &= gm - 1) {
            const g = 31 - Math.clz32(gm & -gm);
            const v = shapeGrade[sh * G + g];
            if (v < best) ((best = v), (seg = shapeGradeSeg[sh * G + g]));
          }
          shapeBest[sh] = best;
          shapeBestSeg[sh] = seg;
        }
        for (let x = 0; x < home.length; x++) {
          const k = home[x];
          const sh = bm.segShape[k];
          if (bm.shapeDay[sh] !== day) continue;
          const v = segCost[k * 3 + CAT_HOMEROOM];
          if (v < shapeBest[sh]) ((shapeBest[sh] = v), (shapeBestSeg[sh] = k));
        }
        for (let x = 0; x < shapes.length; x++) {
          const sh = shapes[x];
          if (!(shapeBest[sh] < -1e-12)) continue;
          iS[n] = bm.shapeStartIdx[sh];
          iE[n] = bm.shapeEndIdx[sh];
          iL[n] = bm.shapeLen[sh];
          iC[n] = shapeBest[sh];
          iR[n] = shapeBestSeg[sh];
          n++;
        }
      }
      for (const it of bm.otherItems[day]) {
        if (!m.eligible[it.duty * nS + s]) continue;
        const c = -price[it.duty] * it.share;
        if (!(c < -1e-12)) continue;
        iS[n] = it.startIdx;
        iE[n] = it.endIdx;
        iL[n] = it.len;
        iC[n] = c;
        iR[n] = -1 - it.duty;
        n++;
      }
      if (n === 0) continue;
      // interval DP with load state: V[t·L + l] = best cost of items ending by time point t with load l
      const L = bm.dayMaxGrains[day] + 1;
      const T = times.length;
      const v = V[day];
      const ch = CH[day];
      v.fill(INF, 0, T * L);
      v[0] = 0;
      ch[0] = -2;
      for (let t = 1; t < T; t++) {
        const row = t * L;
        const prev = row - L;
        for (let l = 0; l < L; l++) {
          v[row + l] = v[prev + l];
          ch[row + l] = -1;
        }
        for (let i = 0; i < n; i++) {
          if (iE[i] !== t) continue;
          const srow = iS[i] * L;
          const len = iL[i];
          const cost = iC[i];
          for (let l = 0; l + len < L; l++) {
            const base = v[srow + l];
            if (base === INF) continue;
            const val = base + cost;
            if (val < v[row + l + len]) {
              v[row + l + len] = val;
              ch[row + l + len] = i;
            }
          }
        }
      }
      // min-plus convolution with the week so far (Pareto points of the day only)
      const lastRow = (T - 1) * L;
      dayLast[day] = T - 1;
      Wn.fill(INF, 0, totalL);
      const wch = WCH[day];
      let bestSoFar = INF;
      for (let l = 0; l < L; l++) {
        const c = v[lastRow + l];
        if (!(c < bestSoFar)) continue;
        bestSoFar = c;
        for (let w = 0; w <= Wmax; w++) {
          if (Wk[w] === INF) continue;
          const val = Wk[w] + c;
          if (val < Wn[w + l]) {
            Wn[w + l] = val;
            wch[w + l] = l;
          }
        }
      }
      Wmax += L - 1;
      const tmp = Wk;
      Wk = Wn;
      Wn = tmp;
      usedDays.push(day);
    }
    // add the convex load cost, respect maxPeriodsPerWeek
    let best = 0; // taking nothing
    let bestW = -1;
    for (let w = 1; w <= Wmax; w++) {
      if (Wk[w] === INF) continue;
      if (w * bm.grain > m.maxMinutes[s] + 1e-9) break;
      const val = Wk[w] + loadCost(m, w * bm.grain);
      if (val < best) ((best = val), (bestW = w));
    }
    if (Wk[0] < best && Wk[0] !== INF) ((best = Wk[0]), (bestW = 0));
    staffSum += best;
    if (bestW < 0) continue;
    // reconstruct: days backwards, then items within each day
    let w = bestW;
    for (let x = usedDays.length - 1; x >= 0; x--) {
      const day = usedDays[x];
      const l0 = WCH[day][w];
      w -= l0;
      const L = bm.dayMaxGrains[day] + 1;
      let t = dayLast[day];
      let l = l0;
      const v = CH[day];
      while (t > 0) {
        const c = v[t * L + l];
        if (c === -1) {
          t--;
          continue;
        }
        if (c < 0) break;
        const ref = itemRef[day][c];
        if (ref >= 0) for (const d of bm.segDuties[ref]) cover[d] += 1;
        else cover[-1 - ref] += itemShare(bm, day, -1 - ref);
        l -= itemLen[day][c];
        t = itemStart[day][c];
      }
    }
  }

  // nobody holds it: per bound chain a DP over (last block uncovered?) with a discontinuity per uncovered run
  let nobody = 0;
  for (const bc of bm.boundChains) {
    let f0 = 0; // last block held by someone
    let f1 = INF; // last block uncovered
    const n = bc.length;
    const from1 = new Uint8Array(n); // f1 at i came from f1 (1) or f0 (0)
    const from0 = new Uint8Array(n); // f0 at i came from f1 (1) or f0 (0)
    for (let i = 0; i < n; i++) {
      const c = W.uncovered - price[bc[i]];
      const a0 = f0 + W.discontinuity + c;
      const a1 = f1 + c;
      const n1 = a1 < a0 ? a1 : a0;
      from1[i] = a1 < a0 ? 1 : 0;
      const n0 = f1 < f0 ? f1 : f0;
      from0[i] = f1 < f0 ? 1 : 0;
      f0 = n0;
      f1 = n1;
    }
    let state = f1 < f0 ? 1 : 0;
    nobody += state ? f1 : f0;
    for (let i = n - 1; i >= 0; i--) {
      if (state === 1) {
        cover[bc[i]] += 1;
        state = from1[i];
      } else state = from0[i];
    }
  }
  for (let d = 0; d < m.nDuties; d++) {
    if (m.kind[d] === DUTY_BLOCK) continue;
    const c = W.uncovered - price[d];
    if (c < 0) {
      nobody += c;
      cover[d] += 1;
    }
  }

  let sumPrice = 0;
  for (let d = 0; d < m.nDuties; d++) sumPrice += price[d];
  const value = sumPrice - W.discontinuity * bm.nBoundChains + staffSum + nobody;
  const subgradient = new Float64Array(m.nDuties);
  for (let d = 0; d < m.nDuties; d++) subgradient[d] = 1 - cover[d];
  return { value, subgradient };
}

function itemShare(bm: BoundModel, day: number, duty: number): number {
  for (const it of bm.otherItems[day]) if (it.duty === duty) return it.share;
  return 1;
}

/** Prices from a plan: per chain its flow dual spread over its blocks by minutes (plus the chain's
 * discontinuity constant), per club/pickup the holder's marginal load cost; uncovered duties W_U. */
export function initialPrices(
  bm: BoundModel,
  holder: Int32Array,
  load: Float64Array,
  chainPrice: Float64Array,
): Float64Array {
  const m = bm.model;
  const W = COVER_WEIGHTS;
  const price = new Float64Array(m.nDuties);
  // bound chains per model chain
  const boundChainsIn = new Int32Array(m.nChains);
  for (const bc of bm.boundChains) boundChainsIn[m.dutyChain[bc[0]]]++;
  for (let c = 0; c < m.nChains; c++) {
    const a = m.chainOffset[c];
    const b = m.chainOffset[c + 1];
    let minutes = 0;
    for (let i = a; i < b; i++) minutes += m.minutes[m.chainDuty[i]];
    let total = chainPrice[c];
    if (!Number.isFinite(total)) {
      // no flow price: the holders' marginal cost
      total = 0;
      for (let i = a; i < b; i++) total += marginal(m, holder, load, m.chainDuty[i]);
    }
    total += W.discontinuity * boundChainsIn[c];
    for (let i = a; i < b; i++) {
      const d = m.chainDuty[i];
      price[d] = minutes > 0 ? (total * m.minutes[d]) / minutes : total / (b - a);
    }
  }
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] !== DUTY_BLOCK) price[d] = marginal(m, holder, load, d);
  return price;
}

/** Cost of the duty to its holder: preference cost + the load cost it adds (W_U when uncovered). */
export function marginal(m: CoverModel, holder: Int32Array, load: Float64Array, d: number): number {
  const s = holder[d];
  if (s < 0) return COVER_WEIGHTS.uncovered;
  const pref = m.kind[d] === DUTY_BLOCK ? categoryCost(m.study[d] === 1, blockCategory(m, d, s)) : 0;
  return pref + loadCost(m, load[s]) - loadCost(m, load[s] - m.minutes[d]);
}

/** Maximise L(π) by Polyak subgradient steps toward the plan's cost `upper`; returns the best bound found. */
export function improveBound(
  bm: BoundModel,
  start: Float64Array,
  upper: () => number,
  deadline: number,
  maxIter: number,
  targetGap: number,
): { readonly bound: number; readonly iterations: number; readonly timedOut: boolean; readonly price: Float64Array } {
  let price = start.slice();
  let bestPrice = price.slice();
  let { value, subgradient } = lagrangeValue(bm, price);
  let best = value;
  let theta = 0.5;
  let stall = 0;
  let iter = 0;
  let timedOut = false;
  const gapOf = (lb: number): number => (upper() - lb) / Math.max(1, Math.abs(upper()));
  while (iter < maxIter && gapOf(best) > targetGap) {
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    let norm = 0;
    for (let d = 0; d < subgradient.length; d++) norm += subgradient[d] * subgradient[d];
    if (norm === 0) break; // the relaxed solution is a plan: L(π) is its cost, nothing to improve
    const step = (theta * Math.max(upper() - value, 1e-6 * Math.max(1, Math.abs(upper())))) / norm;
    const next = price.slice();
    for (let d = 0; d < next.length; d++) next[d] += step * subgradient[d];
    price = next;
    ({ value, subgradient } = lagrangeValue(bm, price));
    iter++;
    if (value > best + 1e-9) {
      best = value;
      bestPrice = price.slice();
      stall = 0;
    } else if (++stall >= 4) {
      theta /= 2;
      stall = 0;
      price = bestPrice.slice();
      ({ value, subgradient } = lagrangeValue(bm, price));
      if (theta < 1e-3) break;
    }
  }
  return { bound: best, iterations: iter, timedOut, price: bestPrice };
}
