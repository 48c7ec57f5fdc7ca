// Kehou as a library: `import { validateInstance, solve, check, whatIf } from 'kehou'`.
// Validate at the entry, solve the validated instance, check the schedule independently.
export * from './model/schema.js';
export { resolvePolicy, lessonMinutes, DEFAULT_POLICY, type ResolvedPolicy } from './model/policy.js';
export type { Problem, Severity } from './model/problems.js';
export { parseJson } from './model/parse.js';
export { validateInstance, validateSchedule } from './model/validate.js';
export { generateSchool } from './generate/build.js';
export { solve } from './solver/index.js';
export type { SolveOptions, SolveResult, SolveStatus, ProgressEvent } from './solver/api.js';
export { serviceDates } from './model/calendar.js';
export { planSemester } from './solver/semester/plan.js';
export { whatIf, describeChanges, type Change, type WhatIfOptions, type WhatIfResult } from './solver/semester/whatif.js';
export { check, type CheckResult, type Violation } from './checker/index.js';
