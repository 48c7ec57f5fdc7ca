// Club sections (平行班, format extension `clubs[].sectionOf`): a further section of a school-level club. Students
// who list the club may join any of its sections at the club's own preference rank; the planner, the checker and
// clubCost all read preferences through this one rule.
import type { Club } from './schema.js';

/** 1-based rank of club `club` in `prefs`: its own position, else (a section) its parent's; 0 when not chosen. */
export function prefRankOf(prefs: readonly string[] | undefined, club: Pick<Club, 'id' | 'sectionOf'>): number {
  const list = prefs ?? [];
  const own = list.indexOf(club.id);
  if (own >= 0) return own + 1;
  if (club.sectionOf !== undefined) {
    const parent = list.indexOf(club.sectionOf);
    if (parent >= 0) return parent + 1;
  }
  return 0;
}
