// The independent checker's result: every broken rule as a violation, every declared shortfall
// (a duty or room nobody could take, listed in the schedule's `shortfalls` or with a substitution reason).
import type { WeekdayName } from '../model/schema.js';

/** Rule ids: domain.md ids (S1 … W1, T1, T2), P6-FAIR, plus RUN, COST, UNPLACED, SHORTFALL, FORMAT. */
export type RuleId =
  | 'FORMAT'
  | 'S1'
  | 'S3'
  | 'S4'
  | 'S5'
  | 'S6'
  | 'S2'
  | 'R1'
  | 'R2'
  | 'RUN'
  | 'P2'
  | 'P3'
  | 'P4'
  | 'P5'
  | 'P7'
  | 'P8'
  | 'COST'
  | 'UNPLACED'
  | 'SHORTFALL'
  | 'T1'
  | 'T2'
  | 'P6'
  | 'P6-FAIR'
  | 'W1';

export type Violation = {
  readonly rule: RuleId;
  /** JSON Pointer into the schedule ("" = the whole document) */
  readonly path?: string;
  /** 简体中文 */
  readonly message: string;
};

/** A duty or room left empty (null) in the schedule and declared as a shortfall (not a violation). */
export type DeclaredShortfall = {
  /** JSON Pointer to the null in the schedule */
  readonly path: string;
  /** duty string as in docs/decisions.md "Duty strings": `group <id> block <i>`, `club <id>`, `latePickup <day> #<n>`, `room group <id>`, … */
  readonly duty: string;
  readonly day?: WeekdayName;
  readonly date?: string;
  readonly reason: string;
};

export type CheckResult = {
  readonly violations: readonly Violation[];
  readonly shortfalls: readonly DeclaredShortfall[];
  /** club cost recomputed from the schedule (docs/decisions.md "clubCost") */
  readonly clubCost: number;
};
