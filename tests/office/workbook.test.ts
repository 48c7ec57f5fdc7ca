// The workbook (src/office/xlsx.ts, read.ts): template round trip on the examples and the generator's presets;
// an office's own workbook (columns reordered, title row, blank rows, 周一、周三, 是/否, Excel date and time cells,
// full-width digits, names instead of ids) reads to the same instance; every problem names sheet, cell and path.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { generateSchool, type Instance } from '../../src/index.js';
import { csvGrid, readGrids, readWorkbook, workbookGrids, writeTemplate, type ImportProblem } from '../../src/office/index.js';
import { loadExample } from './fixture.js';

async function roundTrip(instance: Instance): Promise<void> {
  const bytes = await writeTemplate(instance);
  const back = await readWorkbook(bytes);
  if (!back.ok) expect(back.problems.slice(0, 5)).toEqual([]);
  expect(back.ok).toBe(true);
  if (back.ok) {
    expect(back.instance).toEqual(instance);
    expect(JSON.stringify(back.instance)).toBe(JSON.stringify(back.instance)); // plain JSON data
  }
}

describe('template round trip: instance → template --from → import gives the same instance', () => {
  it('examples/small.json', async () => roundTrip(loadExample('small')));
  it('examples/longhutang.json', async () => roundTrip(loadExample('longhutang')), 120_000);
  for (const preset of ['small', 'longhutang', 'random'] as const) {
    for (const seed of preset === 'random' ? [1, 2, 3] : [7]) {
      it(`generator preset ${preset}, seed ${seed}`, async () => roundTrip(generateSchool({ preset, seed })), 120_000);
    }
  }
  it('generator preset mega (nine-year school, ≈7,700 students)', async () => roundTrip(generateSchool({ preset: 'mega', seed: 2 })), 300_000);

  it('keeps optional fields absent, empty lists as 无, and false apart from absent', async () => {
    const base = loadExample('small');
    const instance: Instance = {
      ...base,
      policy: undefined as never,
      staff: base.staff.map((s, i) => (i === 0 ? { ...s, grades: [], skills: [], exempt: false, unavailable: [] } : s)),
      students: base.students.map((s, i) => (i === 0 ? { ...s, prefs: [], priority: [] } : i === 1 ? { ...s, days: [] } : s)),
    };
    delete (instance as { policy?: unknown }).policy;
    await roundTrip(instance);
  });
});

describe('the template', () => {
  it('has every sheet, Chinese headers, frozen header rows, drop-downs and a 说明 sheet with every column', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeTemplate()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '学校与政策', '校历', '作息时间', '场地', '班级', '教职工', '社团', '学生', '请假']);
    const students = wb.getWorksheet('学生')!;
    expect(students.getRow(1).values).toEqual([undefined, '学号', '姓名', '班级', '参加日', '优先照顾', '志愿1', '志愿2', '志愿3', '免收费']);
    expect(students.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const staff = wb.getWorksheet('教职工')!;
    const roles = staff.getCell('C2').dataValidation;
    expect(roles.type).toBe('list');
    expect(roles.formulae[0]).toContain('退休教师');
    expect(staff.getCell('C2999').dataValidation?.type).toBe('list');
    expect(staff.getCell('H2').dataValidation.formulae[0]).toBe('"是,否"');
    expect(wb.getWorksheet('场地')!.getCell('C2').dataValidation.formulae[0]).toContain('音乐教室');
    expect(wb.getWorksheet('学校与政策')!.getCell('B6').dataValidation.formulae[0]).toContain('周一至周五');
    expect(staff.getColumn(2).width).toBeGreaterThanOrEqual(8);
    const guide = wb.getWorksheet('说明')!;
    const described = new Set<string>();
    guide.eachRow((row) => described.add(`${row.getCell(1).value}/${row.getCell(2).value}`));
    for (const sheet of wb.worksheets.filter((w) => w.name !== '说明' && w.name !== '学校与政策'))
      for (const h of (sheet.getRow(1).values as unknown[]).filter((x): x is string => typeof x === 'string' && !/^志愿\d$/.test(x))) expect(described.has(`${sheet.name}/${h}`), `${sheet.name}/${h}`).toBe(true);
    expect(described.has('学生/志愿')).toBe(true);
  });

  it('an empty template reads back as a list of what is missing, not a crash', async () => {
    const r = await readWorkbook(await writeTemplate());
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.some((p) => p.sheet === '学校与政策' && p.code === 'missing-field' && p.path === '/school/name')).toBe(true);
    }
  });
});

