import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import type { BuiltPlan, MadePlan } from '../../src/model/plan.js';
import { changedNotes, findStaleness, parsePlanFile, serializePlan, WRITTEN_SINCE } from '../../src/plan/plan-file.js';
import { UserError } from '../../src/util/errors.js';
import { MAX_NESTING } from '../../src/yaml/source.js';
import { expectDocument, validators } from '../output-schemas/schemas.js';
import { DEFAULTS, TARGET, desired, filledBlank, live } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { FOUNDRY_AGENT } from '../../src/backends/foundry-agents/kind.js';

const defs = [desired('keep', { model: 'm', name: 'Keep' }), desired('fix', { model: 'm', temperature: 0.5 }), desired('make', { model: 'm' })];
const liveKeep = live('keep', { ...filledBlank('m'), name: 'Keep' });
const liveFix = live('fix', filledBlank('m'));
const liveOrphan = live('old', filledBlank('m'));
/** A built plan as `aac plan` saves it: the command adds where its directory and namespace came from. */
const saved = (built: BuiltPlan): MadePlan => ({ ...built, dir: 'assistants', namespaceFrom: 'default' });
const plan = saved(buildPlan({ desired: defs, live: [liveKeep, liveFix, liveOrphan], kind: ASSISTANT, target: TARGET, prune: true }));

function userError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).message;
  }
  throw new Error('expected a UserError');
}

