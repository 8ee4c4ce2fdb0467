// `aac migrate` never writes a definition that validate refuses for the backend it writes for: an
// Assistants definition can hold what the new API does not take (an empty metadata key, a JSON
// Schema key of 300 characters), and the writer itself must not turn a valid value into an invalid
// one (an integer beyond 2^53 written with JavaScript's shortest digits). Through the CLI: the
// assistants emulator → aac import → aac migrate → aac apply to each agents emulator over loopback.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli, END_TO_END } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'test-key-for-migrate';
const OPENAI = (url: string) => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url, AAC_NAMESPACE: 'team-a' });
const FOUNDRY = (url: string) => ({ AAC_FOUNDRY_TOKEN: KEY, AZURE_AI_PROJECT_ENDPOINT: url, AAC_NAMESPACE: 'team-a' });
const TARGETS = [
  { to: 'openai-agents', env: OPENAI },
  { to: 'foundry-agents', env: FOUNDRY },
] as const;

/** A workspace whose assistants/ holds what `aac import` made of `assistants` on the Assistants emulator. */
async function imported(assistants: Array<Record<string, unknown>>): Promise<string> {
  const source = await testEmulator({ provider: 'openai', apiKey: KEY });
  source.seed(assistants);
  const cwd = testDir('aac-migrate-valid-');
  const run = await runCli(['import'], { cwd, env: OPENAI(source.url) });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return cwd;
}

/** 2^60: a double whose shortest form (1152921504606847000) is another integer. */
const BEYOND = 2 ** 60;

for (const { to, env } of TARGETS) {
  test(`${to}: an integer beyond 2^53 and the keys __proto__ and << carry over exactly; the migrated fleet applies and plans clean`, END_TO_END, async () => {
    const cwd = await imported([{
      model: 'gpt-4o', name: 'Limits',
      metadata: JSON.parse('{"__proto__": "kept", "<<": "not a merge", "team": "a"}'),
      tools: [{ type: 'function', function: { name: 'count', description: 'Counts.', parameters: { type: 'object', properties: { n: { type: 'integer', maximum: BEYOND } } } } }],
    }]);
    expect(readFileSync(join(cwd, 'assistants', 'limits.yaml'), 'utf8')).toContain('maximum: 1152921504606846976');

    const migrated = await runCli(['migrate', '--to', to, '--out', 'agents'], { cwd, env: { AAC_NAMESPACE: 'team-a' } });
    expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'agents', 'limits.yaml'), 'utf8')).toContain('maximum: 1152921504606846976');
    const validated = await runCli(['validate', '--dir', 'agents'], { cwd, env: {} });
    expect(validated.code, validated.stdout).toBe(0);

    const agents = await testEmulator({ provider: to, apiKey: KEY });
    const applied = await runCli(['apply', '--yes', '--dir', 'agents'], { cwd, env: env(agents.url) });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    // migrate --to foundry-agents writes every agent name in lower case.
    const live = agents.resources().find((a) => a.name === (to === 'foundry-agents' ? 'limits' : 'Limits')) as Record<string, any>;
    const tools = to === 'foundry-agents' ? live.versions.latest.definition.tools : live.tools;
    expect(tools[0].parameters.properties.n.maximum).toBe(BEYOND);
    expect(Object.hasOwn(to === 'foundry-agents' ? live.versions.latest.metadata : live.metadata, '__proto__')).toBe(true);
    const plan = await runCli(['plan', '--detailed-exitcode', '--dir', 'agents'], { cwd, env: env(agents.url) });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });
}

test('openai-agents: a metadata pair with an empty key, which an agent cannot hold, is a loss: listed, then dropped when accepted', END_TO_END, async () => {
  const cwd = await imported([{ model: 'gpt-4o', name: 'Tagged', metadata: { '': 'untitled', team: 'a' } }]);
  const refused = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd, env: { AAC_NAMESPACE: 'team-a' } });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/^assistants\/tagged\.yaml:\d+:\d+: metadata\[""\] — an agent's metadata key has 1 to 64 characters, and this one has 0: the pair is dropped$/m);
  expect(refused.stderr).toContain('1 field has no counterpart in openai-agents; nothing was written');
  expect(existsSync(join(cwd, 'agents'))).toBe(false);

  const accepted = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses'], { cwd, env: { AAC_NAMESPACE: 'team-a' } });
  expect(accepted.code, accepted.stderr).toBe(0);
  const agents = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const applied = await runCli(['apply', '--yes', '--dir', 'agents'], { cwd, env: OPENAI(agents.url) });
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  expect(agents.resources()[0]!.metadata).toEqual({ team: 'a', 'aac@team-a': 'tagged' });
});

