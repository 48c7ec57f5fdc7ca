// Staff cover (看护/社团/延时接送) of every duty of the weekly template: P2 P3 P4 P5 P7 P8.
// The interface (duties in, one holder per duty out) is described in docs/cover.md. This folder holds the cover
// sub-solver: its model and state, the flow construction, local search, shortfall reasons and the Lagrangian bound
// (bound, bundle, column generation). May import: src/model, src/solver/rules.ts, src/solver/kernel.
import type { Instance } from '../../model/schema.js';
import { compileBound, initialPrices, priceClasses } from './bound.js';
import { bundleBound } from './bundle.js';
import { columnGeneration, planColumns } from './colgen.js';
import { chainPricesAt, construct } from './construct.js';
import { compileCover, evaluateCover } from './model.js';
import type { CoverDuty } from './model.js';
import { seededRandom } from '../kernel/random.js';
import { shortfallReason } from './reasons.js';
import { ejectForUncovered, rebuildCapped, ejectNonBlocks, localSearch } from './search.js';
import { fullCost } from './state.js';

export { COVER_WEIGHTS, type CoverDuty } from './model.js';

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
const TARGET_GAP = 1e-5;
/** Column generation (an LP master) for instances up to this many duties; the bundle method above it. */
const COLGEN_MAX_DUTIES = 250;
const COLGEN_ROUNDS = 30;
/** Bundle rounds above COLGEN_MAX_DUTIES: a fixed count by size (deterministic), each one solves every staff
 * member's subproblem once (1200 duties: 14 rounds, 3600: 8). */
const bundleRounds = (nDuties: number): number => Math.max(8, Math.min(30, Math.round(4 + 12_000 / Math.max(1, nDuties))));
const BUNDLE_STEPS = 100;
const BUNDLE_DELTA = 3;

/**
 * Assigns one staff member to every duty of the weekly template (P2-P5 P7 P8): a min-cost flow of whole
 * afternoons over (staff, day) slots with convex load arcs, local search with ejection moves, and a Lagrangian
 * lower bound (docs/cover.md). Deterministic for a given seed; stops improving at options.deadline.
 */
/** Wall-clock milliseconds of the phases of the last planCover call (diagnostics only; not part of results). */
export const coverTimings: Record<string, number> = {};

export function planCover(instance: Instance, duties: readonly CoverDuty[], options: CoverOptions): CoverResult {
  let lap = performance.now();
  const mark = (phase: string): void => {
    const now = performance.now();
    coverTimings[phase] = Math.round((now - lap) * 10) / 10;
    lap = now;
  };
  const model = compileCover(instance, duties);
  mark('compile');
  const rng = seededRandom(options.seed);

  // plan: flow + local search, then ejection moves (shortfalls, clubs and pickups) until nothing improves
  const state = construct(model).state;
  mark('construct');
  let search = localSearch(state, rng, options.deadline);
  for (let k = 0; k < 4 && !search.timedOut; k++) {
    const changed = ejectForUncovered(state, options.deadline) + ejectNonBlocks(state, options.deadline);
    if (changed === 0) break;
    search = localSearch(state, rng, options.deadline);
  }
  // duties still uncovered while staff with a load bound hold duties: ruin and recreate their share
  if (!search.timedOut) rebuildCapped(state, rng, options.deadline);
  // last pass with the wider neighbourhood (prefixes and suffixes of runs)
  if (!search.timedOut) search = localSearch(state, rng, options.deadline, 50, true);
  state.cost = fullCost(state); // drop accumulated rounding of the incremental deltas
  const evaluated = evaluateCover(model, state.holder);
  const cost = evaluated.cost;
  mark('search');

  // bound: Lagrangian at prices from the chain flow at this plan, then column generation (small instances) or
  // bundle rounds; a fixed amount of work (deterministic), the deadline only as a safety stop
  const bm = compileBound(model);
  const start = initialPrices(bm, state.holder, state.load, chainPricesAt(state));
  mark('prices');
  let bound: number;
  let boundTimedOut: boolean;
  if (model.nDuties <= COLGEN_MAX_DUTIES) {
    const pc = priceClasses(model);
    const res = columnGeneration(bm, pc.classOf, pc.count, start, state, {
      deadline: options.deadline,
      maxRounds: COLGEN_ROUNDS,
      targetGap: TARGET_GAP,
      upper: () => cost,
    });
    bound = res.bound;
    boundTimedOut = res.timedOut;
  } else {
    const pc = priceClasses(model);
    const res = bundleBound(bm, pc.classOf, pc.count, start, {
      deadline: options.deadline,
      rounds: bundleRounds(model.nDuties),
      steps: BUNDLE_STEPS,
      delta: BUNDLE_DELTA,
      targetGap: TARGET_GAP,
      upper: () => cost,
      seed: planColumns(bm, state),
    });
    bound = res.bound;
    boundTimedOut = res.timedOut;
  }
  mark('bound');
  // floating-point safety margin: the bound is a sum of many terms
  bound -= 1e-9 * Math.max(1, Math.abs(bound));
  if (bound > cost) bound = cost;
  const gap = (cost - bound) / Math.max(1, Math.abs(cost));
  const status: CoverResult['status'] = gap <= 1e-7 ? 'optimal' : search.timedOut || boundTimedOut ? 'timedout' : 'feasible';

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
