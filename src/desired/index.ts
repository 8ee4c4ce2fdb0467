// load → validate: every definition file read, checked against the schema, the rules the schema
// cannot express and the chosen provider, with all problems of all files reported in one pass.
import { nameAddress } from '../backends/name-address.js';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { hintText, type KindCommands, type ResourceKind } from '../backends/backend.js';
import { kindForProvider, providersOfKind, registeredKinds, standInProvider, standInWords, unknownProviderWords } from '../backends/registry.js';
import { otherKindFieldHints, withOtherKindNearMiss, withStrayFileHints, type KindOfProviders, type ProviderChoice } from './kind-mismatch.js';
import { EXTENSION_PREFIX, type Definition, type IncludeSite } from '../model/definition.js';
import { byPlace, type Diagnostic } from '../model/diagnostic.js';
import { includedOnce, markIncluded } from './included-from.js';
import { canonicalJson } from '../model/canonical.js';
import { copyJson, setAt, valueAt, type Json, type JsonObject } from '../model/json.js';
import { isObject } from '../model/json.js';
import { caseClashes, type CaseClash } from './case-clash.js';
import { referencedCaseClashes } from './referenced-case-clash.js';
import { referencedWindowsPath, windowsPaths, type WindowsPath } from './windows-paths.js';
import { sameRealFiles, type SameFile } from './one-file-twice.js';
import { IGNORE_FILE } from './ignore.js';
import { unreadFileWarnings } from './unread-files.js';
import { isPlanDocument } from '../model/plan.js';
import { isKubernetesManifest, kubernetesManifestError } from './kubernetes-manifest.js';
import { readInstructionsFile, type InstructionsFile } from './instructions-file.js';
import { nestedDirectoriesSaid, requireDefinitionsDir, type HeldDefinitionsDirs, type Rekeyed } from './definitions-dir.js';
import { definingFiles } from './defining-files.js';
import { configIn } from '../environments/select.js';
import { DEFINITION_FILE, gitIgnoredWarnings, PROJECT_CONFIG, type IgnoreCheck, type OwnFile } from './git-ignored.js';
import { keyFromRelative, posixRelative, shownPath, shownPathsBelow } from './paths.js';
import type { RepoBoundary } from './repo-root.js';
import { loadValidator, validateAgainst, withinCollectionLimits, type MapOptions } from '../yaml/schema.js';
import { wantedType } from '../yaml/wanted-type.js';
import { codePoints } from '../util/characters.js';
import { parseCacheFor } from './parse-cache.js';
import type { FileToRead, ReadFile, ReadOn } from './read-files.js';
import { READ_EACH_TIME, type FileReads } from './shared-reads.js';
import { EMPTY_FILE, NOT_A_MAPPING, readYamlSource, type YamlSource } from '../yaml/source.js';
import { asSource } from '../environments/as-source.js';
import { NO_ENVIRONMENTS, type Environments } from '../environments/config.js';
import type { PathFold } from '../util/path-case.js';
import type { Assembled } from '../environments/assemble.js';
import { definitionAssembler, type DefinitionAssembler } from '../environments/definition-assembler.js';
import { definitionFiles } from './definition-files.js';
import { fileDoc } from '../environments/located.js';
import { blameOverlay } from '../environments/overlay-cause.js';
import { formatPath, type FieldPath } from '../yaml/source.js';
import { alteredNumbers } from './json-numbers.js';
import { sharedText } from '../util/shared-text.js';
import { sanitize, unfitCharacter } from '../util/invisible.js';
import { orList, withArticle } from '../util/words.js';
import { alikeNote, ESCAPES_NOTE, printsAlike, reading, revealDifference, revealedText } from '../util/look-alike.js';
import { nextTurn, turnTaker } from '../util/event-loop.js';
import { workSize } from '../util/v8-by-work.js';
import { credentialsInDefinition } from './credential-in-definition.js';
import { namesADefinition, type Credential } from './credential-names.js';
import { credentialValues, credentialValuesInText } from './credential-values.js';
import { codeSpan } from '../util/code-span.js';
import { keyProblem } from '../model/key-format.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';

export interface LoadResult {
  definitions: Definition[];
  diagnostics: Diagnostic[];
  /** How many definition files were found, valid or not. */
  files: number;
}

/** Top-level fields that belong to aac, not to the API. */
const OWN_FIELDS: ReadonlySet<string> = new Set(['$schema', 'key', 'id', 'instructions_file', 'moved_from']);

interface Loaded {
  src: YamlSource;
  diagnostics: Diagnostic[];
  key?: string;
  keyFromFile: boolean;
  id?: string;
  definition?: Definition;
}

/** One file to load: its absolute path, its path for messages, and the key its path gives (keyFromPath). */
interface LoadFile {
  path: string;
  file: string;
  pathKey: string;
}

function loadOne(
  { path, file, pathKey }: LoadFile,
  got: ReadFile,
  opts: { cwd: string; provider: string; providerWritten?: string; providerChoice?: ProviderChoice; kind: ResourceKind; assembler: DefinitionAssembler; commands?: KindCommands; asWritten?: boolean; credentials?: readonly Credential[]; reads: FileReads },
  boundary: RepoBoundary,
): Loaded {
  if ('refused' in got) {
    const src = readYamlSource(file, Buffer.alloc(0));
    const { code, reason, hint } = got.refused;
    return { src, diagnostics: [src.diag([], { code, message: `cannot read the file: ${reason}`, hint })], keyFromFile: true };
  }
  const { bytes, digest } = got;
  const parsed = opts.reads.source(path, file, got, boundary);
  if (!isObject(parsed.value)) return { src: parsed, diagnostics: parsed.diagnostics.map((d) => withKindHint(d, opts.kind)), keyFromFile: true };
  if (isPlanDocument(parsed.value)) return { src: parsed, diagnostics: [savedPlanError(parsed)], keyFromFile: true };
  if (isKubernetesManifest(parsed.value)) return { src: parsed, diagnostics: [kubernetesManifestError(parsed, parsed.value, opts.kind)], keyFromFile: true };
  // The file as the run's environment sees it (fragments, overlay, variables), checked as if it
  // were one file: every message points into the file that wrote the field. An overlay is found
  // by the key the file itself gives (an overlay cannot set one).
  const fileKey = typeof parsed.value.key === 'string' ? parsed.value.key : pathKey;
  const assembled = opts.assembler.assemble(fileDoc(parsed.value, path, parsed), fileKey);
  const src = assembled ? asSource(assembled.doc, file, [...parsed.diagnostics, ...assembled.diagnostics]) : parsed;
  const fileOf = assembled ? assembled.doc.fileOf : () => path;
  const extraFiles = (assembled?.files ?? []).map((abs) => ({ abs, digest: opts.assembler.digest(abs) ?? '' }));
  // Echoes are dropped before the definition is kept or refused: a field left as written (aac
  // migrate keeps every reference) must not refuse a definition with no error said of it.
  const echoes = (diagnostics: Diagnostic[]) => (assembled ? withoutEchoes(diagnostics, assembled) : diagnostics);
  const loaded = checked(src, pathKey, { bytes, digest, extraFiles, variables: assembled?.variables ?? [], includes: assembled?.includes ?? [] }, fileOf, opts, echoes, boundary);
  // A problem in the base that only the environment's overlay causes is the overlay's.
  const environment = assembled?.overlay ? opts.assembler.overlayOf(fileKey)?.environment : undefined;
  if (assembled?.overlay && environment !== undefined) {
    const baseFiles = new Set([file, ...assembled.overlay.baseFiles.slice(1).map((abs) => shownPath(opts.cwd, abs))]);
    loaded.diagnostics = blameOverlay(loaded.diagnostics, assembled.overlay, assembled.doc, environment, baseFiles, (doc) => contentChecks(asSource(doc, file, []), opts.kind, opts.provider, opts.commands, opts.providerWritten, opts.providerChoice));
  }
  // The overlay a hint names is a file the key names: none for a key refused (a `..` segment would lead out).
  const overlay = opts.kind.identity.addressedBy === 'name' && keyProblem(fileKey) === undefined ? opts.assembler.overlayOf(fileKey) : undefined;
  if (overlay) loaded.diagnostics = loaded.diagnostics.map((d) => withOverlayNameHint(d, opts.kind, overlay));
  // A problem in a fragment says which of this definition's `$ref`s reached it (includedOnce says it).
  if (assembled) loaded.diagnostics = markIncluded(loaded.diagnostics, assembled.includes, opts.cwd);
  return loaded;
}

