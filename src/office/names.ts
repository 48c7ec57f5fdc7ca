// Chinese labels for what a school office reads: weekdays (周一…周日), classes (一（2）班), roles (教师、行政…),
// room kinds (教室、音乐教室…), block kinds (作业辅导、社团…), time ranges (16:10–17:10), and the names of rooms,
// staff and clubs looked up from an instance. Also the reverse direction for reading an office's workbook:
// a weekday, role, room kind or yes/no written any of the usual ways → the format's value.
// Imports src/model only.
import { WEEKDAY_ZH } from '../model/clock.js';
import { WEEKDAYS, type BlockKind, type Instance, type PriorityKind, type Role, type WeekdayName } from '../model/schema.js';

// ------------------------------------------------------------------------------------------ weekdays

/** 周一…周日 (the model's one table) */
export const WEEKDAY_LABEL: Readonly<Record<WeekdayName, string>> = WEEKDAY_ZH;

export const weekdayLabel = (day: WeekdayName): string => WEEKDAY_LABEL[day];

/** A list of weekdays in week order, 周一、周三、周五 (empty list → ''). */
export const weekdaysLabel = (days: readonly WeekdayName[]): string =>
  [...new Set(days)].sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b)).map(weekdayLabel).join('、');

const DAY_CHARS: Readonly<Record<string, WeekdayName>> = { 一: 'mon', 二: 'tue', 三: 'wed', 四: 'thu', 五: 'fri', 六: 'sat', 日: 'sun', 天: 'sun', 七: 'sun' };
const DAY_WORDS: Readonly<Record<string, WeekdayName>> = {
  mon: 'mon', monday: 'mon', tue: 'tue', tues: 'tue', tuesday: 'tue', wed: 'wed', weds: 'wed', wednesday: 'wed',
  thu: 'thu', thur: 'thu', thurs: 'thu', thursday: 'thu', fri: 'fri', friday: 'fri', sat: 'sat', saturday: 'sat',
  sun: 'sun', sunday: 'sun',
};

/**
 * Weekdays written the ways an office writes them: `周一、周三`, `星期一,星期三`, `一三五`, `周一至周五`, `周一-周五`,
 * `mon wed`, `Monday`, `1,3,5`, `每天`/`全周`. Returns the weekdays in the order written (each once), or the piece
 * that could not be read. An empty text (or 无) gives [].
 */
export function parseWeekdays(text: string): { readonly ok: true; readonly days: readonly WeekdayName[] } | { readonly ok: false; readonly bad: string } {
  const t = normalizeText(text).toLowerCase();
  if (t === '' || t === '无' || t === '-' || t === '—') return { ok: true, days: [] };
  if (/^(每天|全周|全部|工作日|每个工作日)$/.test(t)) return { ok: true, days: ['mon', 'tue', 'wed', 'thu', 'fri'] };
  const out: WeekdayName[] = []; // in the order written (a round trip keeps the instance's order)
  const add = (d: WeekdayName) => {
    if (!out.includes(d)) out.push(d);
  };
  const pieces = t.split(/[、,，;；\s/|]+/).filter((p) => p !== '');
  for (const piece of pieces) {
    // ranges: 周一至周五, 周一-周三, 一到五, mon-fri
    const range = /^(?:周|星期|礼拜)?([一二三四五六日天七1-7]|[a-z]+)(?:至|到|~|～|-|—|–)(?:周|星期|礼拜)?([一二三四五六日天七1-7]|[a-z]+)$/.exec(piece);
    if (range) {
      const a = oneDay(range[1]);
      const b = oneDay(range[2]);
      if (a === undefined || b === undefined) return { ok: false, bad: piece };
      const ia = WEEKDAYS.indexOf(a);
      const ib = WEEKDAYS.indexOf(b);
      if (ib < ia) return { ok: false, bad: piece };
      for (let i = ia; i <= ib; i++) add(WEEKDAYS[i]);
      continue;
    }
    const word = oneDay(piece);
    if (word !== undefined) {
      add(word);
      continue;
    }
    // run-together Chinese: 一三五, 周一周三, 星期二四, 135
    const run = piece.replace(/周|星期|礼拜/g, '');
    if (run !== '' && [...run].every((ch) => oneDay(ch) !== undefined)) {
      for (const ch of run) add(oneDay(ch)!);
      continue;
    }
    return { ok: false, bad: piece };
  }
  return { ok: true, days: out };
}

