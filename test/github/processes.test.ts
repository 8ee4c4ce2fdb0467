// What the Action costs a job in processes: every Node process its steps start runs the CLI's
// bundle (or the pull request's aac.yaml merge, scripts/pr-config.mjs, which a pull request that
// leaves aac.yaml as the base branch has it does not need), never tsc's unbundled modules, and no
// step runs aac twice for what one run gives (a plan, its comment and its log view; a plan file
// shown for the log and for the job summary). Counted through stand-ins for `node` and `aac` that write each command
// line down, then run the real one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/child-cli.js';
import { actionJob, commit, merge, prEvent, pushEvent, startLoop, stopJobEmulators, WHOLE_JOBS, type Job, type Loop } from './review-loop.js';

const jobs: Job[] = [];
afterEach(() => {
  for (const job of jobs.splice(0)) stopJobEmulators(job);
});

/** Puts stand-ins for `node` and `aac` first on the loop's PATH, each writing its command line to a file of its own. */
function countProcesses(l: Loop): { node: () => string[][]; aac: () => string[][] } {
  const logs = { node: join(l.bin, 'node.log'), aac: join(l.bin, 'aac.log') };
  // Each argument ended by a NUL, each command by a line break.
  const record = (log: string) => `{ printf '%s\\0' "$@"; echo; } >> ${JSON.stringify(log)}`;
  writeFileSync(join(l.bin, 'node'), `#!/usr/bin/env bash\n${record(logs.node)}\nexec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 });
  // As the set-up step writes it: `node` from PATH runs the bin.
  writeFileSync(join(l.bin, 'aac'), `#!/usr/bin/env bash\n${record(logs.aac)}\nexec node ${JSON.stringify(CLI)} "$@"\n`, { mode: 0o755 });
  const read = (log: string) => () => {
    let text = '';
    try {
      text = readFileSync(log, 'utf8');
    } catch {
      return [];
    }
    writeFileSync(log, '');
    return text.split('\0\n').filter(Boolean).map((c) => c.split('\0'));
  };
  return { node: read(logs.node), aac: read(logs.aac) };
}

/** How many times each plan file was given to `aac show`, by file. */
const shownPlans = (commands: string[][]) => {
  const counts: Record<string, number> = {};
  for (const [cmd, file] of commands) if (cmd === 'show') counts[file!] = (counts[file!] ?? 0) + 1;
  return counts;
};

describe("the Action's processes", WHOLE_JOBS, () => {
  it('runs only the bundle, lists the environments with it (validate\'s own run on the pull request), plans each environment once for its comment and the log, and shows each plan file once for the log and the job summary', async () => {
    const config = 'environments:\n  dev: { namespace: bots-dev }\n  prod: { namespace: bots-prod, provider: zerobot }\n';
    const l = await startLoop({ 'assistants/aac.yaml': config, 'assistants/support.yaml': 'model: gpt-4o\nname: Support\n' });
    const sha = commit(l.ws, { 'assistants/support.yaml': 'model: gpt-4o\nname: Support Desk\n' }, 'the pull request');
    l.github.contents[`${sha}:assistants/aac.yaml`] = config;
    l.github.prFiles[7] = [{ filename: 'assistants/support.yaml' }];
    const counted = countProcesses(l);

    const plan = await actionJob(l, { command: 'plan', emulator: 'true' }, prEvent(7, sha, sha, sha));
    jobs.push(plan);
    expect(plan.result.failed, plan.result.log).toBe(false);
    expect(plan.result.outputs.environments).toBe('["dev","prod"]');
    const planAac = counted.aac();
    // The emulator step's providers, and the environments from the validate run itself: the CLI's own answers.
    expect(planAac.filter(([cmd]) => cmd === 'environments')).toEqual([['environments', '--providers', '--dir', 'assistants', '--', '']]);
    expect(planAac.filter(([cmd]) => cmd === 'validate')).toEqual([['validate', '--dir', 'assistants', '--environments-out', join(plan.runner.temp, 'aac', 'environments.txt')]]);
    // Each environment's plan is one run: its comment (--markdown-out), its log view (stdout), its job summary.
    expect(shownPlans(planAac)).toEqual({});
    const planRuns = planAac.filter(([cmd]) => cmd === 'plan');
    expect(planRuns.map((argv) => argv[argv.indexOf('--env') + 1])).toEqual(['dev', 'prod']);
    for (const argv of planRuns) expect(argv[argv.indexOf('--markdown-out') + 1]).toMatch(/\/plan\/(dev|prod)\/plan\.md$/);
    expect(plan.result.step('Plan').stdout.match(/aac will perform the following actions/g)).toHaveLength(2);
    const planNode = counted.node();
    const entries = (commands: string[][]) => new Set(commands.map(([entry]) => resolve(entry!)));
    // The pull request leaves aac.yaml as the base branch has it: nothing to take from the base, so no pr-config.mjs.
    expect(entries(planNode)).toEqual(new Set([CLI]));

    merge(l, sha, sha);
    const show = await actionJob(l, { command: 'show' }, pushEvent(sha));
    expect(show.result.failed, show.result.log).toBe(false);
    const showAac = counted.aac();
    expect(showAac.filter(([cmd]) => cmd === 'environments')).toEqual([['environments', '--dir', 'assistants', '--', '']]);
    const reviewed = join(show.runner.temp, 'aac', 'reviewed');
    expect(shownPlans(showAac)).toEqual({ [join(reviewed, 'dev', 'plan.json')]: 1, [join(reviewed, 'prod', 'plan.json')]: 1 });
    expect(entries(counted.node())).toEqual(new Set([CLI]));
    // That one run gave the log its view and the job summary each environment's plan, under its heading.
    const locate = show.result.step('Find the reviewed plan');
    expect(locate.stdout.match(/aac will perform the following actions/g)).toHaveLength(2);
    const summary = show.summary.slice(show.summary.indexOf('### aac: the plan reviewed on #7'));
    expect(summary.match(/^## Environment `(dev|prod)`\n\*\*Plan: 1 to create, 0 to modify/gm)).toHaveLength(2);
    expect(summary).not.toContain('::stop-commands::');
  });
});
