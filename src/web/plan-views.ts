// 查看: a version's plan as the office reads it, drawn from the office formats' named views (src/office/views.ts:
// pure instance + schedule → plain data with names) and turned into accessible HTML tables here. One function per
// view; `key` picks the class, teacher, room or weekday where the view has several.
import type { Instance, Schedule } from '../model/schema.js';
import {
  classTimetables,
  clubDemand,
  clubRosters,
  dayPlans,
  dutyRoster,
  fees,
  overview,
  roomTimetables,
  studentsWithoutClub,
  substitutions,
  teacherTimetables,
  workload,
  type ClassTimetable,
  type TeacherTimetable,
} from '../office/index.js';
import { esc } from './view-list.js';

export type RenderedView = { readonly keys: readonly { key: string; label: string }[]; readonly key: string; readonly html: string };

/** An accessible table: caption, column headers, rows of cells (already escaped HTML when `raw`). */
function table(caption: string, head: readonly string[], rows: readonly (readonly (string | number)[])[], opts: { raw?: boolean; cls?: string } = {}): string {
  if (rows.length === 0) return `<p class="muted">${esc(caption)}：无。</p>`;
  const cell = (v: string | number) => (opts.raw ? String(v) : esc(v));
  return (
    `<div class="scroll"><table class="${opts.cls ?? 'list'}"><caption>${esc(caption)}</caption><thead><tr>` +
    head.map((h) => `<th scope="col">${esc(h)}</th>`).join('') +
    '</tr></thead><tbody>' +
    rows.map((r) => '<tr>' + r.map((v, i) => `<td data-label="${esc(head[i])}">${cell(v)}</td>`).join('') + '</tr>').join('') +
    '</tbody></table></div>'
  );
}

const lines = (...parts: (string | undefined)[]) => parts.filter((p) => p).map((p, i) => `<span class="l${i}">${esc(p)}</span>`).join('');
const pick = <T>(list: readonly T[], key: string, idOf: (t: T) => string): T | undefined => list.find((t) => idOf(t) === key) ?? list[0];

function classHtml(t: ClassTimetable): string {
  const head = `<h2 id="grid-title">${esc(t.label)}</h2><p class="muted">班主任 ${esc(t.homeroom || '—')} · 教室 ${esc(t.room)} · 参加课后服务 ${t.enrolled} 人 · ${esc(t.endsAt)}放学 · 延时接送 ${esc(t.latePickup)}</p>`;
  const grid =
    '<div class="scroll"><table class="grid"><thead><tr><th scope="col">时间</th>' +
    t.days.map((d) => `<th scope="col">${esc(d.label)}<br><span class="muted">${d.students} 人</span></th>`).join('') +
    '</tr></thead><tbody>' +
    t.rows
      .map(
        (r, i) =>
          `<tr><th scope="row">${esc(r.time)}</th>` +
          t.cells[i].map((c) => `<td>${c === null ? '<span class="muted">—</span>' : lines(c.activity, c.room, c.teacher, c.note)}</td>`).join('') +
          '</tr>',
      )
      .join('') +
    '</tbody></table></div>';
  const clubs = table('本班学生参加的校级社团', ['社团', '星期', '时间', '地点', '指导教师', '本班人数'], t.clubs.map((c) => [c.club, c.days, c.time, c.room, c.teacher, c.students]));
  return `<section aria-labelledby="grid-title">${head}${grid}${clubs}</section>`;
}

