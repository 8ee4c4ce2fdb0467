// A stop signal that comes while aac's main thread is busy with work of its own (building an
// import's files, rendering a plan), after its last wait and before its point of no return, takes
// effect there: "interrupted", 128 + the signal's number, nothing written, as README's Exit codes
// promise. The compiled CLI is run as a child process, and sends itself the signal from inside
// that synchronous work (helpers/signal-self.mjs), so the test does not depend on the machine's
// load. Against the emulator.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEY, apiEnv } from '../apply/helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runChild, type ChildOptions } from '../helpers/child-cli.js';
import { testEmulator } from '../helpers/each-test.js';

afterAll(cleanupTrees);

const SIGNAL_SELF = fileURLToPath(new URL('../helpers/signal-self.mjs', import.meta.url));

/** runChild, the CLI sending itself `signal` at the first write to stdout matching `match` (or fs.existsSync of a path matching it). */
function signalledFromInside(args: string[], opts: Omit<ChildOptions, 'deadlineMs'>, at: { signal: NodeJS.Signals; on: 'stdout' | 'exists'; match: string }) {
  return runChild(args, { ...opts, deadlineMs: 20_000, imports: [SIGNAL_SELF], env: { ...opts.env, SIGNAL_SELF: JSON.stringify(at) } });
}

