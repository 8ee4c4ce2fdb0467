// An `id:` pin in a base definition, when aac.yaml declares several environments: every
// environment takes it, but an id names a resource of one host (README, Environments), so the
// plan of each environment whose host lacks it fails on it. An import made before environments
// were added writes pins so. A warning at the pin, whose fix is the environment's overlay.
import type { Definition } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { shownPath } from '../desired/paths.js';
import type { Environment } from './config.js';
import { overlayDir } from './load-overlays.js';
import { overlayFileOf, type PinnedEnvironment } from './pin-place.js';

/**
 * A warning (code `pinned-id`, at the `id:` with its file, line and column) for each definition of
 * `definitions` whose `id:` its base file writes (not an overlay: Definition.locate), when
 * `environments` (aac.yaml's declared ones) are more than one; [] otherwise. A definition read in
 * several environments (one definition each) is warned of once, at its base file.
 */
export function basePinWarnings(definitions: readonly Definition[], environments: readonly PinnedEnvironment[]): Diagnostic[] {
  if (environments.length < 2) return [];
  const out = new Map<string, Diagnostic>();
  for (const d of definitions) {
    if (d.id === undefined || out.has(d.file)) continue;
    const at = d.locate(['id']);
    if (at.file !== d.file) continue;
    const names = environments.map((e) => `'${e.name}'`).join(', ');
    const overlays = environments.map((e) => overlayFileOf(e.overlays, d.key));
    out.set(d.file, {
      severity: 'warning',
      code: 'pinned-id',
      location: { file: at.file, line: at.line, column: at.column },
      path: 'id',
      message: `'id: ${d.id}' is in the base definition of '${d.key}', which every environment (${names}) takes, but an id names a resource of one host: the plan of an environment whose host has no such id fails`,
      hint: `move it to the overlay of the environment whose host has it (${overlays.join(' or ')}) and remove it here; an import made before environments were declared writes it so`,
    });
  }
  return [...out.values()];
}

/**
 * `env` (one aac.yaml declares, environments/config.ts) as the warnings and the plan name it: its
 * name and its overlay directory below `dir` (absolute), shown from `cwd`.
 */
export function pinnedEnvironment(dir: string, env: Environment, cwd: string): PinnedEnvironment {
  return { name: env.name, overlays: shownPath(cwd, overlayDir(dir, env)) };
}

/** pinnedEnvironment of each of `environments`, in their order. */
export function pinnedEnvironments(dir: string, environments: readonly Environment[], cwd: string): PinnedEnvironment[] {
  return environments.map((e) => pinnedEnvironment(dir, e, cwd));
}
