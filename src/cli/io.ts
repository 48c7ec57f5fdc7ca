// File input/output shared by every CLI command: reading JSON (with line/column errors, any common encoding),
// loading a valid instance or exiting with every problem listed, printing problems, writing files atomically.
// Errors go to stderr, one line each: `path  code  message`; never a stack trace for a user mistake.
import { InvalidArgumentError } from 'commander';
import { fstatSync, fsyncSync, unlinkSync, writeSync } from 'node:fs';
import { readFile, rename, mkdir, unlink, open, readdir, stat } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { parseJson } from '../model/parse.js';
import type { Omitted, Problem } from '../model/problems.js';
import type { Instance, Schedule } from '../model/schema.js';
import type { Command } from 'commander';


/** How a message names an input: “school.json”, or 标准输入 for `-`. */
export const inputLabel = (path: string): string => (path === '-' ? '标准输入' : `“${path}”`);
export type ReadResult =
  | { readonly ok: true; readonly value: unknown; readonly warnings: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Exit codes of every command (common.md). */
export const EXIT = { ok: 0, invalid: 1, usage: 2, strict: 3 } as const;

const fileProblem = (code: string, message: string): Problem => ({ path: '', code, message, severity: 'error' });

/** Reads and parses a JSON file (`-` = standard input). UTF-8 (with or without BOM), UTF-16 and GB18030 are accepted. */
export async function readJsonFile(path: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await readStdin() : await readFile(path);
  } catch (e) {
    return { ok: false, problems: [fileProblem(...describeFsError(e, path))] };
  }
  const decoded = decode(bytes);
  if (decoded.text.trim() === '') return { ok: false, problems: [fileProblem('malformed-json', `${path === '-' ? '标准输入' : `文件“${path}”`}是空的，应为一个 JSON 对象`)] };
  const parsed = parseJson(decoded.text);
  if (!parsed.ok) return parsed;
  return { ok: true, value: parsed.value, warnings: decoded.warning ? [decoded.warning, ...parsed.warnings] : parsed.warnings };
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function describeFsError(e: unknown, path: string): [string, string] {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return ['file-not-found', `找不到文件“${path}”`];
    case 'EISDIR':
      return ['file-unreadable', `“${path}”是一个目录，不是文件`];
    case 'EACCES':
    case 'EPERM':
      return ['file-unreadable', `没有权限读取文件“${path}”`];
    default:
      return ['file-unreadable', `无法读取文件“${path}”：${(e as Error)?.message ?? String(e)}`];
  }
}

/** Bytes → text: BOM-marked UTF-8/UTF-16, else UTF-8, else GB18030 (common in Chinese Windows offices). */
function decode(bytes: Buffer): { text: string; warning?: Problem } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }; // drops a UTF-8 BOM itself
  } catch {
    try {
      return {
        text: new TextDecoder('gb18030').decode(bytes),
        warning: { path: '', code: 'not-utf8', message: '文件不是 UTF-8 编码，已按 GBK/GB18030 读取；建议另存为 UTF-8', severity: 'warning' },
      };
    } catch {
      return {
        text: new TextDecoder('utf-8').decode(bytes),
        warning: { path: '', code: 'not-utf8', message: '文件含有无效的 UTF-8 字节，已替换为 �；建议另存为 UTF-8', severity: 'warning' },
      };
    }
  }
}

/** One line per problem: `path  code  message` (warnings marked 警告; malformed JSON carries line:column in its message);
 * a problem from a workbook starts with its sheet and cell: `学生!C17 (/students/15/class)  code  message`. */
export function formatProblem(p: Problem & { sheet?: string; cell?: string }): string {
  const path = oneLine(p.path === '' ? '/' : p.path);
  const where = p.sheet ? `${oneLine(p.sheet)}${p.cell ? `!${p.cell}` : ''}${p.path ? ` (${path})` : ''}` : path;
  return `${where}  ${p.code}  ${p.severity === 'warning' ? '警告：' : ''}${oneLine(p.message)}`;
}

