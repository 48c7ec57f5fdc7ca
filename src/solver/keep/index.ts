// Re-planning that keeps the plan (minimal perturbation, as UniTime's MPP mode): `solve(instance, { keep })` plans
// a changed instance while changing as few assignments of the previous schedule as it can. The objective order:
// feasibility (every rule, every duty the fresh plan covers), then fewest changes, then the usual objectives.
// Each stage keeps what it may: grouping (split classes' pieces, mixed groups' ids: groups.ts), cover (the
// previous holder of each duty, honoured like a pin: cover/wants.ts), rooms (rooms.ts), the semester (previous
// inspectors and substitutes where still valid) and the clubs (clubStageKeep: the club stage's previous-plan option).
// diff.ts lists every change in Chinese and counts them. May import: src/model, src/solver/compile.ts, and the
// stages' folders week/ and cover/ (types and the wants hook); nothing above the solver.
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
 * The club stage's "previous plan" option (week/club-stage.ts): with it the stage minimises changes first — students'
 * clubs and club days exactly, previous rooms and leaders where still possible — then clubCost (docs/clubs.md).
 */
export function clubStageKeep(previous: Schedule): { readonly previous: Schedule['week']['clubs'] } {
  return { previous: previous.week.clubs };
}
