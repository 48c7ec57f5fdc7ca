// Reading a request body (JSON text) into a valid document, with the CLI's parser and validators; runs
// in the worker threads. Problems keep the CLI's {path, code, message}; for what-if bodies the paths
// point into the request ({instance, schedule, leave}), e.g. /instance/students/3/class.
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { scheduleBelongsTo } from '../model/belongs.js';
import { parseJson } from '../model/parse.js';
import { addOmitted, clipProblem, type Omitted, type Problem } from '../model/problems.js';
import { Leave, type Instance, type Schedule } from '../model/schema.js';
import { checkLeaveList } from '../model/leave.js';
import { checkStructure, validateInstance, validateSchedule, type ValidateOptions } from '../model/validate.js';
import type { Rejected } from './protocol.js';

export type Read<T> = { readonly ok: true; readonly value: T; readonly warnings: readonly Problem[] } | ({ readonly ok: false } & Rejected);

const rejected = (
  code: Rejected['code'],
  errors: readonly Problem[],
  warnings: readonly Problem[],
  omitted?: Omitted,
): { ok: false } & Rejected => ({
  ok: false,
  kind: 'rejected',
  code,
  errors: errors.map((p) => clipProblem(p)),
  warnings: warnings.map((p) => clipProblem(p)),
  ...(omitted ? { omitted } : {}),
});

/** Parses JSON text: 400 problems with line and column when malformed; a key given twice is `invalid` (422). */
export function readJson(text: string, invalid: 'invalid-instance' | 'invalid-request' = 'invalid-request'): Read<unknown> {
  const parsed = parseJson(text);
  if (!parsed.ok) return rejected(parsed.problems.every((p) => p.code === 'duplicate-key') ? invalid : 'malformed-json', parsed.problems, []);
  return { ok: true, value: parsed.value, warnings: parsed.warnings };
}

/** An instance body: parsed, then validated (structure and meaning). */
export function readInstance(text: string, options: ValidateOptions = {}): Read<Instance> {
  const json = readJson(text, 'invalid-instance');
  if (!json.ok) return json;
  const v = validateInstance(json.value, options);
  const warnings = [...json.warnings, ...v.warnings];
  return v.ok ? { ok: true, value: v.instance, warnings } : rejected('invalid-instance', v.errors, warnings, v.omitted);
}

/** problems listed in full in one answer (each part is capped by its validation; a what-if body has three) */
const MAX_LISTED = 1000;

export type SolveInput = { readonly instance: Instance; readonly keep?: Schedule };

/**
 * A solve body: an instance, or `{instance, keep}` where `keep` is the previous schedule to keep as much of as
 * possible (re-planning that keeps the plan); problems of the wrapped form are under /instance and /keep.
 */