/**
 * `d` where it says a definition of a kind addressed by name has no name, in an environment: the
 * name may be that environment's own, in its overlay (as `aac import --env` leaves it when
 * environments share one project, where each needs its own name), which the hint names too.
 */
function withOverlayNameHint(d: Diagnostic, kind: ResourceKind, overlay: { environment: string; file: string }): Diagnostic {
  const field = kind.paths.name.at(-1)!;
  if (d.code !== 'missing-field' || d.path !== formatPath(kind.paths.name.slice(0, -1)) || !d.message.endsWith(`'${field}'`)) return d;
  return { ...d, hint: `add ${codeSpan(`${field}:`)} here, or in ${overlay.file} for environment ${overlay.environment} alone (environments sharing one project need one name each)` };
}

/**
 * The one error of a plan saved by `aac plan --out` (as JSON, which YAML reads) among the
 * definitions, in place of a definition's: the fields it lacks (`model`) and those it does not
 * know (`format_version`) would not say what the file is.
 */
function savedPlanError(src: YamlSource): Diagnostic {
  return src.diag([], {
    code: 'saved-plan',
    message: 'the file is a plan saved by `aac plan --out` (it has format_version and resource_changes), not a definition; every run on this directory reads it as one',
    hint: `move it out of the definitions directory (aac apply reads it from anywhere), or list it in ${IGNORE_FILE} at the directory's top`,
  });
}

/**
 * `d` with the hint of `kind` where the parse, which reads any YAML file, could only give one for
 * no kind: a file with no fields, or no mapping, is told what a definition of the kind starts with.
 */
function withKindHint(d: Diagnostic, kind: ResourceKind): Diagnostic {
  if (d.code === EMPTY_FILE) return { ...d, hint: `add at least ${kind.starter}, or delete the file` };
  if (d.code === NOT_A_MAPPING) return { ...d, hint: `start with ${kind.starter}, then one field per line` };
  return d;
}

/**
 * The diagnostics without those that only repeat an assembly error: a `$ref` that was not
 * included, or a `${var.…}` not replaced, stays as written, and the schema would then say that
 * a tool has no type or that `temperature` is not a number.
 */
function withoutEchoes(diagnostics: Diagnostic[], { diagnostics: own, unresolved: failed }: Assembled): Diagnostic[] {
  if (failed.length === 0) return diagnostics;
  const under = (path: string, site: string) => site === '' || path === site || path.startsWith(`${site}.`) || path.startsWith(`${site}[`);
  return diagnostics.filter((d) => own.includes(d) || !failed.some((site) => under(d.path, site)));
}

/** The commands a kind's hints name when no run gives them (a definition aac writes is checked): placeholders. */
const PLACEHOLDER_COMMANDS: KindCommands = { migrate: (to) => `aac migrate --to ${to} --dir SRC --out DIR` };

/** The choice of a run that says none (a definition aac writes is checked): as if nothing chose the provider. */
const NO_CHOICE: ProviderChoice = { by: 'default' };

/** Where an unknown provider the run was given is written (the setting `choice` names), or aac.yaml alone when the choice does not say. */
const writtenAt = (choice: ProviderChoice) => (choice.by === 'setting' ? choice.at : 'aac.yaml');

/** Every registered kind with the providers that take it, in registry order: the data kind-mismatch.ts reads. */
export function kindsOfProviders(): KindOfProviders[] {
  return [...new Set(registeredKinds())].map((kind) => ({ kind, providers: providersOfKind(kind) }));
}

/**
 * What the hints of a file checked under the provider standing in for `providerWritten` (an
 * unknown `provider:`, registry.ts standInProvider) say of it: `the provider 'openai-agentz' at
 * assistants/aac.yaml:1:11 is not one aac knows (…), so this file was checked as an agent
 * definition, that of the provider 'openai-agents' its name is nearest`.
 */
function standInClause(kind: ResourceKind, providerWritten: string, choice: ProviderChoice): string {
  return `${unknownProviderWords(providerWritten, writtenAt(choice))}, so this file was checked as ${withArticle(kind.nouns.one)} definition, ${standInWords(standInProvider(providerWritten))}`;
}

/**
 * How a kind's schema diagnostics are worded for the host `provider`, made once per kind,
 * commands, provider choice and provider (a load checks thousands of files against a handful of
 * kinds); with an unknown provider written (an error's path) made each time.
 */
const optionsOf = new WeakMap<ResourceKind, WeakMap<KindCommands, WeakMap<ProviderChoice, Map<string, MapOptions>>>>();
function schemaOptions(kind: ResourceKind, provider: string, commands: KindCommands, providerWritten: string | undefined, choice: ProviderChoice): MapOptions {
  const make = (): MapOptions => {
    const serverOnly = Object.fromEntries(Object.entries(kind.serverOnly).map(([field, hint]) => [field, hintText(hint, commands)]));
    const otherKind = otherKindFieldHints(kind, kindsOfProviders(), choice, providerWritten === undefined ? undefined : standInClause(kind, providerWritten, choice));
    const allowedValues = kind.allowedValues && ((path: readonly (string | number)[]) => kind.allowedValues!(provider, path));
    const takenElsewhere = kind.allowedValues && ((path: readonly (string | number)[], value: string) => providersOfKind(kind).filter((p) => p !== provider && kind.allowedValues!(p, path)?.includes(value)));
    return { ownFields: OWN_FIELDS, quoteValues: true, serverOnly, otherKind, valueHints: kind.schemaHints, ...(allowedValues ? { allowedValues, takenElsewhere } : {}), ...(kind.proposals ? { proposals: kind.proposals } : {}), metadataField: kind.paths.metadata[0] };
  };
  if (providerWritten !== undefined) return make();
  const byCommands = optionsOf.get(kind) ?? new WeakMap<KindCommands, WeakMap<ProviderChoice, Map<string, MapOptions>>>();
  optionsOf.set(kind, byCommands);
  // A run's choice is one object (LoadOptions.providerChoice), given to each of its files.
  const byChoice = byCommands.get(commands) ?? new WeakMap<ProviderChoice, Map<string, MapOptions>>();
  byCommands.set(commands, byChoice);
  const byProvider = byChoice.get(choice) ?? new Map<string, MapOptions>();
  byChoice.set(choice, byProvider);
  let options = byProvider.get(provider);
  if (!options) byProvider.set(provider, (options = make()));
  return options;
}

