// The generator's catalogues: Chinese names, the club activities of primary and junior grades (with the subjects
// and skills that lead them), room kinds, outside helpers, leave reasons and priority groups. Plain data and a few
// lookups; no randomness of its own (the name makers draw from the Rng they are given). May import: src/model, ./rng.
import type { PriorityKind, Staff, WeekdayName } from '../model/schema.js';
import type { Rng } from './rng.js';

// ---------------------------------------------------------------- Chinese numbers and grade labels

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export const cnNumber = (n: number): string => (n <= 10 ? CN_DIGITS[n] : n < 20 ? '十' + CN_DIGITS[n - 10] : String(n));
export const gradeLabel = (grades: readonly number[]): string =>
  grades.length === 1
    ? `${cnNumber(grades[0])}年级`
    : grades.length === 2
      ? `${cnNumber(grades[0])}${cnNumber(grades[1])}年级`
      : `${cnNumber(grades[0])}至${cnNumber(grades[grades.length - 1])}年级`;

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
export const CHILD_CHARS = [
  '子', '梓', '浩', '宇', '轩', '欣', '怡', '雨', '涵', '一', '诺', '思', '睿', '泽', '晨', '佳', '嘉', '俊', '博', '文',
  '若', '彤', '悦', '瑶', '琪', '萱', '沐', '辰', '煜', '皓', '铭', '安', '可', '心', '语', '然', '昊', '天', '乐', '晴',
  '桐', '依', '伊', '明', '航', '宸', '奕', '锦', '希', '言', '珂', '知', '景', '逸', '书', '亦', '钰', '柏', '星', '禾',
];

/** LHT's real people (longhutang-school-plan): never produced by the random name maker. */
const RESERVED_NAMES = new Set(['钱丽美', '许华章', '杨伟', '荆亚琴', '朱玥', '耿周霖', '何玲洁', '王燕', '刘超']);

export const personName = (rng: Rng, chars: readonly string[], twoCharGiven: number): string =>
  rng.pick(SURNAMES) + rng.pick(chars) + (rng.chance(twoCharGiven) ? rng.pick(chars) : '');

export function uniqueAdultName(rng: Rng, used: Set<string>): string {
  for (let i = 0; ; i++) {
    const name = personName(rng, ADULT_CHARS, 0.55);
    if ((!used.has(name) && !RESERVED_NAMES.has(name)) || i > 50) {
      used.add(name);
      return name;
    }
  }
}
// ---------------------------------------------------------------- clubs catalogue (S6)

export type Subject = 'chinese' | 'math' | 'english' | 'pe' | 'music' | 'art' | 'science' | 'it';
export type CatalogueEntry = {
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

export const PRIMARY_CLUBS: readonly CatalogueEntry[] = [
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

export const JUNIOR_CLUBS: readonly CatalogueEntry[] = [
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
export const CLASS_CLUBS: readonly { id: string; name: string }[] = [
  { id: 'class-reading', name: '班级共读' },
  { id: 'class-craft', name: '班级手工' },
  { id: 'class-games', name: '益智游戏' },
];

export const SUBJECT_SKILLS: Readonly<Record<Subject, readonly string[]>> = {
  chinese: ['reading', 'guoxue', 'calligraphy', 'drama', 'literature', 'debate'],
  math: ['go', 'chess', 'coding'],
  english: ['english', 'reading'],
  pe: ['football', 'basketball', 'athletics', 'table-tennis', 'aerobics', 'badminton'],
  music: ['choir', 'dance', 'instruments'],
  art: ['art', 'paper-cutting', 'leaf-craft', 'calligraphy', 'sketching'],
  science: ['science', 'robotics', 'physics'],
  it: ['coding', 'robotics', 'informatics'],
};
export const SUBJECTS: readonly Subject[] = ['chinese', 'math', 'english', 'pe', 'music', 'art', 'science', 'it'];
export const SUBJECT_WEIGHTS = [34, 28, 12, 8, 5, 5, 5, 3];
export const subjectOfSkill = (skill: string): Subject | undefined => SUBJECTS.find((s) => SUBJECT_SKILLS[s].includes(skill));

// ---------------------------------------------------------------- rooms (R1)

export const ROOM_LABELS: Readonly<Record<string, string>> = {
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
export const ROOM_CAPACITY: Readonly<Record<string, number>> = {
  classroom: 50, music: 60, art: 45, science: 45, computer: 45, library: 80, gym: 100, field: 120, dance: 40,
};

// ---------------------------------------------------------------- sports skills, priority groups (S2)

export const PE_SKILLS: ReadonlySet<string> = new Set(['football', 'basketball', 'athletics', 'table-tennis', 'aerobics', 'badminton']);

export const PRIORITY_WEIGHTS: readonly [PriorityKind, number][] = [
  ['left-behind', 35],
  ['migrant', 35],
  ['low-income', 20],
  ['disabled', 10],
];

// ---------------------------------------------------------------- staff (P1-P7)

/** Longhutang's real leaders (longhutang-school-plan). */
export const LHT_LEADERS: readonly Staff[] = [
  { id: 'l01', name: '钱丽美', roles: ['leader', 'teacher'] },
  { id: 'l02', name: '许华章', roles: ['leader', 'teacher'], inspectionDays: ['mon'] },
  { id: 'l03', name: '荆亚琴', roles: ['leader', 'teacher'], inspectionDays: ['tue', 'thu'] },
  { id: 'l04', name: '杨伟', roles: ['leader', 'teacher'], inspectionDays: ['wed'] },
];

const skillCache = new Map<string, ReadonlySet<string>>();
/** club skills of the catalogue entries open to some of these grades (memoised) */
export function skillsFor(grades: readonly number[]): ReadonlySet<string> {
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

/** outside helpers' roles and the club skills each kind brings */
export const OUTSIDER_KINDS: readonly (readonly [string, readonly string[]])[] = [
  ['coach', ['football', 'basketball', 'athletics', 'table-tennis', 'badminton']],
  ['volunteer', ['paper-cutting', 'calligraphy', 'leaf-craft', 'art', 'choir', 'dance']],
  ['retired', ['guoxue', 'go', 'chess', 'calligraphy', 'reading', 'instruments']],
  ['parent', ['english', 'reading', 'art', 'coding', 'science', 'robotics']],
  ['security', []],
];


export const LEAVE_REASONS: readonly [string, number, number, number][] = [
  // reason, weight, shortest and longest length in calendar days
  ['病假', 45, 1, 5],
  ['事假', 25, 1, 2],
  ['培训', 20, 2, 5],
  ['婚假', 10, 3, 10],
];
