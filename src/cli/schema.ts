// `kehou schema instance|schedule`: prints the JSON Schema of a format (the same TypeBox objects that
// validation and the HTTP API use), as JSON on stdout.
import { Argument, type Command } from 'commander';

export function register(program: Command): void {
  program
    .command('schema')
    .description('打印实例或排班结果的 JSON Schema')
    .addArgument(new Argument('<kind>', '要打印的文档：instance 实例，schedule 排班结果').choices(['instance', 'schedule']))
    .action(async (kind: 'instance' | 'schedule') => {
      const { jsonSchema } = await import('../model/json-schema.js');
      process.stdout.write(JSON.stringify(jsonSchema(kind), null, 2) + '\n');
    });
}
