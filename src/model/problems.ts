// A problem found in a document: a JSON Pointer path, a stable kebab-case code (for translation and tools)
// and a message in Chinese for the school's office.
export type Severity = 'error' | 'warning';

export type Problem = {
  readonly path: string; // JSON Pointer, e.g. "/students/5/class"; "" for the whole document
  readonly code: string; // stable kebab-case identifier, e.g. "unknown-class"
  readonly message: string; // 简体中文, for a person
  readonly severity: Severity;
  readonly line?: number; // for malformed JSON: 1-based line and column
  readonly column?: number;
};

/** JSON Pointer escaping (RFC 6901) of one path segment. */
export const pointerSegment = (s: string | number): string => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
export const pointer = (...segments: (string | number)[]): string => segments.map((s) => '/' + pointerSegment(s)).join('');

/** Problems kept in full by a validation (the first ones found); the rest are only counted, by code. A request
 * with a million bad items gets a short, useful answer, not a list larger than itself. */
export const MAX_PROBLEMS = 1000;

/** The problems past the first MAX_PROBLEMS: how many of each code. */
export type Omitted = Readonly<Record<string, number>>;

/** A list that keeps the first `max` problems pushed and counts the rest by code (`push` is an array's). */
export type ProblemList = {
  readonly kept: Problem[];
  readonly omitted: Record<string, number>;
  push(...problems: Problem[]): number;
  /** problems past the cap so far */
  readonly dropped: () => number;
};

export function problemList(max: number = MAX_PROBLEMS): ProblemList {
  const kept: Problem[] = [];
  const omitted: Record<string, number> = Object.create(null) as Record<string, number>;
  let dropped = 0;
  return {
    kept,
    omitted,
    push(...problems: Problem[]): number {
      for (const p of problems) {
        if (kept.length < max) kept.push(p);
        else {
          omitted[p.code] = (omitted[p.code] ?? 0) + 1;
          dropped++;
        }
      }
      return kept.length;
    },
    dropped: () => dropped,
  };
}

/** Adds two omitted counts. */
export function addOmitted(a: Omitted | undefined, b: Omitted | undefined): Omitted | undefined {
  if (!a && !b) return undefined;
  const sum: Record<string, number> = {};
  for (const o of [a, b]) for (const [code, n] of Object.entries(o ?? {})) sum[code] = (sum[code] ?? 0) + n;
  return Object.keys(sum).length > 0 ? sum : undefined;
}

/** A problem shortened for a report: a path or message built from a huge key or value is clipped. */
export function clipProblem(p: Problem, pathMax = 300, messageMax = 600): Problem {
  if (p.path.length <= pathMax && p.message.length <= messageMax) return p;
  return {
    ...p,
    path: p.path.length > pathMax ? p.path.slice(0, pathMax) + '…' : p.path,
    message: p.message.length > messageMax ? p.message.slice(0, messageMax) + '…' : p.message,
  };
}
