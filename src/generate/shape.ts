// The shape of a sample school: the options and presets (small, longhutang, mega, stress, random), each preset's
// size, policy, calendar and timelines, and the random shapes of property tests (drawn from the seed). A Shape is
// what build.ts turns into an instance. May import: src/model, ./rng.
import type { Calendar, Instance, Timeline, WeekdayName } from '../model/schema.js';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../model/policy.js';
import { formatTime, parseTime } from '../model/clock.js';
import type { Rng } from './rng.js';

// ---------------------------------------------------------------- options

export const PRESETS = ['small', 'longhutang', 'mega', 'stress', 'random'] as const;
export type Preset = (typeof PRESETS)[number];

export type GenerateOptions = {
  readonly preset: Preset;
  /** PRNG seed; same seed → same school */
  readonly seed?: number;
  /** approximate number of students in the service; 0 = the preset's own size */
  readonly students?: number;
};

export const DEFAULT_GENERATE_OPTIONS: Required<GenerateOptions> = { preset: 'small', seed: 1, students: 0 };

export const isPreset = (value: string): value is Preset => (PRESETS as readonly string[]).includes(value);

// ---------------------------------------------------------------- small helpers (build.ts uses them too)

export const toMinutes = (t: string): number => parseTime(t)!;
export const pad = (n: number, width: number): string => String(n).padStart(width, '0');
export const range = (lo: number, hi: number): number[] => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

