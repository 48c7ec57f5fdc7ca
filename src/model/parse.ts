// Reading JSON text the way a school office writes it: malformed JSON is reported with line and column and
// a Chinese hint for the usual slips (trailing comma, Chinese punctuation, single quotes, comments);
// a key given twice in one object is an error (JSON.parse silently keeps the last one, so `"misconduct": true,
// "misconduct": false` would quietly flip a safety flag): the text is refused, every repeat listed with its place.
// Values come from the native JSON.parse, which stores a `__proto__` key as an ordinary own property
// (it never reaches Object.prototype); the scanner below only locates errors and duplicate keys.
import { pointerSegment, type Problem } from './problems.js';

export type ParseResult =
  | { readonly ok: true; readonly value: unknown; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

export type ParseOptions = {
  /** scan for keys given twice in one object (errors, code `duplicate-key`); default true */
  readonly duplicateKeys?: boolean;
};

const DEFAULT_PARSE_OPTIONS: Required<ParseOptions> = { duplicateKeys: true };

/** Parses JSON text; never throws. A leading byte-order mark is ignored. */
export function parseJson(text: string, options: ParseOptions = {}): ParseResult {
  const opts = { ...DEFAULT_PARSE_OPTIONS, ...options };
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (e) {
    const scanned = scanJson(source, false);
    if (scanned.error) return { ok: false, problems: [scanned.error] };
    // the scanner found nothing although JSON.parse failed: report what the engine said
    return {
      ok: false,
      problems: [{ path: '', code: 'malformed-json', message: `JSON 格式错误：${(e as Error).message}`, severity: 'error' }],
    };
  }
  // duplicate keys: count keys in the text and in the value; only when they differ, scan to locate them
  const duplicates = opts.duplicateKeys && keysInText(source) !== keysInValue(value) ? scanJson(source, true).duplicates : [];
  if (duplicates.length > 0) return { ok: false, problems: duplicates };
  return { ok: true, value, warnings: [] };
}

/** Object keys written in valid JSON text: every string token, and those followed by `:` are keys. */
function keysInText(text: string): number {
  const re = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?/g;
  let n = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[1] !== undefined) n++;
  return n;
}

