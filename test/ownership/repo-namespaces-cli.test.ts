// Two definitions directories of one git repository that give one namespace on one host would each
// take the other's assistants for unmanaged ones of its own, and one's --prune would delete the
// other's. validate says so as an error at this directory's namespace:, plan and apply refuse
// before any request; different providers or different written endpoints do not collide, an
// endpoint one does not write is taken to be the other's, and only the environment run is
// compared. The other directories are found by git (tracked, or untracked and not ignored);
// outside a git repository git is not run. In-process CLI against an emulator over loopback.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { emulatedProject, type RepoOptions } from '../helpers/project.js';

const KEY = 'sk-test-repo-namespaces';
const TAIL = ": each directory's plan takes the other's assistants for unmanaged ones of its own, and its --prune deletes them";
const NEITHER = " and endpoint (neither writes `endpoint:`: both use OPENAI_BASE_URL or the provider's default)";

/** A git repository (or, `git: false`, a plain directory) holding `files`, with an emulator: its `cli` runs there, no namespace set. */
const repo = (files: Record<string, string>, options: RepoOptions = {}) => emulatedProject(files, KEY, { git: true, ...options, env: { AAC_NAMESPACE: undefined } });

it('two directories with one namespace: validate errs at namespace:, plan and apply --prune refuse before any request, each from either side', async () => {
  const project = await repo({
    'team-a/aac.yaml': 'namespace: shared\n',
    'team-a/bot.yaml': 'model: gpt-4o\n',
    'team-b/aac.yaml': '# team b\nnamespace: shared\n',
    'team-b/helper.yaml': 'model: gpt-4o\n',
  }, { tracked: ['team-a'] });
  const a = `team-a/aac.yaml:1:12: namespace: 'shared' is also the namespace of the definitions directory team-b/ in this repository (team-b/aac.yaml:2:12), on the same provider (openai)${NEITHER}${TAIL}`;
  const hint = 'give each definitions directory of the repository a distinct namespace, e.g. `namespace: team-a` here';
  const validate = await project.cli(['validate', '--dir', 'team-a']);
  expect(validate.code).toBe(1);
  expect(validate.stdout).toContain(`${a.replace(': namespace:', ': error: namespace:')} [namespace]\n  hint: ${hint}\n`);
  const json = JSON.parse((await project.cli(['validate', '--dir', 'team-a', '--format', 'json'])).stdout);
  expect(json.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'namespace-in-other-directory', file: 'team-a/aac.yaml', line: 1, column: 12, path: 'namespace' })]);
  for (const argv of [['plan'], ['apply', '--prune', '--yes']]) {
    const r = await project.cli([...argv, '--dir', 'team-a']);
    expect(r.code, argv[0]).toBe(1);
    expect(r.stderr, argv[0]).toBe(`Error: ${a}${argv[0] === 'apply' ? '; nothing was changed' : ''}\n  ${hint}\n`);
    expect(r.requests, argv[0]).toBe(0);
  }
  // From the other side (untracked, not ignored: found all the same), at its own line.
  const b = await project.cli(['plan', '--dir', 'team-b']);
  expect(b.code).toBe(1);
  expect(b.stderr).toContain("Error: team-b/aac.yaml:2:12: namespace: 'shared' is also the namespace of the definitions directory team-a/ in this repository (team-a/aac.yaml:1:12)");
  // Distinct namespaces: planned as ever.
  writeFileSync(join(project.root, 'team-b/aac.yaml'), 'namespace: team-b\n');
  const fixed = await project.cli(['apply', '--prune', '--yes', '--dir', 'team-a']);
  expect(fixed.code, fixed.stderr).toBe(0);
  expect(project.emu.resources()).toHaveLength(1);
});

it("a directory without namespace: whose default (its path) another one writes is told at its aac.yaml, or at the directory when it has none", async () => {
  const project = await repo({
    'team-a/aac.yaml': 'provider: openai\n',
    'team-a/bot.yaml': 'model: gpt-4o\n',
    'bots/x.yaml': 'model: gpt-4o\n',
    'other/aac.yaml': 'namespace: team-a\n',
    'other/x.yaml': 'model: gpt-4o\n',
    'more/aac.yaml': 'namespace: bots\n',
    'more/x.yaml': 'model: gpt-4o\n',
  });
  const atConfig = await project.cli(['validate', '--dir', 'team-a']);
  expect(atConfig.code).toBe(1);
  expect(atConfig.stdout).toContain(`team-a/aac.yaml: error: the default namespace 'team-a' (this directory's path in the repository) is also the namespace of the definitions directory other/ in this repository (other/aac.yaml:1:12), on the same provider (openai)${NEITHER}${TAIL}\n  hint: give each definitions directory of the repository a distinct namespace (here, or in other/aac.yaml)\n`);
  const atDir = await project.cli(['plan', '--dir', 'bots']);
  expect(atDir.code).toBe(1);
  expect(atDir.stderr).toContain(`Error: bots: the default namespace 'bots' (this directory's path in the repository) is also the namespace of the definitions directory more/ in this repository (more/aac.yaml:1:12)`);
  expect(atDir.requests).toBe(0);
  // And from the side that writes it: the other's namespace is its path.
  const other = await project.cli(['validate', '--dir', 'other']);
  expect(other.stdout).toContain("other/aac.yaml:1:12: error: namespace: 'team-a' is also the namespace of the definitions directory team-a/ in this repository (its path in the repository: team-a/aac.yaml writes no namespace:)");
});

