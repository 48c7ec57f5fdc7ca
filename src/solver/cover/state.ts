// Mutable working state of the cover search: holders, loads, per-staff duty lists, incremental cost of a
// reassignment, feasibility of a reassignment (eligibility P2-P4 P7, no overlap P5, maxPeriodsPerWeek).
import {
  assignCost,
  COVER_WEIGHTS,
  dutiesClash,
  loadCost,
  type CoverModel,
} from './model.js';

export type CoverState = {
  readonly model: CoverModel;
  readonly holder: Int32Array;
  readonly load: Float64Array;
  /** per staff: the duties they hold (unordered) */
  readonly held: number[][];
  cost: number;
};

export function createState(model: CoverModel, holder?: Int32Array): CoverState {
  const h = holder ? holder.slice() : new Int32Array(model.nDuties).fill(-1);
  const load = new Float64Array(model.nStaff);
  const held: number[][] = Array.from({ length: model.nStaff }, () => []);
  for (let d = 0; d < model.nDuties; d++) {
    const s = h[d];
    if (s >= 0) {
      load[s] += model.minutes[d];
      held[s].push(d);
    }
  }
  const st: CoverState = { model, holder: h, load, held, cost: 0 };
  st.cost = fullCost(st);
  return st;
}

/** Cost of the state from scratch (same formula as evaluateCover). */
export function fullCost(st: CoverState): number {
  const m = st.model;
  let c = 0;
  for (let d = 0; d < m.nDuties; d++) {
    const s = st.holder[d];
    c += s < 0 ? COVER_WEIGHTS.uncovered : assignCost(m, d, s);
  }
  for (let k = 0; k < m.nChains; k++)
    for (let i = m.chainOffset[k] + 1; i < m.chainOffset[k + 1]; i++)
      if (st.holder[m.chainDuty[i]] !== st.holder[m.chainDuty[i - 1]]) c += COVER_WEIGHTS.discontinuity;
  for (let s = 0; s < m.nStaff; s++) c += loadCost(m, st.load[s]);
  return c;
}

const dutyCost = (m: CoverModel, d: number, s: number): number => (s < 0 ? COVER_WEIGHTS.uncovered : assignCost(m, d, s));

// scratch marks for affected pairs / staff (module-level, grown on demand; single-threaded)
let pairMark = new Int32Array(0);
let staffMark = new Int32Array(0);
let markEpoch = 0;
const ensureMarks = (m: CoverModel): void => {
  if (pairMark.length < m.nDuties) pairMark = new Int32Array(m.nDuties);
  if (staffMark.length < m.nStaff) staffMark = new Int32Array(m.nStaff);
  if (++markEpoch > 0x3ffffff0) {
    pairMark.fill(0);
    staffMark.fill(0);
    markEpoch = 1;
  }
};

/** Cost change of setting holder[duties[i]] = to[i] for all i (no feasibility check). */
export function reassignDelta(st: CoverState, duties: readonly number[], to: readonly number[]): number {
  const m = st.model;
  ensureMarks(m);
  const ep = markEpoch;
  const W = COVER_WEIGHTS;
  let delta = 0;
  // pairs: identified by the later duty of the pair (position > 0 in its chain)
  const pairs: number[] = [];
  const staff: number[] = [];
  for (let i = 0; i < duties.length; i++) {
    const d = duties[i];
    const from = st.holder[d];
    if (from === to[i]) continue;
    delta += dutyCost(m, d, to[i]) - dutyCost(m, d, from);
    if (from >= 0 && staffMark[from] !== ep) ((staffMark[from] = ep), staff.push(from));
    if (to[i] >= 0 && staffMark[to[i]] !== ep) ((staffMark[to[i]] = ep), staff.push(to[i]));
    const c = m.dutyChain[d];
    if (c >= 0) {
      const at = m.chainOffset[c] + m.dutyPos[d];
      if (at > m.chainOffset[c] && pairMark[d] !== ep) ((pairMark[d] = ep), pairs.push(d));
      if (at + 1 < m.chainOffset[c + 1]) {
        const nx = m.chainDuty[at + 1];
        if (pairMark[nx] !== ep) ((pairMark[nx] = ep), pairs.push(nx));
      }
    }
  }
  if (staff.length === 0 && pairs.length === 0) return delta;
  // discontinuity before
  let discBefore = 0;
  for (const d of pairs) {
    const prev = m.chainDuty[m.chainOffset[m.dutyChain[d]] + m.dutyPos[d] - 1];
    if (st.holder[d] !== st.holder[prev]) discBefore++;
  }
  const loadBefore = staff.map((s) => st.load[s]);
  let loadCostBefore = 0;
  for (const s of staff) loadCostBefore += loadCost(m, st.load[s]);
  // apply temporarily
  const old = duties.map((d) => st.holder[d]);
  for (let i = 0; i < duties.length; i++) {
    const d = duties[i];
    const from = st.holder[d];
    if (from === to[i]) continue;
    if (from >= 0) st.load[from] -= m.minutes[d];
    if (to[i] >= 0) st.load[to[i]] += m.minutes[d];
    st.holder[d] = to[i];
  }
  let discAfter = 0;
  for (const d of pairs) {
    const prev = m.chainDuty[m.chainOffset[m.dutyChain[d]] + m.dutyPos[d] - 1];
    if (st.holder[d] !== st.holder[prev]) discAfter++;
  }
  let loadCostAfter = 0;
  for (const s of staff) loadCostAfter += loadCost(m, st.load[s]);
  // revert
  for (let i = duties.length - 1; i >= 0; i--) st.holder[duties[i]] = old[i];
  staff.forEach((s, k) => (st.load[s] = loadBefore[k]));
  return delta + W.discontinuity * (discAfter - discBefore) + (loadCostAfter - loadCostBefore);
}

/** Applies a reassignment (caller has checked feasibility) and updates the cost by `delta`. */
export function applyReassign(st: CoverState, duties: readonly number[], to: readonly number[], delta: number): void {
  const m = st.model;
  for (let i = 0; i < duties.length; i++) {
    const d = duties[i];
    const from = st.holder[d];
    if (from === to[i]) continue;
    if (from >= 0) {
      st.load[from] -= m.minutes[d];
      const list = st.held[from];
      const k = list.indexOf(d);
      list[k] = list[list.length - 1];
      list.pop();
    }
    if (to[i] >= 0) {
      st.load[to[i]] += m.minutes[d];
      st.held[to[i]].push(d);
    }
    st.holder[d] = to[i];
  }
  st.cost += delta;
}

/** Can staff s take every duty in `take`, given that it gives away every duty in `give` (P2-P5 P7, max load)? */
export function canTake(st: CoverState, s: number, take: readonly number[], give: readonly number[] = []): boolean {
  const m = st.model;
  if (s < 0) return true;
  const nS = m.nStaff;
  let add = 0;
  for (const d of take) {
    if (!m.eligible[d * nS + s]) return false;
    if (st.holder[d] !== s) add += m.minutes[d];
  }
  for (const d of give) if (st.holder[d] === s) add -= m.minutes[d];
  if (st.load[s] + add > m.maxMinutes[s] + 1e-9) return false;
  // no overlap with what s keeps, nor within `take`
  const keep = st.held[s];
  for (let i = 0; i < take.length; i++) {
    const d = take[i];
    for (const e of keep) {
      if (e === d || give.includes(e) || take.includes(e)) continue;
      if (dutiesClash(m, d, e)) return false;
    }
    for (let j = i + 1; j < take.length; j++) if (dutiesClash(m, d, take[j])) return false;
  }
  return true;
}
