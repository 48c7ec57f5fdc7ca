// Deterministic generator of realistic schools (生成示例学校) for examples, tests and benchmarks: the assembly.
// Same options + seed → deep-equal instance; every random choice comes from a seeded PRNG (rng.ts), never Math.random.
// Presets: small (2 classes a grade), longhutang (the real 10-track 龙虎塘第二实验小学), mega (nine-year,
// 20 classes a grade), stress (≈20,000 students) and random (a small random shape for property tests); their shapes
// are in shape.ts, the names, clubs, rooms and staff kinds they draw from in catalogue.ts. This file turns a shape
// into an instance (classes, rooms, clubs, students, staff, leave) and is the folder's public entry.
import type { Club, Instance, Leave, PriorityKind, Room, SchoolClass, Staff, Student, Timeline, WeekdayName } from '../model/schema.js';
import { INSTANCE_FORMAT, WEEKDAYS } from '../model/schema.js';
import { resolvePolicy, type ResolvedPolicy } from '../model/policy.js';
import { serviceDates, shiftDate } from '../model/calendar.js';
import {
  CHILD_CHARS,
  CLASS_CLUBS,
  cnNumber,
  gradeLabel,
  JUNIOR_CLUBS,
  LEAVE_REASONS,
  LHT_LEADERS,
  OUTSIDER_KINDS,
  PE_SKILLS,
  personName,
  PRIMARY_CLUBS,
  PRIORITY_WEIGHTS,
  ROOM_CAPACITY,
  ROOM_LABELS,
  skillsFor,
  SUBJECT_SKILLS,
  SUBJECT_WEIGHTS,
  SUBJECTS,
  subjectOfSkill,
  uniqueAdultName,
  type CatalogueEntry,
  type Subject,
} from './catalogue.js';
import { makeRng, type Rng } from './rng.js';
import { clamp, DEFAULT_GENERATE_OPTIONS, pad, presetShape, randomShape, range, toMinutes, type GenerateOptions, type Shape } from './shape.js';

export { makeRng, type Rng } from './rng.js';
export { DEFAULT_GENERATE_OPTIONS, isPreset, PRESETS, type GenerateOptions, type Preset } from './shape.js';

// ---------------------------------------------------------------- public entry

/** A valid, realistic school instance for the preset; deterministic in (preset, seed, students). */
export function generateSchool(options: GenerateOptions): Instance {
  const o: Required<GenerateOptions> = { ...DEFAULT_GENERATE_OPTIONS, ...stripUndefined(options) };
  const rng = makeRng(o.seed);
  const shape = o.preset === 'random' ? randomShape(rng.fork('shape'), o.students) : presetShape(o.preset, o.students);
  return buildSchool(shape, rng);
}

const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

// ---------------------------------------------------------------- building a school from its shape

type ClubPlan = { readonly club: Club; readonly weight: number; readonly days: readonly WeekdayName[]; readonly activity?: string };

function buildSchool(shape: Shape, rng: Rng): Instance {
  const policy = shape.policy;
  const days = shape.calendar.serviceWeekdays;
  const classes = makeClasses(shape, rng.fork('classes'));
  const students = makeStudents(shape, classes, rng.fork('students'));
  const rooms = makeRooms(shape, classes, rng.fork('rooms'));
  // sized presets: who wants a school club is drawn first, and each grade band's clubs are sized to that demand
  const banded = shape.clubBands.length > 0;
  const wantRng = rng.fork('wants');
  const wants = banded ? students.map(() => wantRng.chance(shape.prefRate)) : [];
  const drafts = banded ? makeBandClubs(shape, classes, students, wants, rng.fork('clubs')) : makeClubs(shape, rng.fork('clubs'));
  const groupsPerDay = days.map((d) => weekdayGroups(classes, students, policy, shape.timelines, d));
  if (shape.preset === 'random') addGroupRooms(shape, rooms, groupsPerDay, rng.fork('group-rooms'));
  const plans = provideClubRooms(shape, drafts, rooms, groupsPerDay, rng.fork('club-rooms'));
  const withPrefs = banded
    ? addBandPreferences(classes, students, wants, plans, shape.classClubs, rng.fork('prefs'))
    : addPreferences(shape, classes, students, plans, rng.fork('prefs'));
  const peakNeed = Math.max(0, ...days.map((d, i) => groupsPerDay[i].groups + plans.filter((p) => p.days.includes(d)).length));
  const staff = makeStaff(shape, classes, plans, peakNeed, rng.fork('staff'));
  const leave = makeLeave(shape, staff, rng.fork('leave'));
  const homeroomed = assignHomerooms(classes, staff);
  const instance: Instance = {
    format: INSTANCE_FORMAT,
    school: { name: shape.name, stage: shape.stage, lessonMinutes: shape.lessonMinutes },
    policy: { ...policy, groupRoomKinds: [...policy.groupRoomKinds] },
    calendar: shape.calendar,
    timelines: shape.timelines.map((t) => ({ id: t.id, grades: [...t.grades], blocks: t.blocks.map((b) => ({ ...b })) })),
    rooms,
    classes: homeroomed,
    staff,
    clubs: [
      ...plans.map((p) => p.club),
      ...CLASS_CLUBS.slice(0, shape.classClubs).map(
        (c): Club => ({ id: c.id, name: c.name, level: 'class', grades: [...shape.grades] }),
      ),
    ],
    students: withPrefs,
    leave,
  };
  return shape.margin > 0 ? topUpInsiders(instance, shape, rng.fork('top-up')) : instance;
}

const classroomId = (grade: number, k: number, width: number): string => `${grade}${pad(k, width)}`;

function makeClasses(shape: Shape, rng: Rng): SchoolClass[] {
  const width = Math.max(2, String(shape.classesPerGrade).length);
  const out: SchoolClass[] = [];
  for (const g of shape.grades)
    for (let k = 1; k <= shape.classesPerGrade; k++)
      out.push({ id: `${g}-${k}`, grade: g, size: rng.int(shape.classSize[0], shape.classSize[1]), room: classroomId(g, k, width) });
  return out;
}

function makeRooms(shape: Shape, classes: readonly SchoolClass[], rng: Rng): Room[] {
  const random = shape.preset === 'random';
  const rooms: Room[] = classes.map((c) => ({
    id: c.room as string,
    kind: 'classroom',
    capacity: random && rng.chance(0.05) ? rng.int(30, 45) : 50,
    name: `${c.grade}年级${c.id.split('-')[1]}班教室`,
  }));
  for (let i = 1; i <= shape.spareClassrooms; i++)
    rooms.push({ id: `spare-${i}`, kind: 'classroom', capacity: 50, name: `综合教室${i}` });
  const kinds = ['music', 'art', 'science', 'computer', 'dance', 'library', 'gym', 'field'];
  const per = Math.max(1, Math.round(classes.length / 30));
  for (const kind of kinds) {
    const n = random ? (rng.chance(0.6 * shape.specialRoomsPer30) ? 1 : 0) : kind === 'library' || kind === 'dance' ? Math.max(1, Math.round(per / 2)) : per;
    for (let i = 1; i <= n; i++)
      rooms.push({
        id: `${kind}-${i}`,
        kind,
        capacity: random ? rng.int(20, ROOM_CAPACITY[kind]) : ROOM_CAPACITY[kind],
        name: n === 1 ? ROOM_LABELS[kind] : `${ROOM_LABELS[kind]}${i}`,
      });
  }
  if (random && rng.chance(0.3)) rooms.push({ id: 'library-x', kind: 'library', capacity: rng.int(30, 60), name: '阅览室' });
  return rooms;
}

