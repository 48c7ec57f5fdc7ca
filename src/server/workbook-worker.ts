// Workbook thread: reads an uploaded Excel workbook (the office formats' reader, exceljs) off the event loop, so a
// large school's workbook never stalls /healthz or the page. Started per upload by workbooks.ts (uploads are rare;
// at most two at once, each with a heap limit and a time limit); posts back the reader's result and exits.
import { parentPort, workerData } from 'node:worker_threads';
import { readWorkbook } from '../office/index.js';

const bytes = workerData as Uint8Array;
readWorkbook(bytes).then(
  (result) => parentPort!.postMessage(result.ok ? { ok: true, instanceJson: JSON.stringify(result.instance), warnings: result.warnings } : result),
  (e: unknown) => parentPort!.postMessage({ ok: false, problems: [{ sheet: '', cell: '', path: '', code: 'workbook-unreadable', message: `无法读取 Excel 文件：${(e as Error)?.message ?? String(e)}`, severity: 'error' }] }),
);