const WORKWEEK: readonly WeekdayName[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

// ---------------------------------------------------------------- calendar: autumn semester 2026-27

/**
 * Autumn semester 2026-09-01 .. 2027-01-22 (T1, T2).
 * 中秋节 and 国庆节 follow 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04): 中秋 9-25..9-27, 国庆 10-01..10-07,
 * make-up workdays 9-20 (Sun) and 10-10 (Sat). Which timetable a make-up day runs is the school's choice; here 9-20 runs
 * Tuesday's (it stands in for 10-06) and 10-10 Wednesday's (for 10-07) — plausible, not official.
 * 元旦 2027 is not published yet: a plausible 1-01 (Fri) .. 1-03 (Sun) with no make-up day.
 */
const AUTUMN_2026 = {
  start: '2026-09-01',
  end: '2027-01-22',
  holidays: [
    { from: '2026-09-25', to: '2026-09-27', name: '中秋节' },
    { from: '2026-10-01', to: '2026-10-07', name: '国庆节' },
    { from: '2027-01-01', to: '2027-01-03', name: '元旦' },
  ],
  workdays: [
    { date: '2026-09-20', as: 'tue' as WeekdayName },
    { date: '2026-10-10', as: 'wed' as WeekdayName },
  ],
} as const;

// T4 seasons: summer 05-01..09-30, winter 10-01..04-30 (wraps the new year).
const seasons = (summer: string, winter: string): Calendar['seasons'] => [
  { from: '05-01', to: '09-30', latestEnd: summer },
  { from: '10-01', to: '04-30', latestEnd: winter },
];

function autumnCalendar(serviceWeekdays: readonly WeekdayName[], summer: string, winter: string, end: string = AUTUMN_2026.end): Calendar {
  return {
    start: AUTUMN_2026.start,
    end,
    serviceWeekdays: [...serviceWeekdays],
    holidays: AUTUMN_2026.holidays.filter((h) => h.from <= end).map((h) => ({ ...h })),
    workdays: AUTUMN_2026.workdays
      .filter((w) => w.date <= end)
      .map((w) => ({ date: w.date, as: serviceWeekdays.includes(w.as) ? w.as : serviceWeekdays[0] })),
    seasons: seasons(summer, winter),
  };
}

// ---------------------------------------------------------------- timelines (T5)

type BlockSpec = readonly [Timeline['blocks'][number]['kind'], string, string];
const timeline = (id: string, grades: number[], blocks: readonly BlockSpec[]): Timeline => ({
  id,
  grades,
  blocks: blocks.map(([kind, start, end]) => ({ kind, start, end })),
});

// Longhutang (T5): grades 1-2 15:30-17:30; 3-4 15:55-17:55; 5-6 until 18:00. Club block 16:10-17:10 for all
// (校级社团活动时光), study ≤ 1 period (T6).
const LHT_TIMELINES: readonly Timeline[] = [
  timeline('g12', [1, 2], [['study', '15:30', '16:10'], ['club', '16:10', '17:10'], ['reading', '17:10', '17:30']]),
  timeline('g34', [3, 4], [['break', '15:55', '16:10'], ['club', '16:10', '17:10'], ['study', '17:10', '17:50'], ['reading', '17:50', '17:55']]),
  timeline('g56', [5, 6], [['break', '15:55', '16:10'], ['club', '16:10', '17:10'], ['study', '17:10', '17:50'], ['reading', '17:50', '18:00']]),
];
// Junior grades (T4: junior middle may run to 18:30).
const JUNIOR_TIMELINE: Timeline = timeline('g79', [7, 8, 9], [
  ['break', '16:45', '16:55'], ['study', '16:55', '17:35'], ['club', '17:35', '18:20'], ['reading', '18:20', '18:30'],
]);
// A smaller school that ends by 17:30 (school-plan-2024: winter 17:00-17:30).
const SMALL_TIMELINES: readonly Timeline[] = [
  timeline('g12', [1, 2], [['study', '15:30', '16:10'], ['club', '16:10', '17:00'], ['reading', '17:00', '17:20']]),
  timeline('g36', [3, 4, 5, 6], [['reading', '15:40', '16:10'], ['club', '16:10', '17:00'], ['study', '17:00', '17:30']]),
];

// ---------------------------------------------------------------- the shape of a school

export type Shape = {
  readonly preset: Preset;
  readonly name: string;
  readonly stage: Instance['school']['stage'];
  readonly lessonMinutes: number;
  readonly grades: readonly number[];
  readonly classesPerGrade: number;
  readonly classSize: readonly [number, number];
  /** fraction of a class's roll that is in the service, per class */
  readonly enrolment: readonly [number, number];
  readonly policy: ResolvedPolicy;
  readonly calendar: Calendar;
  readonly timelines: readonly Timeline[];
  /** random schools: catalogue entries drawn (one section each) */
  readonly clubEntries: number;
  /**
   * sized presets: grade bands (年级段) whose clubs are sized to the band's demand; every club serves exactly one band.
   * Empty for random schools.
   */
  readonly clubBands: readonly (readonly number[])[];
  /** seats of a band's clubs / its students who want a school club */
  readonly seatRatio: number;
  /** seats of an activity ∝ weight^seatAlpha (preferences ∝ weight^2.5, so popular clubs stay over-subscribed) */
  readonly seatAlpha: number;
  readonly classClubs: number;
  readonly fixedDaysShare: number;
  /** light classes: most of the class stays home one weekday (→ mixed groups that day) */
  readonly lightClasses: number;
  readonly partialRate: number;
  readonly priorityRate: number;
  readonly prefRate: number;
  /** spare classrooms beyond one per class */
  readonly spareClassrooms: number;
  /** each special room kind: this many per 30 classes (at least 1) */
  readonly specialRoomsPer30: number;
  readonly teachersPerClass: number;
  readonly outsiders: number;
  readonly exempt: number;
  readonly misconduct: number;
  readonly leaveRate: number;
  readonly maternityLeaves: number;
  /** top up insiders until every weekday has this margin (sized presets); 0 = leave as drawn */
  readonly margin: number;
  readonly realPeople: boolean;
};

export function presetShape(preset: Exclude<Preset, 'random'>, students: number): Shape {
  const primary = range(1, 6);
  const nine = range(1, 9);
  const base = {
    preset,
    lessonMinutes: 40,
    enrolment: [0.95, 1] as const,
    classClubs: 2,
    fixedDaysShare: 0.4,
    partialRate: 0.1,
    priorityRate: 0.1,
    prefRate: 0.75,
    seatRatio: 1.12,
    seatAlpha: 0.8,
    margin: 1.3,
    misconduct: 1,
    leaveRate: 0.08,
    realPeople: false,
  };
  const scaled = (grades: readonly number[], perGrade: number, avg: number): number =>
    students > 0 ? Math.max(1, Math.round(students / (grades.length * avg))) : perGrade;
  switch (preset) {
    case 'small': {
      const cpg = scaled(primary, 2, 42);
      return {
        ...base,
        name: '星河路小学',
        stage: 'primary',
        grades: primary,
        classesPerGrade: cpg,
        classSize: [40, 46],
        policy: { ...DEFAULT_POLICY },
        calendar: autumnCalendar(WORKWEEK, '18:00', '17:30'),
        timelines: SMALL_TIMELINES,
        clubEntries: 0,
        // a small school runs its clubs for its two timelines (一二年级, 三至六年级)
        clubBands: [[1, 2], [3, 4, 5, 6]],
        lightClasses: Math.max(2, Math.round(cpg * 6 * 0.12)),
        spareClassrooms: Math.max(2, Math.ceil(cpg * 6 * 0.12)),
        specialRoomsPer30: 1,
        teachersPerClass: 2,
        outsiders: 5,
        exempt: 1,
        maternityLeaves: 0,
      };
    }
    case 'longhutang': {
      const cpg = scaled(primary, 10, 44);
      return {
        ...base,
        name: '龙虎塘第二实验小学',
        stage: 'primary',
        grades: primary,
        classesPerGrade: cpg,
        classSize: [43, 46],
        enrolment: [0.97, 1],
        // 2 staff at late pickup: 服务保障中心 and 门卫 (P7)
        policy: { ...DEFAULT_POLICY, latePickupStaffPerDay: 2 },
        // T4 primary: not later than 18:00 in every season (grades 5-6 end at 18:00)
        calendar: autumnCalendar(WORKWEEK, '18:00', '18:00'),
        timelines: LHT_TIMELINES,
        clubEntries: 0,
        clubBands: [[1, 2], [3, 4], [5, 6]],
        lightClasses: Math.max(2, Math.round(cpg * 6 * 0.12)),
        spareClassrooms: Math.max(2, Math.ceil(cpg * 6 * 0.12)),
        specialRoomsPer30: 1,
        teachersPerClass: 2.5,
        outsiders: Math.max(4, Math.round(cpg * 6 * 0.35)),
        exempt: 3,
        maternityLeaves: 1,
        realPeople: true,
      };
    }
    case 'mega':
    case 'stress': {
      const mega = preset === 'mega';
      const cpg = scaled(nine, mega ? 20 : 50, 44);
      const classes = cpg * 9;
      return {
        ...base,
        name: mega ? '云湖九年一贯制学校' : '星城教育集团九年一贯制学校',
        stage: 'nine-year',
        grades: nine,
        classesPerGrade: cpg,
        classSize: [42, 46],
        enrolment: [0.96, 1],
        policy: mega
          ? { ...DEFAULT_POLICY, clubsPerStudent: 2, latePickupStaffPerDay: 3, inspectorsPerDay: 2, mixGrades: true }
          : { ...DEFAULT_POLICY, latePickupStaffPerDay: 4, inspectorsPerDay: 2 },
        // junior grades end at 18:30 (T4), so every season must allow 18:30
        calendar: autumnCalendar(WORKWEEK, '18:30', '18:30'),
        timelines: [...LHT_TIMELINES, JUNIOR_TIMELINE],
        clubEntries: 0,
        clubBands: [[1, 2], [3, 4], [5, 6], [7, 8, 9]],
        lightClasses: Math.max(2, Math.round(classes * 0.1)),
        spareClassrooms: Math.max(2, Math.ceil(classes * 0.1)),
        specialRoomsPer30: 1,
        teachersPerClass: mega ? 2.3 : 2.2,
        outsiders: Math.max(6, Math.round(classes * 0.3)),
        exempt: Math.max(2, Math.round(classes * 0.03)),
        maternityLeaves: Math.max(1, Math.round(classes / 90)),
      };
    }
  }
}

/** A small random school (30-400 students) for property tests: shape and policy values drawn from the seed. */
export function randomShape(rng: Rng, students: number): Shape {
  const target = students > 0 ? students : rng.int(30, 400);
  const gradeCount = rng.int(1, 4);
  const first = rng.int(1, 10 - gradeCount);
  const grades = range(first, first + gradeCount - 1);
  const classesPerGrade = clamp(Math.ceil(target / (gradeCount * 40)), 1, students > 0 ? 1000 : 3);
  const classSize: [number, number] = [rng.int(25, 40), 46];
  const avgSize = (classSize[0] + classSize[1]) / 2;
  const fill = clamp(target / (gradeCount * classesPerGrade * avgSize), 0.05, 1);
  const stage: Shape['stage'] = grades.every((g) => g <= 6) ? 'primary' : grades.every((g) => g >= 7) ? 'junior' : 'nine-year';
  const lessonMinutes = rng.pick([35, 40, 40, 45]);
  const maxStudyPeriods = rng.pick([1, 1, 1, 1.5, 2]);
  const serviceWeekdays = rng.chance(0.2) ? WORKWEEK.filter((d) => d !== 'thu') : [...WORKWEEK];
  const winter = stage === 'primary' ? rng.pick(['17:30', '18:00']) : rng.pick(['18:00', '18:30']);
  const summer = stage === 'primary' ? '18:00' : '18:30';
  const end = rng.pick(['2026-10-30', '2026-12-31', '2027-01-22']);
  const timelines = randomTimelines(rng, grades, lessonMinutes * maxStudyPeriods, Math.min(toMinutes(winter), toMinutes(summer)));
  const policy: ResolvedPolicy = {
    ...DEFAULT_POLICY,
    maxGroupSize: rng.int(20, 45),
    standaloneRatio: Math.round((0.3 + rng.next() * 0.4) * 100) / 100,
    maxStudyPeriods,
    feePerPeriod: rng.pick([0, 2.3]),
    maxChargedPeriodsPerDay: rng.pick([1, 2, 2]),
    inspectorsPerDay: rng.pick([0, 1, 1]),
    latePickupStaffPerDay: rng.int(0, 2),
    latePickupMinutes: rng.pick([20, 30, 30, 45]),
    mixGrades: rng.chance(0.5),
    clubsPerStudent: rng.int(1, 2),
    groupRoomKinds: rng.chance(0.2) ? ['classroom', 'library'] : ['classroom'],
  };
  const classes = gradeCount * classesPerGrade;
  return {
    preset: 'random',
    name: rng.pick(['青石', '柳岸', '桂园', '东湖', '清源', '枫林', '新桥', '白鹭']) + rng.pick(['小学', '实验学校', '中心小学', '中学']),
    stage,
    lessonMinutes,
    grades,
    classesPerGrade,
    classSize,
    enrolment: [clamp(fill * 0.6, 0.02, 1), clamp(fill * 1.4, 0.05, 1)],
    policy,
    calendar: autumnCalendar(serviceWeekdays, summer, winter, end),
    timelines,
    clubEntries: rng.int(0, 6),
    clubBands: [],
    seatRatio: 0,
    seatAlpha: 0,
    classClubs: rng.int(0, 1),
    fixedDaysShare: rng.next(),
    lightClasses: rng.int(0, Math.max(1, Math.round(classes / 3))),
    partialRate: rng.next() * 0.4,
    priorityRate: 0.1,
    prefRate: 0.5 + rng.next() * 0.5,
    spareClassrooms: rng.int(0, 2),
    specialRoomsPer30: rng.chance(0.8) ? 1 : 0,
    teachersPerClass: rng.chance(0.88) ? 1.7 + rng.next() * 1.0 : 0.5 + rng.next() * 0.5,
    outsiders: rng.int(0, 4),
    exempt: rng.int(0, 1),
    misconduct: rng.int(0, 1),
    leaveRate: rng.next() * 0.12,
    maternityLeaves: 0,
    margin: 0,
    realPeople: false,
  };
}

/** 1-3 timelines over consecutive grade bands; all end by latestEnd; study ≤ studyMax minutes (T6). */
function randomTimelines(rng: Rng, grades: readonly number[], studyMax: number, latestEnd: number): Timeline[] {
  const bands = clamp(rng.int(1, 3), 1, grades.length);
  const cuts = rng.sample(range(1, grades.length - 1), bands - 1).sort((a, b) => a - b);
  const chunks: number[][] = [];
  let at = 0;
  for (const c of [...cuts, grades.length]) {
    chunks.push(grades.slice(at, c));
    at = c;
  }
  const sharedClub = rng.chance(0.5);
  const clubMinutes = rng.pick([40, 45, 50, 60]);
  const clubStart = rng.pick([16 * 60, 16 * 60 + 10, 16 * 60 + 20]);
  const templates: readonly (readonly Timeline['blocks'][number]['kind'][])[] = [
    ['study', 'club', 'reading'],
    ['break', 'club', 'study', 'reading'],
    ['study', 'break', 'club'],
    ['reading', 'club', 'study'],
    ['club', 'study'],
  ];
  type Kind = Timeline['blocks'][number]['kind'];
  type Span = { kind: Kind; start: number; end: number };
  const drafts = chunks.map((band) => {
    const kinds = rng.pick(templates);
    const lengths = kinds.map((k) =>
      k === 'study' ? 5 * rng.int(4, Math.floor(Math.min(studyMax, 60) / 5))
      : k === 'club' ? (sharedClub ? clubMinutes : rng.pick([40, 45, 50, 60]))
      : k === 'reading' ? 5 * rng.int(2, 6)
      : 5 * rng.int(1, 3),
    );
    const beforeClub = lengths.slice(0, kinds.indexOf('club')).reduce((s, x) => s + x, 0);
    let t = sharedClub ? clubStart - beforeClub : rng.pick([15 * 60 + 20, 15 * 60 + 30, 15 * 60 + 40, 15 * 60 + 55, 16 * 60]);
    const blocks: Span[] = kinds.map((kind, i) => {
      const b = { kind, start: t, end: t + lengths[i] };
      t = b.end;
      return b;
    });
    return { band, blocks };
  });
  // shift every timeline earlier by the same amount when the latest ends after latestEnd (a shared club block stays shared)
  const shift = Math.max(0, Math.max(...drafts.map((d) => d.blocks[d.blocks.length - 1].end)) - latestEnd);
  return drafts.map(({ band, blocks }) => ({
    id: 'tl-' + band.join(''),
    grades: band,
    blocks: blocks.map((b) => ({ kind: b.kind, start: formatTime(b.start - shift), end: formatTime(b.end - shift) })),
  }));
}