/** Random schools: enough group rooms for the busiest weekday's groups, most of the time (R1). */
function addGroupRooms(shape: Shape, rooms: Room[], groupsPerDay: readonly { groups: number }[], rng: Rng): void {
  const need = Math.max(0, ...groupsPerDay.map((g) => g.groups));
  const have = rooms.filter((r) => shape.policy.groupRoomKinds.includes(r.kind)).length;
  const extra = need - have + (rng.chance(0.1) ? -1 : rng.int(0, 1));
  const first = rooms.filter((r) => r.id.startsWith('spare-')).length + 1;
  for (let i = 0; i < extra; i++) rooms.push({ id: `spare-${first + i}`, kind: 'classroom', capacity: 50, name: `综合教室${first + i}` });
}

type ClubDraft = { readonly club: Club; readonly weight: number; readonly activity?: string };

/** The club block of a grade as a `start-end` key, undefined when its timeline has none. */
function clubTimeOf(timelines: readonly Timeline[], grade: number): string | undefined {
  const tl = timelines.find((t) => t.grades.includes(grade));
  const b = tl?.blocks.find((x) => x.kind === 'club');
  return b ? `${b.start}-${b.end}` : undefined;
}

/** Random schools: a few catalogue entries, one club each, popular ones likeliest (S6). */
function makeClubs(shape: Shape, rng: Rng): ClubDraft[] {
  const catalogue = [...PRIMARY_CLUBS, ...JUNIOR_CLUBS]
    .map((e) => ({ ...e, grades: [Math.max(e.grades[0], shape.grades[0]), Math.min(e.grades[1], shape.grades[shape.grades.length - 1])] as const }))
    .filter((e) => e.grades[0] <= e.grades[1]);
  // a club's grades must share one club-block time (format.md): keep only grades of one club interval
  const usable = catalogue
    .map((e) => {
      const gs = range(e.grades[0], e.grades[1]).filter((g) => clubTimeOf(shape.timelines, g) !== undefined);
      if (gs.length === 0) return undefined;
      const time = clubTimeOf(shape.timelines, gs[0]);
      return { ...e, gradeList: gs.filter((g) => clubTimeOf(shape.timelines, g) === time) };
    })
    .filter((e): e is CatalogueEntry & { gradeList: number[] } => e !== undefined && e.gradeList.length > 0);
  // sampling without replacement by weight
  const pool = usable.slice();
  const out: ClubDraft[] = [];
  for (let i = Math.min(shape.clubEntries, pool.length); i > 0; i--) {
    const e = pool.splice(rng.weighted(pool.map((x) => x.weight)), 1)[0];
    const fixed = rng.chance(shape.fixedDaysShare);
    const club: Club = {
      id: e.id,
      name: e.name,
      level: 'school',
      grades: e.gradeList,
      min: rng.int(1, 8),
      max: rng.int(10, 40),
      ...(fixed ? { days: [] } : { sessionsPerWeek: rng.int(1, 2) }),
      ...(rng.chance(0.2) ? {} : { roomKinds: [...e.roomKinds] }),
      ...(rng.chance(0.2) ? {} : { skill: e.skill }),
    };
    out.push({ club, weight: e.weight });
  }
  return out;
}


/**
 * Sized presets: the school clubs of each grade band (年级段), sized to the band's demand (S6).
 * The band's seats = seatRatio × its students who want a club; they are shared among the catalogue activities open
 * to the whole band in proportion to weight^seatAlpha, in sections of 20-40 seats (足球（三四年级）二队). Preferences
 * go ∝ weight^2.5, so the popular activities stay over-subscribed while the total roughly meets the demand.
 * The first section of an activity keeps the catalogue's days or sessions; further sections meet once a week, on a
 * day chosen to spread the clubs over the week (fixed) or left to the planner.
 */
function makeBandClubs(shape: Shape, classes: readonly SchoolClass[], students: readonly Student[], wants: readonly boolean[], rng: Rng): ClubDraft[] {
  const gradeOf = new Map(classes.map((c) => [c.id, c.grade]));
  const wanting = new Map<number, number>();
  students.forEach((s, i) => {
    if (!wants[i]) return;
    const g = gradeOf.get(s.class) as number;
    wanting.set(g, (wanting.get(g) ?? 0) + 1);
  });
  const catalogue = [...PRIMARY_CLUBS, ...JUNIOR_CLUBS];
  const out: ClubDraft[] = [];
  for (const band of shape.clubBands) {
    const lo = band[0];
    const hi = band[band.length - 1];
    const time = clubTimeOf(shape.timelines, lo);
    if (time === undefined || band.some((g) => clubTimeOf(shape.timelines, g) !== time)) continue;
    const demand = band.reduce((sum, g) => sum + (wanting.get(g) ?? 0), 0);
    if (demand === 0) continue;
    const entries = catalogue.filter((e) => e.grades[0] <= lo && e.grades[1] >= hi);
    if (entries.length === 0) continue;
    const target = Math.round(shape.seatRatio * demand);
    const share = entries.map((e) => e.weight ** shape.seatAlpha);
    const shareSum = share.reduce((x, y) => x + y, 0);
    const size = entries.map((e) => clamp(e.max, 20, 40));
    // sections by largest deficit until the seats reach the target (within half a section)
    const sections = entries.map(() => 0);
    let seats = 0;
    while (seats < target) {
      let best = 0;
      let bestDeficit = -Infinity;
      for (let j = 0; j < entries.length; j++) {
        const deficit = (target * share[j]) / shareSum - sections[j] * size[j];
        if (deficit > bestDeficit) {
          bestDeficit = deficit;
          best = j;
        }
      }
      if (seats + size[best] / 2 > target && seats > 0) break;
      sections[best]++;
      seats += size[best];
    }
    // fine-tune the sizes so that the band's seats equal the target (each stays within 20-40 where it can)
    const made: { e: CatalogueEntry; k: number; count: number; max: number }[] = [];
    entries.forEach((e, j) => {
      for (let k = 1; k <= sections[j]; k++) made.push({ e, k, count: sections[j], max: size[j] });
    });
    let diff = target - seats;
    const floor = target < 20 * made.length ? 1 : 20;
    for (let guard = 0; diff !== 0 && guard < 100; guard++) {
      let moved = false;
      for (const m of made) {
        if (diff === 0) break;
        const step = Math.sign(diff);
        if (m.max + step < floor || m.max + step > 40) continue;
        m.max += step;
        diff -= step;
        moved = true;
      }
      if (!moved) break;
    }
    for (const { e, k, count, max } of made) {
      const wide = e.grades[0] < lo || e.grades[1] > hi;
      const team = PE_SKILLS.has(e.skill) ? '队' : '组';
      const id = (wide ? `${e.id}-g${band.join('')}` : e.id) + (count > 1 ? `-${k}` : '');
      const name = (wide ? `${e.name}（${gradeLabel(band)}）` : e.name) + (count > 1 ? `${cnNumber(k)}${team}` : '');
      // the first section keeps the catalogue's rhythm; the others meet once a week
      const when: Pick<Club, 'days' | 'sessionsPerWeek'> =
        k === 1 && e.days !== undefined
          ? { days: [...e.days] }
          : rng.chance(k === 1 ? shape.fixedDaysShare * 0.3 : shape.fixedDaysShare)
            ? { days: [] }
            : { sessionsPerWeek: k === 1 ? (e.sessions ?? 1) : 1 };
      const club: Club = {
        id,
        name,
        level: 'school',
        grades: [...band],
        min: Math.min(e.min, max),
        max,
        ...when,
        roomKinds: [...e.roomKinds],
        skill: e.skill,
      };
      out.push({ club, weight: e.weight, activity: `${e.id}@${band.join('')}` });
    }
  }
  return out;
}

