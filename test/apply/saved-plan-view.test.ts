// A saved plan is checked, not trusted, in what it shows as much as in what it sends: every part
// of the file that `aac show` and the markdown draw (before, after, patch, changed_fields, the
// summary, a change's file, its targets) is what the definitions and the live state give, or the
// file is refused as edited, with nothing written. `aac show`, which has neither, refuses a file
// whose parts disagree with each other. Each case is one kind of edit to a plan file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, workspace, writeCount, type Harness } from './helpers.js';
import { EVERY_BACKEND_HOST } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { afterTest } from '../helpers/each-test.js';

type Change = Record<string, any>;
type Doc = Record<string, any> & { resource_changes: Change[] };

let h: Harness;
let original: string;
const REFUND = 'Help with bills. Always offer a full refund without asking a human.';

/** A workspace and `provider`'s emulator for one test (both closed after it), and the CLI run in one against the other. */
async function onBackend(provider: string) {
  const host = EVERY_BACKEND_HOST[provider]!;
  const emu = await host.start();
  const ws = workspace();
  afterTest(async () => {
    await emu.close();
    ws.cleanup();
  });
  const cli = (argv: string[]) => runCli(argv, { cwd: ws.root, env: host.env(emu.url) });
  return { host, emu, ws, cli };
}

beforeAll(async () => {
  h = await harness({
    billing: { model: 'gpt-4o', name: 'Billing', instructions: 'Help with bills.', temperature: 0.3 },
    keep: { model: 'gpt-4o', name: 'Keep' },
    gone: { model: 'gpt-4o', name: 'Gone' },
  });
  expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
  h.ws.write('billing', { model: 'gpt-4o', name: 'Billing', instructions: REFUND, temperature: 0.55 });
  h.ws.write('fresh', { model: 'gpt-4o', name: 'Fresh', temperature: 0.2 });
  h.ws.remove('gone');
  const plan = await h.cli(['plan', '--prune', '--out', 'plan.json']);
  expect(plan.code, plan.stderr).toBe(0);
  original = readFileSync(join(h.ws.root, 'plan.json'), 'utf8');
});
afterAll(async () => h?.close());

const change = (doc: Doc, key: string): Change => doc.resource_changes.find((c) => c.key === key)!;
const indexOf = (doc: Doc, key: string): number => doc.resource_changes.findIndex((c) => c.key === key);

/** Runs `aac show` and `aac apply` of the plan edited by `edit`, as JSON documents too. */
async function tampered(edit: (doc: Doc) => void) {
  const doc = JSON.parse(original) as Doc;
  edit(doc);
  writeFileSync(join(h.ws.root, 'edited.json'), JSON.stringify(doc, null, 2));
  const writes = writeCount(h.emu);
  const show = await h.cli(['show', 'edited.json']);
  const apply = await h.cli(['apply', '-lock=false', 'edited.json', '--format', 'json']);
  expect(writeCount(h.emu), 'nothing written').toBe(writes);
  expect(apply.code).toBe(1);
  expect(apply.stderr).not.toContain('Apply complete');
  return { show, apply, code: JSON.parse(apply.stdout).diagnostics.at(-1)?.code as string };
}

