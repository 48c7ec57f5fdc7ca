// The workbook's layout, in one place: every sheet of the template with its Chinese name, the names an office
// may give it instead, and its columns (header, synonyms, kind of value, required or not, drop-down list, width,
// explanation and example). The template writer (xlsx.ts), the reader (read.ts) and the 说明 sheet all use it.
import { WEEKDAYS } from '../model/schema.js';
import { BLOCK_KIND_LABEL, CLUB_LEVEL_LABEL, PRIORITY_LABEL, ROLE_LABEL, ROOM_KIND_LABEL, STAGE_LABEL, WEEKDAY_LABEL } from './names.js';

export type ColumnKind =
  | 'id'
  | 'text'
  | 'int'
  | 'number'
  | 'bool'
  | 'weekdays'
  | 'weekday'
  | 'time'
  | 'date'
  | 'monthday'
  | 'grades'
  | 'list'
  | 'roles'
  | 'roomKind'
  | 'roomKinds'
  | 'priorities'
  | 'stage'
  | 'blockKind'
  | 'clubLevel'
  | 'calendarType'
  | 'ref';

export type Column = {
  /** field of the instance item (or a name of the reader's own for special columns) */
  readonly key: string;
  readonly header: string;
  /** other headers an office uses for the same column (compared after removing spaces and brackets) */
  readonly synonyms: readonly string[];
  readonly kind: ColumnKind;
  readonly required: boolean;
  readonly width: number;
  readonly help: string;
  readonly example: string;
  /** drop-down values; `strict` rejects anything else in Excel */
  readonly list?: readonly string[];
  readonly strict?: boolean;
  /** read from office files, not written in the template */
  readonly readOnly?: boolean;
};

export type SheetSpec = {
  readonly name: string;
  /** words that, found in a sheet's name, mean this sheet */
  readonly names: readonly string[];
  /** the instance list it fills ('' for the key-value sheet) */
  readonly path: string;
  readonly help: string;
  readonly columns: readonly Column[];
};

const col = (
  key: string,
  header: string,
  kind: ColumnKind,
  width: number,
  help: string,
  example: string,
  opts: { synonyms?: readonly string[]; required?: boolean; list?: readonly string[]; strict?: boolean; readOnly?: boolean } = {},
): Column => ({ key, header, kind, width, help, example, synonyms: opts.synonyms ?? [], required: opts.required ?? false, list: opts.list, strict: opts.strict, readOnly: opts.readOnly });

const YES_NO = ['是', '否'];
const WEEKDAY_CHOICES = ['周一至周五', '周一、周三、周五', '周二、周四', ...WEEKDAYS.slice(0, 5).map((d) => WEEKDAY_LABEL[d])];
const ROLES = Object.values(ROLE_LABEL);
const ROOM_KINDS = Object.values(ROOM_KIND_LABEL).slice(0, 9);

