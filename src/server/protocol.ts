// The messages between the server and its worker threads (piscina tasks). The event loop never parses,
// validates or solves: a task carries the request body as text, a worker parses it (parseJson: line and
// column), validates it (the CLI's validators) and, for a solve, plans it. Each task also carries a
// MessagePort on which the worker says when it starts (the hard time limit counts from there, not from
// the queue) and reports progress. A solve's result is the response body already serialized.
import type { MessagePort } from 'node:worker_threads';
import type { Omitted, Problem } from '../model/problems.js';

export type WorkerSolveOptions = {
  readonly timeLimit: number;
  readonly seed?: number;
  readonly semester?: boolean;
  /** what-if only: auto (default), substitutes or template */
  readonly mode?: 'auto' | 'substitutes' | 'template';
};

/** Checker pool (validate-worker.ts): parse and validate only. */
export type CheckTask = {
  readonly kind: 'validate-instance' | 'validate-whatif';
  readonly text: string;
  /** the most students an instance may list (AppOptions.maxStudents) */
  readonly maxStudents: number;
  readonly port: MessagePort;
};

/** Solver pool (worker.ts): parse, validate again (never trust the queue), then plan. */
export type SolveTask = {
  readonly kind: 'solve' | 'whatif';
  readonly text: string;
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

export type CheckOutcome = { readonly kind: 'valid'; readonly warnings: readonly Problem[] } | Rejected;

/** `json`: the schedule (solve) or `{schedule, changes, mode}` (whatif); `status`: the planner's status or mode. */
export type SolveOutcome =
  | { readonly kind: 'solved'; readonly status: string; readonly json: string; readonly warnings: readonly Problem[] }
  | Rejected
  | { readonly kind: 'failed'; readonly message: string; readonly stack?: string };

export type WorkerMessage =
  | { readonly type: 'started' }
  | { readonly type: 'progress'; readonly stage: string; readonly fraction: number; readonly message?: string };

/** A task as the caller gives it (the pool adds the port). */
export type Input<T> = Omit<T, 'port'>;
