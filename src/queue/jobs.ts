// Job names and payloads of the district queue, and the job id: the school's content hash, so submitting an
// unchanged school again finds its job (queued, running or finished) instead of planning it twice.
import { createHash } from 'node:crypto';
import type { Verdict } from './verdict.js';

/** solve: a school's week template and semester; whatif: a re-plan for new leave ({instance, schedule, leave});
 * advise: the week planned with advice (建议, `kehou advise`: extra club sections, cover changes) in its report. */
export const JOB_KINDS = ['solve', 'whatif', 'advise'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** The queue's name in Redis (keys `bull:kehou:*`); every server and worker of a district uses the same. */
export const QUEUE_NAME = 'kehou';

/** The options that change a job's result (the server's solve options have the same shape). */
export type JobOptions = {
  /** seconds for the improving stages */
  readonly timeLimit: number;
  readonly seed?: number;
  /** plan the dated semester too (default true) */
  readonly semester?: boolean;
  /** what-if only */
  readonly mode?: 'auto' | 'substitutes' | 'template';
};

/** What a job carries: the body as text (the worker parses and validates it again: never trust the queue). */
export type QueueJobData = {
  readonly kind: JobKind;
  readonly text: string;
  readonly options: JobOptions;
  /** the student limit the body was admitted under (a server's KEHOU_MAX_STUDENTS); default the format's 20 000 */
  readonly maxStudents?: number;
};

/** A job's state as Kehou reports it (the HTTP API's job statuses). */
export type QueueJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export type JobProgress = { readonly stage: string; readonly fraction: number; readonly message?: string };

/** Small facts kept beside the job (read on every poll, without the school's text): see producer.ts. */
export type QueueJobMeta = {
  /** instance school.name: what a tenant's token must allow */
  readonly school: string;
  readonly timeLimit: number;
  /** where the job came from (a batch's file name), for people */
  readonly label?: string;
};

/** A finished job's result: the planner's status, the result as JSON text, the checker's verdict. */
export type QueueJobResult = {
  readonly status: string;
  /** the schedule (solve; advise: the week's schedule with report.advice) or {schedule, changes, mode} (whatif), as JSON text */
  readonly json: string;
  readonly verdict: Verdict;
  /** seconds the job spent in its worker thread (parse, validate, plan, check) */
  readonly seconds: number;
  /** the worker process that ran it (host:pid) */
  readonly worker: string;
};

/** The job id: kind + the options that change the result + the digest of the parsed body (SHA-256, hex). */
export function jobIdOf(kind: JobKind, digest: string, options: JobOptions): string {
  const key = JSON.stringify([kind, digest, options.timeLimit, options.seed ?? null, options.semester ?? null, options.mode ?? null]);
  return `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/** A failure as the worker records it: `code: detail` (the code is one of the server's problem codes). */
export const failureText = (code: string, detail: string) => `${code}: ${detail}`;

export function parseFailure(text: string | undefined): { readonly code: string; readonly detail: string } {
  const m = /^([a-z][a-z0-9-]*): ([\s\S]*)$/.exec(text ?? '');
  return m ? { code: m[1], detail: m[2] } : { code: 'internal-error', detail: '任务失败（详见工作进程日志）' };
}
