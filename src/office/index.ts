// src/office: the school office's own formats. An Excel workbook template to fill in (学校与政策, 校历, 作息时间,
// 场地, 班级, 教职工, 社团, 学生, 请假, 说明) and reading it back (or a CSV sheet, or an office's own workbook with its
// own column order and spellings) into a kehou.instance/1; and, from an instance and its schedule, everything
// the office prints or posts: the plan workbook (总览, per class, per teacher, per special room, 社团名单, 值班表,
// 代课记录, 工作量, 收费), printable HTML timetables and 家长通知, and one .ics calendar per staff member.
// All of it is drawn from the named views (views.ts): pure functions instance + schedule → plain data with names.
// May import src/model only (never solver, checker, cli, server). exceljs is loaded lazily, inside the
// functions that read or write a workbook, so importing this module costs nothing at start-up.
export * from './names.js';
export {
  classTimetables,
  teacherTimetables,
  roomTimetables,
  dayPlans,
  clubRosters,
  datedDuties,
  dutyRoster,
  dateDayLabel,
  substitutions,
  workload,
  fees,
  studentsWithoutClub,
  clubDemand,
  overview,
  shortfallLines,
  shortfallSentences,
  dutyName,
  groupName,
  plainText,
  type ClassCell,
  type ClassClubLine,
  type ClassTimetable,
  type DutyKind,
  type WeekDuty,
  type TeacherTimetable,
  type RoomUse,
  type RoomTimetable,
  type DayPlan,
  type ClubRoster,
  type DatedDuty,
  type RosterDay,
  type SubstitutionLine,
  type WorkloadRow,
  type Workload,
  type Fees,
  type UnplacedLine,
  type ClubDemand,
  type Overview,
  type ShortfallLine,
} from './views.js';
export { renderPrintable, type PrintableFile, type PrintableOptions } from './printable.js';
export { writeCalendars, type CalendarOptions } from './calendar.js';
export { readWorkbook, writeTemplate, writePlanWorkbook, workbookGrids, type PlanWorkbookOptions } from './xlsx.js';
export { readGrids, formatImportProblem, type Grid, type ImportProblem, type WorkbookResult } from './read.js';
export { csvGrid, decodeText } from './csv.js';
export type { CellValue } from './cells.js';
export { SHEETS, SCHOOL_ITEMS, type SheetSpec, type Column } from './sheets.js';
