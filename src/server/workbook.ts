// Excel bodies for the HTTP API: POST /v1/validate, /v1/solve (and every route taking an instance) accept an
// .xlsx workbook with Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet. The
// workbook is read by src/office into an instance, which then goes on exactly like a JSON body (as its JSON
// text); a workbook with problems is answered 422 `invalid-instance`, each problem's message naming its sheet
// and cell (学生!C17：…) and its `path` the instance path. The workbook is read in a worker thread (workbooks.ts:
// at most two at once, heap- and time-limited), so a large school's workbook never stalls /healthz.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Problem } from '../model/problems.js';
import { problemError } from './problem.js';
import { WORKBOOK_BODY } from './body-types.js';
import { readWorkbookInThread } from './workbooks.js';

/** The workbook media type (body-types.ts lists the routes that take it: /v1/validate and /v1/solve). */
export const XLSX_CONTENT_TYPE = WORKBOOK_BODY;

/** Registers the xlsx content-type parser on an app (one call from app.ts). */
export function registerWorkbookBodies(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser(XLSX_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit }, (_request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    workbookBodyText(typeof body === 'string' ? Buffer.from(body) : body).then(
      (text) => done(null, text),
      (e: Error) => done(e),
    );
  });
}

/** xlsx bytes → the instance's JSON text, or a 422 problem error listing every problem with its sheet and cell. */
export async function workbookBodyText(bytes: Uint8Array): Promise<string> {
  const r = await readWorkbookInThread(bytes);
  if (r.ok) return r.instanceJson;
  const asProblem = (p: (typeof r.problems)[number]): Problem => ({
    path: p.path,
    code: p.code,
    message: p.sheet ? `${p.sheet}${p.cell ? `!${p.cell}` : ''}：${p.message}` : p.message,
    severity: p.severity,
  });
  const errors = r.problems.filter((p) => p.severity === 'error').map(asProblem);
  const warnings = r.problems.filter((p) => p.severity !== 'error').map(asProblem);
  throw problemError('invalid-instance', { detail: `工作簿有 ${errors.length} 个错误；第一个：${errors[0]?.message ?? ''}`, errors, warnings });
}
