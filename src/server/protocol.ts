// The messages between the server and its worker threads (piscina tasks). The event loop never parses,
// validates or solves: a task carries the request body as text, a worker parses it (parseJson: line and
// column), validates it (the CLI's validators) and, for a solve, plans it. Each task also carries a
// MessagePort on which the worker says when it starts (the hard time limit counts from there, not from
// the queue) and reports progress. A solve's result is the response body already serialized.
import type { MessagePort } from 'node:worker_threads';
import type { Problem } from '../model/problems.js';

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
export type CheckTask = {
  readonly kind: 'validate-instance' | 'validate-whatif';
  readonly text: string;
  /** also compute the body's digest (jobs: the queue's job id starts from it) */
  readonly digest?: boolean;
  readonly port: MessagePort;
};

/** Solver pool (worker.ts): parse, validate again (never trust the queue), then plan. */
export type SolveTask = {
  readonly kind: 'solve' | 'whatif';
  readonly text: string;
  readonly options: WorkerSolveOptions;
  readonly port: MessagePort;
};

/** What a request body was found to be (both pools). `code` names the problem type (400 or 422). */
export type Rejected = {
  readonly kind: 'rejected';
  readonly code: 'malformed-json' | 'invalid-instance' | 'invalid-request';
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
};

/** `school`: the instance's school.name; `digest`: SHA-256 (hex) of the parsed body re-serialized, the same for
 * the same school however its file is laid out (the queue's job ids start from it). */
export type CheckOutcome =
  | { readonly kind: 'valid'; readonly warnings: readonly Problem[]; readonly school?: string; readonly digest?: string }
  | Rejected;

/** The independent checker's verdict on a result (`check` option), with the figures of a district's summary table. */
export type Verdict = {
  /** rule violations found by src/checker (0 = the plan keeps every hard rule) */
  readonly violations: number;
  /** the first few violations, as the checker words them */
  readonly first: readonly { readonly rule: string; readonly path?: string; readonly message: string }[];
  /** duties or rooms left empty and declared as shortfalls (无人承担的任务) */
  readonly shortfalls: number;
  /** club cost recomputed by the checker */
  readonly clubCost: number;
  /** the planner's lower bound on the club cost, when it reports one */
  readonly clubCostBound: number | null;
  readonly school: string;
  readonly students: number;
  /** students who wanted a school-level club and got none */
  readonly unplaced: number;
};

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