/** Groups and their minutes on one weekday, per the shared reading of S3/S4 (docs/decisions.md "Groups (S3 S4)"). */
function weekdayGroups(
  classes: readonly SchoolClass[],
  students: readonly Student[],
  policy: ResolvedPolicy,
  timelines: readonly Timeline[],
  day: WeekdayName,
): { groups: number; minutes: number } {
  const attending = new Map<string, number>();
  for (const s of students) if (s.days.includes(day)) attending.set(s.class, (attending.get(s.class) ?? 0) + 1);
  const tlOf = (grade: number) => timelines.find((t) => t.grades.includes(grade));
  const span = (t: Timeline | undefined) => (t ? toMinutes(t.blocks[t.blocks.length - 1].end) - toMinutes(t.blocks[0].start) : 0);
  const pools = new Map<string, { n: number; minutes: number }>();
  let groups = 0;
  let minutes = 0;
  for (const c of classes) {
    const n = attending.get(c.id) ?? 0;
    if (n === 0) continue;
    const tl = tlOf(c.grade);
    if (n >= policy.standaloneRatio * c.size) {
      const k = Math.ceil(n / policy.maxGroupSize);
      groups += k;
      minutes += k * span(tl);
    } else {
      const key = policy.mixGrades && tl ? 'tl:' + tl.id : 'g:' + c.grade;
      const p = pools.get(key) ?? { n: 0, minutes: span(tl) };
      p.n += n;
      pools.set(key, p);
    }
  }
  for (const p of pools.values()) {
    const k = Math.ceil(p.n / policy.maxGroupSize);
    groups += k;
    minutes += k * p.minutes;
  }
  return { groups, minutes };
}

/**
 * Give every school club days (for the estimate) and make sure a room of its kind is free on them (R1, R2).
 * Sized presets get an extra room when none is free; random schools keep the shortage (the planner must report it).
 * Clubs meet in their club block, so two clubs whose blocks overlap on a weekday never share a room (primary and
 * junior blocks of a nine-year school may); classroom-kind rooms must also leave enough rooms for that day's groups,
 * which hold theirs all afternoon. A club with empty fixed `days` gets the least busy weekdays that have a room.
 */
