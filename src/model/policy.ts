// Policy defaults (format.md `policy`, domain rules S3 S4 T6 M1 P6 P7), applied in this one place.
import type { Instance, Policy } from './schema.js';

/** Every planning field with its default; `payPerPeriod` (pay for the workload table only) has none. */
export type ResolvedPolicy = Required<Omit<Policy, 'payPerPeriod'>> & Pick<Policy, 'payPerPeriod'>;

export const DEFAULT_POLICY: ResolvedPolicy = {
  maxGroupSize: 45,
  standaloneRatio: 0.5,
  maxStudyPeriods: 1,
  feePerPeriod: 2.3,
  maxChargedPeriodsPerDay: 2,
  inspectorsPerDay: 1,
  latePickupStaffPerDay: 1,
  latePickupMinutes: 30,
  mixGrades: false,
  clubsPerStudent: 1,
  groupRoomKinds: ['classroom'],
};

export const DEFAULT_LESSON_MINUTES = 40;

/** The instance's policy with every default filled in. */
export function resolvePolicy(policy: Policy | undefined): ResolvedPolicy {
  const given = Object.fromEntries(Object.entries(policy ?? {}).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_POLICY, ...given } as ResolvedPolicy;
}

/** One 课时 in minutes (T3). */
export function lessonMinutes(instance: Pick<Instance, 'school'>): number {
  return instance.school.lessonMinutes ?? DEFAULT_LESSON_MINUTES;
}
