// Validation of instances and schedules in two layers, each reporting every problem at once as
// { path (JSON Pointer), code (stable kebab-case), message (简体中文), severity }:
//  1. structure, walking the TypeBox schemas of schema.ts (the same objects `kehou schema` prints), with
//     friendly codes, one problem per bad value (no cascades), and HH:MM / YYYY-MM-DD values that must exist;
//  2. meaning (semantic.ts), run only on the parts that are structurally sound.
// Never throws, whatever the value; ids such as `__proto__` are ordinary ids (Map lookups only).
import {
  Instance as InstanceSchema,
  Schedule as ScheduleSchema,
  INSTANCE_FORMAT,
  SCHEDULE_FORMAT,
  DateString,
  Time,
  MonthDay,
  type Instance,
  type Schedule,
} from './schema.js';
import { MAX_PROBLEMS, addOmitted, problemList, type Omitted, type Problem } from './problems.js';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { pointerSegment } from './problems.js';
import { parseDate, parseMonthDay, parseTime } from './clock.js';
import { checkMeaning } from './semantic.js';
import { suggestKey, suggestValue } from './suggest.js';

/** `omitted`: problems past the first `maxProblems` (MAX_PROBLEMS), only counted, by code. */
export type InstanceValidation =
  | { readonly ok: true; readonly instance: Instance; readonly warnings: readonly Problem[]; readonly omitted?: Omitted }
  | { readonly ok: false; readonly errors: readonly Problem[]; readonly warnings: readonly Problem[]; readonly omitted?: Omitted };

export type ScheduleValidation =
  | { readonly ok: true; readonly schedule: Schedule; readonly warnings: readonly Problem[]; readonly omitted?: Omitted }
  | { readonly ok: false; readonly errors: readonly Problem[]; readonly warnings: readonly Problem[]; readonly omitted?: Omitted };

export type ValidateOptions = {
  /** the most students an instance may list (code `too-many-students`); CLI --max-students, KEHOU_MAX_STUDENTS */
  readonly maxStudents?: number;
  /** problems reported in full; the rest are counted by code in `omitted` */
  readonly maxProblems?: number;
};

/** A school larger than this is almost certainly a mistake (a whole district in one file, a list pasted twice). */
export const MAX_STUDENTS = 20_000;

export const DEFAULT_VALIDATE_OPTIONS: Required<ValidateOptions> = { maxStudents: MAX_STUDENTS, maxProblems: MAX_PROBLEMS };

/** Validates an instance (structure, then meaning). Never throws; the work is bounded by the schema's limits. */
export function validateInstance(value: unknown, options: ValidateOptions = {}): InstanceValidation {
  const opts = { ...DEFAULT_VALIDATE_OPTIONS, ...options };
  const structural = checkDocument(InstanceSchema, value, INSTANCE_FORMAT, opts);
  const meaning = problemList(opts.maxProblems);
  if (!structural.stop) safely(meaning, () => checkMeaning(value as Record<string, unknown>, unsoundPaths(structural.problems), meaning));
  return finish(structural.problems.concat(meaning.kept), addOmitted(structural.omitted, meaning.omitted), opts.maxProblems, (warnings) => ({
    ok: true,
    instance: value as Instance,
    warnings,
  }));
}

/** Validates a schedule's structure (types, enums, required fields, non-empty ids, real dates). Never throws. */
export function validateSchedule(value: unknown, options: Pick<ValidateOptions, 'maxProblems'> = {}): ScheduleValidation {
  const opts = { ...DEFAULT_VALIDATE_OPTIONS, ...options };
  const structural = checkDocument(ScheduleSchema, value, SCHEDULE_FORMAT, opts);
  return finish(structural.problems, structural.omitted, opts.maxProblems, (warnings) => ({ ok: true, schedule: value as Schedule, warnings }));
}

type Finished<T> = T | { ok: false; errors: Problem[]; warnings: Problem[]; omitted?: Omitted };