function provideClubRooms(
  shape: Shape,
  drafts: readonly ClubDraft[],
  rooms: Room[],
  groupsPerDay: readonly { groups: number }[],
  rng: Rng,
): ClubPlan[] {
  const days = shape.calendar.serviceWeekdays;
  const groupKinds = shape.policy.groupRoomKinds;
  const classRooms = new Set(rooms.filter((r) => r.name?.endsWith('班教室')).map((r) => r.id));
  let groupRoomCount = rooms.filter((r) => groupKinds.includes(r.kind)).length;
  // club blocks ("16:10-17:10"); two blocks clash when they overlap
  const slotKey = (c: Club) => clubTimeOf(shape.timelines, c.grades[0]) ?? '';
  const slots = [...new Set(drafts.map((d) => slotKey(d.club)))];
  const span = (k: string) => (k === '' ? [0, 24 * 60] : [toMinutes(k.slice(0, 5)), toMinutes(k.slice(6, 11))]);
  const clash = slots.map((a) => slots.map((b) => span(a)[0] < span(b)[1] && span(b)[0] < span(a)[1]));
  // used[room][slot × 7 + day]; classroom-kind clubs and all clubs per (slot, day)
  const used = new Map<string, Uint8Array>();
  const groupKindClubs = slots.map(() => days.map(() => 0));
  const load = slots.map(() => days.map(() => 0));
  const free = (r: Room, s: number, i: number) => {
    const u = used.get(r.id);
    for (let t = 0; t < slots.length; t++) if (clash[s][t] && u !== undefined && u[t * 7 + i] === 1) return false;
    if (!groupKinds.includes(r.kind)) return true;
    let clubs = 0;
    for (let t = 0; t < slots.length; t++) if (clash[s][t]) clubs += groupKindClubs[t][i];
    return groupsPerDay[i].groups + clubs + 1 <= groupRoomCount;
  };
  // sessions per (room kind, block) and weekday, for the slack rooms at the end
  const kindUse = new Map<string, number[]>();
  const reserve = (r: Room, s: number, ds: readonly WeekdayName[]) => {
    let u = used.get(r.id);
    if (u === undefined) used.set(r.id, (u = new Uint8Array(slots.length * 7)));
    const key = `${r.kind}|${s}`;
    let k = kindUse.get(key);
    if (k === undefined) kindUse.set(key, (k = days.map(() => 0)));
    for (const d of ds) {
      const i = days.indexOf(d);
      u[s * 7 + i] = 1;
      load[s][i]++;
      k[i]++;
      if (groupKinds.includes(r.kind)) groupKindClubs[s][i]++;
    }
  };
  const order = drafts
    .map((d, i) => ({ ...d, i }))
    .sort((a, b) => Number((b.club.days?.length ?? 0) > 0) - Number((a.club.days?.length ?? 0) > 0) || a.i - b.i);
  const plans: ClubPlan[] = new Array(drafts.length);
  // candidate rooms per (kinds, size); the room count in the key drops the entry when a room is added
  const candidateCache = new Map<string, Room[]>();
  for (const { club: draft, weight, activity, i } of order) {
    let club = draft;
    const s = slots.indexOf(slotKey(club));
    const fixedDays = club.days?.filter((d) => days.includes(d)) ?? [];
    // how many weekdays: the fixed ones, else 1-2 chosen (empty fixed days), else sessionsPerWeek
    const n = Math.min(
      days.length,
      fixedDays.length > 0 ? fixedDays.length : club.days !== undefined ? (shape.preset === 'random' ? rng.int(1, Math.min(2, days.length)) : 1) : club.sessionsPerWeek ?? 1,
    );
    const kinds = club.roomKinds;
    const needed = club.max ?? club.min ?? 1;
    const candidateKey = `${kinds?.join(',')}|${Math.min(needed, 30)}|${rooms.length}`;
    let candidates = candidateCache.get(candidateKey);
    if (candidates === undefined) {
      candidates = rooms
        .filter((r) => !classRooms.has(r.id) && (kinds === undefined || kinds.includes(r.kind)) && r.capacity >= Math.min(needed, 30))
        .sort((a, b) => Number(groupKinds.includes(a.kind)) - Number(groupKinds.includes(b.kind)) || b.capacity - a.capacity);
      candidateCache.set(candidateKey, candidates);
    }
    let planned: WeekdayName[] | undefined;
    let bestLoad = Infinity;
    let bestRoom: Room | undefined;
    // ties between equally busy days are broken by one random order per club
    const tie = rng.shuffle(range(0, days.length - 1));
    const rank = new Array<number>(days.length);
    tie.forEach((j, k) => (rank[j] = k));
    const byLoad = range(0, days.length - 1).sort((a, b) => load[s][a] - load[s][b] || rank[a] - rank[b]);
    const pickDays = (ok: (j: number) => boolean): number[] => {
      const out: number[] = [];
      for (let k = 0; k < byLoad.length && out.length < n; k++) if (ok(byLoad[k])) out.push(byLoad[k]);
      return out.sort((a, b) => a - b);
    };
    for (const r of candidates) {
      if (fixedDays.length > 0) {
        if (fixedDays.every((d) => free(r, s, days.indexOf(d)))) {
          planned = fixedDays;
          bestRoom = r;
          break;
        }
        continue;
      }
      const js = pickDays((j) => free(r, s, j));
      if (js.length < n) continue;
      const l = js.reduce((sum, j) => sum + load[s][j], 0);
      // the least busy days over the rooms that can take the club (special rooms before classrooms on ties)
      if (l < bestLoad) {
        bestLoad = l;
        planned = js.map((j) => days[j]);
        bestRoom = r;
      }
    }
    if (bestRoom !== undefined && planned !== undefined) reserve(bestRoom, s, planned);
    else {
      const ds = fixedDays.length > 0 ? fixedDays : pickDays(() => true).map((j) => days[j]);
      // sized presets always get the room; a random school usually does (else the planner must report the shortage)
      if (shape.preset !== 'random' || rng.chance(0.95)) {
        const kind = kinds?.find((k) => !groupKinds.includes(k)) ?? kinds?.[0] ?? 'classroom';
        const group = groupKinds.includes(kind);
        const k = rooms.filter((r) => (group ? r.id.startsWith('spare-') : r.kind === kind)).length + 1;
        const room: Room = group
          ? { id: `spare-${k}`, kind, capacity: Math.max(50, needed), name: `综合教室${k}` }
          : { id: `${kind}-${k}`, kind, capacity: Math.max(ROOM_CAPACITY[kind] ?? 40, needed), name: `${ROOM_LABELS[kind] ?? '活动室'}${k}` };
        rooms.push(room);
        // a new classroom-kind room is also a group room
        if (group) groupRoomCount++;
        reserve(room, s, ds);
      }
      planned = ds;
    }
    if (club.days !== undefined) club = { ...club, days: planned };
    // a club's max should fit a room it can use (R1); sized presets cap it
    if (shape.preset !== 'random' && club.max !== undefined) {
      const cap = Math.max(...rooms.filter((r) => kinds === undefined || kinds.includes(r.kind)).map((r) => r.capacity));
      if (cap < club.max) club = { ...club, max: cap, min: Math.min(club.min ?? 1, cap) };
    }
    plans[i] = { club, weight, days: planned, ...(activity !== undefined ? { activity } : {}) };
  }
  // sized presets: slack for the planner, which picks the days of flexible clubs itself and puts a club that may use
  // several kinds into the smallest room that fits — every special room kind is used in at most 70% of its weekly
  // club blocks here, and at most 90% even if every club that may use it did (R1)
  if (shape.preset !== 'random') {
    const mayUse = new Map<string, number>();
    for (const p of plans)
      for (const kind of p.club.roomKinds ?? []) {
        if (groupKinds.includes(kind)) continue;
        const key = `${kind}|${slots.indexOf(slotKey(p.club))}`;
        mayUse.set(key, (mayUse.get(key) ?? 0) + p.days.length);
      }
    for (const key of new Set([...kindUse.keys(), ...mayUse.keys()])) {
      const kind = key.slice(0, key.indexOf('|'));
      if (groupKinds.includes(kind)) continue;
      const total = Math.max((kindUse.get(key) ?? []).reduce((x, y) => x + y, 0) / 0.7, (mayUse.get(key) ?? 0) / 0.9);
      let have = rooms.filter((r) => r.kind === kind).length;
      while (total > have * days.length) {
        have++;
        rooms.push({ id: `${kind}-${have}`, kind, capacity: ROOM_CAPACITY[kind] ?? 40, name: `${ROOM_LABELS[kind] ?? '活动室'}${have}` });
      }
    }
  }
  return plans;
}


/** Students in the service (S1): weekdays chosen by parents, ~10% priority (S2), Chinese names. */
function makeStudents(shape: Shape, classes: readonly SchoolClass[], rng: Rng): Student[] {
  const days = shape.calendar.serviceWeekdays;
  // light classes: pairs in one grade whose families mostly keep children home on one weekday (→ mixed groups, S4)
  const light = new Map<string, WeekdayName>();
  const byGrade = shape.grades.map((g) => classes.filter((c) => c.grade === g));
  for (let guard = 0; light.size < Math.min(shape.lightClasses, classes.length) && guard < 1000; guard++) {
    const pool = rng.pick(byGrade).filter((c) => !light.has(c.id));
    if (pool.length === 0) continue;
    const day = rng.chance(0.5) && days.includes('fri') ? 'fri' : rng.pick(days);
    for (const c of rng.sample(pool, Math.min(2, shape.lightClasses - light.size))) light.set(c.id, day);
  }
  const out: Student[] = [];
  const idWidth = 5;
  for (const c of classes) {
    const frac = shape.enrolment[0] + rng.next() * (shape.enrolment[1] - shape.enrolment[0]);
    const enrolled = clamp(Math.round(c.size * frac), 0, c.size);
    const lightDay = light.get(c.id);
    for (let i = 0; i < enrolled; i++) {
      let ds: WeekdayName[];
      if (lightDay !== undefined && rng.chance(0.7)) ds = days.filter((d) => d !== lightDay);
      else if (days.length > 1 && rng.chance(shape.partialRate)) {
        const k = rng.int(Math.min(2, days.length - 1), days.length - 1);
        ds = rng.sample(days, k);
      } else ds = [...days];
      if (ds.length === 0) ds = [days[0]];
      ds.sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
      const priority: PriorityKind[] = [];
      if (rng.chance(shape.priorityRate)) {
        priority.push(PRIORITY_WEIGHTS[rng.weighted(PRIORITY_WEIGHTS.map((p) => p[1]))][0]);
        if (rng.chance(0.1)) {
          const second = PRIORITY_WEIGHTS[rng.weighted(PRIORITY_WEIGHTS.map((p) => p[1]))][0];
          if (second !== priority[0]) priority.push(second);
        }
      }
      const s: Student = {
        id: 's' + pad(out.length + 1, idWidth),
        name: personName(rng, CHILD_CHARS, 0.8),
        class: c.id,
        days: ds,
        ...(priority.length > 0 ? { priority } : {}),
        ...(priority.includes('low-income') ? { feeExempt: true } : {}),
      };
      out.push(s);
    }
  }
  return out;
}

