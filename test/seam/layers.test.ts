// Data flows one way, and the imports say so: every import in src/ runs down the layers (or stays
// in its own), backends never reach into the core that drives them, and the core knows a backend
// only through the contracts (backends/backend.ts) and the registry (backends/registry.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');

/** Lower layers first; a file may import its own layer and the ones below. */
const LAYERS: ReadonlyArray<readonly [number, RegExp]> = [
  [0, /^(model|util)\//],
  [1, /^yaml\//],
  // reasoning-models.ts: data on OpenAI's models that every backend naming them reads;
  // name-address.ts: when two names address one resource, for validate and migrate alike;
  // other-provider-names.ts: Azure's names for its hosts, which config and the command line refuse alike.
  [2, /^(backends\/backend\.ts|backends\/reasoning-models\.ts|backends\/name-address\.ts|backends\/other-provider-names\.ts|backends\/http\/|emulator\/(?!index\.ts))/],
  [3, /^backends\/[^/]+\//],
  [4, /^backends\/registry\.ts$/],
  [5, /^(desired|environments|plan|config|emulator\/index\.ts)/],
  // apply, import and lock act; render only draws what they and plan produce, so none needs it.
  [6, /^(apply|import|lock)\//],
  [7, /^render\//],
  [8, /^commands\//],
  // version.ts answers --version for the launcher and the CLI alike.
  [9, /^(cli\.ts|cli\/|version\.ts)/],
  [10, /^(bench\/|demo\.ts)/],
];

function layerOf(file: string): number {
  const found = LAYERS.find(([, re]) => re.test(file));
  if (!found) throw new Error(`src/${file} is in no layer: add its folder to LAYERS`);
  return found[0];
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => relative(SRC, join(dir, f)).split('\\').join('/'));
}

/** Every relative import of `file` (static, dynamic and type-only), as paths below src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative(SRC, resolve(dirname(join(SRC, file)), s)).split('\\').join('/').replace(/\.js$/, '.ts'));
}

const FILES = sources(SRC);
const EDGES = FILES.flatMap((from) => importsOf(from).filter((to) => to.endsWith('.ts')).map((to) => ({ from, to })));
const CORE = /^(desired|environments|plan|config|apply|render|import|commands|cli|cli\.ts|model|yaml|util)/;

describe('import direction', () => {
  it('reads the imports (a test that finds none cannot fail)', () => {
    expect(EDGES.length).toBeGreaterThan(100);
    expect(EDGES.some((e) => e.from === 'commands/plan-run.ts' && e.to.startsWith('plan/'))).toBe(true);
  });

  it('never runs up the layers: model ← yaml ← backends ← registry ← desired/plan ← apply/import ← render ← commands ← cli', () => {
    const up = EDGES.filter((e) => layerOf(e.to) > layerOf(e.from)).map((e) => `${e.from} → ${e.to}`);
    expect(up).toEqual([]);
  });

  it('the core knows backends only by their contracts and the registry', () => {
    const reaching = EDGES.filter((e) => CORE.test(e.from) && /^backends\/[^/]+\//.test(e.to) && !/^backends\/http\//.test(e.to))
      .map((e) => `${e.from} → ${e.to}`);
    expect(reaching).toEqual([]);
  });

  it('the rules on definitions of another kind take the kinds as data: they import no registry', () => {
    // desired/index.ts hands them every kind with its providers; the commands, where the provider was chosen.
    expect(EDGES.some((e) => e.from === 'desired/index.ts' && e.to === 'desired/kind-mismatch.ts')).toBe(true);
    expect(EDGES.filter((e) => e.from === 'desired/kind-mismatch.ts' && e.to === 'backends/registry.ts')).toEqual([]);
  });

  it("one backend never reaches into another's folder, but to migrate from its definitions", () => {
    const folder = (f: string) => /^backends\/([^/]+)\//.exec(f)?.[1];
    // A migration reads the other kind's definitions by design (an Assistants definition in, an agent out).
    const migration = (e: { from: string; to: string }) => e.from.endsWith('/migrate.ts') && e.to === 'backends/assistants/assistant.ts';
    const crossing = EDGES.filter((e) => folder(e.from) && folder(e.to) && folder(e.from) !== folder(e.to) && folder(e.to) !== 'http' && !migration(e))
      .map((e) => `${e.from} → ${e.to}`);
    expect(crossing).toEqual([]);
  });
});