function oneDay(piece: string): WeekdayName | undefined {
  const p = piece.replace(/^(周|星期|礼拜)/, '').replace(/\.$/, '');
  if (p.length === 1 && DAY_CHARS[p]) return DAY_CHARS[p];
  if (/^[1-7]$/.test(p)) return WEEKDAYS[Number(p) - 1];
  return DAY_WORDS[p];
}

// ------------------------------------------------------------------------------------------ grades and classes

const DIGITS_ZH = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** 1 → 一, 10 → 十, 12 → 十二 (grades); larger numbers stay Arabic. */
export const numberZh = (n: number): string => (Number.isInteger(n) && n >= 0 && n <= 12 ? DIGITS_ZH[n] : String(n));

/** 一年级 … 九年级 */
export const gradeLabel = (grade: number): string => `${numberZh(grade)}年级`;

/** 一、二年级; a run of three or more grades as 三至六年级 */
export const gradesLabel = (grades: readonly number[]): string => {
  const g = [...new Set(grades)].sort((a, b) => a - b);
  if (g.length === 0) return '';
  const parts: string[] = [];
  for (let i = 0; i < g.length; ) {
    let j = i;
    while (j + 1 < g.length && g[j + 1] === g[j] + 1) j++;
    if (j - i >= 2) parts.push(`${numberZh(g[i])}至${numberZh(g[j])}`);
    else for (let k = i; k <= j; k++) parts.push(numberZh(g[k]));
    i = j + 1;
  }
  return parts.join('、') + '年级';
};

/**
 * A class as the school writes it: 一（2）班 from grade 1 and an id such as `1-2`, `1_2`, `102`, `1年级2班`, `2`.
 * An id whose class number cannot be seen is kept: 一年级 A班.
 */
export function classLabel(grade: number, id: string): string {
  const n = classNumber(grade, id);
  return n !== undefined ? `${numberZh(grade)}（${n}）班` : `${gradeLabel(grade)} ${id}${/班$/.test(id) ? '' : '班'}`;
}

function classNumber(grade: number, id: string): number | undefined {
  const t = normalizeText(id);
  let m = /^(\d+)\s*[-_.\/·年级（(]+\s*(\d+)\s*[)）]?\s*班?$/.exec(t);
  if (m && Number(m[1]) === grade) return Number(m[2]);
  m = /^(\d{1,2})$/.exec(t); // just the class number
  if (m) return Number(m[1]);
  m = /^(\d)(\d{2})$/.exec(t); // 102 = grade 1, class 2
  if (m && Number(m[1]) === grade) return Number(m[2]);
  m = /^[一二三四五六七八九]年级?[（(]?(\d+)[)）]?班?$/.exec(t);
  if (m) return Number(m[1]);
  return undefined;
}

// ------------------------------------------------------------------------------------------ roles, kinds, levels

export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  teacher: '教师',
  leader: '行政',
  volunteer: '志愿者',
  coach: '教练',
  retired: '退休教师',
  parent: '家长',
  security: '保安',
};

const ROLE_SYNONYMS: Readonly<Record<string, Role>> = {
  老师: 'teacher', 教员: 'teacher', 班主任: 'teacher', 任课教师: 'teacher', 在编教师: 'teacher',
  领导: 'leader', 行政人员: 'leader', 校领导: 'leader', 中层: 'leader', 干部: 'leader', 校长: 'leader', 主任: 'leader',
  义工: 'volunteer', 志愿: 'volunteer', 社会志愿者: 'volunteer',
  外聘教练: 'coach', 校外教练: 'coach',
  退休: 'retired', 退休老师: 'retired',
  家长志愿者: 'parent',
  门卫: 'security', 保安员: 'security',
};

/** A role as written (教师, 老师, 行政, teacher …) → the format's role, or undefined. */
export function parseRole(text: string): Role | undefined {
  const t = normalizeText(text);
  for (const [role, label] of Object.entries(ROLE_LABEL) as [Role, string][]) if (t === label || t.toLowerCase() === role) return role;
  return ROLE_SYNONYMS[t];
}

