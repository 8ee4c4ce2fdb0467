// Deterministic bench fixtures: N definition files and the live assistants that match them, with a
// chosen share drifted. The live side is seeded straight into the emulator (no HTTP), as if an
// earlier apply had made it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { prng } from '../emulator/faults.js';
import { encodeMarker } from '../model/marker.js';

/** The namespace the bench's definitions and seeded assistants share (AAC_NAMESPACE in its runs). */
export const BENCH_NAMESPACE = 'bench';

/**
 * Instruction sizes from 1 KB to 256,000 characters, skewed as real fleets are: 90 % between 1 and
 * 4 KB, 9 % up to 32 KB, 1 % up to the API's limit.
 */
function instructionLength(rand: () => number): number {
  const r = rand();
  const span = (lo: number, hi: number) => Math.floor(lo + rand() * (hi - lo));
  if (r < 0.9) return span(1_000, 4_000);
  if (r < 0.99) return span(4_000, 32_000);
  return span(32_000, 256_000);
}

const WORDS = ['assist', 'the', 'customer', 'with', 'billing', 'questions', 'politely', 'and', 'cite', 'policy'];

function instructions(rand: () => number, length: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < length) {
    const words = Array.from({ length: 12 }, () => WORDS[Math.floor(rand() * WORDS.length)]);
    const line = `${words.join(' ')}.`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n').slice(0, length);
}

export interface Fleet {
  dir: string;
  /** Seed bodies for the emulator, oldest first. */
  live: Array<Record<string, unknown>>;
  drifted: number;
  /** Bytes of the desired specs and of the live bodies as JSON. */
  desiredJsonBytes: number;
  liveJsonBytes: number;
}

/**
 * How the definition files are written: `yaml` in block style (instructions as a `|` literal), or
 * `json`, JSON text (valid YAML) as generators and exports write it.
 */
export type FleetFormat = 'yaml' | 'json';

/** What a fleet's definitions describe: a definition of the resource, and the live copy of one that drifted. */
export interface FleetKind {
  spec(i: number, instructions: string): Record<string, unknown>;
  drifted(spec: Record<string, unknown>): Record<string, unknown>;
}

/** Assistants (the Assistants API's fields); a drift is a changed temperature. */
export const ASSISTANT_FLEET: FleetKind = {
  spec: (i, instructions) => ({ model: 'gpt-4o', name: `Tenant ${i} support`, instructions, temperature: 0.5, metadata: { tenant: `t${i}` } }),
  drifted: (spec) => ({ ...spec, temperature: 0.9 }),
};

/** OpenAI agents (the Agents API has no sampling settings); a drift is a renamed agent. */
export const AGENT_FLEET: FleetKind = {
  spec: (i, instructions) => ({ model: 'gpt-5', name: `Tenant ${i} support`, instructions, metadata: { tenant: `t${i}` } }),
  drifted: (spec) => ({ ...spec, name: `${String(spec.name)} (edited)` }),
};

/**
 * Foundry prompt agents (a named agent, its configuration in `definition`; seeded as the
 * emulator's SeedAgent); a drift is a changed temperature in the latest version.
 */
export const FOUNDRY_AGENT_FLEET: FleetKind = {
  spec: (i, instructions) => ({
    name: `tenant-${String(i).padStart(5, '0')}`,
    metadata: { tenant: `t${i}` },
    definition: { kind: 'prompt', model: 'gpt-4o-mini', instructions, temperature: 0.5 },
  }),
  drifted: (spec) => ({ ...spec, definition: { ...(spec.definition as Record<string, unknown>), temperature: 0.9 } }),
};

export function makeFleet(root: string, n: number, driftShare: number, format: FleetFormat = 'yaml', kind: FleetKind = ASSISTANT_FLEET, seed = 42): Fleet {
  const rand = prng(seed);
  const dir = join(root, 'assistants');
  const live: Array<Record<string, unknown>> = [];
  let drifted = 0;
  let desiredJsonBytes = 0;
  for (let i = 0; i < n; i++) {
    const key = `tenants/${String(Math.floor(i / 100)).padStart(3, '0')}/tenant-${String(i).padStart(5, '0')}`;
    const spec = kind.spec(i, instructions(rand, instructionLength(rand)));
    desiredJsonBytes += Buffer.byteLength(JSON.stringify(spec));
    const file = join(dir, `${key}.yaml`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, format === 'json' ? `${JSON.stringify(spec, null, 2)}\n` : stringify(spec, { lineWidth: 0 }));
    const drift = rand() < driftShare;
    if (drift) drifted++;
    const body = drift ? kind.drifted(spec) : spec;
    live.push({ ...body, metadata: { ...(spec.metadata as Record<string, string>), ...encodeMarker({ namespace: BENCH_NAMESPACE, key }) } });
  }
  const liveJsonBytes = live.reduce((sum, body) => sum + Buffer.byteLength(JSON.stringify(body)), 0);
  return { dir, live, drifted, desiredJsonBytes, liveJsonBytes };
}
