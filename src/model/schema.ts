// The v1 instance and schedule formats (../shared/spec/format.md) as TypeBox schemas.
// One source: the TypeScript types are `Static<…>` of these schemas, the JSON Schemas printed by
// `kehou schema` and served over HTTP are these objects, and structural validation runs against them.
// Extensions to the spec are optional fields only and are marked "extension" in their description.
import { Type, type Static } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;

export const INSTANCE_FORMAT = 'kehou.instance/1';
export const SCHEDULE_FORMAT = 'kehou.schedule/1';

export const Id = Type.String({ minLength: 1, description: 'non-empty id, unique within its list' });
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];

const literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), { description });

export const Weekday = literals(WEEKDAYS, 'weekday: mon tue wed thu fri sat sun');

/** `YYYY-MM-DD`; that the date exists is checked by validation (code `bad-date`). */
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
/** `MM-DD` inside a year (seasons). */
export const MonthDay = Type.String({ pattern: '^\\d{2}-\\d{2}$', description: 'MM-DD' });
/** `HH:MM`, 24 h, school-local. */
export const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM (24 h)' });

export const STAGES = ['primary', 'junior', 'nine-year'] as const;
export const ROLES = ['teacher', 'leader', 'volunteer', 'coach', 'retired', 'parent', 'security'] as const;
export const BLOCK_KINDS = ['study', 'club', 'reading', 'break'] as const;
export const PRIORITIES = ['disabled', 'left-behind', 'migrant', 'low-income'] as const;
export const CLUB_LEVELS = ['school', 'class'] as const;
export type Role = (typeof ROLES)[number];
export type BlockKind = (typeof BLOCK_KINDS)[number];
export type PriorityKind = (typeof PRIORITIES)[number];

const Grade = Type.Integer({ minimum: 1, maximum: 12, description: 'grade 1-9 (nine-year school), up to 12 tolerated' });
const NonNegInt = Type.Integer({ minimum: 0 });

export const School = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    stage: literals(STAGES, 'primary | junior | nine-year'),
    lessonMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 40, description: 'one 课时 in minutes' })),
  },
  strict,
);

export const Policy = Type.Object(
  {
    maxGroupSize: Type.Optional(Type.Integer({ minimum: 1, default: 45, description: 'S3' })),
    standaloneRatio: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.5, description: 'S4' })),
    maxStudyPeriods: Type.Optional(Type.Number({ minimum: 0, default: 1, description: 'T6' })),
    feePerPeriod: Type.Optional(Type.Number({ minimum: 0, default: 2.3, description: 'M1, yuan; 0 = free' })),
    maxChargedPeriodsPerDay: Type.Optional(Type.Integer({ minimum: 0, default: 2, description: 'T8/M1' })),
    inspectorsPerDay: Type.Optional(Type.Integer({ minimum: 0, default: 1, description: 'P6' })),
    latePickupStaffPerDay: Type.Optional(Type.Integer({ minimum: 0, default: 1, description: 'P7' })),
    latePickupMinutes: Type.Optional(Type.Integer({ minimum: 0, default: 30, description: 'P7' })),
    mixGrades: Type.Optional(Type.Boolean({ default: false, description: 'S4 mixed groups may combine grades of one timeline' })),
    clubsPerStudent: Type.Optional(Type.Integer({ minimum: 0, default: 1, description: 'S6' })),
    groupRoomKinds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { default: ['classroom'], description: 'R1' })),
  },
  strict,
);

export const Holiday = Type.Object(
  { from: DateString, to: DateString, name: Type.Optional(Type.String()) },
  strict,
);
export const Workday = Type.Object({ date: DateString, as: Weekday }, strict);
export const Season = Type.Object({ from: MonthDay, to: MonthDay, latestEnd: Time }, strict);

