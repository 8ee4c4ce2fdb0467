// @azure/identity is an optional peer dependency (issue 19): without it installed, Foundry via
// Entra ID fails with how to install it or do without, and every other path works. The CLI runs
// in a child process whose module resolution cannot find the package, as on an install without it.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TEST_NAMESPACE } from '../helpers/cli.js';
import { CLI, processEnv } from '../helpers/child-cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const run = promisify(execFile);

/** A `--require` module that makes `@azure/identity` unresolvable, as when it is not installed. */
function withoutIdentity(): string {
  const dir = testDir('aac-noidentity-');
  writeFileSync(join(dir, 'hide.cjs'), `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@azure/identity' || request.startsWith('@azure/identity/')) {
    const err = new Error("Cannot find module '@azure/identity'");
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  return resolve.call(this, request, ...rest);
};
`);
  return join(dir, 'hide.cjs');
}

async function aac(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--require', withoutIdentity(), CLI, ...args], { cwd, env: processEnv({ AAC_NAMESPACE: TEST_NAMESPACE, ...env }) });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function project(): string {
  const cwd = testDir('aac-noidentity-project-');
  writeFileSync(join(cwd, 'bot.yaml'), 'model: gpt-4o\n');
  return cwd;
}

describe('without @azure/identity installed', () => {
  it('foundry through Entra ID says how to install it or use AAC_FOUNDRY_TOKEN, exit 1', async () => {
    const emu = await testEmulator({ provider: 'foundry' });
    const r = await aac(['plan', '--dir', '.', '--provider', 'foundry'], project(), { AZURE_AI_PROJECT_ENDPOINT: emu.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the optional package @azure/identity, which is not installed');
    expect(r.stderr).toContain('npm install --save-dev @azure/identity@^4.13.1');
    expect(r.stderr).toContain('AAC_FOUNDRY_TOKEN');
    expect(r.stderr).not.toContain('internal error');
  });

  it('foundry with AAC_FOUNDRY_TOKEN, and openai, plan against the emulator', async () => {
    const foundryEmu = await testEmulator({ provider: 'foundry' });
    const foundry = await aac(['plan', '--dir', '.', '--provider', 'foundry'], project(), { AZURE_AI_PROJECT_ENDPOINT: foundryEmu.url, AAC_FOUNDRY_TOKEN: 'tok-000000000000' });
    expect(foundry.stderr).toBe('');
    expect(foundry.stdout).toContain('Plan: 1 to create');
    const openaiEmu = await testEmulator({});
    const openai = await aac(['plan', '--dir', '.'], project(), { OPENAI_BASE_URL: openaiEmu.url, OPENAI_API_KEY: 'sk-000000000000' });
    expect(openai.stderr).toBe('');
    expect(openai.stdout).toContain('Plan: 1 to create');
  });
});
