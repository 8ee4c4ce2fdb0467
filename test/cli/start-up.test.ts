// A command imports only the packages its run needs: importing is most of a small command's
// start-up (npm run bench measures it). ajv loads only to compile a schema the build did not,
// the diff library only to draw a change, yaml only for a file that is not JSON. And `aac plan`
// asks for the first page before it imports the modules that load definitions and plan.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BENCH_NAMESPACE, makeFleet } from '../../src/bench/fixtures.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runChild } from '../helpers/child-cli.js';

const REPORT = fileURLToPath(new URL('../helpers/report-packages.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/bin/', import.meta.url));

let emu: RunningEmulator | undefined;
let work: string | undefined;
afterEach(async () => {
  await emu?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  emu = work = undefined;
});

function packagesOf(stderr: string): string[] {
  const m = /\npackages=([^\n]*)\n/.exec(stderr);
  if (!m) throw new Error(`no package report in: ${stderr}`);
  return m[1]!.split(',').filter(Boolean);
}

describe('start-up', () => {
  it('a plan without changes of definitions written as JSON imports neither ajv, nor yaml, nor diff', async () => {
    work = mkdtempSync(join(tmpdir(), 'aac-start-up-'));
    const fleet = makeFleet(work, 3, 0, 'json');
    emu = await startEmulator();
    emu.seed(fleet.live);
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-start-up', AAC_NAMESPACE: BENCH_NAMESPACE };
    const plan = await runChild(['plan', '--dir', fleet.dir], { cwd: work, env, imports: [REPORT], deadlineMs: 30_000 });
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const packages = packagesOf(plan.stderr);
    // The report sees what was loaded: the client's SDK is.
    expect(packages).toContain('openai');
    expect(packages.filter((p) => ['ajv', 'yaml', 'diff'].includes(p))).toEqual([]);

    const validate = await runChild(['validate', '--dir', fleet.dir], { cwd: work, env: {}, imports: [REPORT], deadlineMs: 30_000 });
    expect(validate.code).toBe(0);
    expect(packagesOf(validate.stderr).filter((p) => ['ajv', 'yaml', 'diff', 'openai'].includes(p))).toEqual([]);
  });

  it("plan's command module reaches the definitions loader and the planner only through the import its run makes once listing has begun", () => {
    // esbuild heads each module's code in a chunk with a comment naming its file.
    const chunks = new Map(readdirSync(BUNDLE).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(join(BUNDLE, f), 'utf8')]));
    const holding = (module: string) => [...chunks].filter(([, text]) => text.includes(`\n// dist/${module}\n`)).map(([f]) => f);
    const staticImports = (file: string) => [...chunks.get(file)!.matchAll(/^(?:import\s[^;]*?from\s*|import\s*)"\.\/([^"]+)"/gm)].map((m) => m[1]!);
    const [planChunk] = holding('commands/plan.js');
    expect(planChunk).toBeDefined();
    const reached = new Set<string>();
    const walk = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      staticImports(file).forEach(walk);
    };
    walk(planChunk!);
    // What the first request needs is there; what loads, checks and plans is not.
    expect(holding('commands/reading.js').some((f) => reached.has(f))).toBe(true);
    for (const module of ['desired/index.js', 'plan/build.js', 'commands/plan-run.js']) {
      expect(holding(module).filter((f) => reached.has(f)), module).toEqual([]);
    }
    expect(chunks.get(planChunk!)).toMatch(/import\("\.\/plan-run-[A-Z0-9]+\.js"\)/);
  });
});
