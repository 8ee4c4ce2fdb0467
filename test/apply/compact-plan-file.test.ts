// A saved plan rewritten on one line (`jq -c`, an editor's "format document") is still JSON: when it
// is refused, the plan it says to make again is made where it was made, in its environment, as
// for the file `aac plan --out` wrote; without `--env`, that command is refused where aac.yaml
// declares environments. Through the CLI, against the openai-agents emulator.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const CONFIG = 'provider: openai-agents\nenvironments:\n  dev: { namespace: ag-dev }\n  prod: { namespace: ag-prod }\n';

it('a compact plan file, edited, is refused with the plan to make again in its own environment', async () => {
  h = await harness({ a: { model: 'gpt-5', name: 'A' } }, { provider: 'openai-agents' });
  writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), CONFIG);
  const env = { AAC_NAMESPACE: undefined };
  const made = await h.cli(['plan', '--env', 'prod', '--out', 'p.json'], { env });
  expect(made.code, made.stderr).toBe(0);
  const file = join(h.ws.root, 'p.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  doc.resource_changes[0].body.name = 'B';
  writeFileSync(file, JSON.stringify(doc));
  const r = await h.cli(['apply', 'p.json', '--yes'], { env });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('the plan file was edited after it was saved');
  expect(r.stderr).toContain('make a new one with `aac plan --out p.json --env prod`');
  expect(h.emu.resources()).toEqual([]);
});