/**
 * What validate says of one definition's own content, read alone: the parser's findings, the
 * kind's schema, the instructions rule, the kind's checks for `provider` and numbers that would
 * not be sent as written (nothing it names is read), each on the definition with any list or
 * mapping far past its schema's limit cut to one entry past it (withinCollectionLimits). Shape: a
 * parsed definition → its diagnostics, errors and warnings. `commands`: what the hints tell the user to run (the run's own);
 * `providerWritten`: the unknown provider aac.yaml names, for which `provider` stands in (LoadOptions.providerWritten);
 * `choice`: where the provider was chosen (LoadOptions.providerChoice).
 */
export function contentChecks(written: YamlSource, kind: ResourceKind, provider: string, commands: KindCommands = PLACEHOLDER_COMMANDS, providerWritten?: string, choice: ProviderChoice = NO_CHOICE): Diagnostic[] {
  const src = withinCollectionLimits(kind.schema, written);
  const value = src.value;
  if (!isObject(value)) return [...src.diagnostics];
  const hosted = kind.checks(src, value, provider, commands);
  const options = schemaOptions(kind, provider, commands, providerWritten, choice);
  const schema = withoutShapesOfRefused(validateAgainst(kind.schema, src, options), hosted).map((d) => withOtherKindNearMiss(withOtherHostsWord(d, value, kind, provider), options.otherKind ?? {}));
  const own = [...src.diagnostics, ...schema, ...instructionsChecks(src, value, kind), ...hosted, ...credentialsInDefinition(src, value, kind)];
  return [...own, ...alteredNumberChecks(src, value, own)];
}

/**
 * `d` where it says a tool is written as its type alone — a list item (`- bing_grounding`) or the
 * whole list (`tools: bing_grounding`) — and the word is a `type:` only other providers of `kind`
 * take (ResourceKind.allowedValues): its hint gives the line to write and whose type it is, as
 * `- type: bing_grounding` is told (the schema's own hint knows the run's host's types alone, and
 * said only `set tools[0] to a mapping`). `value`: the definition's top level. Unchanged otherwise.
 */
function withOtherHostsWord(d: Diagnostic, value: JsonObject, kind: ResourceKind, provider: string): Diagnostic {
  if (d.code !== 'wrong-type' || kind.allowedValues === undefined) return d;
  const at = /^([\w.]+?)(?:\[(\d+)\])?$/.exec(d.path);
  if (!at) return d;
  const list = at[1]!.split('.');
  const path = at[2] === undefined ? list : [...list, Number(at[2])];
  const word = valueAt(value, path);
  if (typeof word !== 'string') return d;
  const typePath = [...list, at[2] === undefined ? 0 : Number(at[2]), 'type'];
  if (kind.allowedValues(provider, typePath)?.includes(word) !== false) return d;
  const hosts = providersOfKind(kind).filter((p) => kind.allowedValues!(p, typePath)?.includes(word));
  if (hosts.length === 0) return d;
  const line = at[2] === undefined ? `write it as a list of one, ${codeSpan(`${list.at(-1)!}: [{type: ${word}}]`)}` : `write it as a mapping, ${codeSpan(`- type: ${word}`)}`;
  const what = `${list.at(-1)!.replace(/s$/, '')} type`;
  return { ...d, hint: `${line}: ${withArticle(`${orList(hosts)} ${what}`)}, which needs ${hosts.map((h) => `--provider ${h}`).join(' or ')} (or provider: ${hosts[0]!} in aac.yaml); the current provider is ${provider}` };
}

/**
 * `schema` (the schema's diagnostics) without those inside what the kind's checks (`hosted`) say
 * the run's host does not take (code `needs-provider`): a field, or a list item by its `type`
 * (`tools[0].type`: the item `tools[0]`). Its shape is the other host's to check once the
 * provider is the one meant (`- type: bing_grounding` under openai was also told to add
 * `bing_grounding:`, a field openai has no use for).
 */
function withoutShapesOfRefused(schema: Diagnostic[], hosted: readonly Diagnostic[]): Diagnostic[] {
  const refused = hosted.filter((d) => d.code === 'needs-provider').map((d) => d.path.replace(/\.type$/, ''));
  if (refused.length === 0) return schema;
  return schema.filter((d) => !refused.some((r) => d.path === r || d.path.startsWith(`${r}.`) || d.path.startsWith(`${r}[`)));
}

/**
 * The checks of one (assembled) definition; `fileOf` says which file wrote a field (relative paths
 * resolve from there); `content` is the definition file's bytes and their sha256; `opts`, the
 * load's, one object for all its files; `echoes` drops the diagnostics that only repeat an
 * assembly's (withoutEchoes), before any decides whether the definition is kept. `echoes` is an
 * argument of its own, not a member of a copy of `opts`: a copy of the load's options for each
 * file cost 3–10 µs (a dozen members), twice a definition.
 */
function checked(
  src: YamlSource,
  pathKey: string,
  content: FileContent,
  fileOf: (path: FieldPath) => string,
  opts: { cwd: string; provider: string; providerWritten?: string; providerChoice?: ProviderChoice; kind: ResourceKind; commands?: KindCommands; asWritten?: boolean; credentials?: readonly Credential[] },
  echoes: (diagnostics: Diagnostic[]) => Diagnostic[],
  boundary: RepoBoundary,
): Loaded {
  const { kind } = opts;
  const credentials = opts.credentials ?? [];
  const own = [...contentChecks(src, kind, opts.provider, opts.commands, opts.providerWritten, opts.providerChoice), ...credentialValues(src, credentials, kind.credentials, (path) => namesADefinition(path, kind))];
  const value = src.value;
  if (!isObject(value)) return { src, diagnostics: echoes(own), keyFromFile: true };

  const keyFromFile = value.key === undefined;
  const key = typeof value.key === 'string' ? value.key : keyFromFile ? pathKey : undefined;
  // A file name with a control or invisible character is refused when the file is read. The
  // schema's pattern refuses what keyProblem explains (and a line break or a tab, as if it were a
  // space): its message is dropped for one that names the character and the fix.
  const unfit = keyFromFile ? undefined : unfitCharacter(key ?? '', 'key');
  // An empty `key:` is the schema's to say (it is empty), once.
  const problem = unfit ? { holds: `holds ${unfit.holds}`, without: unfit.without } : key === undefined || key === '' ? undefined : keyProblem(key);
  if (problem && !keyFromFile) {
    own.splice(0, own.length, ...own.filter((d) => !(d.path === 'key' && d.code === 'invalid-format')));
    own.push(src.diag(['key'], { code: 'invalid-key', message: `the key '${sanitize(key!)}' is not valid: it ${problem.holds}`, hint: `retype the key without ${problem.without}` }, 'value'));
  }
  const long = keyFromFile && codePoints(pathKey) > kind.identity.keyMax;
  if (keyFromFile && (problem || long)) {
    // The key is the file's path, not a line of it: the file is named alone.
    own.push({
      severity: 'error',
      code: 'invalid-key',
      location: { file: src.file },
      path: '',
      message: `the key '${sanitize(pathKey)}' taken from the file's path is not valid: ${problem ? `it ${problem.holds}` : `it is ${codePoints(pathKey)} characters; at most ${kind.identity.keyMax} fit the API's metadata`}`,
      hint: problem ? `rename the file without ${problem.without}, or set \`key:\` in it to a path-like key without it` : 'rename the file, or set `key:` in it to a shorter path-like key',
    });
  }

  let instructions: InstructionsFile | undefined;
  if (typeof value.instructions_file === 'string' && value.instructions_file !== '' && valueAt(value, kind.paths.instructions) === undefined) {
    const got = readInstructionsFile(src, fileOf(['instructions_file']), value.instructions_file, boundary, opts.cwd, kind.instructionsMax);
    if ('severity' in got) own.push(got);
    else {
      instructions = got;
      own.push(...credentialValuesInText(shownPath(opts.cwd, got.path), got.text, 'instructions_file', credentials));
      const windows = referencedWindowsPath(value.instructions_file, 'instructions_file');
      if (windows) own.push(src.diag(['instructions_file'], windows, 'value'));
    }
  }

  const id = typeof value.id === 'string' ? value.id : undefined;
  const loaded: Loaded = { src, diagnostics: echoes(own), key, keyFromFile, id };
  if (loaded.diagnostics.some((d) => d.severity === 'error') || key === undefined) return loaded;
  return { ...loaded, definition: toDefinition(src, content, value, key, id, instructions, { cwd: opts.cwd, root: boundary.root, asWritten: opts.asWritten === true }, kind) };
}

