// Overlays where aac does not read them, said as what they are, through the CLI. An environment
// removed from aac.yaml while its overlay directory stays: `overlays/<name>/` is
// where that environment's overlays go, so its files are never read as definitions (an overlay
// holds only a difference, and read as a definition it reads as broken, or, whole, as a new
// assistant of another key). Said once, at the directory, with why and the fix; through the CLI.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

function project(config: string): string {
  const cwd = testDir('aac-env-undeclared-');
  writeFile(cwd, 'assistants/aac.yaml', config);
  writeFile(cwd, 'assistants/billing/main.yaml', 'model: gpt-4o\nname: Billing\n');
  writeFile(cwd, 'assistants/overlays/prod/billing/main.yaml', 'temperature: 0.2\n');
  // Whole, it would be a valid definition of the key overlays/prod/faq: refused all the same.
  writeFile(cwd, 'assistants/overlays/prod/faq.yaml', 'model: gpt-4o\nname: FAQ in prod\n');
  // A retired environment's directory kept on purpose, `_`-prefixed: never read.
  writeFile(cwd, 'assistants/overlays/_staging/billing/main.yaml', 'temperature: 0.1\n');
  return cwd;
}

describe('an overlay directory of an environment aac.yaml does not declare', () => {
  for (const [what, config, declared] of [
    ['prod removed, dev kept', 'namespace: s\nenvironments:\n  dev: {}\n', ' (it declares dev)'],
    ['environments removed altogether', 'namespace: s\n', ' (it declares none)'],
  ] as const) {
    it(`${what}: one error at the directory, saying why and the fix, and no definition read from it`, async () => {
      const cwd = project(config);
      const r = await runCli(['validate', '--format', 'json'], { cwd, env: { AAC_NAMESPACE: undefined } });
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; file: string; message: string; hint: string }> };
      expect(doc.diagnostics).toHaveLength(1);
      expect(doc.diagnostics[0]).toMatchObject({
        code: 'undeclared-overlays',
        file: 'assistants/overlays/prod',
        message: `assistants/overlays/prod/ is the overlay directory of an environment 'prod', which aac.yaml does not declare${declared}: its 2 files are not read as definitions`,
      });
      expect(doc.diagnostics[0]!.hint).toContain("if 'prod' was retired, remove the directory (or prefix its name with _ to keep it unread)");
      const text = await runCli(['validate'], { cwd, env: { AAC_NAMESPACE: undefined } });
      expect(text.stdout + text.stderr).not.toContain("missing the required field 'model'");
    });
  }

  it("one whose name differs from a declared environment's only in case is told to be renamed to that one's directory", async () => {
    const cwd = testDir('aac-env-cased-');
    writeFile(cwd, 'assistants/aac.yaml', 'namespace: s\nenvironments:\n  dev: {}\n  prod: {namespace: s-prod}\n');
    writeFile(cwd, 'assistants/billing/main.yaml', 'model: gpt-4o\nname: Billing\n');
    writeFile(cwd, 'assistants/overlays/Prod/billing/main.yaml', 'temperature: 0.2\n');
    const r = await runCli(['validate', '--format', 'json'], { cwd, env: { AAC_NAMESPACE: undefined } });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; file: string; hint: string }> };
    expect(doc.diagnostics).toEqual([expect.objectContaining({ code: 'undeclared-overlays', file: 'assistants/overlays/Prod' })]);
    expect(doc.diagnostics[0]!.hint).toMatch(/^'Prod' differs from the declared environment 'prod' only in case: if these are the overlays of 'prod', rename the directory to assistants\/overlays\/prod\/ \(a checkout that ignores case, on macOS or Windows, reads it as the overlay directory of 'prod', one that does not, as CI's, as this directory\); if 'Prod' was retired/);
  });

  it('a declared environment reads its overlays as before', async () => {
    const cwd = project('namespace: s\nenvironments:\n  dev: {}\n  prod: {}\n');
    const r = await runCli(['validate', '--env', 'prod', '--format', 'json'], { cwd, env: { AAC_NAMESPACE: undefined } });
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string }> };
    // Only the overlay with no base (faq), as ever.
    expect(doc.diagnostics.map((d) => d.code)).not.toContain('undeclared-overlays');
  });
});

