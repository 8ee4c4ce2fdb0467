// A Foundry classic fleet in two environments (two projects, each served with both APIs, as
// Foundry serves them) migrated to versioned agents through the real CLI: migrate reads each
// environment's live classic assistants where the token is given and refuses on an edit made in
// the portal since the last apply (or says plainly that live was not read); its stdout lists the
// one real loss first and counts the mechanical changes; and after the cut-over `--verify` checks
// the new live agents against the classic ones.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli, END_TO_END } from '../../helpers/cli.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';

const KEYS = ['billing', 'help-desk', 'orders', 'returns', 'news-desk'];
const NAMES: Record<string, string> = { billing: 'Billing', 'help-desk': 'Help Desk', orders: 'Orders', returns: 'Returns', 'news-desk': 'News Desk' };
const TOKEN = { AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: undefined };
const NO_TOKEN = { AAC_NAMESPACE: undefined };

interface Fleet {
  cwd: string;
  envs: Record<'dev' | 'prod', RunningEmulator>;
  /** The live classic assistant of `key` in `env`. */
  classicId(env: 'dev' | 'prod', key: string): string;
}

/** Two projects, `classic/` applied to both, each definition's assistant pinned in each environment's overlay (as import writes them). */
async function fleet(): Promise<Fleet> {
  const envs = {
    dev: await testEmulator({ provider: 'foundry,foundry-agents', project: 'dev' }),
    prod: await testEmulator({ provider: 'foundry,foundry-agents', project: 'prod' }),
  };
  const cwd = testDir('aac-migrate-live-');
  mkdirSync(join(cwd, 'classic'));
  writeFileSync(join(cwd, 'classic', 'aac.yaml'), `provider: foundry\nnamespace: support\nenvironments:\n  dev:\n    endpoint: ${envs.dev.url}\n  prod:\n    endpoint: ${envs.prod.url}\n`);
  for (const key of KEYS) {
    const tools = key === 'news-desk' ? 'tools:\n  - type: bing_grounding\n    bing_grounding:\n      search_configurations:\n        - connection_id: conn-news\n' : '';
    writeFileSync(join(cwd, 'classic', `${key}.yaml`), `model: gpt-4o\nname: ${NAMES[key]}\ninstructions: You are ${key}.\n${tools}`);
  }
  for (const env of ['dev', 'prod'] as const) {
    const applied = await runCli(['apply', '--yes', '--dir', 'classic', '--env', env], { cwd, env: TOKEN });
    expect(applied.code, applied.stderr).toBe(0);
  }
  const classicId = (env: 'dev' | 'prod', key: string) => (envs[env].resources() as Array<{ id: string; name: string }>).find((r) => r.name === NAMES[key])!.id;
  for (const env of ['dev', 'prod'] as const) {
    mkdirSync(join(cwd, 'classic', 'overlays', env), { recursive: true });
    for (const key of KEYS) writeFileSync(join(cwd, 'classic', 'overlays', env, `${key}.yaml`), `id: ${classicId(env, key)}\n`);
  }
  return { cwd, envs, classicId };
}

const migrate = (f: Fleet, env: Record<string, string | undefined>, ...more: string[]) => runCli(['migrate', '--to', 'foundry-agents', '--dir', 'classic', '--out', 'agents', '--accept-losses', ...more], { cwd: f.cwd, env });

test('an edit made in the portal since the last apply is drift: listed per file and field, nothing written unless --accept-drift; without the token, said unread', END_TO_END, async () => {
  const f = await fleet();
  f.envs.prod.mutate(f.classicId('prod', 'help-desk'), { instructions: 'Edited in the portal.' });

  const refused = await migrate(f, TOKEN);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`classic/help-desk.yaml:3:1: in environment 'prod': instructions — the live assistant 'help-desk' (${f.classicId('prod', 'help-desk')}) holds another value: changed outside aac since the last apply, or changed here and not applied\n`);
  expect(refused.stderr).toContain('Error: 1 difference between the definitions in classic and their live assistants; nothing was written');
  expect(refused.stderr).toContain('`aac plan --dir classic --env prod --detailed-exitcode` shows each difference');
  expect(refused.stderr).not.toContain("in environment 'dev'");
  expect(existsSync(join(f.cwd, 'agents'))).toBe(false);
  const json = await migrate(f, TOKEN, '--format', 'json');
  expect(JSON.parse(json.stdout).diagnostics).toContainEqual(expect.objectContaining({ code: 'migrate-drift', file: 'classic/help-desk.yaml', line: 3, column: 1, path: 'instructions' }));

  const accepted = await migrate(f, TOKEN, '--accept-drift');
  expect(accepted.code, accepted.stderr).toBe(0);
  expect(accepted.stdout).toContain(`1 difference from the live assistants, migrated as the definitions have it, as --accept-drift accepted:\n  classic/help-desk.yaml:3:1: in environment 'prod': instructions — the live assistant`);
  expect(accepted.stdout).toContain(`The live assistants of classic/ in environment 'dev' match the definitions (read at ${f.envs.dev.url})\n`);
  // The files are migrated as they are: the portal's edit is not in them.
  expect(readFileSync(join(f.cwd, 'agents', 'help-desk.yaml'), 'utf8')).toContain('instructions: You are help-desk.');
  // Each difference with its kind, as it was made: a field changed, a definition not live, a live one no definition has.
  writeFileSync(join(f.cwd, 'classic', 'extra.yaml'), 'model: gpt-4o\nname: Extra\ninstructions: You are extra.\n');
  for (const at of ['classic/orders.yaml', 'classic/overlays/dev/orders.yaml', 'classic/overlays/prod/orders.yaml']) rmSync(join(f.cwd, at));
  const kinds = await migrate(f, TOKEN, '--accept-drift', '--force', '--format', 'json');
  expect(kinds.code, kinds.stderr).toBe(0);
  const prod = (JSON.parse(kinds.stdout).live as Array<{ environment: string; drift: Array<{ kind: string; file: string | null; path: string | null }> }>).find((r) => r.environment === 'prod')!;
  expect(prod.drift.map(({ kind, file, path }) => ({ kind, file, path }))).toEqual([
    { kind: 'defined', file: 'classic/extra.yaml', path: null },
    { kind: 'changed', file: 'classic/help-desk.yaml', path: 'instructions' },
    { kind: 'live', file: null, path: null },
  ]);

  const unread = await migrate(f, NO_TOKEN, '--force', '--format', 'json');
  expect(unread.code, unread.stderr).toBe(0);
  expect(JSON.parse(unread.stdout).live).toEqual(['dev', 'prod'].map((environment) => ({ environment, read: false, endpoint: null, unread: 'AAC_FOUNDRY_TOKEN is not set', drift: [] })));
  const text = await migrate(f, NO_TOKEN, '--force');
  expect(text.code, text.stderr).toBe(0);
  for (const env of ['dev', 'prod']) {
    expect(text.stdout).toContain(`The live assistants of classic/ in environment '${env}' were not read (AAC_FOUNDRY_TOKEN is not set), so an edit made on the host since the last apply is not known here and is not migrated: check first that \`aac plan --dir classic --env ${env} --detailed-exitcode\` exits 0\n`);
  }
});

