// The views of a plan (查看) the page offers, and HTML escaping; kept apart from plan-views.ts so the page loads the
// office formats' code only when a plan is shown or downloaded (start-up stays quick).
export const VIEWS: readonly { readonly key: string; readonly label: string }[] = [
  { key: 'overview', label: '总览' },
  { key: 'class', label: '按班级' },
  { key: 'teacher', label: '按教师' },
  { key: 'room', label: '按场地' },
  { key: 'day', label: '按星期' },
  { key: 'clubs', label: '社团' },
  { key: 'duty', label: '值班表' },
  { key: 'subs', label: '代课记录' },
  { key: 'workload', label: '工作量' },
  { key: 'fees', label: '收费' },
];

/** HTML-escapes text. */
export const esc = (s: string | number | null | undefined): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
