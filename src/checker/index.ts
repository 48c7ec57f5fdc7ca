// The independent checker (`kehou check`): reads only the instance and the schedule and recomputes every
// rule of domain.md / docs/decisions.md. It shares no code with the planner (src/solver); it imports only src/model.
// May import: src/model only (the architecture test enforces it).
// Precondition: the instance is valid (validateInstance); the schedule's structure is checked here (FORMAT).
import type { Instance, Schedule } from '../model/schema.js';
import { validateSchedule } from '../model/validate.js';
import { buildContext } from './context.js';
import { templateDuties } from './duties.js';
import { checkSemester } from './semester.js';
import {
  checkCost,
  checkP2P3P4Eligibility,
  checkP5Overlap,
  checkP7LatePickup,
  checkP8Load,
  checkR1Rooms,
  checkR2RoomClash,
  checkRunClubs,
  checkS1Attendance,
  checkS2Priority,
  checkS3GroupSize,
  checkS4Grouping,
  checkS5SchoolClubs,
  checkS6ClubMembers,
  checkUnplaced,
  checkWeekIds,
  checkWeekShortfalls,
  computeClubCost,
} from './week.js';
import type { CheckResult } from './types.js';

export type { CheckResult, DeclaredShortfall, RuleId, Violation } from './types.js';
export { serviceDates } from './semester.js';

export type CheckOptions = {
  /** the caller already ran validateSchedule on this schedule (the CLI does): skip the structural pass */
  readonly structureChecked?: boolean;
};

/** Check a schedule against its instance. A structurally broken schedule yields FORMAT violations only
 * (clubCost NaN); otherwise every rule runs and reports every violation it finds. */
export function check(instance: Instance, schedule: Schedule, options: CheckOptions = {}): CheckResult {
  const structure = options.structureChecked ? undefined : validateSchedule(schedule);
  if (structure && !structure.ok) {
    return {
      violations: structure.errors.map((p) => ({ rule: 'FORMAT', path: p.path, message: p.message })),
      shortfalls: [],
      clubCost: Number.NaN,
    };
  }
  const ctx = buildContext(instance, schedule);
  const duties = templateDuties(ctx);
  // hard rules of the week: students and groups, clubs, rooms, staff
  checkWeekIds(ctx);
  checkS1Attendance(ctx);
  checkS3GroupSize(ctx);
  checkS4Grouping(ctx);
  checkS5SchoolClubs(ctx);
  checkS6ClubMembers(ctx);
  checkS2Priority(ctx);
  checkR1Rooms(ctx);
  checkR2RoomClash(ctx);
  checkRunClubs(ctx);
  checkP2P3P4Eligibility(ctx, duties);
  checkP5Overlap(ctx, duties);
  checkP7LatePickup(ctx);
  checkP8Load(ctx, duties);
  // what the schedule says about itself
  const clubCost = computeClubCost(ctx);
  checkCost(ctx, clubCost);
  checkUnplaced(ctx);
  const shortfalls = checkWeekShortfalls(ctx, duties);
  // the dated semester
  shortfalls.push(...checkSemester(ctx, duties));
  return { violations: ctx.violations, shortfalls, clubCost };
}