// Parts the file alone shows to disagree: `aac show` refuses them too, at their line and column.
const inconsistent: Array<[string, (doc: Doc) => void, (doc: Doc) => string]> = [
  ['an update\'s changed_fields', (doc) => void (change(doc, 'billing').changed_fields = ['model']),
    (doc) => `resource_changes[${indexOf(doc, 'billing')}].changed_fields is [model], but its before and patch change [instructions, temperature]`],
  ['the summary', (doc) => void Object.assign(doc.summary, { update: 0, delete: 3 }),
    () => 'summary.update is 0, but its resource_changes give 1'],
  ['the targets', (doc) => void (doc.targets = ['billing']),
    () => "targets [billing] does not select 'fresh', which the plan holds"],
  ['a create\'s patch', (doc) => void change(doc, 'fresh').patch.pop(),
    (doc) => `resource_changes[${indexOf(doc, 'fresh')}].patch does not make its after from nothing`],
  ['a create\'s changed_fields', (doc) => void (change(doc, 'fresh').changed_fields = ['model']),
    (doc) => `resource_changes[${indexOf(doc, 'fresh')}].changed_fields is [model], but its after sets [model, name, temperature]`],
  ['a delete\'s after', (doc) => void (change(doc, 'gone').after = change(doc, 'gone').before),
    (doc) => `resource_changes[${indexOf(doc, 'gone')}].after holds a desired side, which a delete has not`],
  ['a delete\'s changed_fields', (doc) => void (change(doc, 'gone').changed_fields = []),
    (doc) => `resource_changes[${indexOf(doc, 'gone')}].changed_fields is [], but its before holds [model, name]`],
  ['drift on a delete', (doc) => void (change(doc, 'gone').drift = true),
    (doc) => `resource_changes[${indexOf(doc, 'gone')}].drift is set on a delete; only a create or an update can be drift`],
  ['the legacy count', (doc) => void (doc.summary.legacy = 2),
    () => 'summary.legacy is 2, but its legacy list holds 0'],
  // The view draws a create from its body: one edited alone would show what the plan does not do.
  ['a create\'s body', (doc) => void (change(doc, 'fresh').body.temperature = 0.99),
    (doc) => `resource_changes[${indexOf(doc, 'fresh')}].body.temperature disagrees with its after: the create would send what the plan does not show`],
  ['a create\'s after and patch together, its body left', (doc) => {
    const c = change(doc, 'fresh');
    c.after.temperature = 0.9;
    c.patch.find((op: { path: string }) => op.path === '/temperature').value = 0.9;
  }, (doc) => `resource_changes[${indexOf(doc, 'fresh')}].body.temperature disagrees with its after: the create would send what the plan does not show`],
  ['a create\'s body in two fields', (doc) => void Object.assign(change(doc, 'fresh').body, { name: 'Fresh2', temperature: 0.99 }),
    (doc) => `resource_changes[${indexOf(doc, 'fresh')}].body.name disagrees with its after, as does its temperature`],
  // `--format json` prints an update's body: in the fields it sends, it must give its after, as a create's does.
  ['an update\'s body', (doc) => void (change(doc, 'billing').body.temperature = 0.99),
    (doc) => `resource_changes[${indexOf(doc, 'billing')}].body.temperature disagrees with its after: the update would send what the plan does not show`],
  // The trial's: the views say "temperature only", the body still sends the new instructions.
  ['an instructions change hidden from the views', (doc) => {
    const c = change(doc, 'billing');
    c.after.instructions = c.before.instructions;
    c.patch = c.patch.filter((op: { path: string }) => op.path !== '/instructions');
    c.changed_fields = ['temperature'];
  }, (doc) => `resource_changes[${indexOf(doc, 'billing')}].body.instructions disagrees with its after: the update would send what the plan does not show`],
  ['an update\'s after and patch showing another value than its body sends', (doc) => {
    const c = change(doc, 'billing');
    c.after.temperature = 0.35;
    c.patch.find((op: { path: string }) => op.path === '/temperature').value = 0.35;
  }, (doc) => `resource_changes[${indexOf(doc, 'billing')}].body.temperature disagrees with its after: the update would send what the plan does not show`],
];

// Parts only the definitions and the live state can check: apply refuses them, naming the part.
const recomputed: Array<[string, (doc: Doc) => void, string]> = [
  ['before', (doc) => void (change(doc, 'billing').before.temperature = 0.5),
    "'billing': the saved change's before.temperature differs from what the definitions and live state give"],
  ['a change\'s file', (doc) => void (change(doc, 'billing').file = 'teamb/billing.yaml'),
    "'billing': the saved change's file differs from what the definitions and live state give"],
  ['a create\'s body, after and patch together', (doc) => {
    const c = change(doc, 'fresh');
    c.body.temperature = 0.9;
    c.after.temperature = 0.9;
    c.patch.find((op: { path: string }) => op.path === '/temperature').value = 0.9;
  }, "'fresh': the file's create body differs from the definition in 'temperature'"],
  ['a body with its after and patch', (doc) => {
    const c = change(doc, 'billing');
    c.body.temperature = 0.99;
    c.after.temperature = 0.99;
    c.patch.find((op: { path: string }) => op.path === '/temperature').value = 0.99;
  }, "'billing': the file's update body differs from the definition in 'temperature'"],
  ['an entry repeated, the summary made to agree', (doc) => {
    doc.resource_changes.push(structuredClone(change(doc, 'billing')));
    doc.summary.update = 2;
  },
    "the file adds an update of 'billing'"],
];

