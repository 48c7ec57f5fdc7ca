// Keep the previous rooms (R1 R2): a group or club that exists in both plans goes back to its previous room when
// that room still fits (kind, seats) and is free then; when another group or club holds it and can take this one's
// room instead, the two swap. Works on the finished week (rooms decide nothing else).
import type { Instance, Schedule, WeekdayName } from '../../model/schema.js';
import { parseTime } from '../../model/clock.js';
import { resolvePolicy } from '../../model/policy.js';

type Use = { kind: 'group' | 'club'; index: number; days: readonly WeekdayName[]; start: number; end: number; size: number; kinds: readonly string[] | undefined };

const minutes = (t: string): number => parseTime(t) ?? 0;

/** The week with rooms moved back to the previous plan's where R1 and R2 allow (see the file header). */
export function keepRooms(instance: Instance, week: Schedule['week'], previous: Schedule['week']): { week: Schedule['week']; moved: number } {
  const policy = resolvePolicy(instance.policy);
  const rooms = new Map(instance.rooms.map((r) => [r.id, r] as const));
  const timelines = new Map(instance.timelines.map((t) => [t.id, t] as const));
  const gradeTimeline = new Map<number, (typeof instance.timelines)[number]>();
  for (const t of instance.timelines) for (const g of t.grades) if (!gradeTimeline.has(g)) gradeTimeline.set(g, t);
  const clubs = new Map((instance.clubs ?? []).map((c) => [c.id, c] as const));
  const uses: Use[] = [];
  const room: (string | null)[] = [];
  week.groups.forEach((g, i) => {
    const t = timelines.get(g.timeline);
    const start = t ? Math.min(...t.blocks.map((b) => minutes(b.start))) : 0;
    const end = t ? Math.max(...t.blocks.map((b) => minutes(b.end))) : 0;
    uses.push({ kind: 'group', index: i, days: [g.day], start, end, size: g.students.length, kinds: policy.groupRoomKinds });
    room.push(g.room);
  });
  week.clubs.forEach((c, i) => {
    const club = clubs.get(c.club);
    let start = 0;
    let end = 0;
    for (const gr of club?.grades ?? []) {
      const b = gradeTimeline.get(gr)?.blocks.find((x) => x.kind === 'club');
      if (b) {
        start = minutes(b.start);
        end = minutes(b.end);
        break;
      }
    }
    uses.push({ kind: 'club', index: i, days: [...new Set(c.days)], start, end, size: c.students.length, kinds: club?.roomKinds });
    room.push(c.room);
  });
  const prevGroup = new Map(previous.groups.map((g) => [g.id, g.room] as const));
  const prevClub = new Map(previous.clubs.map((c) => [c.club, c.room] as const));
  const wanted = (u: number): string | null | undefined =>
    uses[u].kind === 'group' ? prevGroup.get(week.groups[uses[u].index].id) : prevClub.get(week.clubs[uses[u].index].club);
  // R1 the room fits this use
  const fits = (u: number, r: string): boolean => {
    const x = rooms.get(r);
    if (!x || x.capacity < uses[u].size) return false;
    const kinds = uses[u].kinds;
    return kinds === undefined || kinds.length === 0 || kinds.includes(x.kind);
  };
  const meet = (a: number, b: number): boolean =>
    uses[a].start < uses[b].end && uses[b].start < uses[a].end && uses[a].days.some((d) => uses[b].days.includes(d));
  // R2 the uses holding room r at the same time as u (besides `except`)
  const holders = (u: number, r: string, except: number): number[] => {
    const out: number[] = [];
    for (let v = 0; v < uses.length; v++) if (v !== u && v !== except && room[v] === r && meet(u, v)) out.push(v);
    return out;
  };
  let moved = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let u = 0; u < uses.length; u++) {
      const want = wanted(u);
      if (want === undefined || want === null || room[u] === null || want === room[u] || !fits(u, want)) continue;
      const blocking = holders(u, want, -1);
      if (blocking.length === 0) {
        room[u] = want;
        moved++;
        continue;
      }
      // a swap: the single holder moves into u's current room, when that fits it and is free for it
      const mine = room[u];
      if (blocking.length !== 1 || mine === null) continue;
      const v = blocking[0];
      if (!fits(v, mine) || holders(v, mine, u).length > 0 || wanted(v) === want) continue;
      room[u] = want;
      room[v] = mine;
      moved++;
    }
  }
  const groups = week.groups.map((g, i) => (room[i] === g.room ? g : { ...g, room: room[i] }));
  const n = week.groups.length;
  const clubList = week.clubs.map((c, i) => (room[n + i] === c.room ? c : { ...c, room: room[n + i] }));
  return { week: { ...week, groups, clubs: clubList }, moved };
}
