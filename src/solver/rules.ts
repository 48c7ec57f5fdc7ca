// Staff eligibility and the overlap rule (docs/rules.md P2 P3 P4 P5 P7 P8), stated once for every stage of the
// solver: compile (week stages), the cover model and the semester's substitutes all call these functions over
// their own compiled facts. Imports only model/. The checker has its own independent copy (src/checker).
import type { Staff } from '../model/schema.js';

/** P8 the weekly load bound of a staff member without `maxPeriodsPerWeek` (none). */
export const NO_WEEKLY_LIMIT = Infinity;

// P3 an insider (校内教职工) holds the teacher or leader role
export const isInsider = (roles: readonly string[]): boolean => roles.includes('teacher') || roles.includes('leader');

// P2 P3 may take some duty at all: not exempt, no misconduct, an insider or a vetted outsider
export const mayServe = (s: Staff): boolean => !s.exempt && !s.misconduct && (isInsider(s.roles) || s.vetted === true);

// P7 a vetted outsider with the security role (保安), who may take late pickup
export const isVettedSecurity = (s: Staff): boolean => !isInsider(s.roles) && s.vetted === true && s.roles.includes('security');

// P2 free on every weekday of the duty (weekday bit masks: unavailable days vs the duty's days)
export const availableOn = (unavailableMask: number, dutyDayMask: number): boolean => (unavailableMask & dutyDayMask) === 0;

// P3 group blocks (study included) only for insiders
export const mayHoldGroupBlock = (insider: boolean): boolean => insider;

// P4 a club with a skill is led by someone who has that skill
export const hasClubSkill = (skills: ReadonlySet<string>, skill: string | undefined): boolean => skill === undefined || skills.has(skill);

// P7 late pickup only for insiders or vetted security staff
export const mayTakeLatePickup = (insider: boolean, vettedSecurity: boolean): boolean => insider || vettedSecurity;

// P5 two duties on one weekday overlap when their half-open intervals [start, end) do (touching is fine)
export const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number): boolean => aStart < bEnd && bStart < aEnd;

// P8 the weekly load bound in minutes: maxPeriodsPerWeek × lessonMinutes, NO_WEEKLY_LIMIT when none
export const weeklyLimitMinutes = (s: Staff, lessonMinutes: number): number =>
  s.maxPeriodsPerWeek !== undefined ? s.maxPeriodsPerWeek * lessonMinutes : NO_WEEKLY_LIMIT;