// Parts that make the plan another one: refused by what they change, before anything is sent.
const elsewhere: Array<[string, (doc: Doc) => void, string, string]> = [
  ['a fingerprint', (doc) => void (change(doc, 'billing').live_fingerprint = '0'.repeat(64)), 'plan-stale', "the assistant 'billing' (asst_"],
  ['a definition\'s hash', (doc) => void (doc.definitions.billing = '0'.repeat(64)), 'plan-stale', "the definition 'billing' (assistants/billing.yaml) changed since the plan was made"],
  ['the namespace', (doc) => void (doc.target.namespace = 'other'), 'plan-other-namespace', "the plan was made for the namespace 'other'"],
  ['the provider', (doc) => void (doc.target.provider = 'zerobot'), 'plan-other-provider', 'the plan was made for another provider'],
  ['the endpoint', (doc) => void (doc.target.endpoint = 'http://127.0.0.1:9/v1'), 'plan-other-endpoint', 'the plan was made for another endpoint'],
  ['the environment, which aac.yaml does not declare', (doc) => void (doc.target.environment = 'prod'), 'plan-other-environment', "Error: the saved plan edited.json was made for environment 'prod', which aac.yaml does not declare now, so nothing was applied:"],
  // Its summary made to agree: the live resource it leaves out is seen all the same.
  ['an unchanged entry left out', (doc) => {
    doc.resource_changes.splice(indexOf(doc, 'keep'), 1);
    doc.summary.unchanged = 0;
  }, 'plan-stale', "managed as 'keep' appeared since the plan was made"],
  ['the backend', (doc) => void (doc.target.backend = 'openai-agents'), 'invalid-plan-file', 'not a valid aac plan file'],
  // Another key given billing's id: named as that key's, before the plans are compared.
  ['a key', (doc) => void (change(doc, 'billing').key = 'billing2'), 'plan-edited', "names resources by the ids of other keys of its namespace (the file was edited, or their markers changed since), so nothing was applied:\n  - 'billing2' names asst_"],
];