it('another provider, or another endpoint both write, is another host; an endpoint one does not write is taken to be the other\'s', async () => {
  const project = await repo({
    'a/aac.yaml': 'namespace: shared\nendpoint: http://127.0.0.1:1/v1\n',
    'a/bot.yaml': 'model: gpt-4o\n',
    'b/aac.yaml': 'namespace: shared\nendpoint: http://127.0.0.1:2/v1\n',
    'b/x.yaml': 'model: gpt-4o\n',
    'c/aac.yaml': 'namespace: shared\nprovider: openai-agents\n',
    'c/x.yaml': 'model: gpt-4o\nname: x\n',
  });
  expect((await project.cli(['validate', '--dir', 'a'])).code).toBe(0);
  // The same URL written another way is the same host.
  writeFileSync(join(project.root, 'b/aac.yaml'), 'namespace: shared\nendpoint: http://127.0.0.1:1/v1/\n');
  const same = await project.cli(['validate', '--dir', 'a']);
  expect(same.stdout).toContain("a/aac.yaml:1:12: error: namespace: 'shared' is also the namespace of the definitions directory b/ in this repository (b/aac.yaml:1:12), on the same provider (openai) and endpoint: each");
  writeFileSync(join(project.root, 'b/aac.yaml'), 'namespace: shared\n');
  const unwritten = await project.cli(['validate', '--dir', 'a']);
  expect(unwritten.code).toBe(1);
  expect(unwritten.stdout).toContain("on the same provider (openai), taken to be at the same endpoint: b/aac.yaml writes no `endpoint:`, so its runs use OPENAI_BASE_URL or the provider's default, which may be the host the other writes: each");
  // One written as the provider's default (in any spelling) is where the one writing none is, whatever the variable.
  writeFileSync(join(project.root, 'a/aac.yaml'), 'namespace: shared\nendpoint: HTTPS://api.openai.com:443/v1/\n');
  const defaulted = await project.cli(['validate', '--dir', 'a']);
  expect(defaulted.code).toBe(1);
  expect(defaulted.stdout).toContain("on the same provider (openai) and endpoint: b/aac.yaml writes no `endpoint:`, so its runs use the provider's default, which the other writes (OPENAI_BASE_URL, when set, overrides both): each");
});

it("two providers of one API at one URL are one host (a gateway's provider beside OpenAI's); where one writes no endpoint, each runs against its own provider's", async () => {
  const project = await repo({
    'a/aac.yaml': 'namespace: shared\nendpoint: https://gateway.example.com/v1\n',
    'a/bot.yaml': 'model: gpt-4o\n',
    'b/aac.yaml': 'namespace: shared\nprovider: portkey\nendpoint: https://GATEWAY.example.com/v1/\n',
    'b/x.yaml': 'model: gpt-4o\n',
  });
  const same = await project.cli(['validate', '--dir', 'a']);
  expect(same.code).toBe(1);
  expect(same.stdout).toContain("a/aac.yaml:1:12: error: namespace: 'shared' is also the namespace of the definitions directory b/ in this repository (b/aac.yaml:1:12), at the same endpoint, with providers of one API (openai here, portkey there): each directory's plan takes the other's assistants for unmanaged ones of its own, and its --prune deletes them");
  const plan = await project.cli(['plan', '--dir', 'b']);
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('at the same endpoint, with providers of one API (portkey here, openai there)');
  expect(plan.requests).toBe(0);
  // Portkey writing none runs against its own default (or PORTKEY_BASE_URL), not the URL openai writes.
  writeFileSync(join(project.root, 'b/aac.yaml'), 'namespace: shared\nprovider: portkey\n');
  expect((await project.cli(['validate', '--dir', 'a'])).code).toBe(0);
});

it("only the environment run is compared, with every environment of the other directory; validate checks each", async () => {
  const project = await repo({
    'a/aac.yaml': 'namespace: a\nenvironments:\n  dev: {}\n  prod:\n    namespace: shared\n',
    'a/bot.yaml': 'model: gpt-4o\n',
    'b/aac.yaml': 'environments:\n  staging: { namespace: b-staging }\n  live: { namespace: shared }\n',
    'b/x.yaml': 'model: gpt-4o\n',
  });
  const dev = await project.cli(['plan', '--dir', 'a', '--env', 'dev']);
  expect(dev.code, dev.stderr).toBe(0);
  const prod = await project.cli(['plan', '--dir', 'a', '--env', 'prod']);
  expect(prod.code).toBe(1);
  expect(prod.stderr).toBe(`Error: a/aac.yaml:5:16: environments.prod.namespace: 'shared' is also the namespace of the definitions directory b/ in this repository (b/aac.yaml:3:22, environment 'live'), on the same provider (openai)${NEITHER}${TAIL}\n  give each definitions directory of the repository a distinct namespace, e.g. \`environments.prod.namespace: a/prod\` here\n`);
  expect(prod.requests).toBe(0);
  const all = await project.cli(['validate', '--dir', 'a']);
  expect(all.code).toBe(1);
  expect(all.stdout.match(/namespace-in-other-directory|is also the namespace/g)).toHaveLength(1);
});

