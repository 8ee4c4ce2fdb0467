// `aac emulator`: a local emulator of one provider's API in the foreground until SIGINT, SIGTERM or
// SIGHUP, or the end of the process AAC_EMULATOR_END_WITH_PID names.
import { sanitize } from '../util/invisible.js';
import { millisecondsIn } from '../util/duration.js';
import { BlockList, isIPv6 } from 'node:net';
import { resolve } from 'node:path';
import type { Command, CommandContext, OptionSpec, OptionValue } from './command.js';
import { chosen } from './choices.js';
import { loadProjectConfig, type LoadedConfig } from '../config/index.js';
import { METADATA_MODES, startEmulator, type EmulatorOptions } from '../emulator/index.js';
import { kindForProvider, providerInfo, providersWithEmulatorOption, servedTogether } from '../backends/registry.js';
import type { DialectOption } from '../backends/backend.js';
import { andList, orList } from '../util/words.js';
import { STOP_SIGNALS_WORDS, UserError } from '../util/errors.js';
import { suggestion } from './suggest.js';
import { namespaceStep } from '../config/namespace.js';
import { shownPath } from '../desired/paths.js';
import { refuseWriteInGitDir } from '../desired/git-dir.js';
import { codeSpan } from '../util/code-span.js';
import { headText } from '../util/value-text.js';
import { comparableEndpoint } from '../backends/http/endpoint.js';
import { END_WITH_VARIABLE, endWithPid, watchProcess } from '../emulator/end-with.js';

function str(v: OptionValue): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function number(flag: string, v: OptionValue, min: number, max: number, integer: boolean, unit?: 'milliseconds'): number | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    // A duration with its unit (`2s`) where milliseconds are counted: the number it means.
    const meant = unit === 'milliseconds' ? millisecondsIn(s) : undefined;
    const fits = meant !== undefined && meant >= min && meant <= max;
    throw new UserError(`--${flag} must be ${integer ? 'an integer' : 'a number'}${unit ? ` (${unit})` : ''} from ${min} to ${max}, not '${s}'`, fits && meant !== n ? `write it in ${unit}: --${flag} ${meant}` : undefined);
  }
  return n;
}

/**
 * The providers the project's runs plan against, each with the first environment that uses it
 * (undefined without environments): with `environments:` declared, each environment's own
 * `provider:`, else the top level's (`config.provider`, --provider applied), in their order,
 * each once; an environment whose `provider:` is unknown is left out (its runs are refused).
 * Without, the top level's, comma-separated providers each.
 */
function projectProviders({ config, environments }: LoadedConfig): Array<{ provider: string; environment?: string }> {
  if (environments.environments.length === 0) return config.provider.split(',').map((provider) => ({ provider }));
  const first = new Map<string, string>();
  for (const env of environments.environments) {
    const provider = env.provider ?? (env.providerUnknown ? undefined : config.provider);
    if (provider !== undefined && !first.has(provider)) first.set(provider, env.name);
  }
  return [...first].map(([provider, environment]) => ({ provider, environment }));
}

/**
 * The environment the plan line names for `provider` served at `url`: the one whose endpoint (its
 * own `endpoint:`, else the top level's) is that address, compared as endpoints are
 * (comparableEndpoint; `localhost` as 127.0.0.1) — an emulator started on the port an environment's
 * `endpoint:` names stands in for that environment, and a plan of another would send that one's
 * definitions here — else `first`, the first environment on the provider (projectProviders).
 */
function environmentServed({ config, environments }: LoadedConfig, provider: string, url: string, first: string | undefined): string | undefined {
  const spelt = (endpoint: string) => comparableEndpoint(endpoint.replace(/^(https?:\/\/)localhost(?=[:/]|$)/i, '$1127.0.0.1'));
  const at = environments.environments.find((env) => {
    const endpoint = env.endpoint ?? config.endpoint;
    return (env.provider ?? config.provider) === provider && endpoint !== undefined && spelt(endpoint) === spelt(url);
  });
  return at?.name ?? first;
}

/**
 * The providers to serve (servedTogether) with the environment each one's plan line names: --provider's, else
 * the project's (projectProviders). Environments on providers one address cannot serve together
 * are refused naming each, with the emulator to start for each.
 */
