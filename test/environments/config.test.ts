// aac.yaml's variables and environments: inheritance from the top level, typed values, and the
// checks a schema cannot say, each located in aac.yaml.
import { describe, expect, it } from 'vitest';
import { readEnvironments, type TopLevel } from '../../src/environments/config.js';
import { chooseEnvironment, environmentForSavedPlan, requireEnvironment } from '../../src/environments/select.js';
import type { JsonObject } from '../../src/model/json.js';
import { at, docOf } from './helpers.js';
import { UserError } from '../../src/util/errors.js';

/** The hint of the UserError `f` throws. */
function userHint(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    if (err instanceof UserError) return err.hint;
    throw err;
  }
  throw new Error('expected a UserError');
}

const config = (text: string) => {
  const doc = docOf('assistants/aac.yaml', text);
  return { value: doc.value as JsonObject, locate: doc.locate };
};

const AAC = [
  'provider: openai',                                  // 1
  'namespace: support',                                // 2
  'variables:',                                        // 3
  '  chat_model: { type: string }',                    // 4
  '  temperature: { type: number, default: 0.3 }',     // 5
  '  max_results: { type: integer, default: "8" }',    // 6
  'environments:',                                     // 7
  '  dev:',                                            // 8
  '    endpoint: http://127.0.0.1:4010/v1',            // 9
  '    values: { chat_model: gpt-4o-mini }',           // 10
  '  staging:',                                        // 11
  '    endpoint: http://127.0.0.1:4010/v1/',           // 12
  '    values: { chat_model: 4, temprature: 1 }',      // 13
  '  prod:',                                           // 14
  '    provider: foundry',                             // 15
  '    endpoint: https://acct.services.ai.azure.com/api/projects/p', // 16
  '    namespace: prod',                               // 17
  '    overlays: deploy/prod/',                        // 18
  '    values:',                                       // 19
  '      chat_model: gpt-4o',                          // 20
  '      temperature: 0.1',                            // 21
  '',
].join('\n');

