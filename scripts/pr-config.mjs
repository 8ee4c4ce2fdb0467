#!/usr/bin/env node
// pr-config.mjs BASE PR OUT [--dir-in-repo PATH] [--moves-out FILE]: the aac.yaml a pull
// request's plan runs with. Where the credentials go must not come from the pull request: its
// provider and endpoint, and each environment's, are the base branch's (BASE, a file; empty when
// the base has none), and an environment the base does not declare is left out (its endpoint
// could only come from the pull request). Everything else — namespace, variables, values,
// overlays, retain_versions, options — is the pull request's (PR, a file, which need not exist),
// with its comments and layout. Writes the result to OUT and prints what was taken from the base
// where the pull request differs, one a line, in markdown (`` `endpoint` ``,
// `` `environments.prod.provider` ``, `` `environments.qa` (not declared on the base branch) ``).
//
// The namespace is the pull request's, and it decides which live resources the directory owns:
// with --moves-out, the script writes to FILE each namespace the result changes from the base
// branch's, one a line in markdown (`` `team-a` → `team-b` `` without environments,
// `` environment `prod`: `team-a` → `team-b` `` with them; an environment the base declares and the
// result no longer does, `` environment `qa` (no longer declared): … ``), nothing when none changes
// or AAC_NAMESPACE is set (it wins over aac.yaml in every plan, so aac.yaml's moves none). A
// namespace neither file writes is the default, the definitions directory's path in its git
// repository: PATH (`--dir-in-repo`, `.` when not given) is that path, as in the checkout
// (`assistants`, `teams/hr`), so that both readings resolve the default as the plan does.
//
// One reading decides: aac's own. What a plan uses is what `aac environments --format json` (the
// CLI of this checkout, run in this process from its bundle) reads from a file: a document
// `{format_version, provider, endpoint, namespace, environments: [{name, provider, endpoint,
// namespace}]}` (endpoints spelt as aac compares them, null when none is written; each namespace
// as aac.yaml writes it, else the default), with YAML merge keys, anchors and aliases, tags,
// quoting and flow or block style resolved as every aac command resolves them — so the result is
// checked against the base branch's by that reading, never by this script's own parse. Each
// reading places the file at PATH below a directory that stands for the repository's root (it
// holds a `.git`, as a checkout does). The rewrite below only makes the result say what the base
// says where it can (a field written as a plain key, or merged in and overridden by one); when aac
// still reads another provider or endpoint in the result (one set through an alias of a whole
// environment, a `<<` merge where the base has no value to set over it), nothing is planned: the
// script exits 1 with the reason on stderr.
//
// A result that aac refuses (not YAML, not a map, a repeated key, a schema error …) is written as
// it is, and no namespace is compared: every aac command refuses it before sending anything, and
// aac validate reports why. Exits 1 with the reason on stderr when BASE is not an aac.yaml aac can
// read, and 2 for arguments it does not take.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fields that say where a plan's requests, and so its credentials, go. */
const WHERE = ['provider', 'endpoint'];

/** The CLI of this checkout, as package.json's `bin` names it: the one the Action runs. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.aac);
/**
 * The CLI's bundle, which the bin runs (`require('./cli.js')` beside it): its `main(argv, io)` runs
 * one command line in this process and returns the exit code, never throwing, and its
 * `captureIO({ cwd, env })` makes the IO for such a run, keeping what it writes. A reading so costs
 * no second Node process (~0.1-0.2 s of CPU each, one to three a pull request).
 */
const BUNDLE = join(dirname(CLI), 'cli.js');

const USAGE = 'usage: pr-config.mjs BASE PR OUT [--dir-in-repo PATH] [--moves-out FILE]\n';
const [basePath, prPath, outPath, ...flags] = process.argv.slice(2);
const options = { '--dir-in-repo': '.', '--moves-out': undefined };
for (let i = 0; i < flags.length; i += 2) {
  if (!(flags[i] in options) || flags[i + 1] === undefined) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  options[flags[i]] = flags[i + 1];
}
const dirInRepo = options['--dir-in-repo'];
if (basePath === undefined || !prPath || !outPath || isAbsolute(dirInRepo) || dirInRepo.split(/[\\/]/).includes('..')) {
  process.stderr.write(USAGE);
  process.exit(2);
}