function teacherHtml(t: TeacherTimetable, dayLabels: readonly string[]): string {
  const head = `<h2 id="grid-title">${esc(t.name)}</h2><p class="muted">${esc(t.roles)} · 每周 ${t.periodsPerWeek} 课时 · 本学期 ${t.periodsSemester} 课时${t.inspections ? ` · 行政巡视 ${t.inspections} 次` : ''}${t.inspectionDays ? `（${esc(t.inspectionDays)}）` : ''}</p>`;
  const times = [...new Set(t.duties.map((d) => d.time))].sort();
  if (times.length === 0) return `${head}<p class="notice">每周模板中没有任务。</p>`;
  const grid =
    '<div class="scroll"><table class="grid"><thead><tr><th scope="col">时间</th>' +
    dayLabels.map((d) => `<th scope="col">${esc(d)}</th>`).join('') +
    '</tr></thead><tbody>' +
    times
      .map(
        (time) =>
          `<tr><th scope="row">${esc(time)}</th>` +
          dayLabels
            .map((label) => {
              const here = t.duties.filter((d) => d.time === time && d.dayLabel === label);
              return `<td>${here.length === 0 ? '<span class="muted">—</span>' : here.map((d) => lines(d.what, d.room)).join('')}</td>`;
            })
            .join('') +
          '</tr>',
      )
      .join('') +
    '</tbody></table></div>';
  return `<section aria-labelledby="grid-title">${head}${grid}</section>`;
}

