// A Foundry project endpoint that names a project the host does not have (a typo, another
// environment's project): the 404 says the project path was not found, naming the project, the
// host and where the endpoint was set, and the fix, never the token; not that the server may serve
// another API, as a Foundry project serves both (the answer tells neither apart). On each Foundry
// dialect (classic assistants, versioned agents), and in aac migrate's read of the live state.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';

const TOKEN = 'entra-5ecret-token-0123';
const DEFINITION = {
  foundry: 'model: gpt-4o\nname: Bot\n',
  'foundry-agents': 'name: bot\ndefinition:\n  kind: prompt\n  model: gpt-4o\n',
} as const;

describe('a 404 on a Foundry project path says the project path was not found', () => {
  for (const provider of ['foundry', 'foundry-agents'] as const) {
    test(provider, async () => {
      const emulator = await testEmulator({ provider, project: 'sales' });
      const host = new URL(emulator.url).host;
      const typo = emulator.url.replace(/\/sales$/, '/salse');
      const cwd = testDir('aac-wrong-project-');
      mkdirSync(join(cwd, 'defs'));
      writeFileSync(join(cwd, 'defs', 'bot.yaml'), DEFINITION[provider]);
      writeFileSync(join(cwd, 'defs', 'aac.yaml'), `provider: ${provider}\nnamespace: team\nenvironments:\n  prod:\n    endpoint: ${typo}\n`);

      const byVariable = await runCli(['plan', '--dir', 'defs', '--env', 'prod'], { cwd, env: { AZURE_AI_PROJECT_ENDPOINT: typo, AAC_FOUNDRY_TOKEN: TOKEN, AAC_NAMESPACE: undefined } });
      expect(byVariable.code).toBe(1);
      expect(byVariable.stderr).toContain(`the project path ${new URL(typo).pathname} (project 'salse') was not found at ${host} (the environment 'prod'): GET ${typo}/`);
      expect(byVariable.stderr).not.toContain('another API');
      expect(byVariable.stderr).toContain('check the project in the endpoint (set by AZURE_AI_PROJECT_ENDPOINT): its path is /api/projects/<project>, with the project as the host names it');

      const byConfig = await runCli(['plan', '--dir', 'defs', '--env', 'prod'], { cwd, env: { AAC_FOUNDRY_TOKEN: TOKEN, AAC_NAMESPACE: undefined } });
      expect(byConfig.code).toBe(1);
      expect(byConfig.stderr).toContain(`(project 'salse') was not found at ${host} (the environment 'prod')`);
      expect(byConfig.stderr).toMatch(/check the project in the endpoint \(set by `endpoint:` [^)]*defs\/aac\.yaml[^)]*\)/);
      // aac migrate reads the classic assistants' live state as the plan does, and says the same.
      const migrated = provider === 'foundry' ? [await runCli(['migrate', '--to', 'foundry-agents', '--dir', 'defs', '--out', 'agents'], { cwd, env: { AAC_FOUNDRY_TOKEN: TOKEN, AAC_NAMESPACE: undefined } })] : [];
      for (const r of migrated) {
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("aac migrate reads the live state of defs/ in environment 'prod'");
        expect(r.stderr).toContain(`(project 'salse') was not found at ${host} (the environment 'prod'): GET ${typo}/assistants`);
        expect(r.stderr).toContain('check the project in the endpoint (set by `endpoint:`');
        expect(r.stderr).not.toContain('another API');
      }
      for (const r of [byVariable, byConfig, ...migrated]) expect(r.stdout + r.stderr).not.toContain(TOKEN);

      // The right project plans.
      writeFileSync(join(cwd, 'defs', 'aac.yaml'), `provider: ${provider}\nnamespace: team\nenvironments:\n  prod:\n    endpoint: ${emulator.url}\n`);
      const right = await runCli(['plan', '--dir', 'defs', '--env', 'prod'], { cwd, env: { AAC_FOUNDRY_TOKEN: TOKEN, AAC_NAMESPACE: undefined } });
      expect(right.code, right.stderr).toBe(0);
    });
  }
});