describe('a signal during synchronous work before the point of no return', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('import at %s while it builds the files writes none of them: exit %i', async (signal, code) => {
    const emu = await testEmulator({ apiKey: API_KEY });
    emu.seed([{ model: 'gpt-4o', name: 'Support Bot' }, { model: 'gpt-4o', name: 'Billing Bot' }]);
    const cwd = writeTree({});
    // Asked whether aac.yaml is there, to record the namespace in it: the files are built, none written.
    const r = await signalledFromInside(['import'], { cwd, env: apiEnv(emu.url) }, { signal, on: 'exists', match: '/assistants/aac\\.yaml$' });
    expect(r.stderr).toContain('signalled-self');
    expect(r.killed).toBe(false);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code, stderr: expect.stringContaining(`aac: interrupted (${signal})`) });
    expect(r.stdout).not.toContain('Imported');
    expect(readdirSync(join(cwd, 'assistants'))).toEqual([]);
  }, 30_000);

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('import at %s while it writes the files ends with exit %i, naming each file, all written whole', async (signal, code) => {
    const emu = await testEmulator({ apiKey: API_KEY });
    emu.seed([{ model: 'gpt-4o', name: 'Support Bot' }, { model: 'gpt-4o', name: 'Billing Bot' }]);
    const cwd = writeTree({});
    // Sent as the first file is renamed into place: inside the write, which a signal cannot cut.
    const r = await signalledFromInside(['import'], { cwd, env: apiEnv(emu.url) }, { signal, on: 'rename', match: '/assistants/[^/]+\\.yaml$' });
    expect(r.stderr).toContain('signalled-self');
    expect(r.killed).toBe(false);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code, stderr: expect.stringContaining(`aac: interrupted (${signal})`) });
    // Every file is there, whole (no temporary file left), and each is named.
    const files = readdirSync(join(cwd, 'assistants')).sort();
    expect(files).toHaveLength(3);
    expect(files).toContain('aac.yaml');
    for (const f of files) expect(f).toMatch(/^[a-z-]+\.yaml$/);
    const said = /Stopped once the files were written: (.*) were written whole; none was left unwritten or half-written\.\n/.exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    expect(said![1]!.split(/, | and /).map((f) => f.replace(/^assistants\//, '')).sort()).toEqual(files);
    expect(r.stdout).not.toContain('Imported');
  }, 30_000);

  it('import writes its files in the order its dry run lists them (by key: bot.yaml and its prompt before bot-2.yaml), aac.yaml last', async () => {
    const emu = await testEmulator({ apiKey: API_KEY });
    emu.seed([
      { model: 'gpt-4o', name: 'Bot', instructions: 'x'.repeat(500), created_at: 1 },
      { model: 'gpt-4o', name: 'Bot', created_at: 2 },
      { model: 'gpt-4o', name: 'Alpha', created_at: 3 },
    ]);
    const cwd = writeTree({});
    const dry = await runChild(['import', '--dry-run'], { cwd, env: apiEnv(emu.url), deadlineMs: 20_000 });
    expect(dry.code, dry.stderr).toBe(0);
    const listed = dry.stdout.split('\n').flatMap((l) => /^ {2}\+ (\S+)|^ {6}instructions in (\S+)/.exec(l)?.slice(1).filter(Boolean) ?? []);
    expect(listed).toEqual(['assistants/alpha.yaml', 'assistants/bot.yaml', 'assistants/prompts/bot.md', 'assistants/bot-2.yaml']);
    // Stopped as the first file is renamed into place, the run names every file in the order it wrote them.
    const r = await signalledFromInside(['import'], { cwd, env: apiEnv(emu.url) }, { signal: 'SIGINT', on: 'rename', match: '/assistants/[^/]+\\.yaml$' });
    const said = /Stopped once the files were written: (.*) were written whole/.exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    expect(said![1]!.split(/, | and /)).toEqual([...listed, 'assistants/aac.yaml']);
  }, 30_000);

  it.each(['import', 'migrate'] as const)('%s --format json at SIGINT while it writes the files: its interrupted document says which files were written whole, as stderr does', async (command) => {
    const emu = await testEmulator({ apiKey: API_KEY });
    emu.seed([{ model: 'gpt-4o', name: 'Support Bot' }]);
    const cwd = writeTree(command === 'import' ? {} : { 'assistants/aac.yaml': 'provider: openai\nnamespace: busy\n', 'assistants/a.yaml': 'model: gpt-4o\ninstructions: Help.\n' });
    const [args, dir] = command === 'import' ? [['import'], 'assistants'] : [['migrate', '--to', 'openai-agents', '--out', 'agents'], 'agents'];
    const r = await signalledFromInside([...args, '--format', 'json'], { cwd, env: command === 'import' ? apiEnv(emu.url) : {} }, { signal: 'SIGINT', on: 'rename', match: `/${dir}/[^/]+\\.yaml$` });
    expect(r.stderr).toContain('signalled-self');
    expect(r.code).toBe(130);
    const said = /Stopped once the files were written: (.*) (?:was|were) written whole; none was left unwritten or half-written\.\n/.exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ severity: string; code: string; message: string }> };
    expect(doc.diagnostics.at(-1)).toMatchObject({
      severity: 'error',
      code: 'interrupted',
      message: `interrupted (SIGINT); stopped once the files were written: ${said![1]!} were written whole; none was left unwritten or half-written`,
    });
  }, 30_000);

  it('plan --out at SIGINT while the plan is printed saves no plan file: exit 130', async () => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const cwd = writeTree({ 'assistants/a.yaml': 'model: m\n' });
    const r = await signalledFromInside(['plan', '--out', 'p.json'], { cwd, env: apiEnv(emu.url) }, { signal: 'SIGINT', on: 'stdout', match: 'Plan: 1 to create' });
    expect(r.stderr).toContain('signalled-self');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)');
    expect(r.stdout + r.stderr).not.toContain('Saved the plan');
    expect(readdirSync(cwd)).not.toContain('p.json');
  }, 30_000);

  it.each([[[]], [['-lock=false']]] as const)('apply --yes %j at SIGINT while the plan is printed sends no write: exit 130, not "finishing the actions in flight"', async (flags) => {
    const emu = await testEmulator({ apiKey: API_KEY });
    const cwd = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n' });
    const r = await signalledFromInside(['apply', '--yes', ...flags], { cwd, env: apiEnv(emu.url) }, { signal: 'SIGINT', on: 'stdout', match: 'Plan: 2 to create' });
    expect(r.stderr).toContain('signalled-self');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)');
    expect(r.stderr).not.toContain('Received SIGINT');
    expect(r.stdout).not.toMatch(/Apply (complete|interrupted)/);
    // Neither definition was created, and the lock (when taken) was removed.
    expect(emu.resources()).toEqual([]);
    expect(emu.stats().byRoute['POST /assistants'] ?? 0).toBe(flags.length === 0 ? 1 : 0);
  }, 30_000);

  it('migrate at SIGINT while it builds the files writes none of them: exit 130', async () => {
    const cwd = writeTree({ 'assistants/aac.yaml': 'provider: openai\nnamespace: busy\n', 'assistants/a.yaml': 'model: gpt-4o\ninstructions: Help.\n' });
    const r = await signalledFromInside(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd }, { signal: 'SIGINT', on: 'exists', match: '/agents/a\\.yaml$' });
    expect(r.stderr).toContain('signalled-self');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('aac: interrupted (SIGINT)');
    expect(existsSync(join(cwd, 'agents'))).toBe(false);
  }, 30_000);

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('migrate at %s while it writes the files ends with exit %i, naming each file, all written whole', async (signal, code) => {
    const cwd = writeTree({
      'assistants/aac.yaml': 'provider: openai\nnamespace: busy\n',
      'assistants/a.yaml': 'model: gpt-4o\ninstructions: Help.\n',
      'assistants/team/b.yaml': 'model: gpt-4o\ninstructions: Bill.\n',
    });
    // Sent as the first definition is renamed into place: inside the write, which a signal cannot cut.
    const r = await signalledFromInside(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd }, { signal, on: 'rename', match: '/agents/.*\\.yaml$' });
    expect(r.stderr).toContain('signalled-self');
    expect(r.killed).toBe(false);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code, stderr: expect.stringContaining(`aac: interrupted (${signal})`) });
    // Every file is there, whole (no temporary file left), and each is named.
    const files = (readdirSync(join(cwd, 'agents'), { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).sort();
    expect(files).toEqual(['a.yaml', 'aac.yaml', 'team/b.yaml']);
    expect((readdirSync(join(cwd, 'agents'), { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const said = /Stopped once the files were written: (.*) were written whole; none was left unwritten or half-written\.\n/.exec(r.stderr);
    expect(said, r.stderr).not.toBeNull();
    expect(said![1]!.split(/, | and /).map((f) => f.replace(/^agents\//, '')).sort()).toEqual(files);
    expect(r.stdout).not.toMatch(/^Wrote|Migrated/m);
  }, 30_000);
});