// a key or id from the file may hold a line break or other control character: escape it, one problem = one line
const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

/** How warnings are shown: grouped by code with a few examples (default), all (`--verbose`), or none (`-q`). */
export const warningDisplay: { verbose: boolean; quiet: boolean; defer: boolean } = { verbose: false, quiet: false, defer: false };

/** Adds `-v, --verbose` and `-q, --quiet` (warnings: all / none) to a command; its action calls useWarningOptions. */
export function warningOptions(cmd: Command): Command {
  return cmd.option('-v, --verbose', '列出全部警告（默认按类别合并，每类举几个例子）').option('-q, --quiet', '不打印警告');
}

/** Applies a command's `--verbose` / `-q`; warnings of loaded files are held back until flushWarnings (result first). */
export function useWarningOptions(opts: { verbose?: boolean; quiet?: boolean }): void {
  warningDisplay.verbose = opts.verbose === true;
  warningDisplay.quiet = opts.quiet === true;
  warningDisplay.defer = true;
}

const pending: Problem[] = [];

/** Prints the warnings held back while the command ran (after its result). */
export function flushWarnings(stream: NodeJS.WritableStream = process.stderr): void {
  const list = pending.splice(0);
  printProblems(list, stream);
}

/** Short Chinese titles of frequent warning codes, for the grouped display. */
const WARNING_TITLES: Readonly<Record<string, string>> = {
  'pref-never-joinable': '学生志愿中有永远无法参加的社团',
  'club-below-min': '报名人数不足最少人数的社团',
  'no-leader-for-club': '没有人能指导的社团',
  'no-room-for-club': '没有合适场地的社团',
  'duplicate-pref': '志愿中重复的社团',
  'class-over-size': '报名人数超过班级人数',
  'no-days': '没有参加日的学生',
  'block-gap': '作息时段之间有空档',
  'timeline-grade-unused': '作息中没有班级的年级',
  'date-as-id': '被 Excel 存成日期的编号',
  'unknown-column': '无法识别的列',
};

/** Prints problems (default: stderr): every error, one line each; then warnings grouped by code (a count and
 * three examples per code), all of them with --verbose, none with -q. */
export function printProblems(problems: readonly Problem[], stream: NodeJS.WritableStream = process.stderr): void {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity !== 'error');
  const lines = errors.map(formatProblem);
  if (!warningDisplay.quiet) {
    const groups = new Map<string, Problem[]>();
    for (const w of warnings) {
      let g = groups.get(w.code);
      if (!g) groups.set(w.code, (g = []));
      g.push(w);
    }
    for (const [code, list] of groups) {
      if (warningDisplay.verbose || list.length <= 3) {
        lines.push(...list.map(formatProblem));
        continue;
      }
      lines.push(`警告 [${code}] 共 ${list.length} 条${WARNING_TITLES[code] ? `：${WARNING_TITLES[code]}` : ''}，例如：`);
      lines.push(...list.slice(0, 3).map((p) => '  ' + formatProblem(p)));
      lines.push(`  ……另有 ${list.length - 3} 条（加 --verbose 列出全部）`);
    }
  }
  if (lines.length > 0) stream.write(lines.join('\n') + '\n');
}

/** Warnings of a loaded file: held back for flushWarnings when the command shows its result first, else printed. */
function reportWarnings(warnings: readonly Problem[]): void {
  if (warningDisplay.defer) pending.push(...warnings);
  else printProblems(warnings);
}

export type LoadOptions = {
  /** print warnings to stderr (default true) */
  readonly warnings?: boolean;
  /** the most students an instance may list (--max-students; default 20 000) */
  readonly maxStudents?: number;
  /** print problems as a JSON list on stdout instead of lines on stderr (default false) */
  readonly json?: boolean;
};

/** Reads, parses and validates an instance (a JSON file, or an Excel workbook / CSV: src/office); on any error prints
 * every problem and exits 1. */