describe('readEnvironments', () => {
  const r = readEnvironments(config(AAC), { provider: 'openai', namespace: 'support' });

  it('gives each environment its own settings and its values over the defaults', () => {
    const [dev, staging, prod] = r.environments.environments;
    expect(dev).toEqual(expect.objectContaining({ name: 'dev', endpoint: 'http://127.0.0.1:4010/v1', overlays: 'overlays/dev' }));
    // What it leaves out is the top level's, resolved where the run's settings are.
    expect(dev).not.toHaveProperty('provider');
    expect(dev).not.toHaveProperty('namespace');
    expect(Object.fromEntries(dev!.values)).toEqual({ chat_model: 'gpt-4o-mini', temperature: 0.3 });
    expect(dev!.valuesAt).toBe('environments.dev.values (assistants/aac.yaml:10:5)');
    expect(prod).toMatchObject({ provider: 'foundry', namespace: 'prod', overlays: 'deploy/prod' });
    expect(Object.fromEntries(prod!.values)).toEqual({ chat_model: 'gpt-4o', temperature: 0.1 });
    // A value of the wrong type is left out (and reported), so references to it fail too.
    expect(Object.fromEntries(staging!.values)).toEqual({ temperature: 0.3 });
    expect(r.environments.variables.map((v) => v.name)).toEqual(['chat_model', 'temperature', 'max_results']);
  });

  it('locates a default or value of the wrong type, a value for an undeclared variable, and two environments on one target', () => {
    expect(r.diagnostics.map((d) => [d.code, at(d.location), d.message, d.hint])).toEqual([
      ['invalid-type', 'assistants/aac.yaml:6:42', "variable 'max_results' is declared as integer, but this value is a string", 'give an integer, or change the declared type'],
      ['invalid-type', 'assistants/aac.yaml:13:27', "variable 'chat_model' is declared as string, but this value is an integer", 'quote the value, so YAML keeps it as text'],
      ['unknown-variable', 'assistants/aac.yaml:13:30', "environment 'staging' gives a value for 'temprature', which is not a declared variable", "did you mean 'temperature'?"],
      ['shared-environment-target', 'assistants/aac.yaml:11:3', "environments 'dev' and 'staging' manage the same live resources (same provider, endpoint and namespace): each apply would undo the other's", "give 'staging' its own namespace: (or endpoint:)"],
    ]);
  });

  it('two environments that write no endpoint take the run\'s, so one namespace is one target; an endpoint written in one of them alone is not compared', () => {
    const shared = readEnvironments(config('namespace: s18same\nenvironments:\n  dev: {}\n  prod: { values: {} }\n  qa: { endpoint: "https://qa.example.com/v1" }\n'), {});
    expect(shared.diagnostics.map((d) => [d.code, at(d.location), d.message, d.hint])).toEqual([
      ['shared-environment-target', 'assistants/aac.yaml:4:3', "environments 'dev' and 'prod' manage the same live resources (same provider and namespace, and neither writes an endpoint, so both take the run's): each apply would undo the other's", "give 'prod' its own namespace: (or each environment its own endpoint:)"],
    ]);
    const apart = readEnvironments(config('namespace: s18same\nenvironments:\n  dev: {}\n  prod: { namespace: s18prod }\n'), {});
    expect(apart.diagnostics).toEqual([]);
  });

  it("one that writes the provider's default endpoint, in any spelling, and one that writes none are on one host: compared as one endpoint", () => {
    const diagnostics = (text: string, top: TopLevel = {}) => readEnvironments(config(text), top).diagnostics.map((d) => [d.code, at(d.location), d.message, d.hint]);
    const shared = (first: string, second: string) => [
      'shared-environment-target', 'assistants/aac.yaml:4:3',
      `environments '${first}' and '${second}' manage the same live resources (same provider and namespace, and one writes the provider's default endpoint, which the other, writing none, takes too): each apply would undo the other's`,
      `give '${second}' its own namespace: (or each environment its own endpoint:)`,
    ];
    // OpenAI's own API (the default provider's), written as scheme, host, port and trailing slash may spell it.
    for (const written of ['https://api.openai.com/v1', 'HTTPS://API.OpenAI.com:443/v1/', ' https://api.openai.com/v1// ']) {
      expect(diagnostics(`namespace: s18same\nenvironments:\n  dev: { endpoint: "${written}" }\n  prod: {}\n`), written).toEqual([shared('dev', 'prod')]);
      expect(diagnostics(`namespace: s18same\nenvironments:\n  dev: {}\n  prod: { endpoint: "${written}" }\n`), written).toEqual([shared('dev', 'prod')]);
    }
    // The top level's endpoint is each environment's that writes none.
    expect(diagnostics('namespace: s18same\nenvironments:\n  dev: {}\n  prod: { endpoint: "https://api.openai.com/v1" }\n', { endpoint: 'https://api.openai.com/v1/' })).toEqual([
      ['shared-environment-target', 'assistants/aac.yaml:4:3', "environments 'dev' and 'prod' manage the same live resources (same provider, endpoint and namespace): each apply would undo the other's", "give 'prod' its own namespace: (or endpoint:)"],
    ]);
    // Another provider's default is another host; a provider with no default (Foundry) leaves one that writes none uncompared.
    expect(diagnostics('namespace: s18same\nenvironments:\n  dev: { endpoint: "https://api.portkey.ai/v1" }\n  prod: {}\n')).toEqual([]);
    expect(diagnostics('namespace: s18same\nenvironments:\n  dev: { endpoint: "https://api.portkey.ai/v1" }\n  prod: {}\n', { provider: 'portkey' }).map((d) => d[0])).toEqual(['shared-environment-target']);
    expect(diagnostics('namespace: s18same\nenvironments:\n  dev: { endpoint: "https://acct.services.ai.azure.com/api/projects/p" }\n  prod: {}\n', { provider: 'foundry' })).toEqual([]);
  });

  it('two providers of one API that run against one URL are on one host; of two APIs, or where a provider writes no endpoint of its own, they are not', () => {
    const diagnostics = (text: string, top: TopLevel = {}) => readEnvironments(config(text), top).diagnostics.map((d) => [d.code, at(d.location), d.message, d.hint]);
    const gateway = 'https://gateway.example.com/v1';
    expect(diagnostics(`namespace: s18same\nenvironments:\n  dev: { endpoint: "${gateway}" }\n  prod: { provider: portkey, endpoint: "${gateway}/" }\n`)).toEqual([
      ['shared-environment-target', 'assistants/aac.yaml:4:3', "environments 'dev' and 'prod' manage the same live resources (same endpoint and namespace, with two providers of one API): each apply would undo the other's", "give 'prod' its own namespace: (or endpoint:)"],
    ]);
    // Portkey's written as OpenAI's default, beside openai writing none: OpenAI's own API for both.
    expect(diagnostics('namespace: s18same\nenvironments:\n  dev: {}\n  prod: { provider: portkey, endpoint: "https://api.openai.com/v1" }\n').map((d) => d[2])).toEqual([
      "environments 'dev' and 'prod' manage the same live resources (same endpoint and namespace, with two providers of one API): each apply would undo the other's",
    ]);
    // Each on its own default; Assistants and Agents at one URL are two APIs; another namespace is another target.
    expect(diagnostics('namespace: s18same\nenvironments:\n  dev: {}\n  prod: { provider: portkey }\n')).toEqual([]);
    expect(diagnostics(`namespace: s18same\nenvironments:\n  dev: { endpoint: "${gateway}" }\n  prod: { provider: openai-agents, endpoint: "${gateway}" }\n`)).toEqual([]);
    expect(diagnostics(`namespace: s18same\nenvironments:\n  dev: { endpoint: "${gateway}" }\n  prod: { provider: portkey, endpoint: "${gateway}", namespace: s18prod }\n`)).toEqual([]);
  });

  it('no environments: nothing declared, nothing reported', () => {
    const none = readEnvironments(config('provider: openai\n'), {});
    expect(none).toEqual({ environments: { variables: [], environments: [] }, diagnostics: [] });
  });
});

