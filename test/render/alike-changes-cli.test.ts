// A fleet-wide change is the common case, and the review comment shows it: more than three changes
// alike (the same fields from the same values to the same values, the same action) are one open
// section, its diff once and the keys after it, cut to the comment's budget — so the value that
// changes is on screen however large the fleet, and every delete is still listed by name. Changes
// that differ only in a value are never one group; three or fewer alike are drawn one by one, as
// before; the text plan and the JSON plan stay one change a resource. Through the real CLI against
// the openai-agents emulator over loopback, the live agents seeded as an earlier apply left them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { encodeMarker } from '../../src/model/marker.js';

const KEY = 'sk-test-alike-changes-0000';
const NAMESPACE = 't';

interface Agent {
  key: string;
  /** The live metadata beside the marker. */
  live: Record<string, string>;
  /** The definition's metadata; no definition when absent (a delete with --prune). */
  defined?: Record<string, string>;
  /** Extra live fields (a tool the definition does not have). */
  extra?: Record<string, unknown>;
}

/** An emulator holding `agents` as aac made them, and a workspace defining those that have `defined`. */
async function fleet(agents: Agent[]) {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  emu.seed(agents.map((a) => ({ model: 'gpt-5', name: `Bot ${a.key}`, metadata: { ...a.live, ...encodeMarker({ namespace: NAMESPACE, key: a.key }) }, ...a.extra })));
  const cwd = testDir('aac-alike-changes-');
  mkdirSync(join(cwd, 'agents'));
  writeFileSync(join(cwd, 'agents', 'aac.yaml'), `provider: openai-agents\nnamespace: ${NAMESPACE}\n`);
  for (const a of agents) {
    if (a.defined === undefined) continue;
    mkdirSync(join(cwd, 'agents', a.key.split('/')[0]!), { recursive: true });
    const metadata = Object.entries(a.defined).map(([k, v]) => `  ${k}: ${v}\n`).join('');
    writeFileSync(join(cwd, 'agents', `${a.key}.yaml`), `model: gpt-5\nname: Bot ${a.key}\nmetadata:\n${metadata}`);
  }
  return (argv: string[]) => runCli([...argv, '--dir', 'agents', '--no-color'], { cwd, env: { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });
}

const key = (i: number) => `team${String(Math.floor(i / 100) + 1).padStart(2, '0')}/bot${String((i % 100) + 1).padStart(3, '0')}`;

test('3,000 agents, 2,900 with one metadata value changed and 100 removed: the comment shows the value once, every delete, and fits', async () => {
  const agents: Agent[] = Array.from({ length: 3000 }, (_, i) => (i < 2900 ? { key: key(i), live: { rev: 'v1' }, defined: { rev: 'v2' } } : { key: key(i), live: { rev: 'v1' } }));
  const aac = await fleet(agents);
  const md = await aac(['plan', '--prune', '--format', 'markdown', '--max-chars', '58000']);
  expect(md.code, md.stderr).toBe(0);
  const out = md.stdout;
  expect(out.length).toBeLessThanOrEqual(58_000);
  expect(out.split('\n')[0]).toBe('**Plan: 0 to create, 2900 to modify, 100 to delete, 0 unchanged.**');
  // Every delete by name, at the top.
  const deletes = out.split('\n').filter((l) => / — name `Bot /.test(l));
  expect(deletes).toHaveLength(100);
  for (const a of agents.slice(2900)) expect(out).toContain(`- \`${a.key}\` — name \`Bot ${a.key}\``);
  // The change once, open, with its value, and the keys it applies to after it.
  expect(out).toContain([
    '<details open><summary>~ 2,900 agents: the same change — update: metadata</summary>',
    '',
    '```diff',
    '  metadata:',
    '-   rev = "v1"',
    '+   rev = "v2"',
    '```',
    '',
    'To each of:',
    '`team01/bot001`, `team01/bot002`,',
  ].join('\n'));
  expect(out).not.toContain('only the names and the counts are shown');
  expect(out).not.toMatch(/^- ~ `team01\/bot001`/m);
  // As many keys as the budget leaves, then a count of the others.
  const shown = out.slice(out.indexOf('To each of:')).match(/`team\d\d\/bot\d{3}`/g)!;
  const more = /…and ([\d,]+) more/.exec(out.slice(out.indexOf('To each of:')));
  expect(shown.length).toBeGreaterThan(1000);
  expect(shown.length + Number(more![1]!.replace(/,/g, ''))).toBe(2900);
  expect(out).toContain('Diffs longer than the room of one comment are cut');

  // The job summary's room has every key; the JSON plan stays one change a resource.
  const whole = await aac(['plan', '--prune', '--format', 'markdown', '--max-chars', '1000000']);
  expect(whole.stdout).not.toContain('…and');
  for (const a of agents.slice(0, 2900)) expect(whole.stdout).toContain(`\`${a.key}\``);
  const json = JSON.parse((await aac(['plan', '--prune', '--format', 'json'])).stdout);
  expect(json.resource_changes.filter((c: { actions: string[] }) => c.actions.includes('update'))).toHaveLength(2900);
}, 120_000);

test('changes that differ only in the value are never one group; three alike or fewer are drawn one by one; text and JSON stay per resource', async () => {
  const agents: Agent[] = [
    ...Array.from({ length: 5 }, (_, i) => ({ key: `a/bot${i}`, live: { rev: 'v1' }, defined: { rev: 'v2' } })),
    ...Array.from({ length: 5 }, (_, i) => ({ key: `b/bot${i}`, live: { rev: 'v1' }, defined: { rev: 'v3' } })),
    ...Array.from({ length: 3 }, (_, i) => ({ key: `c/bot${i}`, live: { rev: 'v1' }, defined: { rev: 'v4' } })),
  ];
  const aac = await fleet(agents);
  const md = (await aac(['plan', '--format', 'markdown'])).stdout;
  const summaries = md.split('\n').filter((l) => l.startsWith('<details'));
  expect(summaries).toEqual([
    '<details open><summary>~ 5 agents: the same change — update: metadata</summary>',
    '<details open><summary>~ 5 agents: the same change — update: metadata</summary>',
    '<details><summary>~ <code>c/bot0</code> — update: metadata</summary>',
    '<details><summary>~ <code>c/bot1</code> — update: metadata</summary>',
    '<details><summary>~ <code>c/bot2</code> — update: metadata</summary>',
  ]);
  const group = (value: string) => md.slice(md.indexOf(`+   rev = "${value}"`), md.indexOf('</details>', md.indexOf(`+   rev = "${value}"`)));
  expect(group('v2')).toContain('`a/bot0`, `a/bot1`, `a/bot2`, `a/bot3`, `a/bot4`');
  expect(group('v2')).not.toContain('b/bot');
  expect(group('v3')).toContain('`b/bot0`, `b/bot1`, `b/bot2`, `b/bot3`, `b/bot4`');
  expect(group('v3')).not.toContain('a/bot');
  expect(md.match(/\+ {3}rev = "v4"/g)).toHaveLength(3);

  const text = (await aac(['plan'])).stdout;
  for (const a of agents) expect(text).toMatch(new RegExp(`^  ~ ${a.key} \\(agent_`, 'm'));
  const json = JSON.parse((await aac(['plan', '--format', 'json'])).stdout);
  expect(json.resource_changes).toHaveLength(13);
});

test('a group\'s one diff shows a credential the live agents hold as [redacted], as each change alone would', async () => {
  const secret = 'Bearer sk-live-alike-credential-123456789';
  const tool = { type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://mcp.example.com', headers: { Authorization: secret } } };
  const agents: Agent[] = Array.from({ length: 4 }, (_, i) => ({ key: `x/bot${i}`, live: { rev: 'v1' }, defined: { rev: 'v1' }, extra: { tools: [tool] } }));
  const aac = await fleet(agents);
  const md = await aac(['plan', '--format', 'markdown']);
  expect(md.code, md.stderr).toBe(0);
  expect(md.stdout).toContain('<details open><summary>~ 4 agents: the same change — update: tools</summary>');
  expect(md.stdout).toContain('[redacted]');
  expect(md.stdout).not.toContain('sk-live-alike');
});
