// scripts/pr-config.mjs as the Action's pull-request step runs it (`node pr-config.mjs BASE PR
// OUT`): whatever YAML a pull request writes in aac.yaml, the file its plan runs with sends the
// key where the base branch's sends it, as aac itself reads both files — or the script refuses
// and nothing is planned. Each case is one way aac's reading of a file can differ from a plain
// look at its keys (merge keys, aliases, tags, quoting, flow style, repeated keys …).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/child-cli.js';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from './run-scripts.js';
import { testDir } from '../helpers/each-test.js';

const EVIL = 'http://127.0.0.1:9/v1';

interface Where {
  provider: string;
  endpoint: string | null;
  environments: Array<{ name: string; provider: string; endpoint: string | null }>;
}

/**
 * aac's own reading of `text` as aac.yaml (`aac environments --format json`); `refused` when aac
 * refuses the file. Run in-process: the script itself runs the built CLI for its readings, across
 * the process boundary, in every case here; this check needs only what aac reads.
 */
async function reading(text: string): Promise<Where | 'refused'> {
  const dir = testDir('aac-pr-config-read-');
  writeFileSync(join(dir, 'aac.yaml'), text);
  const r = await runCli(['environments', '--format', 'json', '--dir', '.'], { cwd: dir });
  if (r.code !== 0) return 'refused';
  return JSON.parse(r.stdout) as Where;
}

/**
 * The script run as the workflow runs it: its exit code, stdout (the fields taken), stderr, the
 * file it wrote, and with `dirInRepo` (`--dir-in-repo`, and `--moves-out`) the namespace moves it wrote.
 */
function prConfig(base: string | null, pr: string, dirInRepo?: string, env: Record<string, string | undefined> = {}): { code: number | null; stdout: string; stderr: string; out: string | undefined; moves: string[] | undefined } {
  assertBuilt();
  const dir = testDir('aac-pr-config-');
  if (base !== null) writeFileSync(join(dir, 'base.yaml'), base);
  writeFileSync(join(dir, 'pr.yaml'), pr);
  const flags = dirInRepo === undefined ? [] : ['--dir-in-repo', dirInRepo, '--moves-out', join(dir, 'moves.txt')];
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'pr-config.mjs'), base === null ? '' : join(dir, 'base.yaml'), join(dir, 'pr.yaml'), join(dir, 'out.yaml'), ...flags], {
    encoding: 'utf8',
    env: { ...process.env, AAC_NAMESPACE: undefined, ...env },
  });
  const out = existsSync(join(dir, 'out.yaml')) ? readFileSync(join(dir, 'out.yaml'), 'utf8') || undefined : undefined;
  const moves = existsSync(join(dir, 'moves.txt')) ? readFileSync(join(dir, 'moves.txt'), 'utf8').split('\n').filter(Boolean) : undefined;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out, moves };
}

/**
 * What the plan may do with the script's result: nothing (refused, or a file aac itself refuses),
 * or send the key exactly where the base branch's file sends it, environment by environment.
 */
async function safe(base: string | null, r: ReturnType<typeof prConfig>): Promise<'refused' | 'aac refuses it' | 'as the base' | 'elsewhere'> {
  if (r.code !== 0) return 'refused';
  const now = await reading(r.out!);
  if (now === 'refused') return 'aac refuses it';
  const before = (await reading(base ?? '{}\n')) as Where;
  const same = now.provider === before.provider && now.endpoint === before.endpoint
    && now.environments.every((e) => {
      const b = before.environments.find((x) => x.name === e.name);
      return b !== undefined && b.provider === e.provider && b.endpoint === e.endpoint;
    });
  return same ? 'as the base' : 'elsewhere';
}

/** A base branch's aac.yaml that merges one environment's endpoint into another. */
const BASE_MERGES = 'environments:\n  dev: &c { endpoint: "https://api.example.com/v1", namespace: d }\n  prod: { <<: *c, namespace: p }\n';

const ENVS = 'namespace: bots\nenvironments:\n  dev: { namespace: bots-dev }\n  prod: { namespace: bots-prod }\n';

