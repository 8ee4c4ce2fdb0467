// The package as npm installs it: only the files package.json ships (npm pack's own list), copied
// to a directory of their own with the dependencies beside them, run through its bin. A file the
// bundle reads at run time that the package lacks — a JSON Schema, an API description, a
// precompiled validator, the file-reading thread, a package bundled for first use — or finds at a
// path that only holds in tsc's output fails here: every command's help, the emulator of every
// provider with a plan against it, a validate that needs no ajv (the precompiled validators were
// found), and a definition large enough to be parsed on a thread of its own.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderName } from '../../src/backends/assistants/providers.js';
import { providerNames } from '../../src/backends/registry.js';
import { COMMANDS } from '../../src/commands/registry.js';
import { bundledPackage, FIRST_USE_PACKAGES } from '../../src/util/on-first-use.js';
import { packageInfo } from '../../src/util/package.js';
import { envFor, SECRET, TOKEN } from '../backends/helpers.js';
import { assertBuilt, CHILDREN_TEST_MS, NEVER_ENDS_MS, processEnv } from '../helpers/child-cli.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REPORT_PACKAGES = fileURLToPath(new URL('../helpers/report-packages.mjs', import.meta.url));
const REPORT_THREADS = fileURLToPath(new URL('../helpers/report-threads.cjs', import.meta.url));
const run = promisify(execFile);

interface Host {
  /** The environment a user sets to reach the emulator at `url`. */
  env(url: string): Record<string, string>;
  /** The smallest definition of the provider's kind. */
  definition: Record<string, unknown>;
}

const assistants = (provider: ProviderName): Host => ({ env: (url) => envFor(provider, url), definition: { model: 'gpt-4o', name: 'Packed' } });
const HOSTS: Record<string, Host> = {
  openai: assistants('openai'),
  foundry: assistants('foundry'),
  portkey: assistants('portkey'),
  zerobot: assistants('zerobot'),
  'openai-agents': { env: (url) => ({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: url }), definition: { model: 'gpt-5', name: 'Packed' } },
  'foundry-agents': { env: (url) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }), definition: { name: 'packed', definition: { kind: 'prompt', model: 'gpt-4o' } } },
};

let pkg: string;
let bin: string;
const work: string[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  assertBuilt();
  const listed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8' })) as [{ files: { path: string }[] }];
  pkg = mkdtempSync(join(tmpdir(), 'aac-package-'));
  for (const { path } of listed[0].files) {
    mkdirSync(dirname(join(pkg, path)), { recursive: true });
    cpSync(join(REPO, path), join(pkg, path));
  }
  // Its dependencies where an install puts them: found by walking up from the package's files.
  symlinkSync(join(REPO, 'node_modules'), join(pkg, 'node_modules'));
  bin = join(pkg, packageInfo().bin.aac);
});

afterAll(() => pkg && rmSync(pkg, { recursive: true, force: true }));