function finish<T extends object>(all: Problem[], omitted: Omitted | undefined, max: number, ok: (warnings: Problem[]) => T): Finished<T> {
  const sorted = sortProblems(all);
  let errors = sorted.filter((p) => p.severity === 'error');
  let warnings = sorted.filter((p) => p.severity === 'warning');
  // at most `max` in full, errors first; the rest counted
  if (errors.length + warnings.length > max) {
    const rest = problemList(0);
    rest.push(...errors.slice(max), ...warnings.slice(Math.max(0, max - errors.length)));
    errors = errors.slice(0, max);
    warnings = warnings.slice(0, Math.max(0, max - errors.length));
    omitted = addOmitted(omitted, rest.omitted);
  }
  const extra = omitted ? { omitted } : {};
  return errors.length === 0 ? { ...ok(warnings), ...extra } : { ok: false, errors, warnings, ...extra };
}

// a bug in a meaning rule must not hide the structural report or crash the caller
function safely(out: Sink, run: () => unknown): void {
  try {
    run();
  } catch (e) {
    out.push({ path: '', code: 'internal-error', message: `校验程序内部错误：${(e as Error)?.message ?? String(e)}`, severity: 'error' });
  }
}

/** Where the walkers put problems: an array, or a ProblemList that keeps the first ones and counts the rest. */
type Sink = { push(...problems: Problem[]): number };

/** Problems in document order: by path, array indices compared as numbers; stable otherwise. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const keyed = problems.map((p, k) => ({ p, k, segs: p.path.split('/').map((x) => (/^\d+$/.test(x) ? Number(x) : x)) }));
  keyed.sort((a, b) => {
    const n = Math.min(a.segs.length, b.segs.length);
    for (let i = 0; i < n; i++) {
      const x = a.segs[i];
      const y = b.segs[i];
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return a.segs.length - b.segs.length || a.k - b.k;
  });
  return keyed.map((e) => e.p);
}

/** Paths whose value cannot be trusted, with every ancestor (an unknown field or a repeated list item
 * spoils only itself: the rest of its object is still well-typed). */
function unsoundPaths(problems: readonly Problem[]): Set<string> {
  const bad = new Set<string>();
  for (const p of problems) {
    if (p.severity !== 'error') continue;
    bad.add(p.path);
    if (p.code === 'unknown-field' || p.code === 'duplicate-item') continue;
    let path = p.path;
    while (path !== '') {
      path = path.slice(0, path.lastIndexOf('/'));
      if (bad.has(path) && path !== p.path) break;
      bad.add(path);
    }
  }
  return bad;
}

// ------------------------------------------------------------------ structure

type SchemaNode = { readonly [key: string]: any };

const DATE_PATTERN = (DateString as SchemaNode).pattern as string;
const TIME_PATTERN = (Time as SchemaNode).pattern as string;
const MONTH_DAY_PATTERN = (MonthDay as SchemaNode).pattern as string;

const DOC_NAME: Record<string, string> = { [INSTANCE_FORMAT]: '实例（学校数据）', [SCHEDULE_FORMAT]: '排班结果' };

/** Structural problems of a whole document against `schema`; `stop` when the meaning layer cannot run at all
 * (or should not: too many problems already, or a list past its limit, whose items were not even looked at). */
