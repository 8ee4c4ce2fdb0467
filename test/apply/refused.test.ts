// The host refusing what apply sends, against the emulator behind a proxy that answers for it:
// refused credentials (401), and credentials taken but not allowed (403: the key lacks a permission), stop apply from starting more
// actions, as an unreachable host does — the error said once, the rest listed as not sent, the
// next run converging once the host takes the credentials; a body refused as invalid (400) is
// refused again on the next run, so the closing lines name what to change instead of promising
// that running again converges.
import { describe, expect, it } from 'vitest';
import { alikeExpanded, apiEnv, proxiedHarness } from './helpers.js';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const defs = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, { model: 'gpt-4o', name: k.toUpperCase() }]));

describe.each([
  [401, 'Incorrect API key provided.', 'credentials', 'the host refused the credentials', 'Once the host takes the credentials', 'check OPENAI_API_KEY'],
  // 403: the key was taken, and lacks a permission: never said to be refused, and the fix is the permission.
  [403, 'You have insufficient permissions for this operation.', 'permission', 'the host accepted the credentials but did not allow a request', 'Once the credentials have the permission the host did not allow', 'give these credentials the permission for it (a key or role allowed to do it), or use credentials that have it: check OPENAI_API_KEY'],
] as const)('apply when the host refuses the request for its credentials (%i)', (status, message, cause, stopped, once, fix) => {
  it('starts no action after it, says the error once, lists the rest as not sent; the next run converges', async () => {
    // The key is refused from the third create on, and every request after it (revoked, or lacking the permission).
    let creates = 0;
    let refusing = false;
    const h = await proxiedHarness(defs(KEYS), (req) => {
      if (req.method === 'POST' && ++creates > 2) refusing = true;
      return refusing ? { status, message } : undefined;
    });
    const r = await h.cli(['apply', '--yes', '-lock=false', '--concurrency', '2', '--format', 'json'], { env: apiEnv(h.proxy.url) });
    expect(r.code, r.stderr).toBe(1);
    // The report (stderr, as stdout holds the JSON document): the stop said once, what was left not sent.
    expect(r.stderr).toContain(`Apply stopped: 2 created, 0 modified, 0 deleted, 6 not started.\nStopped, as ${stopped}: `);
    if (status === 403) expect(r.stderr).not.toContain('refused the credentials');
    expect(r.stderr.split(message.replace(/\.$/, ''))).toHaveLength(2);
    expect(r.stderr).toContain('check OPENAI_API_KEY');
    // Four or more alike are said once, their keys listed below: written out a line each here.
    const notDone = alikeExpanded(r.stderr).split('Not done:\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(notDone).toHaveLength(6);
    for (const line of notDone) expect(line).toMatch(new RegExp(`^ {2}\\+ [a-h]: not (sent|made): ${stopped}$`));
    expect(r.stderr).not.toContain('Failed:');
    expect(r.stderr).toContain(`${once}, run \`aac plan\` to see what is left, and \`aac apply --yes\` again to finish: it converges from any partial state.\n`);
    // No action started after the refusal: the two made, and at most the two in flight with it.
    expect(h.proxy.writes().length).toBeLessThanOrEqual(4);

    const doc = JSON.parse(r.stdout);
    expect(doc.format_version).toBe('1.12');
    expect(doc.summary).toMatchObject({ created: 2, failed: 0, skipped: 6, unreachable: null });
    expect(doc.summary.stopped).toEqual({ cause, error: expect.stringContaining(`(${status}): ${message.replace(/\.$/, '')}`), fix: expect.stringMatching(new RegExp(`^${fix.replace(/[()]/g, '\\$&')}`)) });

    // With the credentials taken again, the next run makes the rest and the plan after it is clean.
    const next = await h.cli(['apply', '--yes', '-lock=false']);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stdout).toContain('Apply complete: 6 created, 0 modified, 0 deleted.');
    const plan = await h.cli(['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  });
});

describe('apply when the host refuses a body as invalid (400)', () => {
  it('goes on with the rest, and says what to change before running again, never that running again converges', async () => {
    const refused = { status: 400, message: "The model 'gpt-4o' does not exist or you do not have access to it." };
    const h = await proxiedHarness(defs(['a', 'b']), (req) => (req.method === 'POST' && (req.body as { name?: string }).name === 'B' ? refused : undefined));
    const r = await h.cli(['apply', '--yes', '-lock=false'], { env: apiEnv(h.proxy.url) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Apply failed: 1 created, 0 modified, 0 deleted, 1 failed.');
    expect(r.stdout).toContain(
      'Running `aac apply --yes` again would be refused the same way until this is changed:\n' +
        "  + b: change the definition as the API's message says\n" +
        'Then run `aac plan` to see what is left, and `aac apply --yes` again to finish.\n',
    );
    expect(r.stdout).not.toContain('converges');
    // It is: the next run is refused the same way.
    const again = await h.cli(['apply', '--yes', '-lock=false'], { env: apiEnv(h.proxy.url) });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Apply failed: 0 created, 0 modified, 0 deleted, 1 failed.');
  });
});
