// What `aac validate` tells of definitions written in a way the loader does not take: a file named
// almost like a definition (JSON, a backup suffix), which is not read; a function tool written flat
// wherever it is (the base file or an overlay); definitions and overlays under a provider aac.yaml
// names that does not exist, checked as the default's kind, which the messages say rather than
// speak of that kind's resources as if it had been asked for.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { projectDir } from '../helpers/project.js';

/** `aac validate --no-color ...argv` of a new project holding `files`, with the project's directory (`cwd`). */
async function validated(files: Record<string, string>, ...argv: string[]) {
  const cwd = projectDir(files);
  return { cwd, ...(await runCli(['validate', '--no-color', ...argv], { cwd })) };
}

/** A warning as validate prints it at `where`: its message, and its hint on the line below. */
const warning = (where: string, message: string, hint: string) => `${where}: warning: ${message}\n  hint: ${hint}\n`;


const FLAT = 'tools:\n  - type: function\n    name: lookup\n    parameters: {type: object}\n';

test('a function tool written flat is told to go under function:, in the base file and in an overlay, one error a field', async () => {
  const r = await validated({ 'assistants/a.yaml': `model: gpt-4o\nname: A\n${FLAT}` });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("assistants/a.yaml:5:5: error: unknown field 'name' in tools[0] [tools[0].name]\n  hint: did you mean 'function.name'? it is written under `function:`\n");
  expect(r.stdout).toContain("assistants/a.yaml:6:5: error: unknown field 'parameters' in tools[0] [tools[0].parameters]\n  hint: did you mean 'function.parameters'? it is written under `function:`\n");
  // The missing `function:` is those fields' error, not one of its own.
  expect(r.stdout).not.toContain("missing the required field 'function'");
  expect(r.stdout).toContain('2 errors.');

  const o = await validated({
    'assistants/aac.yaml': 'environments:\n  prod: {}\n',
    'assistants/a.yaml': 'model: gpt-4o\nname: A\ntools:\n  - type: function\n    function: {name: lookup}\n',
    'assistants/overlays/prod/a.yaml': FLAT,
  });
  expect(o.code).toBe(1);
  expect(o.stdout).toContain("assistants/overlays/prod/a.yaml:3:5: error: unknown field 'name' in tools[0] [tools[0].name]\n  hint: did you mean 'function.name'? it is written under `function:`\n");
  expect(o.stdout).toContain("assistants/overlays/prod/a.yaml:4:5: error: unknown field 'parameters' in tools[0] [tools[0].parameters]\n  hint: did you mean 'function.parameters'? it is written under `function:`\n");
});

test('files named almost like definitions are said not to be read, each with its fix; other files of the directory are not named', async () => {
  const r = await validated({
    'assistants/a.yaml': 'model: gpt-4o\nname: A\n',
    'assistants/a.yaml.bak': 'model: gpt-4o\nname: A (old)\n',
    'assistants/b.json': '{"model": "gpt-4o", "name": "B"}\n',
    'assistants/team/d.yml~': 'model: gpt-4o\nname: D\n',
    // Not definitions, and common beside them: never named.
    'assistants/README.md': '# Assistants\n',
    'assistants/prompt.txt': 'You help.\n',
    'assistants/.gitkeep': '',
    'assistants/aac.yaml.bak': 'namespace: old\n',
    'assistants/plan.json': '{"format_version": "1.20", "resource_changes": []}\n',
    'assistants/package.json': '{"name": "x", "version": "1.0.0"}\n',
    'assistants/_drafts/e.yaml.bak': 'model: gpt-4o\nname: E\n',
  });
  const { cwd } = r;
  expect(r.code, r.stdout).toBe(0);
  expect(r.stdout).toContain(warning('assistants/a.yaml.bak', 'assistants/a.yaml.bak is not read: aac reads definitions from files named *.yaml or *.yml only, and it looks like a copy of a.yaml beside it, which is read',
    'to keep the copy, move it out of the definitions directory, prefix its name with _ or list it in assistants/.aacignore; if it is the one meant, rename it over a.yaml'));
  expect(r.stdout).toContain(warning('assistants/b.json', 'assistants/b.json is not read: it reads as a definition, but aac reads definitions from files named *.yaml or *.yml only',
    'rename it to b.yaml (JSON is YAML: its text can stay as it is); to keep it unread, move it out of the definitions directory, prefix its name with _ or list it in assistants/.aacignore'));
  expect(r.stdout).toContain(warning('assistants/team/d.yml~', 'assistants/team/d.yml~ is not read: aac reads definitions from files named *.yaml or *.yml only',
    'if it is a definition, rename it to d.yml; to keep it unread, move it out of the definitions directory, prefix its name with _ or list it in assistants/.aacignore'));
  for (const quiet of ['README.md', 'prompt.txt', '.gitkeep', 'aac.yaml.bak', 'plan.json', 'package.json', 'e.yaml.bak']) expect(r.stdout).not.toContain(quiet);
  expect(r.stdout).toContain('3 warnings.');
  // The JSON output carries each with its code; listed in .aacignore, one is said no more.
  const json = JSON.parse((await runCli(['validate', '--format', 'json'], { cwd })).stdout);
  expect(json.diagnostics.filter((d: { code: string }) => d.code === 'unread-file').map((d: { file: string }) => d.file)).toEqual(['assistants/a.yaml.bak', 'assistants/b.json', 'assistants/team/d.yml~']);
  writeFileSync(join(cwd, 'assistants/.aacignore'), '*.bak\n');
  const ignored = await runCli(['validate', '--no-color'], { cwd });
  expect(ignored.stdout).not.toContain('a.yaml.bak');
  expect(ignored.stdout).toContain('2 warnings.');
});

