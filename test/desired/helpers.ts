// Definition trees in temporary directories, loaded through the real loader.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { loadDefinitions, type LoadResult } from '../../src/desired/index.js';
import type { ProviderName } from '../../src/backends/assistants/providers.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

const made: string[] = [];

/** A project root with the given files (paths relative to it); returns its path. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'aac-desired-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  mkdirSync(join(root, 'assistants'), { recursive: true });
  return root;
}

export function cleanupTrees(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Loads `assistants/` below a fresh project holding the given files. */
export async function load(files: Record<string, string | Buffer>, provider: ProviderName = 'openai'): Promise<LoadResult & { root: string }> {
  const root = writeTree(files);
  const result = await loadDefinitions(join(root, 'assistants'), { cwd: root, provider });
  return { ...result, root };
}

/** Loads one definition given as an object (`assistants/a.yaml`). */
export async function loadOne(def: unknown, provider: ProviderName = 'openai', extra: Record<string, string> = {}): Promise<LoadResult> {
  return load({ 'assistants/a.yaml': stringify(def, { lineWidth: 0 }), ...extra }, provider);
}

export function errors(r: LoadResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

/** `line:col code path` of each error, for compact assertions. */
export function brief(r: LoadResult): string[] {
  return errors(r).map((d) => `${d.location.line}:${d.location.column} ${d.code} ${d.path}`);
}

/**
 * Runs `fn` with the effective user `nobody` when the tests run as root (as CI does): root reads
 * any file whatever its mode, so a permission error can only be provoked as another user. The
 * tree must be reachable by that user; `fn` must not load modules for the first time.
 */
export async function asUnprivileged<T>(root: string, fn: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0) return fn();
  chmodSync(root, 0o755); // mkdtemp makes it 0700
  process.setegid!(65534);
  process.seteuid!(65534);
  try {
    return await fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}
