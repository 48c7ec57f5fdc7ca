// application/problem+json (RFC 9457): every error the server answers is one of these, with a stable
// English `code`, a Chinese `title`/`detail`, and the `errors` list (path, code, message) the CLI prints.
// Nothing from a thrown error (message, stack, file path) is ever copied into a 5xx body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clipProblem, type Omitted, type Problem } from '../model/problems.js';
import type { ProblemDetails, ProblemItem } from './schemas.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const PROBLEM_TYPE_BASE = 'https://kehou.example/problems/';

/** The problem types the server answers with: status and Chinese title per stable code. */
export const PROBLEM_TYPES = {
  'malformed-json': { status: 400, title: 'JSON 格式错误' },
  'empty-body': { status: 400, title: '请求体为空' },
  'bad-request': { status: 400, title: '请求参数无效' },
  'request-timeout': { status: 408, title: '请求超时' },
  'headers-too-large': { status: 431, title: '请求头过大' },
  unauthorized: { status: 401, title: '需要身份验证' },
  'school-not-allowed': { status: 403, title: '无权处理该学校' },
  'forbidden-origin': { status: 403, title: '拒绝跨站请求' },
  'forbidden-host': { status: 403, title: '主机名不被允许' },
  'not-found': { status: 404, title: '未找到' },
  'job-not-found': { status: 404, title: '任务不存在' },
  'body-too-large': { status: 413, title: '请求体过大' },
  'unsupported-media-type': { status: 415, title: '不支持的内容类型' },
  'too-complex': { status: 422, title: '数据规模超出处理能力' },
  'invalid-instance': { status: 422, title: '排课数据无效' },
  'invalid-request': { status: 422, title: '请求内容无效' },
  'client-closed': { status: 499, title: '客户端已断开' },
  'server-busy': { status: 503, title: '服务繁忙' },
  'shutting-down': { status: 503, title: '服务正在关闭' },
  'solve-overrun': { status: 500, title: '求解超时被终止' },
  'internal-error': { status: 500, title: '服务器内部错误' },
  'check-failed': { status: 500, title: '方案未通过独立校验' },
  'queue-unavailable': { status: 503, title: '任务队列不可用' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

/** Problems as they go over the wire (only the documented fields, in a stable order). */
export function problemItems(problems: readonly Problem[]): ProblemItem[] {
  return problems.slice(0, MAX_ITEMS).map((p) => clipProblem(p)).map((p) => ({
    path: p.path,
    code: p.code,
    message: p.message,
    severity: p.severity,
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
  }));
}

export type ProblemInit = {
  readonly detail: string;
  readonly errors?: readonly Problem[];
  readonly warnings?: readonly Problem[];
  /** problems not listed (past the first ones), counted by code */
  readonly omitted?: Omitted;
};

/** problems listed in one answer at most, each clipped (clipProblem): an answer stays well under a megabyte */
const MAX_ITEMS = 1000;

/** Builds the problem document for `code`. */
export function problem(code: ProblemCode, init: ProblemInit, request?: FastifyRequest): ProblemDetails {
  const { status, title } = PROBLEM_TYPES[code];
  return {
    type: PROBLEM_TYPE_BASE + code,
    title,
    status,
    detail: init.detail,
    code,
    errors: problemItems(init.errors ?? []),
    ...(init.warnings && init.warnings.length > 0 ? { warnings: problemItems(init.warnings) } : {}),
    ...(init.omitted && Object.keys(init.omitted).length > 0 ? { omitted: { ...init.omitted } } : {}),
    ...(request ? { instance: request.url.split('?')[0], requestId: String(request.id) } : {}),
  };
}

/** Sends a problem document with its status and content type. */
export function sendProblem(reply: FastifyReply, code: ProblemCode, init: ProblemInit): FastifyReply {
  const body = problem(code, init, reply.request);
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** An error carrying a ready problem (thrown by a content-type parser or a validator, turned into a reply by the error handler). */
export type ProblemError = Error & { readonly problemCode: ProblemCode; readonly problemInit: ProblemInit; statusCode: number };

export function problemError(code: ProblemCode, init: ProblemInit): ProblemError {
  return Object.assign(new Error(init.detail), { problemCode: code, problemInit: init, statusCode: PROBLEM_TYPES[code].status });
}

export function isProblemError(e: unknown): e is ProblemError {
  return e instanceof Error && typeof (e as Partial<ProblemError>).problemCode === 'string';
}
