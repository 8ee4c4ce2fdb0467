// Every question aac asks (apply's confirmation, force-unlock's) goes to stderr, whatever the
// format, so stdout carries only the command's output: `aac apply --format json > result.json`
// at a terminal asks there and leaves a file that is the JSON document alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { API_KEY, apiEnv } from '../apply/helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { HAS_TERMINAL, runChild } from '../helpers/child-cli.js';

afterAll(cleanupTrees);

const QUESTION = /Only 'yes' is accepted: /;

describe.skipIf(!HAS_TERMINAL)('questions on a terminal', () => {
  it('apply --format json asks on stderr: its stdout is the JSON document alone, and "yes" applies', async () => {
    const emu = await startEmulator({ apiKey: API_KEY });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const out = join(root, 'result.json');
      const r = await runChild(['apply', '--format', 'json', '--no-color'], {
        cwd: root, env: apiEnv(emu.url), terminal: true, stdoutTo: out, answer: { when: QUESTION, text: 'yes\n' }, deadlineMs: 20_000,
      });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(0);
      // The terminal (stderr) had the plan and the question; the file only the document.
      expect(r.stdout).toMatch(/\+ a \(create\)/);
      expect(r.stdout).toMatch(QUESTION);
      const text = readFileSync(out, 'utf8');
      expect(text).not.toMatch(/Apply these changes|Plan:|yes/);
      const doc = JSON.parse(text) as { summary: { created: number } };
      expect(doc.summary.created).toBe(1);
      expect(emu.resources()).toHaveLength(1);
    } finally {
      await emu.close();
    }
  }, 40_000);

  it('apply in text with stdout not a terminal still refuses to ask: the plan would not be seen', async () => {
    const emu = await startEmulator({ apiKey: API_KEY });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const out = join(root, 'plan.log');
      const r = await runChild(['apply', '--no-color'], { cwd: root, env: apiEnv(emu.url), terminal: true, stdoutTo: out, deadlineMs: 20_000 });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('refusing to apply without confirmation');
      expect(r.stdout).not.toMatch(QUESTION);
      expect(emu.resources()).toHaveLength(0);
    } finally {
      await emu.close();
    }
  }, 40_000);
});
