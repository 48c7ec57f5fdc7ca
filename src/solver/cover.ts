// Staff cover (看护/社团/延时接送) of every duty of the weekly template: P2 P3 P4 P5 P7 P8.
// Interface agreed with the PLANNER: /work/briefs/cover-interface.md.
import type { Instance } from '../model/schema.js';
import { compileBound, improveBound, initialPrices, lagrangeValue } from './cover-bound.js';
import { chainPricesAt, construct, reflow } from './cover-construct.js';
import { compileCover, evaluateCover, seededRandom } from './cover-model.js';
import { shortfallReason } from './cover-reasons.js';
import { ejectForUncovered, ejectNonBlocks, localSearch } from './cover-search.js';
import { fullCost, type CoverState } from './cover-state.js';

export { COVER_WEIGHTS } from './cover-model.js';

/** One duty of the weekly template that needs exactly one staff member. */
export type CoverDuty = {
  readonly kind: 'block' | 'club' | 'latePickup';
  readonly days: readonly number[]; // weekday indices 0..6 (a club may meet on several days; same person on all)
  readonly start: number; // minutes since 00:00, half-open [start, end)
  readonly end: number;
  readonly grades: readonly number[]; // block: the group's grade(s) (grade teachers first); club: its grades; pickup: []
  readonly homerooms: readonly number[]; // block: staff indices (into instance.staff) of the homerooms of the group's classes
  readonly skill?: string; // club: the skill its leader needs
  readonly group?: number; // block: index of its group in the planner's group list (continuity across blocks)
  readonly block?: number; // block: index of the block in the group's timeline
  readonly study?: boolean; // block: a study block (作业辅导) — grade teachers matter most here
  readonly label: string; // Chinese-free stable label used in shortfalls: "group mon/1-1 block 0", "club football", "latePickup mon #1"
};

export type CoverOptions = { readonly seed: number; readonly deadline: number /* Date.now() ms at which to stop improving */ };

export type CoverResult = {
  readonly status: 'optimal' | 'feasible' | 'timedout';
  readonly holder: Int32Array; // per duty: staff index into instance.staff, or -1 when nobody can take it
  readonly shortfalls: readonly { readonly duty: number; readonly reason: string }[]; // reason in Chinese, actionable
  readonly objective: Readonly<Record<string, number>>; // parts: uncovered, offGrade, discontinuity, loadSquares, …
  readonly cost: number; // weighted total
  readonly bound: number; // proven lower bound on cost
  readonly gap: number; // (cost - bound) / max(1, |cost|)
  readonly loadMinutes: Float64Array; // per staff: weekly minutes of duty
};

/** Stop improving the bound once the gap is this small (relative). */
const TARGET_GAP = 1e-4;
/** Subgradient iterations at most (each one solves every staff member's subproblem once). */
const MAX_BOUND_ITERATIONS = 60;
/** Re-plans from a chain flow over the current club and pickup loads. */
const REFLOW_ROUNDS = 2;

/**
 * Assigns one staff member to every duty of the weekly template (P2-P5 P7 P8): a min-cost flow of whole
 * afternoons over (staff, day) slots with convex load arcs, repair + local search, and a Lagrangian lower bound
 * (docs/cover.md). Deterministic for a given seed; stops improving at options.deadline.
 */
export function planCover(instance: Instance, duties: readonly CoverDuty[], options: CoverOptions): CoverResult {
  const model = compileCover(instance, duties);
  const rng = seededRandom(options.seed);
  // plan: flow + local search + ejection for shortfalls, then once more from a flow over the improved club and
  // pickup loads; keep the better
  const improve = (st: CoverState): { timedOut: boolean } => {
    let r = localSearch(st, rng, options.deadline);
    for (let k = 0; k < 3 && !r.timedOut; k++) {
      const changed = ejectForUncovered(st, options.deadline) + ejectNonBlocks(st, options.deadline);
      if (changed === 0) break;
      r = localSearch(st, rng, options.deadline);
    }
    st.cost = fullCost(st); // drop accumulated rounding of the incremental deltas
    return r;
  };
  let state = construct(model).state;
  let searchTimedOut = improve(state).timedOut;
  for (let round = 0; round < REFLOW_ROUNDS && !searchTimedOut; round++) {
    const next = reflow(state).state;
    searchTimedOut = improve(next).timedOut;
    if (next.cost < state.cost - 1e-9) state = next;
    else break;
  }
  const search = { timedOut: searchTimedOut };
  const chainPrice = chainPricesAt(state);

  const evaluated = evaluateCover(model, state.holder);
  const cost = evaluated.cost;
  // bound: Lagrangian at the flow's prices, then subgradient steps (the better of two starting points)
  const bm = compileBound(model);
  const start = initialPrices(bm, state.holder, state.load, chainPrice);
  let bound = -Infinity;
  let boundTimedOut = false;
  if (Date.now() <= options.deadline || model.nDuties === 0) {
    const res = improveBound(bm, start, () => cost, options.deadline, MAX_BOUND_ITERATIONS, TARGET_GAP);
    bound = res.bound;
    boundTimedOut = res.timedOut;
  } else {
    bound = lagrangeValue(bm, start).value;
    boundTimedOut = true;
  }
  // floating-point safety margin: the bound is a sum of many terms
  bound -= 1e-9 * Math.max(1, Math.abs(bound));
  if (bound > cost) bound = cost;
  const gap = (cost - bound) / Math.max(1, Math.abs(cost));
  const status: CoverResult['status'] =
    gap <= 1e-7 ? 'optimal' : search.timedOut || boundTimedOut ? 'timedout' : 'feasible';

  const shortfalls: { duty: number; reason: string }[] = [];
  for (let d = 0; d < model.nDuties; d++) if (state.holder[d] < 0) shortfalls.push({ duty: d, reason: shortfallReason(state, d) });

  return {
    status,
    holder: state.holder.slice(),
    shortfalls,
    objective: { ...evaluated.objective },
    cost,
    bound,
    gap,
    loadMinutes: evaluated.loadMinutes,
  };
}