/** prefs (S6): 3-5 eligible school clubs ranked by popularity with noise, sometimes a class-level club among them. */
function addPreferences(
  shape: Shape,
  classes: readonly SchoolClass[],
  students: readonly Student[],
  plans: readonly ClubPlan[],
  rng: Rng,
): Student[] {
  const gradeOf = new Map(classes.map((c) => [c.id, c.grade]));
  const byGrade = new Map<number, ClubPlan[]>();
  for (const g of shape.grades) byGrade.set(g, plans.filter((p) => p.club.grades.includes(g)));
  const classClubs = CLASS_CLUBS.slice(0, shape.classClubs).map((c) => c.id);
  const noise = shape.preset === 'random' ? 0.1 : 0;
  // weekday bit masks: a club fits a student when its fixed days are among the student's days
  const clubMask = new Map(plans.map((p) => [p, (p.club.days ?? []).reduce((m, d) => m | (1 << WEEKDAYS.indexOf(d)), 0)]));
  const out: Student[] = new Array(students.length);
  const pool: ClubPlan[] = [];
  const weights: number[] = [];
  for (let i = 0; i < students.length; i++) {
    const s = students[i];
    const eligible = byGrade.get(gradeOf.get(s.class) as number) ?? [];
    if (eligible.length === 0 || !rng.chance(shape.prefRate)) {
      out[i] = s;
      continue;
    }
    // clubs that meet on the student's days; in random schools now and then one they cannot attend (the planner must skip it)
    pool.length = 0;
    weights.length = 0;
    let mask = 0;
    for (const d of s.days) mask |= 1 << WEEKDAYS.indexOf(d);
    for (const p of eligible)
      if (((clubMask.get(p) ?? 0) & ~mask) === 0 || (noise > 0 && rng.chance(noise))) {
        pool.push(p);
        weights.push(p.weight * p.weight);
      }
    if (pool.length === 0) {
      out[i] = s;
      continue;
    }
    const n = Math.min(pool.length, rng.int(3, 5));
    const prefs: string[] = [];
    for (let k = 0; k < n; k++) {
      const j = rng.weighted(weights);
      prefs.push(pool[j].club.id);
      weights[j] = 0;
    }
    out[i] = studentWithPrefs(rng, s, prefs, classClubs);
  }
  return out;
}

/**
 * prefs of sized presets (S6): a student who wants a club ranks 3-5 activities of their grade band ∝ weight^2.5 (one in
 * ten only 1-2: a narrow wish), each as the section that fits their weekdays with the fewest sign-ups so far
 * (the sign-up sheet shows the places left); now and then a class-level club among them.
 */
function addBandPreferences(
  classes: readonly SchoolClass[],
  students: readonly Student[],
  wants: readonly boolean[],
  plans: readonly ClubPlan[],
  classClubCount: number,
  rng: Rng,
): Student[] {
  type Section = { readonly id: string; readonly mask: number; picks: number };
  type Activity = { readonly weight: number; readonly sections: Section[] };
  const gradeOf = new Map(classes.map((c) => [c.id, c.grade]));
  const activities = new Map<string, Activity>();
  const byGrade = new Map<number, Activity[]>();
  for (const p of plans) {
    const key = p.activity ?? p.club.id;
    let a = activities.get(key);
    if (a === undefined) {
      activities.set(key, (a = { weight: p.weight, sections: [] }));
      for (const g of p.club.grades) byGrade.set(g, [...(byGrade.get(g) ?? []), a]);
    }
    a.sections.push({ id: p.club.id, mask: (p.club.days ?? []).reduce((m, d) => m | (1 << WEEKDAYS.indexOf(d)), 0), picks: 0 });
  }
  const classClubs = CLASS_CLUBS.slice(0, classClubCount).map((c) => c.id);
  const out: Student[] = new Array(students.length);
  // the activities open to a grade on a set of weekdays (a weekday mask), with their weights, memoised
  const pools = new Map<number, { pool: Activity[]; weights: number[] }>();
  const poolOf = (grade: number, mask: number) => {
    const key = grade * 128 + mask;
    let p = pools.get(key);
    if (p === undefined) {
      const pool = (byGrade.get(grade) ?? []).filter((a) => a.sections.some((x) => (x.mask & ~mask) === 0));
      pools.set(key, (p = { pool, weights: pool.map((a) => a.weight ** 2.5) }));
    }
    return p;
  };
  for (let i = 0; i < students.length; i++) {
    const s = students[i];
    out[i] = s;
    if (!wants[i]) continue;
    let mask = 0;
    for (const d of s.days) mask |= 1 << WEEKDAYS.indexOf(d);
    const fits = (x: Section) => (x.mask & ~mask) === 0;
    const { pool, weights: w } = poolOf(gradeOf.get(s.class) as number, mask);
    if (pool.length === 0) continue;
    const weights = w.slice();
    const n = Math.min(pool.length, rng.chance(0.1) ? rng.int(1, 2) : rng.int(3, 5));
    const prefs: string[] = [];
    for (let k = 0; k < n; k++) {
      const j = rng.weighted(weights);
      weights[j] = 0;
      const sections = pool[j].sections;
      // the fitting section with the fewest sign-ups, scanning from a random start (ties at random)
      const start = rng.int(0, sections.length - 1);
      let best: Section | undefined;
      for (let t = 0; t < sections.length; t++) {
        const x = sections[(start + t) % sections.length];
        if (fits(x) && (best === undefined || x.picks < best.picks)) best = x;
      }
      best!.picks += 1 / (k + 1);
      prefs.push(best!.id);
    }
    out[i] = studentWithPrefs(rng, s, prefs, classClubs);
  }
  return out;
}