export async function loadInstanceOrExit(path: string, options: LoadOptions = {}): Promise<Instance> {
  const { isOfficePath, looksLikeWorkbook, readOfficeFiles } = await import('./office-input.js');
  if (path !== '-' && (isOfficePath(path) || (await looksLikeWorkbook(path)))) {
    const office = await readOfficeFiles([path]);
    if (!office.ok) return exitWithProblems(path, office.problems, options);
    if (options.warnings !== false && !options.json) reportWarnings(office.warnings);
    return office.instance;
  }
  // the validator's modules load while the file is read
  const [{ validateInstance }, read] = await Promise.all([import('../model/validate.js'), readJsonFile(path)]);
  if (!read.ok) return exitWithProblems(path, read.problems, options);
  const result = validateInstance(read.value, options.maxStudents !== undefined ? { maxStudents: options.maxStudents } : {});
  const warnings = [...read.warnings, ...result.warnings];
  if (!result.ok) return exitWithProblems(path, [...result.errors, ...warnings], options, result.omitted);
  if (options.warnings !== false && !options.json) reportWarnings(warnings);
  return result.instance;
}

/** Reads, parses and validates a schedule's structure; on any error prints every problem and exits 1. */
export async function loadScheduleOrExit(path: string, options: LoadOptions = {}): Promise<Schedule> {
  const { validateSchedule } = await import('../model/validate.js');
  const read = await readJsonFile(path);
  if (!read.ok) return exitWithProblems(path, read.problems, options);
  const result = validateSchedule(read.value);
  const warnings = [...read.warnings, ...result.warnings];
  if (!result.ok) return exitWithProblems(path, [...result.errors, ...warnings], options, result.omitted);
  if (options.warnings !== false && !options.json) reportWarnings(warnings);
  return result.schedule;
}

function exitWithProblems(path: string, problems: readonly Problem[], options: LoadOptions, omitted?: Omitted): never {
  if (options.json) process.stdout.write(JSON.stringify(problems, null, 2) + '\n');
  else {
    printProblems(problems);
    printOmitted(omitted);
    const errors = problems.filter((p) => p.severity === 'error').length + omittedCount(omitted);
    process.stderr.write(`${inputLabel(path)}有 ${errors} 个问题，未做任何处理。\n`);
  }
  return process.exit(EXIT.invalid);
}

const omittedCount = (omitted: Omitted | undefined): number => Object.values(omitted ?? {}).reduce((a, b) => a + b, 0);

/** `……另有 52000 个问题未逐条列出：duplicate-id 52000` (a validation lists the first MAX_PROBLEMS in full). */
export function printOmitted(omitted: Omitted | undefined, stream: NodeJS.WritableStream = process.stderr): void {
  const n = omittedCount(omitted);
  if (n === 0) return;
  const byCode = Object.entries(omitted ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([code, k]) => `${code} ${k}`)
    .join('，');
  stream.write(`……另有 ${n} 个问题未逐条列出：${byCode}\n`);
}

/** `--max-students N`: a positive whole number. */
export function maxStudentsArg(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('--max-students 应为正整数');
  }
  return Number(text);
}

export const MAX_STUDENTS_HELP = '学生人数上限（默认 20000；超过时视为数据有误，确有这么多学生时用它提高上限）';

/** Prints `错误 [code]：message` to stderr and exits (default 1). For user mistakes: no stack trace. */
export function fail(code: string, message: string, exitCode: number = EXIT.invalid): never {
  process.stderr.write(`错误 [${code}]：${message}\n`);
  return process.exit(exitCode);
}

let tmpCounter = 0;

/** A write that failed, in Chinese, naming the place (code `write-failed`; main.ts prints it as one line, exit 1). */
export class WriteError extends Error {
  readonly code = 'write-failed';
}

const WHY: Readonly<Record<string, string>> = {
  ENOSPC: '磁盘空间已满',
  EDQUOT: '超出磁盘配额',
  EROFS: '磁盘是只读的',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  ENOENT: '路径不存在',
  ENOTDIR: '路径中有一段不是目录',
  EISDIR: '这是一个目录',
  EIO: '磁盘读写出错',
  EPIPE: '接收输出的程序已关闭',
  EFBIG: '文件过大',
};

