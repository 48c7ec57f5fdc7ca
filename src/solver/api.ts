// The planner's public contract: options in, a status union and the schedule out (never a throw for a
// school that cannot be fully served; shortfalls and unplaced students are in the schedule).
import type { Schedule } from '../model/schema.js';

export type ProgressEvent = { readonly stage: string; readonly fraction: number; readonly message?: string };

export type SolveOptions = {
  /** seed for every random choice; same input + seed → byte-identical output */
  readonly seed?: number;
  /** wall-clock budget in seconds for the improving stages; the best plan so far is returned when it runs out */
  readonly timeLimit?: number;
  /** plan the dated semester too (inspection rotation, leave substitutes, fees); default true */
  readonly semester?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** cancels between stages; the result is then status 'cancelled' with what was planned so far */
  readonly signal?: AbortSignal;
  /** report.advice also suggests extra club sections, each with its gain computed by re-optimising the club
   * stage (slower: one club stage per candidate); default false */
  readonly advice?: boolean;
  /** re-planning that keeps the plan: the previous schedule, changed as little as possible (keep/index.ts) */
  readonly keep?: Schedule;
};

export const DEFAULT_SOLVE_OPTIONS: Required<Omit<SolveOptions, 'onProgress' | 'signal' | 'keep'>> = {
  seed: 1,
  timeLimit: 10,
  semester: true,
  advice: false,
};

/** optimal: every stage with an exact method proved its optimum; feasible: a plan, not proven optimal;
 * timedout: the time budget ran out, best plan so far; cancelled: the signal fired. */
export type SolveStatus = 'optimal' | 'feasible' | 'timedout' | 'cancelled';

export type SolveResult = { readonly status: SolveStatus; readonly schedule: Schedule };
