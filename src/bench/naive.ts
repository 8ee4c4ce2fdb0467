// A deliberately naive reconciler, written for the benchmark as the baseline aac must beat: it
// walks the list with one cursor, then reads and parses each definition file in turn (YAML.parse,
// no workers, no schema) and compares the fields it sets with what the server holds. It plans only; it prints the counts aac's plan prints, so the two can be checked against
// each other, and exits 2 when there are changes (as `aac plan --detailed-exitcode`).
//
//   node dist/bench/naive.js DIR      (OPENAI_BASE_URL, OPENAI_API_KEY from the environment)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { MARKER_PREFIX } from '../model/marker.js';
import { BENCH_NAMESPACE } from './fixtures.js';

/** The marker of the bench's namespace: the one metadata key this reconciler matches by. */
const MARKER_KEY = `${MARKER_PREFIX}${BENCH_NAMESPACE}`;

type Body = Record<string, unknown>;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

async function listAll(base: string, key: string): Promise<Body[]> {
  const all: Body[] = [];
  let after: string | undefined;
  for (;;) {
    const url = `${base}/assistants?limit=100${after ? `&after=${after}` : ''}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, 'openai-beta': 'assistants=v2' } });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
    const page = (await res.json()) as { data: Body[]; has_more: boolean };
    all.push(...page.data);
    if (!page.has_more || page.data.length === 0) return all;
    after = page.data[page.data.length - 1]!.id as string;
  }
}

async function main(dir: string): Promise<number> {
  const live = await listAll(process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1', process.env.OPENAI_API_KEY ?? '');
  const byKey = new Map<string, Body>();
  for (const a of live) {
    const marker = (a.metadata as Record<string, string> | null)?.[MARKER_KEY];
    if (marker) byKey.set(marker, a);
  }

  // Each file is compared as it is parsed and then dropped: holding 10,000 parsed documents
  // (the yaml package builds a double-quoted scalar a character at a time) cost this baseline
  // most of its time in garbage collection, a handicap aac does not need to beat.
  let create = 0;
  let modify = 0;
  let unchanged = 0;
  for (const file of files(dir)) {
    const key = relative(dir, file).replace(/\.ya?ml$/, '');
    const spec = parse(readFileSync(file, 'utf8')) as Body;
    const current = byKey.get(key);
    if (!current) {
      create++;
      continue;
    }
    const { [MARKER_KEY]: _marker, ...metadata } = (current.metadata ?? {}) as Record<string, string>;
    const held: Body = { ...current, metadata };
    const differs = Object.keys(spec).some((f) => JSON.stringify(spec[f]) !== JSON.stringify(held[f]));
    if (differs) modify++;
    else unchanged++;
  }
  process.stdout.write(`Plan: ${create} to create, ${modify} to modify, 0 to delete, ${unchanged} unchanged.\n`);
  return create + modify > 0 ? 2 : 0;
}

process.exitCode = await main(process.argv[2] ?? 'assistants');
