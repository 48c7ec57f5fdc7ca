// Local search on a cover plan: move a run of a group's blocks (or one end block of it, a club, a pickup) to
// another staff member, merge a split afternoon into one holder, or swap two runs of one day between their
// holders; best move per unit, sweeps in a seeded random order until no move improves or the deadline passes.
// Every move keeps the hard rules. Costs of moves are computed in O(run length) without touching the state.
import {
  categoryCost,
  COVER_WEIGHTS,
  DUTY_BLOCK,
  loadCost,
  dutiesClash,
  type CoverModel,
} from './model.js';
import { applyReassign, canTake, reassignDelta, type CoverState } from './state.js';

export type SearchOutcome = { readonly sweeps: number; readonly moves: number; readonly timedOut: boolean };

const EPS = 1e-9;

function shuffle<T>(list: T[], rng: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = list[i];
    list[i] = list[j];
    list[j] = t;
  }
  return list;
}

/** A run: positions [i, j) of chain c (all one holder), or a single club/pickup duty (c = −1, i = duty). */
type Run = { c: number; i: number; j: number };

/** Preference cost of staff t (−1 = nobody) on positions [i, j) of chain c. */
function runPref(m: CoverModel, c: number, i: number, j: number, t: number): number {
  if (t < 0) return COVER_WEIGHTS.uncovered * (j - i);
  const cat = m.chainCat[c * m.nStaff + t];
  const study = m.posStudy[j] - m.posStudy[i];
  return study * categoryCost(true, cat) + (j - i - study) * categoryCost(false, cat);
}

function runMinutes(m: CoverModel, i: number, j: number): number {
  return m.posMinutes[j] - m.posMinutes[i];
}

/** Discontinuity change at the two ends of run [i, j) of chain c when its holder goes h → t. */
function edgeDisc(st: CoverState, c: number, i: number, j: number, h: number, t: number): number {
  const m = st.model;
  let before = 0;
  let after = 0;
  if (i > m.chainOffset[c]) {
    const hp = st.holder[m.chainDuty[i - 1]];
    before += hp !== h ? 1 : 0;
    after += hp !== t ? 1 : 0;
  }
  if (j < m.chainOffset[c + 1]) {
    const hn = st.holder[m.chainDuty[j]];
    before += hn !== h ? 1 : 0;
    after += hn !== t ? 1 : 0;
  }
  return COVER_WEIGHTS.discontinuity * (after - before);
}

/** Can t take positions [i, j) of chain c (t gives away nothing)? Eligibility, overlap, max load. */
function canTakeRun(st: CoverState, t: number, i: number, j: number, minutes: number, skipC = -1, skipI = 0, skipJ = 0): boolean {
  const m = st.model;
  const nS = m.nStaff;
  for (let p = i; p < j; p++) if (!m.eligible[m.chainDuty[p] * nS + t]) return false;
  let give = 0;
  if (skipC >= 0) for (let p = skipI; p < skipJ; p++) if (st.holder[m.chainDuty[p]] === t) give += m.minutes[m.chainDuty[p]];
  if (st.load[t] + minutes - give > m.maxMinutes[t] + 1e-9) return false;
  const held = st.held[t];
  for (let x = 0; x < held.length; x++) {
    const e = held[x];
    if (skipC >= 0 && m.dutyChain[e] === skipC) {
      const pe = m.chainOffset[skipC] + m.dutyPos[e];
      if (pe >= skipI && pe < skipJ) continue;
    }
    for (let p = i; p < j; p++) {
      const d = m.chainDuty[p];
      if (e !== d && dutiesClash(m, e, d)) return false;
    }
  }
  return true;
}

/** Best single-holder move of chain positions [i, j) (one holder now); applies it when it improves. */
function bestRunMove(st: CoverState, c: number, i: number, j: number): boolean {
  const m = st.model;
  const h = st.holder[m.chainDuty[i]];
  const minutes = runMinutes(m, i, j);
  // what staying with h costs: its preference, and the load-cost drop h would get by giving the run away
  const base = runPref(m, c, i, j, h) - (h >= 0 ? loadCost(m, st.load[h] - minutes) - loadCost(m, st.load[h]) : 0);
  let best = -1;
  let bestDelta = -EPS;
  const d0 = m.chainDuty[i];
  for (let t = 0; t < m.nStaff; t++) {
    if (t === h || !m.eligible[d0 * m.nStaff + t]) continue;
    const delta =
      runPref(m, c, i, j, t) - base + edgeDisc(st, c, i, j, h, t) + loadCost(m, st.load[t] + minutes) - loadCost(m, st.load[t]);
    if (delta >= bestDelta) continue;
    if (!canTakeRun(st, t, i, j, minutes)) continue;
    bestDelta = delta;
    best = t;
  }
  if (best < 0) return false;
  const ds = Array.from(m.chainDuty.subarray(i, j));
  applyReassign(st, ds, ds.map(() => best), bestDelta);
  return true;
}