export const Calendar = Type.Object(
  {
    start: DateString,
    end: DateString,
    serviceWeekdays: Type.Array(Weekday, { uniqueItems: true }),
    holidays: Type.Optional(Type.Array(Holiday)),
    workdays: Type.Optional(Type.Array(Workday)),
    seasons: Type.Optional(Type.Array(Season)),
  },
  strict,
);

export const Block = Type.Object(
  { kind: literals(BLOCK_KINDS, 'study | club | reading | break'), start: Time, end: Time },
  strict,
);
export const Timeline = Type.Object(
  { id: Id, grades: Type.Array(Grade, { minItems: 1 }), blocks: Type.Array(Block, { minItems: 1 }) },
  strict,
);

export const Room = Type.Object(
  { id: Id, kind: Type.String({ minLength: 1 }), capacity: Type.Integer({ description: 'seats; must be ≥ 0' }), name: Type.Optional(Type.String()) },
  strict,
);

export const SchoolClass = Type.Object(
  {
    id: Id,
    grade: Grade,
    size: Type.Integer({ description: 'students on the roll; must be ≥ 0' }),
    room: Type.Optional(Id),
    homeroom: Type.Optional(Id),
  },
  strict,
);

export const Staff = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1 }),
    roles: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'any of ' + ROLES.join(', ') }),
    grades: Type.Optional(Type.Array(Grade)),
    skills: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    unavailable: Type.Optional(Type.Array(Weekday)),
    maxPeriodsPerWeek: Type.Optional(Type.Number({ minimum: 0 })),
    exempt: Type.Optional(Type.Boolean()),
    misconduct: Type.Optional(Type.Boolean()),
    vetted: Type.Optional(Type.Boolean()),
    inspectionDays: Type.Optional(
      Type.Array(Weekday, { description: 'extension: weekdays this leader is pinned to for inspection (P6), kept when feasible' }),
    ),
  },
  strict,
);

export const Club = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1 }),
    level: literals(CLUB_LEVELS, 'school | class'),
    grades: Type.Array(Grade, { minItems: 1 }),
    min: Type.Optional(NonNegInt),
    max: Type.Optional(NonNegInt),
    days: Type.Optional(Type.Array(Weekday, { uniqueItems: true })),
    sessionsPerWeek: Type.Optional(Type.Integer({ minimum: 1, maximum: 7, default: 1 })),
    roomKinds: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    skill: Type.Optional(Type.String({ minLength: 1 })),
    room: Type.Optional(Id), // extension (pin): the club meets in this room (场地固定)
    leader: Type.Optional(Id), // extension (pin): the club is led by this staff member (指导教师固定)
    sectionOf: Type.Optional(Id), // extension: a further section (平行班) of this school club; its choosers may join at its rank
  },
  strict,
);

export const Student = Type.Object(
  {
    id: Id,
    class: Id,
    days: Type.Array(Weekday, { uniqueItems: true }),
    priority: Type.Optional(Type.Array(literals(PRIORITIES, 'disabled | left-behind | migrant | low-income'))),
    prefs: Type.Optional(Type.Array(Id, { description: 'club ids, most wanted first' })),
    feeExempt: Type.Optional(Type.Boolean()),
    name: Type.Optional(Type.String()),
    club: Type.Optional(Id), // extension (pin): the student is placed in this school-level club (社团固定)
  },
  strict,
);

export const Leave = Type.Object(
  { staff: Id, from: DateString, to: DateString, id: Type.Optional(Id), reason: Type.Optional(Type.String()) },
  strict,
);

export const Instance = Type.Object(
  {
    format: Type.Literal(INSTANCE_FORMAT),
    school: School,
    policy: Type.Optional(Policy),
    calendar: Calendar,
    timelines: Type.Array(Timeline),
    rooms: Type.Array(Room),
    classes: Type.Array(SchoolClass),
    staff: Type.Array(Staff),
    clubs: Type.Optional(Type.Array(Club)),
    students: Type.Array(Student),
    leave: Type.Optional(Type.Array(Leave)),
  },
  { ...strict, $id: 'https://kehou.example/schema/instance-1.json', title: 'Kehou instance, version 1' },
);

