// Every `code` a diagnostic or a failure can carry: the one list. The Diagnostic and FailureCode
// types are made from it, and schema/output/diagnostics.schema.json's enum of `code` is held equal
// to it (test/output-schemas), so a code mistyped in src/ fails the type check and one added here
// without the schema fails the test. A new code is added here, in its group, and to the schema.

/** Codes of located problems (Diagnostic.code): a definition's, a file's, a directory's, aac.yaml's, a saved plan's. */
export const LOCATED_CODES = [
  'ambiguous-move',
  'apply-failed',
  'apply-unknown',
  'apply-warning',
  'binary-file',
  'case-clash',
  'conflicting-fields',
  'copies-differ',
  'credential-in-definition',
  'credential-in-namespace',
  'credential-value',
  'duplicate-function',
  'duplicate-id',
  'duplicate-key',
  'duplicate-name',
  'duplicate-tool',
  'effort-model',
  'empty-file',
  'empty-metadata-value',
  'empty-value',
  'file-not-found',
  'file-too-large',
  'git-ignored-file',
  'holds-definitions-dir',
  'ignored-config',
  'immutable-field',
  'include-cycle',
  'include-too-deep',
  'inexact-number',
  'invalid-file-name',
  'invalid-format',
  'invalid-id',
  'invalid-json-schema',
  'invalid-key',
  'invalid-moved-from',
  'invalid-name',
  'invalid-overlay',
  'invalid-overlays',
  'invalid-plan-file',
  'invalid-ref',
  'invalid-type',
  'invalid-value',
  'invalid-variable',
  'kept-live-field',
  'legacy-marker',
  'look-alike-key',
  'max-items',
  'max-length',
  'max-properties',
  'max-size',
  'merge-conflict',
  'migrate-choice',
  'migrate-collision',
  'migrate-drift',
  'migrate-loss',
  'min-items',
  'min-properties',
  'misplaced-config',
  'missing-field',
  'missing-variable-value',
  'moved-still-live',
  'multiple-documents',
  'name-taken',
  'namespace-in-other-directory',
  'near-miss-reference',
  'needs-provider',
  'new-vector-store',
  'no-definitions',
  'not-a-file',
  'not-a-json-number',
  'not-a-mapping',
  'not-utf8',
  'out-of-range',
  'overlay-without-base',
  'path-in-git-dir',
  'path-outside-repository',
  'pinned-id',
  'reasoning-sampling',
  'reference-in-key',
  'reference-not-read',
  'rename-refused',
  'required-by-provider',
  'reserved-metadata-key',
  'resource-without-tool',
  'same-file',
  'saved-plan',
  'schema',
  'secret-in-config',
  'setting-conflict',
  'shared-environment-target',
  'strict-schema',
  'symlink-loop',
  'too-many-includes',
  'undeclared-overlays',
  'unknown-environment',
  'unknown-field',
  'unknown-tool-type',
  'unknown-variable',
  'unread-file',
  'unreadable',
  'unsupported-field',
  'unsupported-ignore-pattern',
  'unused-variable',
  'variable-not-allowed',
  'vector-store-expired',
  'vector-store-gone',
  'windows-name',
  'wrong-type',
  'yaml-syntax',
  'yaml-tag',
  'yaml-warning',
] as const;

/**
 * Codes of a failure a UserError carries (util/errors.ts FailureCode, whose docstring says what
 * each means); `plan-edited` and `invalid-plan-file` are also located problems' (a saved plan's part).
 */
export const FAILURE_CODES = [
  'error',
  'plan-stale',
  'plan-applied',
  'plan-other-dir',
  'plan-other-namespace',
  'plan-other-provider',
  'plan-other-environment',
  'plan-other-endpoint',
  'plan-foreign',
  'plan-edited',
  'plan-option',
  'locked',
  'confirmation-needed',
] as const;

/**
 * Codes of a failure that is not a UserError (cli.ts): no endpoint or credentials, the host's error,
 * a bug, a signal that ended the run (`interrupted`: Ctrl-C, SIGTERM or SIGHUP).
 */
export const OTHER_FAILURE_CODES = ['config-error', 'api-error', 'internal-error', 'interrupted'] as const;

/** Codes of a warning a failure or an apply carries that is no one place in a file (util/errors.ts CarriedWarning). */
export const CARRIED_WARNING_CODES = ['lock-left'] as const;

export type LocatedCode = (typeof LOCATED_CODES)[number];
export type FailureCode = (typeof FAILURE_CODES)[number];
export type OtherFailureCode = (typeof OTHER_FAILURE_CODES)[number];
export type CarriedWarningCode = (typeof CARRIED_WARNING_CODES)[number];
/** A Diagnostic's code: a located problem's, or a saved plan's refusal said at its place (UserError.at). */
export type DiagnosticCode = LocatedCode | FailureCode;

/** Every code `--format json`'s diagnostics document can hold, each once, sorted: its schema's enum. */
export const DOCUMENT_CODES: readonly string[] = [...new Set<string>([...LOCATED_CODES, ...FAILURE_CODES, ...OTHER_FAILURE_CODES, ...CARRIED_WARNING_CODES])].sort();
