// aac's JSON documents other than the plan, told apart by the fields each one alone writes (their
// schemas in schema/output/ require them), so a report given where a plan file is read — `aac
// apply --format json > result.json`, then `aac show result.json` — is named for what it is
// rather than called a damaged plan whose fix would write a plan over it.
import { isObject } from '../model/json.js';

/**
 * Each document but the plan: the top-level fields only it writes (all of them present), and what
 * it is called. The diagnostics document twice: a failed command's has `definitions: null`
 * (render/diagnostics.ts), validate's a count. Sources: schema/output/*.schema.json `required`.
 */
const DOCUMENTS: readonly { fields: readonly string[]; is: (doc: Record<string, unknown>) => boolean; name: string }[] = [
  { fields: ['outcomes', 'applied_already'], is: () => true, name: 'an aac apply report (`aac apply --format json`)' },
  { fields: ['imported', 'managed_left_alone'], is: () => true, name: 'an aac import report (`aac import --format json`)' },
  { fields: ['losses', 'retire'], is: () => true, name: 'an aac migrate report (`aac migrate --format json`)' },
  { fields: ['diagnostics', 'error_count'], is: (doc) => doc.definitions === null, name: 'the error document of a command that failed under `--format json`' },
  { fields: ['diagnostics', 'error_count'], is: () => true, name: 'an aac validate report (`aac validate --format json`)' },
  { fields: ['environments', 'endpoint'], is: () => true, name: 'an aac environments list (`aac environments --format json`)' },
];

/**
 * What `parsed` (a JSON value) is when it is an object and no plan: one of aac's other documents
 * (`an aac apply report (…)`), Terraform's JSON (`terraform show -json` of a plan or a state, which
 * write terraform_version: a Terraform user's plan.json), or any other object with neither of a
 * plan's two top-level marks, format_version and target (package.json given by a slip). Undefined
 * for a plan, damaged or not (one of the marks kept), and for a value that is no object.
 */
export function otherDocument(parsed: unknown): string | undefined {
  if (!isObject(parsed) || 'target' in parsed) return undefined;
  if (typeof parsed.terraform_version === 'string') return 'a document of Terraform\'s (`terraform show -json`: it has terraform_version)';
  if (!('format_version' in parsed)) return 'a JSON document of none of aac\'s kinds (a plan has format_version and target at its top)';
  if (typeof parsed.format_version !== 'string') return undefined;
  return DOCUMENTS.find((d) => d.fields.every((f) => f in parsed) && d.is(parsed))?.name;
}

/** A zip archive's first four bytes (PKWARE's APPNOTE.TXT, 4.3.7: the local file header's signature). */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * What a file given as a plan is when it is not UTF-8 text, from its first bytes (`head`, four or
 * more): Terraform's saved plan (`terraform plan -out` writes a zip archive) or a binary file; each
 * completes "FILE is …". aac's plan file is JSON, so no such file is one damaged.
 */
export function binaryDocument(head: Uint8Array): string {
  return ZIP_SIGNATURE.every((byte, i) => head[i] === byte)
    ? "Terraform's saved plan (`terraform plan -out` writes a zip archive), not aac's"
    : "a binary file, not an aac plan (aac's plan file is JSON text)";
}