describe("pr-config: a pull request's aac.yaml never chooses where the key goes", () => {
  // Each of these got past the script before it checked aac's reading: the plan went to EVIL.
  it.each([
    ['a merge key at the top level, the base writing no endpoint', 'namespace: bots\n', `namespace: bots\n<<: { endpoint: "${EVIL}" }\n`],
    ['a merge key with a provider and an endpoint', 'provider: openai\nnamespace: bots\n', `namespace: bots\n<<: { provider: zerobot, endpoint: "${EVIL}" }\n`],
    ['a merge key in an environment', ENVS, `namespace: bots\nenvironments:\n  dev: { <<: &evil { endpoint: "${EVIL}" }, namespace: bots-dev }\n  prod: { namespace: bots-prod }\n`],
    ['a list of merges in an environment', ENVS, `namespace: bots\nenvironments:\n  dev: { namespace: bots-dev }\n  prod: { <<: [{ namespace: x }, { endpoint: "${EVIL}" }], namespace: bots-prod }\n`],
    ['an environment merging an undeclared one', ENVS, `namespace: bots\nenvironments:\n  qa: &e { endpoint: "${EVIL}", namespace: bots-qa }\n  dev: { <<: *e, namespace: bots-dev }\n  prod: { namespace: bots-prod }\n`],
    ['an environment that is an alias of a values mapping', `variables:\n  endpoint: { type: string }\n${ENVS}`, `variables:\n  endpoint: { type: string }\nnamespace: bots\nenvironments:\n  dev: { namespace: bots-dev, values: &e { endpoint: "${EVIL}" } }\n  prod: *e\n`],
    ['an environment merged into environments:', ENVS, `namespace: bots\nenvironments:\n  <<: { qa: { endpoint: "${EVIL}" } }\n  dev: { namespace: bots-dev }\n  prod: { namespace: bots-prod }\n`],
  ])('%s: refused, nothing planned', async (_, base, pr) => {
    const r = prConfig(base, pr);
    expect(await safe(base, r), r.stderr).toBe('refused');
    expect(r.stderr).toContain("the pull request's aac.yaml sends the plan's requests, and so the key, elsewhere than the base branch's");
    expect(r.stderr).toContain('write `provider:` and `endpoint:` as plain keys');
    expect(r.out).toBeUndefined();
  });

  it('names each field aac reads differently, where the file writes it (the merge key), with both values', () => {
    const r = prConfig('namespace: bots\n', `namespace: bots\n<<: { provider: zerobot, endpoint: "${EVIL}" }\n`);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- `provider` (pr.yaml:2:1): zerobot here, openai on the base branch',
      `- \`endpoint\` (pr.yaml:2:1): ${EVIL} here, none written (the provider's default) on the base branch`,
    ]);
  });

  // What the script can rewrite, it does; the result is what aac reads as the base's.
  it.each([
    ['a merge key over which the base\'s endpoint is written', 'endpoint: https://api.example.com/v1\n', `<<: { endpoint: "${EVIL}" }\n`, ['`endpoint`']],
    ['a merge key in an environment whose base writes one', 'environments:\n  dev: { endpoint: "https://dev.example.com/v1" }\n', `environments:\n  dev: { <<: { endpoint: "${EVIL}" } }\n`, ['`environments.dev.endpoint`']],
    ['a quoted key with a tag', 'endpoint: https://api.example.com/v1\n', `"endpoint": !!str "${EVIL}"\n`, ['`endpoint`']],
    ['flow style, another spelling of the host', 'endpoint: https://api.example.com/v1\n', '{ endpoint: "https://API.EXAMPLE.com:443/v1/", namespace: x }\n', []],
    ['an environment the base does not declare', 'environments:\n  dev: {}\n', `environments:\n  dev: {}\n  qa: { endpoint: "${EVIL}" }\n`, ['`environments.qa` (not declared on the base branch)']],
    ["the base's own merge keys, untouched by the pull request", BASE_MERGES, `namespace: renamed\n${BASE_MERGES}`, []],
    ["the base's own file, byte for byte (a pull request that leaves aac.yaml alone)", BASE_MERGES, BASE_MERGES, []],
    ["the base's own merge keys, the pull request changing what they merge", BASE_MERGES, BASE_MERGES.replace('https://api.example.com/v1', EVIL), ['`environments.dev.endpoint`', '`environments.prod.endpoint`']],
  ])('%s: planned where the base plans', async (_, base, pr, taken) => {
    const r = prConfig(base, pr);
    expect(r.code, r.stderr).toBe(0);
    expect(await safe(base, r)).not.toBe('elsewhere');
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(taken);
  });

  it('leaves a file it cannot rewrite and aac refuses (a repeated key) as it is: no aac command sends anything with it', async () => {
    const pr = `endpoint: https://api.example.com/v1\nendpoint: "${EVIL}"\n`;
    const r = prConfig('endpoint: https://api.example.com/v1\n', pr);
    expect(await safe('endpoint: https://api.example.com/v1\n', r)).toBe('aac refuses it');
    expect(r.out).toBe(pr);
  });

  it('rewrites a file aac refuses where the rewrite is what it refuses for (a tag aac does not read, an undeclared environment on another\'s target)', async () => {
    const tagged = prConfig('endpoint: https://api.example.com/v1\n', `endpoint: !evil "${EVIL}"\n`);
    expect(await safe('endpoint: https://api.example.com/v1\n', tagged)).toBe('as the base');
    const shared = prConfig(ENVS, `namespace: bots\nenvironments:\n  dev: { namespace: bots-dev }\n  prod: { namespace: bots-prod, endpoint: "${EVIL}" }\n  qa: { namespace: bots-prod, endpoint: "${EVIL}" }\n`);
    expect(await safe(ENVS, shared)).toBe('as the base');
    expect(shared.stdout).toBe('`environments.prod.endpoint`\n`environments.qa` (not declared on the base branch)\n');
  });

  it("refuses when the base branch's aac.yaml is one aac refuses: where a plan may go is unknown", () => {
    const r = prConfig('endpoint: 3\n', 'namespace: bots\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the base branch's aac.yaml has errors, so where a plan may send the key cannot be read from it; nothing is planned");
    expect(r.stderr).toContain('aac.yaml:1:11: error: endpoint must be a string, not a number');
  });
});

