// `npm run bench`: plan and apply at scale against the emulator with injected latency, each figure
// beside the lower bound that the API's latency and rate limit set, and each plan beside a naive
// reconciler's on the same server and files. Every figure is the wall time of a whole spawned
// process (Node's start-up and the imports included), sampled several times: the median and the
// spread are printed. The emulator runs in its own process. `--quick` runs the smallest sizes once
// (the test suite does, asserting request counts; no time is asserted anywhere).
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { oneCursorRequests, twoCursorRequests } from '../backends/http/pagination.js';
import { RUNS_THAT_ADD } from '../compile-cache.cjs';
import { cliFile } from '../util/package.js';
import { AGENT_FLEET, ASSISTANT_FLEET, BENCH_NAMESPACE, FOUNDRY_AGENT_FLEET, makeFleet, type Fleet, type FleetFormat, type FleetKind } from './fixtures.js';
import { childEnv, describeMachine, probeMachine } from './machine.js';
import { median } from './median.js';
import type { ServerRequest, ServerStats } from './server.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = fileURLToPath(cliFile());
const NAIVE = join(HERE, 'naive.js');
const SERVER = join(HERE, 'server.js');
const HOOK = join(HERE, 'report-hook.cjs');

/** Targets (see README, Performance). */
const TARGET = {
  /** Plan wall time over the naive reconciler's, N < 10,000. */
  planVsNaive: 0.6,
  /** Plan wall time over its latency bound, N ≥ 10,000. */
  planVsBound: 1.3,
  /** Apply: the writes' span over ⌈k/c⌉ round trips; rate-limited: wall over requests/R. */
  writesVsBound: 1.15,
  /** Peak RSS over the memory baseline (memoryBaseline), as a multiple of the live + desired JSON. */
  memoryFactor: 3,
  versionMs: 80,
  validate100Ms: 300,
};

/**
 * A backend's listing as the plan rows measure it: which provider plans it, what its definitions
 * hold, the route its pages come from, and what its walk costs (backends/http/pagination.ts).
 */
interface Listing {
  /** The row's name: `plan (json)`, `openai-agents plan (json)`. */
  name: string;
  provider: string;
  fleet: FleetKind;
  /** The emulator's name for the list route, to count its requests. */
  route: string;
  /** The most requests the walk makes for n resources (a one-cursor walk makes exactly these). */
  requests(n: number): number;
  /** Round trips no walk of its kind can do with fewer: the plan's bound is these × latency. */
  roundTrips(n: number): number;
  /** Whether the naive reconciler (Assistants API, one cursor) plans the same fleet beside aac. */
  naive: boolean;
}

const LISTINGS: Record<string, Listing> = {
  // Two cursors, 100 a page each, one from either end.
  assistants: { name: 'plan', provider: 'openai', fleet: ASSISTANT_FLEET, route: 'GET /assistants', requests: twoCursorRequests, roundTrips: (n) => Math.ceil(Math.max(1, n) / 200), naive: true },
  // No `before` in the Agents API: one cursor, every page after the one before.
  'openai-agents': { name: 'openai-agents plan', provider: 'openai-agents', fleet: AGENT_FLEET, route: 'GET /agents', requests: oneCursorRequests, roundTrips: oneCursorRequests, naive: false },
  // Foundry prompt agents: one cursor too (`kind=prompt`, `after` = the page's last_id; an
  // AgentObject has no created_at to walk from both ends by), each agent with its latest version.
  'foundry-agents': { name: 'foundry-agents plan', provider: 'foundry-agents', fleet: FOUNDRY_AGENT_FLEET, route: 'GET /agents', requests: oneCursorRequests, roundTrips: oneCursorRequests, naive: false },
};

interface Sample {
  code: number;
  wallMs: number;
  cpuMs: number;
  maxRssBytes: number;
  stdout: string;
  stderrBytes: number;
}

