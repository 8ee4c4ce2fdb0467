// `aac import` end to end: the CLI in-process against the emulator on loopback, files in a temp dir.
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { emulator as providerEmulator, envFor } from '../backends/helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const SECRET = 'sk-test-import-5ecret-value';
const LONG_INSTRUCTIONS = Array.from({ length: 4000 }, (_, i) => `Rule ${i}: ${'be precise; '.repeat(5)}`)
  .join('\n')
  .slice(0, 256_000);

let emu: RunningEmulator;
let cwd: string;

beforeEach(async () => {
  emu = await testEmulator();
  cwd = testDir('aac-import-');
});

const aac = (...argv: string[]) =>
  runCli(argv, { cwd, env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: emu.url } });
const read = (rel: string) => readFileSync(join(cwd, rel), 'utf8');
const yamlOf = (rel: string) => parse(read(rel)) as Record<string, unknown>;
// The definition files only: the aac.yaml that records the run's AAC_NAMESPACE is asserted in
// test/ownership/import-namespace.test.ts.
const files = (rel = 'assistants') =>
  existsSync(join(cwd, rel)) ? readdirSync(join(cwd, rel), { recursive: true }).map(String).filter((f) => f !== 'aac.yaml').sort() : [];

let clock = 1_700_000_000;
/** Assistants as made by hand in a dashboard, oldest first. */
function seed(...bodies: Array<Record<string, unknown>>): string[] {
  return emu.seed(bodies.map((b) => ({ created_at: clock++, ...b }))).map((a) => a.id as string);
}

const strictFunction = {
  type: 'function',
  function: {
    name: 'get_order',
    description: 'Look up an order by its number.',
    parameters: {
      type: 'object',
      properties: { order_id: { type: 'string', description: 'The order number,\nas printed on the receipt.' } },
      required: ['order_id'],
      additionalProperties: false,
    },
    strict: true,
  },
};

function seedEverything(): Record<string, string> {
  const [full, unnamed, dup1, dup2, japanese, accented, long, jsonObject, text, reasoning] = seed(
    {
      model: 'gpt-4o',
      name: 'Café Bot',
      description: 'Answers questions about the café menu.',
      instructions: 'You are the café assistant.\nAnswer in one paragraph.\nNever invent prices.',
      tools: [
        { type: 'code_interpreter' },
        { type: 'file_search', file_search: { max_num_results: 8, ranking_options: { ranker: 'auto', score_threshold: 0.45 } } },
        strictFunction,
        { type: 'function', function: { name: 'ping' } },
      ],
      tool_resources: { code_interpreter: { file_ids: ['file-menu2026'] }, file_search: { vector_store_ids: ['vs_cafe'] } },
      metadata: { team: 'hospitality', 'cost-center': '0042' },
      temperature: 0.3,
      top_p: 0.9,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'menu_answer',
          description: 'One answer',
          schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false },
          strict: true,
        },
      },
    },
    { model: 'gpt-4o-mini' },
    { model: 'gpt-4o', name: 'Helper', instructions: 'First helper.' },
    { model: 'gpt-4o', name: 'Helper', instructions: 'Second helper.' },
    { model: 'gpt-4o', name: '日本語アシスタント' },
    { model: 'gpt-4o', name: 'Ünïcödé Tütor ✨' },
    { model: 'gpt-4o', name: 'Policy Reader', instructions: LONG_INSTRUCTIONS, tools: [{ type: 'file_search' }] },
    { model: 'gpt-4o', name: 'JSON out', response_format: { type: 'json_object' } },
    { model: 'gpt-4o', name: 'Plain text', response_format: { type: 'text' }, temperature: 0 },
    { model: 'o3-mini', name: 'Thinker', reasoning_effort: 'high' },
  );
  return { full, unnamed, dup1, dup2, japanese, accented, long, jsonObject, text, reasoning } as Record<string, string>;
}

const suffix = (id: string) => id.replace(/^asst_/, '').toLowerCase().replace(/[^a-z0-9]/g, '').slice(-8);

