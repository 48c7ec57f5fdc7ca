// Checker thread (piscina worker of the app's `checkers` pool): parses and validates a request body, so
// the event loop never walks a large school. See protocol.ts.
import type { CheckOutcome, CheckTask } from './protocol.js';
import { digestOf, readInstance, readWhatIf } from './requests.js';

export default function check(task: CheckTask): CheckOutcome {
  task.port.postMessage({ type: 'started' });
  try {
    const limits = { maxStudents: task.maxStudents };
    const read = task.kind === 'validate-instance' ? readInstance(task.text, limits) : readWhatIf(task.text, limits);
    if (!read.ok) {
      const { ok: _, ...rejected } = read;
      return rejected;
    }
    const school = 'school' in read.value ? read.value.school.name : read.value.instance.school.name;
    return { kind: 'valid', warnings: read.warnings, school, ...(task.digest ? { digest: digestOf(read.value) } : {}) };
  } finally {
    task.port.close();
  }
}