// ---------------------------------------------------------------- schedule

export const WeekClub = Type.Object(
  {
    club: Id,
    days: Type.Array(Weekday),
    room: Type.Union([Id, Type.Null()]),
    staff: Type.Union([Id, Type.Null()], { description: 'leader; null when nobody can take it (see shortfalls)' }),
    students: Type.Array(Id),
  },
  strict,
);

export const WeekGroup = Type.Object(
  {
    id: Id,
    day: Weekday,
    timeline: Id,
    classes: Type.Array(Id),
    room: Type.Union([Id, Type.Null()]),
    students: Type.Array(Id),
    cover: Type.Array(Type.Union([Id, Type.Null()]), { description: 'cover[i] = staff for block i of the timeline' }),
  },
  strict,
);

export const Duty = Type.Object(
  { kind: Type.Literal('latePickup'), day: Weekday, staff: Type.Union([Id, Type.Null()]), place: Type.Optional(Type.String()) },
  strict,
);

const SubTarget = {
  from: Type.Union([Id, Type.Null()]),
  to: Type.Union([Id, Type.Null()]),
  reason: Type.Optional(Type.String()),
};
export const Substitution = Type.Union([
  Type.Object({ group: Id, block: NonNegInt, ...SubTarget }, strict),
  Type.Object({ club: Id, ...SubTarget }, strict),
  Type.Object({ latePickup: Type.Literal(true), ...SubTarget }, strict),
]);

export const SemesterDay = Type.Object(
  {
    date: DateString,
    as: Weekday,
    inspection: Type.Array(Type.Union([Id, Type.Null()])),
    substitutions: Type.Array(Substitution),
  },
  strict,
);

export const Unplaced = Type.Object({ student: Id, reason: Type.String() }, strict);
export const Shortfall = Type.Object(
  { day: Type.Optional(Weekday), date: Type.Optional(DateString), duty: Type.String(), reason: Type.String() },
  strict,
);

export const Schedule = Type.Object(
  {
    format: Type.Literal(SCHEDULE_FORMAT),
    school: Type.String(),
    week: Type.Object({ clubs: Type.Array(WeekClub), groups: Type.Array(WeekGroup), duties: Type.Array(Duty) }, strict),
    semester: Type.Optional(Type.Array(SemesterDay)),
    unplaced: Type.Array(Unplaced),
    shortfalls: Type.Optional(Type.Array(Shortfall)),
    report: Type.Record(Type.String(), Type.Unknown(), { description: 'figures: objective parts, bounds, histogram, loads, fees, times' }),
  },
  { additionalProperties: true, $id: 'https://kehou.example/schema/schedule-1.json', title: 'Kehou schedule, version 1' },
);

export type School = Static<typeof School>;
export type Policy = Static<typeof Policy>;
export type Calendar = Static<typeof Calendar>;
export type Holiday = Static<typeof Holiday>;
export type Workday = Static<typeof Workday>;
export type Season = Static<typeof Season>;
export type Block = Static<typeof Block>;
export type Timeline = Static<typeof Timeline>;
export type Room = Static<typeof Room>;
export type SchoolClass = Static<typeof SchoolClass>;
export type Staff = Static<typeof Staff>;
export type Club = Static<typeof Club>;
export type Student = Static<typeof Student>;
export type Leave = Static<typeof Leave>;
export type Instance = Static<typeof Instance>;
export type WeekClub = Static<typeof WeekClub>;
export type WeekGroup = Static<typeof WeekGroup>;
export type Duty = Static<typeof Duty>;
export type Substitution = Static<typeof Substitution>;
export type SemesterDay = Static<typeof SemesterDay>;
export type Unplaced = Static<typeof Unplaced>;
export type Shortfall = Static<typeof Shortfall>;
export type Schedule = Static<typeof Schedule>;