/** The key-value sheet 学校与政策: one row per item (项目 | 值 | 说明). `key` is a path inside the instance. */
export const SCHOOL_ITEMS: readonly Column[] = [
  col('school.name', '学校名称', 'text', 0, '学校全称，印在课表和通知上', '龙虎塘第二实验小学', { required: true, synonyms: ['学校', '校名'] }),
  col('school.stage', '学段', 'stage', 0, '小学、初中或九年一贯制', '小学', { required: true, list: Object.values(STAGE_LABEL), strict: true }),
  col('calendar.start', '学期开始日期', 'date', 0, '本学期课后服务的第一天', '2026-09-01', { required: true, synonyms: ['开学日期', '学期开始', '开始日期'] }),
  col('calendar.end', '学期结束日期', 'date', 0, '本学期课后服务的最后一天', '2027-01-22', { required: true, synonyms: ['学期结束', '结束日期'] }),
  col('calendar.serviceWeekdays', '服务日', 'weekdays', 0, '每周哪几天开设课后服务（如周四教师学习可写“周一、周二、周三、周五”）', '周一至周五', { required: true, synonyms: ['服务时间', '开设日', '每周服务日'], list: WEEKDAY_CHOICES }),
  col('school.lessonMinutes', '每课时分钟数', 'int', 0, '一个课时多少分钟，默认 40', '40', { synonyms: ['课时分钟', '每课时分钟'] }),
  col('policy.maxGroupSize', '每班最多人数', 'int', 0, '一个看护班最多多少名学生，默认 45', '45', { synonyms: ['看护班最多人数', '每组最多人数', '班额'] }),
  col('policy.standaloneRatio', '独立编班比例', 'number', 0, '某班当天参加人数达到全班人数的这个比例就独立编班，默认 0.5（一半）', '0.5'),
  col('policy.maxStudyPeriods', '每天作业辅导最多课时', 'number', 0, '作业辅导和答疑每天合计不超过几个课时，默认 1', '1'),
  col('policy.feePerPeriod', '每课时收费（元）', 'number', 0, '每生每课时收费，默认 2.3 元；0 表示免费', '2.3', { synonyms: ['每课时收费', '收费标准'] }),
  col('policy.maxChargedPeriodsPerDay', '每天最多收费课时', 'int', 0, '每天最多收几个课时的费用，默认 2', '2'),
  col('policy.inspectorsPerDay', '每天巡视行政人数', 'int', 0, '每个服务日安排几位行政人员巡视，默认 1', '1'),
  col('policy.latePickupStaffPerDay', '每天延时接送人数', 'int', 0, '每天几人负责延时接送，默认 1', '1'),
  col('policy.latePickupMinutes', '延时接送分钟数', 'int', 0, '最晚一个年级结束后延时接送多少分钟，默认 30', '30'),
  col('policy.mixGrades', '允许跨年级合班', 'bool', 0, '人数少的班能否与同一作息的其他年级合班，默认 否', '否', { list: YES_NO, strict: true }),
  col('policy.clubsPerStudent', '每生最多校级社团数', 'int', 0, '每名学生最多参加几个校级社团，默认 1', '1'),
  col('policy.groupRoomKinds', '看护班可用场地类型', 'roomKinds', 0, '看护班可以使用哪些类型的场地，默认 教室', '教室'),
  col('policy.payPerPeriod', '每课时课酬（元）', 'number', 0, '教师每课时的课后服务课酬，用于工作量表中的“课酬”一栏；不填则只统计课时', '30', { synonyms: ['课酬', '每课时补助', '课时费'] }),
];

