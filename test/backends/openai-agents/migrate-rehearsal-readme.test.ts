// README's "Migrating from assistants" gives a rehearsal without an account: an emulator of each
// OpenAI API, the bundled examples applied to the one, migrated, applied to the other, and both
// plans clean. This runs that block line by line as written (each `--port` mapped to an emulator
// on a free port), so a step the README gives that does not work fails here.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { runCli } from '../../helpers/cli.js';
import { testDir } from '../../helpers/each-test.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

let open: RunningEmulator[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

/** The sh block after the rehearsal's introduction, its lines without comments. */
function rehearsal(): string[] {
  const section = README.slice(README.indexOf('### Migrating from assistants'));
  const from = section.indexOf('```sh\n', section.indexOf('To rehearse it without an account'));
  const block = section.slice(from + 6, section.indexOf('\n```', from + 6));
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
}

it("README's openai → openai-agents rehearsal runs as written: both plans end clean", async () => {
  const lines = rehearsal();
  expect(lines.length).toBeGreaterThan(5);
  const cwd = testDir('aac-rehearsal-');
  cpSync(join(ROOT, 'assistants'), join(cwd, 'assistants'), { recursive: true });
  const urls = new Map<string, string>();
  const env: Record<string, string | undefined> = { AAC_NAMESPACE: undefined };
  let plansChecked = 0;
  for (const line of lines) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^aac emulator --provider (\S+) --port (\d+) .*&$/))) {
      const emu = await startEmulator({ provider: m[1]!, apiKey: 'any' });
      open.push(emu);
      urls.set(m[2]!, emu.url);
    } else if ((m = line.match(/^export (\w+)=(\S+)$/))) {
      env[m[1]!] = m[2]!;
    } else if ((m = line.match(/^echo '([^']*)' > (\S+)$/))) {
      writeFileSync(join(cwd, m[2]!), `${m[1]!}\n`);
    } else if ((m = line.match(/^(?:OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:(\d+)\/v1 )?aac (.*)$/))) {
      const base = m[1] === undefined ? {} : { OPENAI_BASE_URL: urls.get(m[1]) };
      expect(m[1] === undefined || urls.has(m[1]), line).toBe(true);
      const r = await runCli(m[2]!.split(' '), { cwd, env: { ...env, ...base } });
      expect(r.code, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
      if (m[2]!.includes('--detailed-exitcode')) plansChecked++;
    } else {
      throw new Error(`a line this test does not know how to run: ${line}`);
    }
  }
  expect(plansChecked).toBe(2);
  expect(urls.size).toBe(2);
});