/**
 * A number that would not reach the API as written (json-numbers.ts), wherever it is (a tool's
 * parameters schema, sampling), unless a check already reported the field (`temperature: .nan`
 * is out of range first).
 */
function alteredNumberChecks(src: YamlSource, value: JsonObject, reported: readonly Diagnostic[]): Diagnostic[] {
  const said = new Set(reported.map((d) => d.path));
  return alteredNumbers(value, src.written).filter(({ path }) => !said.has(formatPath(path))).map(({ path, value: number, sent }) => {
    const field = formatPath(path);
    const as = src.written(path) ?? String(number);
    return src.diag(path, Number.isFinite(number) ? {
      code: 'inexact-number',
      message: `${field} is ${as}, an integer too large to be read exactly (beyond ±${Number.MAX_SAFE_INTEGER}): it would be sent as ${sent}`,
      hint: `use an integer within ±${Number.MAX_SAFE_INTEGER}, or a string where the field takes one`,
    } : {
      code: 'not-a-json-number',
      message: `${field} is ${as}, a number JSON cannot carry: it would be sent as ${sent}`,
      hint: 'write a finite number, or leave the field out',
    }, 'value');
  });
}

/** The envelope's own rule: the instructions are given inline or in a file, not both. */
function instructionsChecks(src: YamlSource, value: JsonObject, kind: ResourceKind): Diagnostic[] {
  if (valueAt(value, kind.paths.instructions) === undefined || value.instructions_file === undefined) return [];
  const inline = kind.paths.instructions.join('.');
  return [src.diag(['instructions_file'], {
    code: 'conflicting-fields',
    message: `both ${inline} and instructions_file are set; use at most one`,
    hint: `keep the instructions in the file and remove ${codeSpan(`${inline}:`)}, or the reverse`,
  })];
}

/**
 * A new empty object, a plain one as `{}` is (its prototype Object.prototype, its constructor
 * Object), with room in itself for as many fields as a definition's spec holds. `{}` has room for
 * four and puts the rest in a property array, one object more a definition, kept to a plan's end;
 * an object made by `new` of a function is given room by V8's slack tracking, sized by the first
 * few it makes.
 */
const SpecObject = function SpecObject() {} as unknown as new () => JsonObject;
SpecObject.prototype = Object.prototype;

/** The `movedFrom` of a definition whose file writes no `moved_from:`, one for all (frozen: nothing writes to it). */
const NOT_MOVED: string[] = [];
Object.freeze(NOT_MOVED);

/** What a definition is made of: its file (bytes and their sha256), the other files it includes, the variables it takes values from. */
interface FileContent {
  bytes: Uint8Array;
  digest: string;
  extraFiles: ReadonlyArray<{ abs: string; digest: string }>;
  /** By name, sorted (Assembled.variables). */
  variables: ReadonlyArray<readonly [string, Json]>;
  /** The `$ref` includes the file writes (Assembled.includes). */
  includes: readonly IncludeSite[];
}

function toDefinition(
  src: YamlSource,
  { bytes, digest, extraFiles, variables, includes }: FileContent,
  value: JsonObject,
  key: string,
  id: string | undefined,
  instructions: InstructionsFile | undefined,
  { cwd, root, asWritten }: { cwd: string; root: string; asWritten: boolean },
  kind: ResourceKind,
): Definition {
  // In the kind's field order (the API's), the instructions from their file where they belong.
  // Indexed: an iterator over the kind's fields was made for each definition, twice.
  const given: JsonObject = {};
  for (let i = 0; i < kind.fields.length; i++) {
    const { name } = kind.fields[i]!;
    if (value[name] !== undefined) given[name] = copyJson(value[name]!);
  }
  if (instructions) setAt(given, kind.paths.instructions, instructions.text);
  const spec = new SpecObject();
  for (let i = 0; i < kind.fields.length; i++) {
    const { name } = kind.fields[i]!;
    if (given[name] !== undefined) spec[name] = given[name]!;
  }
  // The live copy's instructions, when they are equal and were read first (util/shared-text.ts):
  // in the file's own value too (`src.value`, held while the directory loads), or its copy would
  // outlive the young generation all the same (50 MB of a plan of 10,000 did).
  const text = valueAt(spec, kind.paths.instructions);
  if (typeof text === 'string') {
    const shared = sharedText(key, text);
    setAt(spec, kind.paths.instructions, shared);
    if (valueAt(value, kind.paths.instructions) === shared) setAt(value, kind.paths.instructions, shared);
  }
  // The fragments and the overlay it is made of, by their path in the repository (the same on
  // every clone and runner) and content, and the values its variables took (aac.yaml's values or
  // defaults): editing one makes a saved plan of it stale. A file that is the whole definition
  // hashes as its bytes alone, the digest it already has. Hashed otherwise, it bumps the plan
  // format and its entry in plan/plan-file.ts CHECKED_PARTS: an older file's hashes are not checked.
  let sourceHash = digest;
  if (instructions || extraFiles.length > 0 || variables.length > 0) {
    const hash = createHash('sha256').update(bytes);
    if (instructions) hash.update('\0').update(instructions.bytes);
    for (const f of extraFiles) hash.update('\0').update(posixRelative(root, f.abs)).update('\0').update(f.digest);
    for (const [name, v] of variables) hash.update('\0var.').update(name).update('\0').update(canonicalJson(v));
    sourceHash = hash.digest('hex');
  }
  const movedFrom = Array.isArray(value.moved_from) ? value.moved_from.filter((k): k is string => typeof k === 'string') : NOT_MOVED;
  // Only a definition read to be written out again (aac migrate) keeps its `x-…` fields: nothing
  // else reads them, and every other run would hold a copy of each.
  const extensions = asWritten ? Object.keys(value).filter((k) => k.startsWith(EXTENSION_PREFIX)) : [];
  return {
    key,
    ...(id !== undefined ? { id } : {}),
    movedFrom,
    file: src.file,
    ...(instructions ? { instructionsFile: shownPath(cwd, instructions.path) } : {}),
    ...(extraFiles.length > 0 ? { parts: extraFiles.map((f) => shownPath(cwd, f.abs)) } : {}),
    ...(includes.length > 0 ? { includes } : {}),
    ...(variables.length > 0 ? { variables: variables.map(([name]) => name) } : {}),
    ...(extensions.length > 0 ? { extensions: Object.fromEntries(extensions.map((k) => [k, copyJson(value[k]!)])) } : {}),
    spec,
    sourceHash,
    // `src.locate` alone, not the source, which also holds the file's parsed value (a second copy
    // of the definition): a function that never reads `this` (YamlSource), for a file a FileLocator's
    // bound `locate`, which holds the locator alone.
    locate: src.locate,
  };
}

