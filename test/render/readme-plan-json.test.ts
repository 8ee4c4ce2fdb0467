// The README's "The JSON plan" section is what `aac plan --format json` prints: its example parses
// and has exactly the keys of a real plan (at the top, in target and summary, and in a change), and
// its field tables list exactly those keys. The real plans are made through the CLI against the
// emulator: an Assistants update, a foundry-agents new version (which adds `version`, `drift` with
// --changed-files, and `defaulted_fields` for a description set by hand that the definition leaves out),
// an agent whose latest version was made outside aac (`hand_made_latest`, `delete_versions_unmarked`),
// and an adopt of an assistant with the previous marker (which adds `removed_markers`). Each also
// follows schema/output/plan.schema.json (test/output-schemas holds the other documents to theirs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeMarker, LEGACY_MARKER_KEY } from '../../src/model/marker.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { expectDocument } from '../output-schemas/schemas.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
type Doc = Record<string, any>;

/** The section of the README from `heading` to the next heading of its level or higher. */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, `README has no '${heading}'`).toBeGreaterThan(0);
  const level = /^#+/.exec(heading)![0].length;
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The backticked names in the first column of the table in `text`. */
function tableFields(text: string): string[] {
  return [...text.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]!);
}

const sorted = (keys: Iterable<string>) => [...keys].sort();