/** The finished student record: one in twenty also slips a class-level activity into their list (S6). */
function studentWithPrefs(rng: Rng, s: Student, prefs: string[], classClubs: readonly string[]): Student {
  if (classClubs.length > 0 && rng.chance(0.05)) prefs.splice(rng.int(0, prefs.length), 0, rng.pick(classClubs));
  const student: Student = { id: s.id, name: s.name, class: s.class, days: s.days };
  if (s.priority) student.priority = s.priority;
  student.prefs = prefs;
  if (s.feeExempt) student.feeExempt = true;
  return student;
}

// ---------------------------------------------------------------- staff (P1-P7)

type StaffDraft = Staff & { subject?: Subject };


function makeStaff(shape: Shape, classes: readonly SchoolClass[], plans: readonly ClubPlan[], peakNeed: number, rng: Rng): Staff[] {
  const days = shape.calendar.serviceWeekdays;
  const random = shape.preset === 'random';
  const used = new Set<string>();
  // leaders (行政): principal + deputies, inspection pins spread over the week (P6)
  let leaders: Staff[];
  if (shape.realPeople) leaders = LHT_LEADERS.map((l) => ({ ...l, roles: [...l.roles], ...(l.inspectionDays ? { inspectionDays: [...l.inspectionDays] } : {}) }));
  else {
    const inspect = shape.policy.inspectorsPerDay;
    const n = random ? (inspect > 0 && rng.chance(0.9) ? rng.int(inspect, inspect + 1) : rng.int(0, 1)) : shape.classesPerGrade * shape.grades.length > 100 ? 6 : 3;
    leaders = range(1, n).map((i) => ({ id: `l${pad(i, 2)}`, name: uniqueAdultName(rng, used), roles: ['leader', 'teacher'] }));
    // the principal (first) floats; the deputies are pinned round the week
    const deputies = leaders.slice(random ? 0 : 1);
    days.forEach((d, j) => {
      if (deputies.length === 0 || (random && rng.chance(0.5))) return;
      const l = deputies[j % deputies.length];
      l.inspectionDays = [...(l.inspectionDays ?? []), d];
    });
  }
  for (const l of leaders) used.add(l.name);

  // teachers: one homeroom teacher per class first, then subject teachers
  // random schools: a multiple of the busiest weekday's need (usually comfortable, sometimes short)
  const nTeachers = Math.max(1, Math.round(shape.teachersPerClass * (random ? peakNeed : classes.length)));
  const teachers: StaffDraft[] = [];
  const realTeachers = shape.realPeople ? ['朱玥', '耿周霖', '何玲洁', '王燕', '刘超'] : [];
  for (let i = 0; i < nTeachers; i++) {
    const homeroomOf = i < classes.length ? classes[i] : undefined;
    teachers.push(newTeacher(shape, rng, used, teachers.length + 1, homeroomOf?.grade, realTeachers[i - classes.length]));
  }
  // exempt (P2) and misconduct (P3): drawn among non-homeroom teachers where possible
  const spare = () => teachers.filter((t, i) => i >= classes.length && !t.exempt && !t.misconduct);
  for (let i = 0; i < shape.exempt; i++) {
    const pool = spare().length > 0 ? spare() : teachers.filter((t) => !t.exempt && !t.misconduct);
    if (pool.length > 0) rng.pick(pool).exempt = true;
  }
  for (let i = 0; i < shape.misconduct; i++) {
    const pool = spare().length > 0 ? spare() : teachers.filter((t) => !t.exempt && !t.misconduct);
    if (pool.length > 0) rng.pick(pool).misconduct = true;
  }
  const outsiders = makeOutsiders(shape, plans, rng, used, days);
  if (random) designateRandomLeaders(plans, teachers, rng);
  else designateLeaders(days, plans, teachers, classes.length, outsiders, used, rng);
  // a skilled but exempt teacher: a trap for planners that forget P2
  const exemptOne = teachers.find((t) => t.exempt);
  const someSkill = plans.find((p) => p.club.skill)?.club.skill;
  if (exemptOne && someSkill && !exemptOne.skills?.includes(someSkill)) exemptOne.skills = [...(exemptOne.skills ?? []), someSkill];

  return [
    ...leaders,
    ...teachers.map(({ subject: _subject, ...t }) => orderStaff(t)),
    ...outsiders.map(orderStaff),
  ];
}

/** Random schools (P4): each school club gets 2 skilled eligible insiders free on its days (now and then none). */
function designateRandomLeaders(plans: readonly ClubPlan[], teachers: StaffDraft[], rng: Rng): void {
  const designated = new Set<string>();
  for (const p of plans) {
    const skill = p.club.skill;
    if (skill === undefined) continue;
    if (rng.chance(0.05)) continue; // a random school may lack a leader for a club
    const fitsDays = (t: StaffDraft) => !(t.unavailable ?? []).some((d) => p.days.includes(d));
    const ok = (t: StaffDraft) => !t.exempt && !t.misconduct && fitsDays(t) && (t.maxPeriodsPerWeek === undefined || t.maxPeriodsPerWeek >= 8);
    const subject = subjectOfSkill(skill);
    // tiers: already skilled, then same subject, then anyone, then (few teachers) one already leading; random order inside
    const tiers: StaffDraft[][] = [[], [], [], []];
    for (const t of teachers) {
      if (!ok(t)) continue;
      if (designated.has(t.id)) tiers[3].push(t);
      else tiers[t.skills?.includes(skill) ? 0 : t.subject === subject ? 1 : 2].push(t);
    }
    let missing = 2;
    for (const tier of tiers) {
      if (missing === 0) break;
      for (const t of rng.sample(tier, missing)) {
        if (!t.skills?.includes(skill)) t.skills = [...(t.skills ?? []), skill];
        designated.add(t.id);
        missing--;
      }
    }
  }
}

/**
 * Sized presets (P4): for each club skill and weekday with clubs of that skill, enough skilled eligible people free
 * that day — at least 4, and 3 × that day's sessions + 2 (one leads each club, the others stand in on a leave date,
 * when half the teachers are busy with the groups). Skills with clubs whose days the planner picks need this on every
 * weekday. A skill with 2 or more clubs on a day also has a vetted instructor from outside (校外机构教练、志愿者) per two
 * such clubs, free all week: they have no group duty, so they can stand in. Vetted outsiders count as they are; the
 * missing ones are subject teachers given the skill: same subject first, then those with the fewest club skills.
 */
