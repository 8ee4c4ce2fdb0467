import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { buildImport, needsInstructionsFile, skippedMessage } from '../../src/import/generate.js';
import { selectResources } from '../../src/import/select.js';
import type { DesiredAssistant, LiveAssistant } from '../../src/backends/assistants/assistant.js';
import { testDir } from '../helpers/each-test.js';
import { EXACT, FOLDED, type PathFold } from '../../src/util/path-case.js';

let cwd: string;
beforeEach(() => void (cwd = testDir('aac-gen-')));

/** Marked by the namespace `test` (the one `build` imports into) when it has a key, unless `namespace` says another (null: the legacy marker). */
const live = (id: string, name: string | null, key: string | null = null, createdAt = 1, namespace: string | null = key === null ? null : 'test'): LiveAssistant => ({
  id,
  key,
  namespace,
  createdAt,
  spec: { model: 'gpt-4o', name, tools: [], metadata: {} },
  fingerprint: id,
});

const definition = (key: string, file: string, id?: string): DesiredAssistant => ({
  key,
  file,
  ...(id ? { id } : {}),
  spec: { model: 'gpt-4o' },
  movedFrom: [],
  sourceHash: '',
  locate: () => ({ file, line: 1, column: 1 }),
});

/** `fold`: how the definitions directory's file system compares names (EXACT: case-sensitive, as Linux's). */
const build = (lives: LiveAssistant[], defs: DesiredAssistant[], opts: { ids?: string[]; force?: boolean; replaceDiffering?: boolean; declared?: Array<{ name: string; overlays: string }>; fold?: PathFold } = {}) => {
  const selection = selectResources(lives, defs, 'test', { ids: opts.ids ?? [], namePatterns: [] }, ASSISTANT);
  return buildImport(selection.candidates, defs, ASSISTANT, { dir: join(cwd, 'assistants'), cwd, force: opts.force ?? false, replaceDiffering: opts.replaceDiffering ?? false, provider: 'openai', flags: '', apply: 'aac apply', declared: opts.declared ?? [], fold: opts.fold ?? EXACT });
};

describe('needsInstructionsFile', () => {
  test('more than 5 lines or 400 characters move; text a file cannot hold stays inline', () => {
    expect(needsInstructionsFile('1\n2\n3\n4\n5')).toBe(false);
    expect(needsInstructionsFile('1\n2\n3\n4\n5\n6')).toBe(true);
    expect(needsInstructionsFile('x'.repeat(400))).toBe(false);
    expect(needsInstructionsFile('x'.repeat(401))).toBe(true);
    expect(needsInstructionsFile(`${'x'.repeat(500)}\u0000`)).toBe(false);
    expect(needsInstructionsFile(`${'x'.repeat(500)}\ud800`)).toBe(false);
    // Read back from a file, a CR is a line break (LF) and a leading U+FEFF a byte order mark (dropped).
    expect(needsInstructionsFile('1\n2\n3\n4\n5\r\n6')).toBe(false);
    expect(needsInstructionsFile(`${'x'.repeat(500)}\r`, true)).toBe(false);
    expect(needsInstructionsFile(`\ufeff${'x'.repeat(500)}`)).toBe(false);
    expect(needsInstructionsFile(`${'x'.repeat(500)}\ufeff`)).toBe(true);
    expect(needsInstructionsFile('short', true)).toBe(true);
  });
});