/** Room kinds Kehou knows a Chinese name for; any other kind is shown and read as written. */
export const ROOM_KIND_LABEL: Readonly<Record<string, string>> = {
  classroom: '教室',
  music: '音乐教室',
  art: '美术教室',
  science: '科学教室',
  computer: '机房',
  library: '图书馆',
  gym: '体育馆',
  field: '操场',
  dance: '舞蹈房',
  lab: '实验室',
  hall: '礼堂',
  playground: '游戏场',
  multipurpose: '多功能厅',
};

const ROOM_KIND_SYNONYMS: Readonly<Record<string, string>> = {
  普通教室: 'classroom', 班级教室: 'classroom', 课室: 'classroom',
  音乐室: 'music', 美术室: 'art', 科学室: 'science', 科学实验室: 'science', 电脑室: 'computer', 计算机教室: 'computer',
  信息教室: 'computer', 微机室: 'computer', 阅览室: 'library', 图书室: 'library', 室内体育馆: 'gym', 风雨操场: 'gym',
  运动场: 'field', 田径场: 'field', 足球场: 'field', 舞蹈室: 'dance', 舞蹈教室: 'dance', 报告厅: 'hall',
};

export const roomKindLabel = (kind: string): string => ROOM_KIND_LABEL[kind] ?? kind;

/** A room kind as written (音乐教室, 音乐室, music …) → the format's kind; unknown text is kept as the kind itself. */
export function parseRoomKind(text: string): string {
  const t = normalizeText(text);
  for (const [kind, label] of Object.entries(ROOM_KIND_LABEL)) if (t === label || t.toLowerCase() === kind) return kind;
  return ROOM_KIND_SYNONYMS[t] ?? t;
}

export const BLOCK_KIND_LABEL: Readonly<Record<BlockKind, string>> = {
  study: '作业辅导',
  club: '社团',
  reading: '阅读',
  break: '休息',
};

const BLOCK_SYNONYMS: Readonly<Record<string, BlockKind>> = {
  作业: 'study', 作业辅导: 'study', 答疑: 'study', 辅导: 'study', 学习: 'study', 自习: 'study',
  社团: 'club', 社团活动: 'club', 兴趣活动: 'club', 活动: 'club',
  阅读: 'reading', 自主阅读: 'reading', 读书: 'reading',
  休息: 'break', 休闲: 'break', 课间: 'break', 自由活动: 'break',
};

export function parseBlockKind(text: string): BlockKind | undefined {
  const t = normalizeText(text);
  if (t.toLowerCase() in BLOCK_KIND_LABEL) return t.toLowerCase() as BlockKind;
  return BLOCK_SYNONYMS[t];
}

export const STAGE_LABEL: Readonly<Record<string, string>> = { primary: '小学', junior: '初中', 'nine-year': '九年一贯制' };

export const CLUB_LEVEL_LABEL: Readonly<Record<string, string>> = { school: '校级社团', class: '班级社团' };

export const PRIORITY_LABEL: Readonly<Record<PriorityKind, string>> = {
  disabled: '残疾儿童',
  'left-behind': '留守儿童',
  migrant: '随迁子女',
  'low-income': '低收入家庭',
};

const PRIORITY_SYNONYMS: Readonly<Record<string, PriorityKind>> = {
  残疾: 'disabled', 残障: 'disabled', 特殊儿童: 'disabled', 留守: 'left-behind', 随迁: 'migrant', 进城务工子女: 'migrant',
  农民工子女: 'migrant', 低保: 'low-income', 困难家庭: 'low-income', 低收入: 'low-income', 建档立卡: 'low-income',
};

export function parsePriority(text: string): PriorityKind | undefined {
  const t = normalizeText(text);
  for (const [k, label] of Object.entries(PRIORITY_LABEL) as [PriorityKind, string][]) if (t === label || t.toLowerCase() === k) return k;
  return PRIORITY_SYNONYMS[t];
}

