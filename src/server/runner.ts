// The jobs behind /v1/jobs (and any other long solve a route hands off), as one small interface with two
// implementations: the in-process pool (createInProcessRunner in routes.ts, the default: one school needs no
// Redis) and the district queue on Redis (district.ts, `kehou serve --redis URL`), whose `tasks` also run the
// workspace's saved-scenario solves. The server never imports the queue: the CLI passes a queue runner in through
// AppOptions.jobRunner.
import type { FastifyRequest } from 'fastify';
import type { JobRecord } from './jobs.js';
import type { RunHooks, RunOutcome } from './pool.js';
import type { Input, SolveOutcome, SolveTask } from './protocol.js';

/** A job as a runner reports it (plain data; the same fields wherever the job runs). */
export type JobSnapshot = Omit<JobRecord, 'controller'>;

export type SubmitContext = {
  /** the instance's school.name (from the checker thread) */
  readonly school: string;
  /** SHA-256 of the parsed body (from the checker thread): the queue's job id starts from it */
  readonly digest: string;
  readonly request: FastifyRequest;
};

export type Submitted =
  | { readonly kind: 'accepted'; readonly job: JobSnapshot }
  | { readonly kind: 'busy'; readonly retryAfter: number; readonly detail: string };

export type Cancelled = { readonly kind: 'cancelled'; readonly job: JobSnapshot } | { readonly kind: 'removed' } | { readonly kind: 'not-found' };

/** Runs one task to its end with progress, as the solver pool does (the workspace's saved-scenario solves): the
 * in-process pool by default, the district queue with `--redis` (district.ts). `school` and `digest` (SHA-256 of
 * the parsed body) make the queue's job id, so an unchanged version already planned answers at once. */
export type TaskRunner = {
  readonly full: () => boolean;
  readonly retryAfter: () => number;
  readonly run: (task: Input<SolveTask>, hooks: RunHooks & { readonly school: string; readonly digest: string }) => Promise<RunOutcome<SolveOutcome>>;
};

export type JobRunner = {
  /** where the workspace's solves run when not in this process's pool (the queue runner sets it) */
  readonly tasks?: TaskRunner;
  /** queues a checked body (parsed and validated already); an unchanged school may answer with its finished job */
  readonly submit: (task: Input<SolveTask>, context: SubmitContext) => Promise<Submitted>;
  readonly get: (id: string) => Promise<JobSnapshot | undefined>;
  /** queued or running: cancelled; finished: its record removed */
  readonly cancel: (id: string) => Promise<Cancelled>;
  /** frees what the runner holds (connections); running work is the pools' drain */
  readonly close: () => Promise<void>;
};