describe('plan file', () => {
  it('round-trips through serializePlan and parsePlanFile', () => {
    expect(parsePlanFile(serializePlan(plan), 'plan.json', 'aac plan --out plan.json')).toEqual(plan);
  });

  it("records the environment's overlay directory and a twin's managing directory (1.21), which apply does not compare; an overlay directory without an environment is an edit", () => {
    const built = buildPlan({ desired: [desired('make', { model: 'm' })], live: [], kind: ASSISTANT, target: { ...TARGET, environment: 'dev' }, prune: false, environment: { environment: 'dev', overlays: 'assistants/overlays/dev', others: [] } });
    const twin = { namespace: 'hr', id: 'asst_hr', changedFields: [] };
    const made: MadePlan = { ...saved(built), changes: built.changes.map((c) => ({ ...c, liveElsewhere: { ...twin, managedBy: { dir: 'teams/hr', file: 'teams/hr/make.yaml' } } })) };
    const doc = JSON.parse(serializePlan(made));
    expect(doc.overlays).toBe('assistants/overlays/dev');
    expect(doc.resource_changes[0].live_elsewhere).toEqual({ namespace: 'hr', id: 'asst_hr', changed_fields: [], managed_by: { dir: 'teams/hr', file: 'teams/hr/make.yaml' } });
    expectDocument('plan', serializePlan(made));
    const read = parsePlanFile(serializePlan(made), 'p.json', 'aac plan --out p.json');
    expect(read).toEqual(made);
    // The plan apply makes again does not look the repository's directories up: the same note, not staleness.
    const fresh = { ...made, changes: made.changes.map((c) => ({ ...c, liveElsewhere: twin })) };
    expect(changedNotes(read, fresh, { now: 'assistants' })).toEqual([]);
    expect(changedNotes(read, { ...fresh, changes: fresh.changes.map((c) => ({ ...c, liveElsewhere: { ...twin, id: 'asst_other' } })) }, { now: 'assistants' })).toHaveLength(1);
    expect(userError(() => parsePlanFile(JSON.stringify({ ...doc, target: { ...doc.target, environment: null } }), 'p.json', 'aac plan --out p.json'))).toMatch(/overlays names an overlay directory, but the plan was made without an environment/);
  });

  it('writes the documented shape', () => {
    const doc = JSON.parse(serializePlan(plan));
    expect(doc.format_version).toBe('1.21');
    expect(Object.keys(doc)).toEqual(['format_version', 'created_at', 'target', 'dir', 'overlays', 'namespace_from', 'retain_versions', 'prune', 'adopt_legacy', 'adopt_namespace', 'targets', 'summary', 'resource_changes', 'legacy', 'definitions']);
    expect(doc.targets).toEqual([]);
    expect(doc.resource_changes.map((c: { key: string; actions: string[] }) => [c.key, c.actions])).toEqual([
      ['fix', ['update']],
      ['keep', ['no-op']],
      ['make', ['create']],
      ['old', ['delete']],
    ]);
    expect(doc.resource_changes[0]).toMatchObject({ id: liveFix.id, live_fingerprint: liveFix.fingerprint, body: { temperature: 0.5 }, file: 'assistants/fix.yaml' });
  });

  it('accepts a newer minor version and refuses another major', () => {
    const doc = JSON.parse(serializePlan(plan));
    expect(parsePlanFile(JSON.stringify({ ...doc, format_version: '1.7', extra: true }), 'p.json', 'aac plan --out p.json').changes).toHaveLength(4);
    // A 1.0 document has no targets: it was a full plan.
    const { targets: _t, ...v10 } = doc;
    expect(parsePlanFile(JSON.stringify({ ...v10, format_version: '1.0' }), 'p.json', 'aac plan --out p.json').targets).toEqual([]);
    expect(userError(() => parsePlanFile(JSON.stringify({ ...doc, format_version: '2.0' }), 'p.json', 'aac plan --out p.json'))).toBe(
      'p.json has plan format_version 2.0; this aac reads 1.x only',
    );
  });

  it('writes version ids as strings, as the API gives them (to null when not known), and reads the numbers a file before 1.9 holds', () => {
    const target = { ...TARGET, backend: 'foundry-agents', provider: 'foundry-agents' };
    const agent = (temperature: number) => ({ name: 'triage', metadata: {}, definition: { kind: 'prompt', model: 'm', temperature } });
    const made = (version: string) => saved(buildPlan({ desired: [desired('triage', agent(0.5) as never)], live: [{ ...live('triage', { ...agent(0.9), description: null } as never), version }], kind: FOUNDRY_AGENT, target, prune: false }));
    const doc = JSON.parse(serializePlan(made('3')));
    expect(doc.resource_changes[0].version).toEqual({ from: '3', to: null });
    expect(parsePlanFile(serializePlan(made('v3')), 'p.json', 'aac plan --out p.json').changes[0]!.version).toEqual({ from: 'v3', to: null });
    // A Foundry plan as 1.8 wrote it: numbers for ids, none of the fields written since (WRITTEN_SINCE, live_version).
    const { live_version: _v, ...change18 } = doc.resource_changes[0];
    const older: Record<string, unknown> = { ...doc, format_version: '1.8', resource_changes: [{ ...change18, version: { from: 3, to: 4 } }] };
    for (const [field, since] of Object.entries(WRITTEN_SINCE)) if (since > 8) delete older[field];
    const text = JSON.stringify(older, null, 2);
    expectDocument('plan', text);
    expect(parsePlanFile(text, 'p.json', 'aac plan --out p.json').changes[0]!.version).toEqual({ from: '3', to: '4' });
    // Not a version id then either: a negative or fractional number.
    for (const bad of [-1, 3.5]) {
      const { open } = validators('plan');
      expect(open({ ...older, resource_changes: [{ ...change18, version: { from: bad, to: 4 } }] }), String(bad)).toBe(false);
      expect(userError(() => parsePlanFile(JSON.stringify({ ...older, resource_changes: [{ ...change18, version: { from: bad, to: 4 } }] }), 'p.json', 'aac plan --out p.json'))).toContain('resource_changes[0].version.from');
    }
  });

  it('names the changed fields an update leaves to the server (defaulted_fields), never their values, and refuses one that is not a changed field', () => {
    // `drop` dropped its temperature (sent as null, the reset) and writes a new name.
    const dropped = saved(buildPlan({ desired: [desired('drop', { model: 'm', name: 'New' })], live: [live('drop', { ...filledBlank('m'), name: 'Old', temperature: 1.4 })], kind: ASSISTANT, target: TARGET, prune: false }));
    const doc = JSON.parse(serializePlan(dropped));
    expect(doc.resource_changes[0]).toMatchObject({ changed_fields: ['name', 'temperature'], defaulted_fields: ['temperature'], body: { name: 'New', temperature: null } });
    expect(parsePlanFile(serializePlan(dropped), 'p.json', 'aac plan --out p.json')).toEqual(dropped);
    // Absent where the definition writes every changed field, and before 1.10: nothing is then marked the server's.
    expect(JSON.parse(serializePlan(plan)).resource_changes[0]).not.toHaveProperty('defaulted_fields');
    const { defaulted_fields: _d, ...v19 } = doc.resource_changes[0];
    expect(parsePlanFile(JSON.stringify({ ...doc, format_version: '1.9', resource_changes: [v19] }), 'p.json', 'aac plan --out p.json').changes[0]).not.toHaveProperty('defaultedFields');
    const edited = { ...doc, resource_changes: [{ ...doc.resource_changes[0], defaulted_fields: ['model'] }] };
    expect(userError(() => parsePlanFile(JSON.stringify(edited), 'p.json', 'aac plan --out p.json'))).toMatch(/^p\.json:1:\d+: not a valid aac plan file: resource_changes\[0\]\.defaulted_fields\[0\] is not one of changed_fields$/);
  });

  it('keeps the environment a plan was made in: null without one, absent before 1.4', () => {
    const doc = JSON.parse(serializePlan(plan));
    expect(doc.target.environment).toBeNull();
    expect(parsePlanFile(serializePlan(plan), 'p.json', 'aac plan --out p.json').target).not.toHaveProperty('environment');
    const inProd = { ...plan, target: { ...plan.target, environment: 'prod' } };
    expect(JSON.parse(serializePlan(inProd)).target.environment).toBe('prod');
    expect(parsePlanFile(serializePlan(inProd), 'p.json', 'aac plan --out p.json').target.environment).toBe('prod');
    const { environment: _e, ...v12 } = doc.target;
    expect(parsePlanFile(JSON.stringify({ ...doc, format_version: '1.3', target: v12 }), 'p.json', 'aac plan --out p.json').target).not.toHaveProperty('environment');
  });

  it("keeps the namespace --adopt-namespace took over from: null without one, absent before 1.17, never the plan's own", () => {
    const adopting = { ...plan, adoptNamespace: 'old' };
    expect(JSON.parse(serializePlan(adopting)).adopt_namespace).toBe('old');
    expect(parsePlanFile(serializePlan(adopting), 'p.json', 'aac plan --out p.json').adoptNamespace).toBe('old');
    const doc = JSON.parse(serializePlan(plan));
    expect(doc.adopt_namespace).toBeNull();
    const { adopt_namespace: _a, ...v116 } = doc;
    expect(parsePlanFile(JSON.stringify({ ...v116, format_version: '1.16' }), 'p.json', 'aac plan --out p.json')).not.toHaveProperty('adoptNamespace');
    expect(userError(() => parsePlanFile(JSON.stringify({ ...doc, adopt_namespace: TARGET.namespace }), 'p.json', 'aac plan --out p.json'))).toMatch(
      /^p\.json:\d+:\d+: not a valid aac plan file: adopt_namespace is the plan's own namespace$/,
    );
  });

  it('refuses a file of a format that always writes a field (WRITTEN_SINCE) without it, and reads an earlier one without it', () => {
    const doc = JSON.parse(serializePlan(plan));
    /** `d` without the field at `path` (a WRITTEN_SINCE key: `target.environment` is below `target`), copied along the way. */
    const without = (d: Record<string, unknown>, path: string): Record<string, unknown> => {
      const [name, ...rest] = path.split('.');
      const copy = { ...d };
      if (rest.length === 0) delete copy[name!];
      else copy[name!] = without(copy[name!] as Record<string, unknown>, rest.join('.'));
      return copy;
    };
    expect(Object.keys(WRITTEN_SINCE).length).toBeGreaterThan(0);
    for (const [field, since] of Object.entries(WRITTEN_SINCE)) {
      const lacking = without(doc, field);
      // At the object that lacks it: the document's start, or the opening brace of its parent (`target` for target.environment).
      const text = JSON.stringify(lacking, null, 2);
      const parent = field.split('.').slice(0, -1).at(-1);
      const lines = text.split('\n');
      const line = parent === undefined ? 0 : lines.findIndex((l) => l.startsWith(`  "${parent}": {`));
      expect(line, field).toBeGreaterThanOrEqual(0);
      expect(userError(() => parsePlanFile(text, 'p.json', 'aac plan --out p.json'))).toBe(
        `p.json:${line + 1}:${lines[line]!.indexOf('{') + 1}: not a valid aac plan file: ${field} is missing: a plan file of format 1.${since} or later always has it`,
      );
      for (const format of [`1.${since}`, '1.99']) expect(() => parsePlanFile(JSON.stringify({ ...lacking, format_version: format }), 'p.json', 'aac plan --out p.json'), format).toThrow(`${field} is missing`);
      expect(() => parsePlanFile(JSON.stringify({ ...lacking, format_version: `1.${since - 1}` }), 'p.json', 'aac plan --out p.json'), `${field} before 1.${since}`).not.toThrow();
    }
    // A field the plan holds only as the file has it is read as absent from an earlier file.
    for (const [field, property] of [['dir', 'dir'], ['namespace_from', 'namespaceFrom'], ['retain_versions', 'retainVersions'], ['adopt_namespace', 'adoptNamespace']] as const) {
      const earlier = parsePlanFile(JSON.stringify({ ...without(doc, field), format_version: `1.${WRITTEN_SINCE[field]! - 1}` }), 'p.json', 'aac plan --out p.json');
      expect(earlier, field).not.toHaveProperty(property);
    }
  });

  it('names what is wrong with a damaged file', () => {
    expect(userError(() => parsePlanFile('{not json', 'p.json', 'aac plan --out p.json'))).toBe("p.json:1:2: not a valid aac plan file: not JSON: a property name in double quotes was expected, not 'n'");
    const doc = JSON.parse(serializePlan(plan));
    doc.resource_changes[1].actions = ['explode'];
    expect(userError(() => parsePlanFile(JSON.stringify(doc), 'p.json', 'aac plan --out p.json'))).toContain('resource_changes[1].actions must be one of');
    expect(userError(() => parsePlanFile('[]', 'p.json', 'aac plan --out p.json'))).toBe('p.json:1:1: not a valid aac plan file: the document must be an object');
  });

  it('refuses a key written twice in one object (JSON.parse would keep the last), at the second', () => {
    const text = serializePlan(plan);
    const lines = text.split('\n');
    // Another format_version after the first, and a resource change's key repeated on its own line.
    const top = lines.findIndex((l) => l.includes('"format_version"'));
    lines.splice(top + 1, 0, '  "format_version": "9.0",');
    expect(userError(() => parsePlanFile(lines.join('\n'), 'p.json', 'aac plan --out p.json'))).toBe(
      `p.json:${top + 2}:3: not a valid aac plan file: the key "format_version" appears twice in one object; a plan file holds each key once`,
    );
    lines.splice(top + 1, 1);
    const key = lines.findIndex((l) => /^\s+"key": /.test(l));
    const indent = lines[key]!.search(/\S/);
    lines.splice(key + 1, 0, `${' '.repeat(indent)}"key": "other\\u001b[31m",`);
    expect(userError(() => parsePlanFile(lines.join('\n'), 'p.json', 'aac plan --out p.json'))).toBe(
      `p.json:${key + 2}:${indent + 1}: not a valid aac plan file: the key "key" appears twice in one object; a plan file holds each key once`,
    );
    // A key repeated only in different objects is no repetition.
    expect(parsePlanFile(text, 'p.json', 'aac plan --out p.json')).toEqual(plan);
    // Nor is nesting no plan has (the limit of every YAML and JSON file aac reads) read as if it were one.
    const deep = text.replace('"format_version"', `"x": ${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}, "format_version"`);
    expect(userError(() => parsePlanFile(deep, 'p.json', 'aac plan --out p.json'))).toContain(`not a valid aac plan file: lists and objects nest more than ${MAX_NESTING} levels deep here`);
  });

  it("names a field's line and column: a wrong value at the value, a missing field at its object", () => {
    /** The document with `edit` made, as a person's editor leaves it (indented), and the place of `needle` in it (1-based, after line `from`). */
    const edited = (edit: (doc: Record<string, any>) => void) => {
      const doc = JSON.parse(serializePlan(plan));
      edit(doc);
      const text = JSON.stringify(doc, null, 2);
      const lines = text.split('\n');
      const place = (needle: string, from = 0) => {
        const line = lines.findIndex((l, i) => i >= from && l.includes(needle));
        expect(line, needle).toBeGreaterThanOrEqual(0);
        return { line: line + 1, column: lines[line]!.indexOf(needle) + 1 };
      };
      return { error: userError(() => parsePlanFile(text, 'p.json', 'aac plan --out p.json')), place };
    };
    const message = (at: { line: number; column: number }, what: string) => `p.json:${at.line}:${at.column}: not a valid aac plan file: ${what}`;

    const prune = edited((doc) => (doc.prune = 'no'));
    expect(prune.error).toBe(message(prune.place('"no"'), 'prune must be true or false'));
    const orphan = edited((doc) => (doc.resource_changes[1].orphan = 'sentinel'));
    expect(orphan.error).toBe(message(orphan.place('"sentinel"'), 'resource_changes[1].orphan must be true or false'));
    const actions = edited((doc) => (doc.resource_changes[2].actions = ['sentinel']));
    // The array's `[`, on the line before its item's.
    expect(actions.error).toMatch(new RegExp(`^p\\.json:${actions.place('"sentinel"').line - 1}:${'      "actions": ['.length}: .*resource_changes\\[2\\]\\.actions must be one of`));
    // A missing field: its object's place (the change's `after`, its `{`).
    const missing = edited((doc) => {
      doc.resource_changes[1].after = { sentinel: true, ...doc.resource_changes[1].after };
      delete doc.resource_changes[1].after.model;
    });
    const after = missing.place('"sentinel"');
    expect(missing.error).toBe(message({ line: after.line - 1, column: after.column - 2 + '"after": '.length }, 'resource_changes[1].after.model is missing'));
    // A key that is not a name is quoted in the message, and found.
    const key = edited((doc) => (doc.definitions = { 'a/b.c': 'sha', 'x/y': 7 }));
    expect(key.error).toBe(message({ line: key.place('"x/y"').line, column: key.place('"x/y"').column + '"x/y": '.length }, 'definitions["x/y"] must be a string'));
  });

  it('reads a change to a key named __proto__ as data, and no patch reaches a prototype', () => {
    const metadata = (value: string) => JSON.parse(`{"__proto__": "${value}"}`) as Record<string, string>;
    const protoPlan = saved(buildPlan({ desired: [desired('p', { model: 'm', metadata: metadata('b') })], live: [live('p', { ...filledBlank('m'), metadata: metadata('a') })], kind: ASSISTANT, target: TARGET, prune: false }));
    const read = parsePlanFile(serializePlan(protoPlan), 'p.json', 'aac plan --out p.json');
    expect(read).toEqual(protoPlan);
    expect(read.changes[0]!.fieldChanges.map((c) => [c.field, c.after])).toEqual([['metadata', metadata('b')]]);

    const doc = JSON.parse(serializePlan(protoPlan));
    doc.resource_changes[0].patch = [{ op: 'add', path: '/metadata/__proto__/polluted', value: 'yes' }];
    expect(userError(() => parsePlanFile(JSON.stringify(doc), 'p.json', 'aac plan --out p.json'))).toContain('resource_changes[0].patch does not apply');
    doc.resource_changes[0].patch = [{ op: 'add', path: '/tools/0', value: {} }, { op: 'add', path: '/tools/0/__proto__', value: { polluted: 'yes' } }];
    // Read as data: the change is to the tools, which changed_fields must then say.
    doc.resource_changes[0].changed_fields = ['tools'];
    parsePlanFile(JSON.stringify(doc), 'p.json', 'aac plan --out p.json');
    doc.resource_changes[0].patch = [{ op: 'copy', from: '/metadata', path: '/description' }];
    expect(userError(() => parsePlanFile(JSON.stringify(doc), 'p.json', 'aac plan --out p.json'))).toContain('resource_changes[0].patch[0] is not an add, remove or replace operation');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('findStaleness', () => {
  const now = { desired: defs, live: [liveKeep, liveFix, liveOrphan], target: TARGET };

  it('finds nothing when nothing changed', () => {
    expect(findStaleness(plan, now, ASSISTANT)).toEqual([]);
    // Another environment's plan says so in one line, as another endpoint's does.
    const inStaging = { ...plan, target: { ...plan.target, environment: 'staging' } };
    expect(findStaleness(inStaging, now, ASSISTANT)).toEqual(["the plan was made in environment 'staging', but this run is without an environment"]);
    expect(findStaleness(inStaging, { ...now, target: { ...now.target, environment: 'prod' } }, ASSISTANT)).toEqual(["the plan was made in environment 'staging', but this run is in environment 'prod'"]);
  });

  it('sees a live assistant that changed, naming the fields that differ, or disappeared', () => {
    const changed = { ...live('fix', { ...filledBlank('m'), description: 'By hand.', top_p: 0.2 }), id: liveFix.id, fingerprint: 'other' };
    expect(findStaleness(plan, { ...now, live: [liveKeep, changed, liveOrphan] }, ASSISTANT)).toEqual([
      `the assistant 'fix' (${liveFix.id}) changed since the plan was made, in its description and top_p`,
    ]);
    // A fingerprint that moved where no field the plan shows did (what the kind does not govern).
    expect(findStaleness(plan, { ...now, live: [liveKeep, { ...liveFix, fingerprint: 'other' }, liveOrphan] }, ASSISTANT)).toEqual([
      `the assistant 'fix' (${liveFix.id}) changed since the plan was made, in what a plan does not show`,
    ]);
    expect(findStaleness(plan, { ...now, live: [liveKeep, liveFix] }, ASSISTANT)).toEqual([
      `the saved plan names the assistant 'old' by the id ${liveOrphan.id}, which no live assistant has: it was deleted since the plan was made, or the plan file was edited`,
    ]);
  });

  it('sees a managed assistant that appeared', () => {
    const made = { ...live('make', filledBlank('m')), createdAt: Date.parse(plan.createdAt) / 1000 + 1 };
    expect(findStaleness(plan, { ...now, live: [...now.live, made] }, ASSISTANT)).toEqual([
      `the assistant ${made.id} managed as 'make' appeared since the plan was made`,
    ]);
  });

  it('tells a managed assistant the file leaves out, made well before the plan, from one that appeared', () => {
    // Every resource of the namespace is in a plan; one created long before it and missing was taken out of the file.
    const old = { ...live('dropped', filledBlank('m')), createdAt: Date.parse(plan.createdAt) / 1000 - 3_600 };
    expect(findStaleness(plan, { ...now, live: [...now.live, old] }, ASSISTANT)).toEqual([
      `the plan file does not list the assistant ${old.id} managed as 'dropped', which existed when the plan was made (created ${new Date(old.createdAt * 1000).toISOString()}): the file was edited after it was saved`,
    ]);
    // Within the clocks' possible skew, it is taken to have appeared.
    const recent = { ...old, createdAt: Date.parse(plan.createdAt) / 1000 - 60 };
    expect(findStaleness(plan, { ...now, live: [...now.live, recent] }, ASSISTANT)).toEqual([
      `the assistant ${old.id} managed as 'dropped' appeared since the plan was made`,
    ]);
  });

  it('sees a definition changed, added or removed', () => {
    const edited = desired('keep', { model: 'm', name: 'Edited' });
    expect(findStaleness(plan, { ...now, desired: [edited, defs[1]!, defs[2]!] }, ASSISTANT)).toEqual([
      "the definition 'keep' changed since the plan was made, in its name (assistants/keep.yaml:1:1)",
    ]);
    expect(findStaleness(plan, { ...now, desired: [...defs, desired('extra', { model: 'm' })] }, ASSISTANT)).toEqual([
      "the definition 'extra' (assistants/extra.yaml) was added since the plan was made",
    ]);
    expect(findStaleness(plan, { ...now, desired: defs.slice(0, 2) }, ASSISTANT)).toEqual([
      "the definition 'make' (assistants/make.yaml) was removed since the plan was made",
    ]);
  });

  it('sees another target', () => {
    expect(findStaleness(plan, { ...now, target: { ...TARGET, provider: 'zerobot', endpoint: 'https://api.zerobot.ai/v1' } }, ASSISTANT)).toEqual([
      `the plan was made for another endpoint: openai at ${TARGET.endpoint}, but this run targets zerobot at https://api.zerobot.ai/v1`,
    ]);
  });
});
