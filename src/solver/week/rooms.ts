// Rooms (场地): R1 kind and capacity, R2 one use at a time. A group holds its room for its whole afternoon;
// a club holds its room for its club block on each of its days.
import { WEEKDAY_ZH_BY_INDEX as DAY_NAMES_ZH } from '../../model/clock.js';
import { WEEKDAYS } from '../../model/schema.js';
import { clubRoomOk, daysOf, type Compiled } from '../compile.js';
import type { Group } from './groups.js';

/** Room bookings: per (day · nRooms + room) a flat list [start0, end0, start1, end1, …] of half-open intervals. */
export type RoomUse = { readonly nRooms: number; readonly busy: readonly number[][] };


export function emptyRoomUse(c: Compiled): RoomUse {
  return { nRooms: c.nRooms, busy: Array.from({ length: 7 * c.nRooms }, () => []) };
}

export function cloneRoomUse(use: RoomUse): RoomUse {
  return { nRooms: use.nRooms, busy: use.busy.map((l) => l.slice()) };
}

/** R2 is room r free on weekday d during [s, e)? */
export function roomFree(use: RoomUse, r: number, d: number, s: number, e: number): boolean {
  const l = use.busy[d * use.nRooms + r];
  for (let i = 0; i < l.length; i += 2) if (l[i] < e && s < l[i + 1]) return false;
  return true;
}

/** is room r free during [s, e) on every weekday of mask? */
export function roomFreeOn(use: RoomUse, r: number, mask: number, s: number, e: number): boolean {
  for (let d = 0; d < 7; d++) if (mask & (1 << d) && !roomFree(use, r, d, s, e)) return false;
  return true;
}

export function bookRoom(use: RoomUse, r: number, mask: number, s: number, e: number): void {
  for (let d = 0; d < 7; d++) if (mask & (1 << d)) (use.busy[d * use.nRooms + r] as number[]).push(s, e);
}

export function unbookRoom(use: RoomUse, r: number, mask: number, s: number, e: number): void {
  for (let d = 0; d < 7; d++) {
    if (!(mask & (1 << d))) continue;
    const l = use.busy[d * use.nRooms + r] as number[];
    for (let i = 0; i < l.length; i += 2) {
      if (l[i] === s && l[i + 1] === e) {
        l.splice(i, 2);
        break;
      }
    }
  }
}

export type GroupRooms = {
  /** per group: room index, −1 when none fits (a shortfall) */
  readonly groupRoom: Int32Array;
  /** bookings after the groups */
  readonly use: RoomUse;
  /** per group without a room: Chinese reason */
  readonly reasons: ReadonlyMap<number, string>;
};

/** R1 R2 group rooms, day by day: own classroom first (objective: groups in their own classrooms), then the
 * smallest free room of an allowed kind, largest groups first. If that leaves a group without a room, a pure
 * largest-first smallest-fit pass (optimal for nested capacities) is tried and kept when it places more. */
