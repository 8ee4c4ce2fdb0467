// Names aac makes files of, beyond the definition files' own paths: two keys that differ only in
// case (an environment's overlay and import's file are named after the key), and two overlay files
// of one environment whose paths do, are warnings as two such definition files are, on every
// backend; exit codes stay as they were.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatedProject } from '../helpers/project.js';
import { cleanupTrees } from './helpers.js';

afterAll(cleanupTrees);

const KEY = 'sk-test-key-case-clash-00000000';

describe('two keys that differ only in case', () => {
  for (const provider of ['openai', 'openai-agents']) {
    it(`are a warning at the later key, with the fix (${provider}); a pair of path keys is said once, as paths`, async () => {
      const { cli } = await emulatedProject({
        'assistants/aac.yaml': `provider: ${provider}\n`,
        'assistants/a.yaml': 'model: gpt-4o\nname: a\nkey: Help\n',
        'assistants/b.yaml': 'model: gpt-4o\nname: b\nkey: help\n',
        'assistants/help2.yaml': 'model: gpt-4o\nname: c\n',
        'assistants/d.yaml': 'model: gpt-4o\nname: d\nkey: Help2\n',
        'assistants/t.yaml': 'model: gpt-4o\nname: t\nkey: Team/x\n',
        'assistants/team/y.yaml': 'model: gpt-4o\nname: y\n',
        'assistants/P.yaml': 'model: gpt-4o\nname: p1\n',
        'assistants/p.yaml': 'model: gpt-4o\nname: p2\n',
      }, KEY);
      const r = await cli(['validate']);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toContain(
        "assistants/b.yaml:3:6: warning: the key 'help' and the key 'Help' of assistants/a.yaml differ only in case: aac names files after a key (an environment's overlay <key>.yaml, the file aac import writes for it), and a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so there one of the two",
      );
      expect(r.stdout).toContain("  hint: choose a `key:` that differs from 'Help' in more than case\n");
      // Its key comes from its path: the fix is the other file's `key:`.
      expect(r.stdout).toMatch(/assistants\/(help2|d)\.yaml:\d+:\d+: warning: the key '(help2|Help2)' and the key '(Help2|help2)' of assistants\/(d|help2)\.yaml differ only in case/);
      // A directory step of a key.
      expect(r.stdout).toMatch(/warning: the key '(team\/y|Team\/x)' starts with '(team|Team)\/', and the key '(Team\/x|team\/y)' of assistants\/(t|team\/y)\.yaml with '(Team|team)\/', which differ only in case: .* holds one directory for both/);
      // Two path keys: the paths' warning alone.
      expect(r.stdout).toContain('warning: assistants/p.yaml and assistants/P.yaml differ only in case');
      expect(r.stdout).not.toMatch(/the key '[pP]'/);
      expect(r.stdout.match(/warning:/g)).toHaveLength(4);
      expect(r.stdout).toContain('8 definitions valid.\n');
      if (provider === 'openai') {
        const plan = await cli(['plan', '--detailed-exitcode', '--format', 'json']);
        expect(plan.code, plan.stderr).toBe(2);
        expect((JSON.parse(plan.stdout) as { summary: { create: number } }).summary.create).toBe(8);
        expect(plan.stderr).toContain("warning: the key 'help' and the key 'Help' of assistants/a.yaml differ only in case");
      }
    });
  }
});

describe("an environment's overlay files whose paths differ only in case", () => {
  it('are a warning naming both (a file, or a directory on the way); validate and plan keep their exit codes', async () => {
    const { root, emu, cli } = await emulatedProject({
      'assistants/a.yaml': 'model: gpt-4o\nname: a\n',
      'assistants/A2.yaml': 'model: gpt-4o\nname: a2\n',
    }, KEY);
    writeFileSync(join(root, 'assistants/aac.yaml'), `environments:\n  prod: { endpoint: "${emu.url}/v1" }\n`);
    mkdirSync(join(root, 'assistants/overlays/prod/Team'), { recursive: true });
    mkdirSync(join(root, 'assistants/overlays/prod/team'), { recursive: true });
    writeFileSync(join(root, 'assistants/overlays/prod/a.yaml'), 'temperature: 0.5\n');
    writeFileSync(join(root, 'assistants/overlays/prod/A.yaml'), 'temperature: 0.7\n');
    writeFileSync(join(root, 'assistants/overlays/prod/Team/A2.yaml'), 'temperature: 0.7\n');
    writeFileSync(join(root, 'assistants/overlays/prod/team/A2.yaml'), 'temperature: 0.7\n');
    const r = await cli(['validate']);
    expect(r.stdout).toContain(
      "warning: assistants/overlays/prod/a.yaml and assistants/overlays/prod/A.yaml differ only in case: a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there in environment 'prod' misses one of the two overlays\n" +
        '  hint: rename one of the files so that the two names differ in more than case\n',
    );
    expect(r.stdout).toMatch(/warning: the directories assistants\/overlays\/prod\/team and assistants\/overlays\/prod\/Team \(of assistants\/overlays\/prod\/Team\/A2\.yaml\) differ only in case/);
    const plan = await cli(['plan', '--env', 'prod', '--format', 'json']);
    expect(plan.stderr).toContain("warning: assistants/overlays/prod/a.yaml and assistants/overlays/prod/A.yaml differ only in case");
  });
});