export function checkDocument(
  schema: SchemaNode,
  value: unknown,
  format: string,
  options: ValidateOptions = {},
): { problems: Problem[]; stop: boolean; omitted?: Omitted } {
  const opts = { ...DEFAULT_VALIDATE_OPTIONS, ...options };
  const list = problemList(opts.maxProblems);
  const problems = list.kept;
  if (!isRecord(value)) {
    problems.push(err('', 'wrong-type', `文件内容应为一个 JSON 对象（${DOC_NAME[format]}），实际为${typeName(value)}`));
    return { problems, stop: true };
  }
  const given = value.format;
  if (given !== format && typeof given === 'string' && given in DOC_NAME) {
    problems.push(
      err('/format', 'bad-format', `这是${DOC_NAME[given]}文件（“${given}”），这里需要的是${DOC_NAME[format]}（“${format}”）`),
    );
    return { problems, stop: true };
  }
  // fail fast: a school far larger than any real one is refused before any of it is walked
  if (format === INSTANCE_FORMAT && Array.isArray(value.students) && value.students.length > opts.maxStudents) {
    problems.push(
      err(
        '/students',
        'too-many-students',
        `学生名单有 ${value.students.length} 人，超过上限 ${opts.maxStudents} 人（多半是名单重复粘贴或混入了别校数据；确有这么多学生时，可用 kehou 的 --max-students 选项或服务的 KEHOU_MAX_STUDENTS 提高上限）`,
      ),
    );
    return { problems, stop: true };
  }
  try {
    // fast path: a compiled TypeBox check; when it passes only dates and times still need a look
    if (compiled(schema).Check(value)) walkDatesAndTimes(schema, value, '', list);
    else walk(schema, value, '', list);
  } catch (e) {
    list.push(err('', 'internal-error', `校验程序内部错误：${(e as Error)?.message ?? String(e)}`));
    return { problems, stop: true };
  }
  const dropped = list.dropped() > 0;
  const stop = dropped || problems.some((p) => p.code === 'too-many');
  return { problems, stop, ...(dropped ? { omitted: list.omitted } : {}) };
}

/** Structural problems of `value` against any schema of schema.ts (e.g. one `Student`), paths under `base`. */
export function checkStructure(schema: SchemaNode, value: unknown, base = ''): Problem[] {
  const problems: Problem[] = [];
  walk(schema, value, base, problems);
  return problems;
}

const regexCache = new Map<string, RegExp>();
const regex = (pattern: string): RegExp => {
  let re = regexCache.get(pattern);
  if (!re) regexCache.set(pattern, (re = new RegExp(pattern)));
  return re;
};

const checkers = new Map<SchemaNode, { Check(value: unknown): boolean }>();
/** TypeBox's compiled checker for `schema`, without `uniqueItems` (its hashing is the slow part; the light walk
 * below checks uniqueness itself). */
function compiled(schema: SchemaNode): { Check(value: unknown): boolean } {
  let c = checkers.get(schema);
  if (!c) checkers.set(schema, (c = TypeCompiler.Compile(withoutUniqueItems(schema) as TSchema)));
  return c;
}

function withoutUniqueItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUniqueItems);
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string | symbol, unknown> = {};
  for (const key of Object.keys(node)) if (key !== 'uniqueItems') copy[key] = withoutUniqueItems((node as Record<string, unknown>)[key]);
  for (const sym of Object.getOwnPropertySymbols(node)) copy[sym] = (node as Record<symbol, unknown>)[sym];
  return copy;
}

/** Does this schema hold, somewhere below, what the compiled check leaves out: a date, month-day or time that
 * must exist, or a list whose items must be unique? (memoised per node) */
const lightMemo = new Map<SchemaNode, boolean>();
function needsLightWalk(schema: SchemaNode): boolean {
  let r = lightMemo.get(schema);
  if (r === undefined) {
    lightMemo.set(schema, false);
    r =
      (schema.type === 'string' && (schema.pattern === DATE_PATTERN || schema.pattern === TIME_PATTERN || schema.pattern === MONTH_DAY_PATTERN)) ||
      schema.uniqueItems === true ||
      ((schema.anyOf ?? []) as SchemaNode[]).some(needsLightWalk) ||
      (schema.items !== undefined && needsLightWalk(schema.items)) ||
      Object.values((schema.properties ?? {}) as Record<string, SchemaNode>).some(needsLightWalk) ||
      Object.values((schema.patternProperties ?? {}) as Record<string, SchemaNode>).some(needsLightWalk);
    lightMemo.set(schema, r);
  }
  return r;
}

const lightPropsMemo = new Map<SchemaNode, readonly (readonly [string, SchemaNode])[]>();
/** the properties of an object schema that need the light walk (memoised per node) */
function lightProperties(schema: SchemaNode): readonly (readonly [string, SchemaNode])[] {
  let r = lightPropsMemo.get(schema);
  if (!r) {
    r = Object.entries(schema.properties as Record<string, SchemaNode>).filter(([, inner]) => needsLightWalk(inner));
    lightPropsMemo.set(schema, r);
  }
  return r;
}