afterEach(() => {
  for (const c of children.splice(0)) c.kill();
  for (const dir of work.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aac-package-project-'));
  work.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function aac(args: string[], cwd: string, env: Record<string, string> = {}, preload: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // Killed at the deadline, it fails its test with what it printed: only a run that would never end is.
    const r = await run(process.execPath, [...preload, bin, ...args], { cwd, env: processEnv({ AAC_NAMESPACE: TEST_NAMESPACE, ...env }), timeout: NEVER_ENDS_MS, killSignal: 'SIGKILL' });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `aac emulator --provider provider` from the package, until the test ends: its base URL. */
async function packedEmulator(provider: string, cwd: string): Promise<string> {
  const child = spawn(process.execPath, [bin, 'emulator', '--port', '0', '--quiet', '--provider', provider], { cwd, env: processEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d;
      const url = /listening on (http:\/\/\S+)\n/.exec(out)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => reject(new Error(`aac emulator --provider ${provider} exited (${code}) before listening:\n${out}`)));
  });
}

describe('the package as installed', () => {
  it('ships the bundle and nothing of the unbundled build; every command answers --help', async () => {
    expect(existsSync(bin)).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'cli.js'))).toBe(false);
    const cwd = project({});
    const version = await aac(['--version'], cwd);
    expect(version).toMatchObject({ code: 0, stdout: `${packageInfo().version}\n` });
    for (const args of [['--help'], ...Object.keys(COMMANDS).map((c) => [c, '--help'])]) {
      const r = await aac(args, cwd);
      expect(r.code, `aac ${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^(aac|Usage)/);
    }
  }, CHILDREN_TEST_MS);

  it('ships the JSON Schemas of its output documents, which the README points users to', () => {
    const shipped = readdirSync(join(pkg, 'schema', 'output')).sort();
    expect(shipped).toEqual(readdirSync(join(REPO, 'schema', 'output')).sort());
    expect(shipped).toContain('plan.schema.json');
  });

  it('finds every file its code locates from a module beside the module', () => {
    // new URL('<path>', import.meta.url) in the bundle (where import.meta.url is the file's own,
    // import_meta_url) resolves from the bundle's folder: the path (up to its first ${…}) must
    // exist in the package.
    const binDir = dirname(bin);
    const found: string[] = [];
    for (const file of readdirSync(binDir).filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(join(binDir, file), 'utf8').matchAll(/new URL\((["'`])([^"'`$]*)(\$\{[^}]*\}[^"'`]*)?\1, import_meta_url\)/g)) {
        const target = join(binDir, m[2]!);
        found.push(relative(pkg, target));
        // A path with ${…} in it: the folder of its literal start.
        expect(existsSync(m[3] && !m[2]!.endsWith('/') ? dirname(target) : target), `${file}: new URL('${m[2]}${m[3] ?? ''}', import.meta.url) is not in the package`).toBe(true);
      }
    }
    // The file-reading thread's is one of them.
    expect(found).toContain(join('dist', 'bin', 'read-files-worker.js'));
  });

  it('has a row below for every provider the registry serves', () => {
    expect(Object.keys(HOSTS)).toEqual(providerNames());
  });

  it.each(Object.keys(HOSTS))('runs `aac emulator --provider %s`, and a plan, an apply and a plan against it', async (provider) => {
    const host = HOSTS[provider]!;
    const cwd = project({ 'packed.yaml': JSON.stringify(host.definition) });
    const url = await packedEmulator(provider, cwd);
    const run = (...args: string[]) => aac([...args, '--dir', '.', '--provider', provider], cwd, host.env(url));
    const plan = await run('plan');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/Plan: 1 to create, 0 to modify, 0 to delete/);
    // The emulator checks the create's body against the API's schema (its spec file).
    const apply = await run('apply', '--yes');
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete: 1 created/);
    expect((await run('plan', '--detailed-exitcode')).code).toBe(0);
  }, CHILDREN_TEST_MS);

  it('validates with the validators compiled at build time: ajv never loads', async () => {
    const cwd = project({ 'a.yaml': JSON.stringify(HOSTS.openai!.definition), 'b.yaml': 'model: gpt-4o\nname: B\n' });
    const r = await aac(['validate', '--dir', '.'], cwd, {}, ['--import', REPORT_PACKAGES]);
    expect(r.code, r.stderr).toBe(0);
    const packages = /\npackages=([^\n]*)\n/.exec(r.stderr)![1]!.split(',');
    // The report sees what was loaded: the YAML parser, for b.yaml.
    expect(packages).toContain('yaml');
    expect(packages).not.toContain('ajv');
  }, CHILDREN_TEST_MS);

  it('answers --version (and its other spellings) without loading the CLI or the compile cache: no package of the bundle is read', async () => {
    const cwd = project({});
    const loadedBy = async (args: string[]) => {
      const r = await aac(args, cwd, {}, ['--import', REPORT_PACKAGES]);
      expect(r.code, r.stderr).toBe(0);
      return { stdout: r.stdout, packages: /\npackages=([^\n]*)\n/.exec(r.stderr)![1]!, files: /\nfiles=([^\n]*)\n/.exec(r.stderr)![1]! };
    };
    for (const word of ['--version', '-v', '-version', 'version']) {
      expect(await loadedBy([word])).toEqual({ stdout: `${packageInfo().version}\n`, packages: '', files: 'aac.js,version.js' });
    }
    // The report sees the bundle when the CLI is loaded.
    expect((await loadedBy(['--help'])).packages).not.toBe('');
    // A version word followed by more words is the CLI's (cli/version-words.ts), never the bare line.
    expect((await loadedBy(['version', '--help'])).stdout).toMatch(/^Usage: aac --version /);
    const json = await aac(['version', '-json'], cwd);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format_version: '1.0', aac_version: expect.any(String) });
  }, CHILDREN_TEST_MS);

  it('has each package loaded on first use as one file of its own', () => {
    for (const specifier of FIRST_USE_PACKAGES) expect(existsSync(join(dirname(bin), bundledPackage(specifier))), specifier).toBe(true);
  });

  it('parses a large definition on a thread of its own, from the worker the bundle ships', async () => {
    // Over the size read-files.ts sends to a thread (OFF_THREAD_BYTES, 256 KiB) even when the rest are read inline.
    const padding = `# ${'x'.repeat(98)}\n`.repeat(3000);
    const cwd = project({ 'big.yaml': `model: gpt-4o\nname: Big\n${padding}` });
    const url = await packedEmulator('openai', cwd);
    const plan = await aac(['plan', '--dir', '.'], cwd, HOSTS.openai!.env(url), ['--require', REPORT_THREADS]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('+ name = "Big"');
    expect(plan.stderr).toContain('worker thread started');
  }, CHILDREN_TEST_MS);
});
