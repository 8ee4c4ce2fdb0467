// The project config, aac.yaml at the top of the definitions directory: which host the definitions
// are planned against. Schema-checked like the definitions, and refuses anything that looks like a
// secret: keys and tokens come from the environment only, so a config file is always safe to commit.
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { defaultProvider, providerInfo, providerNames } from '../backends/registry.js';
import type { ProjectConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Json } from '../model/json.js';
import { isObject } from '../model/json.js';
import { CONFIG_FILES } from '../desired/discover.js';
import { shownPath } from '../desired/paths.js';
import { validateAgainst } from '../yaml/schema.js';
import { readBounded } from '../desired/file-access.js';
import { repoRoot } from '../desired/repo-root.js';
import { MAX_FILE_BYTES, readYamlSource, type YamlSource } from '../yaml/source.js';

/** A broken symlink exists (and is an error); a missing file does not (and means the defaults). */
function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** aac.yaml's JSON Schema, resolved from this module so it works from src/ and dist/ alike. */
export const CONFIG_SCHEMA = new URL('../../schema/aac.schema.json', import.meta.url);

const SECRET_NAME = /(^|[_-])(api[_-]?key|apikey|key|keys|token|tokens|secret|secrets|password|passwd|credentials?|bearer|authorization)$/i;
const SECRET_QUERY = /(key|token|sig|secret|password)/i;

function secretFields(src: YamlSource, value: Json, provider: string, path: (string | number)[] = []): Diagnostic[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = [...path, k];
    if (SECRET_NAME.test(k)) {
      return [src.diag(here, {
        code: 'secret-in-config',
        message: `'${k}' looks like a secret; secrets come from the environment: ${providerInfo(provider)?.info.secrets ?? 'set the provider\'s key variable'} instead`,
        hint: 'remove it from the file (and rotate it if the file was ever committed)',
      })];
    }
    return secretFields(src, v, provider, here);
  });
}

function endpointChecks(src: YamlSource, endpoint: Json | undefined): Diagnostic[] {
  if (typeof endpoint !== 'string' || !/^https?:\/\//.test(endpoint)) return [];
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return [src.diag(['endpoint'], { code: 'invalid-format', message: 'endpoint is not a valid URL', hint: 'e.g. https://api.example.com/v1' }, 'value')];
  }
  const secretParam = [...url.searchParams.keys()].find((k) => SECRET_QUERY.test(k));
  if (url.username || url.password || secretParam !== undefined) {
    return [src.diag(['endpoint'], {
      code: 'secret-in-config',
      message: `endpoint carries credentials (${url.username || url.password ? 'user:password@' : `the '${secretParam}' query parameter`}); secrets come from the environment`,
      hint: 'remove them from the URL and set the provider\'s key variable instead',
    }, 'value')];
  }
  return [];
}

/**
 * Reads aac.yaml (or aac.yml) inside `dir`. No file is fine: the defaults apply. `opts.provider`
 * (--provider) overrides the file's provider; the default is openai.
 */
export async function loadProjectConfig(
  dir: string,
  opts: { cwd: string; provider?: string },
): Promise<{ config: ProjectConfig; diagnostics: Diagnostic[] }> {
  const fallback: ProjectConfig = { provider: opts.provider ?? defaultProvider(), options: {} };
  let path: string | undefined;
  let bytes: Buffer | undefined;
  const boundary = repoRoot(dir);
  for (const name of CONFIG_FILES) {
    path = join(dir, name);
    // The rule every file aac reads follows (symlinks only inside the repository, regular files only, bounded size).
    const got = readBounded(path, boundary, MAX_FILE_BYTES);
    if (!('code' in got)) {
      bytes = got.bytes;
      break;
    }
    if (got.code === 'file-not-found' && !lstatOrUndefined(path)) continue;
    // A config that is there but cannot be read must not silently mean "openai, defaults".
    const file = shownPath(opts.cwd, path);
    return {
      config: { ...fallback, file },
      diagnostics: [{
        severity: 'error',
        code: got.code,
        location: { file, line: 1, column: 1 },
        path: '',
        message: `cannot read the project config: ${got.reason}`,
        hint: got.hint,
      }],
    };
  }
  if (!bytes || !path) return { config: fallback, diagnostics: [] };

  const file = shownPath(opts.cwd, path);
  const src = readYamlSource(file, bytes);
  // An empty config file is a config with every default.
  const diagnostics = src.diagnostics.filter((d) => d.code !== 'empty-file');
  for (const other of CONFIG_FILES.map((name) => join(dir, name)).filter((p) => p !== path && existsSync(p))) {
    diagnostics.push({
      severity: 'warning',
      code: 'ignored-config',
      location: { file: shownPath(opts.cwd, other), line: 1, column: 1 },
      path: '',
      message: `${file} is the project config; this file is ignored`,
      hint: `merge it into ${file} and delete it`,
    });
  }
  const value = src.value;
  if (!isObject(value)) return { config: { ...fallback, file }, diagnostics };

  const fileProvider = providerNames().find((p) => p === value.provider);
  const provider = opts.provider ?? fileProvider ?? defaultProvider();
  const secrets = secretFields(src, value, provider);
  const secretPaths = new Set(secrets.map((d) => d.path));
  // Values are never quoted in config messages: a secret may sit in a field with an innocent name.
  const schema = validateAgainst(CONFIG_SCHEMA, src, { ownFields: new Set(['$schema']), quoteValues: false }).filter((d) => !secretPaths.has(d.path));
  diagnostics.push(...secrets, ...schema, ...endpointChecks(src, value.endpoint));
  diagnostics.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);

  const options: ProjectConfig['options'] = {};
  const o = isObject(value.options) ? value.options : {};
  if (typeof o.api_version === 'string') options.api_version = o.api_version;
  if (typeof o.concurrency === 'number') options.concurrency = o.concurrency;
  if (typeof o.timeout_ms === 'number') options.timeout_ms = o.timeout_ms;
  if (typeof o.max_retries === 'number') options.max_retries = o.max_retries;
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return {
    config: {
      provider,
      ...(ok && typeof value.endpoint === 'string' ? { endpoint: value.endpoint } : {}),
      ...(ok && typeof value.namespace === 'string' ? { namespace: value.namespace } : {}),
      file,
      options,
    },
    diagnostics,
  };
}