function designateLeaders(
  days: readonly WeekdayName[],
  plans: readonly ClubPlan[],
  teachers: StaffDraft[],
  homerooms: number,
  outsiders: Staff[],
  used: Set<string>,
  rng: Rng,
): void {
  const sessions = new Map<string, number[]>();
  const flexible = new Set<string>();
  for (const p of plans) {
    const skill = p.club.skill;
    if (skill === undefined) continue;
    let per = sessions.get(skill);
    if (per === undefined) sessions.set(skill, (per = days.map(() => 0)));
    for (const d of p.days) per[days.indexOf(d)]++;
    if (p.club.days === undefined) flexible.add(skill);
  }
  const capOk = (s: Staff) => !s.exempt && !s.misconduct && (s.maxPeriodsPerWeek === undefined || s.maxPeriodsPerWeek >= 8);
  const freeOn = (s: Staff, d: WeekdayName) => !(s.unavailable ?? []).includes(d);
  // candidates in order: same subject, fewest club skills given so far, fewest unavailable days, then at random
  // homeroom teachers (the first ones, one per class) usually cover their class all afternoon: they lead clubs and
  // stand in only as a bonus, so they neither count towards the need nor are given skills while others can be
  const homeroom = new Set(teachers.slice(0, homerooms).map((t) => t.id));
  const able = teachers.filter((t) => capOk(t));
  const clubSkills = new Int32Array(able.length);
  const tiebreak = able.map(() => rng.next());
  const order = range(0, able.length - 1);
  for (const [skill, per] of sessions) {
    const peak = Math.max(...per);
    const instructors = outsiders.filter((x) => x.vetted === true && x.unavailable === undefined && x.skills?.includes(skill)).length;
    for (let k = instructors; k < Math.floor(peak / 2); k++) {
      const role = OUTSIDER_KINDS.find(([, skills]) => skills.includes(skill))?.[0] ?? 'coach';
      outsiders.push({ id: `x${pad(outsiders.length + 1, 2)}`, name: uniqueAdultName(rng, used), roles: [role], skills: [skill], vetted: true });
    }
  }
  const pool = [...outsiders.filter((x) => x.vetted === true && capOk(x)), ...able];
  for (const [skill, per] of sessions) {
    const peak = Math.max(...per);
    const need = per.map((n) => (n > 0 || flexible.has(skill) ? Math.max(4, 3 * Math.max(n, flexible.has(skill) ? peak : 0) + 2) : 0));
    const subject = subjectOfSkill(skill);
    const key = able.map(
      (t, j) => (homeroom.has(t.id) ? 1e7 : 0) + (t.subject === subject ? 0 : 1e6) + clubSkills[j] * 1e3 + (t.unavailable?.length ?? 0) * 10 + tiebreak[j],
    );
    order.sort((a, b) => key[a] - key[b]);
    const holders = pool.filter((x) => x.skills?.includes(skill) && !homeroom.has(x.id));
    days.forEach((d, i) => {
      if (need[i] === 0) return;
      let have = 0;
      for (const x of holders) if (freeOn(x, d)) have++;
      for (let k = 0; k < order.length && have < need[i]; k++) {
        const t = able[order[k]];
        if (t.skills?.includes(skill) || !freeOn(t, d)) continue;
        t.skills = [...(t.skills ?? []), skill];
        clubSkills[order[k]]++;
        holders.push(t);
        have++;
      }
    });
  }
}


function newTeacher(shape: Shape, rng: Rng, used: Set<string>, n: number, homeroomGrade: number | undefined, realName?: string): StaffDraft {
  const days = shape.calendar.serviceWeekdays;
  const subject = homeroomGrade !== undefined ? (rng.chance(0.6) ? 'chinese' : 'math') : SUBJECTS[rng.weighted(SUBJECT_WEIGHTS)];
  const lo = shape.grades[0];
  const hi = shape.grades[shape.grades.length - 1];
  let grades: number[];
  if (homeroomGrade !== undefined) grades = rng.chance(0.3) && homeroomGrade + 1 <= hi ? [homeroomGrade, homeroomGrade + 1] : [homeroomGrade];
  else {
    const g = rng.int(lo, hi);
    const span = subject === 'chinese' || subject === 'math' ? rng.int(0, 1) : rng.int(1, 3);
    grades = range(g, Math.min(hi, g + span));
  }
  // skills a teacher of these grades plausibly has (no 物理 or 辩论 in a primary school)
  const fitting = skillsFor(shape.grades);
  const skills = rng.sample(SUBJECT_SKILLS[subject].filter((k) => k === 'reading' || fitting.has(k)), rng.int(0, 2));
  if (rng.chance(0.3) && !skills.includes('reading')) skills.push('reading');
  const t: StaffDraft = {
    id: `t${pad(n, 3)}`,
    name: realName ?? uniqueAdultName(rng, used),
    roles: ['teacher'],
    grades,
    subject,
  };
  if (realName) used.add(realName);
  if (skills.length > 0) t.skills = skills;
  if (days.length > 1 && rng.chance(0.14)) {
    // e.g. 教研日 (subject study day) or family reasons
    t.unavailable = rng.sample(days, rng.chance(0.2) ? 2 : 1).sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
  }
  if (rng.chance(0.15)) t.maxPeriodsPerWeek = rng.pick([4, 6, 8, 9, 10, 12]);
  return t;
}

/** Outside helpers (P3): coaches, volunteers, retired teachers, parents, security; most vetted, some not. */
function makeOutsiders(shape: Shape, plans: readonly ClubPlan[], rng: Rng, used: Set<string>, days: readonly WeekdayName[]): Staff[] {
  const skills = [...new Set(plans.map((p) => p.club.skill).filter((s): s is string => s !== undefined))];
  const out: Staff[] = [];
  const kinds = OUTSIDER_KINDS;
  for (let i = 0; i < shape.outsiders; i++) {
    const [role, pool] = kinds[i % kinds.length];
    const own = pool.filter((s) => skills.includes(s));
    const x: Staff = { id: `x${pad(i + 1, 2)}`, name: uniqueAdultName(rng, used), roles: [role] };
    if (own.length > 0) x.skills = rng.sample(own, rng.int(1, Math.min(2, own.length)));
    // about one in four is not vetted yet (no duty until checked, P3)
    x.vetted = shape.preset === 'random' ? rng.chance(0.6) : i < 5 ? i !== 3 : rng.chance(0.75);
    if (role !== 'security' && days.length > 2 && rng.chance(0.4)) x.unavailable = rng.sample(days, rng.int(1, 2)).sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
    out.push(x);
  }
  return out;
}

/** Staff fields in the order of format.md (stable JSON). */
function orderStaff(s: Staff): Staff {
  const o: Staff = { id: s.id, name: s.name, roles: s.roles };
  if (s.grades) o.grades = s.grades;
  if (s.skills) o.skills = s.skills;
  if (s.unavailable) o.unavailable = s.unavailable;
  if (s.maxPeriodsPerWeek !== undefined) o.maxPeriodsPerWeek = s.maxPeriodsPerWeek;
  if (s.exempt) o.exempt = true;
  if (s.misconduct) o.misconduct = true;
  if (s.vetted !== undefined) o.vetted = s.vetted;
  if (s.inspectionDays) o.inspectionDays = s.inspectionDays;
  return o;
}

