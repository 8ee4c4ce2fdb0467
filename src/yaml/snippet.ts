// A line of YAML that a hint tells the user to write (`moved_from: ["a,b"]`, `key: "@octocat"`,
// `id: asst_…`): written by the YAML library, so that following the hint literally reads back as
// the very value the hint names, whatever characters a key holds (a comma splits a flow list, `[`
// opens one, `@` cannot start a plain value).
import type { YAMLSeq } from 'yaml';
import { onFirstUse } from '../util/on-first-use.js';

const yaml = onFirstUse<typeof import('yaml')>('yaml');

/**
 * `field: value` as one line of YAML, `value` quoted only where its plain form would read back as
 * something else (`key: billing`, `key: a,b`, `key: "@octocat"`, `key: "[x]"`); with `list`, a
 * one-item flow list (`moved_from: [billing]`, `moved_from: ["a,b"]`). The library chooses the
 * quoting, and the line is read back to be sure: a line that does not give back `value` (the
 * library folding a long one, say) is written with JSON's double quotes instead, which YAML reads
 * as the same string.
 */
export function yamlLine(field: string, value: string, { list = false }: { list?: boolean } = {}): string {
  const { Document, parse } = yaml();
  const doc = new Document({ [field]: list ? [value] : value });
  if (list) (doc.get(field, true) as YAMLSeq).flow = true;
  const line = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd();
  const back: unknown = line.includes('\n') ? undefined : parse(line);
  const read = (back as Record<string, unknown> | null)?.[field];
  if (list ? Array.isArray(read) && read.length === 1 && read[0] === value : read === value) return line;
  return `${field}: ${list ? `[${JSON.stringify(value)}]` : JSON.stringify(value)}`;
}