test('a directory of only JSON definitions is told why none was found; many such files are said once, at their directory', async () => {
  const r = await validated({ 'assistants/b.json': '{"model": "gpt-4o", "name": "B"}\n' });
  expect(r.stdout).toContain('assistants: warning: no definitions (*.yaml, *.yml) found in assistants');
  expect(r.stdout).toContain('assistants/b.json: warning: assistants/b.json is not read: it reads as a definition');

  // Said once, each file still with its own rename: a JSON one's, and a copy's over the file it copies.
  const m = await validated({
    'assistants/a.yaml': 'model: gpt-4o\nname: A\n',
    'assistants/old/p.yaml': 'model: gpt-4o\nname: p\n',
    ...Object.fromEntries(['p', 'q', 'r', 's'].map((n) => [`assistants/old/${n}.yaml.orig`, `model: gpt-4o\nname: ${n}\n`])),
    'assistants/old/t.json': '{"model": "gpt-4o", "name": "t"}\n',
  });
  expect(m.stdout).toContain('assistants/old: warning: 5 files of assistants/old/ are not read, though named like definitions (p.yaml.orig, q.yaml.orig, r.yaml.orig and 2 more): aac reads definitions from files named *.yaml or *.yml only\n'
    + '  hint: rename each that is a definition: p.yaml.orig over p.yaml (it looks like a copy of it, which is read), q.yaml.orig to q.yaml, r.yaml.orig to r.yaml, s.yaml.orig to s.yaml, t.json to t.yaml (JSON is YAML: its text can stay as it is); to keep the others unread, move them out of the definitions directory, prefix their names with _ or list them in assistants/.aacignore\n');
  expect(m.stdout).toContain('1 warning.');

  // A folder of many backups: the hint gives the first renames and counts the rest, one line of bounded length.
  const b = await validated({
    'assistants/a.yaml': 'model: gpt-4o\nname: A\n',
    ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`assistants/bak/b${String(i).padStart(2, '0')}.yaml.bak`, `model: gpt-4o\nname: b${i}\n`])),
  });
  expect(b.stdout).toContain(`  hint: rename each that is a definition: ${Array.from({ length: 10 }, (_, i) => `b${String(i).padStart(2, '0')}.yaml.bak to b${String(i).padStart(2, '0')}.yaml`).join(', ')}, the 4 more likewise; to keep the others unread,`);
  expect(b.stdout).not.toContain('b10.yaml.bak to');
});

test("an environment's overlay saved under a name the walk does not read is said too, as an overlay, once however many environments are checked", async () => {
  const r = await validated({
    'assistants/aac.yaml': 'environments:\n  dev: {namespace: dev}\n  prod: {namespace: prod}\n',
    'assistants/a.yaml': 'model: gpt-4o\nname: A\n',
    'assistants/a.json': '{"model": "gpt-4o", "name": "A copy"}\n',
    'assistants/overlays/prod/a.json': '{"name": "A (prod)"}\n',
  });
  expect(r.code, r.stdout).toBe(0);
  expect(r.stdout).toContain(warning('assistants/overlays/prod/a.json', "in environment 'prod': assistants/overlays/prod/a.json is not read: it reads as an overlay, but aac reads overlays from files named *.yaml or *.yml only",
    'rename it to a.yaml (JSON is YAML: its text can stay as it is); to keep it unread, move it out of the definitions directory, prefix its name with _ or list it in assistants/overlays/prod/.aacignore'));
  expect(r.stdout.split('assistants/a.json: warning:').length).toBe(2);
  expect(r.stdout).toContain('it looks like a copy of a.yaml beside it, which is read');
});

