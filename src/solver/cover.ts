// Staff cover (看护/社团/延时接送) of every duty of the weekly template: P2 P3 P4 P5 P7 P8.
// Interface agreed with the PLANNER: /work/briefs/cover-interface.md.
import type { Instance } from '../model/schema.js';

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

export function planCover(instance: Instance, duties: readonly CoverDuty[], options: CoverOptions): CoverResult {
  void instance; void duties; void options;
  throw new Error('planCover: under construction (COVER helper)');
}
