// An internal error (a bug, not bad input) is said without its stack trace, which AAC_STACK=1
// adds: redacted as the message above it is, since the stack's first line is the message as
// thrown, and a message may quote a value that holds the run's credential.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { captureIO } from '../../src/cli/capture-io.js';
import { testDir } from '../helpers/each-test.js';

const KEY = 'sk-proj-STACKSECRET1234567890abcdef';

/** `aac --help` whose standard output fails with an error quoting the key: a bug's path. */
async function failingHelp(env: Record<string, string>) {
  const captured = captureIO({ cwd: testDir('aac-stack-'), env: { PATH: process.env.PATH, OPENAI_API_KEY: KEY, ...env } });
  captured.io.stdout.write = () => {
    throw new TypeError(`cannot write beside ${KEY}`);
  };
  const code = await main(['--help'], captured.io);
  return { code, stderr: captured.stderr() };
}

describe('an internal error', () => {
  it('is said without its stack trace by default, and with it, redacted, under AAC_STACK=1', async () => {
    const plain = await failingHelp({});
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('Error: internal error: cannot write beside');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const stacked = await failingHelp({ AAC_STACK: '1' });
    expect(stacked.code).toBe(1);
    expect(stacked.stderr).toMatch(/TypeError: cannot write beside .*\n\s+at /);
    expect(stacked.stderr).toContain('internal-error-stack.test.ts');
    expect(stacked.stderr).not.toContain(KEY);
    expect(plain.stderr).not.toContain(KEY);
  });
});
