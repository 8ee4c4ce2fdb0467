// `npm run demo`: the quick-start. Starts the bundled emulator, brings it to the state of the
// example definitions with a real `aac apply`, then changes things behind the tool's back the way
// a busy team does — an edited prompt, a tweaked temperature, a deleted assistant, one made by
// hand, one whose definition was removed — and prints the plan that puts it right. `aac` runs as
// a user runs it: package.json's bin, in a process of its own.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './emulator/index.js';
import { decodeMarker, encodeMarker } from './model/marker.js';
import { cliFile } from './util/package.js';

/** The demo's namespace, set explicitly: an installed package is not a git repository. */
const NAMESPACE = 'demo';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs `aac args` in the package root with exactly `env`; its output is shown when `show`, else
 * kept and returned. Resolves with the exit code (1 when killed by a signal).
 */
function aac(args: string[], env: NodeJS.ProcessEnv, show: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(cliFile()), ...args], { cwd: root, env, stdio: ['ignore', show ? 'inherit' : 'pipe', show ? 'inherit' : 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d));
    child.stderr?.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function demo(): Promise<number> {
  const emu = await startEmulator({});
  try {
    // Only what the demo sets: a key or endpoint in the user's shell must not send it elsewhere.
    const env = { PATH: process.env.PATH, NO_COLOR: process.env.NO_COLOR, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-emulator-demo', AAC_NAMESPACE: NAMESPACE };
    const setup = await aac(['apply', '--yes', '--dir', 'assistants'], env, false);
    if (setup.code !== 0) {
      process.stderr.write(`demo: setting up the emulator failed:\n${setup.output}`);
      return 1;
    }
    const keyOf = (a: Record<string, unknown>) => decodeMarker((a.metadata as Record<string, string> | null) ?? {}).marker?.key;
    const managed = emu.resources().filter(keyOf);
    const byKey = (i: number) => managed[i % managed.length];
    const [first, second, third] = [byKey(0), byKey(1), byKey(2)];
    emu.mutate(first.id as string, {
      instructions: `${String(first.instructions ?? '')}\nAlways answer in French.`,
      temperature: 1.4,
    });
    emu.mutate(second.id as string, { metadata: { ...(second.metadata as Record<string, string>), owner: 'someone-else' } });
    await fetch(`${emu.url}/assistants/${third.id as string}`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer sk-emulator-demo', 'openai-beta': 'assistants=v2' },
    });
    emu.seed([
      { model: 'gpt-4o-mini', name: 'Made by hand in the dashboard' },
      { model: 'gpt-4o', name: 'Retired FAQ bot', metadata: encodeMarker({ namespace: NAMESPACE, key: 'support/legacy-faq' }) },
    ]);

    process.stdout.write(
      `Demo: the Assistants API emulator is running at ${emu.url}.\n` +
        `The examples in assistants/ were applied, then changed behind the tool's back:\n` +
        `  ${keyOf(first)}: instructions and temperature edited\n` +
        `  ${keyOf(second)}: metadata edited\n` +
        `  ${keyOf(third)}: deleted\n` +
        `  support/legacy-faq: still live, but its definition is gone (an orphan)\n` +
        `  one assistant made by hand (unmanaged: never touched)\n\n` +
        `$ aac plan --dir assistants\n\n`,
    );
    return (await aac(['plan', '--dir', 'assistants'], env, true)).code;
  } finally {
    await emu.close();
  }
}

process.exitCode = await demo();
