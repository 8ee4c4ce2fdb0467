// Which file of a definitions directory defines each key, as that directory's own run reads it:
// the one reading a message about another directory's files relies on (a definition here that
// copies one of another directory's, desired/index.ts's warning for a directory read from the
// whole project). Never a key guessed from a path: a file's `key:` gives its key.
import type { Environments } from '../environments/config.js';
import type { ProjectConfig } from '../model/config.js';

/** A definitions directory as its own run reads it: the directory (absolute), the settings of that run (its provider, its environment) and its aac.yaml's environments. */
export interface DirectoryRun {
  abs: string;
  run: Pick<ProjectConfig, 'provider' | 'environment'>;
  environments?: Environments;
}

/**
 * By key, the definition file of `dir`'s directory that defines it, shown from `cwd`, as that
 * directory's own run reads it (desired/index.ts loadDefinitions, under its provider and
 * environment): a file's `key:` gives its key, else its path below the directory; a file with an
 * error defines none. Nothing when the directory cannot be read. Read once per call.
 */
export async function definingFiles(dir: DirectoryRun, cwd: string): Promise<Map<string, string>> {
  const { run, environments } = dir;
  try {
    // Imported here: plan's command module, which imports this one, must not load the loader at start (start-up.test.ts).
    const { loadDefinitions } = await import('./index.js');
    const { definitions } = await loadDefinitions(dir.abs, { cwd, provider: run.provider, ...(environments ? { environments } : {}), ...(run.environment !== undefined ? { environment: run.environment } : {}) });
    return new Map(definitions.map((d) => [d.key, d.file]));
  } catch {
    return new Map();
  }
}
