// Under GitHub Actions stdout is the document alone: `aac plan --format markdown > plan.md` is the
// pull-request comment as it is. Annotations go to stderr, which the runner reads as well; a stdout
// the runner may read (a pipe) keeps workflow commands paused around the data it carries.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiEnv, harness, type Harness } from '../apply/helpers.js';
import { assertBuilt, CLI, processEnv } from '../helpers/child-cli.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';

/** Runs the built CLI with stdout sent to `stdoutFile` (as `> FILE` does) or to a pipe. */
async function run(h: Harness, argv: string[], stdoutFile?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fd = stdoutFile === undefined ? undefined : openSync(stdoutFile, 'w');
  const env = processEnv({ AAC_NAMESPACE: TEST_NAMESPACE, GITHUB_ACTIONS: 'true', ...apiEnv(h.emu.url) });
  const child = spawn(process.execPath, [CLI, ...argv], { cwd: h.ws.root, env, stdio: ['ignore', fd ?? 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (fd !== undefined) {
    closeSync(fd);
    stdout = readFileSync(stdoutFile!, 'utf8');
  }
  return { code, stdout, stderr };
}

const ANNOTATION = /^::warning file=assistants\/bot\.yaml,line=\d+,col=\d+,title=aac near-miss-reference/m;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
beforeAll(assertBuilt);

describe('stdout under GitHub Actions', () => {
  it('redirected to a file holds the markdown plan alone, and the annotations are on stderr', async () => {
    // `${vars.x}` is a near-miss of `${var.x}`: a warning, so an annotation.
    h = await harness({ bot: { model: 'gpt-4o', instructions: 'Hi ${vars.x}\n::error title=pwned::owned\n' } });
    const md = join(h.ws.root, 'plan.md');
    const plan = await run(h, ['plan', '--format', 'markdown', '--out', 'plan.json'], md);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('**Plan: 1 to create');
    expect(plan.stdout).not.toMatch(/^::/m);
    expect(plan.stderr).toMatch(ANNOTATION);

    const shown = await run(h, ['show', 'plan.json', '--format', 'markdown'], join(h.ws.root, 'show.md'));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('**Plan: 1 to create');
    expect(shown.stdout).not.toMatch(/^::/m);

    const text = await run(h, ['plan'], join(h.ws.root, 'plan.txt'));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Plan: 1 to create');
    expect(text.stdout).not.toMatch(/^::/m);
    expect(text.stderr).toMatch(ANNOTATION);
  });

  it('on a pipe keeps workflow commands paused around the data, with the annotations on stderr', async () => {
    h = await harness({ bot: { model: 'gpt-4o', instructions: 'Hi ${vars.x}\n::error title=pwned::owned\n' } });
    const plan = await run(h, ['plan', '--format', 'markdown']);
    expect(plan.code, plan.stderr).toBe(0);
    const lines = plan.stdout.split('\n');
    const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0]!)?.[1];
    expect(token).toBeTruthy();
    const data = lines.findIndex((l) => l.includes('::error title=pwned::owned'));
    expect(data).toBeGreaterThan(0);
    expect(lines.indexOf(`::${token}::`)).toBeGreaterThan(data);
    // The only workflow commands on stdout are the pause's own two lines.
    expect(lines.filter((l) => l.startsWith('::'))).toEqual([`::stop-commands::${token}`, `::${token}::`]);
    expect(plan.stderr).toMatch(ANNOTATION);
  });
});