describe('choosing an environment', () => {
  const names = ['dev', 'staging', 'prod'];

  it('--env wins over AAC_ENV; an empty AAC_ENV is refused where it is read; none chosen is undefined', () => {
    expect(chooseEnvironment(names, 'prod', { AAC_ENV: 'dev' })).toBe('prod');
    expect(chooseEnvironment(names, undefined, { AAC_ENV: 'dev' })).toBe('dev');
    expect(() => chooseEnvironment(names, undefined, { AAC_ENV: '' })).toThrow('AAC_ENV is set but empty');
    expect(chooseEnvironment(names, 'prod', { AAC_ENV: '' })).toBe('prod');
    expect(chooseEnvironment([], undefined, {})).toBeUndefined();
  });

  it('an unknown name, or any name without environments, is refused with the fix', () => {
    expect(() => chooseEnvironment(names, 'prd', {})).toThrow(/--env prd: no such environment \(aac.yaml declares dev, staging, prod\)/);
    try {
      chooseEnvironment(names, undefined, { AAC_ENV: 'prd' });
    } catch (err) {
      expect((err as { hint: string }).hint).toBe("did you mean 'prod'?");
    }
    expect(() => chooseEnvironment([], 'prod', {})).toThrow('--env prod: aac.yaml declares no environments');
  });

  it('a saved plan applies in its own environment, and is refused in another', () => {
    const planIn = (env: string) => `aac plan --out ${env}.plan.json --dir ws --env ${env}`;
    expect(environmentForSavedPlan('staging', {}, planIn)).toBe('staging');
    expect(environmentForSavedPlan('staging', { source: '--env', name: 'staging' }, planIn)).toBe('staging');
    expect(environmentForSavedPlan(undefined, {}, planIn)).toBeUndefined();
    expect(() => environmentForSavedPlan('staging', { source: '--env', name: 'prod' }, planIn, '; nothing was changed')).toThrow("the plan was made for environment 'staging', not 'prod'; nothing was changed");
    // Said only by a command that would have changed something (apply, not show).
    expect(() => environmentForSavedPlan('staging', { source: '--env', name: 'prod' }, planIn)).toThrow(/^the plan was made for environment 'staging', not 'prod'$/);
    expect(() => environmentForSavedPlan(undefined, { source: '--env', name: 'prod' }, planIn)).toThrow("the plan was made without an environment, not for 'prod'");
    // The way out is the caller's command, with the run's options, for the environment chosen.
    expect(userHint(() => environmentForSavedPlan(undefined, { source: '--env', name: 'prod' }, planIn))).toBe(
      'use it without one (leave out --env and unset AAC_ENV), or, where aac.yaml declares prod, make a plan for it: aac plan --out prod.plan.json --dir ws --env prod',
    );
  });

  it('plan, apply and import need one when environments are declared', () => {
    expect(() => requireEnvironment(names, undefined, 'plan')).toThrow('aac.yaml declares environments (dev, staging, prod): choose one for plan with --env NAME or AAC_ENV');
    expect(requireEnvironment([], undefined, 'plan')).toBeUndefined();
    expect(requireEnvironment(names, 'dev', 'plan')).toBe('dev');
  });
});

