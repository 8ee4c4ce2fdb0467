#!/usr/bin/env node
// The programs the test suite runs besides Node: shellcheck (every `run:` script of the Action and
// the workflows is checked), jq, zip and unzip (the Action's scripts use jq and unzip, as GitHub's
// runners have them; the tests zip artifacts).
// They come from Debian's packages: when one is missing and this runs as root with apt-get (CI
// does), it is installed; otherwise this says what to install and fails, so a check never goes
// missing quietly.
import { spawnSync } from 'node:child_process';

const TOOLS = { shellcheck: 'shellcheck', jq: 'jq', zip: 'zip', unzip: 'unzip' };

const missing = () => Object.entries(TOOLS).filter(([cmd]) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error).map(([, pkg]) => pkg);

let packages = missing();
if (packages.length > 0 && process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  process.stderr.write(`installing ${packages.join(', ')} from Debian's packages (needed by the tests)\n`);
  if (apt(['install', '-y', '-qq', ...packages]).status !== 0) {
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', ...packages]);
  }
  packages = missing();
}
if (packages.length > 0) {
  process.stderr.write(`the tests need ${packages.join(', ')}: install them (Debian/Ubuntu: apt-get install ${packages.join(' ')}; macOS: brew install ${packages.join(' ')})\n`);
  process.exit(1);
}
