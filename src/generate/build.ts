// Deterministic generator of realistic schools (生成示例学校) for examples, tests and benchmarks.
// Same options + seed → deep-equal instance; every random choice comes from a seeded PRNG (sfc32), never Math.random.
// Presets: small (2 classes a grade), longhutang (the real 10-track school of ../shared/seeds), mega (nine-year,
// 20 classes a grade), stress (≈20,000 students) and random (a small random shape for property tests).
import type {
  Calendar,
  Club,
  Instance,
  Leave,
  Room,
  SchoolClass,
  Staff,
  Student,
  Timeline,
  WeekdayName,
  PriorityKind,
} from '../model/schema.js';
import { INSTANCE_FORMAT, WEEKDAYS } from '../model/schema.js';
import { DEFAULT_POLICY, resolvePolicy, type ResolvedPolicy } from '../model/policy.js';

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

// ---------------------------------------------------------------- PRNG (sfc32 seeded by splitmix32)

export type Rng = {
  /** uniform in [0, 1) */
  readonly next: () => number;
  /** uniform integer in [lo, hi] */
  readonly int: (lo: number, hi: number) => number;
  readonly chance: (p: number) => boolean;
  readonly pick: <T>(items: readonly T[]) => T;
  /** index drawn with probability proportional to weights[i] */
  readonly weighted: (weights: readonly number[]) => number;
  readonly shuffle: <T>(items: readonly T[]) => T[];
  /** k distinct items in random order */
  readonly sample: <T>(items: readonly T[], k: number) => T[];
  /** an independent stream named by label (does not consume this stream) */
  readonly fork: (label: string) => Rng;
};

const hashString = (s: string, h = 0x811c9dc5): number => {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

export function makeRng(seed: number): Rng {
  let sm = (Math.trunc(seed) ^ 0x5bd1e995) | 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let t = sm ^ (sm >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const rng: Rng = {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    sample: (items, k) => {
      // partial Fisher-Yates: only the first k places are drawn
      const out = items.slice();
      const n = Math.min(Math.max(0, k), out.length);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(next() * (out.length - i));
        [out[i], out[j]] = [out[j], out[i]];
      }
      out.length = n;
      return out;
    },
    fork: (label) => makeRng(hashString(label, hashString(String(seed)))),
  };
  return rng;
}

// ---------------------------------------------------------------- small helpers

const toMinutes = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const range = (lo: number, hi: number): number[] => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const cnNumber = (n: number): string => (n <= 10 ? CN_DIGITS[n] : n < 20 ? '十' + CN_DIGITS[n - 10] : String(n));
const gradeLabel = (grades: readonly number[]): string =>
  grades.length === 1
    ? `${cnNumber(grades[0])}年级`
    : grades.length === 2
      ? `${cnNumber(grades[0])}${cnNumber(grades[1])}年级`
      : `${cnNumber(grades[0])}至${cnNumber(grades[grades.length - 1])}年级`;

const DAY_MS = 86_400_000;
const parseDate = (d: string): number => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const formatDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const addDays = (d: string, n: number): string => formatDate(parseDate(d) + n * DAY_MS);
const weekdayOf = (d: string): WeekdayName => WEEKDAYS[(new Date(parseDate(d)).getUTCDay() + 6) % 7];

const WORKWEEK: readonly WeekdayName[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

// ---------------------------------------------------------------- names (Chinese, deterministic)

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '蒋', '蔡', '余',
  '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金', '石',
  '廖', '贾', '夏', '韦', '方', '白', '邹', '孟', '熊', '秦', '邱', '江', '尹', '薛', '段', '雷', '侯', '龙', '史', '陶',
  '贺', '顾', '毛', '龚', '邵', '钱', '严', '武', '戴', '孔', '汤', '荆', '耿', '储', '恽', '缪',
];
const ADULT_CHARS = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀', '霞', '平', '刚',
  '建', '华', '文', '红', '玉', '兰', '燕', '颖', '琳', '婷', '晓', '东', '海', '波', '斌', '宁', '雪', '梅', '慧', '俊',
  '志', '国', '永', '春', '晨', '佳', '欣', '萍', '琴', '洁', '亚', '卫', '荣', '新', '君', '彬', '岚', '璐', '峰', '倩',
];
const CHILD_CHARS = [
  '子', '梓', '浩', '宇', '轩', '欣', '怡', '雨', '涵', '一', '诺', '思', '睿', '泽', '晨', '佳', '嘉', '俊', '博', '文',
  '若', '彤', '悦', '瑶', '琪', '萱', '沐', '辰', '煜', '皓', '铭', '安', '可', '心', '语', '然', '昊', '天', '乐', '晴',
  '桐', '依', '伊', '明', '航', '宸', '奕', '锦', '希', '言', '珂', '知', '景', '逸', '书', '亦', '钰', '柏', '星', '禾',
];

