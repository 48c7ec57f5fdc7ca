// The messages between the server and its worker threads (piscina tasks). The event loop never parses,
// validates or solves: a task carries the request body as text, a worker parses it (parseJson: line and
// column), validates it (the CLI's validators) and, for a solve, plans it. Each task also carries a
// MessagePort on which the worker says when it starts (the hard time limit counts from there, not from
// the queue) and reports progress. A solve's result is the response body already serialized.
import type { MessagePort } from 'node:worker_threads';
import type { Omitted, Problem } from '../model/problems.js';
import type { Verdict } from '../queue/verdict.js';

export type WorkerSolveOptions = {
  readonly timeLimit: number;
  readonly seed?: number;
  readonly semester?: boolean;
  /** what-if only: auto (default), substitutes or template */
  readonly mode?: 'auto' | 'substitutes' | 'template';
  /** run the independent checker (src/checker) on the result in the same thread: the outcome carries its verdict */
  readonly check?: boolean;
};

/** Checker pool (validate-worker.ts): parse and validate only. */
/** A request body: JSON text, or its UTF-8 bytes (decoded by the worker, off the event loop). */
export type BodyText = string | Uint8Array;

/** The body as text (in a worker): UTF-8, a leading byte-order mark kept for parseJson to skip. */
export function bodyString(body: BodyText): string {
  return typeof body === 'string' ? body : new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
}

export type CheckTask = {
  readonly kind: 'validate-instance' | 'validate-whatif';
  readonly text: BodyText;
  /** the most students an instance may list (AppOptions.maxStudents) */
  readonly maxStudents: number;
  /** also compute the body's digest (jobs: the queue's job id starts from it) */
  readonly digest?: boolean;
  readonly port: MessagePort;
};

/** Solver pool (worker.ts): parse, validate again (never trust the queue), then plan. */
export type SolveTask = {
  /** advise: the week only (no semester), with the advice (建议) in the schedule's report */
  readonly kind: 'solve' | 'whatif' | 'advise';
  readonly text: BodyText;
  readonly options: WorkerSolveOptions;
  readonly maxStudents: number;
  readonly port: MessagePort;
};

/** What a request body was found to be (both pools). `code` names the problem type (400 or 422). */
export type Rejected = {
  readonly kind: 'rejected';
  readonly code: 'malformed-json' | 'invalid-instance' | 'invalid-request';
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** problems past the first ones, only counted, by code */
  readonly omitted?: Omitted;
};

/** `school`: the instance's school.name; `digest`: SHA-256 (hex) of the parsed body re-serialized, the same for
 * the same school however its file is laid out (the queue's job ids start from it). */
export type CheckOutcome =
  | { readonly kind: 'valid'; readonly warnings: readonly Problem[]; readonly school?: string; readonly digest?: string }
  | Rejected;

/** The independent checker's verdict on a result (`check` option): src/queue/verdict.ts. */
export type { Verdict } from '../queue/verdict.js';

/** `json`: the schedule (solve) or `{schedule, changes, mode}` (whatif); `status`: the planner's status or mode. */
export type SolveOutcome =
  | { readonly kind: 'solved'; readonly status: string; readonly json: string; readonly warnings: readonly Problem[]; readonly verdict?: Verdict }
  | Rejected
  | { readonly kind: 'failed'; readonly message: string; readonly stack?: string };

export type WorkerMessage =
  | { readonly type: 'started' }
  | { readonly type: 'progress'; readonly stage: string; readonly fraction: number; readonly message?: string };

/** A task as the caller gives it (the pool adds the port). */
export type Input<T> = Omit<T, 'port'>;
