#!/usr/bin/env node
// One set-up step for every npm script: install the locked dependencies when they are missing or
// older than package-lock.json, then build: compile, then the precompiled validators, then the bundle
// the `aac` bin runs. Idempotent, so `npm run demo` and `npm test` work on a fresh clone and cost
// little on a warm one. The compile is tsc's, which type-checks, unless `--no-type-check` is
// given (the Action's set-up, action.yml: its users' jobs build the same code at the pinned ref
// every run, and tsc took ~20 s of CPU each time): then each file is transpiled alone
// (scripts/transpile.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  run(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}
if (process.argv.includes('--no-type-check')) run(process.execPath, [join(root, 'scripts', 'transpile.mjs')]);
else run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')]);
run(process.execPath, [join(root, 'scripts', 'build-validators.mjs')]);
run(process.execPath, [join(root, 'scripts', 'bundle.mjs')]);
