// New leave for a what-if (请假调整), read the same way wherever it comes from: `kehou whatif --leave 高平:…` and
// `--leave-file`, the HTTP what-if body (`POST /v1/whatif`) and the workspace's leave proposal. `parseLeaveText`
// reads the command line's `STAFF:FROM..TO`; `checkLeaveList` validates a list of leave records against the
// instance: each record has the format's Leave structure (schema.ts, the one source; real dates), names one staff
// member by id or unique name (names.ts; the ids come back), and runs forwards in time. All problems at once, each
// with its JSON Pointer and stable code (`unknown-staff`, `ambiguous-name`, `bad-range`, and the structure codes).
import { Type } from '@sinclair/typebox';
import type { Problem } from './problems.js';
import { Leave, type Instance } from './schema.js';
import { nameProblemCode, nameProblemMessage, resolveName } from './names.js';
import { checkStructure } from './validate.js';
import { parseDate } from './clock.js';

export type LeaveCheck = { readonly ok: true; readonly leave: Leave[] } | { readonly ok: false; readonly problems: Problem[] };

export type LeaveCheckOptions = {
  /** JSON Pointer of the list: problems are reported under it (`/leave/0/staff`) */
  readonly base?: string;
  /** most records in one list */
  readonly maxItems?: number;
};

const DEFAULT_LEAVE_CHECK: Required<LeaveCheckOptions> = { base: '/leave', maxItems: 1000 };

const listSchemas = new Map<number, ReturnType<typeof leaveListSchema>>();
const leaveListSchema = (maxItems: number) => Type.Array(Leave, { maxItems });
function listSchema(maxItems: number): ReturnType<typeof leaveListSchema> {
  let s = listSchemas.get(maxItems);
  if (!s) listSchemas.set(maxItems, (s = leaveListSchema(maxItems)));
  return s;
}

const error = (path: string, code: string, message: string): Problem => ({ path, code, message, severity: 'error' });

/**
 * A list of new leave checked against `instance`: structure (the format's Leave: staff, from, to, optional id and
 * reason; real dates), the staff member by id or unique name, `from ≤ to`. On success the leave carries staff ids.
 */
export function checkLeaveList(instance: Pick<Instance, 'staff' | 'classes' | 'clubs' | 'rooms'>, value: unknown, options: LeaveCheckOptions = {}): LeaveCheck {
  const { base, maxItems } = { ...DEFAULT_LEAVE_CHECK, ...options };
  const problems = checkStructure(listSchema(maxItems), value, base);
  if (!Array.isArray(value) || problems.some((p) => p.path === base)) return { ok: false, problems };
  const broken = (path: string) => problems.some((p) => p.path === path || p.path.startsWith(path + '/'));
  const leave: Leave[] = [];
  value.forEach((item, i) => {
    const path = `${base}/${i}`;
    if (broken(path)) return;
    const l = item as Leave;
    // P2 the leave names one staff member (an id, or a name only one person has)
    const who = resolveName(instance, 'staff', l.staff);
    if (!who.ok) problems.push(error(`${path}/staff`, nameProblemCode('staff', who), `请假人：${nameProblemMessage('staff', l.staff, who)}`));
    // the leave runs forwards in time
    if (l.from > l.to) problems.push(error(`${path}/to`, 'bad-range', `请假结束日期 ${l.to} 早于开始日期 ${l.from}`));
    if (who.ok) leave.push({ ...l, staff: who.id });
  });
  // in document order: by record, structure before meaning within a record (the sort is stable)
  const index = (p: Problem) => Number(p.path.slice(base.length + 1).split('/')[0] || -1);
  problems.sort((a, b) => index(a) - index(b));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, leave };
}

/**
 * `STAFF:FROM..TO` or `STAFF:DATE` as a person types it (full-width `：` and `。。` accepted) → a leave whose staff
 * is still as typed (an id or a name: `checkLeaveList` resolves it), or a Chinese message saying what is wrong.
 */
export function parseLeaveText(spec: string): { readonly ok: true; readonly leave: Leave } | { readonly ok: false; readonly message: string } {
  const text = spec.trim().replace(/：/g, ':').replace(/．．|。。/g, '..');
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return { ok: false, message: '格式应为 教职工编号或姓名:开始日期..结束日期，例如 t001:2026-10-12..2026-10-16 或 高平:2026-10-12..2026-10-16（单日可写 t001:2026-10-12）' };
  const staff = text.slice(0, colon).trim();
  const range = text.slice(colon + 1).trim();
  const parts = range.split('..');
  if (parts.length > 2 || parts.some((p) => p.trim() === '')) {
    return { ok: false, message: `日期范围“${range}”格式不对，应为 开始日期..结束日期（YYYY-MM-DD..YYYY-MM-DD）` };
  }
  const from = parts[0].trim();
  const to = (parts[1] ?? parts[0]).trim();
  for (const d of [from, to]) if (parseDate(d) === undefined) return { ok: false, message: `“${d}”不是有效日期，应为 YYYY-MM-DD` };
  if (from > to) return { ok: false, message: `开始日期 ${from} 晚于结束日期 ${to}` };
  return { ok: true, leave: { staff, from, to } };
}
