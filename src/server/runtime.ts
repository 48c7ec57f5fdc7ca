// The runtime the HTTP app shares between its routes (own file so app.ts and routes.ts need not import each other).
import type { JobStore } from './jobs.js';
import type { ResolvedAppOptions } from './options.js';
import type { WorkerPool } from './pool.js';
import type { CheckOutcome, CheckTask, SolveOutcome, SolveTask } from './protocol.js';
import type { JobRunner } from './runner.js';
import type { Tenants } from './tenants.js';
import type { WorkspaceService } from '../web/service.js';

/** What the app shares between its routes (also reachable as `fastify.kehou`, for tests and embedding). */
export type KehouRuntime = {
  readonly options: ResolvedAppOptions;
  /** graceful shutdown, step 1: new requests get 503, running work gets `graceMs` (then it is aborted);
   * then call `app.close()`. A plain `app.close()` aborts whatever still runs at once. */
  readonly drain: (graceMs?: number) => Promise<void>;
  /** parse + validate (a few threads, a long queue): the event loop never walks a request body */
  readonly checkers: WorkerPool<CheckTask, CheckOutcome>;
  /** solves and what-ifs, one per thread */
  readonly solvers: WorkerPool<SolveTask, SolveOutcome>;
  readonly jobs: JobStore;
  /** where /v1/jobs run: the in-process pool and `jobs` (default), or the district queue (runner.ts) */
  readonly runner: JobRunner;
  /** per-tenant tokens (KEHOU_TOKENS_FILE), when configured */
  readonly tenants: Tenants | null;
  readonly state: { closing: boolean };
  /** the workspace: saved scenarios, versions and their jobs (src/store), for /v1/scenarios and the page at / */
  readonly workspace: WorkspaceService;
};