/** Common skills (skill ids of the generator and the examples) with a Chinese name, for display only. */
export const SKILL_LABEL: Readonly<Record<string, string>> = {
  aerobics: '健美操', art: '美术', athletics: '田径', badminton: '羽毛球', basketball: '篮球', calligraphy: '书法',
  chess: '象棋', choir: '合唱', coding: '编程', dance: '舞蹈', debate: '辩论', drama: '戏剧', english: '英语',
  football: '足球', go: '围棋', guoxue: '国学', informatics: '信息学', instruments: '器乐', 'leaf-craft': '叶贴画',
  literature: '文学', 'paper-cutting': '剪纸', physics: '物理', reading: '阅读', robotics: '机器人', science: '科学',
  sketching: '素描', 'table-tennis': '乒乓球',
};

export const skillLabel = (skill: string): string => SKILL_LABEL[skill] ?? skill;

// ------------------------------------------------------------------------------------------ yes / no

/** 是/否 in the office's many spellings; undefined when the text is neither (an empty cell is undefined too). */
export function parseYesNo(text: string): boolean | undefined {
  const t = normalizeText(text).toLowerCase();
  if (/^(是|√|✓|✔|y|yes|true|t|1|对|有|需要|已|已审核|通过|免|免费|免收)$/.test(t)) return true;
  if (/^(否|×|✗|✘|x|n|no|false|f|0|不|不是|无|没有|不需要|未|未审核)$/.test(t)) return false;
  return undefined;
}

export const yesNoLabel = (b: boolean | undefined): string => (b ? '是' : '否');

// ------------------------------------------------------------------------------------------ times

/** 16:10–17:10 (en dash) */
export const timeRange = (start: string, end: string): string => `${start}–${end}`;

/** Minutes since midnight → HH:MM */
export const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(((minutes % 60) + 60) % 60).padStart(2, '0')}`;

/** HH:MM → minutes since midnight (no check: callers hold validated times). */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

// ------------------------------------------------------------------------------------------ text clean-up

/** Full-width ASCII (０-９, Ａ-Ｚ, ：, －…) → half-width, ideographic spaces → spaces, trimmed, inner runs of spaces → one. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0\u2002-\u200b\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// ------------------------------------------------------------------------------------------ names from an instance

/** Lookups of display names in one instance: ids never reach a person when a name exists. */
export type Names = {
  readonly school: string;
  /** 一（2）班, or the id when the class is unknown */
  readonly class: (id: string) => string;
  /** 王芳 (王芳（t001）when two staff share the name), or the id */
  readonly staff: (id: string | null) => string;
  /** room.name, or 一（2）班教室 for a class's own room, or 音乐教室 music-1 */
  readonly room: (id: string | null) => string;
  /** club.name, or the id */
  readonly club: (id: string) => string;
  /** student.name, or the id */
  readonly student: (id: string) => string;
};

/** Display names for every id of an instance. */
export function namesOf(instance: Instance): Names {
  const classes = new Map(instance.classes.map((c) => [c.id, classLabel(c.grade, c.id)] as const));
  const sameName = new Map<string, number>();
  for (const s of instance.staff) sameName.set(s.name, (sameName.get(s.name) ?? 0) + 1);
  const staff = new Map(instance.staff.map((s) => [s.id, (sameName.get(s.name) ?? 0) > 1 ? `${s.name}（${s.id}）` : s.name] as const));
  const roomOwner = new Map<string, string>();
  for (const c of instance.classes) if (c.room !== undefined && !roomOwner.has(c.room)) roomOwner.set(c.room, classes.get(c.id)!);
  const rooms = new Map(
    instance.rooms.map((r) => {
      const name = r.name?.trim();
      if (name) return [r.id, name] as const;
      const owner = roomOwner.get(r.id);
      if (owner) return [r.id, `${owner}教室`] as const;
      return [r.id, r.kind === 'classroom' ? `${r.id}教室` : `${roomKindLabel(r.kind)} ${r.id}`] as const;
    }),
  );
  const clubs = new Map((instance.clubs ?? []).map((c) => [c.id, c.name] as const));
  const students = new Map(instance.students.map((s) => [s.id, s.name?.trim() || s.id] as const));
  return {
    school: instance.school.name,
    class: (id) => classes.get(id) ?? id,
    staff: (id) => (id === null ? '（无人）' : (staff.get(id) ?? id)),
    room: (id) => (id === null ? '（无房间）' : (rooms.get(id) ?? id)),
    club: (id) => clubs.get(id) ?? id,
    student: (id) => students.get(id) ?? id,
  };
}