it('not compared: a directory git ignores, one below this one, a run whose --namespace says where, and outside git (git not run)', async () => {
  const project = await repo({
    '.gitignore': 'scratch/\n',
    'a/aac.yaml': 'namespace: shared\n',
    'a/bot.yaml': 'model: gpt-4o\n',
    'scratch/aac.yaml': 'namespace: shared\n',
    'scratch/x.yaml': 'model: gpt-4o\n',
  });
  expect((await project.cli(['validate', '--dir', 'a'])).code).toBe(0);
  mkdirSync(join(project.root, 'b'));
  writeFileSync(join(project.root, 'b/aac.yaml'), 'namespace: shared\n');
  writeFileSync(join(project.root, 'b/x.yaml'), 'model: gpt-4o\n');
  expect((await project.cli(['plan', '--dir', 'a'])).code).toBe(1);
  const flagged = await project.cli(['plan', '--dir', 'a', '--namespace', 'elsewhere']);
  expect(flagged.code, flagged.stderr).toBe(0);
  // Below a, holding no definitions: a definitions directory of its own (told as such) that takes nothing from a.
  const nested = await repo({ 'a/aac.yaml': 'namespace: shared\n', 'a/bot.yaml': 'model: gpt-4o\n', 'a/sub/aac.yaml': 'namespace: shared\n' });
  const inner = await nested.cli(['validate', '--dir', 'a']);
  expect(inner.code, inner.stdout).toBe(0);
  expect(inner.stdout).toContain('a/sub/aac.yaml: warning: a/sub/ holds its own aac.yaml: it is a definitions directory of its own, which this run of a/ does not read\n');
  expect(inner.stdout).not.toContain('is also the namespace');
  const plain = await repo({ 'a/aac.yaml': 'namespace: shared\n', 'a/bot.yaml': 'model: gpt-4o\n', 'b/aac.yaml': 'namespace: shared\n' }, { git: false });
  const outside = await plain.cli(['validate', '--dir', 'a', '--debug']);
  expect(outside.code).toBe(0);
  expect(outside.stderr).not.toContain('git ');
});

it("a directory holding only a copy of aac.yaml (README's retirement of one environment) defines nothing: no clash from either side, and its --prune --allow-empty deletes that environment's assistants alone", async () => {
  const config = 'namespace: support\nenvironments:\n  dev: { namespace: support-dev }\n  prod: { namespace: support-prod }\n';
  const project = await repo({ 'live/aac.yaml': config, 'live/bot.yaml': 'model: gpt-4o\n' }, { tracked: ['live'] });
  const { emu } = project;
  const run = (...argv: string[]) => project.cli(argv);
  for (const env of ['dev', 'prod']) expect((await run('apply', '--yes', '--dir', 'live', '--env', env)).code).toBe(0);
  const markers = () => emu.resources().flatMap((r) => Object.keys((r.metadata ?? {}) as Record<string, string>).filter((k) => k.startsWith('aac@')));
  expect(markers().sort()).toEqual(['aac@support-dev', 'aac@support-prod']);

  mkdirSync(join(project.root, 'retire'));
  writeFileSync(join(project.root, 'retire/aac.yaml'), config);
  const planned = await run('plan', '--dir', 'retire', '--env', 'prod', '--prune', '--allow-empty', '--out', 'retire.json');
  expect(planned.code, planned.stderr).toBe(0);
  expect(planned.stdout).toContain("in environment prod, namespace 'support-prod'");
  expect(planned.stdout).toContain('Plan: 0 to create, 0 to modify, 1 to delete, 0 unchanged.');
  // The directory that still defines the assistants runs as before while retire/ is there.
  const dev = await run('plan', '--dir', 'live', '--env', 'dev', '--detailed-exitcode');
  expect(dev.code, dev.stderr).toBe(0);
  expect((await run('validate', '--dir', 'retire')).stdout).not.toContain('is also the namespace');
  const applied = await run('apply', 'retire.json', '--dir', 'retire');
  expect(applied.code, applied.stderr).toBe(0);
  expect(markers()).toEqual(['aac@support-dev']);

  // A definition in it makes it a definitions directory of the namespace like any other: refused.
  writeFileSync(join(project.root, 'retire/copy.yaml'), 'model: gpt-4o\n');
  const clash = await run('plan', '--dir', 'live', '--env', 'dev');
  expect(clash.code).toBe(1);
  expect(clash.stderr).toContain("Error: live/aac.yaml:3:21: environments.dev.namespace: 'support-dev' is also the namespace of the definitions directory retire/ in this repository");
});
