import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJson, lineColumn } from '../../src/model/parse.js';

function failure(text: string) {
  const r = parseJson(text);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a failure');
  expect(r.problems).toHaveLength(1);
  const p = r.problems[0];
  expect(p.code).toBe('malformed-json');
  expect(p.severity).toBe('error');
  expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  return p;
}

describe('parseJson', () => {
  it('parses valid JSON like JSON.parse', () => {
    const r = parseJson('{"a": [1, 2.5e3, "x\\u00e9", true, null], "b": {}}');
    expect(r).toEqual({ ok: true, value: { a: [1, 2500, 'xé', true, null], b: {} }, warnings: [] });
  });

  it('ignores a byte-order mark', () => {
    expect(parseJson('\uFEFF{"a":1}')).toMatchObject({ ok: true, value: { a: 1 } });
  });

  it('reports line and column of a missing comma', () => {
    const p = failure('{\n  "a": 1\n  "b": 2\n}');
    expect([p.line, p.column]).toEqual([3, 3]);
    expect(p.message).toContain('逗号');
  });

  it('reports a trailing comma', () => {
    const p = failure('{\n  "a": [1, 2,],\n}');
    expect([p.line, p.column]).toEqual([2, 14]);
    expect(p.message).toContain('多余的逗号');
    expect(failure('{"a": 1,}').message).toContain('多余的逗号');
  });

  it('explains Chinese punctuation', () => {
    const p = failure('{"a"：1}');
    expect([p.line, p.column]).toEqual([1, 5]);
    expect(p.message).toContain('中文冒号');
    expect(failure('[1，2]').message).toContain('中文逗号');
  });

  it('explains single quotes, bare keys, comments, Python literals', () => {
    expect(failure("{'a': 1}").message).toContain('双引号');
    expect(failure('{a: 1}').message).toContain('双引号');
    expect(failure('{"a": 1 // note\n}').message).toContain('注释');
    expect(failure('{"a": True}').message).toContain('true');
    expect(failure('{"a": NaN}').message).toContain('NaN');
    expect(failure('{"a": 08}').message).toContain('0 开头');
  });

  it('reports an unterminated string and an unclosed brace', () => {
    const s = failure('{"a": "abc\n}');
    expect(s.line).toBe(1);
    const p = failure('{\n  "a": {\n    "b": 1\n  }\n');
    expect(p.message).toContain('第 1 行第 1 列');
    expect(p.message).toContain('}');
  });

  it('reports an empty file and trailing content', () => {
    expect(failure('').message).toContain('空');
    expect(failure('   \n').message).toContain('空');
    const p = failure('{"a":1}\n{"b":2}');
    expect([p.line, p.column]).toEqual([2, 1]);
  });

  it('reports a bad escape', () => {
    expect(failure('{"path": "C:\\data"}').message).toContain('转义');
  });

  it('survives very deep nesting', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999);
    const p = failure(deep);
    expect(p.line).toBe(1);
  });

  it('refuses duplicate keys, each listed with its path, line and column', () => {
    const r = parseJson('{"rooms": [{"id": "a", "capacity": 1, "capacity": 2}], "x": {"a~/b": 1, "a~/b": 2}}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((w) => [w.path, w.code, w.severity, w.line, w.column])).toEqual([
      ['/rooms/0/capacity', 'duplicate-key', 'error', 1, 39],
      ['/x/a~0~1b', 'duplicate-key', 'error', 1, 73],
    ]);
  });

  it('keeps a __proto__ key as an own property and never touches Object.prototype', () => {
    const r = parseJson('{"__proto__": {"polluted": true}, "a": {"__proto__": {"polluted": 1}}}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // spreading and structured copies keep it an ordinary key too
    const spread = { ...v };
    expect(Object.getPrototypeOf(spread)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agrees with JSON.parse on arbitrary JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v, null, 1);
        const r = parseJson(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(text));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('locates the error in arbitrary broken text, agreeing with JSON.parse on validity', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '{', '，'), (text, at, insert) => {
        const k = at % (text.length + 1);
        const broken = text.slice(0, k) + insert + text.slice(k);
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        const r = parseJson(broken);
        expect(r.ok).toBe(valid);
        if (!r.ok) {
          const p = r.problems[0];
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('lineColumn counts from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
