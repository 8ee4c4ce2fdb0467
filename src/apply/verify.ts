// After a write, the server's answer is the truth: a field it dropped or changed would otherwise
// only show up as a perpetual diff on the next plan, far from its cause.
import type { ResourceKind } from '../backends/backend.js';
import type { LiveResource, NormalizedSpec } from '../model/definition.js';
import type { Json } from '../model/json.js';
import { diffSpecs } from '../plan/diff.js';
import { formatValue } from '../util/value-text.js';
import { alikeNote, ESCAPES_NOTE, formatAlikePair, printsAlike } from '../util/look-alike.js';

/** Characters of a value shown in a warning; the plan shows values whole. */
const SHOWN = 80;
const show = (value: Json | undefined) => (value === undefined ? 'nothing' : formatValue(value, SHOWN));

/**
 * One warning per field in `fields` whose value in the response differs from the planned `after`.
 * Only the fields that were sent are checked: a field left out of a modify was not asked for.
 */
export function verifyWrite(
  after: NormalizedSpec,
  response: LiveResource,
  fields: readonly string[],
  kind: ResourceKind,
  provider: string,
): string[] {
  const stored = kind.normalize(response.spec, provider);
  // diffSpecs compares live (before) with desired (after): the stored value is `before`.
  return diffSpecs(stored, kind.comparable(stored, after, provider, response.markers), kind)
    .fieldChanges.filter((c) => fields.includes(c.field))
    .map((c) => {
      // A host that stores a string normalized (NFC) would otherwise be reported as `sent "Café", it stored "Café"`.
      if (typeof c.after === 'string' && typeof c.before === 'string' && printsAlike(c.after, c.before)) {
        const [sent, stored] = formatAlikePair(c.after, c.before, SHOWN);
        return `the API did not take '${c.field}' as sent: sent ${sent}, it stored ${stored} (${alikeNote(c.after, c.before)}; ${ESCAPES_NOTE})`;
      }
      return `the API did not take '${c.field}' as sent: sent ${show(c.after)}, it stored ${show(c.before)}`;
    });
}