function providersToServe(ctx: CommandContext, loaded: LoadedConfig): Array<{ provider: string; environment?: string }> {
  const wanted: Array<{ provider: string; environment?: string }> = ctx.global.provider !== undefined ? loaded.config.provider.split(',').map((provider) => ({ provider })) : projectProviders(loaded);
  const serve = () => servedTogether(wanted.map((w) => w.provider)).map((provider) => wanted.find((w) => w.provider === provider)!);
  if (ctx.global.provider !== undefined || loaded.environments.environments.length === 0) return serve();
  try {
    return serve();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const file = shownPath(ctx.io.cwd, loaded.path ?? resolve(ctx.global.dir, 'aac.yaml'));
    const starts = wanted.map((w) => codeSpan(suggestion({ ...ctx, global: { ...ctx.global, provider: w.provider } }, 'emulator')));
    throw new UserError(
      `the environments of ${file} plan against ${andList(wanted.map((w) => `${w.provider} (${w.environment!})`))}, which one emulator cannot serve at one address`,
      `start one for each: ${starts.join(', and ')}, each on its own port (or give --provider to serve one of them)`,
    );
  }
}

/**
 * What the plan the emulator suggests needs first when it would get no namespace in `environment`
 * (the top level's without one): config/namespace.ts namespaceStep, for the definitions
 * directory's aac.yaml as shown; undefined when it gets one, or when AAC_NAMESPACE is not valid
 * (the plan says that itself).
 */
function planNamespaceStep(ctx: CommandContext, loaded: LoadedConfig, environment: string | undefined): string | undefined {
  const dir = resolve(ctx.io.cwd, ctx.global.dir);
  const env = loaded.environments.environments.find((e) => e.name === environment);
  const config = env?.namespace ?? loaded.config.namespace;
  try {
    return namespaceStep({ env: ctx.io.env, dir, shownDir: shownPath(ctx.io.cwd, dir), ...(config !== undefined ? { config } : {}) }, shownPath(ctx.io.cwd, loaded.path ?? resolve(dir, 'aac.yaml')));
  } catch (e) {
    if (e instanceof UserError) return undefined;
    throw e;
  }
}

/** The command's options that are one dialect's behaviour (DialectOption), by flag. */
const DIALECT_FLAGS: Readonly<Record<string, DialectOption>> = { 'metadata-mode': 'metadataMode', project: 'project', connections: 'connections' };

/**
 * Refuses a flag that no dialect of `providers` reads: accepted, it would look like a setting
 * of the emulator that has no effect (`--metadata-mode merge` on an Agents API, which replaces).
 */
function refuseForeignFlags(ctx: CommandContext, providers: readonly string[]): void {
  const provider = providers.join(',');
  const reads = providers.flatMap((p) => providerInfo(p)?.info.emulatorOptions ?? []);
  for (const [flag, option] of Object.entries(DIALECT_FLAGS)) {
    if (ctx.options[flag] === undefined || reads.includes(option)) continue;
    const takers = providersWithEmulatorOption(option);
    throw new UserError(
      `--${flag} does not apply to the ${provider} emulator: only the ${orList(takers)} ${takers.length === 1 ? 'dialect reads' : 'dialects read'} it`,
      `drop --${flag}, or start the emulator with --provider ${takers[0]!}`,
    );
  }
}

/** How much of a list flag's value an error echoes: a value of a megabyte is not a line of a megabyte. */
const LIST_SHOWN = 256;

/**
 * `--models`/`--files`/`--connections`: names joined by commas, none empty; they say what --strict
 * takes, so without it they would change nothing and are refused.
 */
function strictList(ctx: CommandContext, flag: 'models' | 'files' | 'connections'): string[] | undefined {
  const s = str(ctx.options[flag]);
  if (s === undefined) return undefined;
  if (!ctx.options.strict) throw new UserError(`--${flag} says what --strict takes; without --strict the emulator takes any`, `add --strict, or drop --${flag}`);
  const names = s.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) {
    const kept = names.filter((n) => n !== '');
    throw new UserError(`--${flag} must list names joined by commas, none empty (got '${headText(s, LIST_SHOWN)}')`, kept.length === 0 ? `give --${flag} a name, or leave it out` : `write --${flag} ${headText(kept.join(','), LIST_SHOWN)}`);
  }
  return names;
}

