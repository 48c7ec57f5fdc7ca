// The v1 instance and schedule formats (../shared/spec/format.md) as TypeBox schemas.
// One source: the TypeScript types are `Static<…>` of these schemas, the JSON Schemas printed by
// `kehou schema` and served over HTTP are these objects, and structural validation runs against them.
// Extensions to the spec are optional fields only and are marked "extension" in their description.
import { Kind as TypeKind, Type, type ArrayOptions, type ObjectOptions, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';

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

// ---------------------------------------------------------------- report (报告)
// The figures the planner writes beside the plan (docs/planner.md "Objective"): typed here so the code that reads
// them (CLI summary, what-if, the office) needs no cast, and part of the published schedule JSON Schema. Every
// object of the report is open (Open below): each field optional, any other field allowed, so a report written
// by an older or newer Kehou, or extended by another tool, still validates.
// Adding a field is one line in the object it belongs to, `name: Type.Optional(<schema>), // what it is`;
// its TypeScript type follows (Static) and no reader needs a cast.

/** A schema whose static type is its fields plus any other field (typed unknown), as `additionalProperties: true`. */
export interface TOpen<T extends TProperties> extends TObject<T> {
  static: Static<TObject<T>> & { [field: string]: unknown };
}

/** An open object: its fields typed, any other field allowed. */
const Open = <T extends TProperties>(properties: T, options: ObjectOptions = {}): TOpen<T> =>
  Type.Object(properties, { ...options, additionalProperties: true }) as TOpen<T>;

/** A list the report's readers only read: typed readonly, so producers may hand over their readonly arrays. */
export interface TList<T extends TSchema> extends TSchema {
  [TypeKind]: 'Array';
  type: 'array';
  items: T;
  static: readonly Static<T>[];
}
const List = <T extends TSchema>(items: T, options: ArrayOptions = {}): TList<T> => Type.Array(items, options) as unknown as TList<T>;

const OrNull = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Figure = Type.Number();
/** a figure JSON may have turned into null (an infinite bound or gap) */
const Bound = OrNull(Figure);
const Figures = Type.Record(Type.String(), Figure);
const Count = NonNegInt;

export const ReportObjective = Open(
  {
    order: Type.Optional(Type.Array(Type.String(), { description: 'the parts, most important first' })),
    uncoveredDuties: Type.Optional(Count),
    clubCost: Type.Optional(Bound),
    cover: Type.Optional(Figures), // the cover stage's parts (docs/cover.md)
    groupsNotInOwnRoom: Type.Optional(Count),
    clubRoomSlack: Type.Optional(Figure),
    groups: Type.Optional(Count),
  },
  { description: 'the lexicographic objective and its parts' },
);

export const ClubAssignmentReport = Open({
  method: Type.Optional(Type.String()),
  certified: Type.Optional(Type.Boolean()),
  flowRounds: Type.Optional(Count),
  flowNodes: Type.Optional(Count),
  flowArcs: Type.Optional(Count),
  lowerBound: Type.Optional(Bound), // the whole club stage's proven lower bound on clubCost (issue 10)
  searchNodes: Type.Optional(Count), // branch-and-bound nodes of the club stage
  searchComplete: Type.Optional(Type.Boolean()), // the club stage's search closed (optimum proven)
  searchWork: Type.Optional(Figure), // the club stage's work budget used (deterministic, not a clock)
  s2Repairs: Type.Optional(Count),
  dayConflictDrops: Type.Optional(Count),
  closed: Type.Optional(Type.Array(Type.String(), { description: 'clubs not run, each with why' })),
});

export const CoverReport = Open({
  cost: Type.Optional(Bound),
  bound: Type.Optional(Bound), // proven lower bound on cost
  gap: Type.Optional(Bound),
  status: Type.Optional(Type.String()),
});

/** Weekly load of one staff member in periods (P8). */
export const StaffWeekLoad = Open({ name: Type.Optional(Type.String()), periodsPerWeek: Type.Optional(Figure) });

export const ReportCounts = Open({
  students: Type.Optional(Count),
  groups: Type.Optional(Count),
  standaloneGroups: Type.Optional(Count),
  mixedGroups: Type.Optional(Count),
  clubsRunning: Type.Optional(Count),
  clubSessionsPerWeek: Type.Optional(Count),
  studentsWantingClub: Type.Optional(Count),
  studentsPlaced: Type.Optional(Count),
  unplaced: Type.Optional(Count),
  duties: Type.Optional(Count),
  uncoveredDuties: Type.Optional(Count),
  shortfalls: Type.Optional(Count),
});

/** M1 fees in yuan. */
export const FeesReport = Open({
  perStudent: Type.Optional(Figures),
  perClass: Type.Optional(Figures),
  total: Type.Optional(Figure),
  currency: Type.Optional(Type.String()),
});

/** P8 load of one staff member over the semester. */
export const StaffSemesterLoad = Open({
  periodsPerWeek: Type.Optional(Figure),
  periodsSemester: Type.Optional(Figure), // after substitutions, plus one per inspection date
  inspections: Type.Optional(Count),
  substitutionsTaken: Type.Optional(Count),
});

/** W1 one leave: the duties it touched and who substituted, per duty in date order (semester/leave-report.ts). */
export const LeaveSubstitutesReport = Open({
  staff: Type.String(),
  name: Type.String(),
  from: Type.String(),
  to: Type.String(),
  duties: Count,
  substitutes: Count, // distinct people over the whole leave
  maxPerDuty: Count,
  perDuty: List(
    Open({
      duty: Type.String(),
      label: Type.String(), // the duty as a person reads it
      substitutes: List(Open({ date: Type.String(), to: OrNull(Type.String()) })), // in date order
      distinct: Count,
    }),
  ),
});

/** P6 one leader's inspections over the semester: how many, on which weekdays. */
export const InspectionPatternReport = Open({
  name: Type.String(),
  count: Count,
  weekdays: Type.Record(Type.String(), Count),
});

export const SemesterReport = Open(
  {
    dates: Type.Optional(Count),
    inspectionCounts: Type.Optional(Type.Record(Type.String(), Count)),
    inspectionPattern: Type.Optional(Type.Record(Type.String(), InspectionPatternReport)), // leader id → pattern
    substitutions: Type.Optional(Count),
    uncovered: Type.Optional(Count),
    leaves: Type.Optional(Type.Array(LeaveSubstitutesReport)), // W1 one entry per leave
    fees: Type.Optional(FeesReport),
    staffLoad: Type.Optional(Type.Record(Type.String(), StaffSemesterLoad)),
    inspectionPins: Type.Optional(Open({ kept: Type.Optional(Count), moved: Type.Optional(Count) })), // P6 weekday pins
  },
  { description: 'the semester stage\'s figures' },
);

/** W1: one change a what-if made (date, duty, from → to, reason). */
export const WhatIfChange = Open({
  date: Type.Optional(Type.String()),
  day: Type.Optional(Weekday), // template changes: the weekday whose timetable changed
  duty: Type.Optional(Type.String()),
  from: Type.Optional(OrNull(Type.String())),
  to: Type.Optional(OrNull(Type.String())),
  reason: Type.Optional(Type.String()),
});

export const WhatIfReport = Open(
  {
    mode: Type.Optional(Type.String()), // substitutes | template
    leave: Type.Optional(Type.Array(Open({ staff: Type.Optional(Type.String()), from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) }))),
    changes: Type.Optional(Type.Array(WhatIfChange)),
    note: Type.Optional(Type.String()), // why the template was not changed when asked to
    leaves: Type.Optional(Type.Array(LeaveSubstitutesReport)), // W1 per new leave
    planMs: Type.Optional(Figure),
  },
  { description: 'the last what-if (W1) applied to this schedule' },
);

