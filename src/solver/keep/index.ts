// Re-planning that keeps the plan (minimal perturbation, as UniTime's MPP mode): `solve(instance, { keep })` plans
// a changed instance while changing as few assignments of the previous schedule as it can. The objective order:
// feasibility (every rule, every duty the fresh plan covers), then fewest changes, then the usual objectives.
// Each stage keeps what it may: grouping (split classes' pieces, mixed groups' ids: groups.ts), cover (the
// previous holder of each duty, honoured like a pin: cover/wants.ts), rooms (rooms.ts), the semester (previous
// inspectors and substitutes where still valid) and — once the club stage offers it — the clubs (clubStageKeep).
// diff.ts lists every change in Chinese and counts them. This folder imports model, the solver's stages and
// nothing above them.
import type { Instance, Schedule } from '../../model/schema.js';
import type { CoverDuty } from '../cover/model.js';
import type { CoverWant } from '../cover/wants.js';

export { diffSchedules, countChanges, type PlanChange, type ChangeKind } from './diff.js';
export { alignGroups } from './groups.js';
export { keepRooms } from './rooms.js';

/** The previous holder of every duty label of a week (`group <id> block <i>`, `club <id>`, `latePickup <day> #<n>`). */
export function previousHolders(week: Schedule['week']): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const g of week.groups) g.cover.forEach((h, i) => out.set(`group ${g.id} block ${i}`, h));
  for (const c of week.clubs) out.set(`club ${c.club}`, c.staff);
  const n = new Map<string, number>();
  for (const d of week.duties) {
    const k = (n.get(d.day) ?? 0) + 1;
    n.set(d.day, k);
    out.set(`latePickup ${d.day} #${k}`, d.staff);
  }
  return out;
}

/**
 * Cover wants that bring back the previous holders: a duty already with its previous holder is fixed; every other
 * duty whose previous holder still exists is a want (in duty order); `prefer` names the previous holder of a duty
 * that has to move.
 */
export function keepCoverWants(
  instance: Instance,
  duties: readonly CoverDuty[],
  holder: Int32Array,
  previous: Schedule,
): { wants: CoverWant[]; fixed: Set<number>; prefer: (duty: number) => number } {
  const staffIndex = new Map<string, number>();
  instance.staff.forEach((s, i) => {
    if (!staffIndex.has(s.id)) staffIndex.set(s.id, i);
  });
  const before = previousHolders(previous.week);
  const prev = new Int32Array(duties.length).fill(-1);
  const wants: CoverWant[] = [];
  const fixed = new Set<number>();
  duties.forEach((d, i) => {
    const id = before.get(d.label);
    const s = id === undefined || id === null ? undefined : staffIndex.get(id);
    if (s === undefined) return;
    prev[i] = s;
    if (holder[i] === s) fixed.add(i);
    else wants.push({ duty: i, staff: s, source: 'keep' });
  });
  return { wants, fixed, prefer: (duty) => prev[duty] };
}

/**
 * Integration point with the club stage's "previous plan" option (issue 10, the clubs helper): the options that
 * make the club stage keep students' clubs and the clubs' rooms, leaders and days. Until that option is on main
 * the club stage plans afresh (its result is deterministic and exact, so an unchanged club problem gives the same
 * clubs) and the changes it makes are listed and counted like every other.
 */
export function clubStageKeep(previous: Schedule): { readonly previous: Schedule['week']['clubs'] } {
  return { previous: previous.week.clubs };
}
