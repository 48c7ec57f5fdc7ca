// What each route accepts as a request body: THE one place to allow a content type on a route (issue 14.3).
// Everything under /v1 takes `application/json` only, unless listed here: a page on another site can send
// `text/plain` or a form to a local Kehou without a CORS preflight, never `application/json`, so refusing the
// others (415 before the body is read) is what keeps a cross-site page from starting solves.
// To add a type: one entry, `'METHOD /route/as/registered'`, e.g. the workbook upload on /v1/validate,
// multipart forms on the workspace's /v1/scenarios routes. A type needs its parser too (addContentTypeParser,
// @fastify/multipart); a route not listed here gets DEFAULT_BODY_TYPES.

export const JSON_BODY = 'application/json';
export const WORKBOOK_BODY = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MULTIPART_BODY = 'multipart/form-data';

/** body types of every route that takes a body and is not DEFAULT_BODY_TYPES (media types, lower case, no parameters) */
export const BODY_TYPES: Readonly<Record<string, readonly string[]>> = {
  'POST /v1/validate': [JSON_BODY, WORKBOOK_BODY],
  'POST /v1/solve': [JSON_BODY, WORKBOOK_BODY],
  'POST /v1/jobs': [JSON_BODY],
  'POST /v1/whatif': [JSON_BODY],
  // the workspace: a scenario from an instance, a workbook body, or a page's upload form
  'POST /v1/scenarios': [JSON_BODY, WORKBOOK_BODY, MULTIPART_BODY],
};

export const DEFAULT_BODY_TYPES: readonly string[] = [JSON_BODY];

/** The media types `method route` accepts (route as registered, e.g. `/v1/jobs/:id`). */
export function allowedBodyTypes(method: string, route: string | undefined): readonly string[] {
  return (route !== undefined ? BODY_TYPES[`${method.toUpperCase()} ${route}`] : undefined) ?? DEFAULT_BODY_TYPES;
}

/** `Application/JSON; charset=utf-8` → `application/json` ('' when absent). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}