/** On a value that passed the compiled check: only the parts holding dates, times or unique lists, in full. */
function walkDatesAndTimes(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  if (!needsLightWalk(schema)) return;
  if (schema.type === 'string' || schema.anyOf) return walk(schema, value, path, out);
  if (schema.type === 'array' && Array.isArray(value)) {
    if (schema.uniqueItems === true) checkUnique(value, path, out);
    if (!needsLightWalk(schema.items)) return;
    for (let i = 0; i < value.length; i++) walkDatesAndTimes(schema.items, value[i], path + '/' + i, out);
    return;
  }
  if (schema.type === 'object' && schema.properties && isRecord(value)) {
    for (const [key, inner] of lightProperties(schema)) {
      if (hasOwn(value, key) && value[key] !== undefined) walkDatesAndTimes(inner, value[key], path + '/' + seg(key), out);
    }
    return;
  }
  walk(schema, value, path, out);
}

/** JSON Pointer segment of a key (escaping only when needed: most keys have no ~ or /) */
const seg = (key: string): string => (key.includes('~') || key.includes('/') ? pointerSegment(key) : key);

const err = (path: string, code: string, message: string): Problem => ({ path, code, message, severity: 'error' });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function walk(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  if (schema.anyOf) return walkUnion(schema, value, path, out);
  if ('const' in schema) {
    if (value === schema.const) return;
    if (path === '/format') {
      out.push(
        err(
          path,
          typeof value === 'string' ? 'bad-format' : 'wrong-type',
          `format 应为“${schema.const}”，实际为${show(value)}${typeof value === 'string' && /\/\d+$/.test(value) ? '（不支持的格式版本）' : ''}`,
        ),
      );
    } else out.push(err(path, 'bad-value', `应为 ${JSON.stringify(schema.const)}，实际为${show(value)}`));
    return;
  }
  switch (schema.type) {
    case 'object':
      return schema.properties ? walkObject(schema, value, path, out) : walkRecord(schema, value, path, out);
    case 'array':
      return walkArray(schema, value, path, out);
    case 'string':
      return walkString(schema, value, path, out);
    case 'integer':
    case 'number':
      return walkNumber(schema, value, path, out);
    case 'boolean':
      if (typeof value !== 'boolean') out.push(wrongType(schema, value, path));
      return;
    case 'null':
      if (value !== null) out.push(wrongType(schema, value, path));
      return;
    default:
      return; // Unknown: anything goes
  }
}

function walkObject(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  if (!isRecord(value)) {
    out.push(wrongType(schema, value, path));
    return;
  }
  const properties = schema.properties as Record<string, SchemaNode>;
  const known = Object.keys(properties);
  const required: readonly string[] = schema.required ?? [];
  const missing = required.filter((k) => !hasOwn(value, k) || value[k] === undefined);
  const explained = new Set<string>(); // missing keys an unknown key's suggestion already names
  if (schema.additionalProperties === false) {
    for (const key of Object.getOwnPropertyNames(value)) {
      if (hasOwn(properties, key)) continue;
      const guess = suggestKey(key, known, missing);
      const isMissing = guess !== undefined && missing.includes(guess);
      if (isMissing) explained.add(guess);
      out.push(
        err(
          path + '/' + seg(key),
          'unknown-field',
          `未知字段“${key}”` +
            (guess !== undefined
              ? `，是否想写“${guess}”${label(guess)}？${isMissing ? `（必填字段“${guess}”因此缺失）` : ''}`
              : `；这里允许的字段：${known.join('、')}`),
        ),
      );
    }
  }
  for (const key of missing) {
    if (explained.has(key)) continue;
    out.push(err(path + '/' + seg(key), 'missing-field', `缺少必填字段“${key}”${label(key)}，应为${describe(properties[key])}`));
  }
  for (const key of known) {
    if (!hasOwn(value, key) || value[key] === undefined) continue;
    walk(properties[key], value[key], path + '/' + seg(key), out);
  }
}

