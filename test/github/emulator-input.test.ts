// The Action's `emulator: true` for every provider aac knows: the plan goes to the bundled
// emulator of aac.yaml's provider (each environment's own too), in that provider's own variables,
// and never to the endpoint aac.yaml names, whatever credentials the job holds.
import { afterEach, describe, expect, it } from 'vitest';
import { providerNames } from '../../src/backends/registry.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { actionJob, bot, commit, prEvent, startLoop, stopJobEmulators, WHOLE_JOBS, type Job, type Loop } from './review-loop.js';

/** Credentials a real job could hold, of every provider: none may reach a host in an emulated plan. */
const REAL = {
  OPENAI_API_KEY: 'sk-real-openai-0123456789',
  AAC_FOUNDRY_TOKEN: 'real-foundry-token-0123456789',
  PORTKEY_API_KEY: 'real-portkey-0123456789',
  PORTKEY_VIRTUAL_KEY: 'real-virtual-0123456789',
  ZEROBOT_API_KEY: 'real-zerobot-0123456789',
};

let loop: Loop | undefined;
const real: RunningEmulator[] = [];
const jobs: Job[] = [];
afterEach(async () => {
  for (const job of jobs.splice(0)) stopJobEmulators(job);
  await Promise.all(real.splice(0).map((r) => r.close()));
});

/** The plan job of pull request #7 with `emulator: true`, aac.yaml as given on both branches. */
async function emulatedPlan(config: string): Promise<Job> {
  loop = await startLoop({ 'assistants/aac.yaml': config });
  const sha = commit(loop.ws, {}, 'the pull request');
  loop.github.contents[`${sha}:assistants/aac.yaml`] = config;
  loop.github.prFiles[7] = [];
  const job = await actionJob(loop, { command: 'plan', emulator: 'true' }, prEvent(7, sha, sha, sha), REAL);
  jobs.push(job);
  return job;
}

async function realHost(provider: string): Promise<RunningEmulator> {
  const host = await startEmulator({ provider: provider as never });
  real.push(host);
  return host;
}

describe('the Action with emulator: true', WHOLE_JOBS, () => {
  it.each(providerNames())('plans %s against its own emulator, never the endpoint of aac.yaml', async (provider) => {
    const host = await realHost(provider);
    const job = await emulatedPlan(`provider: ${provider}\nendpoint: ${host.url}\n`);
    expect(job.result.failed, job.result.log).toBe(false);
    expect(host.stats().total).toBe(0);
    const body = bot(loop!)[0]!.body;
    expect(body).toMatch(new RegExp(`\`${provider}\` at \`http://127\\.0\\.0\\.1:\\d+`));
    expect(body).not.toContain(host.url);
    for (const secret of Object.values(REAL)) expect(job.result.log + body).not.toContain(secret);
  });

  it("starts one emulator for each environment's provider", async () => {
    const [foundry, zerobot] = await Promise.all([realHost('foundry'), realHost('zerobot')]);
    const job = await emulatedPlan(
      `environments:\n  dev:\n    provider: zerobot\n    endpoint: ${zerobot.url}\n  prod:\n    provider: foundry\n    endpoint: ${foundry.url}\n`,
    );
    expect(job.result.failed, job.result.log).toBe(false);
    expect(foundry.stats().total + zerobot.stats().total).toBe(0);
    const body = bot(loop!)[0]!.body;
    expect(body).toMatch(/`zerobot` at `http:\/\/127\.0\.0\.1:\d+/);
    expect(body).toMatch(/`foundry` at `http:\/\/127\.0\.0\.1:\d+/);
  });
});
