// The plan artifact's name (the Action's "Describe the run" step, and aac-apply.yml's download of
// it): one name a directory and environment, so that two directories, or a directory and another
// one's plan of a single environment, never upload over each other's plan. Each name is one
// GitHub takes (actions/upload-artifact refuses `"`, `:`, `<`, `>`, `|`, `*`, `?`, `\`, `/`, CR
// and LF) and one a URL query carries as it is (the apply lists artifacts by `?name=`).
import { describe, expect, it } from 'vitest';
import { actionMetadata } from './action-runner.js';
import { interpolate, type Value } from './expressions.js';
import { jobSteps, Runner } from './workflow-runner.js';
import { testDir } from '../helpers/each-test.js';

const SHA = 'c'.repeat(40);

/** The Action's artifact name for a plan of `dir` (and, when given, of the one environment `environment`). */
async function artifactOf(ws: string, dir: string, environment = ''): Promise<{ artifact: string; slug: string }> {
  const step = actionMetadata().runs.steps.find((s) => s.id === 'where')! as { run: string; env: Record<string, string> };
  const r = await new Runner(ws, {
    'inputs.dir': dir,
    'inputs.working-directory': '.',
    'github.event_name': 'pull_request',
    'github.event.pull_request.number': '7',
    'github.event.pull_request.head.sha': SHA,
    'github.sha': 'd'.repeat(40),
    'inputs.command': 'plan',
    'inputs.environment': environment,
  }).run(step);
  expect(r.code, r.stderr).toBe(0);
  return { artifact: r.outputs.artifact!, slug: r.outputs.slug! };
}

describe('the plan artifact names', () => {
  it('are one a directory and environment, each within the characters GitHub and a URL query take', async () => {
    const ws = testDir('aac-artifact-names-');
    const plans: Array<[string, string]> = [
      ['team/a', ''], ['team-a', ''], ['team_a', ''], ['team.a', ''], ['team a', ''], ['team~a', ''], ['team_2Fa', ''],
      ['assistants', 'prod'], ['assistants-prod', ''], ['assistants', ''], ['assistants~prod', ''],
      ['a-b', 'c'], ['a', 'b-c'], ['équipe/bots', ''], ['équipe-bots', ''],
    ];
    const names = new Map<string, string>();
    for (const [dir, environment] of plans) {
      const { artifact } = await artifactOf(ws, dir, environment);
      expect(artifact).toMatch(/^[A-Za-z0-9._~-]+$/);
      const other = names.get(artifact);
      expect(other, `${dir} ${environment} and ${other} share ${artifact}`).toBeUndefined();
      names.set(artifact, `${dir} ${environment}`);
    }
    // The common case keeps its readable name.
    expect((await artifactOf(ws, 'assistants')).artifact).toBe(`aac-plan-assistants-${SHA}`);
    expect((await artifactOf(ws, 'assistants', 'prod')).artifact).toBe(`aac-plan-assistants~prod-${SHA}`);
    expect((await artifactOf(ws, 'team/a')).artifact).toBe(`aac-plan-team_2Fa-${SHA}`);
  });

  it("aac-apply.yml downloads an environment's plan by the name the Action gave it", async () => {
    const ws = testDir('aac-artifact-names-');
    const { artifact, slug } = await artifactOf(ws, 'team/a', 'prod');
    const download = jobSteps('aac-apply.yml', 'apply')('Take the fresh plan of this run') as unknown as { with: { name: string } };
    const values: Record<string, Value> = { 'needs.review.outputs.slug': slug, 'matrix.environment': 'prod', 'github.sha': SHA };
    const name = interpolate(download.with.name, { lookup: (path) => values[path], succeeded: true });
    expect(name).toBe(artifact);
  });
});