describe("the README's way to retire an environment", () => {
  it('while still declared, a directory holding only a copy of aac.yaml plans the deletion of its assistants, and nothing of the others', async () => {
    const emu = await testEmulator();
    const cwd = project(`namespace: s\nenvironments:\n  dev: { endpoint: "${emu.url}" }\n  prod: { endpoint: "${emu.url}", namespace: s-prod }\n`);
    // Only the overlay with a base, so that prod plans.
    rmSync(join(cwd, 'assistants/overlays/prod/faq.yaml'));
    const env = { OPENAI_API_KEY: 'sk-test', AAC_NAMESPACE: undefined };
    for (const e of ['dev', 'prod']) expect((await runCli(['apply', '--yes', '--env', e], { cwd, env })).code).toBe(0);
    mkdirSync(join(cwd, 'retire'));
    copyFileSync(join(cwd, 'assistants', 'aac.yaml'), join(cwd, 'retire', 'aac.yaml'));
    const plan = await runCli(['plan', '--dir', 'retire', '--env', 'prod', '--prune', '--allow-empty', '--format', 'json'], { cwd, env });
    expect(plan.code, plan.stderr).toBe(0);
    const doc = JSON.parse(plan.stdout) as { target: { namespace: string }; summary: { delete: number; create: number; update: number } };
    expect(doc.target.namespace).toBe('s-prod');
    expect(doc.summary).toMatchObject({ delete: 1, create: 0, update: 0 });
  });
});

describe('an overlay at the path of a base that writes its own key:', () => {
  it("says the base's key and where the overlay goes", async () => {
    const cwd = testDir('aac-env-keyed-');
    writeFile(cwd, 'assistants/aac.yaml', 'namespace: s\nenvironments:\n  prod: {}\n');
    writeFile(cwd, 'assistants/support/keyed.yaml', 'key: billing/main\nmodel: gpt-4o\nname: Billing\n');
    writeFile(cwd, 'assistants/overlays/prod/support/keyed.yaml', 'temperature: 0.2\n');
    const r = await runCli(['validate'], { cwd, env: { AAC_NAMESPACE: undefined } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/overlays/prod/support/keyed.yaml:1:1: error: overlay for 'support/keyed', but assistants/support/keyed.yaml has `key: billing/main`, so no base definition has the key 'support/keyed'");
    expect(r.stdout).toContain("an overlay's path below the overlay directory is its base's key: move the overlay to assistants/overlays/prod/billing/main.yaml");
  });
});

describe('an aac.yaml where aac reads none', () => {
  // Beside an environment's overlays (where a Kustomize or Terragrunt user puts its settings) it was
  // skipped without a word: one error at the file, saying where its settings go; nothing is written.
  // In a folder of the definitions directory it makes a definitions directory of its own, said.
  it('in an overlay directory, at its top or below, and in a folder of the definitions directory', async () => {
    const emu = await testEmulator({ apiKey: 'sk-test-misplaced-config-0000000000' });
    const cwd = project(`namespace: s\nenvironments:\n  prod: { endpoint: "${emu.url}" }\n`);
    rmSync(join(cwd, 'assistants/overlays/prod/faq.yaml'));
    writeFile(cwd, 'assistants/overlays/prod/aac.yaml', 'namespace: s-prod\nretain_versions: 3\n');
    writeFile(cwd, 'assistants/overlays/prod/billing/aac.yml', 'namespace: s-billing\n');
    writeFile(cwd, 'assistants/team-b/aac.yaml', 'namespace: team-b\n');
    writeFile(cwd, 'assistants/team-b/bot.yaml', 'model: gpt-4o\nname: B\n');
    const r = await runCli(['plan', '--env', 'prod'], { cwd, env: { OPENAI_API_KEY: 'sk-test-misplaced-config-0000000000', AAC_NAMESPACE: undefined } });
    expect(r.code).toBe(1);
    const overlayHint = '  hint: put the environment\'s settings (namespace:, provider:, endpoint:, values:) under environments.prod in assistants/aac.yaml, and remove this file\n';
    for (const file of ['assistants/overlays/prod/aac.yaml', 'assistants/overlays/prod/billing/aac.yml']) {
      expect(r.stderr).toContain(`${file}: error: aac reads one aac.yaml, at the top of the definitions directory (assistants/aac.yaml): one among an environment's overlays is not read\n${overlayHint}`);
    }
    // A folder's own aac.yaml makes it a definitions directory of its own: a warning, its files not read by this run.
    expect(r.stderr).toContain(
      "assistants/team-b/aac.yaml: warning: assistants/team-b/ holds its own aac.yaml: it is a definitions directory of its own, whose definition file this run of assistants/ does not read (a run of assistants/team-b/ plans it, in its own namespace)\n" +
        "  hint: run it with --dir assistants/team-b; if its files belong to assistants/, move its settings into assistants/aac.yaml and remove assistants/team-b/aac.yaml; to leave it out of this run without a word, list team-b/ in assistants/.aacignore\n",
    );
    // Not read as a definition as well.
    expect(r.stderr).not.toContain("missing the required field 'model'");
    expect(r.stderr.match(/: error: /g)).toHaveLength(2);
    expect(emu.resources()).toEqual([]);
  });
});
