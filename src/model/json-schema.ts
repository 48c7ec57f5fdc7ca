// The published JSON Schemas (draft-07) of the two documents, from the TypeBox source in model/schema.ts.
import { Instance, Schedule } from './schema.js';

/** A plain JSON copy of the schema (TypeBox's symbol keys dropped), marked as draft-07. */
export function jsonSchema(kind: 'instance' | 'schedule'): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(kind === 'instance' ? Instance : Schedule)) as Record<string, unknown>;
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...plain };
}