test('the one real loss comes first, on a line of its own; slugged names and pins are counted, not listed', END_TO_END, async () => {
  const f = await fleet();
  const r = await migrate(f, TOKEN);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines.slice(0, 2)).toEqual([
    '1 field dropped (no counterpart in foundry-agents), as --accept-losses accepted:',
    expect.stringMatching(/^ {2}classic\/news-desk\.yaml:5:5: tools\[0\] — the bing_grounding tool is not carried over/),
  ]);
  expect(lines).toContain("name — 5 values changed shape, their meaning kept, e.g. classic/billing.yaml:2:1: 'Billing' becomes the agent name 'billing' (agent names are written in lower case: whether the service tells names apart by case is not documented); --format json lists each");
  expect(lines).toContain('10 `id:` pins are not carried (10 in overlays: 5 of environment dev, 5 of environment prod): each pins an assistant, and each migrated definition makes a new agent');
  expect(r.stdout).not.toContain('classic/overlays/');
  // Accepted, the loss is said once, with what was written, not again on stderr.
  expect(r.stderr).not.toContain('bing_grounding');
  // --format json still lists each changed name.
  const json = await migrate(f, TOKEN, '--force', '--format', 'json');
  expect(JSON.parse(json.stdout).notes.filter((n: { kind: string }) => n.kind === 'changed')).toHaveLength(5);
});

test('--verify after the cut-over: the chain from the live classic assistants to the live agents, each break named', END_TO_END, async () => {
  const f = await fleet();
  expect((await migrate(f, TOKEN)).code).toBe(0);
  const verify = () => runCli(['migrate', '--to', 'foundry-agents', '--dir', 'classic', '--out', 'agents', '--verify'], { cwd: f.cwd, env: TOKEN });

  // Not applied yet: every new agent is missing.
  const before = await verify();
  expect(before.code).toBe(1);
  expect(before.stderr).toContain("agents/billing.yaml — in environment 'dev': no live agent has this definition");
  for (const env of ['dev', 'prod']) expect((await runCli(['apply', '--yes', '--dir', 'agents', '--env', env], { cwd: f.cwd, env: TOKEN })).code).toBe(0);

  const ok = await verify();
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout.split('\n')).toEqual([
    'agents/ holds what migrate writes from classic/ (5 files, its aac.yaml aside)',
    `The live assistants of classic/ in environment 'dev' match the definitions (read at ${f.envs.dev.url})`,
    `The live assistants of classic/ in environment 'prod' match the definitions (read at ${f.envs.prod.url})`,
    `The live agents of agents/ in environment 'dev' match the definitions (read at ${f.envs.dev.url})`,
    `The live agents of agents/ in environment 'prod' match the definitions (read at ${f.envs.prod.url})`,
    '1 field has no counterpart, so the new agents do not carry it:',
    expect.stringMatching(/^ {2}classic\/news-desk\.yaml:5:5: tools\[0\] — the bing_grounding tool is not carried over/),
    'Verified: the live agents of agents/ carry what the live assistants of classic/ do, but the 1 field listed above.',
    '',
  ]);

  // A new agent changed in the portal, and a migrated file edited by hand: each a break.
  f.envs.prod.mutate('orders', { definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'Edited in the portal.' } });
  writeFileSync(join(f.cwd, 'agents', 'returns.yaml'), `${readFileSync(join(f.cwd, 'agents', 'returns.yaml'), 'utf8')}description: added by hand\n`);
  const broken = await verify();
  expect(broken.code).toBe(1);
  expect(broken.stderr).toContain("agents/orders.yaml:2:1: in environment 'prod': definition — the live agent 'orders' holds another value");
  expect(broken.stderr).toContain('agents/returns.yaml — differs from what migrate writes from classic/ now');
  // The hand edit is not applied either: the new directory differs from its live agents in both environments.
  expect(broken.stderr).toContain("agents/returns.yaml:6:1: in environment 'dev': description — the live agent 'returns' holds another value");
  expect(broken.stderr).toContain('Error: not verified: 4 breaks in the chain from the live assistants of classic/ to the live agents of agents/');
});
