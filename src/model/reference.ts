// The one piece of `${var.…}` syntax a backend needs (aac migrate's mappings): a string that is
// exactly one reference, which takes its variable's value with its type. The rest of the syntax,
// and the substitution, are environments/variables.ts's.

/** `${var.NAME}` as a whole string, anything up to the closing brace as NAME. */
export const WHOLE_REFERENCE = /^\$\{var\.([^}]*)\}$/;

/**
 * Whether `value` is a string that is exactly one `${var.…}` reference, which takes the variable's
 * value with its type: as written (aac migrate), it stands for a value of any type.
 */
export function isWholeReference(value: unknown): value is string {
  return typeof value === 'string' && WHOLE_REFERENCE.test(value);
}