export function planGroupRooms(c: Compiled, groups: readonly Group[]): GroupRooms {
  const groupRoom = new Int32Array(groups.length).fill(-1);
  const use = emptyRoomUse(c);
  const reasons = new Map<number, string>();
  const ofDay = new Map<number, number[]>();
  groups.forEach((g, i) => {
    let l = ofDay.get(g.day);
    if (!l) ofDay.set(g.day, (l = []));
    l.push(i);
  });
  const allowed: number[] = [];
  for (let r = 0; r < c.nRooms; r++) if (c.roomGroupOk[r]) allowed.push(r);
  // smallest capacity first, instance order on ties
  allowed.sort((a, b) => c.roomCap[a] - c.roomCap[b] || a - b);
  const span = (gi: number): [number, number] => [c.tlStart[groups[gi].timeline], c.tlEnd[groups[gi].timeline]];

  for (const d of [...ofDay.keys()].sort((a, b) => a - b)) {
    const list = ofDay.get(d)!;
    const bySize = [...list].sort((a, b) => groups[b].students.length - groups[a].students.length || a - b);
    const attempt = (ownFirst: boolean): { rooms: Map<number, number>; busy: Map<number, number[]> } => {
      const rooms = new Map<number, number>();
      const busy = new Map<number, number[]>();
      const free = (r: number, s: number, e: number): boolean => {
        const l = busy.get(r);
        if (l) for (let i = 0; i < l.length; i += 2) if (l[i] < e && s < l[i + 1]) return false;
        return true;
      };
      const take = (gi: number, r: number): void => {
        const [s, e] = span(gi);
        rooms.set(gi, r);
        let l = busy.get(r);
        if (!l) busy.set(r, (l = []));
        l.push(s, e);
      };
      if (ownFirst) {
        const own = [...bySize].sort(
          (a, b) => Number(groups[b].standalone) - Number(groups[a].standalone) || groups[b].students.length - groups[a].students.length || a - b,
        );
        for (const gi of own) {
          const k = groups[gi].homeClass;
          const r = k >= 0 ? c.classRoom[k] : -1;
          const [s, e] = span(gi);
          if (r >= 0 && c.roomGroupOk[r] && c.roomCap[r] >= groups[gi].students.length && free(r, s, e)) take(gi, r);
        }
      }
      for (const gi of bySize) {
        if (rooms.has(gi)) continue;
        const [s, e] = span(gi);
        const n = groups[gi].students.length;
        for (const r of allowed) {
          if (c.roomCap[r] >= n && free(r, s, e)) {
            take(gi, r);
            break;
          }
        }
      }
      return { rooms, busy };
    };
    let best = attempt(true);
    if (best.rooms.size < list.length) {
      const alt = attempt(false);
      if (alt.rooms.size > best.rooms.size) best = alt;
    }
    for (const [gi, r] of best.rooms) {
      groupRoom[gi] = r;
      const [s, e] = span(gi);
      bookRoom(use, r, 1 << d, s, e);
    }
    for (const gi of list) {
      if (groupRoom[gi] >= 0) continue;
      const n = groups[gi].students.length;
      const big = allowed.filter((r) => c.roomCap[r] >= n).length;
      const kinds = c.policy.groupRoomKinds.join('、');
      reasons.set(
        gi,
        `${DAY_NAMES_ZH[d]}：${list.length} 个看护班需要房间（类型：${kinds}），可用的只有 ${allowed.length} 间，` +
          `能容纳 ${n} 人的 ${big} 间已全部占用；请增加可用房间，或在 policy.groupRoomKinds 中允许更多房间类型`,
      );
    }
  }
  return { groupRoom, use, reasons };
}

/** rooms of a kind club j may use (R1), smallest first */
export function clubRooms(c: Compiled, j: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < c.nRooms; r++) if (clubRoomOk(c, j, r)) out.push(r);
  return out.sort((a, b) => c.roomCap[a] - c.roomCap[b] || a - b);
}

/** rooms club j may use on weekdays `mask`, free at its club block, smallest first (`allowed`: clubRooms(c, j)) */
export function freeClubRooms(c: Compiled, use: RoomUse, j: number, mask: number, allowed: readonly number[] = clubRooms(c, j)): number[] {
  const s = c.clubStart[j];
  const e = c.clubEnd[j];
  return allowed.filter((r) => roomFreeOn(use, r, mask, s, e));
}

/** The smallest room of the list with capacity ≥ target, else the largest (−1 for an empty list). */
export function pickRoom(c: Compiled, sortedRooms: readonly number[], target: number): number {
  for (const r of sortedRooms) if (c.roomCap[r] >= target) return r;
  return sortedRooms.length ? sortedRooms[sortedRooms.length - 1] : -1;
}

/** Objective "clubs in the smallest room that fits": re-fit the rooms of running clubs to their final sizes,
 * largest clubs first, each into the smallest free room that fits. Kept only if every club that had a room gets
 * one; otherwise the reserved rooms stay (they fit: sizes never exceed the reserved capacity). */
export function fitClubRooms(
  c: Compiled,
  groupUse: RoomUse,
  clubMask: Int32Array,
  clubSize: Int32Array,
  running: Uint8Array,
  reserved: Int32Array,
): Int32Array {
  const use = cloneRoomUse(groupUse);
  const out = new Int32Array(c.nClubs).fill(-1);
  const order: number[] = [];
  for (let j = 0; j < c.nClubs; j++) if (running[j] && reserved[j] >= 0) order.push(j);
  order.sort((a, b) => clubSize[b] - clubSize[a] || a - b);
  let ok = true;
  for (const j of order) {
    const r = freeClubRooms(c, use, j, clubMask[j]).find((x) => c.roomCap[x] >= clubSize[j]);
    if (r === undefined) {
      ok = false;
      break;
    }
    out[j] = r;
    bookRoom(use, r, clubMask[j], c.clubStart[j], c.clubEnd[j]);
  }
  if (ok) return out;
  const back = new Int32Array(c.nClubs).fill(-1);
  for (const j of order) back[j] = reserved[j];
  return back;
}

/** "周二、周四" */
export function daysZh(mask: number): string {
  return daysOf(mask)
    .map((d) => DAY_NAMES_ZH[d])
    .join('、');
}

export const weekdayName = (d: number): string => WEEKDAYS[d];
