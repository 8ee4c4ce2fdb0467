#!/usr/bin/env node
// environments.mjs [--providers] DIR [NAMES]: the environments of aac.yaml (in the definitions
// directory DIR, relative to the current directory) that one run of the Action covers, one a line,
// in aac.yaml's order — the order they are promoted in. NAMES (space- or comma-separated) picks
// some of them; empty picks every one. Prints nothing when aac.yaml declares none (and none is
// asked for). With --providers: the providers those environments plan with instead (the top
// level's when aac.yaml declares none), each once.
//
// aac.yaml is read by aac's own loader, from the build the Action's set-up made (dist/), so the
// Action lists exactly the environments `aac --env NAME` accepts. Exits 1, with the reason on
// stderr, when aac.yaml has errors (`aac validate` locates them), when NAMES are given but aac.yaml
// declares no environments, or when a name is not declared.
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const providers = args[0] === '--providers';
const [dir, names = ''] = providers ? args.slice(1) : args;
if (!dir) {
  process.stderr.write('usage: environments.mjs [--providers] DIR [NAMES]\n');
  process.exit(2);
}
const { loadProjectConfig } = await import(new URL('../dist/config/index.js', import.meta.url).href);
const loaded = await loadProjectConfig(resolve(dir), { cwd: process.cwd() });
const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) {
  const { renderDiagnosticsText } = await import(new URL('../dist/render/diagnostics.js', import.meta.url).href);
  process.stderr.write(`the project config has errors, so its environments cannot be listed:\n${renderDiagnosticsText(errors, { color: false })}`);
  process.exit(1);
}
const declared = loaded.environments.environments.map((e) => e.name);
const asked = names.split(/[\s,]+/).filter(Boolean);
if (asked.length > 0 && declared.length === 0) {
  process.stderr.write(`environment ${asked.join(', ')}: aac.yaml in ${dir} declares no environments\n`);
  process.exit(1);
}
const unknown = asked.filter((name) => !declared.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`environment ${unknown.join(', ')}: not declared in aac.yaml in ${dir} (it declares ${declared.join(', ')})\n`);
  process.exit(1);
}
const covered = loaded.environments.environments.filter((e) => asked.length === 0 || asked.includes(e.name));
if (providers) {
  // An environment's own provider replaces the top level's (as `aac --env NAME` takes it).
  const used = covered.length === 0 ? [loaded.config.provider] : covered.map((e) => e.provider ?? loaded.config.provider);
  for (const provider of new Set(used)) process.stdout.write(`${provider}\n`);
} else {
  for (const { name } of covered) process.stdout.write(`${name}\n`);
}