/** `--metadata-mode`: its choices, the dialect's modes (METADATA_MODES), are what the line may give and the type read (chosen). */
const METADATA_MODE = {
  type: 'string',
  arg: 'MODE',
  choices: METADATA_MODES,
  description: 'Assistants API: a modify of metadata replaces the map (default) or merges keys',
} as const satisfies OptionSpec;

function emulatorOptions(ctx: CommandContext, providers: readonly string[]): EmulatorOptions & { host: string } {
  refuseForeignFlags(ctx, providers);
  const o = ctx.options;
  const state = str(o.state);
  const statePath = state === undefined ? undefined : resolve(ctx.io.cwd, state);
  // The emulator writes the file on every change, as plan writes its --out: refused before it starts.
  if (state !== undefined) refuseWriteInGitDir(statePath!, state, ctx.io.cwd, { flag: '--state', hint: `keep the emulator's state outside git's own files: e.g. ${codeSpan('--state emulator-state.json')}` });
  return {
    provider: providers.join(','),
    port: number('port', o.port, 0, 65535, true) ?? 0,
    host: str(o.host) ?? '127.0.0.1',
    statePath,
    metadataMode: chosen(o, 'metadata-mode', METADATA_MODE),
    latencyMs: number('latency', o.latency, 0, 600_000, true, 'milliseconds'),
    rateLimitPerMinute: number('rate-limit', o['rate-limit'], 1, 1_000_000, true),
    errorRate: number('error-rate', o['error-rate'], 0, 1, false),
    commitThenDropRate: number('commit-then-drop', o['commit-then-drop'], 0, 1, false),
    failWrite: number('fail-write', o['fail-write'], 1, 1_000_000, true),
    // The key comes from the flag or AAC_EMULATOR_API_KEY; it is never printed.
    apiKey: str(o['api-key']) ?? ctx.io.env.AAC_EMULATOR_API_KEY,
    project: str(o.project),
    strict: Boolean(o.strict),
    models: strictList(ctx, 'models'),
    files: strictList(ctx, 'files'),
    connections: strictList(ctx, 'connections'),
    seed: number('seed', o.seed, 0, 2 ** 32 - 1, true),
    log: o.quiet ? undefined : (line) => ctx.io.stderr.write(`${line}\n`),
  };
}

/**
 * What --strict refuses, said when the emulator starts: the models (--models, else the spec's
 * list), the stores and files it does not hold, and, where a dialect served reads --connections
 * (`connections`: foundry's azure_ai_search indexes), the connection ids --connections does not name.
 */
function strictBanner(opts: Pick<EmulatorOptions, 'models' | 'connections'>, connections: boolean): string {
  const refused = [`a model ${opts.models ? 'that --models does not name' : 'the API spec does not list'}`, 'ids of stores and files it does not hold'];
  if (connections) refused.push(`azure_ai_search connection ids ${opts.connections ? 'that --connections does not name' : '(without --connections none exists)'}`);
  return `Strict: ${refused.slice(0, -1).join(', ')}, and ${refused.at(-1)!}, are refused.`;
}

/** Loopback: reachable from this machine only. BlockList matches IPv4-mapped IPv6 addresses too. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * The URL a client connects to: a wildcard address (0.0.0.0, ::) is where the server listens,
 * never where a client can connect, so this machine's loopback address of the same family stands
 * for it, with `elsewhere` naming that address for clients on other machines.
 */
function connectUrl(listening: string): { url: string; elsewhere?: string } {
  const url = new URL(listening);
  const loopback = url.hostname === '0.0.0.0' ? '127.0.0.1' : url.hostname === '[::]' ? '[::1]' : undefined;
  if (!loopback) return { url: listening };
  url.hostname = loopback;
  return { url: url.href.replace(/\/$/, ''), elsewhere: loopback };
}

/**
 * What to warn of when the emulator listens beyond loopback (`host` as given, `bound` the address
 * it listens on, as a URL's hostname): anyone on the network could then call it, /_emulator's
 * routes that change its data included. Null on loopback.
 */
