// A command loads and runs only the packages and modules its run needs: that is most of a small
// command's start-up (npm run bench measures it). ajv loads only to compile a schema the build did
// not, the diff library only to draw a change, yaml only for a file that is not JSON; and of Node's
// own modules, not its fetch implementation for requests sent through node:http
// (src/backends/http/header-list.ts), nor its web streams for requests that stream nothing, nor
// its fetch implementation again for write bodies that are no form (src/backends/http/web-globals.ts), nor https and tls for an http:// endpoint
// (src/backends/http/http-fetch.ts), nor perf_hooks for a clock (src/util/event-loop.ts).
// And `aac plan` asks for the first page before it runs the modules that load definitions and plan.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCH_NAMESPACE, makeFleet } from '../../src/bench/fixtures.js';
import { runChild } from '../helpers/child-cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const REPORT = fileURLToPath(new URL('../helpers/report-packages.mjs', import.meta.url));
const CLI_BUNDLE = fileURLToPath(new URL('../../dist/bin/cli.js', import.meta.url));

function packagesOf(stderr: string): string[] {
  const m = /\npackages=([^\n]*)\n/.exec(stderr);
  if (!m) throw new Error(`no package report in: ${stderr}`);
  return m[1]!.split(',').filter(Boolean);
}

describe('start-up', () => {
  it('a plan without changes of definitions written as JSON imports neither ajv, nor yaml, nor diff, nor Node\'s fetch, web streams, https or perf_hooks', async () => {
    const work = testDir('aac-start-up-');
    const fleet = makeFleet(work, 3, 0, 'json');
    const emu = await testEmulator();
    emu.seed(fleet.live);
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-start-up', AAC_NAMESPACE: BENCH_NAMESPACE };
    const plan = await runChild(['plan', '--dir', fleet.dir], { cwd: work, env, imports: [REPORT], deadlineMs: 30_000 });
    expect(plan.stdout).toContain(`No changes in namespace '${BENCH_NAMESPACE}'.`);
    expect(plan.code).toBe(0);
    const packages = packagesOf(plan.stderr);
    // The report sees what was loaded: the client's SDK is.
    expect(packages).toContain('openai');
    expect(packages.filter((p) => ['ajv', 'yaml', 'diff'].includes(p))).toEqual([]);
    const builtins = /\nbuiltins=([^\n]*)\n/.exec(plan.stderr)![1]!.split(',');
    expect(builtins).toContain('http');
    expect(builtins.filter((id) => ['internal/deps/undici/undici', 'internal/webstreams/readablestream', 'https', 'tls', 'perf_hooks'].includes(id))).toEqual([]);

    const validate = await runChild(['validate', '--dir', fleet.dir], { cwd: work, env: {}, imports: [REPORT], deadlineMs: 30_000 });
    expect(validate.code).toBe(0);
    // The SDK is compiled with the CLI's one file, so only the bundle's structure (below) shows
    // that validate never runs it.
    expect(packagesOf(validate.stderr).filter((p) => ['ajv', 'yaml', 'diff'].includes(p))).toEqual([]);
  });

  it("an apply's writes do not import Node's fetch: the SDK's test of each body for a form is answered without it", async () => {
    const work = testDir('aac-start-up-');
    const fleet = makeFleet(work, 3, 0, 'json');
    const emu = await testEmulator();
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-start-up', AAC_NAMESPACE: BENCH_NAMESPACE };
    const apply = await runChild(['apply', '-lock=false', '--yes', '--dir', fleet.dir], { cwd: work, env, imports: [REPORT], deadlineMs: 30_000 });
    expect(apply.code).toBe(0);
    expect(emu.stats().byRoute['POST /assistants']).toBe(3);
    const builtins = /\nbuiltins=([^\n]*)\n/.exec(apply.stderr)![1]!.split(',');
    expect(builtins).toContain('http');
    expect(builtins.filter((id) => ['internal/deps/undici/undici', 'internal/webstreams/readablestream'].includes(id))).toEqual([]);
  });

  it("plan's command module runs the definitions loader and the planner only at the import its run makes once listing has begun; validate never runs the SDK", () => {
    const bundle = initializations(readFileSync(CLI_BUNDLE, 'utf8'));
    const runAt = (start: string) => {
      const ran = new Set<string>();
      const walk = (name: string) => {
        if (ran.has(name)) return;
        ran.add(name);
        bundle.modules.get(name)?.calls.forEach(walk);
      };
      [...bundle.atStart, bundle.named(start)].forEach(walk);
      return new Set([...ran].map((name) => bundle.modules.get(name)?.path));
    };
    const plan = runAt('dist/commands/plan.js');
    // What the first request needs runs with the command; what loads, checks and plans does not.
    expect(plan.has('dist/commands/reading.js')).toBe(true);
    for (const module of ['dist/desired/index.js', 'dist/plan/build.js', 'dist/plan/change.js', 'dist/commands/plan-run.js']) expect(plan.has(module), module).toBe(false);
    expect(bundle.modules.get(bundle.named('dist/commands/plan.js'))!.body).toMatch(/Promise\.resolve\(\)\.then\(\(\) => \(init_plan_run\(\), plan_run_exports\)\)/);
    const validate = runAt('dist/commands/validate.js');
    expect(validate.has('dist/desired/index.js')).toBe(true);
    expect([...validate].filter((path) => path?.startsWith('node_modules/openai/'))).toEqual([]);
  });
});

interface Initialization {
  /** The module's file, as esbuild names it: `dist/commands/plan.js`, `node_modules/openai/index.mjs`. */
  path: string;
  /** Its code run when it is first imported or required. */
  body: string;
  /** The modules that code runs first (its static imports): their initializers' names. */
  calls: string[];
}

/**
 * The CLI's one CommonJS file read as esbuild writes it: a module that must wait to run (imported
 * dynamically, or a CommonJS package) is wrapped in a function run at its first import or require
 * (`var init_plan = __esm({ "dist/commands/plan.js"() { init_reading(); ... } })`), and the file's
 * own top-level code runs the initializers of what the entry imports statically (`init_x();` at
 * the start of a line).
 */
function initializations(text: string): { modules: Map<string, Initialization>; atStart: string[]; named(path: string): string } {
  const modules = new Map<string, Initialization>();
  for (const m of text.matchAll(/^var (\w+) = __(?:esm|commonJS)\(\{\n  "([^"]+)"\([^)]*\) \{\n([\s\S]*?)\n  \}\n\}\);$/gm)) {
    const body = m[3]!;
    // A dynamic import runs its module later: `Promise.resolve().then(() => (init_x(), x_exports))`.
    const now = body.replace(/Promise\.resolve\(\)\.then\(\(\) => \(init_\w+\(\), \w+\)\)/g, '');
    modules.set(m[1]!, { path: m[2]!, body, calls: [...now.matchAll(/\b((?:init|require)_\w+)\(\)/g)].map((c) => c[1]!) });
  }
  const atStart = [...text.matchAll(/^(?:init_\w+|var \w+ = __toESM\((require_\w+))\(\)/gm)].map((m) => m[1] ?? m[0].slice(0, -2));
  return {
    modules,
    atStart,
    named: (path) => [...modules].find(([, i]) => i.path === path)?.[0] ?? expect.fail(`${path} is not a module run on demand in the bundle`),
  };
}
