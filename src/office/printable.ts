// Printable HTML pages of a plan, drawn from the views: an index (总览) linking to the class timetables (one
// class per A4 landscape page), the 家长通知 (one class per A4 portrait page, to print or to send to the parents'
// WeChat group as a picture), the teachers' timetables, the special rooms, the club rosters, and the duty
// roster with the substitutions. Plain HTML and CSS with a print stylesheet; no script, no external file.
import type { Instance, Schedule } from '../model/schema.js';
import { resolvePolicy } from '../model/policy.js';
import {
  classTimetables,
  clubDemand,
  clubRosters,
  dutyRoster,
  overview,
  roomTimetables,
  studentsWithoutClub,
  substitutions,
  teacherTimetables,
  workload,
  type ClassTimetable,
} from './views.js';

export type PrintableFile = { readonly name: string; readonly title: string; readonly html: string };

export type PrintableOptions = {
  /** yuan per period for the workload table (else policy.payPerPeriod) */
  readonly payPerPeriod?: number;
  /** one HTML file holding every part (for `-o plan.html`) instead of a folder with an index */
  readonly single?: boolean;
};

/** Escapes text for HTML. */
const esc = (s: string | number): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
:root { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #111; }
body { margin: 0 auto; max-width: 1100px; padding: 16px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 18px 0 6px; } h3 { font-size: 15px; margin: 12px 0 4px; }
.sub { color: #444; margin: 0 0 10px; font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #888; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eef1f5; font-weight: 600; }
table.grid td, table.grid th { text-align: center; vertical-align: middle; }
table.grid td.time { width: 10em; font-weight: 600; background: #f7f8fa; }
table.grid th:first-child { width: 10em; }
.act { font-weight: 600; } .room, .teacher { display: block; } .note { display: block; font-size: 11px; color: #555; }
.none { color: #999; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.notice p { margin: 6px 0; font-size: 15px; } .notice table { font-size: 14px; }
.sign { text-align: right; margin-top: 24px; }
nav ul { padding-left: 18px; } nav li { margin: 3px 0; }
.num { text-align: right; white-space: nowrap; }
@media print {
  body { max-width: none; padding: 0; }
  nav, .screen-only { display: none; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4 landscape; margin: 12mm; }
@page notice { size: A4 portrait; margin: 15mm; }
.notice { page: notice; }
`;

function doc(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[], cls = ''): string =>
  `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
  rows.map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('') +
  '</tbody></table>';

/** A class's weekday × block grid, the core of its timetable page. A note every cell of a row shares is shown once,
 * under the row's time. */
function classGrid(t: ClassTimetable): string {
  const head = `<tr><th>时间</th>${t.days.map((d) => `<th>${esc(d.label)}<span class="note">${d.students} 人</span></th>`).join('')}</tr>`;
  const body = t.rows
    .map((row, r) => {
      const notes = new Set(t.cells[r].filter((c) => c !== null).map((c) => c!.note));
      const shared = notes.size === 1 ? [...notes][0] : '';
      const cells = t.cells[r]
        .map((c) =>
          c === null
            ? '<td class="none">不开设</td>'
            : `<td><span class="act">${esc(c.activity)}</span><span class="room">${esc(c.room)}</span><span class="teacher">${esc(c.teacher)}</span>${c.note && !shared ? `<span class="note">${esc(c.note)}</span>` : ''}</td>`,
        )
        .join('');
      return `<tr><td class="time">${esc(row.time)}<span class="note">${esc(row.activity)}</span>${shared ? `<span class="note">${esc(shared)}</span>` : ''}</td>${cells}</tr>`;
    })
    .join('');
  return `<table class="grid"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Who looks after the class on which days: 周一：戴晓娜；周二、周四：夏晓杰 */
function teachersByDay(t: ClassTimetable): string {
  const groups = new Map<string, string[]>();
  t.days.forEach((d, i) => {
    const names = [...new Set(t.cells.map((row) => row[i]).filter((c) => c !== null).flatMap((c) => c!.teacher.split('、')))].join('、');
    if (names === '') return;
    groups.set(names, [...(groups.get(names) ?? []), d.label]);
  });
  return [...groups].map(([names, days]) => `${days.join('、')}：${names}`).join('；');
}

function classPage(school: string, semester: string, t: ClassTimetable): string {
  const clubs =
    t.clubs.length === 0
      ? '<p class="sub">本班没有学生参加校级社团。</p>'
      : table(['校级社团', '活动日', '时间', '地点', '指导教师', '本班人数'], t.clubs.map((c) => [c.club, c.days, c.time, c.room, c.teacher, c.students]));
  return (
    `<section class="page" id="class-${esc(t.classId)}">` +
    `<h1>${esc(school)} 课后服务课表 · ${esc(t.label)}</h1>` +
    `<p class="sub">${esc(semester)}　班主任：${esc(t.homeroom || '—')}　教室：${esc(t.room || '—')}　参加课后服务 ${t.enrolled} 人　放学 ${esc(t.endsAt)}，延时接送 ${esc(t.latePickup)}</p>` +
    classGrid(t) +
    `<h3>校级社团（社团时段去社团活动地点）</h3>${clubs}</section>`
  );
}

function noticePage(instance: Instance, t: ClassTimetable, pickupPlace: string): string {
  const policy = resolvePolicy(instance.policy);
  const days = t.days.filter((_, i) => t.cells.some((row) => row[i] !== null));
  const periods = Math.min(
    Math.floor((minutes(t.endsAt) - minutes(t.rows[0]?.start ?? t.endsAt)) / (instance.school.lessonMinutes ?? 40)),
    policy.maxChargedPeriodsPerDay,
  );
  const perDay = Math.round(periods * policy.feePerPeriod * 100) / 100;
  const fee =
    policy.feePerPeriod === 0
      ? '本学期课后服务不收费。'
      : `按实际参加天数收费：每课时 ${policy.feePerPeriod} 元，每天收 ${periods} 课时，即每天 ${perDay} 元。低收入家庭学生及经批准免收的学生不收费。`;
  const schedule =
    table(
      ['时间', '安排', '地点'],
      t.rows.map((row, r) => {
        const cells = t.cells[r].filter((c) => c !== null);
        return [row.time, row.activity, uniq(cells.map((c) => c!.room))];
      }),
    ) + `<p><b>看护教师：</b>${esc(teachersByDay(t))}</p>`;
  const clubs =
    t.clubs.length === 0
      ? ''
      : `<p>参加校级社团的同学在社团时段到社团地点活动：</p>` +
        table(['社团', '活动日', '时间', '地点', '指导教师'], t.clubs.map((c) => [c.club, c.days, c.time, c.room, c.teacher]));
  return (
    `<section class="page notice" id="notice-${esc(t.classId)}">` +
    `<h1>${esc(t.label)}课后服务安排 · 家长通知</h1>` +
    `<p>尊敬的家长：</p>` +
    `<p>本学期（${esc(instance.calendar.start)} 至 ${esc(instance.calendar.end)}），${esc(instance.school.name)}在${esc(days.map((d) => d.label).join('、'))}放学后开设课后服务，每天安排如下：</p>` +
    schedule +
    clubs +
    `<p><b>接孩子时间：</b>${esc(t.endsAt)} 服务结束，请到校接孩子。不能按时接的，学校在 ${esc(t.latePickup)} 安排延时接送${pickupPlace ? `（地点：${esc(pickupPlace)}）` : ''}。</p>` +
    `<p><b>费用：</b>${esc(fee)}</p>` +
    `<p><b>联系人：</b>班主任 ${esc(t.homeroom || '—')}。</p>` +
    `<p class="sign">${esc(instance.school.name)} 教务处</p>` +
    `</section>`
  );
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const uniq = (xs: readonly string[]): string => [...new Set(xs)].join('、');

/**
 * The printable pages of a plan as HTML files: index.html (总览 and links), classes.html (课表, one class per
 * A4 landscape page), notices.html (家长通知, one class per A4 portrait page), teachers.html, rooms.html,
 * clubs.html (社团名单) and roster.html (值班表与代课记录). With `single`, one file `plan.html` holds them all.
 */
export function renderPrintable(instance: Instance, schedule: Schedule, options: PrintableOptions = {}): { readonly files: readonly PrintableFile[] } {
  const school = instance.school.name;
  const semester = `${instance.calendar.start} 至 ${instance.calendar.end}`;
  const ov = overview(instance, schedule);
  const classes = classTimetables(instance, schedule);
  const place = schedule.week.duties.find((d) => d.place)?.place ?? '';

  const classesBody = classes.map((t) => classPage(school, semester, t)).join('\n');
  const noticesBody = classes.filter((t) => t.enrolled > 0).map((t) => noticePage(instance, t, place)).join('\n');

  const teachers = teacherTimetables(instance, schedule).filter((t) => t.duties.length > 0 || t.inspections > 0);
  const teachersBody =
    `<h1>${esc(school)} 教师课后服务安排</h1><p class="sub">${esc(semester)}</p>` +
    teachers
      .map(
        (t) =>
          `<div class="keep"><h3>${esc(t.name)}（${esc(t.roles)}）　每周 ${t.periodsPerWeek} 课时，本学期 ${t.periodsSemester} 课时${t.inspections ? `，行政巡视 ${t.inspections} 天` : ''}</h3>` +
          (t.duties.length > 0 ? table(['星期', '时间', '任务', '地点'], t.duties.map((d) => [d.dayLabel, d.time, d.what, d.room])) : '<p class="sub">每周固定任务：无</p>') +
          '</div>',
      )
      .join('\n');

  const rooms = roomTimetables(instance, schedule).filter((r) => r.special && r.uses.length > 0);
  const roomsBody =
    `<h1>${esc(school)} 专用教室与场地安排</h1><p class="sub">${esc(semester)}</p>` +
    rooms
      .map((r) => `<div class="keep"><h3>${esc(r.name)}（${esc(r.kind)}，${r.capacity} 座）</h3>${table(['星期', '时间', '使用', '教师', '人数'], r.uses.map((u) => [u.dayLabel, u.time, u.what, u.teacher, u.students]))}</div>`)
      .join('\n');

  const clubsBody =
    `<h1>${esc(school)} 校级社团名单</h1><p class="sub">${esc(semester)}</p>` +
    clubRosters(instance, schedule)
      .map(
        (c) =>
          `<div class="keep"><h3>${esc(c.name)}　${esc(c.days)} ${esc(c.time)}　${esc(c.room)}　指导教师：${esc(c.teacher)}　${c.members.length} 人</h3>` +
          table(['序号', '姓名', '班级'], c.members.map((m, i) => [i + 1, m.name, m.class])) +
          '</div>',
      )
      .join('\n');

  const subs = substitutions(instance, schedule);
  const rosterBody =
    `<h1>${esc(school)} 值班表</h1><p class="sub">${esc(semester)}：行政巡视与延时接送</p>` +
    table(['日期', '星期', '行政巡视', '延时接送', '时间', '当天代课'], dutyRoster(instance, schedule).map((d) => [d.date, d.dayLabel, d.inspection, d.latePickup, d.latePickupTime, d.changes || ''])) +
    `<h2>代课记录</h2>` +
    (subs.length === 0 ? '<p class="sub">本学期没有代课。</p>' : table(['日期', '星期', '任务', '时间', '原任', '代课', '原因'], subs.map((s) => [s.date, s.dayLabel, s.duty, s.time, s.from, s.to, s.reason])));

  const wl = workload(instance, schedule, options.payPerPeriod);
  const demand = clubDemand(instance, schedule).filter((d) => d.level === '校级社团');
  const unplaced = studentsWithoutClub(instance, schedule);
  const parts: { name: string; title: string; body: string }[] = [
    { name: 'classes.html', title: '班级课表', body: classesBody },
    { name: 'notices.html', title: '家长通知', body: noticesBody },
    { name: 'teachers.html', title: '教师安排', body: teachersBody },
    { name: 'rooms.html', title: '专用教室与场地', body: roomsBody },
    { name: 'clubs.html', title: '社团名单', body: clubsBody },
    { name: 'roster.html', title: '值班表与代课记录', body: rosterBody },
  ];
  const summary =
    `<h1>${esc(school)} 课后服务安排</h1><p class="sub">${esc(semester)}，共 ${ov.serviceDates} 个服务日</p>` +
    table(
      ['项目', '数量'],
      [
        ['参加课后服务的学生', `${ov.students} 人`],
        ['班级', `${ov.classes} 个`],
        ['看护班（每周）', `${ov.groups} 个（其中合班 ${ov.mixedGroups} 个）`],
        ['开设的校级社团', `${ov.clubsRunning} 个（每周 ${ov.clubSessionsPerWeek} 次活动）`],
        ['报名校级社团的学生', `${ov.studentsWantingClub} 人`],
        ['已安排社团', `${ov.studentsInClub} 人（${ov.wishes.map(([k, n]) => `第${k}志愿 ${n}`).join('，') || '—'}）`],
        ['未安排社团', `${ov.studentsWithoutClub} 人`],
        ['代课', `${ov.substitutions} 次${ov.uncovered ? `（无人可代 ${ov.uncovered} 次）` : ''}`],
      ],
    ) +
    (ov.shortfalls.length > 0 ? `<h2>需要处理的缺口</h2><ul>${ov.shortfalls.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : '<p>所有看护、社团和值班任务都已安排到人。</p>') +
    `<h2>社团报名与名额</h2>` +
    table(['社团', '年级', '活动日', '第一志愿', '报名', '名额', '已安排', '状态'], demand.map((d) => [d.name, d.grades, d.days, d.firstChoice, d.wanted, d.seats ?? '不限', d.members, d.status])) +
    (unplaced.length > 0 ? `<h2>未安排社团的学生</h2>` + table(['姓名', '班级', '志愿', '原因'], unplaced.map((u) => [u.name, u.class, u.wishes, u.reason])) : '') +
    `<h2>工作量${wl.payPerPeriod !== null ? `（每课时 ${wl.payPerPeriod} 元）` : ''}</h2>` +
    table(
      ['姓名', '身份', '每周课时', '学期课时', '巡视天数', '代课次数', ...(wl.payPerPeriod !== null ? ['课时费（元）'] : [])],
      wl.rows.filter((r) => r.periodsSemester > 0).map((r) => [r.name, r.roles, r.periodsPerWeek, r.periodsSemester, r.inspections, r.substitutionsTaken, ...(r.pay !== null ? [r.pay] : [])]),
    );

  if (options.single) {
    const nav = `<nav class="screen-only"><ul>${parts.map((p) => `<li><a href="#part-${p.name.replace('.html', '')}">${esc(p.title)}</a></li>`).join('')}</ul></nav>`;
    const body = `<section class="page">${summary}${nav}</section>\n` + parts.map((p) => `<div id="part-${p.name.replace('.html', '')}">${p.body}</div>`).join('\n');
    return { files: [{ name: 'plan.html', title: `${school} 课后服务安排`, html: doc(`${school} 课后服务安排`, body) }] };
  }
  const nav =
    `<nav><h2>打印</h2><ul>` +
    parts.map((p) => `<li><a href="${p.name}">${esc(p.title)}</a></li>`).join('') +
    `</ul><h3>各班课表与家长通知</h3><ul>` +
    classes.map((t) => `<li>${esc(t.label)}：<a href="classes.html#class-${esc(t.classId)}">课表</a> · <a href="notices.html#notice-${esc(t.classId)}">家长通知</a></li>`).join('') +
    `</ul></nav>`;
  return {
    files: [
      { name: 'index.html', title: `${school} 课后服务安排`, html: doc(`${school} 课后服务安排`, nav + summary) },
      ...parts.map((p) => ({ name: p.name, title: p.title, html: doc(`${school} ${p.title}`, p.body) })),
    ],
  };
}
