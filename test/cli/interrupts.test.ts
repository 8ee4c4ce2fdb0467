// Ctrl-C, SIGTERM and SIGHUP (a closed terminal), sent to the compiled CLI as a user, a CI runner
// or the terminal sends them: every command stops promptly with a non-zero exit, also while files
// are being parsed and while apply asks its question; apply lets the writes in flight finish,
// reports them, and never leaves its lock behind.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { API_KEY, apiEnv } from '../apply/helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { HAS_TERMINAL, quitAgain, runChild } from '../helpers/child-cli.js';
import { TEST_MARKER, TEST_NAMESPACE } from '../helpers/cli.js';
import { LOCK_KEY } from '../../src/lock/lock-object.js';

afterAll(cleanupTrees);

const REPORT_THREADS = fileURLToPath(new URL('../helpers/report-threads.cjs', import.meta.url));

/** Resolves once `condition` holds, looked at every 10 ms: the test's own timeout is the only limit. */
async function whenTrue(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * An emulator that holds the requests `held` picks (given the route and how many of that route came
 * before, from 0) once received whole, each until `until` (given the same) resolves, else until the
 * test ends (`close`): a write in flight stays in flight until the CLI has said it heard a signal,
 * however loaded the machine, where a latency could run out first. `heldCount`: how many arrived.
 */
async function holdingEmulator(held: (route: string, nth: number) => boolean, until: (route: string, nth: number) => Promise<void> = () => new Promise(() => undefined), opts: EmulatorOptions = {}) {
  const seen = new Map<string, number>();
  let heldCount = 0;
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const emu = await startEmulator({
    apiKey: API_KEY,
    ...opts,
    hold: ({ route }) => {
      const nth = seen.get(route) ?? 0;
      seen.set(route, nth + 1);
      if (!held(route, nth)) return undefined;
      heldCount++;
      return Promise.race([until(route, nth), ended]);
    },
  });
  return {
    emu,
    heldCount: () => heldCount,
    close: async () => {
      end();
      await emu.close();
    },
  };
}

/** A promise resolved once runChild's `onOutput` shows `line` on stderr, and that `onOutput`. */
function stderrLine(line: string | RegExp): { seen: Promise<void>; onOutput: (o: { stderr: string }) => void } {
  let resolve!: () => void;
  const seen = new Promise<void>((r) => (resolve = r));
  return { seen, onOutput: ({ stderr }) => void ((typeof line === 'string' ? stderr.includes(line) : line.test(stderr)) && resolve()) };
}

/** The create of the apply's first definition: the second POST /assistants (the lock's is the first). */
const firstCreate = (route: string, nth: number) => route === 'POST /assistants' && nth === 1;

/** A definition whose parse keeps the loader busy for seconds (hundreds of thousands of keys, under the size limit). */
function busyTree(): string {
  const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
  const keys = Array.from({ length: 400_000 }, (_, i) => `  k${i}: v`).join('\n');
  writeFileSync(join(root, 'assistants', 'big.yaml'), `model: m\nx-big:\n${keys}\n`);
  return root;
}

// Concurrent: each test has its own emulator, tree and child process, and spends its time waiting
// on them (a held request, a rate-limit window, a process's start); one after another they took
// some 80 s. Each waits on events — a line the CLI prints, a request at the emulator — never on a
// latency or a delay that a loaded machine could outlast; the deadlines only end a run that hangs.
describe.concurrent('interrupts', () => {
  it.each([['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]] as const)('validate stops at %s while a large file is parsed, exit %i, instead of finishing the load', async (name, code) => {
    // What shows the load was not finished is the exit code and the absent "valid", not the time
    // taken, which a loaded machine stretches (13 s seen under a load average of 12). Sent once the
    // large file's parse went to a thread of its own (report-threads.cjs says when one starts),
    // after the CLI said it handles the signal: the load is under way, however loaded the machine.
    const r = await runChild(['validate'], { cwd: busyTree(), deadlineMs: 120_000, imports: [REPORT_THREADS], signal: { name, when: new RegExp(`\\nhandles=${name}\\n[\\s\\S]*\\nworker thread started\\n`) } });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`aac: interrupted (${name})`);
    expect(r.stdout).not.toContain('valid');
  }, 150_000);

  it('plan stops at once at Ctrl-C while it waits for the API: "interrupted", exit 130, nothing printed as a plan', async () => {
    // The listing is held until the test ends.
    const { emu, heldCount, close } = await holdingEmulator(() => true);
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const r = await runChild(['plan'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGINT', when: () => heldCount() > 0 } });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('aac: interrupted (SIGINT)');
      expect(r.stdout).not.toContain('Plan:');
    } finally {
      await close();
    }
  }, 150_000);

  it.each(['SIGINT', 'SIGTERM'] as const)('apply, once writing, finishes the writes in flight at the first %s and reports them; exit 1, not the signal\'s', async (name) => {
    // a's create is held until the CLI says it heard the signal: the signal lands while it is in flight.
    const heard = stderrLine(`Received ${name}: finishing the actions in flight`);
    const { emu, heldCount, close } = await holdingEmulator(firstCreate, () => heard.seen);
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n' });
      const r = await runChild(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name, when: () => heldCount() > 0 }, onOutput: heard.onOutput });
      expect(r.killed).toBe(false);
      expect(r.stderr).toContain(`Received ${name}: finishing the actions in flight`);
      expect(r.stderr).not.toContain('aac: interrupted');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Apply interrupted: 1 created, 0 modified, 0 deleted, 1 not started/);
      // The action not started is listed once, under "Not done:", not also as a progress line.
      expect(r.stdout.match(/ b: /g)).toHaveLength(1);
      expect(r.stdout).toMatch(/Not done:\n {2}\+ b: not started: apply was interrupted/);
      expect(emu.resources()).toHaveLength(1);
    } finally {
      await close();
    }
  }, 150_000);

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('apply takes a %s delivered twice at once as one: it finishes, reports and removes its lock; sent again later, it quits at once (exit %i)', async (name, code) => {
    // A signal sent to aac and to its process group (coreutils timeout, a CI runner's cancel)
    // reaches it again through whatever forwards it, within milliseconds: here both in one turn of
    // its event loop, each delivered (runChild's `again: 0`), where two sent at once from outside
    // may reach it as one. The first run's create of a is held until it says it heard the signal;
    // the second run's create of b (the fourth create: each run takes its lock) until the test ends.
    const heard = stderrLine(`Received ${name}: finishing the actions in flight`);
    const { emu, heldCount, close } = await holdingEmulator((route, nth) => route === 'POST /assistants' && (nth === 1 || nth === 3), (_, nth) => (nth === 1 ? heard.seen : new Promise(() => undefined)));
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n' });
      let raw = '';
      const twice = await runChild(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name, when: () => heldCount() === 1, again: 0 }, onOutput: (o) => ((raw = o.stderr), heard.onOutput(o)) });
      expect(twice.killed).toBe(false);
      // Both reached its handler (in the turn it said it heard the first), which took them as one.
      expect(raw.match(new RegExp(`\nheard=${name}\n`, 'g'))).toHaveLength(2);
      expect(twice.stderr.match(/Received /g)).toHaveLength(1);
      expect(twice.stderr).not.toContain('aac: interrupted');
      expect(twice.code).toBe(1);
      expect(twice.stdout).toMatch(/Apply interrupted: 1 created, 0 modified, 0 deleted, 1 not started/);
      // a alone: the lock object was deleted.
      expect(emu.resources()).toHaveLength(1);

      // The second once the first was heard, and past the same-delivery window (250 ms): a wait
      // after an event, which load can only lengthen.
      const later = await runChild(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name, when: () => heldCount() === 2, again: quitAgain(name) } });
      expect(later.killed).toBe(false);
      expect(later.stderr).toContain(`aac: interrupted (${name})`);
      expect(later.code).toBe(code);
      // It says what it leaves: b's create, sent and held by the emulator, and the lock, with the
      // command that removes it (the lock object the emulator holds).
      expect(later.stderr).toContain('aac: 1 write in flight (b) may or may not have been made: the next plan shows what was\n');
      const lock = emu.resources().find((x) => String(x.name).startsWith('aac-lock-'));
      expect(lock).toBeDefined();
      const id = String(lock!.id);
      expect(later.stderr).toMatch(new RegExp(`aac: the lock ${id} on the namespace '${TEST_NAMESPACE}' is left behind: it expires by itself by \\d{4}-[\\d:.T-]+Z, or run \`aac force-unlock ${id} --yes\` to remove it now\n`));
    } finally {
      await close();
    }
  }, 150_000);

  it('a second Ctrl-C while the lock\'s delete is on its way, after the report, says the lock may be left, not that it is; the host removes it', async () => {
    // The lock's delete is held: the first SIGINT once it arrives (the report is written by then),
    // the second once the first was heard and past the same-delivery window.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const { emu, heldCount, close } = await holdingEmulator((route) => route === 'DELETE /assistants/{id}', () => released);
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const r = await runChild(['apply', '--yes'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGINT', when: () => heldCount() > 0, again: quitAgain('SIGINT') } });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(130);
      expect(r.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
      expect(r.stderr).toMatch(/aac: the lock \S+ on the namespace '[^']+' may be left behind: its delete was sent and not answered; if it is still there, it expires by itself by \S+Z, or run `aac force-unlock \S+ --yes` to remove it now\n/);
      expect(r.stderr).not.toContain('is left behind');
      // The delete it sent goes through.
      release();
      await whenTrue(() => !emu.resources().some((x) => String(x.name).startsWith('aac-lock-')));
      expect(emu.resources().map((x) => String(x.name))).toEqual([expect.not.stringMatching(/^aac-lock-/)]);
    } finally {
      await close();
    }
  }, 150_000);

  it.each(['SIGINT', 'SIGTERM'] as const)('apply at %s while its creates wait out the host\'s rate limit sends none of them: "not started", exit 1', async (name) => {
    // A window of 3 requests: the lock, the listing and a's create spend it, so b waits for the
    // reset, unsent, when the signal comes; c is not started. The window is long enough for the
    // signal to come first on a loaded machine; the lock's delete still waits it out.
    const emu = await startEmulator({ apiKey: API_KEY, rateLimitPerMinute: 3, rateLimitWindowMs: 20_000 });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n', 'assistants/c.yaml': 'model: m\n' });
      const r = await runChild(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name, when: /rate limit is spent: waiting/, afterMs: 0 } });
      expect(r.killed).toBe(false);
      expect(r.stderr).toContain(`Received ${name}: finishing the actions in flight`);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Apply interrupted: 1 created, 0 modified, 0 deleted, 2 not started/);
      expect(r.stdout).toMatch(/Not done:\n {2}\+ b: not started: apply was interrupted\n {2}\+ c: not started: apply was interrupted/);
      // The lock's create and a's: b's, which waited, was never sent; the lock deleted.
      expect(emu.stats().byRoute['POST /assistants']).toBe(2);
      expect(emu.resources().map((x) => String(x.name))).toEqual([expect.not.stringMatching(/^aac-lock-/)]);
    } finally {
      await emu.close();
    }
  }, 150_000);

  it('apply at SIGINT after its create has waited on the rate limit longer than options.timeout_ms: it was never sent, so "not started", not a timeout', async () => {
    // As above, with a timeout of 1 s: b's create waits in aac's queue at least 3 s when the signal comes.
    const emu = await startEmulator({ apiKey: API_KEY, rateLimitPerMinute: 3, rateLimitWindowMs: 20_000 });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n', 'assistants/aac.yaml': 'options:\n  timeout_ms: 1000\n' });
      const r = await runChild(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGINT', when: /rate limit is spent: waiting/, afterMs: 3_000 } });
      expect(r.killed).toBe(false);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Apply interrupted: 1 created, 0 modified, 0 deleted, 1 not started/);
      expect(r.stdout).toMatch(/Not done:\n {2}\+ b: not started: apply was interrupted\n/);
      expect(r.stdout + r.stderr).not.toMatch(/timeout_ms|lost|failed/);
      expect(emu.stats().byRoute['POST /assistants']).toBe(2);
    } finally {
      await emu.close();
    }
  }, 150_000);

  it('apply interrupted once its last action is in flight leaves nothing undone: it says so, completes, exit 0', async () => {
    const heard = stderrLine('Received SIGINT: every action is already sent; finishing them; interrupt again');
    const { emu, heldCount, close } = await holdingEmulator(firstCreate, () => heard.seen);
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const r = await runChild(['apply', '--yes', '--format', 'json'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGINT', when: () => heldCount() > 0 }, onOutput: heard.onOutput });
      expect(r.killed).toBe(false);
      expect(r.stderr).toContain('Received SIGINT: every action is already sent; finishing them; interrupt again');
      expect(r.stderr).not.toContain('finishing the actions in flight');
      expect(r.stderr).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
      expect(JSON.parse(r.stdout).summary).toMatchObject({ created: 1, skipped: 0, interrupted: false });
      expect(r.code).toBe(0);
    } finally {
      await close();
    }
  }, 150_000);

  it('apply, once writing, finishes the writes in flight at SIGHUP as at SIGTERM, reports them and removes its lock; exit 1', async () => {
    const heard = stderrLine('Received SIGHUP: finishing the actions in flight');
    const { emu, heldCount, close } = await holdingEmulator(firstCreate, () => heard.seen);
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n' });
      const r = await runChild(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000, signal: { name: 'SIGHUP', when: () => heldCount() > 0 }, onOutput: heard.onOutput });
      expect(r.killed).toBe(false);
      expect(r.stderr).toContain('Received SIGHUP: finishing the actions in flight');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/Apply interrupted: 1 created, 0 modified, 0 deleted, 1 not started/);
      expect(r.stdout).toMatch(/Not done:\n {2}\+ b: not started: apply was interrupted/);
      // a alone: the lock object was deleted.
      expect(emu.resources()).toHaveLength(1);
    } finally {
      await close();
    }
  }, 150_000);

  describe.skipIf(!HAS_TERMINAL)('on a terminal', () => {
    const QUESTION = /Only 'yes' is accepted: /;

    it.each([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const)('apply at its question ends at %s as a cancel, exit %i, its lock removed and nothing written', async (name, code) => {
      const emu = await startEmulator({ apiKey: API_KEY });
      try {
        const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
        const r = await runChild(['apply', '--no-color'], { cwd: root, env: apiEnv(emu.url), terminal: true, deadlineMs: 120_000, signal: { name, when: QUESTION } });
        expect(r.killed).toBe(false);
        expect(r.code).toBe(code);
        expect(r.stdout).toMatch(new RegExp(`Apply cancelled: nothing was changed\\.\n\naac: interrupted \\(${name}\\)`));
        // Nothing was in flight, so nothing is said to be finishing.
        expect(r.stdout).not.toContain('Received');
        expect(emu.resources()).toHaveLength(0);
        // The next run is not refused as locked.
        const next = await runChild(['apply', '--yes'], { cwd: root, env: apiEnv(emu.url), deadlineMs: 120_000 });
        expect(next.stdout).toContain('Apply complete: 1 created');
      } finally {
        await emu.close();
      }
    }, 150_000);

    // On a terminal readline reads a typed Ctrl-C as a key: no signal reaches the process, and it
    // must end the run just as the SIGINT above does.
    it('apply at its question, Ctrl-C typed: the same as SIGINT — a cancel, exit 130, its lock removed and nothing written', async () => {
      const emu = await startEmulator({ apiKey: API_KEY });
      try {
        const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
        const r = await runChild(['apply', '--no-color'], { cwd: root, env: apiEnv(emu.url), terminal: true, deadlineMs: 120_000, answer: { when: QUESTION, text: '\x03' } });
        expect(r.killed).toBe(false);
        expect(r.code).toBe(130);
        expect(r.stdout).toMatch(/Apply cancelled: nothing was changed\.\n\naac: interrupted \(SIGINT\)/);
        expect(emu.resources()).toHaveLength(0);
      } finally {
        await emu.close();
      }
    }, 150_000);

    it('force-unlock at its question, Ctrl-C typed: the same as SIGINT — exit 130, the lock kept', async () => {
      const emu = await startEmulator({ apiKey: API_KEY });
      try {
        const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
        const expires = new Date(Date.now() + 600_000).toISOString();
        const [lock] = emu.seed([{ model: 'gpt-4o', name: 'aac-lock-abc', metadata: { [TEST_MARKER]: LOCK_KEY, holder: 'someone@elsewhere', operation: 'apply', nonce: 'abc', expires_at: expires } }]);
        for (const how of ['SIGINT', 'typed'] as const) {
          const r = await runChild(['force-unlock', String(lock!.id), '--no-color'], {
            cwd: root, env: apiEnv(emu.url), terminal: true, deadlineMs: 120_000,
            ...(how === 'typed' ? { answer: { when: QUESTION, text: '\x03' } } : { signal: { name: 'SIGINT' as const, when: QUESTION } }),
          });
          expect(r.killed).toBe(false);
          expect([how, r.code]).toEqual([how, 130]);
          expect(r.stdout).toContain('aac: interrupted (SIGINT)');
          expect(r.stdout).not.toContain('Force-unlock cancelled');
          expect(emu.resources()).toHaveLength(1);
        }
      } finally {
        await emu.close();
      }
    }, 150_000);

    it('apply at its question, its terminal closed: ends, its lock removed, nothing written', async () => {
      const emu = await startEmulator({ apiKey: API_KEY });
      try {
        const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
        const r = await runChild(['apply'], { cwd: root, env: apiEnv(emu.url), terminal: true, deadlineMs: 120_000, signal: { name: 'hang-up', when: QUESTION } });
        expect(r.killed).toBe(false);
        // Seen once in a full run and never again in 240: should it recur, what was left, the
        // requests the emulator answered and what the CLI printed say which way it went.
        expect({ left: emu.resources().map((x) => x.name), requests: emu.stats().byRoute, stdout: r.stdout }).toMatchObject({ left: [] });
      } finally {
        await emu.close();
      }
    }, 150_000);

    it('apply, once writing, its terminal closed: finishes the write in flight, starts no other and removes its lock', async () => {
      // a's create is held until the CLI has heard the hang-up, which it can say only in a file:
      // its terminal is gone.
      const heardFile = join(writeTree({}), 'heard.txt');
      const heard = () => existsSync(heardFile) && readFileSync(heardFile, 'utf8').includes('heard=SIGHUP');
      const { emu, heldCount, close } = await holdingEmulator(firstCreate, () => whenTrue(heard));
      try {
        const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: m\n' });
        const r = await runChild(['apply', '--yes', '--concurrency', '1'], { cwd: root, env: { ...apiEnv(emu.url), HEARD_FILE: heardFile }, terminal: true, deadlineMs: 120_000, signal: { name: 'hang-up', when: () => heldCount() > 0 } });
        expect(r.killed).toBe(false);
        // a, created while its output had nowhere to go; b never started; the lock deleted.
        expect(emu.resources().map((x) => String(x.name))).toEqual([expect.not.stringMatching(/^aac-lock-/)]);
      } finally {
        await close();
      }
    }, 150_000);
  });

  it('the emulator stops at Ctrl-C with its own words, not apply\'s about actions in flight; exit 0', async () => {
    const r = await runChild(['emulator', '--port', '0', '--quiet'], { cwd: writeTree({}), deadlineMs: 120_000, signal: { name: 'SIGINT', when: /listening on/, afterMs: 0 } });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Emulator stopped.');
    expect(r.stderr).not.toContain('finishing the actions in flight');
  }, 150_000);
});
