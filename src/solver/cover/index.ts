// Staff cover (看护/社团/延时接送) of every duty of the weekly template: P2 P3 P4 P5 P7 P8.
// The interface (duties in, one holder per duty out) is described in docs/cover.md. This folder holds the cover
// sub-solver: its model and state, the flow construction, local search, shortfall reasons and the Lagrangian bound
// (bound, bundle, column generation), and the wanted holders honoured after the search (wants.ts: staff pins of
// pins.ts, the previous holders of --keep). May import: src/model, src/solver/rules.ts, src/solver/kernel.
import type { Instance } from '../../model/schema.js';
import { compileBound, initialPrices, priceClasses } from './bound.js';
import { bundleBound } from './bundle.js';
import { columnGeneration, planColumns, staffClassOf } from './colgen.js';
import { chainPricesAt, construct } from './construct.js';
import { compileCover, evaluateCover } from './model.js';
import type { CoverDuty } from './model.js';
import { seededRandom } from '../kernel/random.js';
import { shortfallReason } from './reasons.js';
import { polish, roundColumns } from './improve.js';
import { improveByDays } from './lns.js';

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
/** Column generation (an LP master) for instances up to this many duties; the bundle method above it (measured:
 * longhutang, 1,200 duties, converges in ≈ 21 rounds, ≈ 0.4 s warm, to 8,731.9 where 16 bundle rounds stopped at
 * 8,676.9; the 8,000-student mega school, 3,600 duties, would take 3.3 s where its bundle gap is already 0.7 %). */
const COLGEN_MAX_DUTIES = 1500;
const COLGEN_ROUNDS = 60;
/** Wentges smoothing of the pricing point (measured on the random and small presets: α = 0.5–0.7 best) */
const COLGEN_SMOOTHING = 0.7;

/** How hard the plan and the column generation work, by school size (the small settings up to SMALL_MAX_DUTIES). */
type Effort = {
  /** rounds of the compound moves (chain takeover, exchanges, ejection chains) between local searches: they cost
   * O(chains × staff²) a pass (longhutang: 0.6–1.3 s a polish for −0.3 %) */
  readonly compoundPasses: number;
  /** further columns per staff class and pricing: the next best weekly schedules at other loads (on longhutang
   * 1 instead of 4 gives the same bound in 3,400 pivots instead of 4,500; its preset's seed 2: 3,170 for 3,600) */
  readonly extraColumns: number;
  /** the plan as the LP's first basis: fewer pivots at scale (longhutang: 4,400 instead of 5,000), but the LP then
   * stops at a vertex near the plan, and on small schools the plans rounded from it are worse (random-4: 2,258.96
   * instead of the optimum 2,253.37) */
  readonly crash: boolean;
  /** plans rounded from the LP (the first by weight, the others with perturbed weights), each polished and then
   * given to the day neighbourhoods. The LP's optimum is highly degenerate and the rounded plan depends on the
   * vertex the simplex stops at: on the 14 schools of benchmarks/cover-cbc.mjs 4 roundings reach the best known
   * plan on all but one (small-2: 1,630.5, better than any earlier), 2 miss it on three (up to 0.3 %) */
  readonly roundings: number;
};
const SMALL_MAX_DUTIES = 250;
const SMALL_EFFORT: Effort = { compoundPasses: 1, extraColumns: 4, crash: false, roundings: 4 };
/** longhutang: the LP's plan 8,774.3 after the local search, 8,752.0 after the day neighbourhoods */
const LARGE_EFFORT: Effort = { compoundPasses: 0, extraColumns: 1, crash: true, roundings: 1 };
/** Bundle rounds above COLGEN_MAX_DUTIES: a fixed count by size (deterministic), each one solves every staff
 * member's subproblem once (at least 16: the 8,000-student mega school's bound gains 0.2 % from 8 to 16 rounds,
 * ≈ 0.4 s; 1200 duties: 16 rounds, 600: 24). */