/** Best move of one club or pickup duty. */
function bestDutyMove(st: CoverState, d: number): boolean {
  const m = st.model;
  const h = st.holder[d];
  const L = m.minutes[d];
  const base = h >= 0 ? loadCost(m, st.load[h] - L) - loadCost(m, st.load[h]) : -COVER_WEIGHTS.uncovered;
  let best = -1;
  let bestDelta = -EPS;
  for (let t = 0; t < m.nStaff; t++) {
    if (t === h || !m.eligible[d * m.nStaff + t]) continue;
    const delta = base + loadCost(m, st.load[t] + L) - loadCost(m, st.load[t]);
    if (delta >= bestDelta) continue;
    if (!canTake(st, t, [d])) continue;
    bestDelta = delta;
    best = t;
  }
  if (best < 0) return false;
  applyReassign(st, [d], [best], bestDelta);
  return true;
}

/** Runs (maximal same-holder stretches) of chain c as [first position, end position). */
function runsOf(st: CoverState, c: number): Run[] {
  const m = st.model;
  const out: Run[] = [];
  const a = m.chainOffset[c];
  const b = m.chainOffset[c + 1];
  let i = a;
  while (i < b) {
    let j = i + 1;
    while (j < b && st.holder[m.chainDuty[j]] === st.holder[m.chainDuty[i]]) j++;
    out.push({ c, i, j });
    i = j;
  }
  return out;
}

/** `wide`: also move every prefix and suffix of a run (not only its first or last block); used as a last pass
 * from a converged plan, so it can only lower the cost further. */
export function localSearch(st: CoverState, rng: () => number, deadline: number, maxSweeps = 50, wide = false): SearchOutcome {
  const m = st.model;
  const chainsOfDay: number[][] = Array.from({ length: 7 }, () => []);
  for (let c = 0; c < m.nChains; c++) chainsOfDay[m.dutyDay[m.chainDuty[m.chainOffset[c]]]].push(c);
  const others: number[] = [];
  for (let d = 0; d < m.nDuties; d++) if (m.kind[d] !== DUTY_BLOCK) others.push(d);

  let moves = 0;
  let sweeps = 0;
  let timedOut = false;
  while (sweeps < maxSweeps) {
    sweeps++;
    let improved = false;
    const order = shuffle(Array.from({ length: m.nChains }, (_, i) => i), rng);
    for (let k = 0; k < order.length; k++) {
      if ((k & 15) === 0 && Date.now() > deadline) {
        timedOut = true;
        break;
      }
      const c = order[k];
      while (improveChain(st, c, chainsOfDay[m.dutyDay[m.chainDuty[m.chainOffset[c]]]], wide)) {
        improved = true;
        moves++;
      }
    }
    if (timedOut) break;
    for (const d of shuffle(others.slice(), rng)) {
      if (bestDutyMove(st, d)) {
        improved = true;
        moves++;
      }
    }
    if (!improved) break;
  }
  return { sweeps, moves, timedOut };
}

/** All moves touching chain c; true when one was applied. */
function improveChain(st: CoverState, c: number, sameDay: readonly number[], wide: boolean): boolean {
  const m = st.model;
  const runs = runsOf(st, c);
  // merge: the whole chain to one holder
  if (runs.length > 1 && bestWholeMove(st, c)) return true;
  for (const { i, j } of runs) {
    if (bestRunMove(st, c, i, j)) return true;
    if (wide) {
      // every proper prefix and suffix of the run (a split afternoon can beat a whole one: homeroom, load)
      for (let k = i + 1; k < j; k++) {
        if (bestRunMove(st, c, i, k)) return true;
        if (bestRunMove(st, c, k, j)) return true;
      }
    } else if (j - i > 1) {
      if (bestRunMove(st, c, i, i + 1)) return true;
      if (bestRunMove(st, c, j - 1, j)) return true;
    }
    if (st.holder[m.chainDuty[i]] >= 0 && bestSwap(st, c, i, j, sameDay)) return true;
  }
  return false;
}

