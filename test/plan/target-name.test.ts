// `--target 'Support Bot'`: a kubectl habit, targeting by name. A target is a key, so a pattern that
// selects no key but is a definition's name is refused naming the key of the definition that has
// it (or each key, when several share it), as an id's refusal names its key — never "matches no
// definition", true as that is. The name is read where the kind keeps it (ResourceKind.paths.name).
import { describe, expect, it } from 'vitest';
import { kindForProvider } from '../../src/backends/registry.js';
import { checkTargets, type ManagedResource } from '../../src/plan/targets.js';
import { UserError } from '../../src/util/errors.js';

const MANAGED: ManagedResource[] = [
  { key: 'support/bot', live: { id: 'asst_1' }, desired: { spec: { model: 'gpt-4o', name: 'Support Bot' } } },
  { key: 'billing/bot', desired: { spec: { model: 'gpt-4o', name: 'Shared Name' } } },
  { key: 'faq', desired: { spec: { model: 'gpt-4o', name: 'Shared Name' } } },
  // An orphan: no definition, so no name to target it by.
  { key: 'old', live: { id: 'asst_2' } },
];
const KEYS = MANAGED.map((m) => m.key);

describe.each(['openai', 'openai-agents', 'foundry-agents'])("--target a definition's name, with --provider %s", (provider) => {
  const kind = kindForProvider(provider);
  const refusal = (pattern: string) => {
    try {
      checkTargets([pattern], KEYS, kind.nouns, { dir: 'assistants', files: [] }, MANAGED, [], kind.paths.name);
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      return { message: (err as UserError).message, hint: (err as UserError).hint };
    }
    throw new Error(`--target ${pattern} was not refused`);
  };
  const { one, many } = kind.nouns;

  it('names the key of the definition that has it, quoted for the shell', () => {
    expect(refusal('Support Bot')).toEqual({
      message: `--target 'Support Bot' is the name of the ${one} 'support/bot', not a key: a target is a key, as the plan shows it`,
      hint: 'target it by its key: `--target support/bot`',
    });
  });

  it('names every key whose definition has it, when several do', () => {
    expect(refusal('Shared Name')).toEqual({
      message: `--target 'Shared Name' is the name of 2 ${many}, 'billing/bot' and 'faq', not a key: a target is a key, as the plan shows it`,
      hint: 'target them by their keys: `--target billing/bot --target faq`',
    });
  });

  it('leaves a key, a glob and a name in another case to the rules they had', () => {
    expect(() => checkTargets(['support/bot'], KEYS, kind.nouns, undefined, MANAGED, [], kind.paths.name)).not.toThrow();
    expect(refusal('Support*').message).toContain('matches no definition');
    expect(refusal('support bot').message).toContain('matches no definition');
  });
});