function exposure(host: string, bound: string): string | null {
  const address = bound.replace(/^\[|\]$/g, '');
  const family = isIPv6(address) ? 'ipv6' : 'ipv4';
  if (LOOPBACK.check(address, family)) return null;
  const where = address === '0.0.0.0' || address === '::' ? 'every network interface' : `${address}, which is not loopback`;
  return `--host ${host} listens on ${where}: anyone who can reach this machine can call the emulator, its /_emulator routes that change its data included; the default, 127.0.0.1, keeps it to this machine.`;
}

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: "Run a local emulator of the provider's API (no key, no network)",
  usage: 'aac emulator [options]',
  description: [
    'Serves one provider\'s API (the Assistants API v2, or an agents API) on loopback, for tests,',
    'demos and dry runs: --provider (else aac.yaml\'s provider; with environments:, theirs) picks',
    'it; providers served at one address are served together, their names joined by commas',
    '(--provider foundry,foundry-agents: the classic and the new agents at one Foundry project',
    'endpoint). Prints its base URL and runs until Ctrl-C; each request is logged to stderr.',
    'Without --api-key any non-empty key is accepted. GET /_emulator/stats counts requests; POST',
    '/_emulator/mutate {"id","fields"} changes a resource behind the tool\'s back (drift); both take',
    'the credentials the API takes.',
    '',
    `With ${END_WITH_VARIABLE}=PID set, it also stops when that process ends (a script or test`,
    'that starts it in the background, and may be killed before it can stop it).',
    '',
    `Exit status: 0 when stopped by ${STOP_SIGNALS_WORDS}, or by the end of that`,
    'process; 1 when it cannot start.',
  ].join('\n'),
  options: {
    port: { type: 'string', arg: 'N', description: 'Port to listen on (default 0: a free port)' },
    host: { type: 'string', arg: 'HOST', description: 'Address to listen on (default 127.0.0.1: this machine only)' },
    state: { type: 'string', arg: 'FILE', description: 'Keep the resources in this JSON file across restarts' },
    'metadata-mode': METADATA_MODE,
    latency: { type: 'string', arg: 'MS', description: 'Add this many milliseconds to every response' },
    'rate-limit': { type: 'string', arg: 'RPM', description: 'Answer 429 beyond this many requests per minute' },
    'error-rate': { type: 'string', arg: 'X', description: 'Answer this fraction (0..1) of requests with 500/503' },
    'commit-then-drop': { type: 'string', arg: 'X', description: 'Drop the connection after this fraction (0..1) of writes' },
    'fail-write': { type: 'string', arg: 'N', description: 'Fail the Nth write this emulator gets with a 500, doing nothing (retries and the lock\'s writes count): a partial apply; the next apply against it goes through' },
    'api-key': { type: 'string', arg: 'KEY', description: 'The only key accepted (default: any; or AAC_EMULATOR_API_KEY)' },
    project: { type: 'string', arg: 'NAME', description: 'foundry, foundry-agents: the project name in the path (default: default)' },
    strict: { type: 'boolean', description: 'Refuse unknown models, ids of stores and files the emulator does not hold, and (foundry) connection ids --connections does not name' },
    models: { type: 'string', arg: 'A,B', description: 'With --strict: the models (Foundry: deployments) that exist (default: the API spec\'s list)' },
    files: { type: 'string', arg: 'A,B', description: 'With --strict: the file ids that exist (default: none; it serves no Files API)' },
    connections: { type: 'string', arg: 'A,B', description: 'foundry, with --strict: the project connection ids azure_ai_search indexes may name (default: none)' },
    seed: { type: 'string', arg: 'N', description: 'Seed for the fault dice (repeatable runs)' },
    quiet: { type: 'boolean', short: 'q', description: 'Do not log each request to stderr' },
  },
  maxPositionals: 0,
  providerList: true,
  // It prints its URL and request log; there is no document to format.
  formats: ['text'],
  async run(ctx) {
    // The dialect follows --provider, else aac.yaml's provider, like plan and apply: the emulator
    // started in a project speaks that project's host. Only the provider is read from the file.
    // With environments, theirs: an environment's own `provider:` is what its runs plan against.
    const loaded = await loadProjectConfig(ctx.global.dir, { cwd: ctx.io.cwd, provider: ctx.global.provider });
    // Several, served at one address, in registry order (`foundry-agents,foundry` serves as `foundry,foundry-agents`).
    const serving = providersToServe(ctx, loaded);
    const providers = serving.map((s) => s.provider);
    const opts = emulatorOptions(ctx, providers);
    // A server stops on SIGINT, SIGTERM or SIGHUP by closing its connections, then exits 0; "Emulator
    // stopped." says so, and apply's words about actions in flight are not the emulator's.
    ctx.io.finishOnInterrupt('');
    // Read before the server starts, so a wrong value refuses the run rather than leave a server up.
    const endWith = endWithPid(ctx.io.env[END_WITH_VARIABLE]);
    let emu;
    try {
      emu = await startEmulator(opts);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UserError(`port ${opts.port} is already in use`, 'pick another with --port, or --port 0 for a free one');
      if (code === 'EACCES') throw new UserError(`not allowed to listen on port ${opts.port}`, 'use a port above 1023, or --port 0');
      const fix = 'give an address of this machine (`ip address` lists them), or leave --host out for 127.0.0.1';
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') throw new UserError(`cannot listen on --host ${opts.host}: no network interface of this machine has that address`, fix);
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') throw new UserError(`cannot listen on --host ${opts.host}: the name does not resolve to an address`, fix);
      throw e;
    }
    const warning = exposure(opts.host, new URL(emu.url).hostname);
    if (warning) ctx.io.stderr.write(`Warning: ${warning}\n`);
    // Named by what each provider serves: `Assistants API emulator (zerobot)`, `Assistants API
    // emulator (foundry) and Agents API emulator (foundry-agents)`.
    const served = providers.map((p) => {
      const { many } = kindForProvider(p).nouns;
      return `${many[0]!.toUpperCase()}${many.slice(1)} API emulator (${p})`;
    });
    ctx.io.stdout.write(`${andList(served)} listening on ${emu.url}\n`);
    const { url, elsewhere } = connectUrl(emu.url);
    for (const { provider, environment } of serving) {
      // What points aac at it, in its provider's own variables; a key it was given (--api-key, AAC_EMULATOR_API_KEY) is not echoed.
      const { variables } = providerInfo(provider)!.info;
      const credentials = variables.credentials.map((v) => `${v}=${opts.apiKey === undefined ? 'any' : "'<its key>'"}`).join(' ');
      // The plan to run names the provider, whether --provider or aac.yaml chose it, the run's
      // --dir, and with environments one that plans against this provider (a plan without is refused).
      const plan = suggestion({ ...ctx, global: { ...ctx.global, provider } }, 'plan', environmentServed(loaded, provider, url, environment));
      ctx.io.stdout.write(`Point aac at it: ${variables.endpoint}=${url} ${credentials} ${plan}\n`);
      // That plan is refused where it gets no namespace (none set, and no git repository to take one
      // from): the step it needs first, on a line of its own (the Action reads the line above).
      const step = planNamespaceStep(ctx, loaded, environment);
      if (step !== undefined) ctx.io.stdout.write(`  first ${step}: without one, that plan is refused here (no git repository gives a default)\n`);
    }
    if (elsewhere) ctx.io.stdout.write(`From another machine, use this machine's address in place of ${elsewhere}.\n`);
    // What the dialect refuses a request without (Foundry's api-version, the OpenAI beta headers); aac sends them itself.
    const required = new URLSearchParams(emu.requiredQuery).toString();
    if (required !== '') ctx.io.stdout.write(`Add ?${required} to every request.\n`);
    for (const [name, value] of Object.entries(emu.requiredHeaders)) ctx.io.stdout.write(`Send the header ${name}: ${value} with every request.\n`);
    if (opts.strict) ctx.io.stdout.write(`${strictBanner(opts, providers.some((p) => providerInfo(p)?.info.emulatorOptions?.includes('connections')))}\n`);
    if (opts.statePath) ctx.io.stdout.write(`State file: ${sanitize(opts.statePath)}\n`);
    let stopWatch = () => {};
    const parentGone = await new Promise<boolean>((resolve) => {
      if (ctx.io.signal.aborted) return resolve(false);
      ctx.io.signal.addEventListener('abort', () => resolve(false), { once: true });
      if (endWith !== undefined) stopWatch = watchProcess(endWith, () => resolve(true));
    });
    stopWatch();
    if (parentGone) ctx.io.stderr.write(`The process ${endWith} (${END_WITH_VARIABLE}) has ended: stopping.\n`);
    await emu.close();
    ctx.io.stdout.write('Emulator stopped.\n');
    return 0;
  },
};
