// A Kubernetes manifest among the definitions (`apiVersion:`, `kind:`, `metadata:`, `spec:`): the
// shape a platform engineer who lives in kubectl writes a resource in. Read as a definition it got
// one unknown-field error for each of its wrapper's fields, each listing the kind's fields, and
// no word of what was wrong: the wrapper. Said once, with what a definition looks like instead.
import type { ResourceKind } from '../backends/backend.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { YamlSource } from '../yaml/source.js';
import { IGNORE_FILE } from './ignore.js';

/**
 * Whether `value` (a parsed definition file's top level) is a Kubernetes manifest: it writes both
 * `apiVersion` and `kind`, which every manifest carries (the Kubernetes API conventions) and no
 * aac kind has at its top (each kind's schema, schema/*.schema.json `properties`).
 */
export function isKubernetesManifest(value: Readonly<Record<string, unknown>>): boolean {
  return Object.hasOwn(value, 'apiVersion') && Object.hasOwn(value, 'kind');
}

/**
 * The one error of a Kubernetes manifest (`src`, its top level `value`) read as a definition of `kind` (code `unknown-field`),
 * at the file's top, in place of the schema's: what an aac definition is (README, The definition
 * format: the resource's own fields at the top of its file, one resource a file, its key the file's
 * path), and where a manifest for a cluster goes instead.
 */
export function kubernetesManifestError(src: YamlSource, value: Readonly<Record<string, unknown>>, kind: ResourceKind): Diagnostic {
  const wrapper = ['apiVersion', 'kind', 'metadata', 'spec'].filter((f) => Object.hasOwn(value, f));
  return src.diag([], {
    // Its wrapper's fields are what the kind does not know: the code a reader already branches on.
    code: 'unknown-field',
    message: `the file is a Kubernetes manifest (${wrapper.map((f) => `${f}:`).join(', ')}), not an aac definition: aac reads no such wrapper`,
    hint: `an aac definition is one ${kind.nouns.one}'s own fields at the top of its file (its key is the file's path, no metadata.name): start with ${kind.starter} and write what spec: holds there, without apiVersion:, kind: or spec:; a manifest for a cluster goes outside the definitions directory, or in ${IGNORE_FILE} at its top`,
  });
}