function walkRecord(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  if (!isRecord(value) || value instanceof Date || value instanceof Uint8Array) {
    out.push(wrongType(schema, value, path));
    return;
  }
  const patterns = Object.entries((schema.patternProperties ?? {}) as Record<string, SchemaNode>);
  for (const key of Object.keys(value)) {
    for (const [pattern, inner] of patterns) {
      if (regex(pattern).test(key)) walk(inner, value[key], path + '/' + seg(key), out);
    }
  }
}

function walkArray(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  if (!Array.isArray(value)) {
    out.push(wrongType(schema, value, path));
    return;
  }
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
    out.push(err(path, schema.minItems === 1 ? 'empty-list' : 'too-few', schema.minItems === 1 ? '列表不能为空，至少要有一项' : `列表至少要有 ${schema.minItems} 项`));
  }
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
    // fail fast: the items of an over-long list are not walked (a pasted list of a million rows is one problem)
    out.push(err(path, 'too-many', `列表最多 ${schema.maxItems} 项，实际有 ${value.length} 项`));
    return;
  }
  for (let i = 0; i < value.length; i++) walk(schema.items, value[i], path + '/' + i, out);
  if (schema.uniqueItems === true) checkUnique(value, path, out);
}

// JSON Schema `uniqueItems`: every repeat is reported at its own index
function checkUnique(value: readonly unknown[], path: string, out: Sink): void {
  if (value.length < 2) return;
  const seen = new Map<unknown, number>();
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const key = item; // our unique lists hold strings; objects there are wrong-typed anyway (reported as such)
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else out.push(err(path + '/' + i, 'duplicate-item', `${show(item)}重复出现（与第 ${first + 1} 项相同）`));
  }
}

function walkString(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  if (typeof value !== 'string') {
    out.push(wrongType(schema, value, path));
    return;
  }
  const pattern: string | undefined = schema.pattern;
  if (pattern === DATE_PATTERN) {
    if (!regex(pattern).test(value)) out.push(err(path, 'bad-date', `${show(value)}不是 YYYY-MM-DD 格式的日期${dateHint(value)}`));
    else if (parseDate(value) === undefined) out.push(err(path, 'bad-date', `日期“${value}”不存在（月份 01-12，日期不超过当月天数）`));
    return;
  }
  if (pattern === TIME_PATTERN) {
    if (!regex(pattern).test(value)) out.push(err(path, 'bad-time', `${show(value)}不是 HH:MM 格式的时间${timeHint(value)}`));
    else if (parseTime(value) === undefined) out.push(err(path, 'bad-time', `时间“${value}”不存在（小时 00-23，分钟 00-59）`));
    return;
  }
  if (pattern === MONTH_DAY_PATTERN) {
    if (!regex(pattern).test(value)) out.push(err(path, 'bad-date', `${show(value)}不是 MM-DD 格式的月日（如 05-01）`));
    else if (parseMonthDay(value) === undefined) out.push(err(path, 'bad-date', `月日“${value}”不存在（月份 01-12，日期不超过当月天数）`));
    return;
  }
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    out.push(err(path, 'empty-string', schema.minLength === 1 ? '不能为空字符串' : `至少 ${schema.minLength} 个字符`));
    return;
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    out.push(err(path, 'too-long', `最多 ${schema.maxLength} 个字符`));
    return;
  }
  if (pattern !== undefined && !regex(pattern).test(value)) out.push(err(path, 'bad-value', `${show(value)}的格式不对，应匹配 ${pattern}`));
}

function walkNumber(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    out.push(wrongType(schema, value, path));
    return;
  }
  // 2^53 + 1 in the file is read as 2^53: a whole number this large cannot be trusted to be the one written
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    out.push(err(path, 'unsafe-integer', `数字 ${value} 超出可精确表示的整数范围（±${Number.MAX_SAFE_INTEGER}），文件中的值可能已被舍入`));
    return;
  }
  if (schema.type === 'integer' && !Number.isInteger(value)) {
    out.push(err(path, 'not-integer', `应为整数，实际为 ${value}`));
    return;
  }
  if (typeof schema.minimum === 'number' && value < schema.minimum) {
    out.push(
      schema.minimum === 0
        ? err(path, 'negative', `不能为负数，实际为 ${value}`)
        : err(path, 'too-small', `不能小于 ${schema.minimum}，实际为 ${value}`),
    );
  }
  if (typeof schema.maximum === 'number' && value > schema.maximum) out.push(err(path, 'too-large', `不能大于 ${schema.maximum}，实际为 ${value}`));
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    out.push(err(path, 'too-small', `应大于 ${schema.exclusiveMinimum}，实际为 ${value}`));
  }
}