describe("pr-config: the namespaces a pull request's aac.yaml moves the directory to", () => {
  it.each([
    ['a namespace written where the base writes another', 'namespace: team-a\n', 'namespace: team-b\n', ['`team-a` → `team-b`']],
    ['a namespace written where the base writes none (the default, the directory\'s path)', 'endpoint: https://api.example.com/v1\n', 'endpoint: https://api.example.com/v1\nnamespace: team-b\n', ['`teams/hr` → `team-b`']],
    ['none written where the base writes one', 'namespace: team-a\n', '{}\n', ['`team-a` → `teams/hr`']],
    ["the default written out: the same namespace", 'endpoint: https://api.example.com/v1\n', 'endpoint: https://api.example.com/v1\nnamespace: teams/hr\n', []],
    ['another spelling of the same file', 'namespace: team-a\n', '# renamed nothing\n{ "namespace": "team-a" }\n', []],
    ['an environment\'s, where another keeps its own', ENVS, ENVS.replace('bots-prod', 'bots-live'), ['environment `prod`: `bots-prod` → `bots-live`']],
    ['the top level\'s, which the environments that write none take', 'namespace: bots\nenvironments:\n  dev: {}\n  prod: { namespace: p }\n', 'namespace: robots\nenvironments:\n  dev: {}\n  prod: { namespace: p }\n', ['environment `dev`: `bots` → `robots`']],
    ['environments declared no more', ENVS, 'namespace: bots-dev\n', ['environment `prod` (no longer declared): `bots-prod` → `bots-dev`']],
    ['a namespace through a merge key', 'namespace: team-a\n', '<<: { namespace: team-b }\n', ['`team-a` → `team-b`']],
  ])('%s', (_, base, pr, moves) => {
    const r = prConfig(base, pr, 'teams/hr');
    expect(r.code, r.stderr).toBe(0);
    expect(r.moves).toEqual(moves);
  });

  it('moves none when AAC_NAMESPACE gives the namespace of every plan, nor in a file aac refuses (validation reports it)', () => {
    expect(prConfig('namespace: team-a\n', 'namespace: team-b\n', 'teams/hr', { AAC_NAMESPACE: 'fixed' }).moves).toEqual([]);
    const refused = prConfig('namespace: team-a\n', 'namespace: team-b\nnamespace: team-c\n', 'teams/hr');
    expect(refused.code, refused.stderr).toBe(0);
    expect(refused.moves).toEqual([]);
  });

  it('refuses a directory given outside the repository', () => {
    for (const dir of ['/etc', '../x', 'a/../../x']) {
      const r = prConfig('namespace: team-a\n', 'namespace: team-b\n', dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: pr-config.mjs BASE PR OUT [--dir-in-repo PATH] [--moves-out FILE]');
    }
  });
});

describe('the bundle the script reads with', () => {
  it("makes the IO of a run kept in this process (captureIO), so the script builds none by hand: main writes the document into it", async () => {
    assertBuilt();
    // As the script loads it: the bin's bundle, required.
    const bundle = createRequire(import.meta.url)(join(repoRoot, 'dist', 'bin', 'cli.js')) as {
      main(argv: string[], io: unknown): Promise<number>;
      captureIO(opts: { cwd: string; env: Record<string, string | undefined> }): { io: unknown; stdout(): string; stderr(): string };
    };
    const dir = testDir('aac-pr-config-io-');
    writeFileSync(join(dir, 'aac.yaml'), 'provider: portkey\n');
    const run = bundle.captureIO({ cwd: dir, env: {} });
    const code = await bundle.main(['environments', '--format', 'json', '--dir', '.'], run.io);
    expect([code, run.stderr()]).toEqual([0, '']);
    expect(JSON.parse(run.stdout())).toMatchObject({ provider: 'portkey', environments: [] });
    // Refused, its errors are in the document, as the script reads them.
    writeFileSync(join(dir, 'aac.yaml'), 'endpoint: 3\n');
    const refused = bundle.captureIO({ cwd: dir, env: {} });
    expect(await bundle.main(['environments', '--format', 'json', '--dir', '.'], refused.io)).toBe(1);
    expect(JSON.parse(refused.stdout()).diagnostics[0]).toMatchObject({ file: 'aac.yaml', line: 1, column: 11, severity: 'error' });
  });
});