test('under a provider aac.yaml names that does not exist, the messages name it at its file:line:column, the provider it may be a typo of and the known ones, and what stood in for it', async () => {
  const PROVIDERS = 'openai, foundry, portkey, zerobot, openai-agents, foundry-agents';
  const unknown = (written: string, at: string, guess?: string) => `the provider '${written}' at ${at} is not one aac knows (${guess === undefined ? '' : `did you mean '${guess}'? it knows `}${PROVIDERS})`;
  const AGENT = 'model: gpt-5\nname: A\nreasoning: {effort: low}\n';
  const FOUNDRY_AGENT = 'name: a\ndefinition: {kind: prompt, model: gpt-4o}\n';
  // The setting named is the one that gave the provider, at its value: the top level's, or the environment's.
  // A typo of a provider has that provider stand in; any other name, the default.
  for (const [config, written, at, setting, guess] of [
    ['provider: openai-agentz\nenvironments:\n  prod: {}\n', 'openai-agentz', 'assistants/aac.yaml:1:11', 'provider', 'openai-agents'],
    ['environments:\n  prod: {provider: openai-agentz}\n', 'openai-agentz', 'assistants/aac.yaml:2:20', 'environments.prod.provider', 'openai-agents'],
    ['namespace: team\nprovider: mystery-host\nenvironments:\n  prod: {}\n', 'mystery-host', 'assistants/aac.yaml:2:11', 'provider', undefined],
  ] as const) {
    const [file, field, theirs, checkedAs] = guess === undefined
      ? [AGENT, 'reasoning', 'openai-agents', "an assistant definition, the default provider's"]
      : [FOUNDRY_AGENT, 'definition', 'foundry-agents', `an agent definition, that of the provider '${guess}' its name is nearest`];
    // A valid definition beside it: the directory is not all of another kind (said once, at the directory).
    const r = await validated({ 'assistants/aac.yaml': config, 'assistants/a.yaml': file, 'assistants/ok.yaml': 'model: gpt-4o\n' }, '--env', 'prod');
    expect(r.code).toBe(1);
    expect(r.stdout, config).toContain(`hint: '${field}' is a field of ${theirs} definitions; ${unknown(written, at, guess)}, so this file was checked as ${checkedAs}: set \`${setting}: ${theirs}\` at ${at} (where the provider is chosen), or pass --provider ${theirs}\n`);
    expect(r.stdout, config).not.toContain('ones: this file looks like one of theirs');
  }
  // Definitions of the provider a typo meant are checked as theirs: a flat function tool is not told to
  // move under `function:`, nor the file to another directory; aac.yaml's error alone is said, in every environment.
  const TOOL = 'model: gpt-5\ntools:\n  - type: function\n    name: lookup\n    description: Find one.\n    parameters: {type: object, properties: {}}\n';
  for (const config of ['provider: openai-agent\n', 'namespace: t\nenvironments:\n  dev: {provider: openai-agent}\n  prod: {provider: openai-agents, namespace: p}\n']) {
    const typo = await validated({ 'assistants/aac.yaml': config, 'assistants/a.yaml': TOOL, 'assistants/b.yaml': 'model: gpt-5\ntext: {verbosity: low}\n', 'assistants/c.yaml': 'model: gpt-5\n' });
    expect(typo.code, config).toBe(1);
    expect(typo.stdout, config).toMatch(/^assistants\/aac\.yaml:\d+:\d+: error: (environments\.dev\.)?provider 'openai-agent' is not allowed[^\n]*\n  hint: did you mean 'openai-agents'\?\n1 error\.\n/);
    expect(typo.stdout, config).toMatch(/3 of 3 definitions valid/);
  }
  // An overlay directory of an environment no longer declared: what it made is not said to be assistants.
  const o = await validated({ 'assistants/aac.yaml': 'provider: openai-agentz\n', 'assistants/a.yaml': 'model: gpt-5\nname: A\n', 'assistants/overlays/prod/a.yaml': 'name: B\n' });
  expect(o.stdout).toContain(`what it made (${unknown('openai-agentz', 'assistants/aac.yaml:1:11', 'openai-agents')}) stays live until deleted`);
  expect(o.stdout).not.toContain('its agents stay live');
  // Every file of another kind: one error, the provider standing in at its place, the default or the one a typo meant.
  const all = await validated({ 'assistants/aac.yaml': 'provider: mystery-host\n', 'assistants/a.yaml': AGENT, 'assistants/b.yaml': AGENT });
  expect(all.stdout + all.stderr).toContain(`the default provider openai, standing in (${unknown('mystery-host', 'assistants/aac.yaml:1:11')}), takes assistant definitions`);
  const typoAll = await validated({ 'assistants/aac.yaml': 'provider: foundry-agentz\n', 'assistants/a.yaml': AGENT, 'assistants/b.yaml': AGENT });
  expect(typoAll.stdout + typoAll.stderr).toContain(`the provider foundry-agents, standing in (${unknown('foundry-agentz', 'assistants/aac.yaml:1:11', 'foundry-agents')}), takes foundry-agents definitions, but all 2 definition files in assistants/ are definitions for openai-agents`);
});