// ------------------------------------------------------------------------------------------ an office's own workbook

/** A tiny school written the way a school office writes it, in a workbook Kehou never made. */
async function officeWorkbook(mutate?: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const policy = wb.addWorksheet('基本信息');
  policy.addRow(['星河路小学课后服务基本信息']);
  policy.addRow([]);
  policy.addRow(['项目', '内容']);
  policy.addRow(['学校', ' 星河路小学 ']);
  policy.addRow(['学段', '小学']);
  policy.addRow(['开学日期', new Date(Date.UTC(2026, 8, 1))]);
  policy.addRow(['学期结束', '2027年1月22日']);
  policy.addRow(['服务日', '周一至周五']);
  policy.addRow(['每课时收费', '２.３元']);
  policy.addRow(['允许跨年级合班', '否']);

  const cal = wb.addWorksheet('节假日');
  cal.addRow(['名称', '开始', '结束', '类型']);
  cal.addRow(['国庆节', '2026/10/1', '2026/10/8', '节假日']);
  cal.addRow([]);
  cal.addRow(['元旦', '2027-01-01', null, null]);

  const tl = wb.addWorksheet('作息时间表');
  tl.addRow(['一二年级作息']);
  tl.addRow(['年级', '安排', '开始', '结束']);
  const t = (h: number, m: number) => new Date(Date.UTC(1899, 11, 30, h, m));
  tl.addRow(['一、二年级', '作业辅导', t(15, 30), t(16, 10)]);
  tl.addRow(['一、二年级', '社团活动', '16：10', '5:10 下午']);
  tl.addRow(['一、二年级', '自主阅读', '下午5点10', '17:30']);

  const rooms = wb.addWorksheet('场地');
  rooms.addRow(['容量', '类型', '名称', '房间号']);
  rooms.addRow([50, '教室', '一（1）班教室', '101']);
  rooms.addRow(['５０', '普通教室', '一（2）班教室', 102]);
  rooms.addRow([60, '音乐室', '音乐教室', 'music']);

  const staff = wb.addWorksheet('教师名单');
  staff.addRow(['序号', '名字', '职务', '任教年级', '特长', '不能值班', '已审核', '工号']);
  staff.addRow([1, '王芳', '老师', '一年级', '合唱', '星期四', null, 't1']);
  staff.addRow([2, '李强', '教师', '1', null, null, null, 't2']);
  staff.addRow([3, '张华', '行政、教师', null, null, null, null, 'l1']);
  staff.addRow([4, '赵师傅', '志愿者', null, '合唱', null, '√', 'x1']);
  staff.addRow(['注：以上人员均已签订课后服务承诺书']);

  const classes = wb.addWorksheet('班级');
  classes.addRow(['班别', '班主任', '人数', '教室']);
  classes.addRow(['一（1）班', '王芳', 30, '一（1）班教室']);
  classes.addRow(['一（2）班', '李强', '３０', '102']);

  const clubs = wb.addWorksheet('社团');
  clubs.addRow(['社团名称', '级别', '面向年级', '最少人数', '名额', '活动日', '场地类型', '所需特长', '编号']);
  clubs.addRow(['合唱', '校级', '1', 5, 30, '周二、周四', '音乐教室', '合唱', 'choir']);

  const students = wb.addWorksheet('学生报名表');
  students.addRow(['2026学年第一学期课后服务报名汇总']);
  students.addRow(['班级', '姓名', '学号', '参加日', '第一志愿', '第二志愿', '免费']);
  const days = ['周一、周三', '星期一,星期三', '一三五', 'mon', '周一至周五', '１２３４５'];
  for (let i = 0; i < 12; i++) {
    if (i === 6) students.addRow([]);
    students.addRow([i < 6 ? '一（1）班' : '一(2)班', `学生${i + 1}`, `s${String(i + 1).padStart(2, '0')}`, days[i % days.length], i % 3 === 0 ? '合唱' : null, null, i === 4 ? '是' : '否']);
  }
  const leave = wb.addWorksheet('请假');
  leave.addRow(['请假人', '日期', '结束', '事由']);
  leave.addRow(['李强', new Date(Date.UTC(2026, 9, 12)), '2026-10-16', '病假']);
  mutate?.(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The instance the office workbook above means. */
function expectedInstance(): Instance {
  const days: Instance['students'][number]['days'][] = [['mon', 'wed'], ['mon', 'wed'], ['mon', 'wed', 'fri'], ['mon'], ['mon', 'tue', 'wed', 'thu', 'fri'], ['mon', 'tue', 'wed', 'thu', 'fri']];
  return {
    format: 'kehou.instance/1',
    school: { name: '星河路小学', stage: 'primary' },
    policy: { feePerPeriod: 2.3, mixGrades: false },
    calendar: {
      start: '2026-09-01',
      end: '2027-01-22',
      serviceWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: [
        { from: '2026-10-01', to: '2026-10-08', name: '国庆节' },
        { from: '2027-01-01', to: '2027-01-01', name: '元旦' },
      ],
      workdays: [],
      seasons: [],
    },
    timelines: [
      {
        id: '作息1',
        grades: [1, 2],
        blocks: [
          { kind: 'study', start: '15:30', end: '16:10' },
          { kind: 'club', start: '16:10', end: '17:10' },
          { kind: 'reading', start: '17:10', end: '17:30' },
        ],
      },
    ],
    rooms: [
      { id: '101', kind: 'classroom', capacity: 50, name: '一（1）班教室' },
      { id: '102', kind: 'classroom', capacity: 50, name: '一（2）班教室' },
      { id: 'music', kind: 'music', capacity: 60, name: '音乐教室' },
    ],
    classes: [
      { id: '一（1）班', grade: 1, size: 30, room: '101', homeroom: 't1' },
      { id: '一（2）班', grade: 1, size: 30, room: '102', homeroom: 't2' },
    ],
    staff: [
      { id: 't1', name: '王芳', roles: ['teacher'], grades: [1], skills: ['合唱'], unavailable: ['thu'] },
      { id: 't2', name: '李强', roles: ['teacher'], grades: [1] },
      { id: 'l1', name: '张华', roles: ['leader', 'teacher'] },
      { id: 'x1', name: '赵师傅', roles: ['volunteer'], skills: ['合唱'], vetted: true },
    ],
    clubs: [{ id: 'choir', name: '合唱', level: 'school', grades: [1], min: 5, max: 30, days: ['tue', 'thu'], roomKinds: ['music'], skill: '合唱' }],
    students: Array.from({ length: 12 }, (_, i) => ({
      id: `s${String(i + 1).padStart(2, '0')}`,
      class: i < 6 ? '一（1）班' : '一（2）班',
      days: days[i % 6],
      ...(i % 3 === 0 ? { prefs: ['choir'] } : {}),
      feeExempt: i === 4,
      name: `学生${i + 1}`,
    })),
    leave: [{ staff: 't2', from: '2026-10-12', to: '2026-10-16', reason: '病假' }],
  };
}

describe("an office's own workbook", () => {
  it('reads to the same instance: reordered columns, title rows, blank rows, weekday and yes/no spellings, Excel dates and times, full-width digits, names for ids', async () => {
    const r = await readWorkbook(await officeWorkbook());
    if (!r.ok) expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.instance).toEqual(expectedInstance());
    // the warnings are the school's own (a preference on days the student does not come), placed on their cells
    expect(r.warnings.find((w) => w.code === 'pref-never-joinable')).toMatchObject({ sheet: '学生报名表', cell: 'E3', path: '/students/0/prefs/0' });
  });
});

describe('import problems: all at once, each with sheet, cell, instance path and a stable code', () => {
  const problemsOf = async (mutate: (wb: ExcelJS.Workbook) => void): Promise<readonly ImportProblem[]> => {
    const r = await readWorkbook(await officeWorkbook(mutate));
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.problems.filter((p) => p.severity === 'error');
  };

  it('lists every bad cell of the workbook in one go', async () => {
    const errors = await problemsOf((wb) => {
      const st = wb.getWorksheet('学生报名表')!;
      st.getCell('A5').value = '9-9'; // no such class (row 5 = the 3rd student)
      st.getCell('D6').value = '周一、周八';
      st.getCell('G7').value = '也许';
      wb.getWorksheet('作息时间表')!.getCell('D4').value = '25:00';
      wb.getWorksheet('请假')!.getCell('B2').value = '2026-02-30';
      wb.getWorksheet('场地')!.getCell('A3').value = '很多';
      wb.getWorksheet('教师名单')!.getCell('C3').value = '班长';
      wb.getWorksheet('社团')!.getCell('B2').value = '区级';
    });
    const brief = errors.map((p) => `${p.sheet}!${p.cell} ${p.path} ${p.code}`);
    expect(brief).toEqual(
      expect.arrayContaining([
        '学生报名表!A5 /students/2/class unknown-class',
        '学生报名表!D6 /students/3/days bad-weekday',
        '学生报名表!G7 /students/4/feeExempt bad-yes-no',
        '作息时间表!D4 /timelines/0/blocks/1/end bad-time',
        '请假!B2 /leave/0/from bad-date',
        '场地!A3 /rooms/1/capacity bad-number',
        '教师名单!C3 /staff/1/roles unknown-role',
        '社团!B2 /clubs/0/level bad-value',
      ]),
    );
    expect(errors.length).toBe(8);
    const unknownClass = errors.find((p) => p.code === 'unknown-class')!;
    expect(unknownClass.message).toContain('9-9');
    expect(errors.find((p) => p.code === 'bad-weekday')!.message).toContain('周八');
  });

  it('names a missing sheet and a missing column', async () => {
    const errors = await problemsOf((wb) => {
      wb.removeWorksheet(wb.getWorksheet('场地')!.id);
      wb.getWorksheet('学生报名表')!.getCell('D2').value = '备注';
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: '场地', code: 'missing-sheet' }),
        expect.objectContaining({ sheet: '学生报名表', cell: '2', code: 'missing-column', message: expect.stringContaining('参加日') }),
      ]),
    );
  });

  it('refuses a name that two people share, and asks for the id', async () => {
    const errors = await problemsOf((wb) => {
      wb.getWorksheet('教师名单')!.getCell('B3').value = '王芳'; // a second 王芳 (with id t2)
    });
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: '班级', cell: 'B2', path: '/classes/0/homeroom', code: 'ambiguous-name' })]));
  });

  it('reads a class typed as 1-2 that Excel turned into a date back as 1-2, with a warning', async () => {
    const r = await readWorkbook(
      await officeWorkbook((wb) => {
        wb.getWorksheet('班级')!.getCell('A3').value = new Date(Date.UTC(2026, 0, 2)); // 1-2 → 1月2日
        for (let row = 10; row <= 15; row++) wb.getWorksheet('学生报名表')!.getCell(`A${row}`).value = '1-2';
      }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.instance.classes[1].id).toBe('1-2');
      expect(r.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: '班级', cell: 'A3', code: 'date-as-id' })]));
    }
  });

  it('says so when the bytes are not a workbook', async () => {
    const r = await readWorkbook(new TextEncoder().encode('姓名,班级\n张三,1-1\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].code).toBe('workbook-unreadable');
  });
});

describe('CSV sheets', () => {
  it('a CSV student list replaces the 学生 sheet of a workbook', async () => {
    const grids = (await workbookGrids(await officeWorkbook())).filter((g) => g.name !== '学生报名表');
    const csv = '学号,姓名,班级,参加日,志愿\r\n' + Array.from({ length: 12 }, (_, i) => `s${String(i + 1).padStart(2, '0')},学生${i + 1},${i < 6 ? '一（1）班' : '1-2'},"周一,周三",${i % 3 === 0 ? '合唱' : ''}`).join('\r\n') + '\r\n';
    const r = readGrids([...grids, csvGrid('学生', csv)]);
    if (!r.ok) expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.instance.students).toHaveLength(12);
      expect(r.instance.students[7]).toEqual({ id: 's08', class: '一（2）班', days: ['mon', 'wed'], name: '学生8' });
      expect(r.instance.students[9].prefs).toEqual(['choir']);
    }
  });
});