/** LHT's real people (longhutang-school-plan): never produced by the random name maker. */
const RESERVED_NAMES = new Set(['钱丽美', '许华章', '杨伟', '荆亚琴', '朱玥', '耿周霖', '何玲洁', '王燕', '刘超']);

const personName = (rng: Rng, chars: readonly string[], twoCharGiven: number): string =>
  rng.pick(SURNAMES) + rng.pick(chars) + (rng.chance(twoCharGiven) ? rng.pick(chars) : '');

function uniqueAdultName(rng: Rng, used: Set<string>): string {
  for (let i = 0; ; i++) {
    const name = personName(rng, ADULT_CHARS, 0.55);
    if ((!used.has(name) && !RESERVED_NAMES.has(name)) || i > 50) {
      used.add(name);
      return name;
    }
  }
}

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

/** Service dates of a calendar (holidays removed, make-up workdays added), in order. */
function serviceDates(cal: Calendar): string[] {
  const out: string[] = [];
  const work = new Map((cal.workdays ?? []).map((w) => [w.date, w.as]));
  for (let d = cal.start; d <= cal.end; d = addDays(d, 1)) {
    if (work.has(d)) {
      out.push(d);
      continue;
    }
    if (!cal.serviceWeekdays.includes(weekdayOf(d))) continue;
    if ((cal.holidays ?? []).some((h) => h.from <= d && d <= h.to)) continue;
    out.push(d);
  }
  return out;
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

// ---------------------------------------------------------------- clubs catalogue (S6)

type Subject = 'chinese' | 'math' | 'english' | 'pe' | 'music' | 'art' | 'science' | 'it';
type CatalogueEntry = {
  readonly id: string;
  readonly name: string;
  readonly skill: string;
  readonly roomKinds: readonly string[];
  readonly grades: readonly [number, number];
  readonly min: number;
  readonly max: number;
  /** popularity: how often students rank it (足球、合唱、美术 are over-subscribed) */
  readonly weight: number;
  /** fixed weekdays when the club has them (else sessionsPerWeek) */
  readonly days?: readonly WeekdayName[];
  readonly sessions?: number;
};

const PRIMARY_CLUBS: readonly CatalogueEntry[] = [
  { id: 'football', name: '足球', skill: 'football', roomKinds: ['field'], grades: [3, 6], min: 10, max: 30, weight: 10, days: ['tue', 'thu'] },
  { id: 'choir', name: '合唱', skill: 'choir', roomKinds: ['music'], grades: [1, 6], min: 15, max: 50, weight: 8, sessions: 2 },
  { id: 'art', name: '美术', skill: 'art', roomKinds: ['art'], grades: [1, 6], min: 10, max: 35, weight: 9, sessions: 1 },
  { id: 'basketball', name: '篮球', skill: 'basketball', roomKinds: ['gym'], grades: [3, 6], min: 10, max: 30, weight: 7, days: ['mon', 'wed'] },
  { id: 'calligraphy', name: '书法', skill: 'calligraphy', roomKinds: ['art', 'classroom'], grades: [3, 6], min: 8, max: 30, weight: 4, sessions: 1 },
  { id: 'science', name: '科学小实验', skill: 'science', roomKinds: ['science'], grades: [3, 6], min: 10, max: 30, weight: 6, days: ['wed'] },
  { id: 'papercut', name: '剪纸', skill: 'paper-cutting', roomKinds: ['art', 'classroom'], grades: [2, 6], min: 8, max: 25, weight: 4, sessions: 1 },
  { id: 'coding', name: '趣味编程', skill: 'coding', roomKinds: ['computer'], grades: [3, 6], min: 8, max: 30, weight: 6, sessions: 1 },
  { id: 'dance', name: '舞蹈', skill: 'dance', roomKinds: ['dance'], grades: [1, 6], min: 10, max: 30, weight: 5, days: ['fri'] },
  { id: 'pingpong', name: '乒乓球', skill: 'table-tennis', roomKinds: ['gym'], grades: [3, 6], min: 8, max: 24, weight: 5, sessions: 2 },
  { id: 'leafcraft', name: '树叶拼图', skill: 'leaf-craft', roomKinds: ['art', 'classroom'], grades: [1, 3], min: 8, max: 25, weight: 3, sessions: 1 },
  { id: 'picturebook', name: '英语绘本', skill: 'english', roomKinds: ['library', 'classroom'], grades: [1, 4], min: 10, max: 35, weight: 3, sessions: 1 },
  { id: 'go', name: '围棋', skill: 'go', roomKinds: ['classroom'], grades: [2, 6], min: 8, max: 30, weight: 3, days: ['thu'] },
  { id: 'robotics', name: '机器人', skill: 'robotics', roomKinds: ['computer', 'science'], grades: [5, 6], min: 6, max: 20, weight: 5, sessions: 1 },
  { id: 'aerobics', name: '健美操', skill: 'aerobics', roomKinds: ['gym', 'dance'], grades: [1, 6], min: 10, max: 30, weight: 4, sessions: 1 },
  { id: 'guoxue', name: '国学诵读', skill: 'guoxue', roomKinds: ['classroom', 'library'], grades: [1, 6], min: 10, max: 40, weight: 2, sessions: 1 },
  { id: 'athletics', name: '田径', skill: 'athletics', roomKinds: ['field'], grades: [3, 6], min: 10, max: 30, weight: 3, days: ['mon'] },
  { id: 'instruments', name: '民乐', skill: 'instruments', roomKinds: ['music'], grades: [3, 6], min: 6, max: 24, weight: 3, sessions: 1 },
  { id: 'chess', name: '中国象棋', skill: 'chess', roomKinds: ['classroom'], grades: [2, 6], min: 6, max: 30, weight: 2, sessions: 1 },
  { id: 'drama', name: '课本剧', skill: 'drama', roomKinds: ['classroom'], grades: [3, 6], min: 8, max: 25, weight: 2, sessions: 1 },
];

const JUNIOR_CLUBS: readonly CatalogueEntry[] = [
  { id: 'jr-basketball', name: '篮球（初中）', skill: 'basketball', roomKinds: ['gym'], grades: [7, 9], min: 10, max: 30, weight: 8, days: ['tue', 'thu'] },
  { id: 'jr-football', name: '足球（初中）', skill: 'football', roomKinds: ['field'], grades: [7, 9], min: 10, max: 30, weight: 7, sessions: 2 },
  { id: 'jr-badminton', name: '羽毛球', skill: 'badminton', roomKinds: ['gym'], grades: [7, 9], min: 8, max: 24, weight: 6, sessions: 1 },
  { id: 'jr-informatics', name: '信息学', skill: 'informatics', roomKinds: ['computer'], grades: [7, 9], min: 6, max: 30, weight: 5, days: ['wed'] },
  { id: 'jr-literature', name: '文学社', skill: 'literature', roomKinds: ['library', 'classroom'], grades: [7, 9], min: 8, max: 35, weight: 4, sessions: 1 },
  { id: 'jr-physics', name: '物理探究', skill: 'physics', roomKinds: ['science'], grades: [8, 9], min: 6, max: 30, weight: 4, sessions: 1 },
  { id: 'jr-science', name: '科技创新', skill: 'science', roomKinds: ['science', 'computer'], grades: [7, 9], min: 6, max: 30, weight: 4, sessions: 1 },
  { id: 'jr-choir', name: '合唱（初中）', skill: 'choir', roomKinds: ['music'], grades: [7, 9], min: 12, max: 50, weight: 4, sessions: 1 },
  { id: 'jr-sketch', name: '素描', skill: 'sketching', roomKinds: ['art'], grades: [7, 9], min: 8, max: 30, weight: 4, sessions: 1 },
  { id: 'jr-english', name: '英语角', skill: 'english', roomKinds: ['classroom', 'library'], grades: [7, 9], min: 8, max: 35, weight: 4, days: ['mon'] },
  { id: 'jr-debate', name: '辩论社', skill: 'debate', roomKinds: ['classroom'], grades: [7, 9], min: 8, max: 24, weight: 3, sessions: 1 },
];

/** class-level clubs (班级社团): held inside the groups, need no room or leader (S5). */
const CLASS_CLUBS: readonly { id: string; name: string }[] = [
  { id: 'class-reading', name: '班级共读' },
  { id: 'class-craft', name: '班级手工' },
  { id: 'class-games', name: '益智游戏' },
];

const SUBJECT_SKILLS: Readonly<Record<Subject, readonly string[]>> = {
  chinese: ['reading', 'guoxue', 'calligraphy', 'drama', 'literature', 'debate'],
  math: ['go', 'chess', 'coding'],
  english: ['english', 'reading'],
  pe: ['football', 'basketball', 'athletics', 'table-tennis', 'aerobics', 'badminton'],
  music: ['choir', 'dance', 'instruments'],
  art: ['art', 'paper-cutting', 'leaf-craft', 'calligraphy', 'sketching'],
  science: ['science', 'robotics', 'physics'],
  it: ['coding', 'robotics', 'informatics'],
};
const SUBJECTS: readonly Subject[] = ['chinese', 'math', 'english', 'pe', 'music', 'art', 'science', 'it'];
const SUBJECT_WEIGHTS = [34, 28, 12, 8, 5, 5, 5, 3];
const subjectOfSkill = (skill: string): Subject | undefined => SUBJECTS.find((s) => SUBJECT_SKILLS[s].includes(skill));

// ---------------------------------------------------------------- rooms (R1)

const ROOM_LABELS: Readonly<Record<string, string>> = {
  classroom: '教室',
  music: '音乐教室',
  art: '美术教室',
  science: '科学实验室',
  computer: '信息教室',
  library: '图书馆',
  gym: '体育馆',
  field: '操场',
  dance: '舞蹈房',
};
const ROOM_CAPACITY: Readonly<Record<string, number>> = {
  classroom: 50, music: 60, art: 45, science: 45, computer: 45, library: 80, gym: 100, field: 120, dance: 40,
};

// ---------------------------------------------------------------- the shape of a school

type Shape = {
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

function presetShape(preset: Exclude<Preset, 'random'>, students: number): Shape {
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
function randomShape(rng: Rng, students: number): Shape {
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
    blocks: blocks.map((b) => ({ kind: b.kind, start: hhmm(b.start - shift), end: hhmm(b.end - shift) })),
  }));
}

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
  const plans = fitClubRooms(shape, drafts, rooms, groupsPerDay, rng.fork('club-rooms'));
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

