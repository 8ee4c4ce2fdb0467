// The neutral domain every stage after the loader works on: a definition (what a file asks for)
// and a live resource (what a backend read), each holding a spec in its API's own vocabulary. What
// the fields mean is the resource kind's business (backends/backend.ts); the core only moves them.
import { UserError } from '../util/errors.js';
import type { Json, JsonObject } from './json.js';
import type { DiagnosticCode } from './diagnostic-codes.js';

/** A resource's governed fields, as a definition gives them or a backend read them. */
export type Spec = JsonObject;

/** A spec after the kind's `normalize`: every governed field present, in canonical form. */
export type NormalizedSpec = Record<string, Json>;

/** Where something is in a source file (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * The prefix of a definition's extension fields (`x-defaults:`): every kind's schema admits them
 * and aac reads none of them (a place for YAML anchors, as in docker-compose).
 */
export const EXTENSION_PREFIX = 'x-';

/** A `$ref` include as a file writes it, and what it was expanded from (environments/include.ts). */
export interface IncludeSite {
  /** Where the mapping holding `$ref` stands in the file's value, e.g. ['tools', 0, 'function', 'parameters']. */
  path: ReadonlyArray<string | number>;
  /** That mapping as written: `$ref` and any keys beside it. */
  written: JsonObject;
  /** The file that writes it (the definition's, or an environment's overlay), absolute. */
  file: string;
  /** Every file its expansion read (the fragment, the fragments it includes), absolute. */
  files: string[];
  /** Where its `$ref` value is written. */
  locate(): SourceLocation;
}

/** One definition file, loaded and validated. */
export interface Definition<S = Spec> {
  /** Path below the definitions directory without extension, or the file's explicit `key:`. */
  key: string;
  /** `id:`, the adoption pin: the live resource (by the API's id, or its name for a name-addressed kind) to take over. */
  id?: string;
  /** `moved_from:` the keys it had before a rename, newest first as written; [] when none. */
  movedFrom: string[];
  /** The YAML file, relative to the working directory, for messages. */
  file: string;
  /** The instructions file when `instructions_file:` was used, relative to the working directory. */
  instructionsFile?: string;
  /** The other files it is made of (`$ref` fragments, an environment's overlay), relative to the working directory; absent when none. */
  parts?: string[];
  /** The `$ref` includes its file writes, then those of the environment's overlay, each in its file's order (aac migrate keeps them as references); absent when none. */
  includes?: readonly IncludeSite[];
  /** Its `x-…` fields as their values were read (anchors and merge keys resolved), in the file's order; absent when none, and unless loaded as written (LoadOptions.asWritten: aac migrate, which alone writes them). */
  extensions?: JsonObject;
  /** The names of the aac.yaml variables whose values it takes (`${var.…}`), sorted; absent when none. */
  variables?: readonly string[];
  /** The governed fields, the instructions already read from `instructions_file`. */
  spec: S;
  /** sha256 over the YAML file, its instructions file, the other files it is made of and its variables' values (desired/index.ts toDefinition): a definition's identity for plan files. */
  sourceHash: string;
  /**
   * The source position of a field path such as ['tools', 0, 'function', 'name'] (nearest existing
   * parent): its key, or with `part: 'value'` its value.
   */
  locate(path: ReadonlyArray<string | number>, part?: 'key' | 'value' | 'name'): SourceLocation;
}

/** One resource as a backend read it. */
export interface LiveResource<S = Spec> {
  /** The API's identifier: its id, or its name for a name-addressed kind. */
  id: string;
  /** The key its marker names, or null when no marker marks it (see model/marker.ts). */
  key: string | null;
  /** The namespace its marker names; null when unmarked or marked by the legacy marker. */
  namespace: string | null;
  createdAt: number;
  /**
   * For a versioned kind: the id of the version read (the latest), as the API gives it — a string
   * whose format it leaves open (Foundry: AgentVersionObject.version, `version: string`); absent
   * for a kind without versions.
   */
  version?: string;
  /** For a versioned kind under `retain_versions:`: every version, oldest first (the last is the latest); absent when not read. */
  versions?: readonly string[];
  /** Of `versions`, those that carry no owner's aac marker (plan/hand-made.ts hasOwnerMarker): made outside aac. Absent when none, or not read. */
  unmarkedVersions?: readonly string[];
  /** Of `versions`, the twins of the latest (plan/retention.ts twinsOfLatest), which `retain_versions:` does not count, oldest first. Absent when none, or not read. */
  twinVersions?: readonly string[];
  /**
   * For a versioned kind: this namespace's resource whose latest version (`version`) carries no
   * aac marker at all, written outside aac (by hand, in a portal), over `markedVersion`, the newest
   * older version that carries an owner's marker, this namespace's alone, whose `key` and
   * `namespace` the resource then has (commands/live-reads.ts readHandMade): drift, which the plan
   * reverts with a new version. Absent otherwise.
   */
  handMade?: { markedVersion: string };
  /** The governed fields as the server returned them, the marker removed from the metadata. */
  spec: S;
  /** Every marker pair its metadata held, as read (model/marker.ts decodeMarker); absent when none. */
  markers?: Readonly<Record<string, string>>;
  /**
   * sha256 of the canonical wire object without the kind's bookkeeping (ResourceKind.bookkeeping):
   * changes whenever anything about the resource changes but what a write that changes nothing
   * moves. Computed on first read.
   */
  fingerprint: string;
  /** sha256 of the whole wire object, as plans before format 1.18 recorded it; absent when the kind has no bookkeeping (then `fingerprint`). */
  wholeFingerprint?: string;
  /**
   * What its record (`markers`' model/marker.ts RECORD_KEY) names that the host no longer has, read
   * after the listing for a resource whose definition relies on it (ResourceKind.recorded,
   * commands/live-reads.ts readRecorded): the plan then counts the record for nothing. Absent when
   * not read, or there.
   */
  recordGone?: RecordGone;
}

/**
 * What a record names that is no longer of use on the host (Backend.recordedState): `id`, gone
 * (its read answered 404), or `expired` (still read, but the host expired it: an Assistants vector
 * store's status `expired`), with when, seconds (null when the host does not say).
 */
export interface RecordGone {
  id: string;
  expired?: { at: number | null };
}

/**
 * `file:line:column` of the field at `path` in `d` (its nearest existing parent): how an error about
 * one field of a definition starts, as a diagnostic's location does.
 */
export function fieldAt(d: Pick<Definition, 'locate'>, path: ReadonlyArray<string | number>): string {
  const { file, line, column } = d.locate(path);
  return `${file}:${line}:${column}`;
}

/**
 * The UserError about the field at `path` of `d` (its nearest existing parent), `code` its
 * diagnostic code: located there in the text (`file:line:column: message`) and in --format json's fields.
 */
export function fieldError(d: Pick<Definition, 'locate'>, path: ReadonlyArray<string | number>, code: DiagnosticCode, message: string, hint: string): UserError {
  return UserError.at({ severity: 'error', code, location: d.locate(path), path: path.join('.'), message, hint });
}