const bundleRounds = (nDuties: number): number => Math.max(16, Math.min(30, Math.round(4 + 12_000 / Math.max(1, nDuties))));
/** model steps per bundle round (longhutang, 16 rounds: 100 steps 1.65 %, 300 steps 1.36 %; mega 0.88 % → 0.81 %) */
const BUNDLE_STEPS = 300;
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

  // plan: flow + local search, ejection moves, the compound moves (chain takeover, exchanges) until none improves
  let state = construct(model).state;
  mark('construct');
  const effort = model.nDuties <= SMALL_MAX_DUTIES ? SMALL_EFFORT : LARGE_EFFORT;
  const passes = effort.compoundPasses;
  let searchTimedOut = polish(state, rng, options.deadline, passes);
  // the bound's start prices come from this plan: measured, they start the bound higher than prices at the plan
  // after the day neighbourhoods (longhutang 8,663.7 vs 8,640.4, mega 23,653.9 vs 23,650.6)
  const pricedHolder = state.holder.slice();
  const pricedLoad = state.load.slice();
  const pricedChains = chainPricesAt(state);
  // large-neighbourhood search: each weekday's afternoons given out again exactly (lns.ts)
  if (!searchTimedOut) searchTimedOut = improveByDays(state, rng, options.deadline);
  mark('search');

  // bound: Lagrangian at prices from the chain flow at the search's plan, then column generation (small instances) or
  // bundle rounds; a fixed amount of work (deterministic), the deadline only as a safety stop
  const bm = compileBound(model);
  const start = initialPrices(bm, pricedHolder, pricedLoad, pricedChains);
  mark('prices');
  let bound: number;
  let boundTimedOut: boolean;
  const pc = priceClasses(model);
  if (model.nDuties <= COLGEN_MAX_DUTIES) {
    const res = columnGeneration(bm, pc.classOf, pc.count, start, state, {
      deadline: options.deadline,
      maxRounds: COLGEN_ROUNDS,
      targetGap: TARGET_GAP,
      upper: () => state.cost,
      smoothing: COLGEN_SMOOTHING,
      extraColumns: effort.extraColumns,
      crash: effort.crash,
    });
    bound = res.bound;
    boundTimedOut = res.timedOut;
    mark('bound');
    // plans rounded from the LP's weekly schedules, polished the same way; the cheapest plan is kept
    if (!searchTimedOut && !boundTimedOut && (state.cost - bound) / Math.max(1, Math.abs(state.cost)) > TARGET_GAP) {
      const cls = staffClassOf(bm);
      const perturb = seededRandom(options.seed + 2);
      for (let k = 0; k < effort.roundings && !searchTimedOut; k++) {
        const rounded = roundColumns(model, res.columns, res.weight, cls, k === 0 ? undefined : perturb);
        searchTimedOut = polish(rounded, seededRandom(options.seed + 1), options.deadline, passes);
        if (!searchTimedOut) searchTimedOut = improveByDays(rounded, seededRandom(options.seed + 1), options.deadline);
        if (rounded.cost < state.cost - 1e-9) state = rounded;
        if ((state.cost - bound) / Math.max(1, Math.abs(state.cost)) <= TARGET_GAP) break;
      }
    }
    mark('rounding');
  } else {
    const res = bundleBound(bm, pc.classOf, pc.count, start, {
      deadline: options.deadline,
      rounds: bundleRounds(model.nDuties),
      steps: BUNDLE_STEPS,
      delta: BUNDLE_DELTA,
      targetGap: TARGET_GAP,
      upper: () => state.cost,
      seed: planColumns(bm, state),
    });
    bound = res.bound;
    boundTimedOut = res.timedOut;
    mark('bound');
  }
  const evaluated = evaluateCover(model, state.holder);
  const cost = evaluated.cost;
  // floating-point safety margin: the bound is a sum of many terms
  bound -= 1e-9 * Math.max(1, Math.abs(bound));
  if (bound > cost) bound = cost;
  const gap = (cost - bound) / Math.max(1, Math.abs(cost));
  const status: CoverResult['status'] = gap <= 1e-7 ? 'optimal' : searchTimedOut || boundTimedOut ? 'timedout' : 'feasible';

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
