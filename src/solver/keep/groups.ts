// Keep the previous grouping where the rule allows a choice: the grouping rule fixes which classes are standalone
// and how many groups each pool needs, not which pieces students of a split class go to, nor which mixed group is
// called `mix1`. So (1) the students of a split class go back to the piece they were in (same sizes), and
// (2) the mixed groups of one day and pool take the ids of the previous groups they share most students with.
import type { Schedule } from '../../model/schema.js';
import { WEEKDAYS } from '../../model/schema.js';
import type { Compiled } from '../compile.js';
import type { Group, GroupPlan } from '../week/groups.js';

/** The pool of a mixed group id: `mon/g3-mix2` → `mon/g3-mix`; undefined for a standalone id. */
const mixPool = (id: string): string | undefined => {
  const m = /^(.*-mix)\d+$/.exec(id);
  return m ? m[1] : undefined;
};

/** Align a fresh grouping with the previous schedule's (see the file header); S1 S3 S4 are untouched. */
export function alignGroups(c: Compiled, plan: GroupPlan, previous: Schedule): GroupPlan {
  const studentIndex = new Map(c.instance.students.map((s, i) => [s.id, i] as const));
  // previous group per (student · 7 + day)
  const prevGroup = new Map<number, string>();
  const prevMembers = new Map<string, Set<number>>();
  for (const g of previous.week.groups) {
    const day = (WEEKDAYS as readonly string[]).indexOf(g.day);
    const set = new Set<number>();
    for (const id of g.students) {
      const s = studentIndex.get(id);
      if (s === undefined) continue;
      prevGroup.set(s * 7 + day, g.id);
      set.add(s);
    }
    prevMembers.set(g.id, set);
  }
  const groups: Group[] = plan.groups.map((g) => ({ ...g }));
  // (1) split classes: pieces `<day>/<class>`, `<day>/<class>#2`, … keep their sizes, students go back where they were
  const pieces = new Map<string, number[]>();
  groups.forEach((g, gi) => {
    if (!g.standalone) return;
    const base = g.id.replace(/#\d+$/, '');
    pieces.set(base, [...(pieces.get(base) ?? []), gi]);
  });
  for (const list of pieces.values()) {
    if (list.length < 2) continue;
    const sizes = list.map((gi) => groups[gi].students.length);
    const all = list.flatMap((gi) => [...groups[gi].students]).sort((a, b) => a - b);
    const day = groups[list[0]].day;
    const into: number[][] = list.map(() => []);
    const rest: number[] = [];
    for (const s of all) {
      const k = list.findIndex((gi) => groups[gi].id === prevGroup.get(s * 7 + day));
      if (k >= 0 && into[k].length < sizes[k]) into[k].push(s);
      else rest.push(s);
    }
    for (const s of rest) into[into.findIndex((x, k) => x.length < sizes[k])].push(s);
    list.forEach((gi, k) => {
      groups[gi] = { ...groups[gi], students: Int32Array.from(into[k].sort((a, b) => a - b)) };
    });
  }
  // (2) mixed groups: the ids of a day's pool are permuted to follow the previous members
  const pools = new Map<string, number[]>();
  groups.forEach((g, gi) => {
    const pool = mixPool(g.id);
    if (pool !== undefined) pools.set(pool, [...(pools.get(pool) ?? []), gi]);
  });
  for (const [pool, list] of pools) {
    const ids = list.map((gi) => groups[gi].id);
    const candidates = [...prevMembers.keys()].filter((id) => mixPool(id) === pool && ids.includes(id));
    const pairs: { gi: number; id: string; overlap: number }[] = [];
    for (const gi of list) {
      for (const id of candidates) {
        const members = prevMembers.get(id)!;
        let overlap = 0;
        for (const s of groups[gi].students) if (members.has(s)) overlap++;
        if (overlap > 0) pairs.push({ gi, id, overlap });
      }
    }
    pairs.sort((a, b) => b.overlap - a.overlap || a.gi - b.gi || (a.id < b.id ? -1 : 1));
    const named = new Map<number, string>();
    const used = new Set<string>();
    for (const p of pairs) {
      if (named.has(p.gi) || used.has(p.id)) continue;
      named.set(p.gi, p.id);
      used.add(p.id);
    }
    const free = ids.filter((id) => !used.has(id));
    for (const gi of list) if (!named.has(gi)) named.set(gi, free.shift()!);
    for (const gi of list) groups[gi] = { ...groups[gi], id: named.get(gi)! };
  }
  // the planner lists a day's groups by id order within each kind; keep the fresh order (ids are just relabelled)
  const studentGroup = new Int32Array(plan.studentGroup.length).fill(-1);
  groups.forEach((g, gi) => {
    for (const s of g.students) studentGroup[s * 7 + g.day] = gi;
  });
  return { groups, studentGroup };
}