describe('aac import', () => {
  test('names in other scripts keep their letters in keys; names that print alike are told apart in the report', async () => {
    const [greek, nfc, nfd, mixed] = seed(
      { model: 'gpt-4o', name: 'Ωμέγα Βοηθός' },
      { model: 'gpt-4o', name: 'Caf\u00e9' },
      { model: 'gpt-4o', name: 'Cafe\u0301' },
      { model: 'gpt-4o', name: '日本語ボット 2*?/..' },
    );
    const run = await aac('import');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(files()).toEqual(['cafe-2.yaml', 'cafe.yaml', 'ωμέγα-βοηθός.yaml', '日本語ボット-2.yaml'].sort());
    expect(yamlOf('assistants/日本語ボット-2.yaml')).toMatchObject({ id: mixed, name: '日本語ボット 2*?/..' });
    expect(yamlOf('assistants/ωμέγα-βοηθός.yaml')).toMatchObject({ id: greek });
    const note = '(differs only in Unicode normalization (NFD → NFC); the code points that differ are shown as \\u{…})';
    expect(run.stdout).toContain(`+ assistants/cafe.yaml  ${nfc} "Caf\\u{e9}" ${note}`);
    expect(run.stdout).toContain(`+ assistants/cafe-2.yaml  ${nfd} "Cafe\\u{301}" ${note.replace('NFD → NFC', 'NFC → NFD')}`);
    expect(run.stdout).toContain(`${greek} "Ωμέγα Βοηθός"\n`);
    const plan = await aac('plan', '--detailed-exitcode');
    expect([plan.code, plan.stdout]).toEqual([2, expect.stringContaining('~ 日本語ボット-2 (')]);
    expect(plan.stdout).toContain('Plan: 0 to create, 4 to modify, 0 to delete, 0 unchanged.');
  });

  test('imports every field and tool type; the files validate; plan shows only the adoption; apply converges', async () => {
    const ids = seedEverything();
    const run = await aac('import');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported 10 assistants into assistants/');
    expect(run.stdout).toContain('aac plan');

    expect(files()).toEqual(
      [
        'cafe-bot.yaml',
        `assistant-${suffix(ids.unnamed!)}.yaml`,
        'helper.yaml',
        'helper-2.yaml',
        // A name with no Latin letters keeps its own (NFC, lower-cased), not an id.
        '日本語アシスタント.yaml',
        'unicode-tutor.yaml',
        'policy-reader.yaml',
        'prompts',
        'prompts/policy-reader.md',
        'json-out.yaml',
        'plain-text.yaml',
        'thinker.yaml',
      ].sort(),
    );

    // Every chosen value, none of the server-filled ones.
    const cafe = yamlOf('assistants/cafe-bot.yaml');
    expect(cafe).toEqual({
      id: ids.full,
      model: 'gpt-4o',
      name: 'Café Bot',
      description: 'Answers questions about the café menu.',
      instructions: 'You are the café assistant.\nAnswer in one paragraph.\nNever invent prices.',
      tools: [
        { type: 'code_interpreter' },
        { type: 'file_search', file_search: { max_num_results: 8, ranking_options: { score_threshold: 0.45 } } },
        strictFunction,
        { type: 'function', function: { name: 'ping' } },
      ],
      tool_resources: { code_interpreter: { file_ids: ['file-menu2026'] }, file_search: { vector_store_ids: ['vs_cafe'] } },
      metadata: { team: 'hospitality', 'cost-center': '0042' },
      temperature: 0.3,
      top_p: 0.9,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'menu_answer',
          description: 'One answer',
          schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false },
          strict: true,
        },
      },
    });
    const cafeText = read('assistants/cafe-bot.yaml');
    expect(Object.keys(cafe)).toEqual(['id', 'model', 'name', 'description', 'instructions', 'tools', 'tool_resources', 'metadata', 'temperature', 'top_p', 'response_format']);
    expect(cafeText).toContain('instructions: |-\n  You are the café assistant.\n');
    expect(cafeText).toContain('description: |-\n');

    // The project is not where aac's schemas are committed: no schema line, rather than a path into
    // this machine's install, which other clones lack.
    expect(cafeText).not.toContain('yaml-language-server');
    expect(cafeText.startsWith('id: ')).toBe(true);

    expect(yamlOf(`assistants/assistant-${suffix(ids.unnamed!)}.yaml`)).toEqual({ id: ids.unnamed, model: 'gpt-4o-mini' });
    expect(yamlOf('assistants/helper.yaml')).toMatchObject({ id: ids.dup1, instructions: 'First helper.' });
    expect(yamlOf('assistants/helper-2.yaml')).toMatchObject({ id: ids.dup2, instructions: 'Second helper.' });
    expect(yamlOf('assistants/日本語アシスタント.yaml')).toEqual({ id: ids.japanese, model: 'gpt-4o', name: '日本語アシスタント' });
    expect(yamlOf('assistants/unicode-tutor.yaml')).toEqual({ id: ids.accented, model: 'gpt-4o', name: 'Ünïcödé Tütor ✨' });
    expect(yamlOf('assistants/json-out.yaml')).toMatchObject({ response_format: { type: 'json_object' } });
    expect(yamlOf('assistants/plain-text.yaml')).toMatchObject({ response_format: { type: 'text' }, temperature: 0 });
    expect(yamlOf('assistants/thinker.yaml')).toEqual({ id: ids.reasoning, model: 'o3-mini', name: 'Thinker', reasoning_effort: 'high' });

    // 256,000 characters of instructions live in their own file, byte for byte.
    expect(yamlOf('assistants/policy-reader.yaml')).toEqual({
      id: ids.long,
      model: 'gpt-4o',
      name: 'Policy Reader',
      instructions_file: 'prompts/policy-reader.md',
      tools: [{ type: 'file_search' }],
    });
    expect(LONG_INSTRUCTIONS.length).toBe(256_000);
    expect(read('assistants/prompts/policy-reader.md')).toBe(LONG_INSTRUCTIONS);

    const validate = await aac('validate');
    expect(validate.stdout + validate.stderr).not.toContain('error');
    expect(validate.code).toBe(0);

    const plan = await aac('plan', '--format', 'json');
    expect(plan.code).toBe(0);
    // The only change is the adoption: the marker goes into metadata, nothing governed differs.
    type Change = { key: string; actions: string[]; adopt: boolean; changed_fields: string[]; patch: unknown[]; body: object; before: unknown; after: unknown };
    const changes = (JSON.parse(plan.stdout) as { resource_changes: Change[] }).resource_changes;
    expect(changes).toHaveLength(10);
    for (const change of changes) {
      expect(change, change.key).toMatchObject({ actions: ['update'], adopt: true, patch: [] });
      expect(['metadata']).toEqual(expect.arrayContaining(change.changed_fields));
      expect(Object.keys(change.body)).toEqual(['metadata']);
      // `after` may still say `ranker: auto` where `before` has the ranker the server chose: the empty patch is the proof.
    }

    const apply = await aac('apply', '--yes');
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const after = await aac('plan', '--detailed-exitcode');
    expect(after.code).toBe(0);

    // Now every assistant is managed: a second import has nothing to do and touches nothing.
    const before = files().map((f) => [f, existsSync(join(cwd, 'assistants', f)) && !f.endsWith('prompts') ? read(join('assistants', f)) : '']);
    const again = await aac('import');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No unmanaged assistants to import.');
    expect(again.stdout).toContain("10 assistants are already managed by aac and were left alone: 10 by this namespace 'test'.");
    expect(files().map((f) => [f, existsSync(join(cwd, 'assistants', f)) && !f.endsWith('prompts') ? read(join('assistants', f)) : ''])).toEqual(before);

    for (const out of [run, validate, plan, apply, after, again]) expect(out.stdout + out.stderr).not.toContain(SECRET);
  });

  test('never overwrites a definition without --force; --force rewrites it from the live state', async () => {
    const [id] = seed({ model: 'gpt-4o', name: 'Support', temperature: 0.5 });
    expect((await aac('import')).code).toBe(0);
    const original = read('assistants/support.yaml');

    // Unmanaged but pinned: a plain re-run notes it and leaves it alone.
    const rerun = await aac('import');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('already defined in assistants/support.yaml');
    expect(read('assistants/support.yaml')).toBe(original);

    // Matched by a pattern: a note, not a failure.
    const byName = await aac('import', '--name', 'supp*');
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain('Nothing imported.');
    expect(read('assistants/support.yaml')).toBe(original);

    // Asked for by id: refused, and the exit code says so.
    emu.mutate(id!, { temperature: 0.8 });
    const refused = await aac('import', '--id', id!);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('not overwritten');
    expect(refused.stderr).toContain('--force');
    expect(read('assistants/support.yaml')).toBe(original);

    // The file differs from the live assistant (its temperature changed on the host): --force
    // alone leaves it, naming the field; --replace-differing takes the live value.
    const differing = await aac('import', '--id', id!, '--force');
    expect(differing.code).toBe(1);
    expect(differing.stdout).toContain('assistants/support.yaml: temperature differs from the live assistant (an edit not applied yet, or a change made on the host) and would be replaced by its values; not overwritten');
    expect(read('assistants/support.yaml')).toBe(original);
    const forced = await aac('import', '--id', id!, '--force', '--replace-differing');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('assistants/support.yaml (replaced)');
    expect(forced.stdout).toContain('! assistants/support.yaml: temperature differs from the live assistant and is replaced by its values\n');
    expect(yamlOf('assistants/support.yaml')).toEqual({ id, model: 'gpt-4o', name: 'Support', temperature: 0.8 });
    expect(files()).toEqual(['support.yaml']);
  });

  test('--force on a managed assistant brings its definition back in line with a change made by hand', async () => {
    const [id] = seed({ model: 'gpt-4o', name: 'Tutor', instructions: 'Teach.', tools: [{ type: 'code_interpreter' }] });
    expect((await aac('import')).code).toBe(0);
    expect((await aac('apply', '--yes')).code).toBe(0);
    emu.mutate(id!, { instructions: 'Teach patiently.', top_p: 0.5 });
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(2);

    const refused = await aac('import', '--id', id!);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("managed by aac as 'tutor' (assistants/tutor.yaml); not overwritten");

    const forced = await aac('import', '--id', id!, '--force', '--replace-differing');
    expect(forced.code).toBe(0);
    expect(yamlOf('assistants/tutor.yaml')).toEqual({
      id,
      model: 'gpt-4o',
      name: 'Tutor',
      instructions: 'Teach patiently.',
      tools: [{ type: 'code_interpreter' }],
      top_p: 0.5,
    });
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('new keys avoid existing files and keys, case-insensitively', async () => {
    mkdirSync(join(cwd, 'assistants', 'prompts'), { recursive: true });
    writeFileSync(join(cwd, 'assistants', 'Helper.yaml'), 'model: gpt-4o\nname: Hand-written helper\n');
    writeFileSync(join(cwd, 'assistants', 'prompts', 'helper-2.md'), 'someone else’s prompt\n');
    writeFileSync(join(cwd, 'assistants', 'other.yaml'), 'key: helper-3\nmodel: gpt-4o\n');
    seed({ model: 'gpt-4o', name: 'HELPER' });
    const run = await aac('import');
    expect(run.code).toBe(0);
    expect(files()).toEqual(['Helper.yaml', 'helper-4.yaml', 'other.yaml', 'prompts', 'prompts/helper-2.md']);
    expect(read('assistants/Helper.yaml')).toBe('model: gpt-4o\nname: Hand-written helper\n');
  });

  test('--id and --name select; an unknown id writes nothing', async () => {
    const [a, , c] = seed(
      { model: 'gpt-4o', name: 'Billing Bot' },
      { model: 'gpt-4o', name: 'billing-helper' },
      { model: 'gpt-4o', name: 'HR Bot' },
      { model: 'gpt-4o', name: 'Sales' },
    );
    const unknown = await aac('import', '--id', a!, '--id', 'asst_doesnotexist');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("'asst_doesnotexist'");
    expect(files()).toEqual([]);

    const byName = await aac('import', '--name', 'BILLING*');
    expect(byName.code).toBe(0);
    expect(files()).toEqual(['billing-bot.yaml', 'billing-helper.yaml']);

    const byBoth = await aac('import', '--id', c!, '--name', 'sa?es');
    expect(byBoth.code).toBe(0);
    expect(files()).toEqual(['billing-bot.yaml', 'billing-helper.yaml', 'hr-bot.yaml', 'sales.yaml']);
  });

  test('a --name or --id that matches nothing is an error naming it and what there is; nothing is written', async () => {
    seed(
      { model: 'gpt-4o', name: 'Support Bot' },
      { model: 'gpt-4o', name: 'Billing Bot' },
      { model: 'gpt-4o', name: 'HR Helper' },
      { model: 'gpt-4o', name: 'Sales' },
      { model: 'gpt-4o', name: 'Legal' },
      { model: 'gpt-4o', name: 'Drafts' },
    );
    const none = await aac('import', '--name', 'nomatch*');
    expect(none.code).toBe(1);
    expect(none.stdout).not.toContain('No unmanaged');
    expect(none.stderr).toContain("Error: --name 'nomatch*' matches no live assistant (there are 6 unmanaged assistants: 'Support Bot', 'Billing Bot', 'HR Helper', 'Sales', 'Legal', …); nothing was written");
    expect(none.stderr).toContain("a pattern matches a whole name, in any case, with * and ? as wildcards (--name 'support*')");
    // A name one letter off is named.
    const typo = await aac('import', '--name', 'Suport Bot');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("did you mean --name 'Support Bot'?");
    // One pattern that matches does not carry another that does not.
    const mixed = await aac('import', '--name', 'Support*', '--name', 'zzz');
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain("Error: --name 'zzz' matches no live assistant");
    const id = await aac('import', '--id', 'asst_doesnotexist');
    expect(id.code).toBe(1);
    expect(id.stderr).toContain("Error: no live assistant has the id 'asst_doesnotexist' (there are 6 unmanaged assistants:");
    expect(files()).toEqual([]);
    expect(existsSync(join(cwd, 'assistants'))).toBe(false);

  });

  test('a filter that matches nothing names the backend\'s noun: agents', async () => {
    const agents = await testEmulator({ provider: 'openai-agents' });
    const r = await runCli(['import', '--provider', 'openai-agents', '--name', 'nomatch*'], { cwd, env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: agents.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: --name 'nomatch*' matches no live agent (there are no unmanaged agents); nothing was written");
    // Without a filter, nothing to import is no error.
    const all = await runCli(['import', '--provider', 'openai-agents'], { cwd, env: { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: agents.url } });
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('No unmanaged agents to import.');
  });

  test('--dry-run writes nothing; --format json reports the same', async () => {
    const [id] = seed({ model: 'gpt-4o', name: 'Drafts', instructions: 'x'.repeat(500) });
    const dry = await aac('import', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would import 1 assistant into assistants/');
    expect(dry.stdout).toContain('assistants/drafts.yaml');
    expect(dry.stdout).toContain('instructions in assistants/prompts/drafts.md');
    expect(files()).toEqual([]);

    const json = await aac('import', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      format_version: '1.8',
      dry_run: false,
      namespace: 'test',
      namespace_file: { file: 'assistants/aac.yaml', created: true },
      config_file: { file: 'assistants/aac.yaml', created: true, recorded: { namespace: 'test', provider: null } },
      environment: null,
      imported: [{ id, name: 'Drafts', key: 'drafts', file: 'assistants/drafts.yaml', instructions_file: 'assistants/prompts/drafts.md', overlay_file: null, name_needed_in: [], kept_live: [], replaces: false, discarded: [] }],
      skipped: [],
      managed_left_alone: 0,
      managed_left_alone_by: { namespace: 0, other_namespaces: {}, legacy: 0 },
    });
    expect(read('assistants/prompts/drafts.md')).toBe('x'.repeat(500));
  });

  test('a name with terminal escapes is shown inert, and written to the file unchanged', async () => {
    const name = 'Red\u001b[31m alert\nsecond line';
    seed({ model: 'gpt-4o', name });
    const run = await aac('import');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('"Red\\u001b[31m alert\\nsecond line"');
    expect(yamlOf('assistants/red-alert-second-line.yaml')).toMatchObject({ name });
    expect((await aac('validate')).code).toBe(0);
  });

  test('a failure while writing leaves no half-import behind', async () => {
    seed({ model: 'gpt-4o', name: 'Alpha' }, { model: 'gpt-4o', name: 'Beta', instructions: 'long\n'.repeat(10) });
    mkdirSync(join(cwd, 'assistants'));
    // `prompts` is a file, so Beta's instructions cannot be written.
    writeFileSync(join(cwd, 'assistants', 'prompts'), '');
    const run = await aac('import');
    expect(run.code).toBe(1);
    // Refused before anything is written: the directory it would go in is a file.
    expect(run.stderr).toMatch(/cannot write assistants\/prompts\/beta\.md: \S*assistants\/prompts is not a directory; nothing was written/);
    expect(run.stderr).not.toContain('    at ');
    expect(files()).toEqual(['prompts']);
  });

  test('definitions with errors stop the import before anything is read or written', async () => {
    seed({ model: 'gpt-4o', name: 'Alpha' });
    mkdirSync(join(cwd, 'assistants'));
    writeFileSync(join(cwd, 'assistants', 'broken.yaml'), 'model: [unclosed\n');
    const run = await aac('import');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('assistants/broken.yaml:');
    // In the words of import's other refusals: it writes files, and changes nothing on the host either way.
    expect(run.stderr).toContain('Error: 1 error in the definitions; nothing was written\n');
    expect(run.stderr).not.toContain('nothing was changed');
    expect(run.stderr).toContain('aac validate');
    expect(files()).toEqual(['broken.yaml']);
  });

  test("a host's name longer than the API takes is cut in the refusal that lists it, saying how much was left out", async () => {
    // Listed whole, one name of a million characters made the refusal a line of a megabyte. The
    // Agents API's response schema sets no length on a name, so its emulator may answer one.
    const agents = await providerEmulator('openai-agents');
    try {
      const [id] = agents.seed([{ model: 'gpt-5', name: 'Short' }]);
      agents.mutate(id!.id as string, { name: 'n'.repeat(1_000_000) });
      const cli = (...argv: string[]) => runCli([...argv, '--provider', 'openai-agents'], { cwd, env: envFor('openai', agents.url) }); // the Agents API's variables are the Assistants API's
      for (const [typed, said] of [['zzz', ''], ['nnnnn', "did you mean --name '"]] as const) {
        const r = await cli('import', '--name', typed);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`Error: --name '${typed}' matches no live agent (there is 1 unmanaged agent: '${'n'.repeat(256)}…(999,744 more characters)'); nothing was written`);
        if (said) expect(r.stderr).toContain(`${said}${'n'.repeat(256)}…(999,744 more characters)'?`);
        expect(r.stderr.length).toBeLessThan(2_000);
      }
    } finally {
      await agents.close();
    }
  });

  test('foundry: host tools and resources are imported as given, and the round trip holds', async () => {
    const foundry = await providerEmulator('foundry');
    try {
      const [id] = foundry.seed([
        {
          model: 'gpt-4o',
          name: 'Researcher',
          tools: [
            { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: 'conn-bing', market: 'en-US', count: 5 }] } },
            { type: 'azure_ai_search' },
            { type: 'function', function: { name: 'cite', parameters: { type: 'object', properties: {} } } },
            { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.3 } } },
          ],
          tool_resources: { azure_ai_search: { indexes: [{ index_connection_id: 'conn-search', index_name: 'docs', query_type: 'semantic', top_k: 5 }] } },
          temperature: 0.4,
        },
      ]).map((a) => a.id as string);
      const env = envFor('foundry', foundry.url);
      const cli = (...argv: string[]) => runCli([...argv, '--provider', 'foundry'], { cwd, env });
      const run = await cli('import');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(yamlOf('assistants/researcher.yaml')).toEqual({
        id,
        model: 'gpt-4o',
        name: 'Researcher',
        tools: [
          { type: 'bing_grounding', bing_grounding: { search_configurations: [{ connection_id: 'conn-bing', market: 'en-US', count: 5 }] } },
          { type: 'azure_ai_search' },
          // Foundry requires these although they equal what the server would fill in.
          { type: 'function', function: { name: 'cite', parameters: { type: 'object', properties: {} } } },
          { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0.3 } } },
        ],
        tool_resources: { azure_ai_search: { indexes: [{ index_connection_id: 'conn-search', index_name: 'docs', query_type: 'semantic', top_k: 5 }] } },
        temperature: 0.4,
      });
      // The provider came from the flag: recorded beside the namespace, so later runs need no flag.
      expect(run.stdout).toContain('Recorded the namespace and the provider in assistants/aac.yaml (created): namespace: test, provider: foundry');
      expect(read('assistants/aac.yaml')).toBe('namespace: test\nprovider: foundry\n');
      const validate = await cli('validate');
      expect(validate.code, validate.stdout + validate.stderr).toBe(0);
      const apply = await cli('apply', '--yes');
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);
      const plan = await runCli(['plan', '--detailed-exitcode'], { cwd, env });
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);

      // The imported file is a working definition: a tools change goes through as written.
      writeFileSync(join(cwd, 'assistants/researcher.yaml'), read('assistants/researcher.yaml').replace('  - type: azure_ai_search\n', '  - type: azure_ai_search\n  - type: code_interpreter\n'));
      const change = await cli('apply', '--yes');
      expect(change.code, change.stdout + change.stderr).toBe(0);
      expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
    } finally {
      await foundry.close();
    }
  });
});