/** The view `view` (one of VIEWS) of a plan. */
export function renderView(view: string, key: string, instance: Instance, schedule: Schedule): RenderedView {
  switch (view) {
    case 'class': {
      const all = classTimetables(instance, schedule);
      const t = pick(all, key, (x) => x.classId);
      return { keys: all.map((x) => ({ key: x.classId, label: x.label })), key: t?.classId ?? '', html: t ? classHtml(t) : '' };
    }
    case 'teacher': {
      const all = teacherTimetables(instance, schedule).filter((x) => x.duties.length > 0 || x.periodsSemester > 0);
      const t = pick(all, key, (x) => x.staffId);
      const dayLabels = classTimetables(instance, schedule)[0]?.days.map((d) => d.label) ?? [];
      return { keys: all.map((x) => ({ key: x.staffId, label: x.name })), key: t?.staffId ?? '', html: t ? teacherHtml(t, dayLabels) : '' };
    }
    case 'room': {
      const all = roomTimetables(instance, schedule).filter((r) => r.uses.length > 0);
      const r = pick(all, key, (x) => x.roomId);
      const html = r
        ? `<h2 id="grid-title">${esc(r.name)}</h2><p class="muted">${esc(r.kind)} · 容量 ${r.capacity} 人</p>` +
          table('每周使用', ['星期', '时间', '用途', '教师', '人数'], r.uses.map((u) => [u.dayLabel, u.time, u.what, u.teacher, u.students]))
        : '';
      return { keys: all.map((x) => ({ key: x.roomId, label: x.name })), key: r?.roomId ?? '', html };
    }
    case 'day': {
      const all = dayPlans(instance, schedule);
      const d = pick(all, key, (x) => x.day);
      const html = d
        ? `<h2 id="grid-title">${esc(d.label)}</h2>${d.inspection ? `<p>行政巡视：${esc(d.inspection)}</p>` : ''}` +
          table('看护班', ['看护班', '教室', '人数', '各时段'], d.groups.map((g) => [esc(g.label), esc(g.room), g.students, g.blocks.map((b) => lines(`${b.time} ${b.activity}`, b.teacher)).join('')]), { raw: true }) +
          table('校级社团', ['社团', '时间', '地点', '指导教师', '人数'], d.clubs.map((c) => [c.club, c.time, c.room, c.teacher, c.students])) +
          table('延时接送', ['时间', '地点', '值班'], d.latePickup.map((p) => [p.time, p.place, p.staff]))
        : '';
      return { keys: all.map((x) => ({ key: x.day, label: x.label })), key: d?.day ?? '', html };
    }
    case 'clubs': {
      const rosters = clubRosters(instance, schedule);
      const demand = table(
        '社团报名与名额',
        ['社团', '年级', '星期', '第一志愿', '报名', '名额', '录取', '情况'],
        clubDemand(instance, schedule).map((c) => [c.name, c.grades, c.days, c.firstChoice, c.wanted, c.seats ?? '不限', c.members, c.status]),
      );
      const without = table('没有参加校级社团的学生（及原因）', ['学生', '班级', '志愿', '原因'], studentsWithoutClub(instance, schedule).map((u) => [u.name, u.class, u.wishes, u.reason]));
      const lists = rosters
        .map(
          (r) =>
            `<details><summary>${esc(r.name)}（${r.members.length} 人，${esc(r.days)} ${esc(r.time)}，${esc(r.room)}，${esc(r.teacher)}）</summary>` +
            table(`${r.name} 名单`, ['学生', '班级'], r.members.map((m) => [m.name, m.class])) +
            '</details>',
        )
        .join('');
      return { keys: [], key: '', html: `<h2 id="grid-title">社团</h2>${demand}<h3>社团名单</h3>${lists}${without}` };
    }
    case 'duty':
      return {
        keys: [],
        key: '',
        html: `<h2 id="grid-title">值班表</h2>${table('行政巡视与延时接送（按日期）', ['日期', '星期', '行政巡视', '延时接送', '时间', '当日代课'], dutyRoster(instance, schedule).map((d) => [d.date, d.dayLabel, d.inspection, d.latePickup, d.latePickupTime, d.changes ? `${d.changes} 项` : '']))}`,
      };
    case 'subs':
      return {
        keys: [],
        key: '',
        html: `<h2 id="grid-title">代课记录</h2>${table('按日期', ['日期', '星期', '任务', '原安排', '代课', '说明'], substitutions(instance, schedule).map((s) => [s.date, s.dayLabel, s.duty, s.from, s.to, s.reason]))}`,
      };
    case 'workload': {
      const w = workload(instance, schedule);
      const head = ['姓名', '身份', '每周课时', '本学期课时', '行政巡视', '代他人', '被代', ...(w.payPerPeriod !== null ? ['课时费（元）'] : [])];
      const rows = w.rows.map((r) => [r.name, r.roles, r.periodsPerWeek, r.periodsSemester, r.inspections, r.substitutionsTaken, r.substitutionsGiven, ...(w.payPerPeriod !== null ? [r.pay ?? ''] : [])]);
      return { keys: [], key: '', html: `<h2 id="grid-title">工作量</h2><p>合计 ${w.totalPeriods} 课时${w.totalPay !== null ? `，课时费 ${w.totalPay} 元` : ''}</p>${table('每位教职工', head, rows)}` };
    }
    case 'fees': {
      const f = fees(instance, schedule);
      return {
        keys: [],
        key: '',
        html:
          `<h2 id="grid-title">收费</h2><p>每课时 ${f.feePerPeriod} 元；合计 ${f.total} 元</p>` +
          table('按班级', ['班级', '人数', '免收', '合计（元）'], f.perClass.map((c) => [c.class, c.students, c.exempt, c.total])) +
          `<details><summary>按学生（${f.perStudent.length} 人）</summary>${table('按学生', ['学生', '班级', '星期', '服务天数', '每天计费课时', '费用（元）', '免收'], f.perStudent.map((s) => [s.name, s.class, s.days, s.dates, s.periodsPerDate, s.fee, s.exempt]))}</details>`,
      };
    }
    default: {
      const o = overview(instance, schedule);
      const figures: [string, string | number][] = [
        ['学期', o.semester],
        ['服务天数', o.serviceDates],
        ['学生', o.students],
        ['班级', o.classes],
        ['教职工', o.staff],
        ['看护班', `${o.groups}（其中混合编班 ${o.mixedGroups}）`],
        ['开设的校级社团', `${o.clubsRunning}（每周 ${o.clubSessionsPerWeek} 次活动）`],
        ['想参加社团的学生', o.studentsWantingClub],
        ['参加了社团', `${o.studentsInClub}（${o.wishes.map(([k, n]) => `第${k}志愿 ${n}`).join('，') || '—'}）`],
        ['没有参加社团', o.studentsWithoutClub],
        ['代课', `${o.substitutions} 项，其中无人可代 ${o.uncovered} 项`],
      ];
      const shortfalls = o.shortfalls.length > 0 ? `<h3>缺口</h3><ul>${o.shortfalls.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : '<p class="notice">所有任务都有人负责。</p>';
      return { keys: [], key: '', html: `<h2 id="grid-title">${esc(o.school)} 总览</h2>${table('排班概况', ['项目', '数量'], figures)}${shortfalls}` };
    }
  }
}
