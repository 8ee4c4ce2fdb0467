// A 403 under GitHub Actions: the job summary, where a reviewer of the apply job looks first, says
// the host took the credentials and did not allow the request — never that it refused them (a
// 401's words, whose fix is another key) — in which environment, and what to give the
// credentials: for a listing refused before anything was done (the failure's summary: read access,
// its fix on a line of its own) and for a create refused mid-apply (the report's stop, its fix on a
// line of its own, said once, in the summary and in the text). Against the emulator behind a
// loopback proxy that answers 403 for it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { API_KEY, proxiedHarness } from './helpers.js';

const DENIED = 'You have insufficient permissions for this operation';
/** What every 403 of the environment 'prod' says after the host's message: the permission, the key to check, and that it is the environment's host's. */
const CHECK = "check OPENAI_API_KEY (and OPENAI_ORG_ID / OPENAI_PROJECT_ID if set): they must be those of the host of the environment 'prod' (its endpoint from `endpoint:` in assistants/aac.yaml; OPENAI_BASE_URL overrides it when set)";
/** A 403 mid-apply's fix: the permission. */
const PERMISSION = `give these credentials the permission for it (a key or role allowed to do it), or use credentials that have it: ${CHECK}`;
/** A 403 on the listing's fix: read access. */
const READ = `the credentials need read access to the project or account for listing assistants: give them a key or role that may read it, or use credentials that have it: ${CHECK}`;

it("a 403 in an environment is said in the job summary as credentials taken and not allowed, naming the environment and the permission: before any change, and mid-apply", async () => {
  let refuse: 'everything' | 'creates after the first' = 'everything';
  let creates = 0;
  const h = await proxiedHarness({ a: { model: 'gpt-4o', name: 'A' }, b: { model: 'gpt-4o', name: 'B' }, c: { model: 'gpt-4o', name: 'C' } }, (req) => {
    if (refuse === 'everything' || (req.method === 'POST' && ++creates > 1)) return { status: 403, message: `${DENIED}.` };
    return undefined;
  });
  writeFileSync(join(h.ws.root, 'assistants/aac.yaml'), `namespace: test\nenvironments:\n  prod: { endpoint: "${h.proxy.url}" }\n`);
  const summary = join(h.ws.root, 'summary.md');
  const env = { OPENAI_BASE_URL: undefined, OPENAI_API_KEY: API_KEY, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: h.ws.root, AAC_NAMESPACE: undefined, AAC_ENV: undefined };
  const apply = async () => {
    writeFileSync(summary, '');
    const r = await h.cli(['apply', '--env', 'prod', '--yes', '-lock=false', '--concurrency', '1'], { env });
    return { code: r.code, summary: readFileSync(summary, 'utf8'), stdout: r.stdout, stderr: r.stderr };
  };

  // The listing refused: nothing done; the failure's summary is the error, a configuration's (retrying does not help).
  const listing = await apply();
  expect(listing.code).toBe(1);
  expect(listing.summary.split('\n').slice(0, 5)).toEqual(['### aac apply', '', '**❌ Failed (`config-error`)**', '', '```text']);
  expect(listing.summary).toContain(`Error: openai accepted the credentials but did not allow listing assistants (403) in the environment 'prod': ${DENIED}; nothing was changed\n\`\`\`\n\n**To fix:** \`\`${READ}\`\`\n`);
  // On stderr, the error and its fix below it, as every error's hint.
  expect(listing.stderr).toContain(`Error: openai accepted the credentials but did not allow listing assistants (403) in the environment 'prod': ${DENIED}; nothing was changed\n  ${READ}\n`);

  // A create refused after one was made: the report's summary says the stop once, what was left, and what it waits for.
  refuse = 'creates after the first';
  const stopped = await apply();
  expect(stopped.code).toBe(1);
  expect(stopped.summary).toContain('**Apply stopped: 1 created, 0 modified, 0 deleted, 2 not started.**');
  // The fix on a line of its own, below the stop, and only there: what to give the credentials, and which they must be.
  expect(stopped.summary).toContain(`Stopped, as the host accepted the credentials but did not allow a request: \`openai accepted the credentials but did not allow creating assistant 'b' (403) in the environment 'prod': ${DENIED}\`\n\n**To fix:** \`\`${PERMISSION}\`\`\n\n|`);
  // The text says it alike: the stop, then its fix as its own line, once.
  expect(stopped.stdout).toContain(`Stopped, as the host accepted the credentials but did not allow a request: openai accepted the credentials but did not allow creating assistant 'b' (403) in the environment 'prod': ${DENIED}\nTo fix: ${PERMISSION}\n`);
  expect(stopped.stdout.split(PERMISSION)).toHaveLength(2);
  expect(stopped.summary).toContain('| `+` | `c` |  | skipped: `not sent: the host accepted the credentials but did not allow a request` |');
  expect(stopped.summary).toContain('Once the credentials have the permission the host did not allow, run `aac plan --env prod` to see what is left, and `aac apply --yes --env prod` again to finish');

  for (const { summary: text } of [listing, stopped]) {
    expect(text).not.toMatch(/refused the credentials|takes the credentials/);
    expect(text).not.toContain(API_KEY);
  }
});
