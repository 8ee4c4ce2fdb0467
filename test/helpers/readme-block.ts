// Runs a shell block of README.md line by line as a newcomer copies it, so that a step the README
// gives that does not work fails a test: each `aac emulator … --port N … &` started on a free port
// (its `127.0.0.1:N` then read, wherever a later line writes it, as that emulator's address),
// `export`s, `mkdir`, `echo '…' >`/`>>` and every `aac …` line, which must exit 0.
import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli, type CliResult } from './cli.js';
import { testEmulator } from './each-test.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The lines, comments dropped, of the first ```sh block after `intro` in the README section headed `heading`. */
export function readmeBlock(heading: string, intro: string): string[] {
  const section = README.slice(README.indexOf(heading));
  const from = section.indexOf('```sh\n', section.indexOf(intro));
  const block = section.slice(from + 6, section.indexOf('\n```', from + 6));
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim()).filter((l) => l !== '');
}

/** What each `aac` line printed, in order, with the line as written. */
export type BlockRun = Array<{ line: string } & CliResult>;

/** Runs `lines` (readmeBlock) in `cwd`; throws on a line it does not know how to run. */
export async function runReadmeBlock(lines: readonly string[], cwd: string): Promise<BlockRun> {
  const origins = new Map<string, string>();
  // The address as written, `127.0.0.1:8080`, read as the emulator's started for that port.
  const mapped = (text: string) => text.replace(/http:\/\/127\.0\.0\.1:(\d+)/g, (all, port: string) => origins.get(port) ?? all);
  const env: Record<string, string | undefined> = { AAC_NAMESPACE: undefined, AAC_ENV: undefined, OPENAI_BASE_URL: undefined, AZURE_AI_PROJECT_ENDPOINT: undefined };
  const runs: BlockRun = [];
  for (const line of lines) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^aac emulator --provider (\S+) --port (\d+) .*&$/))) {
      const emu = await testEmulator({ provider: m[1]!, apiKey: 'any' });
      origins.set(m[2]!, new URL(emu.url).origin);
    } else if ((m = line.match(/^export ((?:\w+=\S+ ?)+)$/))) {
      for (const pair of m[1]!.trim().split(' ')) {
        const [name, value] = pair.split(/=(.*)/s) as [string, string];
        env[name] = mapped(value);
      }
    } else if ((m = line.match(/^mkdir (\S+)$/))) {
      mkdirSync(join(cwd, m[1]!));
    } else if ((m = line.match(/^echo '([^']*)' (>>?) (\S+)$/))) {
      (m[2] === '>' ? writeFileSync : appendFileSync)(join(cwd, m[3]!), `${mapped(m[1]!)}\n`);
    } else if ((m = line.match(/^aac (.*)$/))) {
      const r = await runCli(m[1]!.split(' '), { cwd, env });
      expect(r.code, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
      runs.push({ line, ...r });
    } else {
      throw new Error(`a line this test does not know how to run: ${line}`);
    }
  }
  return runs;
}
