#!/usr/bin/env node
// `kehou`: the command-line entry point. Every command lives in its own file `src/cli/<command>.ts` exporting
// `register(program: Command): void`; adding one = that file + one import and one entry in COMMANDS below.
// Command files must stay light at import time: load the solver, checker, server… inside the action handler
// (`const { solve } = await import('../solver/index.js')`), so `kehou --help` starts in well under 200 ms.
// Exit codes: 0 ok, 1 invalid input / violations, 2 usage error, 3 `--strict` shortfalls. No stack traces.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help } from 'commander';

// ---- command registrations: one import + one COMMANDS entry per command (keep this order) ----
import { register as registerValidate } from './validate.js';
import { register as registerSchema } from './schema.js';
import { register as registerGenerate } from './generate.js';
import { register as registerSolve } from './solve.js';
import { register as registerCheck } from './check.js';
import { register as registerWhatif } from './whatif.js';
import { register as registerServe } from './serve.js';
import { register as registerExportLp } from './export-lp.js';
import { register as registerTemplate } from './template.js';
import { register as registerImport } from './import.js';
import { register as registerExport } from './export.js';
import { register as registerWorker } from './worker.js';
import { register as registerBatch } from './batch.js';
import { register as registerAdvise } from './advise.js';

const COMMANDS: readonly ((program: Command) => void)[] = [
  registerValidate,
  registerSchema,
  registerGenerate,
  registerSolve,
  registerCheck,
  registerWhatif,
  registerServe,
  registerExportLp,
  registerTemplate,
  registerImport,
  registerExport,
  registerWorker,
  registerBatch,
  registerAdvise,
];
// ---- end of command registrations ----

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Global Options:': '全局选项：',
};

// commander's "(choices: …, default: …)" after a description, in Chinese
function zhExtra(description: string): string {
  return description.replace(/\(((?:choices|default|preset|env): .*)\)$/, (_, inner: string) =>
    '（' +
    inner
      .replace(/(^|, )choices: /, (_m, sep: string) => (sep ? '，' : '') + '可选值：')
      .replace(/(^|, )default: /, (_m, sep: string) => (sep ? '，' : '') + '默认：')
      .replace(/(^|, )preset: /, (_m, sep: string) => (sep ? '，' : '') + '预设：')
      .replace(/(^|, )env: /, (_m, sep: string) => (sep ? '，' : '') + '环境变量：') +
      '）',
  );
}

// commander's English errors, in Chinese
const ERRORS: readonly [RegExp, (...m: string[]) => string][] = [
  [/^error: unknown option '([^']*)'(?:\n\(Did you mean (.*)\?\))?/, (_, o, s) => `错误：未知选项“${o}”${s ? `，是否想用 ${s}？` : ''}`],
  [/^error: unknown command '([^']*)'(?:\n\(Did you mean (.*)\?\))?/, (_, c, s) => `错误：未知命令“${c}”${s ? `，是否想用 ${s}？` : ''}`],
  [/^error: missing required argument '([^']*)'/, (_, a) => `错误：缺少参数 ${a}`],
  [/^error: option '([^']*)' argument missing/, (_, o) => `错误：选项 ${o} 缺少取值`],
  [/^error: required option '([^']*)' not specified/, (_, o) => `错误：必须提供选项 ${o}`],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, (_, c, e, g) => `错误：${c ? `命令 ${c} 的` : ''}参数过多：应为 ${e} 个，实际 ${g} 个`],
  [
    /^error: command-argument value '([^']*)' is invalid for argument '([^']*)'\. Allowed choices are (.*)\./,
    (_, v, a, c) => `错误：参数 ${a} 的值“${v}”无效，可选值：${c}`,
  ],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./, (_, o, v, c) => `错误：选项 ${o} 的值“${v}”无效，可选值：${c}`],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\.?\s*(.*)/, (_, o, v, why) => `错误：选项 ${o} 的值“${v}”无效${why ? `：${why}` : ''}`],
  [/^error: (.*)/s, (_, rest) => `错误：${rest}`],
];

export function translateError(text: string): string {
  const trimmed = text.trim();
  for (const [re, to] of ERRORS) {
    const m = re.exec(trimmed);
    if (m) return to(...m) + '\n';
  }
  return text;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** The `kehou` program with every command registered; exits are thrown as CommanderError (exitOverride). */
export function buildProgram(): Command {
  const program = new Command('kehou');
  program
    .description('课后服务排班：看护分组、社团、教室、值班教师与整个学期的安排')
    .version(version(), '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .configureHelp({
      styleTitle: (title: string) => TITLES[title] ?? title,
      optionDescription(this: Help, option) {
        return zhExtra(Help.prototype.optionDescription.call(this, option));
      },
      argumentDescription(this: Help, argument) {
        return zhExtra(Help.prototype.argumentDescription.call(this, argument));
      },
    } as Partial<Help>)
    .configureOutput({ outputError: (str, write) => write(translateError(str)) })
    .showHelpAfterError('（用 kehou --help 查看用法）')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride().helpOption('-h, --help', '显示帮助');
  return program;
}

// help and version end with 0; everything else commander reports (also help shown for a missing command) is a usage error
const OK_CODES = new Set(['commander.helpDisplayed', 'commander.version', 'commander.executeSubCommandAsync']);

/** One line, a code, no stack (set KEHOU_DEBUG=1 to see the stack). */
function reportCrash(e: unknown): never {
  if (process.env.KEHOU_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' && /^[a-z][a-z0-9-]*$/.test(err.code) ? err.code : 'internal-error';
  const message = err?.message ? String(err.message).split('\n')[0] : String(e);
  const fs = typeof err?.code === 'string' && /^E[A-Z]+$/.test(err.code);
  process.stderr.write(fs ? `错误 [file-error]：文件操作失败（${err.code}）：${message}\n` : `错误 [${code}]：${message}\n`);
  return process.exit(1);
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0); // `kehou schema instance | head`
    reportCrash(e);
  });
  process.on('uncaughtException', reportCrash);
  process.on('unhandledRejection', reportCrash);
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = OK_CODES.has(e.code) || (e.code === 'commander.help' && e.exitCode === 0) ? 0 : 2;
      return;
    }
    reportCrash(e);
  }
}

await main();
