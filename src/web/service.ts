// What the workspace page needs from the server: the store, and the long operations (validate an upload, solve
// with progress, a leave what-if) that run in the server's worker pool. The server implements it
// (src/server/scenarios.ts) and hands it to the page plugin, so src/web never imports src/server.
import type { FastifyRequest } from 'fastify';
import type { Problem } from '../model/problems.js';
import type { Leave } from '../model/schema.js';
import type { Scenario, Store, StoredJob, VersionInfo } from '../store/index.js';

/** A problem with, for a workbook, where it is (工作表!单元格). */
export type PlacedProblem = Problem & { readonly sheet?: string; readonly cell?: string; readonly hint?: string };

export type Upload =
  | { readonly kind: 'json'; readonly text: string; readonly fileName?: string }
  | { readonly kind: 'workbook'; readonly data: Buffer; readonly fileName?: string }
  | { readonly kind: 'example'; readonly name: string };

/** A refusal: a stable code, the HTTP status it maps to, a Chinese message, and every problem found. */
export type Refused = {
  readonly ok: false;
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly errors: readonly PlacedProblem[];
  readonly warnings: readonly PlacedProblem[];
  readonly retryAfter?: number;
};

export type Progress = { readonly stage: string; readonly fraction: number; readonly label: string };

/** A stored job and, while it runs, its live progress. */
export type JobState = StoredJob & { readonly progress: Progress | null };

/** One proposed change of a leave what-if, readable. */
export type ChangeLine = {
  readonly date: string;
  readonly what: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly uncovered: boolean;
};

export type Proposal = {
  readonly job: StoredJob;
  readonly leave: readonly Leave[];
  readonly mode: string;
  readonly summary: string;
  readonly method: string;
  readonly changes: readonly ChangeLine[];
};

export type JobEvent = { readonly type: 'progress'; readonly progress: Progress } | { readonly type: 'end'; readonly job: JobState };

export type Example = { readonly name: string; readonly label: string };

export type WorkspaceService = {
  readonly store: Store;
  readonly examples: readonly Example[];
  readonly create: (upload: Upload, init: { readonly name?: string; readonly author: string }) => Promise<{ ok: true; scenario: Scenario; warnings: readonly PlacedProblem[] } | Refused>;
  readonly solve: (scenario: string, init: { readonly timeLimit?: number; readonly seed?: number; readonly author: string }) => Promise<{ ok: true; job: JobState } | Refused>;
  readonly job: (id: string) => JobState | undefined;
  readonly cancel: (id: string) => JobState | undefined;
  /** calls `listener` on each progress and at the end; returns the unsubscribe */
  readonly subscribe: (job: string, listener: (e: JobEvent) => void) => () => void;
  readonly whatif: (scenario: string, init: { readonly leave: readonly Leave[]; readonly author: string; readonly mode?: 'auto' | 'substitutes' | 'template' }) => Promise<{ ok: true; proposal: Proposal } | Refused>;
  readonly proposal: (job: string) => Proposal | undefined;
  readonly accept: (job: string, author: string) => { ok: true; version: VersionInfo } | Refused;
  readonly discard: (job: string) => JobState | Refused;
};

/** The office's sign-in (口令) when the server has a token (src/server/session.ts implements it): the page
 * offers /signin and a sign-out button; the server's request hook keeps every page behind it. */
export type PageSession = {
  /** a token is configured: pages need a session */
  readonly enabled: boolean;
  /** is this the token (constant-time)? */
  readonly tokenMatches: (given: string) => boolean;
  /** the Set-Cookie value of a new session for this request (Secure when it came over https) */
  readonly signIn: (request: FastifyRequest) => string;
  /** the Set-Cookie value that ends it */
  readonly signOut: (request: FastifyRequest) => string;
};