export const SHEETS: readonly SheetSpec[] = [
  {
    name: '学校与政策',
    names: ['学校', '政策', '基本信息', '设置'],
    path: '',
    help: '学校名称、学期、服务日和收费等规定，每行一项；不填的项使用默认值',
    columns: SCHOOL_ITEMS,
  },
  {
    name: '校历',
    names: ['校历', '节假日', '假期', '日历'],
    path: '/calendar',
    help: '节假日（不开设）、调休上班日（按某个星期的课表上课）和作息季节（最晚结束时间），每行一项',
    columns: [
      col('type', '类型', 'calendarType', 12, '节假日、调休上班 或 季节', '节假日', { required: true, list: ['节假日', '调休上班', '季节'], strict: true, synonyms: ['项目', '类别'] }),
      col('from', '开始日期', 'date', 14, '节假日的第一天；调休上班的日期；季节的开始月日（如 05-01）', '2026-10-01', { synonyms: ['日期', '开始', '起'] }),
      col('to', '结束日期', 'date', 14, '节假日的最后一天（一天的假期可不填）；季节的结束月日（如 09-30）', '2026-10-08', { synonyms: ['结束', '止', '至'] }),
      col('name', '名称', 'text', 14, '节假日名称', '国庆节', { synonyms: ['节日', '说明', '备注'] }),
      col('as', '按星期几上课', 'weekday', 14, '调休上班日执行哪一天的课表', '周三', { synonyms: ['按星期', '上星期几的课', '调休按'], list: WEEKDAYS.slice(0, 5).map((d) => WEEKDAY_LABEL[d]) }),
      col('latestEnd', '最晚结束时间', 'time', 14, '季节内课后服务最晚结束的时间', '18:00', { synonyms: ['最晚结束', '最晚时间'] }),
    ],
  },
  {
    name: '作息时间',
    names: ['作息', '时间安排', '时段'],
    path: '/timelines',
    help: '每个年级段下午的时段安排：同一作息编号的各行按时间先后排列',
    columns: [
      col('id', '作息编号', 'id', 12, '同一作息的各行写同一个编号', 'g12', { synonyms: ['作息', '作息名称', '年级段'] }),
      col('grades', '年级', 'grades', 12, '使用这个作息的年级，如 1、2', '1、2', { required: true, synonyms: ['适用年级'] }),
      col('kind', '时段', 'blockKind', 12, '作业辅导、社团、阅读 或 休息', '作业辅导', { required: true, list: Object.values(BLOCK_KIND_LABEL), strict: true, synonyms: ['内容', '活动', '时段类型', '安排'] }),
      col('start', '开始时间', 'time', 12, '如 15:30', '15:30', { required: true, synonyms: ['开始', '起始时间'] }),
      col('end', '结束时间', 'time', 12, '如 16:10', '16:10', { required: true, synonyms: ['结束'] }),
      col('time', '时间', 'text', 14, '办公室自己的表格可用一列写起止时间，代替开始时间和结束时间', '15:30-16:10', { synonyms: ['起止时间', '时间段'], readOnly: true }),
    ],
  },
  {
    name: '场地',
    names: ['场地', '教室', '房间', '功能室'],
    path: '/rooms',
    help: '可用于课后服务的教室、专用教室和场地',
    columns: [
      col('id', '场地编号', 'id', 12, '唯一编号，如门牌号', '101', { required: true, synonyms: ['编号', '房间号', '门牌号', '教室编号'] }),
      col('name', '名称', 'text', 18, '课表上显示的名称', '一（1）班教室', { synonyms: ['场地名称', '教室名称', '房间名称'] }),
      col('kind', '类型', 'roomKind', 12, '教室、音乐教室、美术教室、科学教室、机房、图书馆、体育馆、操场……', '教室', { required: true, list: ROOM_KINDS, synonyms: ['场地类型', '用途'] }),
      col('capacity', '容量', 'int', 10, '最多容纳多少人', '50', { required: true, synonyms: ['座位数', '人数', '可容纳人数', '容纳人数'] }),
    ],
  },
  {
    name: '班级',
    names: ['班级'],
    path: '/classes',
    help: '全校的班级',
    columns: [
      col('id', '班级', 'id', 12, '班级编号，如 1-2 表示一年级 2 班（也可写 一（2）班）', '1-2', { required: true, synonyms: ['班级编号', '班别', '班级名称', '班名'] }),
      col('grade', '年级', 'int', 8, '1 至 9；不填时从班级名称读出', '1'),
      col('size', '人数', 'int', 8, '全班在册人数', '45', { required: true, synonyms: ['班级人数', '在册人数', '学生人数', '总人数'] }),
      col('room', '教室', 'ref', 12, '本班教室的场地编号或名称', '101', { synonyms: ['班级教室', '所在教室'] }),
      col('homeroom', '班主任', 'ref', 12, '班主任的工号或姓名', '王芳', { synonyms: ['班主任姓名'] }),
    ],
  },
  {
    name: '教职工',
    names: ['教职工', '教师', '老师', '人员', '值班'],
    path: '/staff',
    help: '参加课后服务的教师、行政人员和校外人员（志愿者、教练、退休教师、家长、保安）',
    columns: [
      col('id', '工号', 'id', 10, '唯一编号；不填时用姓名', 't001', { synonyms: ['编号', '教师编号', '职工号'] }),
      col('name', '姓名', 'text', 10, '', '王芳', { required: true, synonyms: ['名字', '教师姓名', '教师'] }),
      col('roles', '身份', 'roles', 12, '教师、行政、志愿者、教练、退休教师、家长、保安，可写多个，用顿号分开', '行政、教师', { required: true, list: ROLES, synonyms: ['角色', '类别', '人员类别', '职务'] }),
      col('grades', '任教年级', 'grades', 10, '所教的年级，优先看护这些年级', '1、2', { synonyms: ['年级', '所教年级'] }),
      col('skills', '特长', 'list', 16, '能指导的社团特长，与社团的“所需特长”一致', '足球、合唱', { synonyms: ['专长', '技能', '特长项目'] }),
      col('unavailable', '不能值班的日子', 'weekdays', 14, '每周哪几天不能承担课后服务', '周四', { synonyms: ['不可值班日', '不能值班', '请勿安排'], list: WEEKDAY_CHOICES }),
      col('maxPeriodsPerWeek', '每周最多课时', 'number', 10, '每周最多承担多少课时，不填为不限', '8', { synonyms: ['每周课时上限'] }),
      col('exempt', '免于参加', 'bool', 8, '有书面批准免于参加课后服务的写 是', '否', { list: YES_NO, strict: true, synonyms: ['免参加', '免值班'] }),
      col('misconduct', '师德问题', 'bool', 8, '有师德师风问题或不良记录的写 是（不安排任何任务）', '否', { list: YES_NO, strict: true, synonyms: ['不良记录'] }),
      col('vetted', '已审核', 'bool', 8, '校外人员经过审核的写 是', '是', { list: YES_NO, strict: true, synonyms: ['审核通过', '已审查', '通过审核'] }),
      col('inspectionDays', '固定巡视日', 'weekdays', 12, '行政人员固定在哪几天巡视', '周一', { synonyms: ['巡视日', '行政巡视日'], list: WEEKDAY_CHOICES }),
    ],
  },
  {
    name: '社团',
    names: ['社团', '兴趣'],
    path: '/clubs',
    help: '校级社团（有自己的场地和指导教师）和班级社团（在看护班内进行）',
    columns: [
      col('id', '社团编号', 'id', 12, '唯一编号；不填时用名称', 'football', { synonyms: ['编号'] }),
      col('name', '社团名称', 'text', 16, '', '足球', { required: true, synonyms: ['名称', '社团'] }),
      col('level', '级别', 'clubLevel', 10, '校级社团 或 班级社团', '校级社团', { required: true, list: Object.values(CLUB_LEVEL_LABEL), strict: true, synonyms: ['社团级别', '类别'] }),
      col('grades', '年级', 'grades', 10, '可以参加的年级', '3至6', { required: true, synonyms: ['适用年级', '面向年级'] }),
      col('min', '最少人数', 'int', 8, '不足这个人数不开设', '10', { synonyms: ['最少', '开班人数'] }),
      col('max', '最多人数', 'int', 8, '名额', '30', { synonyms: ['最多', '名额', '人数上限'] }),
      col('days', '固定活动日', 'weekdays', 14, '固定在哪几天活动；不填由系统安排', '周二、周四', { synonyms: ['活动日', '活动时间'], list: WEEKDAY_CHOICES }),
      col('sessionsPerWeek', '每周次数', 'int', 8, '不固定活动日时每周活动几次，默认 1', '1', { synonyms: ['每周活动次数'] }),
      col('roomKinds', '场地类型', 'roomKinds', 14, '需要的场地类型，可写多个', '操场', { synonyms: ['活动场地', '场地'] }),
      col('skill', '所需特长', 'text', 12, '指导教师需要的特长，与教职工的“特长”一致', '足球', { synonyms: ['特长', '指导特长'] }),
    ],
  },
  {
    name: '学生',
    names: ['学生', '报名', '名单'],
    path: '/students',
    help: '经家长申请、班级审核、学校核准参加课后服务的学生，每人一行',
    columns: [
      col('id', '学号', 'id', 12, '唯一编号；不填时按行自动编号', 's0001', { synonyms: ['编号', '学籍号', '学生编号'] }),
      col('name', '姓名', 'text', 10, '', '李明', { synonyms: ['学生姓名', '名字'] }),
      col('class', '班级', 'ref', 10, '班级编号或班级名称', '1-2', { required: true, synonyms: ['班别', '所在班级', '班级名称'] }),
      col('days', '参加日', 'weekdays', 16, '每周参加哪几天，如 周一、周三 或 一三五', '周一至周五', { required: true, synonyms: ['服务日', '参加时间', '星期', '参加课后服务日', '报名日'], list: WEEKDAY_CHOICES }),
      col('priority', '优先照顾', 'priorities', 12, '残疾儿童、留守儿童、随迁子女、低收入家庭，可写多个', '留守儿童', { synonyms: ['优先', '特殊群体', '照顾对象'], list: Object.values(PRIORITY_LABEL) }),
      col('prefs', '志愿', 'ref', 14, '想参加的社团（社团名称或编号），第一志愿在前；可分列写 志愿1、志愿2、志愿3', '足球', { synonyms: ['社团志愿', '报名社团'] }),
      col('feeExempt', '免收费', 'bool', 8, '经批准免收费用的写 是', '否', { list: YES_NO, strict: true, synonyms: ['免费', '是否免费', '减免'] }),
    ],
  },
  {
    name: '请假',
    names: ['请假', '假条'],
    path: '/leave',
    help: '教职工请假，系统为请假期间的任务安排代课',
    columns: [
      col('id', '编号', 'id', 10, '可不填', 'lv001'),
      col('staff', '教职工', 'ref', 12, '请假人的工号或姓名', '王芳', { required: true, synonyms: ['姓名', '请假人', '教师'] }),
      col('from', '开始日期', 'date', 14, '', '2026-10-12', { required: true, synonyms: ['开始', '起始日期', '日期'] }),
      col('to', '结束日期', 'date', 14, '只请一天可不填', '2026-10-16', { synonyms: ['结束'] }),
      col('reason', '原因', 'text', 14, '', '病假', { synonyms: ['事由', '请假原因', '备注'] }),
    ],
  },
];

export const sheetSpec = (name: string): SheetSpec => SHEETS.find((s) => s.name === name)!;

/** A header as compared: no spaces, brackets' content or marks such as * and （必填）. */
export function headerKey(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[(（【\[][^)）】\]]*[)）】\]]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

/** Column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