/** P-PIN one staff pin: how many of its duties were honoured, and why not the rest (cover/pins.ts). */
export const PinReport = Open({
  path: Type.String(), // JSON Pointer of the pin in the instance
  staff: Type.String(),
  honoured: Count,
  wanted: Count,
  reasons: List(Type.String()),
});

export const PinsReport = Open({
  honoured: Count,
  broken: Type.Array(PinReport),
  all: Type.Array(PinReport),
});

/** A re-plan that keeps the previous plan (--keep): every changed assignment, counted by kind (keep/diff.ts). */
export const KeepReport = Open({
  counts: Open({
    studentGroup: Count,
    studentClub: Count,
    groupRoom: Count,
    clubRoom: Count,
    clubLeader: Count,
    clubDays: Count,
    cover: Count,
    latePickup: Count,
    inspection: Count,
    substitute: Count,
    total: Count,
  }),
  changes: Type.Array(
    Open({
      kind: Type.String(),
      key: Type.String(),
      from: OrNull(Type.String()),
      to: OrNull(Type.String()),
      text: Type.String(), // the change in Chinese
    }),
  ),
  note: Type.Optional(Type.String()),
});

export const Report = Open(
  {
    status: Type.Optional(Type.String()), // optimal | feasible | timedout | cancelled
    seed: Type.Optional(Figure),
    objective: Type.Optional(ReportObjective),
    clubCost: Type.Optional(Bound), // S6 (format.md); null when the club stage did not run
    clubCostBound: Type.Optional(Bound),
    clubCostOptimal: Type.Optional(Type.Boolean()),
    preferenceHistogram: Type.Optional(Figures), // rank (1, 2, …, none) → memberships
    clubAssignment: Type.Optional(OrNull(ClubAssignmentReport)),
    cover: Type.Optional(OrNull(CoverReport)),
    staffLoad: Type.Optional(Type.Record(Type.String(), StaffWeekLoad)),
    counts: Type.Optional(ReportCounts),
    semester: Type.Optional(SemesterReport),
    whatif: Type.Optional(WhatIfReport),
    pins: Type.Optional(PinsReport), // P-PIN staff pins honoured or broken
    keep: Type.Optional(KeepReport), // --keep: what changed against the previous plan
    timingsMs: Type.Optional(Figures), // wall time of each stage
    solveMs: Type.Optional(Figure),
  },
  { description: 'figures: objective parts, bounds, preference ranks, loads, fees, times; open to further fields' },
);

export const Schedule = Type.Object(
  {
    format: Type.Literal(SCHEDULE_FORMAT),
    school: Type.String(),
    week: Type.Object({ clubs: Type.Array(WeekClub), groups: Type.Array(WeekGroup), duties: Type.Array(Duty) }, strict),
    semester: Type.Optional(Type.Array(SemesterDay)),
    unplaced: Type.Array(Unplaced),
    shortfalls: Type.Optional(Type.Array(Shortfall)),
    report: Report,
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
export type Report = Static<typeof Report>;
export type ReportCounts = Static<typeof ReportCounts>;
export type SemesterReport = Static<typeof SemesterReport>;
export type WhatIfReport = Static<typeof WhatIfReport>;
export type FeesReport = Static<typeof FeesReport>;
export type StaffSemesterLoad = Static<typeof StaffSemesterLoad>;
