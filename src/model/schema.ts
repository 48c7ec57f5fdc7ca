// The v1 instance and schedule formats (../shared/spec/format.md) as TypeBox schemas.
// One source: the TypeScript types are `Static<…>` of these schemas, the JSON Schemas printed by
// `kehou schema` and served over HTTP are these objects, and structural validation runs against them.
// Extensions to the spec are optional fields only and are marked "extension" in their description.
import { Type, type Static } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;

export const INSTANCE_FORMAT = 'kehou.instance/1';
export const SCHEDULE_FORMAT = 'kehou.schedule/1';

// Plausibility limits (docs/errors.md "Limits"): generous for any real school, small enough that a mistyped or
// hostile value (inspectorsPerDay 1000000, a list pasted a million times) is refused before anything is planned.
export const LIMITS = {
  idLength: 100,
  nameLength: 200,
  textLength: 1000,
  maxGroupSize: 200,
  periodsPerDay: 10,
  feePerPeriod: 100,
  staffPerDay: 100,
  latePickupMinutes: 240,
  clubsPerStudent: 10,
  roomCapacity: 10_000,
  classSize: 200,
  periodsPerWeek: 100,
  clubSize: 2000,
  timelines: 50,
  blocks: 30,
  rooms: 5000,
  classes: 2000,
  staff: 10_000,
  clubs: 2000,
  leave: 20_000,
  calendarEntries: 400,
  seasons: 24,
  shortLists: 50,
} as const;

export const Id = Type.String({ minLength: 1, maxLength: LIMITS.idLength, description: 'non-empty id, unique within its list' });
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
const Grades = (extra: { minItems?: number } = {}) => Type.Array(Grade, { ...extra, maxItems: 12 });
const Weekdays = (extra: { uniqueItems?: boolean; description?: string } = {}) => Type.Array(Weekday, { ...extra, maxItems: 7 });
const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameLength });
const Text = Type.String({ maxLength: LIMITS.textLength });
const Kind = Type.String({ minLength: 1, maxLength: LIMITS.idLength });
const NonNegInt = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** a count whose sign the meaning layer checks (code `negative`); never beyond the safe integers */
const SAFE_MIN = -Number.MAX_SAFE_INTEGER;

export const School = Type.Object(
  {
    name: Name,
    stage: literals(STAGES, 'primary | junior | nine-year'),
    lessonMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 40, description: 'one 课时 in minutes' })),
  },
  strict,
);

export const Policy = Type.Object(
  {
    maxGroupSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxGroupSize, default: 45, description: 'S3' })),
    standaloneRatio: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.5, description: 'S4' })),
    maxStudyPeriods: Type.Optional(Type.Number({ minimum: 0, maximum: LIMITS.periodsPerDay, default: 1, description: 'T6' })),
    feePerPeriod: Type.Optional(Type.Number({ minimum: 0, maximum: LIMITS.feePerPeriod, default: 2.3, description: 'M1, yuan; 0 = free' })),
    maxChargedPeriodsPerDay: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.periodsPerDay, default: 2, description: 'T8/M1' })),
    inspectorsPerDay: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.staffPerDay, default: 1, description: 'P6; also at most the staff list' })),
    latePickupStaffPerDay: Type.Optional(
      Type.Integer({ minimum: 0, maximum: LIMITS.staffPerDay, default: 1, description: 'P7; also at most the staff list' }),
    ),
    latePickupMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.latePickupMinutes, default: 30, description: 'P7' })),
    mixGrades: Type.Optional(Type.Boolean({ default: false, description: 'S4 mixed groups may combine grades of one timeline' })),
    clubsPerStudent: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.clubsPerStudent, default: 1, description: 'S6' })),
    groupRoomKinds: Type.Optional(Type.Array(Kind, { maxItems: LIMITS.shortLists, default: ['classroom'], description: 'R1' })),
    payPerPeriod: Type.Optional(
      Type.Number({ minimum: 0, maximum: LIMITS.feePerPeriod * 1000, description: 'extension: yuan paid per period of service (P8 多劳多得), for the workload table; no default' }),
    ),
  },
  strict,
);

export const Holiday = Type.Object(
  { from: DateString, to: DateString, name: Type.Optional(Text) },
  strict,
);
export const Workday = Type.Object({ date: DateString, as: Weekday }, strict);
export const Season = Type.Object({ from: MonthDay, to: MonthDay, latestEnd: Time }, strict);

export const Calendar = Type.Object(
  {
    start: DateString,
    end: DateString,
    serviceWeekdays: Weekdays({ uniqueItems: true }),
    holidays: Type.Optional(Type.Array(Holiday, { maxItems: LIMITS.calendarEntries })),
    workdays: Type.Optional(Type.Array(Workday, { maxItems: LIMITS.calendarEntries })),
    seasons: Type.Optional(Type.Array(Season, { maxItems: LIMITS.seasons })),
  },
  strict,
);

