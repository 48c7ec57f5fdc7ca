// The independent checker's verdict on a result (src/checker), as a job carries it: every result is checked before
// it is marked done, and the verdict also holds the figures of a district's summary table. Computed in the thread
// that planned the school (a large school's check takes a while); plain data, so it crosses threads and Redis.
import { check } from '../checker/index.js';
import type { Instance, Schedule } from '../model/schema.js';

export type Verdict = {
  /** rule violations found by src/checker (0 = the plan keeps every hard rule) */
  readonly violations: number;
  /** the first few violations, as the checker words them */
  readonly first: readonly { readonly rule: string; readonly path?: string; readonly message: string }[];
  /** duties or rooms left empty and declared as shortfalls (无人承担的任务) */
  readonly shortfalls: number;
  /** club cost recomputed by the checker */
  readonly clubCost: number;
  /** the planner's lower bound on the club cost, when it reports one */
  readonly clubCostBound: number | null;
  readonly school: string;
  readonly students: number;
  /** students who wanted a school-level club and got none */
  readonly unplaced: number;
};

export function verdictOf(instance: Instance, schedule: Schedule): Verdict {
  const c = check(instance, schedule);
  const bound = schedule.report?.clubCostBound;
  return {
    violations: c.violations.length,
    first: c.violations.slice(0, 10).map((v) => ({ rule: v.rule, ...(v.path !== undefined ? { path: v.path } : {}), message: v.message })),
    shortfalls: c.shortfalls.length,
    clubCost: c.clubCost,
    clubCostBound: typeof bound === 'number' && Number.isFinite(bound) ? bound : null,
    school: instance.school.name,
    students: instance.students.length,
    unplaced: schedule.unplaced.length,
  };
}
