// `environments:` written as a list of names (`[dev, prod]`, a Helm values or CI matrix habit), as
// one word, or as a list of one-key entries, where aac.yaml takes a mapping of each environment to
// its settings: one error, at the value, whose hint writes the mapping meant; and --env naming one
// of them adds no second error claiming aac.yaml declares none. CLI runs, validate and plan (plan
// stops before any request, so no emulator is needed).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

const run = async (aacYaml: string, argv: string[]) => {
  const root = writeTree({ 'assistants/aac.yaml': `provider: openai\n${aacYaml}`, 'assistants/bot.yaml': 'model: gpt-4o\n' });
  return runCli([...argv, '--no-color'], { cwd: root, env: { OPENAI_API_KEY: 'sk-test-as-list', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
};

describe('environments: written as a list', () => {
  it('is one error with the mapping to write, in validate and in plan --env', async () => {
    const cases: Array<[string, string, string]> = [
      ['environments: [dev, prod]\n', '2:15', 'write it as a mapping, each name a key with its settings: `environments: {dev: {}, prod: {}}`'],
      ['environments: dev, prod\n', '2:15', 'write it as a mapping, each name a key with its settings: `environments: {dev: {}, prod: {}}`'],
      ['environments: [a, b, c, d, e]\n', '2:15', 'write it as a mapping, each name a key with its settings: `environments: {a: {}, b: {}, c: {}, d: {}, …}`'],
      ['environments:\n  - dev:\n      namespace: team-dev\n  - prod: {}\n', '3:3', 'write its entries without the `- ` before each: it is a mapping, one key per entry (`environments: {dev: …, prod: …}`)'],
    ];
    for (const [text, at, hint] of cases) {
      const error = `assistants/aac.yaml:${at}: error: environments must be a mapping, not ${text.includes('[') || text.includes('- ') ? 'a list' : 'a string'} [environments]\n  hint: ${hint}\n`;
      const validated = await run(text, ['validate', '--env', 'dev']);
      expect(validated.code, text).toBe(1);
      expect(validated.stdout, text).toContain(error);
      expect(validated.stdout, text).toContain('1 error.');
      const planned = await run(text, ['plan', '--env', 'prod']);
      expect(planned.code, text).toBe(1);
      expect(planned.stderr, text).toContain(error);
      expect(planned.stderr, text).not.toContain('declares no environments');
      expect(planned.stderr, text).toContain('Error: 1 error in assistants/aac.yaml; nothing was changed');
    }
  });

  it('with no environments: written (another setting in error), --env is still refused as undeclared', async () => {
    const r = await run('options: [a]\n', ['plan', '--env', 'dev']);
    expect(r.stderr).toContain('error: --env dev: aac.yaml declares no environments');
  });
});