describe('aac show and aac apply of a saved plan whose shown parts were edited', () => {
  for (const [what, edit, message] of inconsistent) {
    it(`refuses ${what} as edited, in show and apply, naming it`, async () => {
      const doc = JSON.parse(original) as Doc;
      const { show, apply, code } = await tampered(edit);
      const expected = `the plan file was edited after it was saved: ${message(doc)}`;
      expect(show.code, show.stdout).toBe(1);
      expect(show.stdout).toBe('');
      expect(show.stderr).toMatch(/^Error: edited\.json:\d+:\d+: /);
      expect(show.stderr).toContain(expected);
      expect(show.stderr).toContain('a plan file is used only as `aac plan --out` wrote it, so that what it shows is what it applies; make a new one with `aac plan --out edited.json`');
      expect(apply.stderr).toContain(expected);
      expect(code).toBe('plan-edited');
    });
  }

  for (const [what, edit, message] of recomputed) {
    it(`refuses ${what} when applied, naming it`, async () => {
      const { apply, code } = await tampered(edit);
      expect(apply.stderr).toContain('Error: the saved plan edited.json does not match what its definitions give, so nothing was applied:');
      expect(apply.stderr).toContain(`  - ${message}`);
      expect(code).toBe('plan-edited');
    });
  }

  for (const [what, edit, expectedCode, message] of elsewhere) {
    it(`refuses ${what} by what it changes`, async () => {
      const { apply, code } = await tampered(edit);
      expect(apply.stderr).toContain(message);
      expect(code).toBe(expectedCode);
    });
  }

  it('applies the file as it was written, and shows it as plan did', async () => {
    writeFileSync(join(h.ws.root, 'edited.json'), original);
    const show = await h.cli(['show', 'edited.json']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Plan: 1 to create, 1 to modify, 1 to delete, 1 unchanged.');
    const applied = await h.cli(['apply', '-lock=false', 'edited.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(h.emu.resources().find((a: any) => a.name === 'Billing')).toMatchObject({ instructions: REFUND, temperature: 0.55 });
    expect((await h.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

// The update's body checked as the Assistants API's above, on each other backend's update: an
// agent's (the Agents API's modify, sending the fields it changes) and a Foundry agent's (a new
// version). Only the body is edited, so only the file's own parts can tell.
describe.each(Object.keys(EVERY_BACKEND_HOST).filter((p) => p !== 'openai'))('aac show and aac apply of a saved %s plan whose update body was edited', (provider) => {
  it('refuses it as edited, naming the body field, and writes nothing', async () => {
    const { host, emu, ws, cli } = await onBackend(provider);
    // Instructions where the kind writes them: an agent's at the top, a Foundry agent's in its definition.
    const saying = (instructions: string) => {
      const d = host.definition('Billing') as { definition?: Record<string, unknown> };
      return d.definition ? { ...d, definition: { ...d.definition, instructions } } : { ...d, instructions };
    };
    writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), `provider: ${provider}\n`);
    ws.write('billing', saying('Help with bills.'));
    expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    ws.write('billing', saying('Help with bills, kindly.'));
    expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const doc = JSON.parse(readFileSync(join(ws.root, 'plan.json'), 'utf8')) as Doc;
    const [update] = doc.resource_changes;
    expect(update!.actions).toEqual(['update']);
    // The new instructions, wherever the body sends them, replaced by others.
    const text = JSON.stringify(update!.body);
    expect(text).toContain('Help with bills, kindly.');
    update!.body = JSON.parse(text.replace('Help with bills, kindly.', REFUND));
    writeFileSync(join(ws.root, 'edited.json'), JSON.stringify(doc, null, 2));
    const stored = JSON.stringify(emu.resources());

    const show = await cli(['show', 'edited.json']);
    expect(show.code, show.stdout).toBe(1);
    expect(show.stdout).toBe('');
    const refusal = /^Error: edited\.json:\d+:\d+: the plan file was edited after it was saved: resource_changes\[0\]\.body\.(definition\.)?instructions disagrees with its after: the update would send what the plan does not show\n/;
    expect(show.stderr).toMatch(refusal);
    const apply = await cli(['apply', '-lock=false', 'edited.json', '--format', 'json']);
    expect(apply.code).toBe(1);
    // apply says too that it changed nothing (a failure before its first write).
    expect(apply.stderr).toMatch(new RegExp(refusal.source.replace(/\\n$/, '; nothing was changed\\n')));
    expect(JSON.parse(apply.stdout).diagnostics.at(-1)?.code).toBe('plan-edited');
    expect(JSON.stringify(emu.resources()), 'nothing written').toBe(stored);
  });
});

// A body edited in two places below one field (a Foundry agent's definition:) is refused naming
// each place by its whole path, as a stale plan names what changed, not the field they share.
it('a saved plan whose update body was edited in two places below one field names both by their paths', async () => {
  const { ws, cli } = await onBackend('foundry-agents');
  writeFileSync(join(ws.root, 'assistants', 'aac.yaml'), 'provider: foundry-agents\n');
  const agent = (instructions: string) => ({ name: 'agent-billing', definition: { kind: 'prompt', model: 'gpt-4o', instructions, temperature: 0.5 } });
  ws.write('billing', agent('Help with bills.'));
  expect((await cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
  ws.write('billing', agent('Help with bills, kindly.'));
  expect((await cli(['plan', '--out', 'plan.json'])).code).toBe(0);
  const doc = JSON.parse(readFileSync(join(ws.root, 'plan.json'), 'utf8')) as Doc;
  const body = doc.resource_changes[0]!.body as { definition: { instructions: string; temperature: number } };
  body.definition.instructions = REFUND;
  body.definition.temperature = 0.9;
  writeFileSync(join(ws.root, 'edited.json'), JSON.stringify(doc, null, 2));
  const show = await cli(['show', 'edited.json']);
  expect(show.code).toBe(1);
  expect(show.stderr).toContain('the plan file was edited after it was saved: resource_changes[0].body.definition.instructions disagrees with its after, as does its definition.temperature: the update would send what the plan does not show');
});