const PE_SKILLS: ReadonlySet<string> = new Set(['football', 'basketball', 'athletics', 'table-tennis', 'aerobics', 'badminton']);

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
function fitClubRooms(
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

const PRIORITY_WEIGHTS: readonly [PriorityKind, number][] = [
  ['left-behind', 35],
  ['migrant', 35],
  ['low-income', 20],
  ['disabled', 10],
];

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

const LHT_LEADERS: readonly Staff[] = [
  { id: 'l01', name: '钱丽美', roles: ['leader', 'teacher'] },
  { id: 'l02', name: '许华章', roles: ['leader', 'teacher'], inspectionDays: ['mon'] },
  { id: 'l03', name: '荆亚琴', roles: ['leader', 'teacher'], inspectionDays: ['tue', 'thu'] },
  { id: 'l04', name: '杨伟', roles: ['leader', 'teacher'], inspectionDays: ['wed'] },
];

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

const skillCache = new Map<string, ReadonlySet<string>>();
/** club skills of the catalogue entries open to some of these grades (memoised) */
function skillsFor(grades: readonly number[]): ReadonlySet<string> {
  const key = `${grades[0]}-${grades[grades.length - 1]}`;
  let set = skillCache.get(key);
  if (set === undefined) {
    const lo = grades[0];
    const hi = grades[grades.length - 1];
    set = new Set([...PRIMARY_CLUBS, ...JUNIOR_CLUBS].filter((e) => e.grades[0] <= hi && e.grades[1] >= lo).map((e) => e.skill));
    skillCache.set(key, set);
  }
  return set;
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

/** outside helpers' roles and the club skills each kind brings */
const OUTSIDER_KINDS: readonly (readonly [string, readonly string[]])[] = [
  ['coach', ['football', 'basketball', 'athletics', 'table-tennis', 'badminton']],
  ['volunteer', ['paper-cutting', 'calligraphy', 'leaf-craft', 'art', 'choir', 'dance']],
  ['retired', ['guoxue', 'go', 'chess', 'calligraphy', 'reading', 'instruments']],
  ['parent', ['english', 'reading', 'art', 'coding', 'science', 'robotics']],
  ['security', []],
];

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

const LEAVE_REASONS: readonly [string, number, number, number][] = [
  // reason, weight, shortest and longest length in calendar days
  ['病假', 45, 1, 5],
  ['事假', 25, 1, 2],
  ['培训', 20, 2, 5],
  ['婚假', 10, 3, 10],
];

/** Leave (P2): short leaves for some teachers, a few 产假 (maternity leave) for the big presets. */
function makeLeave(shape: Shape, staff: readonly Staff[], rng: Rng): Leave[] {
  const dates = serviceDates(shape.calendar);
  if (dates.length === 0) return [];
  const insiders = staff.filter((s) => s.roles.includes('teacher') && !s.exempt && !s.misconduct);
  const out: Leave[] = [];
  const add = (who: Staff, from: string, to: string, reason: string) =>
    out.push({ id: `lv${pad(out.length + 1, 3)}`, staff: who.id, from, to: to > shape.calendar.end ? shape.calendar.end : to, reason });
  const onLeave = new Set<string>();
  for (let i = 0; i < shape.maternityLeaves && insiders.length > 0; i++) {
    const who = rng.pick(insiders.filter((s) => !s.roles.includes('leader')));
    const from = dates[rng.int(Math.floor(dates.length / 4), Math.floor(dates.length / 2))];
    add(who, from, addDays(from, 97), '产假');
    onLeave.add(who.id);
  }
  for (const s of insiders) {
    if (onLeave.has(s.id) || !rng.chance(shape.leaveRate)) continue;
    const [reason, , lo, hi] = LEAVE_REASONS[rng.weighted(LEAVE_REASONS.map((r) => r[1]))];
    const from = rng.pick(dates);
    add(s, from, addDays(from, rng.int(lo, hi) - 1), reason);
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
