// `aac import` records the namespace it adopted into when that namespace came from `--namespace`
// or AAC_NAMESPACE, so the next `aac plan` without the flag plans in the same scope. The line is
// added to the definitions directory's aac.yaml (created when there is none); every other byte of
// an existing file, comments included, is kept.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import { CONFIG_FILES } from '../desired/discover.js';
import { NAMESPACE_ENV, type ResolvedNamespace } from '../config/namespace.js';
import { UserError } from '../util/errors.js';
import type { FileWrite } from './generate.js';

/** Sources that live outside the directory: a later run without them would plan elsewhere. */
const TRANSIENT_SOURCES = new Set(['--namespace', NAMESPACE_ENV]);

/**
 * The aac.yaml write that records `resolved.namespace`, or undefined when nothing needs recording
 * (it came from aac.yaml or the default). `configNamespace` is aac.yaml's `namespace:` as loaded.
 * Throws a UserError, before anything is written, when aac.yaml names another namespace or the
 * line cannot be added without changing what the file already says.
 */
export function namespaceWrite(
  dir: string,
  resolved: ResolvedNamespace,
  configNamespace: string | undefined,
  shown: (path: string) => string,
): FileWrite | undefined {
  if (!TRANSIENT_SOURCES.has(resolved.source) || configNamespace === resolved.namespace) return undefined;
  const path = CONFIG_FILES.map((name) => join(dir, name)).find((p) => existsSync(p)) ?? join(dir, CONFIG_FILES[0]!);
  if (configNamespace !== undefined) {
    throw new UserError(
      `${shown(path)} names the namespace '${configNamespace}', but ${resolved.source} says '${resolved.namespace}'; nothing was written`,
      `import into '${configNamespace}' (without ${resolved.source}), or change \`namespace:\` in ${shown(path)} first`,
    );
  }
  // stringify quotes a namespace YAML would read as another type (`1.0`, `true`).
  const line = `namespace: ${stringify(resolved.namespace)}`;
  if (!existsSync(path)) return { path, content: line, replaces: false };
  const before = readFileSync(path, 'utf8');
  const content = `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${line}`;
  // Appending is safe for a block mapping or a file of comments; anything else (a flow mapping, a
  // document end marker) is left to the user rather than rewritten.
  const old: unknown = parse(before) ?? {};
  let now: unknown;
  try {
    now = parse(content);
  } catch {
    now = undefined;
  }
  if (!isDeepStrictEqual(now, { ...(old as object), namespace: resolved.namespace })) {
    throw new UserError(
      `cannot add the namespace to ${shown(path)} without rewriting it; nothing was written`,
      `add the line \`${line.trimEnd()}\` to ${shown(path)} by hand, then run aac import again`,
    );
  }
  return { path, content, replaces: true };
}
