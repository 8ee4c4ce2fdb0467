// Tests that spawn `aac` run what package.json's bin names: the bundle scripts/bundle.mjs makes
// from tsc's output. After `npx tsc` alone it would be older than the code it is made from, and a
// test would run the code as it was: bundle again first (a fraction of a second). Not built at
// all, it is left to the tests that spawn aac to say so (test/helpers/child-cli.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliFile } from '../../src/util/package.js';

export default function freshBundle(): void {
  const compiled = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
  const bundle = fileURLToPath(cliFile());
  if (!existsSync(compiled) || (existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs)) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/bundle.mjs', import.meta.url))], { stdio: 'inherit' });
}