export const Block = Type.Object(
  { kind: literals(BLOCK_KINDS, 'study | club | reading | break'), start: Time, end: Time },
  strict,
);
export const Timeline = Type.Object(
  { id: Id, grades: Grades({ minItems: 1 }), blocks: Type.Array(Block, { minItems: 1, maxItems: LIMITS.blocks }) },
  strict,
);

export const Room = Type.Object(
  {
    id: Id,
    kind: Kind,
    capacity: Type.Integer({ minimum: SAFE_MIN, maximum: LIMITS.roomCapacity, description: 'seats; must be ≥ 0' }),
    name: Type.Optional(Type.String({ maxLength: LIMITS.nameLength })),
  },
  strict,
);

export const SchoolClass = Type.Object(
  {
    id: Id,
    grade: Grade,
    size: Type.Integer({ minimum: SAFE_MIN, maximum: LIMITS.classSize, description: 'students on the roll; must be ≥ 0' }),
    room: Type.Optional(Id),
    homeroom: Type.Optional(Id),
  },
  strict,
);

/** extension: a staff member fixed to a class's (or one group's) blocks on given weekdays (docs/pins.md). */
export const StaffPin = Type.Object(
  {
    class: Type.Optional(Id),
    group: Type.Optional(Id),
    days: Type.Optional(Type.Array(Weekday, { uniqueItems: true, description: 'weekdays of the pin; all the class\'s service days when absent' })),
    blocks: Type.Optional(
      Type.Array(NonNegInt, { uniqueItems: true, description: '0-based block indices of the timeline (as cover[i]); every block when absent' }),
    ),
  },
  { ...strict, description: 'extension: exactly one of class (id or class name) and group (a schedule group id such as mon/3-2)' },
);

export const Staff = Type.Object(
  {
    id: Id,
    name: Name,
    roles: Type.Array(Kind, { minItems: 1, maxItems: LIMITS.shortLists, description: 'any of ' + ROLES.join(', ') }),
    grades: Type.Optional(Grades()),
    skills: Type.Optional(Type.Array(Kind, { maxItems: LIMITS.shortLists })),
    unavailable: Type.Optional(Weekdays()),
    maxPeriodsPerWeek: Type.Optional(Type.Number({ minimum: 0, maximum: LIMITS.periodsPerWeek })),
    exempt: Type.Optional(Type.Boolean()),
    misconduct: Type.Optional(Type.Boolean()),
    vetted: Type.Optional(Type.Boolean()),
    inspectionDays: Type.Optional(
      Weekdays({ description: 'extension: weekdays this leader is pinned to for inspection (P6), kept when feasible' }),
    ),
    pins: Type.Optional(Type.Array(StaffPin, { description: 'extension: duties this staff member is fixed to (P-PIN), honoured or reported' })),
  },
  strict,
);

export const Club = Type.Object(
  {
    id: Id,
    name: Name,
    level: literals(CLUB_LEVELS, 'school | class'),
    grades: Grades({ minItems: 1 }),
    min: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.clubSize })),
    max: Type.Optional(Type.Integer({ minimum: 0, maximum: LIMITS.clubSize })),
    days: Type.Optional(Weekdays({ uniqueItems: true })),
    sessionsPerWeek: Type.Optional(Type.Integer({ minimum: 1, maximum: 7, default: 1 })),
    roomKinds: Type.Optional(Type.Array(Kind, { maxItems: LIMITS.shortLists })),
    skill: Type.Optional(Kind),
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
    days: Weekdays({ uniqueItems: true }),
    priority: Type.Optional(Type.Array(literals(PRIORITIES, 'disabled | left-behind | migrant | low-income'), { maxItems: 8 })),
    prefs: Type.Optional(Type.Array(Id, { maxItems: LIMITS.shortLists, description: 'club ids, most wanted first' })),
    feeExempt: Type.Optional(Type.Boolean()),
    name: Type.Optional(Type.String({ maxLength: LIMITS.nameLength })),
    club: Type.Optional(Id), // extension (pin): the student is placed in this school-level club (社团固定)
  },
  strict,
);

export const Leave = Type.Object(
  { staff: Id, from: DateString, to: DateString, id: Type.Optional(Id), reason: Type.Optional(Text) },
  strict,
);

export const Instance = Type.Object(
  {
    format: Type.Literal(INSTANCE_FORMAT),
    school: School,
    policy: Type.Optional(Policy),
    calendar: Calendar,
    timelines: Type.Array(Timeline, { maxItems: LIMITS.timelines }),
    rooms: Type.Array(Room, { maxItems: LIMITS.rooms }),
    classes: Type.Array(SchoolClass, { maxItems: LIMITS.classes }),
    staff: Type.Array(Staff, { maxItems: LIMITS.staff }),
    clubs: Type.Optional(Type.Array(Club, { maxItems: LIMITS.clubs })),
    students: Type.Array(Student, { description: 'at most 20 000 unless raised (--max-students, KEHOU_MAX_STUDENTS)' }),
    leave: Type.Optional(Type.Array(Leave, { maxItems: LIMITS.leave })),
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
export type StaffPin = Static<typeof StaffPin>;
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
