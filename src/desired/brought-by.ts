// Which `${var.…}` references of a definition's string brought a problem (a credential) into it,
// as the errors name them: only those at fault, each with where the config file writes the value it
// has in this run, so the reader goes to the one value to fix.
import { broughtBy } from '../environments/variables.js';
import { andList } from '../util/words.js';
import type { FieldPath, YamlSource } from '../yaml/source.js';

/** A variable at fault: its name, and its reference as a message shows it. */
export interface Bringer {
  name: string;
  /** `${var.NAME}, whose value is at agents/aac.yaml:9:16 (environments.prod.values.NAME)`, or `${var.NAME}` where no place is known. */
  shown: string;
}

/**
 * The variables of the string at `path` of `src` (an assembled definition: YamlSource.reference)
 * whose values bring in what `find` finds in the text (the texts of a credential: variables.ts
 * broughtBy, for each text those whose value alone holds it, else every one), each with where the
 * config file writes its value (YamlSource.variableAt, the file as messages show paths, relative
 * to the working directory). [] for a string written without references, or one that holds what
 * is found with them left empty.
 */
export function bringers(src: YamlSource, path: FieldPath, find: (text: string) => readonly string[]): Bringer[] {
  const written = src.reference?.(path);
  if (written === undefined) return [];
  return broughtBy(written, (name) => src.variableValue?.(name), find).map((name) => {
    const at = src.variableAt?.(name);
    return { name, shown: at === undefined ? `\${var.${name}}` : `\${var.${name}}, whose value is at ${at}` };
  });
}

/** `the value of tier`, `the values of a and b`: where a hint says the fix goes. */
export function valuesOf(at: readonly Bringer[]): string {
  return `the value${at.length === 1 ? '' : 's'} of ${andList(at.map((b) => b.name))}`;
}