/**
 * Two files must not claim the same key or pin the same id: the second one gets the error. Nor
 * two keys that print alike (`café` composed and decomposed, an invisible character): a plan would
 * show two lines no reviewer can tell apart, and a file system that normalizes names (macOS)
 * checks out one file for both.
 */
function crossFileChecks(loaded: Loaded[], kind: ResourceKind): { diagnostics: Array<[Loaded, Diagnostic]>; rejected: Set<Loaded> } {
  const diagnostics: Array<[Loaded, Diagnostic]> = [];
  const rejected = new Set<Loaded>();
  const byKey = new Map<string, Loaded>();
  const byReading = new Map<string, Loaded>();
  const byId = new Map<string, Loaded>();
  for (const l of loaded) {
    if (l.key !== undefined) {
      const first = byKey.get(l.key);
      // Read once: the look-up and the entry below take the same reading.
      const read = first ? undefined : reading(l.key);
      const alike = read === undefined ? undefined : byReading.get(read);
      const keyError = (code: DiagnosticCode, message: string) => {
        rejected.add(l);
        diagnostics.push([l, l.src.diag(l.keyFromFile ? [] : ['key'], {
          code,
          message,
          hint: l.keyFromFile ? 'rename one of the files, or give one an explicit `key:`' : 'choose another `key:`',
        }, 'value')]);
      };
      if (first) {
        const { here, there, note } = apart(l.src.file, first.src.file);
        keyError('duplicate-key', `the key '${l.key}'${here} is already used by ${there}${note}`);
      } else if (alike) {
        const [mine, theirs] = revealDifference(l.key, alike.key!).map(revealedText);
        const { here, there } = apart(l.src.file, alike.src.file);
        keyError('look-alike-key', `the key '${mine}'${here} prints like the key '${theirs}' of ${there}; it ${alikeNote(alike.key!, l.key)}, and ${ESCAPES_NOTE}`);
      } else {
        byKey.set(l.key, l);
        byReading.set(read!, l);
      }
    }
    if (l.id !== undefined) {
      const first = byId.get(l.id);
      if (first) {
        rejected.add(l);
        const { here, there, note } = apart(l.src.file, first.src.file);
        diagnostics.push([l, l.src.diag(['id'], {
          code: 'duplicate-id',
          message: `the id '${l.id}'${here} is already pinned by ${there}; one ${kind.nouns.one} can have one definition${note}`,
          hint: 'remove `id:` from one of the files',
        }, 'value')]);
      } else {
        byId.set(l.id, l);
      }
    }
  }
  diagnostics.push(...movedFromChecks(loaded, byKey, rejected, kind));
  if (kind.identity.addressedBy === 'name') diagnostics.push(...nameChecks(loaded, rejected, kind));
  return { diagnostics, rejected };
}

/**
 * For a kind addressed by the user's name, two definitions whose names give one address
 * (nameAddress: also names that differ only in case) would write one resource: the second one gets
 * the error, at its name (in the overlay that gives it, if one does). Checked on the names as this
 * environment assembles them, so validate, which checks every environment, needs no host.
 */
function nameChecks(loaded: Loaded[], rejected: Set<Loaded>, kind: ResourceKind): Array<[Loaded, Diagnostic]> {
  const out: Array<[Loaded, Diagnostic]> = [];
  const byAddress = new Map<string, { name: string; definition: Definition }>();
  for (const l of loaded) {
    const d = l.definition;
    const name = d && !rejected.has(l) ? valueAt(d.spec, kind.paths.name) : undefined;
    if (!d || typeof name !== 'string' || name === '') continue;
    const seen = byAddress.get(nameAddress(name));
    if (!seen) {
      byAddress.set(nameAddress(name), { name, definition: d });
      continue;
    }
    rejected.add(l);
    const { one } = kind.nouns;
    const field = kind.paths.name.join('.');
    // Where the first name is written (an environment's overlay, when its `name:` gives it), located
    // only here: locating reads the file again for its positions, which a clean file's parse has
    // none of (a Foundry plan of 100 definitions read every file twice, ~1 MiB of its peak).
    const first = { name: seen.name, file: seen.definition.locate(kind.paths.name).file };
    out.push([l, {
      severity: 'error',
      code: 'duplicate-name',
      location: d.locate(kind.paths.name, 'value'),
      path: field,
      message: first.name === name
        ? `${one} name '${name}' is also the name in ${first.file}; one name addresses one ${one}`
        : `${one} name '${name}' differs only in case from '${first.name}' in ${first.file}, and counts as the same name: whether the service tells names apart by case is not documented, and one name addresses one ${one}`,
      hint: 'give one of the definitions another name',
    }]);
  }
  return out;
}

/**
 * How a message about the file `file` names it and the file `other`: `other` as it is, and
 * nothing more, while the two paths print differently; when they print alike (a name composed in
 * one and decomposed in the other), both with the code points that differ as `\u{…}` — this
 * file's too, since its location prints it as it is — and the note that says so.
 */
function apart(file: string, other: string): { here: string; there: string; note: string } {
  if (!printsAlike(file, other)) return { here: '', there: other, note: '' };
  const [here, there] = revealDifference(file, other).map(revealedText);
  return { here: ` (in ${here})`, there: there!, note: `; ${ESCAPES_NOTE}` };
}

/**
 * The warning on a file whose path, or a directory's on the way, differs from an earlier file's
 * only in case (case-clash.ts); `shownRel` shows a path below the definitions directory.
 */
function caseClashWarning({ index, first, mine, theirs, file }: CaseClash, loaded: readonly Loaded[], kind: ResourceKind, shownRel: (rel: string) => string): Diagnostic {
  const l = loaded[index]!;
  const { many } = kind.nouns;
  return l.src.diag([], {
    severity: 'warning',
    code: 'case-clash',
    message: file
      ? `${l.src.file} and ${loaded[first]!.src.file} differ only in case: a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there misses one of the two ${many} (and --prune would delete it)`
      : `the directories ${shownRel(mine)} and ${shownRel(theirs)} (of ${loaded[first]!.src.file}) differ only in case: a clone on a case-insensitive file system (macOS, Windows) puts the files of both in one directory, so a plan there gives some ${many} other keys (and --prune would delete those of the keys they had)`,
    hint: `rename one of the ${file ? 'files' : 'directories'} so that the two names differ in more than case`,
  });
}

/**
 * The warning on a definition whose key, or a directory step of it, differs from an earlier
 * definition's only in case (case-clash.ts over keys): aac names files after a key — an
 * environment's overlay `<overlays>/<key>.yaml`, the definition `aac import` writes at
 * `<key>.yaml` — which a case-insensitive file system holds as one. At the `key:` that gives it,
 * or at the file when its path gives it (the other definition's `key:` is the one to change).
 */