/** Move every duty of a chain held by several holders to one staff member. */
function bestWholeMove(st: CoverState, c: number): boolean {
  const m = st.model;
  const duties = Array.from(m.chainDuty.subarray(m.chainOffset[c], m.chainOffset[c + 1]));
  let best = -1;
  let bestDelta = -EPS;
  const to: number[] = duties.map(() => 0);
  for (let s = 0; s < m.nStaff; s++) {
    if (!m.eligible[duties[0] * m.nStaff + s]) continue;
    if (!canTake(st, s, duties)) continue;
    to.fill(s);
    const delta = reassignDelta(st, duties, to);
    if (delta < bestDelta) ((bestDelta = delta), (best = s));
  }
  if (best < 0) return false;
  to.fill(best);
  applyReassign(st, duties, to, bestDelta);
  return true;
}

/** Swap run [i, j) of chain c with a run of another staff member on the same day whose window overlaps it. */
function bestSwap(st: CoverState, c: number, i: number, j: number, sameDay: readonly number[]): boolean {
  const m = st.model;
  const h = st.holder[m.chainDuty[i]];
  const lo = m.start[m.chainDuty[i]];
  const hi = m.end[m.chainDuty[j - 1]];
  const M1 = runMinutes(m, i, j);
  const pref1h = runPref(m, c, i, j, h);
  let bestDelta = -EPS;
  let best: Run | null = null;
  let bestH2 = -1;
  for (const c2 of sameDay) {
    if (c2 === c) continue;
    const a = m.chainOffset[c2];
    const b = m.chainOffset[c2 + 1];
    if (m.start[m.chainDuty[a]] >= hi || m.end[m.chainDuty[b - 1]] <= lo) continue;
    let i2 = a;
    while (i2 < b) {
      let j2 = i2 + 1;
      const h2 = st.holder[m.chainDuty[i2]];
      while (j2 < b && st.holder[m.chainDuty[j2]] === h2) j2++;
      if (h2 >= 0 && h2 !== h && m.start[m.chainDuty[i2]] < hi && m.end[m.chainDuty[j2 - 1]] > lo) {
        const M2 = runMinutes(m, i2, j2);
        let delta =
          runPref(m, c, i, j, h2) - pref1h + runPref(m, c2, i2, j2, h) - runPref(m, c2, i2, j2, h2) +
          edgeDisc(st, c, i, j, h, h2) + edgeDisc(st, c2, i2, j2, h2, h);
        if (M1 !== M2) {
          delta += loadCost(m, st.load[h] - M1 + M2) - loadCost(m, st.load[h]);
          delta += loadCost(m, st.load[h2] - M2 + M1) - loadCost(m, st.load[h2]);
        }
        if (delta < bestDelta && canTakeRun(st, h2, i, j, M1, c2, i2, j2) && canTakeRun(st, h, i2, j2, M2, c, i, j)) {
          bestDelta = delta;
          best = { c: c2, i: i2, j: j2 };
          bestH2 = h2;
        }
      }
      i2 = j2;
    }
  }
  if (!best) return false;
  const d1 = Array.from(m.chainDuty.subarray(i, j));
  const d2 = Array.from(m.chainDuty.subarray(best.i, best.j));
  applyReassign(st, d1.concat(d2), d1.map(() => bestH2).concat(d2.map(() => h)), bestDelta);
  return true;
}

/** Ejection chains for uncovered duties: staff t takes duty d and hands the one duty e that clashes with it
 * (or that would break its load bound) to another staff member. Returns how many duties it covered. */
export function ejectForUncovered(st: CoverState, deadline: number): number {
  const m = st.model;
  const nS = m.nStaff;
  let covered = 0;
  for (let d = 0; d < m.nDuties; d++) {
    if (st.holder[d] >= 0) continue;
    if (Date.now() > deadline) break;
    let bestDelta = -EPS;
    let best: [number, number, number] | null = null; // t, e, t2
    for (let t = 0; t < nS; t++) {
      if (!m.eligible[d * nS + t]) continue;
      for (const e of st.held[t]) {
        if (!canTake(st, t, [d], [e])) continue;
        for (let t2 = 0; t2 < nS; t2++) {
          if (t2 === t || !m.eligible[e * nS + t2] || !canTake(st, t2, [e])) continue;
          const delta = reassignDelta(st, [d, e], [t, t2]);
          if (delta < bestDelta) ((bestDelta = delta), (best = [t, e, t2]));
        }
      }
    }
    if (best) {
      applyReassign(st, [d, best[1]], [best[0], best[2]], bestDelta);
      covered++;
    }
  }
  return covered;
}