function refuse(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Where aac plans with `text` as aac.yaml (null: no aac.yaml), and in which namespaces: `{ where }`,
 * the document of `aac environments --format json` (see the top of this file), read with the file
 * at `dirInRepo` below a stand-in for the repository's root; or `{ errors }`, aac's located errors
 * (`assistants/aac.yaml:1:11: error: …`, one a line), when aac refuses the file. Anything else (aac
 * could not run) ends the script: nothing is planned.
 */
async function aacReading(text, whose) {
  const root = mkdtempSync(join(tmpdir(), 'aac-pr-config-'));
  const said = { stdout: '', stderr: '' };
  let status;
  try {
    // A git checkout's root, to aac (which looks for `.git` upwards): a namespace the file does
    // not write is then the directory's path below it, as in the pull request's checkout.
    mkdirSync(join(root, '.git'));
    const dir = join(root, dirInRepo);
    mkdirSync(dir, { recursive: true });
    if (text !== null) writeFileSync(join(dir, 'aac.yaml'), text);
    const { main, captureIO } = createRequire(import.meta.url)(BUNDLE);
    const run = captureIO({ cwd: root, env: process.env });
    status = await main(['environments', '--format', 'json', '--dir', dirInRepo], run.io);
    said.stdout = run.stdout();
    said.stderr = run.stderr();
  } catch (err) {
    // The bundle could not be loaded (a checkout not built): said as a run that failed would be.
    said.stderr += String(err?.message ?? err);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  let doc;
  try {
    doc = JSON.parse(said.stdout);
  } catch {
    doc = undefined;
  }
  if (status === 0 && doc !== undefined) return { where: doc };
  const located = (doc?.diagnostics ?? []).filter((d) => d.file !== null);
  if (status === 1 && located.length > 0) return { errors: located.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`).join('\n') };
  return refuse(`aac could not read ${whose} aac.yaml (${status === undefined ? 'not loaded' : `exit ${status}`}), so where its plan sends the key is unknown; nothing is planned:\n${said.stderr.trim()}`);
}

const baseText = basePath === '' ? null : readFileSync(basePath, 'utf8');
const base = await aacReading(baseText, "the base branch's");
if (base.errors !== undefined) {
  refuse(`the base branch's aac.yaml has errors, so where a plan may send the key cannot be read from it; nothing is planned. Fix it on the base branch:\n${base.errors}`);
}

const text = existsSync(prPath) ? readFileSync(prPath, 'utf8') : '{}\n';
// The YAML library only where the pull request's text is not the base's: the same text (a pull
// request that leaves aac.yaml alone, the common case) is neither rewritten nor located, and
// loading the library was ~70 ms of this script's ~0.45 s of CPU.
const { isAlias, isMap, isScalar, LineCounter, parse, parseDocument } = text === baseText ? {} : await import('yaml');
/** The pull request's file as messages name it: from the working directory (the repository's root in the Action), else by its name. */
const prShown = ((r) => (r.startsWith('..') || isAbsolute(r) ? basename(prPath) : r))(relative(process.cwd(), prPath));
const taken = [];

/**
 * The pull request's file with the base's provider and endpoint (each environment's too) where it
 * says otherwise, and no environment the base does not declare. Both files are read with merge
 * keys applied, as aac reads them, so a value merged in counts as written; the result is checked by
 * aac's reading afterwards, so a part this cannot rewrite is refused there, never let through.
 */
function rewritten() {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  let mine;
  let theirs;
  try {
    mine = doc.toJS() ?? {};
    theirs = (baseText === null ? {} : parse(baseText, { merge: true })) ?? {};
  } catch {
    return text;
  }
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const objectOr = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
  /** Makes `path` of the pull request's file what it is in the base's (absent when absent there). */
  const fromBase = (path, value, current) => {
    if (same(current, value)) return;
    if (value === undefined) doc.deleteIn(path);
    // A new node, not the old one's value changed: no tag or anchor of the pull request's stays on it.
    else doc.setIn(path, doc.createNode(value));
    taken.push(`\`${path.join('.')}\``);
  };
  try {
    for (const field of WHERE) fromBase([field], theirs[field], mine[field]);
    const envs = doc.get('environments', true);
    const declared = objectOr(theirs.environments) ?? {};
    for (const [name, env] of Object.entries(objectOr(mine.environments) ?? {})) {
      const base = objectOr(declared[name]);
      if (base === undefined) {
        if (isMap(envs)) envs.delete(name);
        taken.push(`\`environments.${name}\` (not declared on the base branch)`);
        continue;
      }
      if (!isMap(envs) || !isMap(envs.get(name, true))) continue;
      for (const field of WHERE) fromBase(['environments', name, field], base[field], objectOr(env)?.[field]);
    }
    if (isMap(envs) && envs.items.length === 0) doc.delete('environments');
    return doc.toString();
  } catch {
    // A path through an alias cannot be set, nor an alias written whose anchor went with an
    // environment: the pull request's file is checked as it is, and refused for what it says.
    taken.length = 0;
    return text;
  }
}

/**
 * Where in the pull request's file (`text`, as the author wrote it) aac's value at `path` comes
 * from, for the message: ` (assistants/aac.yaml:L:C)`, at the `<<` merge key or the alias it comes through, or
 * at the key itself when written plainly; '' when the file writes nothing there (a default, or a
 * value the top level gives an environment).
 */
function writtenAt(path) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { merge: true, lineCounter: lines });
  const at = (node) => {
    const { line, col } = lines.linePos(node.range?.[0] ?? 0);
    return ` (${prShown}:${line}:${col})`;
  };
  let node = doc.contents;
  let found;
  for (const segment of path) {
    if (isAlias(node)) return at(node);
    if (!isMap(node)) return '';
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
    if (pair === undefined) {
      // A merge key reads as a symbol (the library's MERGE_KEY), as aac's own reader has it.
      const merge = node.items.find((p) => isScalar(p.key) && typeof p.key.value === 'symbol');
      return merge === undefined ? '' : at(merge.key);
    }
    found = pair.key;
    node = pair.value;
  }
  return found === undefined ? '' : at(found);
}

/** Where aac's reading `b` of the pull request's file sends the key elsewhere than `a`, the base's: one line each. */
function differences(a, b) {
  const shown = (v) => (v === null ? "none written (the provider's default)" : v);
  const differ = [];
  for (const field of WHERE) {
    if (a[field] !== b[field]) differ.push(`\`${field}\`${writtenAt([field])}: ${shown(b[field])} here, ${shown(a[field])} on the base branch`);
  }
  for (const env of b.environments) {
    const theirs = a.environments.find((e) => e.name === env.name);
    if (theirs === undefined) {
      differ.push(`\`environments.${env.name}\`${writtenAt(['environments', env.name])}: not declared on the base branch`);
      continue;
    }
    for (const field of WHERE) {
      const path = ['environments', env.name, field];
      if (env[field] !== theirs[field]) differ.push(`\`${path.join('.')}\`${writtenAt(path)}: ${shown(env[field])} here, ${shown(theirs[field])} on the base branch`);
    }
  }
  return differ;
}

/**
 * The namespaces aac's reading `b` of the result plans in where `a`, the base's, plans in another,
 * one markdown line each: the top level's when `b` declares no environments (against each of the
 * base's environments when it declares some: those plans are the base's), else each environment's
 * that the base declares too (the result declares no other).
 */
function namespaceMoves(a, b) {
  const move = (from, to, what) => (from === to ? [] : [`${what}\`${from}\` → \`${to}\``]);
  if (b.environments.length === 0) {
    if (a.environments.length === 0) return move(a.namespace, b.namespace, '');
    return a.environments.flatMap((e) => move(e.namespace, b.namespace, `environment \`${e.name}\` (no longer declared): `));
  }
  return b.environments.flatMap((e) => {
    const theirs = a.environments.find((x) => x.name === e.name);
    return theirs === undefined ? [] : move(theirs.namespace, e.namespace, `environment \`${e.name}\`: `);
  });
}

// A file aac reads as sending the key where the base's does is planned as it is; any other is
// rewritten (one aac refuses too: the rewrite may drop what it refuses, an undeclared environment
// on another's target) and checked again.
let out = text;
// The same text as the base's reads as the base's (the common case: a pull request that leaves
// aac.yaml alone), so aac is not run a second time to say so.
const asWritten = text === baseText ? base : await aacReading(text, "the pull request's");
let planned = asWritten;
if (asWritten.where === undefined || differences(base.where, asWritten.where).length > 0) {
  out = rewritten();
  const result = await aacReading(out, "the pull request's");
  planned = result;
  const differ = result.where === undefined ? [] : differences(base.where, result.where);
  if (differ.length > 0) {
    refuse([
      "the pull request's aac.yaml sends the plan's requests, and so the key, elsewhere than the base branch's, in a way that cannot be undone here; nothing is planned:",
      ...differ.map((d) => `- ${d}`),
      'aac reads these through a YAML merge key (`<<`), an alias, or another form this step cannot rewrite: write `provider:` and `endpoint:` as plain keys of the top level and of each environment, and each environment as a plain key of `environments:` (then the plan takes the base branch\'s where they differ, and says so); or leave them as the base branch has them.',
    ].join('\n'));
  }
}
writeFileSync(outPath, out);
for (const line of taken) process.stdout.write(`${line}\n`);
if (options['--moves-out'] !== undefined) {
  const moves = planned.where === undefined || process.env.AAC_NAMESPACE ? [] : namespaceMoves(base.where, planned.where);
  writeFileSync(options['--moves-out'], moves.map((line) => `${line}\n`).join(''));
}