/**
 * The temporary directory of every process the bench runs, new for each bench: aac keeps its
 * compiled code there between runs (src/compile-cache.cts), so the figures do not depend on what
 * ran on the machine before, and each command's first runs in the bench (the memory baselines'
 * plans, the first validates) make the code the later runs take.
 */
const CHILD_TMP = mkdtempSync(join(tmpdir(), 'aac-bench-tmp-'));
process.once('exit', () => rmSync(CHILD_TMP, { recursive: true, force: true }));

/**
 * Runs `script` (a file, or NODE_ALONE's `-e` with its code in `args`) in a fresh Node process;
 * wall time from spawn to exit, CPU and RSS of the whole process.
 */
function runNode(script: string, args: string[], env: Record<string, string>): Promise<Sample> {
  const reportDir = mkdtempSync(join(tmpdir(), 'aac-bench-'));
  const reportFile = join(reportDir, 'report.json');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', HOOK, script, ...args], {
      env: childEnv({ ...env, TMPDIR: CHILD_TMP, AAC_BENCH_REPORT: reportFile, NO_COLOR: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let wallMs = 0;
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => {
      rmSync(reportDir, { recursive: true, force: true });
      reject(err);
    });
    child.on('exit', () => (wallMs = performance.now() - started));
    child.on('close', (code) => {
      let report: { code: number; cpuMs: number; maxRssBytes: number };
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch {
        report = { code: code ?? 1, cpuMs: Number.NaN, maxRssBytes: Number.NaN };
      }
      rmSync(reportDir, { recursive: true, force: true });
      if (report.code !== 0 && report.code !== 2) {
        reject(new Error(`${script} ${args.join(' ')} exited ${report.code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ ...report, wallMs, stdout: Buffer.concat(stdout).toString(), stderrBytes: Buffer.byteLength(stderr) });
    });
  });
}

/** The emulator in a child process, driven over IPC. */
class Server {
  private pending: ((m: { ok: boolean; value?: unknown; error?: string }) => void) | undefined;
  private constructor(private readonly child: ChildProcess, readonly url: string) {
    child.on('message', (m: { ok: boolean; value?: unknown; error?: string }) => this.pending?.(m));
  }

  /**
   * `warm`: the validators its dialect compiles at a route's first request made before it serves
   * (ShellOptions.warm), for rows that time writes: made at an apply's first create, they held the
   * first wave of writes ~0.2–0.3 s (the emulator's one event loop compiling while the writes that
   * arrived with it waited), which a live API's server, long started, never makes a client wait.
   * A listing's rows need none of them.
   */
  static start(provider?: string, { warm = false } = {}): Promise<Server> {
    const child = fork(SERVER, [provider ?? '', ...(warm ? ['warm'] : [])], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (m: { value: string }) => resolve(new Server(child, m.value)));
    });
  }

  private ask(m: ServerRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending = (answer) => (answer.ok ? resolve(answer.value) : reject(new Error(answer.error)));
      this.child.send(m);
    });
  }

  /** Seeds the fleet's live side (through a file: at 10,000 it is tens of megabytes). */
  async seed(fleet: Fleet, work: string): Promise<void> {
    const file = join(work, 'live.json');
    writeFileSync(file, JSON.stringify(fleet.live));
    await this.ask({ op: 'seed', file });
    rmSync(file);
  }
  faults(faults: { latencyMs?: number; rateLimitPerMinute?: number; rateLimitWindowMs?: number }): Promise<unknown> {
    return this.ask({ op: 'faults', faults });
  }
  reset(): Promise<unknown> {
    return this.ask({ op: 'reset' });
  }
  stats(): Promise<ServerStats> {
    return this.ask({ op: 'stats' }) as Promise<ServerStats>;
  }
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ op: 'close' } satisfies ServerRequest);
    });
  }
  /** Every provider's endpoint and credential variables, pointing here (each reads its own). */
  get env(): Record<string, string> {
    return {
      OPENAI_BASE_URL: this.url,
      OPENAI_API_KEY: 'sk-bench-emulator',
      AZURE_AI_PROJECT_ENDPOINT: this.url,
      AAC_FOUNDRY_TOKEN: 'bench-emulator-token',
      AAC_NAMESPACE: BENCH_NAMESPACE,
    };
  }
}

interface Row {
  scenario: string;
  n: number;
  samples: number;
  requests?: number;
  expectedRequests?: number;
  /** Median, fastest and slowest whole-process wall time. */
  wallMs: number;
  wallMinMs: number;
  wallMaxMs: number;
  /** What latency (or the rate limit) forces for the whole command, and wall over it. */
  boundMs?: number;
  boundRatio?: number;
  /**
   * Plan: the median list request at the server, from its arrival to its answer's last byte
   * handed to the system (the injected latency included), over every aac sample's requests; and
   * the server's CPU time a sample, the median.
   */
  serverListMs?: number;
  serverCpuMs?: number;
  /** The naive reconciler's median wall time, and the median of the paired ratios aac/naive. */
  naiveMs?: number;
  naiveRatio?: number;
  /** Apply: median span of the writes at the server, and its bound ⌈k/c⌉ × latency. */
  writesMs?: number;
  writesBoundMs?: number;
  cpuMs?: number;
  /**
   * Start-up: Node alone (NODE_ALONE), spawned as the row's command is and alternated with it, its
   * median wall and CPU time, and the medians of the paired differences (the command's over Node's):
   * what the command adds to the start of any Node process on this machine at that moment.
   */
  nodeAlone?: { wallMs: number; cpuMs: number; addedWallMs: number; addedCpuMs: number };
  /**
   * The samples' peak RSS: the median, checked against the limit (memory baseline + 3 × (live +
   * desired JSON), the baseline a median too), and the largest.
   */
  rssBytes?: number;
  maxRssBytes?: number;
  memoryLimitBytes?: number;
  /** Apply: actions not ok in the worst sample. */
  failed?: number;
  /** Each target as `name ≤ limit`, and those missed. */
  targets: string[];
  missed: string[];
  note?: string;
}

/** Checks `value ≤ limit`, recording the target and whether it was missed. */
function check(row: Pick<Row, 'targets' | 'missed'>, name: string, value: number | undefined, limit: number, shown = String(limit)): void {
  row.targets.push(`${name} ≤ ${shown}`);
  if (value === undefined || !(value <= limit)) row.missed.push(name);
}

function wallStats(samples: Sample[]): Pick<Row, 'wallMs' | 'wallMinMs' | 'wallMaxMs' | 'cpuMs' | 'rssBytes' | 'maxRssBytes' | 'samples'> {
  const walls = samples.map((s) => s.wallMs);
  return {
    samples: samples.length,
    wallMs: median(walls),
    wallMinMs: Math.min(...walls),
    wallMaxMs: Math.max(...walls),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssBytes: median(samples.map((s) => s.maxRssBytes)),
    maxRssBytes: Math.max(...samples.map((s) => s.maxRssBytes)),
  };
}

/** `create/modify` counted from a plan's summary line ("No changes in namespace …" is none). */
function planCounts(stdout: string): string | undefined {
  const m = /^Plan: (\d+) to create, (\d+) to modify/m.exec(stdout);
  return m ? `${m[1]}/${m[2]}` : /^No changes\b/m.test(stdout) ? '0/0' : undefined;
}

async function withWork<T>(fn: (work: string) => Promise<T>): Promise<T> {
  const work = mkdtempSync(join(tmpdir(), 'aac-bench-'));
  try {
    return await fn(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface Settings {
  latencyMs: number;
  concurrency: number;
  samples: number;
}

/**
 * Peak RSS of `aac plan` over one definition in `format` and the resource it matches: Node, the
 * modules a plan of such definitions loads (the YAML parser for YAML, the validators) and whatever
 * it starts regardless of N. The memory limit is this plus 3 × the data, since Node alone holds
 * more than 3 × the JSON of a hundred assistants. (A plan over no definitions, the baseline before,
 * loads neither parser nor validators; the two were about a MiB apart in the runs so far.)
 * Sampled once the caches a plan keeps between runs are steady, as a plan row's median is: the
 * first RUNS_THAT_ADD runs of a command write its compiled code at exit (src/compile-cache.cts),
 * ~1 MiB more than a run that reads it, and the first run of a YAML definition writes the parse
 * cache. Sampled from the first run, the median was one of those, and the limit 1 MiB too high.
 */
async function memoryBaseline(listing: Listing, format: FleetFormat, s: Settings): Promise<number> {
  return withWork(async (work) => {
    const server = await Server.start(listing.provider);
    try {
      const fleet = makeFleet(work, 1, 0, format, listing.fleet);
      await server.seed(fleet, work);
      const plan = () => runNode(CLI, ['plan', '--provider', listing.provider, '--dir', fleet.dir], server.env);
      for (let i = 0; i < RUNS_THAT_ADD; i++) await plan();
      const runs: number[] = [];
      for (let i = 0; i < s.samples; i++) runs.push((await plan()).maxRssBytes);
      return median(runs);
    } finally {
      await server.close();
    }
  });
}

async function benchPlan(listing: Listing, n: number, format: FleetFormat, s: Settings, baselineBytes: number): Promise<Row> {
  return withWork(async (work) => {
    const fleet = makeFleet(work, n, 0.01, format, listing.fleet);
    const server = await Server.start(listing.provider);
    try {
      await server.seed(fleet, work);
      await server.faults({ latencyMs: s.latencyMs });
      const aac: Sample[] = [];
      const naive: Sample[] = [];
      const requests: number[] = [];
      const served: number[] = [];
      const serverCpu: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < s.samples; i++) {
        // Alternate which runs first, so a burst of load elsewhere on the machine falls on both.
        const runAac = async () => {
          await server.reset();
          aac.push(await runNode(CLI, ['plan', '--provider', listing.provider, '--dir', fleet.dir, '--detailed-exitcode'], server.env));
          const stats = await server.stats();
          requests.push(stats.byRoute[listing.route] ?? 0);
          served.push(...(stats.servedMs[listing.route] ?? []));
          serverCpu.push(stats.cpuMs);
        };
        const runNaive = async () => {
          if (listing.naive) naive.push(await runNode(NAIVE, [fleet.dir], server.env));
        };
        if (i % 2 === 0) await runAac().then(runNaive);
        else await runNaive().then(runAac);
        if (listing.naive) ratios.push(aac[i]!.wallMs / naive[i]!.wallMs);
      }
      // The figures mean something only if the plan found the fleet's changes (and the naive one the same).
      const ours = planCounts(aac[0]!.stdout);
      const theirs = listing.naive ? planCounts(naive[0]!.stdout) : ours;
      if (ours === undefined || ours !== theirs || ours !== `0/${fleet.drifted}`) {
        throw new Error(`aac (${ours}), the naive reconciler (${theirs}) and the fleet (0/${fleet.drifted}) disagree on creates/modifies at N=${n}`);
      }
      const boundMs = listing.roundTrips(n) * s.latencyMs;
      const stats = wallStats(aac);
      const row: Row = {
        scenario: `${listing.name} (${format})`,
        n,
        requests: Math.max(...requests),
        expectedRequests: listing.requests(n),
        ...stats,
        boundMs,
        boundRatio: stats.wallMs / boundMs,
        serverListMs: median(served),
        serverCpuMs: median(serverCpu),
        ...(listing.naive ? { naiveMs: median(naive.map((x) => x.wallMs)), naiveRatio: median(ratios) } : {}),
        memoryLimitBytes: baselineBytes + TARGET.memoryFactor * (fleet.liveJsonBytes + fleet.desiredJsonBytes),
        targets: [],
        missed: [],
        // The first plan of a YAML row parses every file; the next ones take the values of
        // unchanged files from the parse cache (src/desired/parse-cache.ts), as a repeated plan on
        // a machine does, where a fresh CI runner's first plan does not. (JSON is never kept.)
        note: [
          `${fleet.drifted} drifted`,
          format === 'yaml' ? `first run ${fmtMs(aac[0]!.wallMs)}${listing.naive ? ` (${ratios[0]!.toFixed(2)}× naive)` : ''}, with no parsed definitions kept` : '',
        ].filter(Boolean).join('; '),
      };
      // Below 10,000 start-up outweighs the listing: the naive tool is the yardstick where it can run.
      if (n >= 10_000) check(row, '×bound', row.boundRatio, TARGET.planVsBound);
      else if (listing.naive) check(row, '×naive', row.naiveRatio, TARGET.planVsNaive);
      check(row, 'peak RSS', row.rssBytes, row.memoryLimitBytes!, 'limit');
      return row;
    } finally {
      await server.close();
    }
  });
}

type ApplyKind = { kind: 'modify' } | { kind: 'create' } | { kind: 'rate-limited'; perMinute: number };

/**
 * k writes at concurrency c, each sample on a fresh server. `modify` and `rate-limited` apply a
 * saved plan of k modifies (its stale check lists the k assistants first); `create` applies a
 * fresh plan of k creates with --yes and no terminal, as CI does.
 */
async function benchApply(k: number, what: ApplyKind, s: Settings): Promise<Row> {
  return withWork(async (work) => {
    const fleet = makeFleet(work, k, what.kind === 'create' ? 0 : 1);
    const planFile = join(work, 'plan.json');
    const samples: Sample[] = [];
    const writeSpans: number[] = [];
    const served: number[] = [];
    const rejected: number[] = [];
    const failed: number[] = [];
    for (let i = 0; i < s.samples; i++) {
      const server = await Server.start(undefined, { warm: true });
      try {
        const args = ['--dir', fleet.dir, '--concurrency', String(s.concurrency), '--format', 'json'];
        if (what.kind !== 'create') {
          await server.seed(fleet, work);
          await runNode(CLI, ['plan', '--dir', fleet.dir, '--out', planFile], server.env);
        }
        // A one-second window holding R/60 requests is a steady rate R with a burst of one second, the
        // way the API's limits replenish; a full-minute window would let the first R requests through at once.
        const limit = what.kind === 'rate-limited' ? { rateLimitPerMinute: what.perMinute / 60, rateLimitWindowMs: 1000 } : {};
        await server.faults({ latencyMs: s.latencyMs, ...limit });
        await server.reset();
        // Without the lock: its create and delete are two requests whatever the fleet's size, not what scales.
        const sample = await runNode(CLI, what.kind === 'create' ? ['apply', '-lock=false', '--yes', ...args] : ['apply', '-lock=false', planFile, ...args], server.env);
        const stats = await server.stats();
        samples.push(sample);
        served.push(stats.byStatus['200'] ?? 0);
        rejected.push(stats.byStatus['429'] ?? 0);
        writeSpans.push(stats.writes ? stats.writes.last - stats.writes.first : Number.NaN);
        const outcomes = (JSON.parse(sample.stdout) as { outcomes: Array<{ status: string }> }).outcomes;
        failed.push(outcomes.filter((o) => o.status !== 'ok').length);
      } finally {
        await server.close();
      }
    }
    const listing = what.kind === 'create' ? 0 : k;
    // An apply that created re-reads the list once afterwards to settle racing copies of its keys.
    const settling = what.kind === 'create' ? twoCursorRequests(k) : 0;
    const expectedRequests = k + twoCursorRequests(listing) + settling;
    // A bound is what no run can beat: the fewest requests a listing can make, a page a hundred.
    const fewestRequests = k + oneCursorRequests(listing) + (settling > 0 ? oneCursorRequests(k) : 0);
    const listRoundTrips = Math.ceil(Math.max(1, listing) / 200) + (settling > 0 ? Math.ceil(k / 200) : 0);
    const waves = Math.ceil(k / s.concurrency);
    const stats = wallStats(samples);
    // Under a rate limit every request that must succeed spends the budget: the bound is their
    // count over R. Otherwise latency bounds it: the listing's round trips, then ⌈k/c⌉ waves.
    const boundMs = what.kind === 'rate-limited' ? (fewestRequests / what.perMinute) * 60_000 : (listRoundTrips + waves) * s.latencyMs;
    const row: Row = {
      scenario: what.kind === 'rate-limited' ? `apply @${what.perMinute}/min` : `apply ${what.kind === 'create' ? 'creates' : 'modifies'} c=${s.concurrency}`,
      n: k,
      requests: Math.max(...served),
      expectedRequests,
      ...stats,
      boundMs,
      boundRatio: stats.wallMs / boundMs,
      // Under a rate limit the writes wait for the budget, not for latency: no writes bound.
      ...(what.kind === 'rate-limited' ? {} : { writesMs: median(writeSpans), writesBoundMs: waves * s.latencyMs }),
      failed: Math.max(...failed),
      targets: [],
      missed: [],
      note: [
        what.kind === 'rate-limited' ? `${median(rejected)} answered 429` : '',
        // With --format json the plan and the progress go to stderr.
        `${(median(samples.map((x) => x.stderrBytes)) / 1024).toFixed(0)} KiB of plan and progress`,
      ].filter(Boolean).join('; ') || undefined,
    };
    if (what.kind === 'rate-limited') check(row, '×bound', row.boundRatio, TARGET.writesVsBound);
    else check(row, 'writes ×bound', row.writesMs! / row.writesBoundMs!, TARGET.writesVsBound);
    if (row.failed! > 0) row.missed.push(`${row.failed} not ok`);
    return row;
  });
}

/**
 * A Node process that does nothing (`node -e 0`), run as runNode runs every row's command: the
 * floor of a whole-process figure. The machine's line measures it once, before the first row and
 * another way (machine.ts); `aac --version` comes last in a whole run, minutes later, and on this
 * machine `node -e 0` alone has moved from 60 to 100 ms between spells.
 */
const NODE_ALONE = ['-e', '0'] as const;

async function benchStartup(s: Settings): Promise<Row[]> {
  const version: Sample[] = [];
  const alone: Sample[] = [];
  const runVersion = async () => void version.push(await runNode(CLI, ['--version'], {}));
  const runAlone = async () => void alone.push(await runNode(NODE_ALONE[0], NODE_ALONE.slice(1), {}));
  // Two more runs than the rows' samples, unrecorded: the first runs warm the file cache. Node alone
  // in turn with each, the one or the other first, so that a spell of the machine falls on both.
  for (let i = 0; i < s.samples + 2; i++) {
    if (i % 2 === 0) await runVersion().then(runAlone);
    else await runAlone().then(runVersion);
  }
  const [versions, alones] = [version.slice(2), alone.slice(2)];
  const added = (of: (x: Sample) => number) => median(versions.map((v, i) => of(v) - of(alones[i]!)));
  const nodeAlone = { wallMs: median(alones.map((x) => x.wallMs)), cpuMs: median(alones.map((x) => x.cpuMs)), addedWallMs: added((x) => x.wallMs), addedCpuMs: added((x) => x.cpuMs) };
  const versionRow: Row = {
    scenario: 'aac --version',
    n: 0,
    ...wallStats(versions),
    nodeAlone,
    targets: [],
    missed: [],
    note: `\`node ${NODE_ALONE.join(' ')}\` alternated: ${fmtMs(nodeAlone.wallMs)} (CPU ${fmtMs(nodeAlone.cpuMs)}); aac adds ${fmtDeltaMs(nodeAlone.addedWallMs)} (CPU ${fmtDeltaMs(nodeAlone.addedCpuMs)})`,
  };
  check(versionRow, 'wall', versionRow.wallMs, TARGET.versionMs, `${TARGET.versionMs} ms`);
  const validate = await withWork(async (work) => {
    const fleet = makeFleet(work, 100, 0);
    const runs: Sample[] = [];
    for (let i = 0; i < s.samples; i++) runs.push(await runNode(CLI, ['validate', '--dir', fleet.dir], {}));
    return runs;
  });
  // Block YAML: the first run parses every file, the next ones take them from the parse cache.
  const validateRow: Row = { scenario: 'aac validate', n: 100, ...wallStats(validate), targets: [], missed: [], note: `first run ${fmtMs(validate[0]!.wallMs)}, with no parsed definitions kept` };
  check(validateRow, 'wall', validateRow.wallMs, TARGET.validate100Ms, `${TARGET.validate100Ms} ms`);
  return [versionRow, validateRow];
}

function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
/** A median of paired differences, signed: `+3 ms`, `-1 ms`. */
const fmtDeltaMs = (ms: number) => `${ms >= 0 ? '+' : '-'}${fmtMs(Math.abs(ms))}`;
const fmtMb = (bytes?: number) => (bytes === undefined || !Number.isFinite(bytes) ? '' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const fmtX = (x?: number) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(2));

function renderTable(rows: Row[]): string {
  const header = ['scenario', 'N', 'requests (at most)', 'wall: median (min–max)', 'bound', '×bound', 'server: list request, CPU', 'naive', '×naive', 'writes (bound)', 'CPU', 'peak RSS: median, max (limit)', 'targets', 'result', 'note'];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.n),
    r.expectedRequests === undefined ? '' : `${r.requests} (${r.expectedRequests})`,
    r.samples > 1 ? `${fmtMs(r.wallMs)} (${fmtMs(r.wallMinMs)}–${fmtMs(r.wallMaxMs)})` : fmtMs(r.wallMs),
    fmtMs(r.boundMs),
    fmtX(r.boundRatio),
    r.serverListMs === undefined || !Number.isFinite(r.serverListMs) ? '' : `${r.serverListMs.toFixed(1)} ms, ${fmtMs(r.serverCpuMs)}`,
    fmtMs(r.naiveMs),
    fmtX(r.naiveRatio),
    r.writesMs === undefined ? '' : `${fmtMs(r.writesMs)} (${fmtMs(r.writesBoundMs)}) ${fmtX(r.writesMs / r.writesBoundMs!)}`,
    fmtMs(r.cpuMs),
    r.rssBytes === undefined ? '' : `${fmtMb(r.rssBytes)}, ${fmtMb(r.maxRssBytes)}${r.memoryLimitBytes ? ` (${fmtMb(r.memoryLimitBytes)})` : ''}`,
    r.targets.join(', '),
    r.missed.length ? `MISSED ${r.missed.join(', ')}` : 'ok',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

const USAGE = `Usage: npm run bench -- [options]

Times aac plan and apply against the emulator (in its own process), beside the bounds and a naive
reconciler; writes bench-results/latest.json (quick.json with --quick). README: Performance.

  --quick               each scenario once, at its smallest size
  --sizes N,N           plan fleet sizes (default 100,1000,10000)
  --formats F,F         definition formats: json, yaml (default both)
  --listings L,L        ${Object.keys(LISTINGS).join(', ')} (default all)
  --scenarios S,S       plan, apply, start-up (default all)
  --samples N           runs a row (default 5, 1 with --quick)
  --latency MS          injected latency a request (default 50)
  --concurrency C       apply's concurrency (default 16)
  --out FILE            where to write the JSON results
  -h, --help            this text
`;

async function mainBench(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: {
      help: { type: 'boolean', short: 'h' },
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      formats: { type: 'string' },
      listings: { type: 'string' },
      scenarios: { type: 'string' },
      samples: { type: 'string' },
      latency: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
    } }));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const quick = Boolean(values.quick);
  const s: Settings = {
    latencyMs: Number(values.latency ?? 50),
    concurrency: Number(values.concurrency ?? 16),
    samples: Number(values.samples ?? (quick ? 1 : 5)),
  };
  const sizes = (values.sizes ?? (quick ? '100' : '100,1000,10000')).split(',').map(Number);
  const formats = (values.formats ?? 'json,yaml').split(',') as FleetFormat[];
  const applyK = quick ? 50 : 1000;
  const limited = quick ? { k: 30, perMinute: 1200 } : { k: 300, perMinute: 1200 };

  const rows: Row[] = [];
  const step = async (what: string, fn: () => Promise<Row | Row[]>) => {
    process.stderr.write(`bench: ${what}…\n`);
    const r = await fn();
    rows.push(...(Array.isArray(r) ? r : [r]));
  };
  const scenarios = new Set((values.scenarios ?? 'plan,apply,start-up').split(','));
  const listings = (values.listings ?? Object.keys(LISTINGS).join(',')).split(',').map((name) => {
    const listing = LISTINGS[name];
    if (!listing) throw new Error(`--listings: no listing '${name}' (known: ${Object.keys(LISTINGS).join(', ')})`);
    return listing;
  });
  const machine = await probeMachine(s.samples);
  // The loader is the same for every backend: other backends' rows measure their listing, with JSON definitions.
  const rowFormats = (listing: Listing) => (listing.naive ? formats : formats.slice(0, 1));
  /** Each listing's memory baseline in each of its rows' formats, named `<provider> (<format>)`. */
  const baselines = new Map<string, number>();
  const baselineName = (listing: Listing, format: FleetFormat) => `${listing.provider} (${format})`;
  for (const listing of scenarios.has('plan') ? listings : []) {
    for (const format of rowFormats(listing)) baselines.set(baselineName(listing, format), await memoryBaseline(listing, format, s));
  }
  for (const listing of scenarios.has('plan') ? listings : []) {
    for (const n of sizes) for (const format of rowFormats(listing)) await step(`${listing.name} N=${n} (${format})`, () => benchPlan(listing, n, format, s, baselines.get(baselineName(listing, format))!));
  }
  if (scenarios.has('apply')) {
    await step(`apply ${applyK} modifies`, () => benchApply(applyK, { kind: 'modify' }, s));
    await step(`apply ${applyK} creates`, () => benchApply(applyK, { kind: 'create' }, s));
    await step(`apply ${limited.k} modifies under ${limited.perMinute}/min`, () => benchApply(limited.k, { kind: 'rate-limited', perMinute: limited.perMinute }, s));
  }
  if (scenarios.has('start-up')) await step('start-up', () => benchStartup(s));

  const table = renderTable(rows);
  process.stdout.write(
    `\n${describeMachine(machine)}\nlatency ${s.latencyMs} ms a request, concurrency ${s.concurrency}, ${s.samples} sample(s) a row, node ${process.version}; ` +
      `memory baseline (aac plan of one definition) ${[...baselines].map(([name, bytes]) => `${name} ${fmtMb(bytes)}`).join(', ')}\n\n${table}\n`,
  );
  const out = values.out ?? join(HERE, '..', '..', 'bench-results', quick ? 'quick.json' : 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, machine, ...s, baselines: Object.fromEntries(baselines), rows }, null, 2));
  process.stdout.write(`\nwritten: ${out}\n`);
  const missed = rows.filter((r) => r.missed.length > 0);
  if (missed.length) process.stdout.write(`targets missed: ${missed.map((r) => `${r.scenario} N=${r.n}`).join(', ')} (see README, Performance)\n`);
  return 0;
}

process.exitCode = await mainBench();