function keyCaseClashWarning({ index, first, mine, theirs, file }: CaseClash, keyed: readonly Loaded[], kind: ResourceKind): Diagnostic {
  const l = keyed[index]!;
  const other = keyed[first]!;
  const what = file ? `the key '${l.key}' and the key '${other.key}' of ${other.src.file}` : `the key '${l.key}' starts with '${mine}/', and the key '${other.key}' of ${other.src.file} with '${theirs}/', which`;
  return l.src.diag(l.keyFromFile ? [] : ['key'], {
    severity: 'warning',
    code: 'case-clash',
    message: `${what} differ only in case: aac names files after a key (an environment's overlay <key>.yaml, the file aac import writes for it), and a clone on a case-insensitive file system (macOS, Windows) holds one ${file ? 'file' : 'directory'} for both, so there one of the two ${kind.nouns.many} loses its overlays`,
    hint: l.keyFromFile ? `give ${other.src.file} a \`key:\` that differs from this file's in more than case` : `choose a \`key:\` that differs from '${other.key}' in more than case`,
  }, l.keyFromFile ? undefined : 'value');
}

/**
 * The warning on a definition file Windows cannot hold, or that lies in a directory it cannot
 * (windows-paths.ts); `pathKey`, the key its path gives; `shownRel` shows a path below the
 * definitions directory. The fix renames it, and keeps the key of one whose key is its path (a
 * key that is valid: `*` is refused in a key too, and that error says so).
 */
function windowsPathWarning({ path, file, why, rename }: WindowsPath, l: Loaded, pathKey: string, kind: ResourceKind, shownRel: (rel: string) => string): Diagnostic {
  const { one, many } = kind.nouns;
  const keep = file
    ? l.key === pathKey && keyProblem(pathKey) === undefined ? `; its key is its path, so give it ${codeSpan(`key: ${JSON.stringify(pathKey)}`)} to keep the key of its ${one}` : ''
    : `; a definition below it whose key is its path needs a \`key:\` to keep the key of its ${one}`;
  return l.src.diag([], {
    severity: 'warning',
    code: 'windows-name',
    message: `${why}${file ? '' : ` (the directory ${shownRel(path)})`}: this repository cannot be checked out there, and a clone there lacks ${file ? 'this file' : `the ${many} below it`}`,
    hint: `rename the ${file ? 'file' : 'directory'} ${rename}${keep}`,
  });
}

/** The warning of a definition file that is an earlier one through a symlink (one-file-twice.ts). */
function sameFileWarning({ index, first }: SameFile, loaded: readonly Loaded[], kind: ResourceKind): Diagnostic {
  const [l, other] = [loaded[index]!, loaded[first]!];
  const { many } = kind.nouns;
  const keys = l.key !== undefined && other.key !== undefined ? ` ('${other.key}' and '${l.key}')` : '';
  return l.src.diag([], {
    severity: 'warning',
    code: 'same-file',
    message: `${l.src.file} is ${other.src.file} through a symlink: one file read as two definitions${keys}, so the plan makes two ${many} of it, and an edit changes both`,
    hint: `remove the symlink, or list it in ${IGNORE_FILE}; if two ${many} are meant, give each its own file (a \`$ref\` fragment shares fields between them)`,
  });
}

/**
 * `moved_from` keys must be free: not a key still defined (then nothing moved), not the file's own
 * key, and not claimed by two definitions (which one would get the assistant?).
 */
function movedFromChecks(loaded: Loaded[], byKey: Map<string, Loaded>, rejected: Set<Loaded>, kind: ResourceKind): Array<[Loaded, Diagnostic]> {
  const out: Array<[Loaded, Diagnostic]> = [];
  const claimedBy = new Map<string, Loaded>();
  for (const l of loaded) {
    const moved = l.definition?.movedFrom ?? [];
    moved.forEach((old, i) => {
      const path = ['moved_from', i];
      const fail = (message: string, hint: string) => {
        rejected.add(l);
        out.push([l, l.src.diag(path, { code: 'invalid-moved-from', message, hint }, 'value')]);
      };
      const holder = byKey.get(old);
      if (old === l.key) fail(`moved_from names this definition's own key '${old}'`, 'list the keys it had before, not the one it has');
      else if (holder) fail(`moved_from '${old}' is still the key of ${holder.src.file}, so nothing moved`, `remove the entry, or remove or rename ${holder.src.file}`);
      else if (claimedBy.has(old)) fail(`moved_from '${old}' is also claimed by ${claimedBy.get(old)!.src.file}; ${withArticle(kind.nouns.one)} can move to one key`, 'keep the entry in one file only');
      else claimedBy.set(old, l);
    });
  }
  return out;
}

/**
 * The files this load read itself, each as git-ignored.ts words it when git ignores it: the
 * definition files (at the indexes of `read`), then the environment's overlays, then aac.yaml
 * (`configPath`, when one was read).
 */
function ownFiles(dir: string, read: readonly LoadFile[], loaded: readonly Loaded[], assembler: DefinitionAssembler, configPath: string | undefined, kind: ResourceKind): OwnFile[] {
  const aacIgnore = join(dir, IGNORE_FILE);
  const definitionFiles = read.map(({ path }, i): OwnFile => {
    const key = loaded[i]!.key;
    return {
      abs: path,
      role: DEFINITION_FILE,
      without: `a plan there does not define ${key === undefined ? 'what it defines' : `'${key}'`}: it never creates or updates the ${kind.nouns.one} (with --prune, deletes it)`,
      aacIgnore,
    };
  });
  const overlays = assembler.overlayFiles;
  const overlayFiles = (overlays?.files ?? []).map(({ key, abs }): OwnFile => ({
    abs,
    role: `overlay of '${key}' in environment '${overlays!.environment}'`,
    without: `a plan there for '${overlays!.environment}' makes '${key}' as the base definition has it`,
    aacIgnore: join(overlays!.dir, IGNORE_FILE),
  }));
  const config: OwnFile[] = configPath === undefined ? [] : [{
    abs: configPath,
    role: PROJECT_CONFIG,
    without: 'a plan there reads the definitions with the default settings (provider, endpoint, namespace, no environments)',
  }];
  return [...definitionFiles, ...overlayFiles, ...config];
}

/**
 * `held`'s diagnostic, with the keys as the loader reads them both ways: `definitions`, this load
 * of the whole project `dir`, against each held folder read as its own run reads it (definingFiles:
 * its aac.yaml's provider, unless --provider chose this run's, and its first environment, as keys
 * are the same in every one). A file's `key:` keeps its key both ways; a file that has an error in
 * either read is left out of both counts.
 */
