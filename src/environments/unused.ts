// A variable aac.yaml declares that nothing references sets nothing: its default and each
// environment's value for it are settings that do nothing, as an unused Terraform variable is
// (which tflint's terraform_unused_declarations warns of). Pure.
import type { Diagnostic } from '../model/diagnostic.js';
import { andList } from '../util/words.js';
import type { Environments } from './config.js';

/**
 * A warning at each variable `declared` declares (at its name under `variables:` in aac.yaml) that
 * is not in `referenced`, the names the definitions take values from (Definition.variables) in
 * every environment: what it sets that does nothing (its default, the environments' values), and
 * the fix. `referenced` must be whole — every environment's overlays read, no definition left
 * out by an error (one may hold the only reference) — or a variable in use is called unused.
 */
export function unusedVariables(declared: Environments, referenced: ReadonlySet<string>): Diagnostic[] {
  return declared.variables.filter((v) => !referenced.has(v.name)).map((v) => {
    const givers = declared.environments.filter((e) => e.ownValues.has(v.name));
    const one = givers.length === 1;
    const sets = [
      ...(v.default !== undefined ? ['its default'] : []),
      ...(givers.length > 0 ? [`the value${one ? '' : 's'} environment${one ? '' : 's'} ${andList(givers.map((e) => `'${e.name}'`))} give${one ? 's' : ''} it`] : []),
    ];
    const nothing = sets.length === 0 ? 'it sets nothing' : `${andList(sets)} set${sets.length === 1 && (v.default !== undefined || one) ? 's' : ''} nothing`;
    const ref = `\${var.${v.name}}`;
    return {
      severity: 'warning',
      code: 'unused-variable',
      location: v.at,
      path: `variables.${v.name}`,
      message: `variable '${v.name}' is declared, but no definition, overlay or fragment references it (${ref}): ${nothing}`,
      hint: `reference it as ${ref} where its value belongs, or remove ${andList([`variables.${v.name}`, ...givers.map((e) => `environments.${e.name}.values.${v.name}`)])}`,
    };
  });
}
