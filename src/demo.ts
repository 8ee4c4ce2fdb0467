// `npm run demo`: the quick-start. Starts the bundled emulator, brings it to the state of the
// example definitions with a real `aac apply`, then changes things behind the tool's back the way
// a busy team does — an edited prompt, a tweaked temperature, a deleted assistant, one made by
// hand, one whose definition was removed — and prints the plan that puts it right.
import { fileURLToPath } from 'node:url';
import { main, processIO } from './cli.js';
import type { CliIO } from './commands/command.js';
import { startEmulator } from './emulator/index.js';
import { decodeMarker, encodeMarker } from './model/marker.js';

/** The demo's namespace, set explicitly: an installed package is not a git repository. */
const NAMESPACE = 'demo';

const root = fileURLToPath(new URL('..', import.meta.url));

function quietIO(io: CliIO, env: CliIO['env']): CliIO & { output: () => string } {
  let out = '';
  return {
    ...io,
    env,
    cwd: root,
    interactive: false,
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (out += t) },
    output: () => out,
  };
}

async function demo(): Promise<number> {
  const io = processIO();
  const emu = await startEmulator({});
  try {
    // Only what the demo sets: a key or endpoint in the user's shell must not send it elsewhere.
    const env = { PATH: process.env.PATH, NO_COLOR: process.env.NO_COLOR, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-emulator-demo', AAC_NAMESPACE: NAMESPACE };
    const setup = quietIO(io, env);
    if ((await main(['apply', '--yes', '--dir', 'assistants'], setup)) !== 0) {
      process.stderr.write(`demo: setting up the emulator failed:\n${setup.output()}`);
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
    return await main(['plan', '--dir', 'assistants'], { ...io, env, cwd: root });
  } finally {
    await emu.close();
  }
}

process.exitCode = await demo();
