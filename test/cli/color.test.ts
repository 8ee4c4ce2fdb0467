// Colour rules (issue 19): decided per stream, FORCE_COLOR / CLICOLOR_FORCE / NO_COLOR / TERM=dumb
// honoured, --no-color wins; checked on the real output of `aac validate` and `aac plan`.
import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/util/color.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

const tty = { isTTY: true, hasColors: () => true };
const pipe = { isTTY: false };

describe('useColor', () => {
  it.each([
    ['a terminal', tty, {}, false, true],
    ['a pipe', pipe, {}, false, false],
    ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, false, true],
    ["FORCE_COLOR='' (Node: forced)", pipe, { FORCE_COLOR: '' }, false, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false, false],
    ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, false, false],
    ['CLICOLOR_FORCE=1 on a pipe', pipe, { CLICOLOR_FORCE: '1' }, false, true],
    ['CLICOLOR_FORCE=0 on a pipe', pipe, { CLICOLOR_FORCE: '0' }, false, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, false, false],
    ['empty NO_COLOR on a terminal (no-color.org: ignored)', tty, { NO_COLOR: '' }, false, true],
    ['TERM=dumb on a terminal', tty, { TERM: 'dumb' }, false, false],
    ['GitHub Actions', tty, { GITHUB_ACTIONS: 'true' }, false, false],
    ['FORCE_COLOR in GitHub Actions', pipe, { GITHUB_ACTIONS: 'true', FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR beats NO_COLOR (as in Node)', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false, true],
    ['--no-color beats FORCE_COLOR', tty, { FORCE_COLOR: '3' }, true, false],
    ['a terminal without colours', { isTTY: true, hasColors: () => false }, {}, false, false],
  ] as const)('%s', (_name, stream, env, flag, expected) => {
    expect(useColor(stream, env, flag)).toBe(expected);
  });

  it('passes the environment to stream.hasColors', () => {
    let seen: unknown;
    useColor({ isTTY: true, hasColors: (_n, env) => ((seen = env), true) }, { COLORTERM: 'truecolor' }, false);
    expect(seen).toEqual({ COLORTERM: 'truecolor' });
  });
});

describe('colour on the CLI output', () => {
  const bad = () => makeProject({ bot: { model: 'gpt-4o', temprature: 1 } as never });
  const ESC = '\x1b[';

  it('FORCE_COLOR colours validate on a pipe; TERM=dumb and --no-color do not', async () => {
    const cwd = bad();
    expect((await runCli(['validate'], { cwd })).stdout).not.toContain(ESC);
    expect((await runCli(['validate'], { cwd, env: { FORCE_COLOR: '1' } })).stdout).toContain(`${ESC}31merror`);
    expect((await runCli(['validate'], { cwd, env: { CLICOLOR_FORCE: '1' } })).stdout).toContain(`${ESC}31merror`);
    expect((await runCli(['validate'], { cwd, tty: true, env: { TERM: 'dumb' } })).stdout).not.toContain(ESC);
    expect((await runCli(['validate', '-no-color'], { cwd, env: { FORCE_COLOR: '1' } })).stdout).not.toContain(ESC);
  });

  it('decides stdout and stderr apart: plan diagnostics on a terminal stderr are coloured, a piped stdout is not', async () => {
    const cwd = bad();
    const r = await runCli(['plan'], { cwd, streams: { stdout: { isTTY: false }, stderr: { isTTY: true } } });
    expect(r.stderr).toContain(`${ESC}31merror`);
    expect(r.stdout).not.toContain(ESC);
  });

  it('never colours a json or markdown stdout, even forced', async () => {
    const r = await runCli(['validate', '--format', 'json'], { cwd: bad(), env: { FORCE_COLOR: '1' } });
    expect(r.stdout).not.toContain(ESC);
  });
});
