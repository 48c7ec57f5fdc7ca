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
  DUTY_CLUB,
  loadCost,
  dutiesClash,
  type CoverModel,
} from './model.js';

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
  /** active staff in classes of identical subproblems: a representative and the class size */
  readonly classRep: Int32Array;
  readonly classSize: Int32Array;
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
    for (let i = 0; i < bc.length; i++) {
      const cat = [0, 0, 0];
      // a segment counts as grade teacher / homeroom for staff of ANY of its blocks' grades / homerooms: every
      // block then costs at most its true cost (the blocks of one group normally share both)
      let grades = 0;
      const homerooms = new Set<number>();
      for (let j = i; j < bc.length; j++) {
        const d = bc[j];
        grades |= m.dutyGradeMask[d];
        for (const h of m.duties[d].homerooms) homerooms.add(h);
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
        segGrades.push(grades);
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

  // staff with identical subproblems (same availability, grades, load bound, eligibility; no homeroom groups)
  const classOf = new Map<string, number>();
  const classRep: number[] = [];
  const classSize: number[] = [];
  const others: number[] = [];
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] !== DUTY_BLOCK) others.push(d);
  for (let s = 0; s < nS; s++) {
    if (!m.active[s]) continue;
    const key =
      homeLists[s].length > 0
        ? `h${s}`
        : `${m.insider[s]}:${m.unavailable[s]}:${m.gradeMask[s]}:${m.maxMinutes[s]}:${others.filter((d) => m.eligible[d * nS + s]).join(',')}`;
    const k = classOf.get(key);
    if (k === undefined) {
      classOf.set(key, classRep.length);
      classRep.push(s);
      classSize.push(1);
    } else classSize[k]++;
  }

  return {
    model: m,
    classRep: Int32Array.from(classRep),
    classSize: Int32Array.from(classSize),
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
/** A staff class's best schedule at the prices: its reduced value and the duties it takes (duty, share) pairs. */
export type PricedColumn = { readonly value: number; readonly take: readonly number[] };

export function lagrangeValue(bm: BoundModel, price: Float64Array, columns?: PricedColumn[]): LagrangeValue {
  const m = bm.model;
  const nS = m.nStaff;
  const W = COVER_WEIGHTS;
  const ws = workspaceOf(bm);
  const cover = new Float64Array(m.nDuties);

  // segment costs per category at these prices
  const segCost = ws.segCost;
  for (let k = 0; k < bm.nSegs; k++) {
    let pi = 0;
    const ds = bm.segDuties[k];
    for (let i = 0; i < ds.length; i++) pi += price[ds[i]];
    const base = W.discontinuity - pi;
    segCost[k * 3] = bm.segCat[k * 3] + base;
    segCost[k * 3 + 1] = bm.segCat[k * 3 + 1] + base;
    segCost[k * 3 + 2] = bm.segCat[k * 3 + 2] + base;
  }
  // per shape: min over segments as "other" and per grade as "grade teacher"
  const G = 31;
  const { shapeOther, shapeOtherSeg, shapeGrade, shapeGradeSeg } = ws;
  shapeOther.fill(INF);
  shapeGrade.fill(INF);
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

  let staffSum = 0;
  for (let x = 0; x < bm.classRep.length; x++) {
    const s = bm.classRep[x];
    const size = bm.classSize[x];
    const take: number[] | undefined = columns ? [] : undefined;
    const v = staffMin(bm, ws, s, price, cover, size, take);
    staffSum += size * v;
    if (columns) columns[x] = { value: v, take: take! };
  }

  // nobody holds it: per bound chain a DP over (last block uncovered?) with a discontinuity per uncovered run
  let nobody = 0;
  const from0 = ws.from0;
  const from1 = ws.from1;
  for (const bc of bm.boundChains) {
    let f0 = 0; // last block held by someone
    let f1 = INF; // last block uncovered
    const n = bc.length;
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
  void nS;
  return { value, subgradient };
}

type Workspace = {
  readonly segCost: Float64Array;
  readonly shapeOther: Float64Array;
  readonly shapeOtherSeg: Int32Array;
  readonly shapeGrade: Float64Array;
  readonly shapeGradeSeg: Int32Array;
  readonly shapeBest: Float64Array;
  readonly shapeBestSeg: Int32Array;
  readonly V: Float64Array[];
  readonly CH: Int32Array[];
  readonly itemStart: Int32Array[];
  readonly itemEnd: Int32Array[];
  readonly itemLen: Int32Array[];
  readonly itemCost: Float64Array[];
  /** ≥ 0: segment index; < 0: −1 − duty (club or pickup) */
  readonly itemRef: Int32Array[];
  readonly itemShare: Float64Array[];
  pl: Int32Array;
  pc: Float64Array;
  nl: Int32Array;
  nc: Float64Array;
  readonly denseCost: Float64Array;
  readonly densePrev: Int32Array;
  readonly denseDay: Int32Array;
  readonly backPrev: Int32Array[];
  readonly backDay: Int32Array[];
  readonly from0: Uint8Array;
  readonly from1: Uint8Array;
  /** loadCost(w grains) */
  readonly fTab: Float64Array;
};

const workspaces = new WeakMap<BoundModel, Workspace>();

function workspaceOf(bm: BoundModel): Workspace {
  let ws = workspaces.get(bm);
  if (ws) return ws;
  const maxT = Math.max(1, ...bm.dayTimes.map((t) => t.length));
  const maxL = Math.max(0, ...bm.dayMaxGrains) + 1;
  const cap = (day: number): number => bm.shapesOfDay[day].length + bm.otherItems[day].length + 1;
  const totalL = bm.dayMaxGrains.reduce((a, b) => a + b, 0) + 8;
  let longest = 1;
  for (const bc of bm.boundChains) longest = Math.max(longest, bc.length);
  ws = {
    segCost: new Float64Array(bm.nSegs * 3),
    shapeOther: new Float64Array(bm.nShapes),
    shapeOtherSeg: new Int32Array(bm.nShapes),
    shapeGrade: new Float64Array(bm.nShapes * 31),
    shapeGradeSeg: new Int32Array(bm.nShapes * 31),
    shapeBest: new Float64Array(bm.nShapes),
    shapeBestSeg: new Int32Array(bm.nShapes),
    V: Array.from({ length: 7 }, () => new Float64Array(maxT * maxL)),
    CH: Array.from({ length: 7 }, () => new Int32Array(maxT * maxL)),
    itemStart: Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day))),
    itemEnd: Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day))),
    itemLen: Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day))),
    itemCost: Array.from({ length: 7 }, (_, day) => new Float64Array(cap(day))),
    itemRef: Array.from({ length: 7 }, (_, day) => new Int32Array(cap(day))),
    itemShare: Array.from({ length: 7 }, (_, day) => new Float64Array(cap(day))),
    pl: new Int32Array(totalL),
    pc: new Float64Array(totalL),
    nl: new Int32Array(totalL),
    nc: new Float64Array(totalL),
    denseCost: new Float64Array(totalL),
    densePrev: new Int32Array(totalL),
    denseDay: new Int32Array(totalL),
    backPrev: Array.from({ length: 7 }, () => new Int32Array(totalL)),
    backDay: Array.from({ length: 7 }, () => new Int32Array(totalL)),
    from0: new Uint8Array(longest),
    from1: new Uint8Array(longest),
    fTab: Float64Array.from({ length: totalL }, (_, w) => loadCost(bm.model, w * bm.grain)),
  };
  workspaces.set(bm, ws);
  return ws;
}