const enumMemo = new Map<SchemaNode, readonly unknown[] | null>();
/** the allowed values when a union is an enum of literals, else null (memoised per node) */
function enumValues(schema: SchemaNode): readonly unknown[] | null {
  let r = enumMemo.get(schema);
  if (r === undefined) {
    const variants = schema.anyOf as SchemaNode[];
    r = variants.every((v) => 'const' in v) ? variants.map((v) => v.const) : null;
    enumMemo.set(schema, r);
  }
  return r;
}

function walkUnion(schema: SchemaNode, value: unknown, path: string, out: Sink): void {
  const variants = schema.anyOf as SchemaNode[];
  // enum of literals: one `bad-value` with the allowed values and a guess
  const allowed = enumValues(schema);
  if (allowed) {
    if (allowed.includes(value)) return;
    if (typeof value !== 'string' && allowed.every((a) => typeof a === 'string')) {
      out.push(err(path, 'wrong-type', `应为字符串（${allowed.join('、')} 之一），实际为${show(value)}`));
      return;
    }
    const guess = typeof value === 'string' ? suggestValue(value, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
    out.push(
      err(
        path,
        'bad-value',
        `无效的值${typeof value === 'string' ? `“${value.length > 40 ? value.slice(0, 40) + '…' : value}”` : show(value)}${guess !== undefined ? `，是否想写“${guess}”？` : '。'}允许的值：${allowed.join('、')}`,
      ),
    );
    return;
  }
  // X or null: report as X, mentioning null
  const nonNull = variants.filter((v) => v.type !== 'null');
  if (nonNull.length === 1 && nonNull.length < variants.length) {
    if (value === null) return;
    const inner: Problem[] = [];
    walk(nonNull[0], value, path, inner);
    for (const p of inner) {
      out.push(p.path === path && p.code === 'wrong-type' ? { ...p, message: `应为${describe(nonNull[0])}或 null，实际为${show(value)}` } : p);
    }
    return;
  }
  // objects told apart by a key only one of them has (substitutions: group / club / latePickup)
  if (variants.every((v) => v.type === 'object' && v.properties)) {
    if (!isRecord(value)) {
      out.push(wrongType(variants[0], value, path));
      return;
    }
    const keys = Object.getOwnPropertyNames(value);
    const chosen =
      variants.find((v) => ownKeysOf(v, variants).some((k) => keys.includes(k))) ??
      undefined;
    if (!chosen) {
      const tags = variants.map((v) => ownKeysOf(v, variants)[0]).filter(Boolean);
      out.push(err(path, 'bad-value', `无法识别这一项：应含字段 ${tags.join('、')} 之一`));
      return;
    }
    walk(chosen, value, path, out);
    return;
  }
  // anything else: fine if one variant fits, else the problems of the closest variant
  let best: Problem[] | undefined;
  for (const v of variants) {
    const inner: Problem[] = [];
    walk(v, value, path, inner);
    if (inner.length === 0) return;
    if (!best || inner.length < best.length) best = inner;
  }
  out.push(...(best ?? []));
}

// keys of variant `v` that no other variant has
function ownKeysOf(v: SchemaNode, all: readonly SchemaNode[]): string[] {
  return Object.keys(v.properties).filter((k) => all.every((o) => o === v || !hasOwn(o.properties, k)));
}

function wrongType(schema: SchemaNode, value: unknown, path: string): Problem {
  let hint = '';
  if ((schema.type === 'integer' || schema.type === 'number') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    hint = '（数字不要加引号）';
  } else if (schema.type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    hint = '（true、false 不要加引号）';
  } else if (schema.type === 'string' && typeof value === 'number') {
    hint = `（编号和文字要加双引号，例如 "${value}"）`;
  } else if (schema.type === 'array' && value !== null && typeof value !== 'object') {
    hint = '（只有一项也要写成列表，例如 ["mon"]）';
  }
  return err(path, 'wrong-type', `应为${describe(schema)}，实际为${show(value)}${hint}`);
}

/** What a schema wants, in Chinese. */
function describe(schema: SchemaNode | undefined): string {
  if (!schema) return '值';
  if (schema.anyOf) {
    const variants = schema.anyOf as SchemaNode[];
    if (variants.every((v) => 'const' in v)) return `${variants.map((v) => v.const).join('、')} 之一`;
    return variants.map(describe).join('或');
  }
  if ('const' in schema) return JSON.stringify(schema.const);
  switch (schema.type) {
    case 'string':
      if (schema.pattern === DATE_PATTERN) return ' YYYY-MM-DD 格式的日期（如 2026-09-01）';
      if (schema.pattern === TIME_PATTERN) return ' HH:MM 格式的时间（如 15:30）';
      if (schema.pattern === MONTH_DAY_PATTERN) return ' MM-DD 格式的月日（如 05-01）';
      return schema.minLength ? '非空字符串' : '字符串';
    case 'integer':
      return '整数';
    case 'number':
      return '数字';
    case 'boolean':
      return ' true 或 false';
    case 'array':
      return '列表（数组）';
    case 'object':
      return '对象';
    case 'null':
      return ' null';
    default:
      return '值';
  }
}

export function typeName(value: unknown): string {
  if (value === null) return ' null';
  if (Array.isArray(value)) return '列表（数组）';
  switch (typeof value) {
    case 'string':
      return '字符串';
    case 'number':
      return Number.isFinite(value) ? '数字' : '非有限数字';
    case 'boolean':
      return '布尔值';
    case 'object':
      return '对象';
    case 'undefined':
      return '空';
    default:
      return typeof value;
  }
}

/** A short rendering of a value for a message, e.g. 字符串“45”. */
function show(value: unknown): string {
  if (typeof value === 'string') return `字符串“${value.length > 40 ? value.slice(0, 40) + '…' : value}”`;
  if (typeof value === 'number') return Number.isFinite(value) ? `数字 ${value}` : `非有限数字 ${String(value)}`;
  if (typeof value === 'boolean') return `布尔值 ${value}`;
  return typeName(value);
}

function dateHint(v: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v.trim());
  if (m) return `，应写成“${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}”`;
  return '（如 2026-09-01）';
}

