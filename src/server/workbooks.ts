// Reading an uploaded workbook in its own worker thread (workbook-worker.ts): at most MAX_AT_ONCE at a time (the
// others wait their turn), each with a heap limit and a time limit after which the thread is terminated. The result
// is the office reader's: the instance as JSON text, or every problem with its sheet and cell.
import { Worker } from 'node:worker_threads';
import type { ImportProblem } from '../office/index.js';
import { workerFile } from './pool.js';

export type WorkbookRead =
  | { readonly ok: true; readonly instanceJson: string; readonly warnings: readonly ImportProblem[] }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

const MAX_AT_ONCE = 2;
const TIME_LIMIT_MS = 120_000;
const HEAP_MB = 1024;

let running = 0;
const waiting: (() => void)[] = [];

const failed = (message: string): WorkbookRead => ({ ok: false, problems: [{ sheet: '', cell: '', path: '', code: 'workbook-unreadable', message, severity: 'error' }] });

/** Reads `bytes` (an .xlsx file) into an instance off the event loop. Never throws. */
export async function readWorkbookInThread(bytes: Uint8Array): Promise<WorkbookRead> {
  if (running >= MAX_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise<WorkbookRead>((resolve) => {
      const worker = new Worker(workerFile('workbook-worker'), { workerData: bytes, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve(failed(`读取工作簿超过 ${TIME_LIMIT_MS / 1000} 秒，已停止：请检查文件是否过大`));
      }, TIME_LIMIT_MS);
      worker.once('message', (m: WorkbookRead) => {
        clearTimeout(timer);
        resolve(m);
        void worker.terminate();
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        resolve(failed(e.message.includes('memory') ? '工作簿过大，读取时超出内存上限' : '无法读取这个 Excel 文件（请另存为 .xlsx 格式后重试）'));
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve(failed('无法读取这个 Excel 文件（请另存为 .xlsx 格式后重试）'));
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}
