// A quit that comes while a failed apply is being reported (reportError still loading what it
// writes the report with) leaves the failure's job summary and error document, as a quit of an
// apply that failed in its command does; and a quit once the report is written adds no second
// summary. Run in this process: the run's IO hears the quit as the process's does (CliIO.onQuit,
// told at once, before the process ends), at the moment the test chooses: the run's first words
// on stderr, `Error: …`, which reportError writes between its two loads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { captureIO, main } from '../../src/cli.js';
import type { CliIO } from '../../src/commands/command.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';

afterAll(cleanupTrees);

/** A non-interactive run's IO in a GitHub job keeping its summary in `summary` (captureIO's, its streams `write`); `quit()` is what a signal that ends the process tells the run (processIO's quit). */
function jobIO(cwd: string, summary: string, write: { stdout: (t: string) => void; stderr: (t: string) => void }): { io: CliIO; quit: () => void } {
  let hear: ((signal: NodeJS.Signals, left: readonly string[]) => void) | undefined;
  const { io } = captureIO({ cwd, env: { PATH: process.env.PATH, AAC_NAMESPACE: TEST_NAMESPACE, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
  return {
    io: { ...io, stdout: { write: write.stdout, isTTY: false }, stderr: { write: write.stderr, isTTY: false }, onQuit: (h) => void (hear = h) },
    quit: () => hear?.('SIGINT', []),
  };
}

/** A project with one definition and an empty job summary file: its directory and the summary's path. */
function project(): { root: string; summary: string } {
  const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
  const summary = join(root, 'summary.md');
  writeFileSync(summary, '');
  return { root, summary };
}

it('a quit while a failed apply is reported leaves its failure in the job summary and the error document on stdout', async () => {
  const { root, summary } = project();
  let stdout = '';
  let left: { summary: string; stdout: string } | undefined;
  const { io, quit } = jobIO(root, summary, {
    stdout: (t) => void (left === undefined && (stdout += t)),
    // Quit at the first words of the report; what is written after the process ends is not.
    stderr: (t) => {
      if (left !== undefined || !t.startsWith('Error: ')) return;
      quit();
      left = { summary: readFileSync(summary, 'utf8'), stdout };
    },
  });
  // Refused before the command runs: the option is unknown.
  await main(['apply', '--bogus', '--format', 'json'], io);
  expect(left).toBeDefined();
  expect(left!.summary).toMatch(/^### aac apply\n\n\*\*⛔ Refused \(`error`\)\*\*\n/);
  expect(left!.summary).toContain("unknown option '--bogus' for aac apply");
  // The failure's document, not a cancelled apply's report.
  const doc = JSON.parse(left!.stdout) as { diagnostics: Array<{ message: string }> };
  expect(doc.diagnostics[0]!.message).toBe("unknown option '--bogus' for aac apply");
});

it('a quit once the failure is reported adds no second job summary', async () => {
  const { root, summary } = project();
  const { io, quit } = jobIO(root, summary, { stdout: () => undefined, stderr: () => undefined });
  expect(await main(['apply', '--bogus'], io)).toBe(1);
  const written = readFileSync(summary, 'utf8');
  expect(written).toContain('**⛔ Refused (`error`)**');
  // Heard after main returned, before the process ends.
  quit();
  expect(readFileSync(summary, 'utf8')).toBe(written);
});
