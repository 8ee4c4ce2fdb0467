// redactData: one copy of plain data with every exact secret replaced, the input untouched.
import { describe, expect, it } from 'vitest';
import { DataRedactor, holdsSecret, redactData, secretPaths } from '../../src/util/redact.js';
import { lazyObject, notFilled } from '../../src/util/lazy.js';
import { fingerprint, liveResource } from '../../src/backends/http/live-resource.js';
import { encodeMarker } from '../../src/model/marker.js';

const KEY = 'sk-live-0123456789abcdef';

describe('redactData', () => {
  it('replaces secrets in strings and keys of a copy, shares what holds none, and keeps identity and accessors', () => {
    let reads = 0;
    const shared = { note: `uses ${KEY}` };
    const clean = { model: 'gpt-4o' };
    const input = {
      changes: [shared, clean],
      refused: [shared],
      metadata: { [KEY]: 'x', 'Bearer x': 'token=abc' },
      get fingerprint() {
        reads++;
        return 'f';
      },
    };
    const out = redactData(input, [KEY, undefined, 'ab']);
    expect(out.changes[0]).toEqual({ note: 'uses [redacted]' });
    expect(out.refused[0]).toBe(out.changes[0]);
    expect(out.changes[1]).toBe(clean);
    // Exact values only: prose that looks like a credential is the user's text.
    expect(out.metadata).toEqual({ '[redacted]': 'x', 'Bearer x': 'token=abc' });
    expect(reads).toBe(0);
    expect(out.fingerprint).toBe('f');
    expect(shared.note).toBe(`uses ${KEY}`);
    expect(redactData(input, [])).toBe(input);
  });

  it('redacts data made only when read (a plan\'s hashes of its definitions) when it is read, without making it before', () => {
    let made = 0;
    const hashes = lazyObject<Record<string, string>>((into) => {
      made++;
      Object.assign(into, { [`team/${KEY}`]: 'a1', clean: `b2 ${KEY}` });
    });
    const redactor = new DataRedactor([KEY]);
    const out = redactor.data({ definitions: hashes, other: { note: KEY } });
    expect(made).toBe(0);
    expect(notFilled(hashes)).toBe(true);
    expect(out.other).toEqual({ note: '[redacted]' });
    // Read again, the same copy: the redactor remembers what it read.
    expect(redactor.data(hashes)).toBe(out.definitions);
    expect(JSON.stringify(out.definitions)).toBe('{"team/[redacted]":"a1","clean":"b2 [redacted]"}');
    expect(Object.keys(out.definitions)).toEqual(['team/[redacted]', 'clean']);
    expect(made).toBe(1);
    expect(hashes).toEqual({ [`team/${KEY}`]: 'a1', clean: `b2 ${KEY}` });
    // Made, it is data like any other.
    expect(notFilled(hashes)).toBe(false);
    expect(redactData(hashes, [KEY])).toEqual({ 'team/[redacted]': 'a1', clean: 'b2 [redacted]' });
  });

  it('finds a value that is the secret alone, of two the shorter one, and nothing in a string shorter than either', () => {
    const other = 'tok-0123456789';
    const out = redactData({ a: KEY, b: other, c: other.slice(1), d: KEY.slice(0, -1), e: `${other}!` }, [KEY, other]);
    expect(out).toEqual({ a: '[redacted]', b: '[redacted]', c: other.slice(1), d: KEY.slice(0, -1), e: '[redacted]!' });
    expect(holdsSecret(other, [KEY, other])).toBe(true);
    expect(holdsSecret(other.slice(1), [KEY, other])).toBe(false);
  });

  it("keeps a live resource's fingerprint readable on its copy, the hash of what the host sent", () => {
    const wire = { id: 'asst_1', created_at: 1, instructions: `Use ${KEY}.`, metadata: encodeMarker({ namespace: 'ns', key: 'support/billing' }) };
    const live = liveResource(wire, ['instructions', 'metadata'], [], ['instructions']);
    const out = redactData(live, [KEY]);
    expect(out).not.toBe(live);
    expect(out.spec.instructions).toBe('Use [redacted].');
    expect(out.fingerprint).toBe(fingerprint(wire, []));
    expect(Object.keys(out)).toEqual(Object.keys(live));
  });

  it("never calls a getter or setter, keeps each member's kind and attributes, and redacts members not enumerated, of objects of no prototype and in lists", () => {
    const calls: string[] = [];
    const wire = { token: KEY };
    const SYM = Symbol('wire');
    const build = (proto: object | null) => {
      const o = Object.create(proto) as Record<string | symbol, unknown>;
      Object.defineProperties(o, {
        note: { value: `uses ${KEY}`, enumerable: true, writable: true, configurable: true },
        hidden: { value: `hidden ${KEY}`, enumerable: false, writable: false, configurable: false },
        fingerprint: { enumerable: true, configurable: true, get: () => { calls.push('get'); throw new Error('a getter was called'); } },
        [`by ${KEY}`]: { enumerable: true, get: () => { calls.push('get key'); return 'x'; } },
        sink: { enumerable: true, set: () => { calls.push('set'); } },
        [SYM]: { value: wire, enumerable: false },
      });
      return o;
    };
    for (const proto of [Object.prototype, null]) {
      const input = build(proto);
      const [out] = redactData([input, { clean: [1, 'two'] }], [KEY]) as [Record<string | symbol, unknown>, unknown];
      // A copy (asked by identity alone: a matcher's deep comparison would call the getters).
      expect(out === input).toBe(false);
      expect(Object.getPrototypeOf(out)).toBe(proto);
      expect(Object.getOwnPropertyDescriptor(out, 'note')).toEqual({ value: 'uses [redacted]', enumerable: true, writable: true, configurable: true });
      expect(Object.getOwnPropertyDescriptor(out, 'hidden')).toEqual({ value: 'hidden [redacted]', enumerable: false, writable: false, configurable: false });
      // Accessors stay accessors (under a key redacted like any other), the symbol's member as it is: never shown.
      expect(Object.getOwnPropertyDescriptor(out, 'fingerprint')).toEqual(Object.getOwnPropertyDescriptor(input, 'fingerprint'));
      expect(Object.getOwnPropertyDescriptor(out, 'by [redacted]')!.get).toBe(Object.getOwnPropertyDescriptor(input, `by ${KEY}`)!.get);
      expect(Object.getOwnPropertyDescriptor(out, 'sink')).toEqual(Object.getOwnPropertyDescriptor(input, 'sink'));
      expect(out[SYM]).toBe(wire);
      expect(Reflect.ownKeys(out)).toEqual(['note', 'hidden', 'fingerprint', 'by [redacted]', 'sink', SYM]);
      expect(Reflect.ownKeys(out).filter((k) => typeof k === 'string').join()).not.toContain(KEY);
      expect(input.note).toBe(`uses ${KEY}`);
    }
    // An object with accessors and nothing to redact is shared, its accessors not called either.
    const clean = { a: 'plain', get fingerprint(): string { calls.push('get clean'); return 'f'; }, set sink(_: string) { calls.push('set clean'); } };
    expect(redactData({ list: [clean] }, [KEY]).list[0]).toBe(clean);
    expect(calls).toEqual([]);
  });

  it('redacts a string wherever it sits (a member, a list item, a list in a list) and keeps numbers, booleans, null and undefined as they are', () => {
    const input = { note: KEY, n: 0, t: true, z: null, u: undefined, list: [KEY, 1, false, null, undefined, [`in ${KEY}`], ''] };
    const out = redactData(input, [KEY]);
    expect(out).toStrictEqual({ note: '[redacted]', n: 0, t: true, z: null, u: undefined, list: ['[redacted]', 1, false, null, undefined, ['in [redacted]'], ''] });
    expect(Object.keys(out)).toEqual(Object.keys(input));
    // Nothing to redact: the same object, its lists not copied.
    const clean = { n: 1, t: false, z: null, list: ['a', 2, null, undefined, [true, 'b']] };
    expect(redactData(clean, [KEY])).toBe(clean);
  });

  it('keeps a key named __proto__ in the copy it makes, as an own key', () => {
    const input = JSON.parse(`{"metadata": {"__proto__": "kept", "note": "${KEY}"}}`) as { metadata: Record<string, string> };
    const out = redactData(input, [KEY]);
    expect(Object.entries(out.metadata)).toEqual([['__proto__', 'kept'], ['note', '[redacted]']]);
    expect(Object.getPrototypeOf(out.metadata)).toBe(Object.prototype);
  });

  it('finds where secrets sit without spelling out a key that holds one', () => {
    const spec = { instructions: `a ${KEY}`, tools: [{ description: KEY }], metadata: { [KEY]: 'v', ok: 'v' } };
    expect(secretPaths(spec, [KEY])).toEqual(['instructions', 'tools[0].description', 'metadata.[redacted]']);
    expect(holdsSecret(`x${KEY}y`, [KEY])).toBe(true);
    expect(holdsSecret('short ab', ['ab'])).toBe(false);
  });

  it('redacts ahead what a later whole is made of, to the same result, for the same secrets only', () => {
    const parts = [{ instructions: `uses ${KEY}`, tools: [{ type: 'code_interpreter' }] }, { instructions: 'plain', metadata: { [KEY]: 'v' } }];
    const whole = () => ({ changes: parts.map((p, i) => ({ key: `k${i}`, before: p, after: p, fields: [p.instructions] })) });
    const ahead = new DataRedactor([KEY]);
    const early = parts.map((p) => ahead.data(p));
    const plan = whole();
    const later = ahead.for([KEY, 'ab']).data(plan);
    expect(later).toEqual(redactData(plan, [KEY]));
    // The copies made ahead are the ones the whole holds.
    expect(later.changes[0]!.before).toBe(early[0]);
    expect(later.changes[1]!.after).toBe(early[1]);
    expect(later.changes[0]!.fields).toEqual(['uses [redacted]']);
    // A secret learned since (a token fetched later) means a redactor that has read nothing yet.
    const token = 'tok-0123456789';
    expect(ahead.for([KEY, token])).not.toBe(ahead);
    expect(ahead.for([KEY, token]).data({ note: `${token} and ${KEY}` })).toEqual({ note: '[redacted] and [redacted]' });
    expect(new DataRedactor([]).data(plan)).toBe(plan);
  });
});