async function heldDiagnostic(held: HeldDefinitionsDirs, dir: string, definitions: readonly Definition[], opts: LoadOptions): Promise<Diagnostic> {
  const { loadProjectConfig } = await import('../config/index.js');
  const flag = opts.providerChoice?.by === 'flag' ? opts.provider : undefined;
  const here = new Map(definitions.map((d) => [resolve(opts.cwd, d.file), d.key]));
  const own = new Map<string, string>();
  for (const folder of held.folders) {
    const abs = join(dir, folder);
    const loaded = await loadProjectConfig(abs, { cwd: opts.cwd, ...(flag !== undefined ? { provider: flag } : {}) }).catch(() => undefined);
    if (!loaded) continue;
    const run = configIn(loaded.config, loaded.environments.environments[0], flag);
    for (const [key, file] of await definingFiles({ abs, run, environments: loaded.environments }, opts.cwd)) own.set(resolve(opts.cwd, file), key);
  }
  const rekeyed: Rekeyed[] = [];
  let kept = 0;
  for (const [abs, key] of here) {
    const theirs = own.get(abs);
    if (theirs === undefined) continue;
    if (theirs === key) kept++;
    else rekeyed.push({ rel: posixRelative(dir, abs), here: key, own: theirs });
  }
  return held.diagnostic(rekeyed, kept);
}

/** The warning code for a definitions directory with no definition files. */
export const NO_DEFINITIONS = 'no-definitions';

export interface LoadOptions {
  cwd: string;
  provider: string;
  /** How the directory's file system compares names (util/path-case.ts); probed when absent (pathFoldWhenNeeded). */
  fold?: PathFold;
  /**
   * With an unknown provider (ProjectConfig.providerWritten), what aac.yaml writes, for which
   * `provider`, the default, stands in: the messages that name the provider's kind name it instead.
   */
  providerWritten?: string;
  /** Where the provider was chosen (`--provider`, aac.yaml's setting and its place), for the hints that name the way to another; as if by default when absent. */
  providerChoice?: ProviderChoice;
  readOn?: ReadOn;
  /** aac.yaml's variables and environments (none when absent). */
  environments?: Environments;
  /** The environment the definitions are assembled for (one `environments` declares); none when undefined. */
  environment?: string;
  /**
   * The definitions as written, to be written out again (aac migrate): every `${var.…}` reference
   * left as written, a default too (Scope.asWritten), and each definition's `x-…` fields kept
   * (Definition.extensions).
   */
  asWritten?: boolean;
  /** The commands the kind's hints name, built for this run (commands/suggest.ts kindCommands); placeholders when not given. */
  commands?: KindCommands;
  /** The credentials the run holds (registry.ts credentialsIn): a file holding one's value is warned of (credential-values.ts); none when absent. */
  credentials?: readonly Credential[];
  /**
   * Asks git which of the files the load reads it ignores — the definition files, the
   * environment's overlays, aac.yaml (`configPath`) and the files the definitions read
   * (instructions files, `$ref` fragments) — each warned of (git-ignored.ts); not asked when absent.
   */
  ignoreCheck?: IgnoreCheck;
  /** aac.yaml as it was read (LoadedConfig.path, absolute); undefined when there is none. */
  configPath?: string;
  /** Told the number of definition files found so far, as the directory is walked (discoverDefinitionFiles). */
  onFound?: (count: number) => void;
  /** How the directory, its environment's overlays and the fragments definitions include are walked and read (desired/shared-reads.ts): READ_EACH_TIME when absent; sharedReads() for a run that loads them more than once. */
  reads?: FileReads;
}

/**
 * Loads every *.yaml / *.yml under `dir` (recursively, sorted; aac.yaml at the top is the project
 * config, not a definition) and returns the diagnostics of all files; `definitions` holds only the
 * definitions without errors.
 */