/** Ejection moves for clubs and pickups: staff B takes duty x from its holder and hands the runs of blocks that
 * clash with x (at most two, whole runs) each to the staff member who takes them most cheaply. Applies every
 * improving one found; returns how many. */
export function ejectNonBlocks(st: CoverState, deadline: number): number {
  const m = st.model;
  const nS = m.nStaff;
  let applied = 0;
  // best receiver of a run (chain positions [i, j) held by b), cached until the next applied move
  let cache = new Map<number, { c: number; cost: number }>();
  const receiver = (c: number, i: number, j: number, b: number, avoid: number): { c: number; cost: number } => {
    const key = i * (m.nDuties + 1) + j;
    const hit = avoid < 0 ? cache.get(key) : undefined;
    if (hit) return hit;
    const minutes = runMinutes(m, i, j);
    const prefB = runPref(m, c, i, j, b);
    let best = -1;
    let bestCost = Infinity;
    const d0 = m.chainDuty[i];
    for (let t = 0; t < nS; t++) {
      if (t === b || t === avoid || !m.eligible[d0 * nS + t]) continue;
      const cost = runPref(m, c, i, j, t) - prefB + edgeDisc(st, c, i, j, b, t) + loadCost(m, st.load[t] + minutes) - loadCost(m, st.load[t]);
      if (cost >= bestCost) continue;
      if (!canTakeRun(st, t, i, j, minutes)) continue;
      bestCost = cost;
      best = t;
    }
    const r = { c: best, cost: bestCost };
    if (avoid < 0) cache.set(key, r);
    return r;
  };
  for (let x = 0; x < m.nDuties; x++) {
    if (m.kind[x] === DUTY_BLOCK) continue;
    if (Date.now() > deadline) break;
    const a = st.holder[x];
    const Lx = m.minutes[x];
    const removeA = a >= 0 ? loadCost(m, st.load[a] - Lx) - loadCost(m, st.load[a]) : -COVER_WEIGHTS.uncovered;
    let bestDelta = -EPS;
    let bestDuties: number[] = [];
    let bestTo: number[] = [];
    for (let b = 0; b < nS; b++) {
      if (b === a || !m.eligible[x * nS + b]) continue;
      // runs of b that clash with x (blocks only, at most two)
      let r1c = -1;
      let r1i = 0;
      let r1j = 0;
      let r2c = -1;
      let r2i = 0;
      let r2j = 0;
      let bad = false;
      let clashes = 0;
      for (const e of st.held[b]) {
        if ((m.dayMask[e] & m.dayMask[x]) === 0 || m.start[e] >= m.end[x] || m.start[x] >= m.end[e]) continue;
        clashes++;
        if (m.kind[e] !== DUTY_BLOCK) {
          bad = true;
          break;
        }
        const c = m.dutyChain[e];
        const p = m.chainOffset[c] + m.dutyPos[e];
        if ((c === r1c && p >= r1i && p < r1j) || (c === r2c && p >= r2i && p < r2j)) continue;
        let i = p;
        let j = p + 1;
        while (i > m.chainOffset[c] && st.holder[m.chainDuty[i - 1]] === b) i--;
        while (j < m.chainOffset[c + 1] && st.holder[m.chainDuty[j]] === b) j++;
        if (r1c < 0) ((r1c = c), (r1i = i), (r1j = j));
        else if (r2c < 0) ((r2c = c), (r2i = i), (r2j = j));
        else {
          bad = true;
          break;
        }
      }
      if (bad || clashes === 0) continue;
      const Lruns = runMinutes(m, r1i, r1j) + (r2c >= 0 ? runMinutes(m, r2i, r2j) : 0);
      const lb = st.load[b] - Lruns + Lx;
      if (lb > m.maxMinutes[b] + 1e-9) continue;
      let delta = removeA + loadCost(m, lb) - loadCost(m, st.load[b]);
      if (delta >= bestDelta) continue; // receivers only add cost ≥ −(preference and continuity gains), rarely
      const rc1 = receiver(r1c, r1i, r1j, b, -1);
      if (rc1.c < 0) continue;
      let rc2 = { c: -1, cost: 0 };
      if (r2c >= 0) {
        rc2 = receiver(r2c, r2i, r2j, b, rc1.c);
        if (rc2.c < 0) continue;
      }
      delta += rc1.cost + rc2.cost;
      if (delta >= bestDelta) continue;
      const duties: number[] = [x];
      const to: number[] = [b];
      for (let p = r1i; p < r1j; p++) (duties.push(m.chainDuty[p]), to.push(rc1.c));
      if (r2c >= 0) for (let p = r2i; p < r2j; p++) (duties.push(m.chainDuty[p]), to.push(rc2.c));
      if (!jointFeasible(st, duties, to)) continue;
      const exact = reassignDelta(st, duties, to);
      if (exact < bestDelta) ((bestDelta = exact), (bestDuties = duties), (bestTo = to));
    }
    if (bestDuties.length > 0) {
      applyReassign(st, bestDuties, bestTo, bestDelta);
      applied++;
      cache = new Map();
    }
  }
  return applied;
}