describe('redactData at credential places', () => {
  const places = { headerMaps: ['headers'], secretFields: [{ key: 'authorization', type: 'mcp' }, { key: 'value', within: 'domain_secrets' }], urlFields: ['server_url'], instead: 'a connection' };

  it('replaces a credential-named header and a token field whatever the value, sharing the rest; the same map under another key is kept', () => {
    const map = { Authorization: 'Bearer abc', 'X-Tenant': 't1', Cookie: '' };
    const input = { tools: [{ type: 'mcp', authorization: 'tok', headers: map }, { type: 'function', authorization: 'kept' }], other: map };
    const out = redactData(input, [], places);
    expect(out).toEqual({
      tools: [{ type: 'mcp', authorization: '[redacted]', headers: { Authorization: '[redacted]', 'X-Tenant': 't1', Cookie: '' } }, { type: 'function', authorization: 'kept' }],
      other: map,
    });
    expect(out.other).toBe(map);
    expect(out.tools[1]).toBe(input.tools[1]);
    expect(input.tools[0]!.headers.Authorization).toBe('Bearer abc');
  });

  it('replaces a member of each item of a list at its place, and only there', () => {
    const secret = { domain: 'a.example.com', name: 'Authorization', value: 'v1' };
    const input = { network_policy: { domain_secrets: [secret] }, elsewhere: [secret], headers: [{ token: 'kept: a list is no header map' }] };
    expect(redactData(input, [], places)).toEqual({
      network_policy: { domain_secrets: [{ domain: 'a.example.com', name: 'Authorization', value: '[redacted]' }] },
      elsewhere: [secret],
      headers: [{ token: 'kept: a list is no header map' }],
    });
  });

  it('keeps its places when it is made again for more secrets, and redacts with no secret at all', () => {
    const redactor = new DataRedactor([], places);
    expect(redactor.data({ headers: { 'x-api-key': 'k' } })).toEqual({ headers: { 'x-api-key': '[redacted]' } });
    expect(redactor.for([KEY]).data({ headers: { token: KEY }, note: KEY })).toEqual({ headers: { token: '[redacted]' }, note: '[redacted]' });
  });
  it("redacts an outcome afresh each time it is told: a warning added since is searched, and another run's secrets are its own", () => {
    // Apply tells an outcome when its write answers and again when settle adds a warning to it
    // (commands/apply.ts onOutcome, onRevised): each call reads the value as it is then, though the
    // search for the same secrets is made once and shared.
    const outcome = { key: 'k', status: 'ok', warnings: [] as string[] };
    expect(redactData(outcome, [KEY])).toBe(outcome);
    outcome.warnings.push(`another copy was made with ${KEY}`);
    expect(redactData(outcome, [KEY]).warnings).toEqual(['another copy was made with [redacted]']);
    expect(outcome.warnings).toEqual([`another copy was made with ${KEY}`]);
    // Secrets that a set contains only a part of, and a set that holds others: each its own search.
    const other = 'sk-live-other-0123456789';
    expect(redactData({ note: `${KEY} ${other}` }, [other])).toEqual({ note: `${KEY} [redacted]` });
    expect(redactData({ note: `${KEY} ${other}` }, [KEY, other])).toEqual({ note: '[redacted] [redacted]' });
    expect(redactData({ note: `${KEY} ${other}` }, [KEY])).toEqual({ note: `[redacted] ${other}` });
    // More sets than are kept (sixteen): each still finds its own.
    for (let i = 0; i < 40; i++) {
      const secret = `sk-live-set-${String(i).padStart(4, '0')}`;
      expect(redactData({ note: `a ${secret} b ${KEY}` }, [secret])).toEqual({ note: `a [redacted] b ${KEY}` });
    }
    expect(redactData({ note: `${KEY} ${other}` }, [other])).toEqual({ note: `${KEY} [redacted]` });
  });
});
