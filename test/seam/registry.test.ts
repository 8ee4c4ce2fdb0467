// Provider names come from the registry, one line per backend: aac.yaml's `provider` enum (a
// published schema, so it is a file, not generated at run time) is held equal to it here, and
// `--provider` and its help read it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultProvider, providerInfo, providerNames } from '../../src/backends/registry.js';
import { runCli } from '../helpers/cli.js';

describe('the registry', () => {
  it("is what aac.yaml's provider enum lists, in order", () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/aac.schema.json', import.meta.url), 'utf8'));
    expect(schema.properties.provider.enum).toEqual(providerNames());
    expect(providerNames()).toContain(defaultProvider());
  });

  it('gives --provider its choices, its help and the secret hints', async () => {
    const wrong = await runCli(['plan', '--provider', 'nope']);
    expect(wrong.stderr).toContain(`use one of: ${providerNames().join(', ')}`);
    const help = await runCli(['help', 'plan']);
    expect(help.stdout).toContain(`API host: ${providerNames().join(', ')} (default: aac.yaml's, else ${defaultProvider()})`);
    for (const name of providerNames()) expect(providerInfo(name)?.info.secrets).toMatch(/^set /);
  });
});
