// The HTTP envelopes around the v1 documents, as TypeBox schemas: one source for the handlers' types
// (`Static<…>`), the query/params validation and the OpenAPI document. The instance and schedule
// themselves are the schemas of src/model/schema.ts, referenced by their `$id` (never copied here).
import { Type, type Static } from '@sinclair/typebox';
import { Instance, Leave, Schedule } from '../model/schema.js';
import TINY from './tiny-example.js';

/** `$ref`s to the model schemas, which the app adds with `addSchema` (OpenAPI components Instance, Schedule). */
export const InstanceRef = Type.Unsafe<unknown>({ $ref: `${Instance.$id}#` });
export const ScheduleRef = Type.Unsafe<unknown>({ $ref: `${Schedule.$id}#` });
/** An instance request body: the reference, with the tiny bundled school (examples/tiny.json) as the example /docs
 * offers (one that validates and solves, not one made up from the schema's formats). */
export const InstanceBody = Type.Unsafe<unknown>({
  allOf: [{ $ref: `${Instance.$id}#` }],
  examples: [TINY],
  description: '学校数据（kehou.instance/1）；示例为内置的小学校“青苗小学”（examples/tiny.json）',
});

/** One problem found in a document (src/model/problems.ts), as the CLI prints it. */
export const ProblemItem = Type.Object(
  {
    path: Type.String({ description: 'JSON Pointer into the request body; "" for the whole body' }),
    code: Type.String({ description: 'stable kebab-case code' }),
    message: Type.String({ description: '简体中文说明' }),
    severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
    line: Type.Optional(Type.Integer({ minimum: 1 })),
    column: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { title: 'Problem' },
);

/** RFC 9457 problem details, with a stable `code` and the list of problems (`errors`). */
export const ProblemDetails = Type.Object(
  {
    type: Type.String({ description: 'URI naming the problem type' }),
    title: Type.String({ description: '简体中文标题' }),
    status: Type.Integer(),
    detail: Type.String({ description: '简体中文说明' }),
    code: Type.String({ description: 'stable kebab-case code, e.g. invalid-instance' }),
    errors: Type.Array(ProblemItem),
    warnings: Type.Optional(Type.Array(ProblemItem)),
    omitted: Type.Optional(
      Type.Record(Type.String(), Type.Integer({ minimum: 1 }), {
        description: 'problems not listed (only the first 1000 are), counted by code, e.g. {"duplicate-id": 52000}',
      }),
    ),
    instance: Type.Optional(Type.String({ description: 'the request path' })),
    requestId: Type.Optional(Type.String()),
  },
  { title: 'ProblemDetails', description: 'application/problem+json (RFC 9457)' },
);

export const Health = Type.Object({ status: Type.Literal('ok') });

export const ValidateOk = Type.Object({ valid: Type.Literal(true), warnings: Type.Array(ProblemItem) });

export const SolveQuery = Type.Object(
  {
    timeLimit: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'seconds for the improving stages' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'random seed (default 1)' })),
    semester: Type.Optional(Type.Boolean({ description: 'plan the dated semester too (default true)' })),
  },
  { additionalProperties: false },
);

/** POST /v1/jobs: a solve, or with `advice=true` an advise job (`kehou advise`: the week with advice in its report) */
export const JobQuery = Type.Object(
  {
    ...SolveQuery.properties,
    advice: Type.Optional(Type.Boolean({ description: 'plan the week with advice (建议) in schedule.report.advice, as `kehou advise` does; no semester' })),
  },
  { additionalProperties: false },
);

export const WhatIfQuery = Type.Object(
  {
    timeLimit: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'seconds' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: 'random seed (default 1)' })),
    mode: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Literal('substitutes'), Type.Literal('template')], {
        description: 'auto (default): re-plan the weekly template for a leave to the end of the semester; substitutes: dated substitutes only',
      }),
    ),
  },
  { additionalProperties: false },
);

export const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const Progress = Type.Object({
  stage: Type.String(),
  fraction: Type.Number({ minimum: 0, maximum: 1 }),
  message: Type.Optional(Type.String()),
});

export const SolveStatusSchema = Type.Union(
  ['optimal', 'feasible', 'timedout', 'cancelled'].map((s) => Type.Literal(s)),
  { description: 'optimal | feasible | timedout | cancelled' },
);

export const JobView = Type.Object(
  {
    id: Type.String(),
    status: Type.Union(JOB_STATUSES.map((s) => Type.Literal(s)), { description: 'queued | running | done | failed | cancelled' }),
    createdAt: Type.String({ description: 'ISO 8601' }),
    startedAt: Type.Optional(Type.String()),
    finishedAt: Type.Optional(Type.String()),
    timeLimit: Type.Number({ description: 'seconds' }),
    progress: Type.Union([Progress, Type.Null()]),
    result: Type.Optional(Type.Object({ status: SolveStatusSchema, schedule: ScheduleRef })),
    error: Type.Optional(ProblemDetails),
    checked: Type.Optional(
      Type.Object(
        {
          violations: Type.Integer({ description: 'rule violations the independent checker found (a done job has 0)' }),
          shortfalls: Type.Integer({ description: 'duties or rooms left empty, declared in the plan' }),
          clubCost: Type.Number({ description: 'club cost recomputed by the checker' }),
        },
        { description: 'the independent checker (src/checker) on the result, before it was marked done' },
      ),
    ),
  },
  { title: 'Job' },
);

export const JobCreated = Type.Object({
  id: Type.String(),
  status: Type.Unsafe<JobStatus>({
    type: 'string',
    enum: [...JOB_STATUSES],
    description: 'queued; or, for a school submitted before unchanged, its job as it stands',
  }),
  location: Type.String(),
});

export const WhatIfBody = Type.Object(
  {
    instance: InstanceRef,
    schedule: ScheduleRef,
    leave: Type.Array(Leave, { description: 'new leave: [{staff, from, to}] (dates inclusive); staff is an id or a unique name (高平)' }),
  },
  { title: 'WhatIfRequest' },
);

export const WhatIfResponse = Type.Object(
  {
    schedule: ScheduleRef,
    changes: Type.Array(Type.Unknown(), { description: 'what the leave changed, in the semester plan' }),
    mode: Type.Union([Type.Literal('substitutes'), Type.Literal('template')], { description: 'how the plan was repaired' }),
    instance: Type.Optional(InstanceRef),
  },
  { title: 'WhatIfResponse', additionalProperties: true },
);

export type ProblemItem = Static<typeof ProblemItem>;
export type ProblemDetails = Static<typeof ProblemDetails>;
export type SolveQuery = Static<typeof SolveQuery>;
export type WhatIfQuery = Static<typeof WhatIfQuery>;
export type JobQuery = Static<typeof JobQuery>;
export type JobView = Static<typeof JobView>;
export type Progress = Static<typeof Progress>;
