// git's own files are inside the work tree but no file of the commit, and `.git/config` may hold
// the checkout's credentials (actions/checkout's `extraheader`, a token in a remote's URL): a
// definition that names one — by instructions_file, a `$ref`, or a definition file that is a
// symlink to it — is refused at that place, and nothing of the file reaches the output or the host.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const TOKEN = 'eC1hY2Nlc3MtdG9rZW46Z2hzX0ZBS0VUT0tFTjEyMzQ1Ng==';
const KEY = 'sk-test-git-own-files';

it("a definition that reads git's own files is refused where it names them, and the file's content is never shown or sent", async () => {
  const emu = await testEmulator({ apiKey: KEY });
  const root = testDir('aac-git-own-');
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git/config'), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`);
  writeFileSync(join(root, '.git/tool.yaml'), 'type: code_interpreter\n');
  // A submodule's `.git` is a file.
  mkdirSync(join(root, 'vendored'));
  writeFileSync(join(root, 'vendored/.git'), 'gitdir: ../.git/modules/vendored\n');
  mkdirSync(join(root, 'assistants'));
  writeFileSync(join(root, 'assistants/a.yaml'), 'model: gpt-4o\ninstructions_file: ../.git/config\n');
  writeFileSync(join(root, 'assistants/b.yaml'), 'model: gpt-4o\ntools:\n  - $ref: ../.git/tool.yaml\n');
  writeFileSync(join(root, 'assistants/c.yaml'), 'model: gpt-4o\ninstructions_file: ../vendored/.git\n');
  symlinkSync('../.git/config', join(root, 'assistants/d.yaml'));
  const why = "it is one of git's own files (in .git), never part of a definition: they may hold the checkout's credentials";
  for (const argv of [['validate'], ['plan'], ['plan', '--format', 'markdown']]) {
    const r = await runCli([...argv, '--no-color'], { cwd: root, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url } });
    expect(r.code, argv.join(' ')).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`assistants/a.yaml:2:20: error: cannot read instructions_file '../.git/config': ${why}`);
    expect(out).toContain(`assistants/b.yaml:3:11: error: $ref '../.git/tool.yaml': cannot read the fragment: ${why}`);
    expect(out).toContain(`assistants/c.yaml:2:20: error: cannot read instructions_file '../vendored/.git': ${why}`);
    expect(out).toContain(`assistants/d.yaml:1:1: error: cannot read the file: ${why}`);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('.git/**');
  }
  // A plan lists while it loads (the listing overlaps the files' reads); it writes nothing.
  expect(Object.keys(emu.stats().byRoute).filter((route) => !route.startsWith('GET '))).toEqual([]);
});
