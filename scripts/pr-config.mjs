#!/usr/bin/env node
// pr-config.mjs BASE PR OUT: the aac.yaml a pull request's plan runs with. Where the credentials
// go must not come from the pull request: its provider and endpoint, and each environment's, are
// the base branch's (BASE, a file; empty when the base has none), and an environment the base
// does not declare is left out (its endpoint could only come from the pull request). Everything
// else — namespace, variables, values, overlays, retain_versions, options — is the pull request's
// (PR, a file, which need not exist), with its comments and layout. Writes the result to OUT and
// prints what was taken from the base where the pull request differs, one a line, in markdown
// (`` `endpoint` ``, `` `environments.prod.provider` ``, `` `environments.qa` (not declared on
// the base branch) ``).
//
// A file that is not YAML with a map at the top is left as it is: aac validate refuses it, and
// nothing is planned. Exits 1 with the reason on stderr when BASE cannot be read as one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isMap, parse, parseDocument } from 'yaml';

/** The fields that say where a plan's requests, and so its credentials, go. */
const WHERE = ['provider', 'endpoint'];

const [basePath, prPath, outPath] = process.argv.slice(2);
if (basePath === undefined || !prPath || !outPath) {
  process.stderr.write('usage: pr-config.mjs BASE PR OUT\n');
  process.exit(2);
}
let base = {};
if (basePath !== '') {
  try {
    base = parse(readFileSync(basePath, 'utf8')) ?? {};
  } catch (e) {
    process.stderr.write(`the base branch's aac.yaml is not YAML: ${e.message}\n`);
    process.exit(1);
  }
  if (typeof base !== 'object' || Array.isArray(base)) {
    process.stderr.write("the base branch's aac.yaml has no map at its top\n");
    process.exit(1);
  }
}
const text = existsSync(prPath) ? readFileSync(prPath, 'utf8') : '{}\n';
const doc = parseDocument(text);
const taken = [];
if (doc.errors.length === 0 && isMap(doc.contents)) {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  /** Makes `path` of the pull request's file what it is in the base's (absent when absent there). */
  const fromBase = (path, value) => {
    const node = doc.getIn(path);
    const mine = node !== null && typeof node === 'object' && 'toJSON' in node ? node.toJSON() : node;
    if (same(mine, value)) return;
    if (value === undefined) doc.deleteIn(path);
    else doc.setIn(path, value);
    taken.push(`\`${path.join('.')}\``);
  };
  for (const field of WHERE) fromBase([field], base[field]);
  const envs = doc.get('environments', true);
  if (isMap(envs)) {
    const declared = base.environments && typeof base.environments === 'object' ? base.environments : {};
    for (const name of envs.items.map((pair) => String(pair.key?.value ?? pair.key))) {
      const theirs = declared[name];
      if (theirs === undefined || theirs === null || typeof theirs !== 'object') {
        envs.delete(name);
        taken.push(`\`environments.${name}\` (not declared on the base branch)`);
        continue;
      }
      if (!isMap(envs.get(name, true))) continue;
      for (const field of WHERE) fromBase(['environments', name, field], theirs[field]);
    }
    if (envs.items.length === 0) doc.delete('environments');
  }
}
writeFileSync(outPath, doc.errors.length === 0 && isMap(doc.contents) ? doc.toString() : text);
for (const line of taken) process.stdout.write(`${line}\n`);