describe('buildImport', () => {
  test('the oldest of several same-named assistants gets the plain key, whatever the list order', () => {
    const b = build([live('asst_new', 'Bot', null, 20), live('asst_old', 'Bot', null, 10)], []);
    expect(b.imported.map((a) => [a.id, a.key])).toEqual([['asst_old', 'bot'], ['asst_new', 'bot-2']]);
  });


  test('the files are written in the order the report lists them, each with its own: by key, not by path (bot-2.yaml sorts before bot.yaml)', () => {
    const long = { ...live('asst_z', 'Bot', null, 5), spec: { model: 'gpt-4o', name: 'Bot', instructions: 'x'.repeat(500), tools: [], metadata: {} } };
    const b = build([live('asst_b', 'Bot', null, 10), long, live('asst_a', 'Alpha', null, 20)], []);
    expect(b.imported.map((a) => a.key)).toEqual(['alpha', 'bot', 'bot-2']);
    const dir = join(cwd, 'assistants');
    expect(b.writes.map((w) => w.path)).toEqual([join(dir, 'alpha.yaml'), join(dir, 'bot.yaml'), join(dir, 'prompts', 'bot.md'), join(dir, 'bot-2.yaml')]);
    expect(b.definitions.map((d) => d.from)).toEqual(['asst_a', 'asst_z', 'asst_b']);
  });
  test('a key taken by a definition is avoided, and the definition file is not written', () => {
    const b = build([live('asst_1', 'Bot')], [definition('bot', 'assistants/team.yaml')]);
    expect(b.imported[0]!.key).toBe('bot-2');
    expect(b.writes.map((w) => w.path)).toEqual([join(cwd, 'assistants', 'bot-2.yaml')]);
  });

  test('--force rewrites the defining file and keeps its explicit key', () => {
    const defs = [definition('support/billing', 'assistants/billing.yaml', 'asst_1')];
    expect(build([live('asst_1', 'Billing')], defs, { ids: ['asst_1'] }).skipped[0]).toMatchObject({ reason: 'defined', needsForce: true });
    // The definition has no name, the live one has: a difference only --replace-differing lets go.
    expect(build([live('asst_1', 'Billing')], defs, { ids: ['asst_1'], force: true }).skipped[0]).toMatchObject({ reason: 'defined', differing: ['name'] });
    const b = build([live('asst_1', 'Billing')], defs, { ids: ['asst_1'], force: true, replaceDiffering: true });
    expect(b.imported[0]!.discarded).toEqual(['name']);
    expect(b.writes).toHaveLength(1);
    expect(b.writes[0]).toMatchObject({ path: join(cwd, 'assistants', 'billing.yaml'), replaces: true });
    expect(parse(b.writes[0]!.content)).toEqual({ key: 'support/billing', id: 'asst_1', model: 'gpt-4o', name: 'Billing' });
  });

  test('a managed assistant whose definition is gone is restored under its key only with --force', () => {
    const orphan = live('asst_9', 'Old', 'team/old');
    expect(build([orphan], [], { ids: ['asst_9'] }).skipped[0]).toMatchObject({ reason: 'orphan', needsForce: true });
    const b = build([orphan], [], { ids: ['asst_9'], force: true });
    expect(b.imported[0]).toMatchObject({ key: 'team/old', file: 'assistants/team/old.yaml' });
    expect(parse(b.writes[0]!.content)).toEqual({ id: 'asst_9', model: 'gpt-4o', name: 'Old' });
  });

  test("another namespace's assistant is left alone, never offered for --force, whatever here defines or pins it", () => {
    const theirs = live('asst_9', 'Cafe Bot', 'cafe-bot', 1, 'team-imp');
    for (const defs of [[], [definition('cafe-bot', 'assistants/cafe-bot.yaml')], [definition('other', 'assistants/other.yaml', 'asst_9')]]) {
      for (const force of [false, true]) {
        const b = build([theirs], defs, { ids: ['asst_9'], force });
        expect(b.writes).toEqual([]);
        expect(b.skipped).toMatchObject([{ reason: 'foreign', key: 'cafe-bot', needsForce: false }]);
        expect(skippedMessage(b.skipped[0]!)).toMatch(/^managed by the namespace 'team-imp' \(aac@team-imp=cafe-bot\); left alone/);
      }
    }
  });

  test('an assistant with the legacy marker and no definition is written pinned to its id only with --force, said as the legacy marker', () => {
    const legacy = live('asst_9', 'Old', 'old', 1, null);
    const skipped = build([legacy], [], { ids: ['asst_9'] }).skipped[0]!;
    expect(skipped).toMatchObject({ reason: 'orphan', needsForce: true });
    expect(skippedMessage(skipped)).toBe('carries the previous marker aac:key=old (no namespace), and no definition has that key; --force writes assistants/old.yaml pinned to its id, which the next apply adopts into this namespace');
    const b = build([legacy], [], { ids: ['asst_9'], force: true });
    expect(parse(b.writes[0]!.content)).toEqual({ id: 'asst_9', model: 'gpt-4o', name: 'Old' });
  });

  test("a marker key whose file is there, though no definition was read from it, is said to be a file written since the definitions were read", () => {
    // What the walk would read as a definition, and the run did not: it was not there then.
    mkdirSync(join(cwd, 'assistants', 'team'), { recursive: true });
    writeFileSync(join(cwd, 'assistants', 'team', 'old.yaml'), 'model: gpt-4o\n');
    const b = build([live('asst_9', 'Old', 'team/old')], [], { ids: ['asst_9'], force: true });
    expect(b.writes).toEqual([]);
    expect(skippedMessage(b.skipped[0]!)).toBe("managed by aac as 'team/old', but assistants/team/old.yaml, where its definition would go, is a file written since this run read the definitions; to import it, rename or move assistants/team/old.yaml and run import again");
  });

  test("a marker key whose file would lie in an environment's overlay directory, declared or not, is written nowhere, the file there or not", () => {
    const declared = [{ name: 'prod', overlays: 'overlays/prod' }, { name: 'qa', overlays: 'envs/qa' }];
    const refused = (key: string) => {
      const b = build([live('asst_9', 'Odd', key)], [], { ids: ['asst_9'], force: true, declared });
      expect(b.writes).toEqual([]);
      return skippedMessage(b.skipped[0]!);
    };
    expect(refused('overlays/prod/bot')).toMatch(/^managed by aac as 'overlays\/prod\/bot', whose file assistants\/overlays\/prod\/bot\.yaml lies in assistants\/overlays\/prod\/, the overlay directory of environment 'prod': a run reads no definition there, and no definition has that key; to keep it, write its definition in a file of another name with `key: overlays\/prod\/bot`/);
    expect(refused('envs/qa/team/bot')).toContain("whose file assistants/envs/qa/team/bot.yaml lies in assistants/envs/qa/, the overlay directory of environment 'qa': a run reads no definition there");
    expect(refused('overlays/staging/bot')).toContain("whose file assistants/overlays/staging/bot.yaml lies in assistants/overlays/staging/, the overlay directory of an environment 'staging', which aac.yaml does not declare: a run reads no definition there");
    // Without environments, `overlays/<name>/` is still an undeclared environment's; beside it, or a directory of that name alone, is not.
    expect(skippedMessage(build([live('asst_9', 'Odd', 'overlays/dev/bot')], [], { ids: ['asst_9'], force: true }).skipped[0]!)).toContain("the overlay directory of an environment 'dev', which aac.yaml does not declare");
    for (const key of ['overlays', 'overlays-old/prod/bot', 'team/overlays/prod/bot']) {
      expect(build([live('asst_9', 'Odd', key)], [], { ids: ['asst_9'], force: true, declared }).imported.map((i) => i.key)).toEqual([key]);
    }
  });

  test("a marker key whose file is an overlay directory's but for case lies in it where the file system ignores case, and not where it tells case apart", () => {
    const declared = [{ name: 'prod', overlays: 'overlays/prod' }, { name: 'qa', overlays: 'envs/qa' }];
    const imported = (key: string, fold: PathFold) => build([live('asst_9', 'Odd', key)], [], { ids: ['asst_9'], force: true, declared, fold });
    // macOS's and Windows' default: `Overlays/Prod/` is the directory `overlays/prod/`, named as aac.yaml spells it.
    for (const [key, lies] of [['Overlays/Prod/bot', "assistants/overlays/prod/, the overlay directory of environment 'prod'"], ['ENVS/QA/team/bot', "assistants/envs/qa/, the overlay directory of environment 'qa'"], ['Overlays/staging/bot', "assistants/overlays/staging/, the overlay directory of an environment 'staging', which aac.yaml does not declare"]]) {
      const b = imported(key!, FOLDED);
      expect(b.writes, key).toEqual([]);
      expect(skippedMessage(b.skipped[0]!)).toContain(`whose file assistants/${key}.yaml lies in ${lies}: a run reads no definition there`);
      // Linux's: another directory, where a run reads definitions.
      expect(imported(key!, EXACT).imported.map((i) => i.key)).toEqual([key]);
    }
    // Folded or not, a directory that is no overlay directory stays one of definitions.
    expect(imported('Overlays-old/Prod/bot', FOLDED).imported.map((i) => i.key)).toEqual(['Overlays-old/Prod/bot']);
  });

  test('a marker key that is not a safe path is never used as a file name', () => {
    const b = build([live('asst_9', 'Evil', '../../etc/passwd')], [], { ids: ['asst_9'], force: true });
    expect(b.writes).toEqual([]);
    expect(b.skipped[0]).toMatchObject({ reason: 'orphan', needsForce: false });
  });

  test('--force keeps a definition\'s own instructions file, even for short instructions', () => {
    const def = { ...definition('tutor', 'assistants/tutor.yaml', 'asst_1'), instructionsFile: 'assistants/text/tutor-prompt.md' };
    const tutor = { ...live('asst_1', 'Tutor'), spec: { model: 'gpt-4o', name: 'Tutor', instructions: 'Teach.' } };
    const b = build([tutor], [def], { force: true, replaceDiffering: true });
    expect(b.writes.map((w) => [w.path, w.content.includes('instructions_file: text/tutor-prompt.md') || w.content])).toEqual([
      [join(cwd, 'assistants', 'tutor.yaml'), true],
      [join(cwd, 'assistants', 'text', 'tutor-prompt.md'), 'Teach.'],
    ]);
  });
});