/** Hard rules for a compound reassignment: every receiver can take all it receives while giving what it gives. */
function jointFeasible(st: CoverState, duties: readonly number[], to: readonly number[]): boolean {
  const receivers = new Set(to);
  for (const r of receivers) {
    if (r < 0) continue;
    const take = duties.filter((_, i) => to[i] === r);
    const give = duties.filter((d, i) => to[i] !== r && st.holder[d] === r);
    if (!canTake(st, r, take, give)) return false;
  }
  return true;
}

/** Cheapest feasible holder of duty d among staff with (capped) or without a load bound; −1 when none. */
function cheapestHolder(st: CoverState, d: number, capped: boolean): number {
  const m = st.model;
  let best = -1;
  let bestDelta = Infinity;
  for (let t = 0; t < m.nStaff; t++) {
    if (Number.isFinite(m.maxMinutes[t]) !== capped || !m.eligible[d * m.nStaff + t] || !canTake(st, t, [d])) continue;
    const delta = reassignDelta(st, [d], [t]);
    if (delta < bestDelta) ((bestDelta = delta), (best = t));
  }
  return best;
}

/**
 * Ruin and recreate for the number of uncovered duties, when some stay uncovered and staff with a load bound
 * (maxPeriodsPerWeek) hold duties: their duties are freed, pickups and clubs go to staff without a bound where
 * possible, and the uncovered duties are refilled shortest first (the most duties per scarce minute), then
 * ejection chains and the local search. Kept only when the cost drops, undone otherwise. True when kept.
 */
export function rebuildCapped(st: CoverState, rng: () => number, deadline: number): boolean {
  const m = st.model;
  const capped: number[] = [];
  for (let s = 0; s < m.nStaff; s++) if (Number.isFinite(m.maxMinutes[s]) && st.held[s].length > 0) capped.push(s);
  if (capped.length === 0 || !st.holder.some((h) => h < 0)) return false;
  const before = st.holder.slice();
  const costBefore = st.cost;
  const ruin: number[] = [];
  for (const s of capped) ruin.push(...st.held[s]);
  applyReassign(st, ruin, ruin.map(() => -1), reassignDelta(st, ruin, ruin.map(() => -1)));
  // pickups and clubs to staff without a load bound first
  for (let d = 0; d < m.nDuties; d++) {
    if (st.holder[d] >= 0 || m.kind[d] === DUTY_BLOCK) continue;
    const t = cheapestHolder(st, d, false);
    if (t >= 0) applyReassign(st, [d], [t], reassignDelta(st, [d], [t]));
  }
  // the rest shortest first, ties by duty index (deterministic)
  const open: number[] = [];
  for (let d = 0; d < m.nDuties; d++) if (st.holder[d] < 0) open.push(d);
  open.sort((a, b) => m.minutes[a] - m.minutes[b] || a - b);
  for (const d of open) {
    let t = cheapestHolder(st, d, false);
    if (t < 0) t = cheapestHolder(st, d, true);
    if (t >= 0) applyReassign(st, [d], [t], reassignDelta(st, [d], [t]));
  }
  ejectForUncovered(st, deadline);
  localSearch(st, rng, deadline);
  if (st.cost < costBefore - 1e-6) return true;
  const ds: number[] = [];
  const to: number[] = [];
  for (let d = 0; d < m.nDuties; d++) if (st.holder[d] !== before[d]) (ds.push(d), to.push(before[d]));
  applyReassign(st, ds, to, reassignDelta(st, ds, to));
  st.cost = costBefore;
  return false;
}