export async function loadDefinitions(dir: string, opts: LoadOptions): Promise<LoadResult> {
  const kind = kindForProvider(opts.provider);
  const shown = shownPath(opts.cwd, dir);
  const shownBelow = shownPathsBelow(opts.cwd, shown);
  requireDefinitionsDir(dir, opts.cwd, kind.nouns.one);

  const reads = opts.reads ?? READ_EACH_TIME;
  // An environment's overlay directory that aac.yaml no longer declares holds overlays, not
  // definitions: left unread (definition-files.ts), and said once, at the directory (an error: its
  // environment's assistants are no longer planned, which must not pass unnoticed).
  const { boundary, discovered, files: walked, retired, nested } = await definitionFiles(dir, { cwd: opts.cwd, ...(opts.environments ? { environments: opts.environments } : {}), ...(opts.fold ? { fold: opts.fold } : {}), ...(opts.onFound ? { onFound: opts.onFound } : {}), reads });
  // Made once the directory is walked: its overlays' read opens the parse cache (see `cache` below).
  const assembler = await definitionAssembler(dir, opts.environments ?? NO_ENVIRONMENTS, opts.environment, boundary, opts.cwd, {
    asWritten: opts.asWritten === true,
    reads,
    typeAt: (value, path) => wantedType(kind.schema, value, path),
  });
  const { unreadable } = discovered;
  const declared = (opts.environments ?? NO_ENVIRONMENTS).environments;
  // A directory that cannot be listed hides definitions: a plan without them would want to delete
  // (with --prune) the assistants they define, so it is an error, never a silent skip.
  const unlisted = unreadable.map(({ dir: d, code, message, hint }): Diagnostic => ({
    severity: 'error',
    code,
    location: { file: shownPath(opts.cwd, d) },
    path: '',
    message,
    hint,
  }));
  // Said once the keys this load gives are known (heldDiagnostic); a held folder needs files, so the load has some.
  const { held, warnings: nestedWarnings } = nestedDirectoriesSaid(dir, opts.cwd, boundary, discovered, nested);
  // A held directory's own aac.yaml is said by its error (a definitions directory of its own), and
  // its files are read as this erring run reads them, for that error's keys.
  const heldOwn = new Set(held?.held);
  const heldRead = heldOwn.size === 0 ? undefined : new Set([...walked, ...nested.filter((n) => heldOwn.has(n.rel)).flatMap((n) => n.files)]);
  const files = heldRead === undefined ? walked : discovered.files.filter((f) => heldRead.has(f));
  workSize(files.length);
  unlisted.push(...nestedWarnings);
  const names = declared.map((e) => e.name);
  for (const r of retired) {
    const at = shownBelow(r.dir, join(dir, r.dir));
    // `overlays/Prod/` beside a declared `prod`: a checkout that ignores case (macOS, Windows) reads
    // it as prod's overlays, one that does not (Linux, CI) as an undeclared environment's.
    const cased = declared.find((e) => e.name.toLowerCase() === r.environment.toLowerCase());
    const rename = cased === undefined ? '' : `'${r.environment}' differs from the declared environment '${cased.name}' only in case: if these are the overlays of '${cased.name}', rename the directory to ${shownBelow(cased.overlays, join(dir, cased.overlays))}/ (a checkout that ignores case, on macOS or Windows, reads it as the overlay directory of '${cased.name}', one that does not, as CI's, as this directory); `;
    unlisted.push({
      severity: 'error',
      code: 'undeclared-overlays',
      location: { file: at },
      path: '',
      message: `${at}/ is the overlay directory of an environment '${r.environment}', which aac.yaml does not declare (it declares ${names.length === 0 ? 'none' : names.join(', ')}): its ${r.rels.length} ${r.rels.length === 1 ? 'file is' : 'files are'} not read as definitions`,
      hint: `${rename}if '${r.environment}' was retired, remove the directory (or prefix its name with _ to keep it unread); ${opts.providerWritten === undefined ? `its ${kind.nouns.many} stay` : `what it made (${unknownProviderWords(opts.providerWritten, writtenAt(opts.providerChoice ?? NO_CHOICE))}) stays`} live until deleted, which needs it declared (README, Environments: retiring one); to keep it, declare it under environments: in aac.yaml`,
    });
  }
  // Files that may have been meant as definitions but are not read: said, never left out silently.
  const notRead = await unreadFileWarnings(discovered.unreadNames, files, { shown: (p) => shownPath(opts.cwd, p), ignoreFile: join(dir, IGNORE_FILE) });
  unlisted.push(...notRead);
  if (files.length === 0) {
    // An overlay is checked against the bases as always, none here: one left behind once the
    // definitions were removed (a source retired after `aac migrate`) still pins and changes
    // resources of its environment, so it is an error, as beside any other set of definitions.
    const orphanOverlays = assembler.overlayDiagnostics(() => ({ bases: [] }));
    if (unlisted.length > notRead.length) return { definitions: [], diagnostics: [...unlisted, ...orphanOverlays], files: 0 };
    const empty: Diagnostic = {
      severity: 'warning',
      code: NO_DEFINITIONS,
      location: { file: shown },
      path: '',
      message: `no definitions (*.yaml, *.yml) found in ${shown}`,
      hint: `add one YAML file per ${kind.nouns.one}, starting with ${kind.starter}`,
    };
    return { definitions: [], diagnostics: [empty, ...notRead, ...orphanOverlays], files: 0 };
  }
  // Each file checked as soon as its parse arrives, so its bytes and parse are garbage before most
  // others are read: thousands of reads in flight at once held every file's buffer and parse tree.
  // From the walk's end to the first file read, the passes over every file (the checks above, the
  // shown paths below, the schema's validator loaded for the first file) ran without a turn: at
  // 10,000 files, with the young generation's collections they set off, ~100 ms in which the
  // listing's pages waited to be read (both cursors' next requests waited with them).
  await nextTurn();
  const toRead: Array<FileToRead & LoadFile> = [];
  const turns = turnTaker();
  for (const { path, rel, real } of files) {
    toRead.push({ path, file: shownBelow(rel, path), pathKey: keyFromRelative(rel), boundary, real });
    if (turns.due()) await turns.take();
  }
  loadValidator(kind.schema);
  await nextTurn();
  // Opened here, once the directory is walked, not as the load starts: its index is read in one
  // go (~0.8 MB at 10,000 definitions), which held the listing's first request back as long.
  const cache = await parseCacheFor(dir);
  const loaded: Loaded[] = new Array(files.length);
  // One object for every file: made for each, it was a copy of the load's options a file.
  const oneOpts = { ...opts, kind, assembler, reads };
  await reads.read(toRead, (i, got) => {
    loaded[i] = loadOne(toRead[i]!, got, oneOpts, boundary);
  }, opts.readOn, cache);
  // A file of another kind among the directory's own belongs elsewhere: said so, not that the provider is wrong.
  const strays = withStrayFileHints(loaded.map((l) => l.diagnostics), kind, kindsOfProviders(), shown, opts.providerChoice ?? NO_CHOICE);
  strays.forEach((found, i) => { loaded[i]!.diagnostics = found; });
  // Each of the checks over every file is a turn of its own (at 10,000 files each took 10–25 ms):
  // done in one go, they held a listing's pages waiting for 55–65 ms.
  await nextTurn();
  const cross = crossFileChecks(loaded, kind);
  for (const [l, d] of cross.diagnostics) l.diagnostics.push(d);
  await nextTurn();
  for (const clash of caseClashes(files.map((f) => f.rel))) loaded[clash.index]!.diagnostics.push(caseClashWarning(clash, loaded, kind, (rel) => shownBelow(rel, join(dir, rel))));
  // Keys folded as paths are: a key names its overlays' files (and import's), so a case-only pair clashes there.
  const keyed = loaded.filter((l) => l.key !== undefined);
  for (const clash of caseClashes(keyed.map((l) => l.key!))) {
    // Two keys their paths give clash as the paths do, which the warning above says.
    if (!keyed[clash.index]!.keyFromFile || !keyed[clash.first]!.keyFromFile) keyed[clash.index]!.diagnostics.push(keyCaseClashWarning(clash, keyed, kind));
  }
  // The files each definition is read from only once one references a file, and where each
  // definition was loaded only once one of those clashes: most loads have neither.
  const refClashes = referencedCaseClashes(loaded.flatMap((l) => (l.definition ? [l.definition] : [])), opts.cwd, () => ownFiles(dir, toRead, loaded, assembler, opts.configPath, kind));
  if (refClashes.length > 0) {
    const byDefinition = new Map(loaded.flatMap((l) => (l.definition ? [[l.definition, l] as const] : [])));
    for (const { definition, diagnostic } of refClashes) byDefinition.get(definition)!.diagnostics.push(diagnostic);
  }
  for (const w of windowsPaths(files.map((f) => f.rel))) loaded[w.index]!.diagnostics.push(windowsPathWarning(w, loaded[w.index]!, toRead[w.index]!.pathKey, kind, (rel) => shownBelow(rel, join(dir, rel))));
  for (const same of await sameRealFiles(files, dir)) loaded[same.index]!.diagnostics.push(sameFileWarning(same, loaded, kind));
  await nextTurn();
  const overlayLoaded = () => ({
    bases: loaded.flatMap((l, i) => (l.key !== undefined ? [{ key: l.key, pathKey: toRead[i]!.pathKey, file: l.src.file, movedFrom: l.definition?.movedFrom ?? [] }] : [])),
    // A file that gave no key (it does not parse) is still the base of the overlay at its path.
    keyless: new Set(loaded.flatMap((l, i) => (l.key === undefined ? [toRead[i]!.pathKey] : []))),
  });
  // A definition whose overlay was refused or could not be read is not what this environment would plan.
  const kept = loaded.filter((l) => l.definition && !cross.rejected.has(l) && !assembler.overlayFailed(l.definition.key));
  const definitions = kept.map((l) => l.definition!);
  if (held) unlisted.unshift(await heldDiagnostic(held, dir, definitions, opts));
  const configIgnored: Diagnostic[] = [];
  const overlaysIgnored: Diagnostic[] = [];
  if (opts.ignoreCheck) {
    const loadedOf = new Map(kept.map((l) => [l.definition!, l]));
    const own = ownFiles(dir, toRead, loaded, assembler, opts.configPath, kind);
    const warned = await gitIgnoredWarnings(definitions, own, { cwd: opts.cwd, dir, resources: kind.nouns.many, boundary, check: opts.ignoreCheck });
    // The directory's, for all its files, first: before aac.yaml's own problems.
    if (warned.dir) configIgnored.push(warned.dir);
    for (const { definition, diagnostic } of warned.reads) loadedOf.get(definition)!.diagnostics.push(diagnostic);
    // Each where its file's other problems are: aac.yaml's first, a definition file's with its
    // file's, an overlay's with the overlays'.
    for (const { index, diagnostic } of warned.own) {
      (index < loaded.length ? loaded[index]!.diagnostics : own[index]!.abs === opts.configPath ? configIgnored : overlaysIgnored).push(diagnostic);
    }
  }
  // A fragment's problems come with every definition that includes it: said once, naming them all.
  const diagnostics = includedOnce([...configIgnored, ...unlisted, ...loaded.flatMap((l) =>
    [...l.diagnostics].sort(byPlace),
  ), ...overlaysIgnored, ...assembler.overlayDiagnostics(overlayLoaded)]);
  return { definitions, diagnostics, files: files.length };
}
