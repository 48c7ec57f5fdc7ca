// Shared by the planner tests: solve + independent check (no violations allowed), timing-free JSON.
import { expect } from 'vitest';
import type { Instance, Schedule } from '../../src/model/schema.js';
import { check } from '../../src/checker/index.js';
import { solve, type SolveOptions } from '../../src/solver/index.js';

/** solve, then the independent checker must find no violation */
export function solveChecked(instance: Instance, options: SolveOptions = {}): Schedule {
  const { schedule } = solve(instance, { timeLimit: 5, ...options });
  const result = check(instance, schedule);
  expect(result.violations, JSON.stringify(result.violations.slice(0, 5), null, 1)).toEqual([]);
  return schedule;
}

/** the schedule as JSON without its timing fields */
export function withoutTimings(schedule: Schedule): string {
  const report = { ...(schedule.report as Record<string, unknown>) };
  delete report.timingsMs;
  delete report.solveMs;
  return JSON.stringify({ ...schedule, report });
}

export const groupById = (s: Schedule, id: string) => s.week.groups.find((g) => g.id === id);
export const clubById = (s: Schedule, id: string) => s.week.clubs.find((c) => c.club === id);
