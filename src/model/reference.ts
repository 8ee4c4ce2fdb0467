// What of `${var.…}` syntax the layers below environments/ need: a string that is exactly one
// reference, which takes its variable's value with its type (aac migrate's mappings, the schema's
// hints), and where references are read. The rest of the syntax, and the substitution, are
// environments/variables.ts's.

/** `${var.NAME}` as a whole string, anything up to the closing brace as NAME. */
export const WHOLE_REFERENCE = /^\$\{var\.([^}]*)\}$/;

/**
 * Whether `value` is a string that is exactly one `${var.…}` reference, which takes the variable's
 * value with its type: as written (aac migrate), it stands for a value of any type.
 */
export function isWholeReference(value: unknown): value is string {
  return typeof value === 'string' && WHOLE_REFERENCE.test(value);
}

/** The hint for a reference written where none is read (aac.yaml): README, Environments, "Variables". */
export const NOT_READ_HERE = '${var.…} references are read in definitions, overlays and fragments, not here: write the value itself';