describe('names', () => {
  it('a variable or environment name that is not plain is located at its key', () => {
    const r = readEnvironments(config('variables:\n  "9lives": { type: string }\nenvironments:\n  "pr od": {}\n  ok: { namespace: ok }\n'), {});
    expect(r.diagnostics.map((d) => [d.code, at(d.location), d.message])).toEqual([
      ['invalid-name', 'assistants/aac.yaml:2:3', "'9lives' is not a variable name: letters, digits, '_' and '-', starting with a letter or '_'"],
      ['invalid-name', 'assistants/aac.yaml:4:3', "'pr od' is not an environment name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters"],
    ]);
    // Each is still declared: its references are not reported unknown, its values and overlays are still checked.
    expect(r.environments.variables.map((v) => v.name)).toEqual(['9lives']);
    expect(r.environments.environments.map((e) => e.name)).toEqual(['pr od', 'ok']);
    // The hint proposes a name made of the one written; a name nothing valid is made of gets the example.
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['rename it, e.g. chat_model', "rename it, e.g. 'pr-od'"]);
    const spaced = readEnvironments(config('variables:\n  "chat model!": { type: string }\n'), {});
    expect(spaced.diagnostics.map((d) => d.hint)).toEqual(["rename it, e.g. 'chat_model'"]);
  });
});

describe('overlay directories', () => {
  it('must stay inside the definitions directory', () => {
    const r = readEnvironments(config([
      'environments:',
      '  a: { overlays: ../elsewhere, namespace: a }',
      '  b: { overlays: /abs/prod, namespace: b }',
      '  c: { overlays: "C:\\\\prod", namespace: c }',
      '  d: { overlays: ./deploy//d/, namespace: d }',
      '',
    ].join('\n')), {});
    expect(r.diagnostics.map((d) => [d.code, at(d.location)])).toEqual([
      ['invalid-overlays', 'assistants/aac.yaml:2:18'],
      ['invalid-overlays', 'assistants/aac.yaml:3:18'],
      ['invalid-overlays', 'assistants/aac.yaml:4:18'],
    ]);
    expect(r.environments.environments.map((e) => e.overlays)).toEqual(['overlays/a', 'overlays/b', 'overlays/c', 'deploy/d']);
  });
});