export function readSolve(text: string, options: ValidateOptions = {}): Read<SolveInput> {
  const json = readJson(text, 'invalid-instance');
  if (!json.ok) return json;
  const body = json.value;
  const wrapped = typeof body === 'object' && body !== null && !Array.isArray(body) && 'instance' in body && !('format' in body);
  if (!wrapped) {
    const v = validateInstance(body, options);
    const warnings = [...json.warnings, ...v.warnings];
    return v.ok ? { ok: true, value: { instance: v.instance }, warnings } : rejected('invalid-instance', v.errors, warnings, v.omitted);
  }
  const record = body as Record<string, unknown>;
  const errors: Problem[] = [];
  const warnings: Problem[] = [...json.warnings];
  for (const key of Object.keys(record)) {
    if (key !== 'instance' && key !== 'keep') {
      errors.push(error(`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'unknown-field', `未知字段“${key}”：请求体只能有 instance、keep`));
    }
  }
  let omitted: Omitted | undefined;
  const instance = validateInstance(record.instance, options);
  omitted = addOmitted(omitted, instance.omitted);
  if (!instance.ok) errors.push(...prefixed('/instance', instance.errors));
  warnings.push(...prefixed('/instance', instance.warnings));
  let keep: Schedule | undefined;
  if (record.keep !== undefined) {
    const schedule = validateSchedule(record.keep, options);
    omitted = addOmitted(omitted, schedule.omitted);
    if (!schedule.ok) errors.push(...prefixed('/keep', schedule.errors));
    else keep = schedule.schedule;
    warnings.push(...prefixed('/keep', schedule.warnings));
  }
  if (errors.length > 0 || !instance.ok) return rejected('invalid-instance', errors.slice(0, MAX_LISTED), warnings.slice(0, MAX_LISTED), omitted);
  return { ok: true, value: keep ? { instance: instance.instance, keep } : { instance: instance.instance }, warnings };
}

export type WhatIfInput = { readonly instance: Instance; readonly schedule: unknown; readonly leave: readonly Leave[] };

const LeaveList = Type.Array(Leave, { maxItems: 1000 });
const prefixed = (prefix: string, problems: readonly Problem[]): Problem[] => problems.map((p) => ({ ...p, path: prefix + p.path }));
const error = (path: string, code: string, message: string): Problem => ({ path, code, message, severity: 'error' });

/** A what-if body {instance, schedule, leave}: each part validated, problems under /instance, /schedule, /leave. */
export function readWhatIf(text: string, options: ValidateOptions = {}): Read<WhatIfInput> {
  const json = readJson(text, 'invalid-request');
  if (!json.ok) return json;
  const body = json.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return rejected('invalid-request', [error('', 'wrong-type', '请求体应为 JSON 对象 {instance, schedule, leave}')], json.warnings);
  }
  const record = body as Record<string, unknown>;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(record, key);
  const errors: Problem[] = [];
  const warnings: Problem[] = [...json.warnings];
  for (const key of Object.keys(record)) {
    if (key !== 'instance' && key !== 'schedule' && key !== 'leave') {
      errors.push(error(`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'unknown-field', `未知字段“${key}”：请求体只能有 instance、schedule、leave`));
    }
  }
  if (!has('instance')) errors.push(error('', 'missing-field', '缺少字段“instance”（学校数据）'));
  if (!has('schedule')) errors.push(error('', 'missing-field', '缺少字段“schedule”（已有的排班结果）'));
  if (!has('leave')) errors.push(error('', 'missing-field', '缺少字段“leave”（请假列表 [{staff, from, to}]）'));
  let omitted: Omitted | undefined;
  const instance = has('instance') ? validateInstance(record.instance, options) : null;
  if (instance) {
    omitted = addOmitted(omitted, instance.omitted);
    if (!instance.ok) errors.push(...prefixed('/instance', instance.errors));
    warnings.push(...prefixed('/instance', instance.warnings));
  }
  if (has('schedule')) {
    const schedule = validateSchedule(record.schedule, options);
    omitted = addOmitted(omitted, schedule.omitted);
    if (!schedule.ok) errors.push(...prefixed('/schedule', schedule.errors));
    warnings.push(...prefixed('/schedule', schedule.warnings));
    // the schedule must be this school's, with its ids and dates (issue 14.5)
    if (schedule.ok && instance?.ok) {
      const belongs = scheduleBelongsTo(instance.instance, schedule.schedule);
      errors.push(...prefixed('/schedule', belongs.errors));
      omitted = addOmitted(omitted, belongs.omitted);
    }
  }
  let leave: Leave[] = [];
  if (has('leave')) {
    // the structure of the list is checked even when the instance is broken; the names only against a valid one
    const checked = instance?.ok ? checkLeaveList(instance.instance, record.leave) : { ok: false as const, problems: checkStructure(LeaveList, record.leave, '/leave') };
    if (checked.ok) leave = checked.leave;
    else errors.push(...checked.problems);
  }
  if (errors.length > 0 || !instance?.ok) return rejected('invalid-request', errors.slice(0, MAX_LISTED), warnings.slice(0, MAX_LISTED), omitted);
  return { ok: true, value: { instance: instance.instance, schedule: record.schedule, leave }, warnings };
}

/** SHA-256 (hex) of a parsed, validated document re-serialized: the same for the same school however its file is
 * laid out (spaces, line ends, encoding). The queue's job ids start from it. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
