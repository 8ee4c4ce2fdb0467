// The Action's review loop (action.test.ts): the pull request's sticky comment within GitHub's
// 65,536 characters (large plans folded with their summary line kept, the apply result cut, never
// the plan), and text that poses as its markers kept as text.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderGfm, topLevel } from '../helpers/gfm.js';
import { testDir } from '../helpers/each-test.js';
import { actionMetadata } from './action-runner.js';
import { ACTIONS_BOT } from './fake-github.js';
import { actionJob, appliedRepo, bot, def, git, merge, openPullRequest, PLAN_MARKER, pushEvent, startLoop, WHOLE_JOBS } from './review-loop.js';
import { Runner } from './workflow-runner.js';

describe('the Action: the comment', WHOLE_JOBS, () => {
  it('keeps the whole plan when live text or other text in the comment poses as its markers, and writes the result after it', async () => {
    const { base, loop: l } = await appliedRepo({ 'assistants/support.yaml': def('Support') });
    // Anyone who can edit an assistant on the host can put this in the plan.
    const posing = 'hi <!-- aac-apply --> and <!-- aac-env:prod --> and <!-- aac-env-end --> </details> ````';
    l.emu.mutate(l.emu.resources()[0]!.id as string, { description: posing });
    const { sha, job } = await openPullRequest(l, base, { 'assistants/support.yaml': def('Support', 'temperature: 0.5\n') });
    expect(job.result.failed, job.result.log).toBe(false);
    const planned = bot(l)[0]!;
    // Shown, escaped: no HTML comment opens but the Action's own markers, each a line of its own.
    expect(planned.body).toContain('hi \\u003c!-- aac-apply --> and \\u003c!-- aac-env:prod -->');
    expect(planned.body.split('\n').filter((line) => line.includes('<!--'))).toEqual([PLAN_MARKER, expect.stringMatching(/^<!-- aac-reviewed commit=/)]);
    // And inside a line, as text aac did not write could put it: only a marker's own line counts.
    planned.body = planned.body.replace('### aac plan', 'text <!-- aac-apply --> and <!-- aac-env:prod --> and <!-- aac-env-end -->\n\n### aac plan');
    const reviewed = planned.body;

    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    const after = bot(l)[0]!.body;
    expect(after.startsWith(reviewed.trimEnd())).toBe(true);
    expect(after.slice(reviewed.trimEnd().length)).toMatch(new RegExp(`^\\n+<!-- aac-apply -->\\n---\\n#### ✅ Applied at ${sha.slice(0, 7)}`));
    // As GitHub renders it: the result is not inside a code block.
    expect(topLevel(renderGfm(after)).map((b) => b.tag)).toContain('h4');
  });

  it('gets a 60-assistant folded plan into the comment with its summary line, the whole plan into the job summary and the artifact, and the apply result beside it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      const prompt = Array.from({ length: 60 }, (_, j) => `Rule ${j} for bot ${i}: answer with care and cite the policy.`).join('\n');
      files[`assistants/bot${String(i).padStart(2, '0')}.yaml`] = `model: gpt-4o-mini\ninstructions: |\n${prompt.replace(/^/gm, '  ')}\n`;
    }
    const { base, loop: l } = await appliedRepo({});
    const { sha, job } = await openPullRequest(l, base, files);
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.split('\n')[4]).toBe('**Plan: 60 to create, 0 to modify, 0 to delete, 0 unchanged.**');
    expect(body.match(/<summary>\+ <code>bot\d\d<\/code> — create<\/summary>/g)).toHaveLength(60);
    expect(body).toContain('not shown');
    // The job summary and the artifact have it whole.
    expect(job.summary).not.toContain('not shown');
    expect(job.summary).toContain('Rule 59 for bot 59: answer with care and cite the policy.');
    const zip = join(testDir('aac-artifact-'), 'a.zip');
    writeFileSync(zip, l.github.artifacts[0]!.zip);
    const out = join(zip, '..', 'x');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    expect(readFileSync(join(out, 'plan.md'), 'utf8')).toBe(body.split('\n').slice(4).join('\n').split('\n\n<sub>Merging')[0] + '\n');
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).summary.create).toBe(60);
    expect(JSON.parse(readFileSync(join(out, 'plan-meta.json'), 'utf8'))).toMatchObject({ commit: sha, head_sha: sha, dir: 'assistants', pull_request: '7', tree: git(l.ws, 'rev-parse', `${sha}:assistants`) });

    // Applied after the merge: the result joins the plan in the comment, which stays within the limit.
    merge(l, sha, sha);
    const apply = await actionJob(l, { command: 'apply' }, pushEvent(sha));
    expect(apply.result.failed, apply.result.log).toBe(false);
    const after = bot(l)[0]!.body;
    expect(after.length).toBeLessThanOrEqual(65_536);
    expect(after.startsWith(body.trimEnd())).toBe(true);
    expect(after).toContain('**Apply complete: 60 created, 0 modified, 0 deleted.**');
  });

  it('gets a 25,000-character Japanese plan whole into the comment (characters, not bytes)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 13; i++) {
      const prompt = Array.from({ length: 60 }, (_, j) => `丁寧な日本語で回答してください。第${j}条を引用すること。`).join('\n');
      // Each named, so that no two creates are alike (alike ones are one section, which is short).
      files[`assistants/ja${i}.yaml`] = `model: gpt-4o-mini\nname: ボット ${i}\ninstructions: |\n${prompt.replace(/^/gm, '  ')}\n`;
    }
    const { base, loop: l } = await appliedRepo({});
    const { job } = await openPullRequest(l, base, files);
    expect(job.result.failed, job.result.log).toBe(false);
    const body = bot(l)[0]!.body;
    expect(body.length).toBeGreaterThan(25_000);
    expect(Buffer.byteLength(body)).toBeGreaterThan(65_536);
    expect(body.split('\n')[4]).toBe('**Plan: 13 to create, 0 to modify, 0 to delete, 0 unchanged.**');
    expect(body).not.toContain('not shown');
    expect(body).toContain('第59条を引用すること。');
  });
});