function timeHint(v: string): string {
  const m = /^(\d{1,2})[:：.](\d{2})$/.exec(v.trim());
  if (m) return `，应写成“${m[1].padStart(2, '0')}:${m[2]}”`;
  return '（24 小时制，如 15:30）';
}

const LABELS: Record<string, string> = {
  format: '格式标识',
  school: '学校',
  name: '名称',
  stage: '学段',
  lessonMinutes: '课时分钟数',
  policy: '政策参数',
  calendar: '校历',
  start: '开始',
  end: '结束',
  serviceWeekdays: '服务星期',
  holidays: '假期',
  workdays: '调休上班日',
  seasons: '季节',
  latestEnd: '最晚结束时间',
  timelines: '作息时间线',
  blocks: '时段',
  kind: '类型',
  rooms: '教室/场地',
  capacity: '容量',
  classes: '班级',
  grade: '年级',
  grades: '年级',
  size: '人数',
  room: '教室',
  homeroom: '班主任',
  staff: '教职工',
  roles: '角色',
  skills: '特长',
  skill: '所需特长',
  unavailable: '不可值班的星期',
  clubs: '社团',
  level: '级别',
  days: '星期',
  students: '学生',
  class: '班级',
  prefs: '社团志愿',
  priority: '优先类别',
  leave: '请假',
  from: '起',
  to: '止',
  id: '编号',
};
const label = (key: string): string => (LABELS[key] ? `（${LABELS[key]}）` : '');
