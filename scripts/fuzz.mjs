#!/usr/bin/env node
// The property tests under fresh seeds. `npm test` runs them with one fixed seed (the same on every
// machine, so CI never fails by chance); this draws a new seed per round to reach what that one
// does not, and on a failure names the seed to replay: `FC_SEED=<seed> npx vitest run <file>`.
// Usage: npm run fuzz [-- --rounds N] (default 5; each round is one run of every property test).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at === -1 ? 5 : Number(args[at + 1]);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('--rounds takes a whole number of rounds, 1 or more (npm run fuzz -- --rounds 20)\n');
  process.exit(1);
}

const testFiles = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const path = join(dir, e.name);
  return e.isDirectory() ? testFiles(path) : e.name.endsWith('.test.ts') ? [path] : [];
});
// They take fast-check, and its seed, from test/helpers/fast-check.ts.
const usesFastCheck = (path) => readFileSync(path, 'utf8').includes("helpers/fast-check.js'");
const files = testFiles('test').filter(usesFastCheck).sort();

for (let round = 1; round <= rounds; round++) {
  const seed = randomInt(-(2 ** 31), 2 ** 31);
  process.stderr.write(`round ${round}/${rounds}: FC_SEED=${seed}, ${files.length} files\n`);
  const run = spawnSync('npx', ['vitest', 'run', '--reporter=dot', ...files], { stdio: 'inherit', env: { ...process.env, FC_SEED: String(seed) } });
  if (run.status !== 0) {
    process.stderr.write(`\nA property failed under FC_SEED=${seed}. Replay it with: FC_SEED=${seed} npx vitest run <file>\n`);
    process.exit(1);
  }
}
