#!/usr/bin/env node
// A stand-in for the `gh` CLI's `gh api` subcommand, for tests: the same arguments the workflows
// use (--paginate, --method, --input), sent to the loopback server in FAKE_GITHUB_API.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.shift() !== 'api') {
  process.stderr.write(`fake gh: only 'gh api' is supported, got: ${process.argv.slice(2).join(' ')}\n`);
  process.exit(2);
}
let method = 'GET';
let paginate = false;
let input;
let path;
while (args.length) {
  const a = args.shift();
  if (a === '--paginate') paginate = true;
  else if (a === '--method' || a === '-X') method = args.shift();
  else if (a === '--input') {
    const file = args.shift();
    input = readFileSync(file === '-' ? 0 : file, 'utf8');
  }
  else if (a.startsWith('-')) {
    process.stderr.write(`fake gh: unsupported flag ${a}\n`);
    process.exit(2);
  } else path = a;
}
let url = new URL(path.replace(/^\//, ''), `${process.env.FAKE_GITHUB_API}/`).toString();
const headers = { authorization: `token ${process.env.GH_TOKEN ?? ''}`, 'content-type': 'application/json' };
for (;;) {
  const res = await fetch(url, { method, headers, body: input });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!res.ok) {
    process.stderr.write(`gh: ${bytes.toString('utf8')} (HTTP ${res.status})\n`);
    process.exit(1);
  }
  process.stdout.write(bytes);
  const next = paginate && /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '');
  if (!next) break;
  url = next[1];
}
