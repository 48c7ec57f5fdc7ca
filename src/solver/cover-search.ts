// Local search on a cover plan: move a run of blocks (or a single end block, a club, a pickup) to another
// staff member, or swap two runs of one day between their holders; best move per unit, sweeps in a seeded
// random order until no move improves or the deadline passes. Every move keeps the hard rules (canTake).
import { DUTY_BLOCK, type CoverModel } from './cover-model.js';
import { applyReassign, canTake, reassignDelta, type CoverState } from './cover-state.js';

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

/** Runs (maximal same-holder stretches) of chain c: [first position, end position) pairs. */
function runsOf(st: CoverState, c: number): [number, number][] {
  const m = st.model;
  const out: [number, number][] = [];
  const a = m.chainOffset[c];
  const b = m.chainOffset[c + 1];
  let i = a;
  while (i < b) {
    let j = i + 1;
    while (j < b && st.holder[m.chainDuty[j]] === st.holder[m.chainDuty[i]]) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

/** Best single-holder move of `duties` (all held by one holder now); applies it when it improves. */
function bestMove(st: CoverState, duties: number[]): boolean {
  const m = st.model;
  const from = st.holder[duties[0]];
  let best = -2;
  let bestDelta = -EPS;
  const to: number[] = duties.map(() => 0);
  for (let s = 0; s < m.nStaff; s++) {
    if (s === from || !m.eligible[duties[0] * m.nStaff + s]) continue;
    if (!canTake(st, s, duties)) continue;
    to.fill(s);
    const delta = reassignDelta(st, duties, to);
    if (delta < bestDelta) ((bestDelta = delta), (best = s));
  }
  if (best < -1) return false;
  to.fill(best);
  applyReassign(st, duties, to, bestDelta);
  return true;
}

export function localSearch(st: CoverState, rng: () => number, deadline: number, maxSweeps = 50): SearchOutcome {
  const m = st.model;
  // chains per day, for swaps
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
      if (improveChain(st, c, chainsOfDay[m.dutyDay[m.chainDuty[m.chainOffset[c]]]])) {
        improved = true;
        moves++;
      }
    }
    if (timedOut) break;
    for (const d of shuffle(others.slice(), rng)) {
      if (bestMove(st, [d])) {
        improved = true;
        moves++;
      }
    }
    if (!improved) break;
  }
  return { sweeps, moves, timedOut };
}

/** All moves touching chain c; true when one was applied. */
function improveChain(st: CoverState, c: number, sameDay: readonly number[]): boolean {
  const m = st.model;
  let any = false;
  const runs = runsOf(st, c);
  // merge: the whole chain to one holder
  if (runs.length > 1) {
    const all = Array.from(m.chainDuty.subarray(m.chainOffset[c], m.chainOffset[c + 1]));
    if (bestWholeMove(st, all)) return true;
  }
  for (const [i, j] of runs) {
    const run = Array.from(m.chainDuty.subarray(i, j));
    if (bestMove(st, run)) return true;
    if (j - i > 1) {
      if (bestMove(st, [run[0]])) return true;
      if (bestMove(st, [run[run.length - 1]])) any = true;
      if (any) return true;
    }
    if (st.holder[run[0]] >= 0 && bestSwap(st, run, c, sameDay)) return true;
  }
  return false;
}

/** Move every duty of a chain (held by several holders) to one staff member. */
function bestWholeMove(st: CoverState, duties: number[]): boolean {
  const m = st.model;
  let best = -1;
  let bestDelta = -EPS;
  const to: number[] = duties.map(() => 0);
  for (let s = 0; s < m.nStaff; s++) {
    if (!m.eligible[duties[0] * m.nStaff + s]) continue;
    const give = duties.filter((d) => st.holder[d] === s);
    if (give.length === duties.length) continue;
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

/** Swap a run with a run of another staff member on the same day whose window overlaps it. */
function bestSwap(st: CoverState, run: number[], c: number, sameDay: readonly number[]): boolean {
  const m = st.model;
  const h = st.holder[run[0]];
  const lo = m.start[run[0]];
  const hi = m.end[run[run.length - 1]];
  let bestDelta = -EPS;
  let bestOther: number[] | null = null;
  let bestH2 = -1;
  for (const c2 of sameDay) {
    if (c2 === c) continue;
    for (const [i, j] of runsOf(st, c2)) {
      const h2 = st.holder[m.chainDuty[i]];
      if (h2 < 0 || h2 === h) continue;
      if (m.start[m.chainDuty[i]] >= hi || m.end[m.chainDuty[j - 1]] <= lo) continue;
      const other = Array.from(m.chainDuty.subarray(i, j));
      if (!m.eligible[run[0] * m.nStaff + h2] || !m.eligible[other[0] * m.nStaff + h]) continue;
      if (!canTake(st, h2, run, other) || !canTake(st, h, other, run)) continue;
      const duties = run.concat(other);
      const to = run.map(() => h2).concat(other.map(() => h));
      const delta = reassignDelta(st, duties, to);
      if (delta < bestDelta) ((bestDelta = delta), (bestOther = other), (bestH2 = h2));
    }
  }
  if (!bestOther) return false;
  const duties = run.concat(bestOther);
  const to = run.map(() => bestH2).concat(bestOther.map(() => h));
  applyReassign(st, duties, to, bestDelta);
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