function writeError(e: unknown, what: string): WriteError {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  return new WriteError(`${what}失败：${WHY[code] ?? (e as Error)?.message ?? String(e)}${code ? `（${code}）` : ''}`);
}

/** Creates the missing directories of `dir` one by one, so a failure names the directory and the real reason
 * (a read-only disk, no permission), never a bare ENOENT (nor the endless retry of a recursive mkdir on /proc). */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    const found = await stat(d).then(
      (s) => (s.isDirectory() ? 'dir' : 'other'),
      () => 'none',
    );
    if (found === 'dir') break;
    if (found === 'other') throw new WriteError(`无法创建目录“${d}”：同名的文件已存在`);
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(e, `创建目录“${d}”`);
    }
  }
}

const TMP_PATTERN = /^\.(.+)\.(\d+)\.\d+\.[0-9a-z]+\.tmp$/;

/** Removes temporary files an interrupted run (killed, power cut) left beside `path`: its process is gone. */
async function removeStaleTemporaries(dir: string, name: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    const m = TMP_PATTERN.exec(entry);
    if (!m || m[1] !== name || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    await unlink(join(dir, entry)).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// temporary files being written now: removed if the process is interrupted (Ctrl-C, kill)
const writing = new Set<string>();
let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const tmp of writing) {
        try {
          unlinkSync(tmp);
        } catch {
          // already gone
        }
      }
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/** Writes a file atomically: parent directories created, a temporary file beside it written in full and
 * flushed to disk (fsync), then renamed over `path`. On any failure (a full disk…) `path` is untouched, the
 * temporary file removed, and a WriteError says why. Temporary files of earlier interrupted runs are removed. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await makeDirectories(dir);
  await removeStaleTemporaries(dir, basename(path));
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${++tmpCounter}.${Date.now().toString(36)}.tmp`);
  hookSignals();
  writing.add(tmp);
  try {
    const file = await open(tmp, 'wx').catch((e: unknown) => {
      throw writeError(e, `在“${dir}”中写入`);
    });
    try {
      await file.writeFile(data);
      await file.sync();
    } catch (e) {
      throw writeError(e, `写入“${path}”`);
    } finally {
      await file.close().catch(() => undefined);
    }
    await rename(tmp, path).catch((e: unknown) => {
      throw writeError(e, `写入“${path}”`);
    });
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    writing.delete(tmp);
  }
}

/** Writes to standard output and makes sure every byte arrived: a file or device (`> out.json`) is written in
 * a loop and flushed, so a full disk is an error (exit 1), never a truncated file with exit 0; a pipe or
 * terminal is written through the stream, waiting for its callback. */
export async function writeStdout(text: string): Promise<void> {
  let kind: 'file' | 'stream' = 'stream';
  try {
    const s = fstatSync(1);
    if (s.isFile() || s.isCharacterDevice() || s.isBlockDevice()) kind = process.stdout.isTTY ? 'stream' : 'file';
  } catch {
    kind = 'stream';
  }
  if (kind === 'file') {
    const bytes = Buffer.from(text, 'utf8');
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(1, bytes, off, bytes.length - off);
    } catch (e) {
      throw writeError(e, '写入标准输出');
    }
    try {
      fsyncSync(1);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EROFS') throw writeError(e, '写入标准输出');
    }
    return;
  }
  await new Promise<void>((ok, fail) => {
    // a reader that stops early (`| head`) is not a failed write: main.ts ends the process quietly on EPIPE
    process.stdout.write(text, (e) => (e && (e as NodeJS.ErrnoException).code !== 'EPIPE' ? fail(writeError(e, '写入标准输出')) : ok()));
  });
}

/** Writes JSON (2-space indent, trailing newline) to `path` atomically, or to stdout when `path` is `-` or undefined. */
export async function writeJsonOutput(path: string | undefined, value: unknown): Promise<void> {
  const text = JSON.stringify(value, null, 2) + '\n';
  if (path === undefined || path === '-') await writeStdout(text);
  else await writeFileAtomic(path, text);
}