/** Object keys in a parsed value (JSON.parse keeps one per name). */
function keysInValue(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else {
      const keys = Object.keys(v);
      n += keys.length;
      for (const k of keys) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return n;
}

// ------------------------------------------------------------------ scanner

const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;

type Scan = { error?: Problem; duplicates: Problem[] };

/** duplicate keys listed at most (the text is refused at the first one anyway; a list this long is enough to fix it) */
const MAX_DUPLICATES = 100;

type Frame =
  | { kind: 'object'; keys: Set<string> | null; key: string | null; open: number; state: 'key' | 'colon' | 'value' | 'comma' }
  | { kind: 'array'; index: number; open: number; state: 'value' | 'comma' };

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const HINTS: Record<string, string> = {
  '，': '这是中文逗号“，”，JSON 只接受英文逗号“,”',
  '：': '这是中文冒号“：”，JSON 只接受英文冒号“:”',
  '“': '这是中文引号，JSON 字符串只能用英文双引号 "',
  '”': '这是中文引号，JSON 字符串只能用英文双引号 "',
  '‘': '这是中文引号，JSON 字符串只能用英文双引号 "',
  '’': '这是中文引号，JSON 字符串只能用英文双引号 "',
  '【': '这是中文方括号，JSON 数组用英文方括号 [ ]',
  '】': '这是中文方括号，JSON 数组用英文方括号 [ ]',
  '｛': '这是全角花括号，JSON 对象用英文花括号 { }',
  '｝': '这是全角花括号，JSON 对象用英文花括号 { }',
  "'": '字符串和键名必须用双引号 "，不能用单引号',
  '/': 'JSON 不支持注释（// 或 /* */）',
  '#': 'JSON 不支持注释',
};

const clip = (s: string): string => (s.length > 60 ? s.slice(0, 60) + '…' : s);

function describeChar(ch: string): string {
  if (ch === '\t') return '制表符';
  const code = ch.charCodeAt(0);
  if (code < 0x20) return `控制字符 U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `“${ch}”`;
}

/**
 * Scans JSON text. With `collectDuplicates`, keeps going over the whole text and records every key given
 * twice in one object; the first syntax error stops the scan. Iterative, so deep nesting cannot overflow.
 */
function scanJson(text: string, collectDuplicates: boolean): Scan {
  const duplicates: Problem[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  let rootDone = false;

  const fail = (at: number, message: string): Scan => {
    const { line, column } = lineColumn(text, at);
    return {
      error: { path: '', code: 'malformed-json', message: `第 ${line} 行第 ${column} 列：${message}`, severity: 'error', line, column },
      duplicates,
    };
  };
  // pointer of the innermost object's member `extra` (the frames below the top give the object's own path)
  const pathOf = (extra: string): string => {
    let p = '';
    for (let k = 0; k < stack.length - 1; k++) {
      const f = stack[k];
      if (f.kind === 'object') {
        if (f.key !== null) p += '/' + pointerSegment(f.key);
      } else p += '/' + f.index;
    }
    return p + '/' + pointerSegment(extra);
  };
  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const unexpected = (expected: string): Scan => {
    if (i >= n) {
      const top = stack[stack.length - 1];
      if (top) {
        const { line, column } = lineColumn(text, top.open);
        const closer = top.kind === 'object' ? '}' : ']';
        return fail(n, `文件意外结束：第 ${line} 行第 ${column} 列的“${top.kind === 'object' ? '{' : '['}”缺少对应的“${closer}”`);
      }
      return fail(n, text.trim() === '' ? '文件为空，应为一个 JSON 对象' : `文件意外结束，应为${expected}`);
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const hint = HINTS[ch];
    return fail(i, `意外的${describeChar(ch)}，应为${expected}${hint ? `（${hint}）` : ''}`);
  };
  // returns the index after the closing quote, or a Scan error
  const scanString = (): number | Scan => {
    const start = i;
    i++; // opening quote
    while (i < n) {
      PLAIN_RUN.lastIndex = i; // skip ordinary characters in one step
      PLAIN_RUN.test(text);
      i = PLAIN_RUN.lastIndex;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === 34) return ++i;
      if (c === 92) {
        const e = text[i + 1];
        if (e === undefined) break;
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i, '无效的 \\u 转义，应为 \\u 加 4 位十六进制数');
          i += 6;
        } else if ('"\\/bfnrt'.includes(e)) i += 2;
        else return fail(i, `无效的转义“\\${e}”（Windows 路径中的反斜杠要写成 \\\\）`);
      } else if (c < 0x20) {
        return fail(i, c === 10 || c === 13 ? '字符串没有结束：缺少右双引号（字符串不能跨行）' : `字符串中不能直接出现${describeChar(text[i])}`);
      } else i++;
    }
    return fail(start, '字符串没有结束：缺少右双引号');
  };
  const scanNumber = (): Scan | null => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '-') return fail(i, '无效的数字');
    const next = text[i + m[0].length];
    if (next !== undefined && /[0-9.eE]/.test(next)) {
      return fail(i, m[1] === '0' && /\d/.test(next) ? '数字不能以 0 开头（如 08 应写成 8）' : '无效的数字');
    }
    i += m[0].length;
    return null;
  };
  const keyText = (from: number, to: number): string => {
    const raw = text.slice(from + 1, to - 1);
    return raw.includes('\\') ? (JSON.parse(text.slice(from, to)) as string) : raw;
  };
  // a value has just been completed: advance the parent frame
  const completed = () => {
    const top = stack[stack.length - 1];
    if (!top) rootDone = true;
    else top.state = 'comma';
  };

  skipWs();
  for (;;) {
    skipWs();
    if (rootDone) {
      if (i < n) return fail(i, `JSON 根值之后还有多余内容${describeChar(text[i])}（一个文件只能有一个对象）`);
      return { duplicates };
    }
    const top = stack[stack.length - 1];
    const ch = text[i];
    if (top && top.kind === 'object' && top.state === 'key') {
      if (ch === '"') {
        const from = i;
        const r = scanString();
        if (typeof r !== 'number') return r;
        const key = keyText(from, r);
        if (collectDuplicates) {
          top.keys ??= new Set();
          if (top.keys.has(key) && duplicates.length < MAX_DUPLICATES) {
            const { line, column } = lineColumn(text, from);
            duplicates.push({
              path: pathOf(key),
              code: 'duplicate-key',
              message: `同一对象中键“${clip(key)}”出现了不止一次（第 ${line} 行第 ${column} 列）：请只保留一个，否则无法确定哪个值有效`,
              severity: 'error',
              line,
              column,
            });
          } else top.keys.add(key);
        }
        top.key = key;
        top.state = 'colon';
        continue;
      }
      if (ch === '}' && top.key === null) {
        i++;
        stack.pop();
        completed();
        continue;
      }
      if (ch === '}') return fail(i, '多余的逗号：最后一项后面不能有逗号');
      if (ch !== undefined && /[A-Za-z_$]/.test(ch)) return fail(i, '键名必须用英文双引号括起来');
      return unexpected('用双引号括起来的键名');
    }
    if (top && top.kind === 'object' && top.state === 'colon') {
      if (ch === ':') {
        i++;
        top.state = 'value';
        continue;
      }
      return unexpected('冒号“:”');
    }
    if (top && top.state === 'comma') {
      if (ch === ',') {
        i++;
        if (top.kind === 'object') top.state = 'key';
        else {
          top.index++;
          top.state = 'value';
        }
        continue;
      }
      if (top.kind === 'object' && ch === '}') {
        i++;
        stack.pop();
        completed();
        continue;
      }
      if (top.kind === 'array' && ch === ']') {
        i++;
        stack.pop();
        completed();
        continue;
      }
      if (ch === '"' || ch === '{' || ch === '[' || (ch !== undefined && /[-0-9tfn]/.test(ch))) {
        return fail(i, `缺少逗号：上一项与这一项之间应有英文逗号“,”`);
      }
      return unexpected(top.kind === 'object' ? '逗号“,”或“}”' : '逗号“,”或“]”');
    }
    // a value is expected (root, array element or object member)
    if (ch === '{') {
      stack.push({ kind: 'object', keys: null, key: null, open: i, state: 'key' });
      i++;
      continue;
    }
    if (ch === '[') {
      stack.push({ kind: 'array', index: 0, open: i, state: 'value' });
      i++;
      skipWs();
      if (text[i] === ']') {
        i++;
        stack.pop();
        completed();
      }
      continue;
    }
    if (ch === ']' && top && top.kind === 'array') return fail(i, '多余的逗号：最后一项后面不能有逗号');
    if (ch === '"') {
      const r = scanString();
      if (typeof r !== 'number') return r;
      i = r;
      completed();
      continue;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      const r = scanNumber();
      if (r) return r;
      completed();
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      i += word.length;
      completed();
      continue;
    }
    if (word === 'True' || word === 'False' || word === 'None' || word === 'NULL' || word === 'Null')
      return fail(i, `“${word}”不是 JSON 值，应写成小写的 true、false 或 null`);
    if (word === 'undefined' || word === 'NaN' || word === 'Infinity') return fail(i, `JSON 不支持“${word}”，请改用 null 或一个数字`);
    if (word !== undefined) return fail(i, `“${word}”不是合法的 JSON 值：文字要用英文双引号括起来`);
    return unexpected('一个值（对象、数组、字符串、数字、true、false 或 null）');
  }
}