test('a tool of a Foundry agent at the wrong indent inside tools: is said at its line and column, with the column it should reach, and nothing else', async () => {
  const agent = 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - type: code_interpreter\n   - type: file_search\n     vector_store_ids: [vs_1]\n';
  const r = await validated({ 'agents/helper.yaml': agent }, '--dir', 'agents', '--provider', 'foundry-agents');
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(
    'agents/helper.yaml:7:4: error: the list item on line 7 starts at column 4, but the items of `tools:` above it start at column 5 [definition.tools]\n' +
      '  hint: indent its `-` to column 5 (4 spaces), as the items above\n' +
      '1 error.\n0 of 1 definition valid; fix the errors above.\n',
  );
  // Indented as told, it is valid.
  writeFileSync(join(r.cwd, 'agents/helper.yaml'), agent.replace('   - type: file_search\n     vector', '    - type: file_search\n      vector'));
  expect((await runCli(['validate', '--dir', 'agents', '--provider', 'foundry-agents'], { cwd: r.cwd })).code).toBe(0);
});

test("an agent's MCP tool with its transport's fields written flat is told they go under transport:, whose shapes list them by type, one error a field", async () => {
  const r = await validated({
    'assistants/aac.yaml': 'provider: openai-agents\n',
    'assistants/a.yaml': 'model: gpt-5\ntools:\n  - type: mcp\n    server_label: crm\n    server_url: https://mcp.example.com\n    command: crm-mcp\n',
  });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("assistants/a.yaml:5:5: error: unknown field 'server_url' in tools[0] [tools[0].server_url]\n  hint: did you mean 'transport.server_url'? it is written under `transport:`\n");
  expect(r.stdout).toContain("assistants/a.yaml:6:5: error: unknown field 'command' in tools[0] [tools[0].command]\n  hint: did you mean 'transport.command'? it is written under `transport:`\n");
  // The missing `transport:` is those fields' error, not one of its own.
  expect(r.stdout).not.toContain("missing the required field 'transport'");
  expect(r.stdout).toContain('2 errors.');
});

test("a Kubernetes manifest among the definitions is told once what it is and what a definition looks like, under each kind", async () => {
  const manifest = 'apiVersion: aac.example.com/v1\nkind: Assistant\nmetadata:\n  name: support\nspec:\n  model: gpt-4o\n  name: Support\n';
  for (const [provider, starter] of [['openai', '`model: <model>`'], ['foundry-agents', '`name: <name>` and `definition: { kind: prompt, model: <model> }`']] as const) {
    const r = await validated({ 'assistants/aac.yaml': `provider: ${provider}\n`, 'assistants/support.yaml': manifest, 'assistants/ok.yaml': provider === 'openai' ? 'model: gpt-4o\n' : 'name: ok\ndefinition: {kind: prompt, model: gpt-4o}\n' });
    expect(r.code, provider).toBe(1);
    expect(r.stdout, provider).toContain('assistants/support.yaml:1:1: error: the file is a Kubernetes manifest (apiVersion:, kind:, metadata:, spec:), not an aac definition: aac reads no such wrapper\n');
    expect(r.stdout, provider).toContain(`start with ${starter} and write what spec: holds there, without apiVersion:, kind: or spec:; a manifest for a cluster goes outside the definitions directory, or in .aacignore at its top\n`);
    // One error, never the schema's one a wrapper field.
    expect(r.stdout, provider).not.toContain('unknown field');
    expect(r.stdout, provider).toContain('1 error.');
  }
});
