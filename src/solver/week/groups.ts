// Grouping (编班) per service weekday: S1 every attending student in exactly one group, S3 at most
// maxGroupSize, S4 standalone classes (独立编班) and mixed groups (混合编班) of the remaining students.
import { WEEKDAYS } from '../../model/schema.js';
import type { Compiled } from '../compile.js';

export type Group = {
  /** `<day>/<class>`, `<day>/<class>#2`, `<day>/g<grade>-mix<k>`, `<day>/<timeline>-mix<k>` */
  readonly id: string;
  readonly day: number;
  readonly timeline: number;
  /** class indices, ascending */
  readonly classes: readonly number[];
  /** grades of its students, ascending */
  readonly grades: readonly number[];
  /** student indices, ascending */
  readonly students: Int32Array;
  readonly standalone: boolean;
  /** the class whose classroom is this group's own room (most students; first piece of a split class) */
  readonly homeClass: number;
};

export type GroupPlan = {
  readonly groups: readonly Group[];
  /** per (student · 7 + day): group index, −1 when the student does not attend that day */
  readonly studentGroup: Int32Array;
};

/** S4: class of `attending` out of `size` is standalone that day. A small tolerance errs on the standalone side,
 * which is always a valid grouping (a group of one class is also a valid mixed group). */
export function isStandalone(attending: number, size: number, ratio: number): boolean {
  return attending > 0 && attending >= ratio * size - 1e-9;
}

/** Split n items into k balanced consecutive pieces (sizes differ by at most one, larger first). */
export function balancedSizes(n: number, k: number): number[] {
  const base = Math.floor(n / k);
  const extra = n % k;
  return Array.from({ length: k }, (_, i) => base + (i < extra ? 1 : 0));
}

/** The grouping stage: pure over the compiled instance. */
export function planGroups(c: Compiled): GroupPlan {
  const M = Math.max(1, c.policy.maxGroupSize);
  const ratio = c.policy.standaloneRatio;
  // mixed groups must fit a group room: cap them by the largest room of an allowed kind (when there is one)
  let roomMax = 0;
  for (let r = 0; r < c.nRooms; r++) if (c.roomGroupOk[r]) roomMax = Math.max(roomMax, c.roomCap[r]);
  const mixCap = roomMax > 0 ? Math.min(M, roomMax) : M;

  // students of each class, instance order
  const byClass: number[][] = Array.from({ length: c.nClasses }, () => []);
  for (let s = 0; s < c.nStudents; s++) {
    const k = c.studentClass[s];
    if (k >= 0 && c.classTimeline[k] >= 0) byClass[k].push(s);
  }

  const groups: Group[] = [];
  const studentGroup = new Int32Array(c.nStudents * 7).fill(-1);
  const push = (g: Group): void => {
    const gi = groups.length;
    groups.push(g);
    for (const s of g.students) studentGroup[s * 7 + g.day] = gi;
  };
  const gradesOf = (cls: readonly number[]): number[] => [...new Set(cls.map((k) => c.classGrade[k]))].sort((a, b) => a - b);

  for (const d of c.days) {
    const dayName = WEEKDAYS[d];
    const bit = 1 << d;
    // pool key → chunks of non-standalone students
    const pools = new Map<number, { readonly cls: number; readonly students: number[] }[]>();
    for (let k = 0; k < c.nClasses; k++) {
      const attending = byClass[k].filter((s) => (c.studentDays[s] & bit) !== 0);
      if (attending.length === 0) continue;
      if (isStandalone(attending.length, c.classSize[k], ratio)) {
        // S4 standalone, S3 split into ⌈n / M⌉ balanced groups
        const parts = Math.ceil(attending.length / M);
        const sizes = balancedSizes(attending.length, parts);
        let at = 0;
        sizes.forEach((n, p) => {
          const id = `${dayName}/${c.instance.classes[k].id}${p === 0 ? '' : '#' + (p + 1)}`;
          push({
            id,
            day: d,
            timeline: c.classTimeline[k],
            classes: [k],
            grades: [c.classGrade[k]],
            students: Int32Array.from(attending.slice(at, at + n)),
            standalone: true,
            homeClass: p === 0 ? k : -1,
          });
          at += n;
        });
      } else {
        const key = c.policy.mixGrades ? -1 - c.classTimeline[k] : c.classGrade[k];
        let pool = pools.get(key);
        if (!pool) pools.set(key, (pool = []));
        pool.push({ cls: k, students: attending });
      }
    }
    // mixed groups, pools in key order (grades ascending, then timelines)
    const keys = [...pools.keys()].sort((a, b) => (a >= 0 && b >= 0 ? a - b : a >= 0 ? -1 : b >= 0 ? 1 : b - a));
    for (const key of keys) {
      const chunks = pools.get(key)!;
      const bins = packMixed(chunks, mixCap);
      bins.forEach((members, b) => {
        const studs = Int32Array.from(members).sort();
        const count = new Map<number, number>();
        for (const s of studs) count.set(c.studentClass[s], (count.get(c.studentClass[s]) ?? 0) + 1);
        const cls = [...count.keys()].sort((x, y) => x - y);
        let home = cls[0];
        for (const k of cls) if ((count.get(k) ?? 0) > (count.get(home) ?? 0)) home = k;
        const tag = key >= 0 ? `g${key}` : c.instance.timelines[-1 - key].id;
        push({
          id: `${dayName}/${tag}-mix${b + 1}`,
          day: d,
          timeline: c.classTimeline[cls[0]],
          classes: cls,
          grades: gradesOf(cls),
          students: studs,
          standalone: false,
          homeClass: home,
        });
      });
    }
  }
  return { groups, studentGroup };
}

/** S3 S4 mixed groups: the fewest groups (⌈n / cap⌉), balanced; whole classes kept together when a
 * worst-fit-decreasing packing manages it, otherwise classes laid end to end and cut into balanced pieces
 * (at most one class split per cut). */
export function packMixed(chunks: readonly { readonly cls: number; readonly students: readonly number[] }[], cap: number): number[][] {
  const total = chunks.reduce((n, ch) => n + ch.students.length, 0);
  const k = Math.ceil(total / cap);
  const order = chunks
    .map((ch, i) => ({ ch, i }))
    .sort((a, b) => b.ch.students.length - a.ch.students.length || a.ch.cls - b.ch.cls || a.i - b.i)
    .map((x) => x.ch);
  // worst-fit decreasing into k bins
  const load = new Array<number>(k).fill(0);
  const bins: number[][] = Array.from({ length: k }, () => []);
  let fits = true;
  for (const ch of order) {
    let best = 0;
    for (let b = 1; b < k; b++) if (load[b] < load[best]) best = b;
    if (load[best] + ch.students.length > cap) {
      fits = false;
      break;
    }
    load[best] += ch.students.length;
    bins[best].push(...ch.students);
  }
  if (fits) return bins;
  const all = order.flatMap((ch) => ch.students);
  const out: number[][] = [];
  let at = 0;
  for (const n of balancedSizes(total, k)) {
    out.push(all.slice(at, at + n));
    at += n;
  }
  return out;
}