/** Each class's 班主任: the homeroom teacher made for it (first teachers in order), else a teacher of its grade. */
function assignHomerooms(classes: readonly SchoolClass[], staff: readonly Staff[]): SchoolClass[] {
  const teachers = staff.filter((s) => s.roles.includes('teacher') && !s.roles.includes('leader'));
  return classes.map((c, i) => {
    const t = teachers[i] && teachers[i].grades?.includes(c.grade) ? teachers[i] : teachers.find((x) => x.grades?.includes(c.grade));
    return t ? { ...c, homeroom: t.id } : { ...c };
  });
}


/** Leave (P2): short leaves for some teachers, a few 产假 (maternity leave) for the big presets. */
function makeLeave(shape: Shape, staff: readonly Staff[], rng: Rng): Leave[] {
  const dates = serviceDates({ calendar: shape.calendar }).map((d) => d.date);
  if (dates.length === 0) return [];
  const insiders = staff.filter((s) => s.roles.includes('teacher') && !s.exempt && !s.misconduct);
  const out: Leave[] = [];
  const add = (who: Staff, from: string, to: string, reason: string) =>
    out.push({ id: `lv${pad(out.length + 1, 3)}`, staff: who.id, from, to: to > shape.calendar.end ? shape.calendar.end : to, reason });
  const onLeave = new Set<string>();
  for (let i = 0; i < shape.maternityLeaves && insiders.length > 0; i++) {
    const who = rng.pick(insiders.filter((s) => !s.roles.includes('leader')));
    const from = dates[rng.int(Math.floor(dates.length / 4), Math.floor(dates.length / 2))];
    add(who, from, shiftDate(from, 97), '产假');
    onLeave.add(who.id);
  }
  for (const s of insiders) {
    if (onLeave.has(s.id) || !rng.chance(shape.leaveRate)) continue;
    const [reason, , lo, hi] = LEAVE_REASONS[rng.weighted(LEAVE_REASONS.map((r) => r[1]))];
    const from = rng.pick(dates);
    add(s, from, shiftDate(from, rng.int(lo, hi) - 1), reason);
  }
  out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.staff < b.staff ? -1 : a.staff > b.staff ? 1 : 0));
  return out.map((l, i) => ({ ...l, id: `lv${pad(i + 1, 3)}` }));
}

// ---------------------------------------------------------------- capacity estimate (P5)

export type DayDemand = {
  readonly day: WeekdayName;
  /** groups that day (S3/S4) */
  readonly groups: number;
  /** school-club sessions that day (fixed days exact, flexible sessions spread evenly, rounded up) */
  readonly clubs: number;
  /** staff needed at the same time in the club block: groups + clubs */
  readonly need: number;
  /** eligible insiders free that weekday (leaders not counted: they inspect) */
  readonly available: number;
};

export type Demand = {
  readonly days: readonly DayDemand[];
  /** weekly periods of group, club and late-pickup duty */
  readonly weeklyNeedPeriods: number;
  /** weekly periods the eligible insiders can give (maxPeriodsPerWeek, available weekdays) */
  readonly weeklyCapacityPeriods: number;
  /** min over days of available/need and capacity/need: ≥ 1.25 means a comfortable margin */
  readonly margin: number;
};

/** A conservative estimate of the insider staff a school needs each weekday versus what it has. */
export function estimateDemand(instance: Instance): Demand {
  const policy = resolvePolicy(instance.policy);
  const lesson = instance.school.lessonMinutes ?? 40;
  const days = instance.calendar.serviceWeekdays;
  const clubs = (instance.clubs ?? []).filter((c) => c.level === 'school');
  const flexSessions = clubs.filter((c) => c.days === undefined).reduce((s, c) => s + (c.sessionsPerWeek ?? 1), 0);
  const flexPerDay = days.length > 0 ? Math.ceil(flexSessions / days.length) : 0;
  const clubMinutes = (c: Club) => {
    const tl = instance.timelines.find((t) => t.grades.includes(c.grades[0]));
    const b = tl?.blocks.find((x) => x.kind === 'club');
    return b ? toMinutes(b.end) - toMinutes(b.start) : 0;
  };
  const avgClubMinutes = clubs.length > 0 ? clubs.reduce((s, c) => s + clubMinutes(c), 0) / clubs.length : 0;
  const insiders = instance.staff.filter(
    (s) => s.roles.includes('teacher') && !s.roles.includes('leader') && !s.exempt && !s.misconduct,
  );
  const maxSpan = Math.max(0, ...instance.timelines.map((t) => toMinutes(t.blocks[t.blocks.length - 1].end) - toMinutes(t.blocks[0].start)));
  let needMinutes = 0;
  const out: DayDemand[] = days.map((day) => {
    const g = weekdayGroups(instance.classes, instance.students, policy, instance.timelines, day);
    const fixed = clubs.filter((c) => c.days?.includes(day)).length;
    const clubsToday = fixed + flexPerDay;
    needMinutes += g.minutes + clubsToday * avgClubMinutes + policy.latePickupStaffPerDay * policy.latePickupMinutes;
    const available = insiders.filter((s) => !(s.unavailable ?? []).includes(day)).length;
    return { day, groups: g.groups, clubs: clubsToday, need: g.groups + clubsToday, available };
  });
  const capacity = insiders.reduce((sum, s) => {
    const free = days.filter((d) => !(s.unavailable ?? []).includes(d)).length;
    return sum + Math.min(s.maxPeriodsPerWeek ?? Infinity, (free * maxSpan) / lesson);
  }, 0);
  const need = needMinutes / lesson;
  const ratios = [...out.filter((d) => d.need > 0).map((d) => d.available / d.need), need > 0 ? capacity / need : Infinity];
  return { days: out, weeklyNeedPeriods: need, weeklyCapacityPeriods: capacity, margin: Math.min(...ratios) };
}

/** Sized presets: add fully available teachers until every weekday and the week have the shape's margin. */
function topUpInsiders(instance: Instance, shape: Shape, rng: Rng): Instance {
  let staff = instance.staff.slice();
  const used = new Set(staff.map((s) => s.name));
  const firstOutsider = () => staff.findIndex((s) => !s.roles.includes('teacher'));
  for (let guard = 0; guard < 10_000; guard++) {
    const demand = estimateDemand({ ...instance, staff });
    if (demand.margin >= shape.margin) break;
    const short = demand.days.filter((d) => d.available < shape.margin * d.need).length;
    const add = Math.max(1, Math.ceil(Math.max(...demand.days.map((d) => shape.margin * d.need - d.available), 0) / 2), short);
    const nextNumber = staff.filter((s) => /^t\d+$/.test(s.id)).length + 1;
    const fresh = range(0, add - 1).map((k) => {
      const t = newTeacher(shape, rng, used, nextNumber + k, undefined);
      const { subject: _s, unavailable: _u, maxPeriodsPerWeek: _m, ...rest } = t;
      return orderStaff(rest);
    });
    const at = firstOutsider() < 0 ? staff.length : firstOutsider();
    staff = [...staff.slice(0, at), ...fresh, ...staff.slice(at)];
  }
  return { ...instance, staff };
}
