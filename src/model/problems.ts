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