function project(files: Record<string, string>): string {
  const root = testDir('aac-readme-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function planJson(argv: string[], cwd: string, env: Record<string, string>): Promise<Doc> {
  const r = await runCli(['plan', '--format', 'json', ...argv], { cwd, env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

/** An Assistants plan with one update and two unmanaged assistants, as the README's example. */
async function assistantsPlan(): Promise<Doc> {
  const emu = await testEmulator();
  emu.seed([
    { model: 'gpt-4o', name: 'Triage', temperature: 1.4, metadata: encodeMarker({ namespace: 'support', key: 'support/triage' }) },
    { model: 'gpt-4o', name: 'Made by hand' },
  ]);
  const root = project({ 'assistants/support/triage.yaml': 'model: gpt-4o\nname: Triage\ntemperature: 0.2\n' });
  return planJson([], root, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test', AAC_NAMESPACE: 'support' });
}

/** A foundry-agents plan whose change is a new version, of a definition the change under review does not touch (drift). */
async function versionedPlan(): Promise<Doc> {
  const emu = await testEmulator({ provider: 'foundry-agents' });
  // retain_versions: 1, so the drift's new version also deletes the old ones (delete_versions).
  const root = project({ 'agents/aac.yaml': 'retain_versions: 1\n', 'agents/triage.yaml': 'name: triage\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: Sort tickets.\n', 'changed.txt': 'README.md\n' });
  const env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 'support' };
  const argv = ['--provider', 'foundry-agents', '--dir', 'agents'];
  expect((await runCli(['apply', '--yes', ...argv], { cwd: root, env })).code).toBe(0);
  // A description the definition does not write, so the change has defaulted_fields too.
  emu.mutate('triage', { description: 'Edited by hand.', definition: { temperature: 1.5 } });
  return planJson([...argv, '--changed-files', 'changed.txt'], root, env);
}

/**
 * A foundry-agents plan of an agent whose latest version was made outside aac, without its marker,
 * over this namespace's (hand_made_latest), under retain_versions: 1, so that the drift's new
 * version deletes that version too (delete_versions_unmarked).
 */
async function handMadePlan(): Promise<Doc> {
  const emu = await testEmulator({ provider: 'foundry-agents' });
  const root = project({ 'agents/aac.yaml': 'retain_versions: 1\n', 'agents/triage.yaml': 'name: triage\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: Sort tickets.\n' });
  const env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 'support' };
  const argv = ['--provider', 'foundry-agents', '--dir', 'agents'];
  expect((await runCli(['apply', '--yes', ...argv], { cwd: root, env })).code).toBe(0);
  const res = await fetch(`${emu.url}/agents/triage/versions?api-version=v1`, { method: 'POST', headers: { authorization: 'Bearer entra-token', 'content-type': 'application/json' }, body: JSON.stringify({ metadata: {}, definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'Edited in the portal.' } }) });
  expect(res.status).toBe(200);
  return planJson(argv, root, env);
}

/**
 * An Assistants plan that adopts an assistant with the previous marker (`--adopt-legacy`), made
 * while another run holds the namespace's lock (locked_by).
 */
async function adoptingPlan(): Promise<Doc> {
  const emu = await testEmulator();
  const lock = { holder: 'ci@runner pid 4242', operation: 'apply', nonce: 'n', expires_at: new Date(Date.now() + 600_000).toISOString() };
  emu.seed([
    { model: 'gpt-4o', name: 'Triage', metadata: { [LEGACY_MARKER_KEY]: 'support/triage' } },
    { model: 'gpt-4o', name: 'aac-lock-abc', metadata: { 'aac@support': 'aac lock', ...lock } },
  ]);
  const root = project({ 'assistants/support/triage.yaml': 'model: gpt-4o\nname: Triage\n' });
  return planJson(['--adopt-legacy'], root, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test', AAC_NAMESPACE: 'support' });
}

/** An Assistants plan whose create repeats an orphan: a file renamed without `moved_from:` (likely_moved_from). */
async function renamedPlan(): Promise<Doc> {
  const emu = await testEmulator();
  emu.seed([{ model: 'gpt-4o', name: 'Cafe', metadata: encodeMarker({ namespace: 'support', key: 'cafe-bot' }) }]);
  const root = project({ 'assistants/cafe.yaml': 'model: gpt-4o\nname: Cafe\n' });
  return planJson([], root, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test', AAC_NAMESPACE: 'support' });
}

/** An Assistants plan whose create repeats an assistant that carries no marker (likely_unmarked). */
async function unmarkedPlan(): Promise<Doc> {
  const emu = await testEmulator();
  // And one whose moved_from names another namespace's (moved_from_elsewhere), and one whose key another namespace's carries (live_elsewhere).
  emu.seed([
    { model: 'gpt-4o', name: 'Cafe' },
    { model: 'gpt-4o', name: 'Tea', metadata: encodeMarker({ namespace: 'other', key: 'old-tea' }) },
    { model: 'gpt-4o', name: 'Tea', metadata: encodeMarker({ namespace: 'other', key: 'tea' }) },
  ]);
  const root = project({ 'assistants/cafe.yaml': 'model: gpt-4o\nname: Cafe\n', 'assistants/tea.yaml': 'moved_from: [old-tea]\nmodel: gpt-4o\nname: Tea\n' });
  return planJson([], root, { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-test', AAC_NAMESPACE: 'support' });
}

describe("the README's JSON plan", () => {
  let real: Doc;
  let versioned: Doc;
  let adopting: Doc;
  let renamed: Doc;
  let unmarked: Doc;
  let handMade: Doc;
  beforeAll(async () => {
    real = await assistantsPlan();
    versioned = await versionedPlan();
    adopting = await adoptingPlan();
    renamed = await renamedPlan();
    unmarked = await unmarkedPlan();
    handMade = await handMadePlan();
    expect(handMade.resource_changes[0]).toMatchObject({ hand_made_latest: { version: '2', marked_version: '1' }, delete_versions: ['1', '2'], delete_versions_unmarked: ['2'] });
    expect(unmarked.resource_changes[0].likely_unmarked).toMatch(/^asst_/);
    expect(unmarked.resource_changes[1].moved_from_elsewhere).toMatchObject({ key: 'old-tea', namespace: 'other' });
    expect(unmarked.resource_changes[1].live_elsewhere).toMatchObject({ namespace: 'other', changed_fields: [] });
    expect(renamed.resource_changes[0].likely_moved_from).toBe('cafe-bot');
    expect(adopting.resource_changes[0].removed_markers).toEqual({ [LEGACY_MARKER_KEY]: 'support/triage' });
    expect(adopting.locked_by).toMatchObject({ operation: 'apply', holder: 'ci@runner pid 4242' });
    expect(real.resource_changes).toHaveLength(1);
    expect(versioned.resource_changes[0].version).toBeDefined();
    expect(versioned.resource_changes[0].delete_versions).toEqual(['1', '2']);
    expect(versioned.resource_changes[0].drift).toBe(true);
    expect(versioned.resource_changes[0].defaulted_fields).toEqual(['description']);
  });

  it('the example parses and has exactly the keys a real plan has, at every level', () => {
    const block = /```json\n([\s\S]*?)\n```/.exec(section('#### Example'))?.[1];
    expect(block, 'no ```json block under #### Example').toBeDefined();
    const example: Doc = JSON.parse(block!);
    expect(sorted(Object.keys(example))).toEqual(sorted(Object.keys(real)));
    expect(example.format_version).toBe(real.format_version);
    for (const field of ['target', 'summary']) expect(sorted(Object.keys(example[field])), field).toEqual(sorted(Object.keys(real[field])));
    expect(sorted(Object.keys(example.resource_changes[0]))).toEqual(sorted(Object.keys(real.resource_changes[0])));
    expect(sorted(Object.keys(example.resource_changes[0].after))).toEqual(sorted(Object.keys(real.resource_changes[0].after)));
  });

  it('the field tables list exactly the keys of a plan and of a change', () => {
    expect(sorted(tableFields(section('#### Top level')))).toEqual(sorted(new Set([real, adopting].flatMap((plan) => Object.keys(plan)))));
    const changeKeys = new Set([real, versioned, adopting, renamed, unmarked, handMade].flatMap((plan) => plan.resource_changes.flatMap((c: Doc) => Object.keys(c))));
    expect(sorted(tableFields(section('#### `resource_changes[]`')))).toEqual(sorted(changeKeys));
    expect(section('#### Top level')).toContain(`\`"${real.format_version}"\``);
  });

  it('each of these real plans follows the published schema, with no field left out of it', () => {
    for (const plan of [real, versioned, adopting, renamed, unmarked, handMade]) expectDocument('plan', JSON.stringify(plan));
    expect(versioned.resource_changes[0].live_version).toEqual(expect.any(String));
  });
});