test('openai-agents: top-level JSON Schema keys beyond the API\'s limits are refused as a whole, naming the source, the file, line, column and field; nothing is written', END_TO_END, async () => {
  const long = 'x'.repeat(300);
  const cwd = await imported([
    { model: 'gpt-4o', name: 'Wide', tools: [{ type: 'function', function: { name: 'f', description: 'F.', parameters: { type: 'object', [long]: true } } }] },
    { model: 'gpt-4o', name: 'Answers', response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', '': 1 } } } },
    { model: 'gpt-4o', name: 'Fine' },
    // The source limits the schema object's own keys only (AGENTS-API.md:112, 145): a nested one is not refused.
    { model: 'gpt-4o', name: 'Deep', tools: [{ type: 'function', function: { name: 'g', description: 'G.', parameters: { type: 'object', properties: { [long]: { type: 'string' } } } } }] },
  ]);
  const refused = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses'], { cwd, env: { AAC_NAMESPACE: 'team-a' } });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("Error: refusing to migrate: the definitions it would write hold what openai-agents refuses; nothing was written:");
  // Each error stands where the source writes what it was made from, the place to change: the
  // source field, at its line and column, not the file migrate would have written.
  const at = (file: string, text: string) => {
    const lines = readFileSync(join(cwd, 'assistants', file), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(text));
    return `assistants/${file}:${line + 1}:${lines[line]!.indexOf(text) + 1}`;
  };
  expect(refused.stderr).toContain(`  - assistants/answers.yaml → agents/answers.yaml:\n      ${at('answers.yaml', '"": ')}: text.format.schema has an empty key [text.format.schema[""]] (give the key a name, or remove the entry)\n`);
  expect(refused.stderr).toMatch(new RegExp(` {2}- assistants/wide\\.yaml → agents/wide\\.yaml:\\n {6}${at('wide.yaml', long)}: the key 'x{40}…' in tools\\[0\\]\\.parameters is 300 characters; the API allows at most 256 \\[tools\\[0\\]\\.parameters\\["x{64}…"\\]\\] \\(shorten the key\\)\\n`));
  expect(refused.stderr).not.toContain('fine.yaml');
  expect(refused.stderr).not.toContain('deep.yaml');
  expect(refused.stderr).toContain('change the source definitions (each is named before the file it would write) so that each error above is gone');
  expect(existsSync(join(cwd, 'agents'))).toBe(false);
});

test('foundry-agents: a name and a key with nothing an agent name can keep are refused, --accept-losses or not; nothing is written', END_TO_END, async () => {
  const cwd = testDir('aac-migrate-name-');
  mkdirSync(join(cwd, 'assistants'));
  writeFileSync(join(cwd, 'assistants', '支援.yaml'), 'model: gpt-4o\nname: 支援チーム\n');
  writeFileSync(join(cwd, 'assistants', 'ok.yaml'), 'model: gpt-4o\nname: OK\n');
  const refused = await runCli(['migrate', '--to', 'foundry-agents', '--out', 'agents', '--accept-losses'], { cwd, env: {} });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("assistants/支援.yaml:2:1: name — neither '支援チーム' nor the key '支援' has a letter or digit an agent name can keep, and the name addresses the agent");
  expect(refused.stderr).toContain('1 value of the source cannot be carried over to foundry-agents, nor left out; nothing was written');
  expect(existsSync(join(cwd, 'agents'))).toBe(false);
});

test('foundry-agents: one run lists a name collision and a name with nothing to keep together; nothing is written', END_TO_END, async () => {
  const cwd = testDir('aac-migrate-all-');
  mkdirSync(join(cwd, 'assistants'));
  writeFileSync(join(cwd, 'assistants', 'a.yaml'), 'model: gpt-4o\nname: FAQ\n');
  writeFileSync(join(cwd, 'assistants', 'b.yaml'), 'model: gpt-4o\nname: faq\n');
  writeFileSync(join(cwd, 'assistants', '支援.yaml'), 'model: gpt-4o\nname: 支援チーム\n');
  const refused = await runCli(['migrate', '--to', 'foundry-agents', '--out', 'agents', '--accept-losses'], { cwd, env: {} });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("assistants/a.yaml:2:1: name — becomes the agent name 'faq', as assistants/b.yaml does");
  expect(refused.stderr).toContain("assistants/b.yaml:2:1: name — becomes the agent name 'faq', as assistants/a.yaml does");
  expect(refused.stderr).toContain("assistants/支援.yaml:2:1: name — neither '支援チーム' nor the key '支援' has a letter or digit an agent name can keep");
  expect(refused.stderr).toContain('Error: nothing was written:\n  2 definitions would address one agent by the same name in foundry-agents\n  1 value of the source cannot be carried over to foundry-agents, nor left out\n');
  // The name it cannot make is not also reported as an invalid file it would write.
  expect(refused.stderr).not.toContain('→ agents/');
  expect(existsSync(join(cwd, 'agents'))).toBe(false);
});

test("a prompt kept in its own file is written under --out by the definition file's path, whatever key: it sets", END_TO_END, async () => {
  const cwd = testDir('aac-migrate-prompt-');
  mkdirSync(join(cwd, 'assistants', 'prompts'), { recursive: true });
  writeFileSync(join(cwd, 'assistants', 'prompts', 'helper.md'), 'Help.\n');
  // (A key may not hold a `..` segment, which would have named a file outside --out: key-format-cli.test.ts.)
  writeFileSync(join(cwd, 'assistants', 'helper.yaml'), 'key: other/place\nmodel: gpt-4o\nname: Helper\ninstructions_file: prompts/helper.md\n');
  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd, env: {} });
  expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
  expect(readFileSync(join(cwd, 'agents', 'prompts', 'helper.md'), 'utf8')).toBe('Help.\n');
  expect(readFileSync(join(cwd, 'agents', 'helper.yaml'), 'utf8')).toContain('instructions_file: prompts/helper.md');
  expect(existsSync(join(cwd, 'agents', 'other'))).toBe(false);
  const validated = await runCli(['validate', '--dir', 'agents'], { cwd, env: {} });
  expect(validated.code, validated.stdout).toBe(0);
});