/** One staff member's exact minimum at prices π; adds `weight` to the cover count of every duty it takes. */
function staffMin(bm: BoundModel, ws: Workspace, s: number, price: Float64Array, cover: Float64Array, weight: number, collect?: number[]): number {
  const m = bm.model;
  const nS = m.nStaff;
  const G = 31;
  const insider = m.insider[s] === 1;
  const home = bm.homeSegs[s];
  const capW = Math.floor((m.maxMinutes[s] + 1e-9) / bm.grain);
  let Wmax = 0;
  let pn = 1;
  ws.pl[0] = 0;
  ws.pc[0] = 0;
  const usedDays: number[] = [];
  const dayLast = [0, 0, 0, 0, 0, 0, 0];
  for (let day = 0; day < 7; day++) {
    if (m.unavailable[s] & (1 << day)) continue;
    const T = bm.dayTimes[day].length;
    if (T === 0) continue;
    const iS = ws.itemStart[day];
    const iE = ws.itemEnd[day];
    const iL = ws.itemLen[day];
    const iC = ws.itemCost[day];
    const iR = ws.itemRef[day];
    const iH = ws.itemShare[day];
    let n = 0;
    if (insider) {
      const shapes = bm.shapesOfDay[day];
      const shapeBest = ws.shapeBest;
      const shapeBestSeg = ws.shapeBestSeg;
      for (let x = 0; x < shapes.length; x++) {
        const sh = shapes[x];
        let best = ws.shapeOther[sh];
        let seg = ws.shapeOtherSeg[sh];
        for (let gm = m.gradeMask[s]; gm; gm &= gm - 1) {
          const g = 31 - Math.clz32(gm & -gm);
          const v = ws.shapeGrade[sh * G + g];
          if (v < best) ((best = v), (seg = ws.shapeGradeSeg[sh * G + g]));
        }
        shapeBest[sh] = best;
        shapeBestSeg[sh] = seg;
      }
      for (let x = 0; x < home.length; x++) {
        const k = home[x];
        const sh = bm.segShape[k];
        if (bm.shapeDay[sh] !== day) continue;
        const v = ws.segCost[k * 3 + CAT_HOMEROOM];
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
      iH[n] = it.share;
      n++;
    }
    if (n === 0) continue;
    const L = bm.dayMaxGrains[day] + 1;
    dayDP(ws.V[day], ws.CH[day], T, L, n, iS, iE, iL, iC);
    dayLast[day] = T - 1;
    const span = Math.min(Wmax + L, capW + 1);
    pn = convolve(ws, ws.V[day], (T - 1) * L, L, pn, span, ws.backPrev[usedDays.length], ws.backDay[usedDays.length]);
    Wmax = Math.min(Wmax + L - 1, capW);
    usedDays.push(day);
  }
  // add the convex load cost (the Pareto list already respects maxPeriodsPerWeek)
  let best = 0; // taking nothing
  let bestI = -1;
  for (let i = 0; i < pn; i++) {
    const val = ws.pc[i] + loadCost(m, ws.pl[i] * bm.grain);
    if (val < best) ((best = val), (bestI = i));
  }
  if (bestI < 0) return best;
  // reconstruct: days backwards, then items within each day
  let idx = bestI;
  for (let x = usedDays.length - 1; x >= 0; x--) {
    const day = usedDays[x];
    let l = ws.backDay[x][idx];
    idx = ws.backPrev[x][idx];
    const L = bm.dayMaxGrains[day] + 1;
    let t = dayLast[day];
    const ch = ws.CH[day];
    while (t > 0) {
      const c = ch[t * L + l];
      if (c === -1) {
        t--;
        continue;
      }
      if (c < 0) break;
      const ref = ws.itemRef[day][c];
      if (ref >= 0) {
        const ds = bm.segDuties[ref];
        for (let i = 0; i < ds.length; i++) cover[ds[i]] += weight;
        if (collect) for (let i = 0; i < ds.length; i++) collect.push(ds[i], 1);
      } else {
        cover[-1 - ref] += weight * ws.itemShare[day][c];
        if (collect) collect.push(-1 - ref, ws.itemShare[day][c]);
      }
      const nt = ws.itemStart[day][c];
      if (nt === t && ws.itemLen[day][c] === 0) break; // zero-length item: nothing earlier to follow
      l -= ws.itemLen[day][c];
      t = nt;
    }
  }
  return best;
}

/** Interval DP over the day's time points with load as a state: v[t·L + l] = least cost of non-overlapping
 * items that end by time point t and total l grains; ch = the item that achieved it (−1: carried over). */
function dayDP(
  v: Float64Array,
  ch: Int32Array,
  T: number,
  L: number,
  n: number,
  iS: Int32Array,
  iE: Int32Array,
  iL: Int32Array,
  iC: Float64Array,
): void {
  v.fill(INF, 0, T * L);
  v[0] = 0;
  ch[0] = -2;
  for (let t = 1; t < T; t++) {
    const row = t * L;
    const prev = row - L;
    v.copyWithin(row, prev, prev + L);
    ch.fill(-1, row, row + L);
    for (let i = 0; i < n; i++) {
      if (iE[i] !== t) continue;
      const srow = iS[i] * L;
      const len = iL[i];
      const cost = iC[i];
      const top = L - len;
      for (let l = 0; l < top; l++) {
        const val = v[srow + l] + cost;
        if (val < v[row + l + len]) {
          v[row + l + len] = val;
          ch[row + l + len] = i;
        }
      }
    }
  }
}

/** Min-plus convolution of the week's Pareto list (ws.pl/pc, pn points) with the day's Pareto points
 * (row `lastRow` of v), pruned to Pareto points below `span`; returns the new list's length. */
function convolve(ws: Workspace, v: Float64Array, lastRow: number, L: number, pn: number, span: number, bp: Int32Array, bd: Int32Array): number {
  const { denseCost, densePrev, denseDay, pl, pc, fTab } = ws;
  denseCost.fill(INF, 0, span);
  // f convex ⇒ a point with more load and no smaller c + f(load) than a point with less load is never needed
  let bestSoFar = INF;
  for (let l = 0; l < L; l++) {
    const c = v[lastRow + l];
    const adj = c + fTab[l];
    if (!(adj < bestSoFar)) continue;
    bestSoFar = adj;
    for (let i = 0; i < pn; i++) {
      const w = pl[i] + l;
      if (w >= span) break;
      const val = pc[i] + c;
      if (val < denseCost[w]) {
        denseCost[w] = val;
        densePrev[w] = i;
        denseDay[w] = l;
      }
    }
  }
  const nl = ws.nl;
  const nc = ws.nc;
  let k = 0;
  let lastCost = INF;
  for (let w = 0; w < span; w++) {
    const c = denseCost[w];
    const adj = c + fTab[w];
    if (!(adj < lastCost)) continue;
    lastCost = adj;
    nl[k] = w;
    nc[k] = c;
    bp[k] = densePrev[w];
    bd[k] = denseDay[w];
    k++;
  }
  ws.nl = pl;
  ws.nc = pc;
  ws.pl = nl;
  ws.pc = nc;
  return k;
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
  propagateShortfallPrices(m, holder, load, price);
  return price;
}

/** An uncovered duty is worth W_U; so is every duty that keeps an eligible staff member from taking it
 * (a clashing duty, or any duty when the load bound is what stops them), transitively. Without this the
 * relaxation would let those staff drop their duty for the uncovered one and the bound would collapse. */
function propagateShortfallPrices(m: CoverModel, holder: Int32Array, load: Float64Array, price: Float64Array): void {
  const nS = m.nStaff;
  const held: number[][] = Array.from({ length: nS }, () => []);
  for (let d = 0; d < m.nDuties; d++) if (holder[d] >= 0) held[holder[d]].push(d);
  const queue: number[] = [];
  const seen = new Uint8Array(m.nDuties);
  for (let d = 0; d < m.nDuties; d++) {
    if (holder[d] >= 0) continue;
    price[d] = COVER_WEIGHTS.uncovered;
    seen[d] = 1;
    queue.push(d);
  }
  for (let q = 0; q < queue.length; q++) {
    const d = queue[q];
    for (let t = 0; t < nS; t++) {
      if (!m.eligible[d * nS + t] || holder[d] === t) continue;
      const clash = held[t].filter((e) => e !== d && dutiesClash(m, e, d));
      const blockers = clash.length > 0 ? clash : load[t] + m.minutes[d] > m.maxMinutes[t] + 1e-9 ? held[t] : [];
      for (const e of blockers) {
        if (price[e] < price[d]) price[e] = price[d];
        if (!seen[e]) {
          seen[e] = 1;
          queue.push(e);
        }
      }
    }
  }
}

/** Cost of the duty to its holder: preference cost + the load cost it adds (W_U when uncovered). */
export function marginal(m: CoverModel, holder: Int32Array, load: Float64Array, d: number): number {
  const s = holder[d];
  if (s < 0) return COVER_WEIGHTS.uncovered;
  const pref = m.kind[d] === DUTY_BLOCK ? categoryCost(m.study[d] === 1, blockCategory(m, d, s)) : 0;
  return pref + loadCost(m, load[s]) - loadCost(m, load[s] - m.minutes[d]);
}

/** Duties that are interchangeable for the bound share one price: blocks with the same weekday, time, grades and
 * kind; pickups of one weekday. (Restricting π keeps every L(π) a valid bound and removes the symmetry that makes
 * subgradient steps oscillate.) Returns per duty its price class and the number of classes. */
export function priceClasses(m: CoverModel): { readonly classOf: Int32Array; readonly count: number } {
  const key = new Map<string, number>();
  const classOf = new Int32Array(m.nDuties);
  for (let d = 0; d < m.nDuties; d++) {
    const k =
      m.kind[d] === DUTY_BLOCK
        ? `b:${m.dayMask[d]}:${m.start[d]}:${m.end[d]}:${m.dutyGradeMask[d]}:${m.study[d]}`
        : m.kind[d] === DUTY_CLUB
          ? `c:${d}`
          : `p:${m.dayMask[d]}:${m.start[d]}:${m.end[d]}`;
    let c = key.get(k);
    if (c === undefined) key.set(k, (c = key.size));
    classOf[d] = c;
  }
  return { classOf, count: key.size };
}

/** Maximise L(π) over class-uniform prices by the volume algorithm (Barahona & Anbil): Polyak steps toward the
 * plan's cost along a running average of subgradients. Any π gives a valid bound; the best is kept. */
export function improveBound(
  bm: BoundModel,
  start: Float64Array,
  upper: () => number,
  deadline: number,
  maxIter: number,
  targetGap: number,
): { readonly bound: number; readonly iterations: number; readonly timedOut: boolean; readonly price: Float64Array; readonly trace: number[] } {
  const m = bm.model;
  const n = start.length;
  const { classOf, count } = priceClasses(m);
  // class prices: the mean of the start prices of the class
  const size = new Float64Array(count);
  let center = new Float64Array(count);
  for (let d = 0; d < n; d++) {
    size[classOf[d]]++;
    center[classOf[d]] += start[d];
  }
  for (let c = 0; c < count; c++) center[c] /= size[c];
  const expand = (p: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let d = 0; d < n; d++) out[d] = p[classOf[d]];
    return out;
  };
  const shrink = (g: Float64Array): Float64Array => {
    const out = new Float64Array(count);
    for (let d = 0; d < n; d++) out[classOf[d]] += g[d];
    return out;
  };
  let r0 = lagrangeValue(bm, expand(center));
  let centerValue = r0.value;
  // the unrestricted start may already be better
  const rs = lagrangeValue(bm, start);
  let best = Math.max(centerValue, rs.value);
  let bestPrice = rs.value >= centerValue ? start.slice() : expand(center);
  const trace = [rs.value, centerValue];
  const v = shrink(r0.subgradient);
  let f = 0.1;
  const alpha = 0.1;
  let iter = 0;
  let timedOut = false;
  let red = 0;
  const gapOf = (lb: number): number => (upper() - lb) / Math.max(1, Math.abs(upper()));
  while (iter < maxIter && gapOf(best) > targetGap) {
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    let norm = 0;
    for (let c = 0; c < count; c++) norm += v[c] * v[c];
    if (norm === 0) break;
    const t = (f * (upper() - centerValue)) / norm;
    const trial = center.slice();
    for (let c = 0; c < count; c++) trial[c] += t * v[c];
    const r = lagrangeValue(bm, expand(trial));
    iter++;
    trace.push(r.value);
    const g = shrink(r.subgradient);
    for (let c = 0; c < count; c++) v[c] = alpha * g[c] + (1 - alpha) * v[c];
    if (r.value > centerValue) {
      center = trial;
      centerValue = r.value;
      f = Math.min(2, f * 1.1);
      red = 0;
      if (r.value > best) {
        best = r.value;
        bestPrice = expand(trial);
      }
    } else if (++red >= 3) {
      f *= 0.66;
      red = 0;
    }
  }
  return { bound: best, iterations: iter, timedOut, price: bestPrice, trace };
}