describe('the Action: the apply result in a full comment', WHOLE_JOBS, () => {
  it('cuts the apply result to the room the comment has left, never the plan', async () => {
    const loop = await startLoop({});
    const l = loop;
    const plan = `${PLAN_MARKER}\n### aac plan · \`assistants\`\n\n**Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.**\n${'x'.repeat(63_000)}\n`;
    l.github.comments.push({ id: 5, issue: 7, body: plan, user: { login: ACTIONS_BOT, type: 'Bot' } });
    const step = actionMetadata().runs.steps.find((s) => s.id === 'report-apply')! as { run: string; env: Record<string, string> };
    const runner = new Runner(l.ws, {
      'inputs.github-token': 'write-token',
      'github.repository': 'acme/bots',
      'steps.locate.outputs.pull-request': '7',
      'steps.where.outputs.key': 'assistants',
      'steps.commenter.outputs.login': ACTIONS_BOT,
      'steps.locate.outputs.environment': '',
      'github.sha': 'a'.repeat(40),
      'steps.locate.outcome': 'success',
      'steps.apply.outcome': 'failure',
      'steps.locate.outputs.refused || steps.apply.outputs.refused': '',
      'steps.apply.outputs.refusal': '',
      'steps.apply.outputs.already-applied': '',
      'github.server_url': 'https://github.com',
      'github.run_id': '42',
    });
    runner.addPath(l.bin);
    runner.env.FAKE_GITHUB_API = l.github.url;
    const rows = Array.from({ length: 80 }, (_, i) => `| \`!\` | \`bot${i}\` | | **failed**: ${'the server said no. '.repeat(10)} |`);
    writeFileSync(join(runner.temp, 'aac', 'apply.md'), ['### aac apply', '', '**Apply failed: 0 created, 0 modified, 0 deleted, 80 failed.**', '', ...rows, ''].join('\n'));
    const r = await runner.run(step);
    expect(r.code, r.stderr).toBe(0);
    const sticky = l.github.comments.find((c) => c.id === 5)!.body;
    expect(sticky.length).toBeLessThanOrEqual(65_536);
    expect(sticky.startsWith(plan.trimEnd())).toBe(true);
    expect(sticky).toContain('#### ❌ Apply failed at aaaaaaa');
    expect(sticky.trimEnd().endsWith('…cut: the job summary of the apply run has the whole report.')).toBe(true);
    // A failure also notifies, with a new comment.
    expect(l.github.comments.filter((c) => c.id !== 5).map((c) => c.body.split('\n')[0])).toEqual(['**aac apply · `assistants`**']);
  });
});
