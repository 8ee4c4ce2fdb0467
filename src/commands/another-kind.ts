// The words for definitions of another kind than the run's provider takes (desired/kind-mismatch.ts),
// for plan, apply, import and migrate (pipeline.ts) and validate alike.
import { defaultProvider, kindForProvider, MIGRATE_SOURCE_KIND, providerInfo, providersOfKind, unknownProviderWords } from '../backends/registry.js';
import { kindWords, type definitionsOfAnotherKind, type ProviderChoice } from '../desired/kind-mismatch.js';
import { kindsOfProviders } from '../desired/index.js';
import { shownPath } from '../desired/paths.js';
import type { ProjectConfig } from '../model/config.js';
import { placeText } from '../model/diagnostic.js';
import { codeSpan } from '../util/code-span.js';
import { shellWord } from '../util/shell-word.js';
import { andList, orList } from '../util/words.js';
import type { CommandContext } from './command.js';

/**
 * Where the run's provider was chosen (desired/kind-mismatch.ts ProviderChoice): --provider, with the
 * aac.yaml setting it overrides when one names another provider; else
 * the `provider:` in effect in aac.yaml, known or not (ProjectConfig.providerAt: the run's
 * environment's when it writes one), at its value's file:line:column; else none.
 */
export function providerChoice(ctx: CommandContext, config: ProjectConfig): ProviderChoice {
  const at = config.providerAt;
  if (ctx.global.provider !== undefined) {
    const written = config.providerOverridden;
    return written === undefined || at === undefined ? { by: 'flag' } : { by: 'flag', overrides: { provider: written, setting: providerSetting(config), at: placeText(at) } };
  }
  if (at !== undefined) return { by: 'setting', setting: providerSetting(config), at: placeText(at) };
  return { by: 'default' };
}

/** The setting of aac.yaml that gives `config` its provider: `provider`, or `environments.<name>.provider` when the run's environment writes one. */
function providerSetting(config: ProjectConfig): string {
  const env = config.providerAt?.environment;
  return env === undefined ? 'provider' : `environments.${env}.provider`;
}

/**
 * When --provider overrode the provider aac.yaml writes (ProjectConfig.providerOverridden) and the
 * definitions have errors: the words that say so, at the setting's file:line:column, with the way
 * back — else undefined. A wrong flag fails in every file on fields of the other kind, one error
 * each, none of which says the flag is the cause.
 */
export function overriddenProviderWords(ctx: CommandContext, config: ProjectConfig): string | undefined {
  const written = config.providerOverridden;
  if (ctx.global.provider === undefined || written === undefined) return undefined;
  const at = config.providerAt !== undefined ? ` (${placeText(config.providerAt)})` : '';
  return `--provider ${config.provider} overrides aac.yaml's ${providerSetting(config)}: ${written}${at}: if these are ${written} definitions, drop --provider`;
}

/**
 * The error for definitions of another kind than the provider's (desired/kind-mismatch.ts): the
 * provider and where it was chosen (aac.yaml's setting at its file:line:column), the kind it takes
 * (kindWords: by its providers where another kind has its noun), the kind the files are (by the
 * providers that take it), the file when there is one, and the way out: the provider aac.yaml
 * names when --provider overrode it, else one that takes them; and `aac migrate` when it converts
 * that kind into the chosen provider's.
 */
export function anotherKindWords(ctx: CommandContext, config: ProjectConfig, other: NonNullable<ReturnType<typeof definitionsOfAnotherKind>>): { message: string; hint: string } {
  const { provider, providerOverridden: written } = config;
  const chosen = kindForProvider(provider);
  const theirs = other.kinds.flatMap(providersOfKind);
  const setting = providerSetting(config);
  const at = config.providerAt !== undefined ? ` (${placeText(config.providerAt)})` : '';
  const from = ctx.global.provider !== undefined
    ? `--provider ${provider}${written !== undefined ? ` (over aac.yaml's ${setting}: ${written}${at})` : ''}`
    : config.providerWritten !== undefined && config.providerAt !== undefined ? `${provider === defaultProvider() ? 'the default provider' : 'the provider'} ${provider}, standing in (${unknownProviderWords(config.providerWritten, placeText(config.providerAt))}),`
    : config.providerAt !== undefined ? `aac.yaml's ${setting}: ${provider}${at}`
    : `the default provider ${provider} (aac.yaml names none)`;
  const dir = shownPath(ctx.io.cwd, ctx.global.dir);
  const n = other.files.length;
  const fields = andList(other.fields.map((f) => `'${f}'`));
  const words = kindWords(chosen, kindsOfProviders());
  const message = `${from} takes ${words} definitions, but ${n === 1 ? `the definition file ${other.files[0]!} is one` : `all ${n} definition files in ${dir}/ are definitions`} for ${orList(theirs)} (${n === 1 ? 'it writes' : 'they write'} ${fields} at the top level, which ${words} definitions do not have)`;
  const fixes = [
    written !== undefined && theirs.includes(written) ? `drop --provider: aac.yaml's ${setting}: ${written} reads them`
      : ctx.global.provider === undefined && (config.providerAt !== undefined || config.providerWritten !== undefined) ? `set aac.yaml's ${setting}: to ${orList(theirs)}`
      : `run with ${orList(theirs.map((p) => codeSpan(`--provider ${p}`)))}`,
  ];
  const target = providerInfo(provider)?.backend;
  if (other.kinds.some((k) => k.name === MIGRATE_SOURCE_KIND) && target?.migrate) fixes.push(`to move them to ${provider}, convert them with ${codeSpan(`aac migrate --to ${target.name} --dir ${shellWord(dir)} --out DIR`)}`);
  return { message, hint: fixes.join('; or ') };
}
