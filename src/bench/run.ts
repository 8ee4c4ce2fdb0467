// `npm run bench`: plan and apply at scale against the emulator with injected latency, each figure
// beside the lower bound that the API's latency and rate limit set. `--quick` runs the smallest
// size only (CI keeps it working; no timing is asserted anywhere).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { makeFleet } from './fixtures.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = join(HERE, '..', 'cli.js');
const CHILD = join(HERE, 'child.js');

interface ChildReport {
  code: number;
  wallMs: number;
  cpuMs: number;
  maxRssBytes: number;
  /** Whole-process wall time, start-up included. */
  processMs: number;
  stdout: string;
}

interface Row {
  scenario: string;
  n: number;
  requests: number;
  expectedRequests: number;
  wallMs: number;
  lowerBoundMs: number;
  ratio: number;
  target: number;
  met: boolean;
  cpuMs?: number;
  maxRssBytes?: number;
  memoryLimitBytes?: number;
  failed?: number;
  note?: string;
}

function runNode(script: string, args: string[], env: Record<string, string>, keepStdout = false): Promise<ChildReport> {
  const reportFile = join(mkdtempSync(join(tmpdir(), 'aac-bench-')), 'report.json');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env, AAC_BENCH_REPORT: reportFile, NO_COLOR: '1' },
      stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const processMs = performance.now() - started;
      let report: Omit<ChildReport, 'processMs' | 'stdout'>;
      try {
        report = JSON.parse(readFileSync(reportFile, 'utf8'));
      } catch {
        report = { code: code ?? 1, wallMs: processMs, cpuMs: 0, maxRssBytes: 0 };
      }
      rmSync(dirname(reportFile), { recursive: true, force: true });
      if (report.code !== 0 && report.code !== 2) {
        reject(new Error(`${args.join(' ')} exited ${report.code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ ...report, processMs, stdout });
    });
  });
}

function apiEnv(emu: RunningEmulator): Record<string, string> {
  return { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: 'sk-bench-emulator' };
}

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
/** Two cursors walk the list from both ends at once: the round trips a listing cannot go below. */
const listRoundTrips = (n: number) => Math.max(1, Math.ceil(pages(n) / 2));

function listRequests(emu: RunningEmulator): number {
  return emu.stats().byRoute['GET /assistants'] ?? 0;
}

async function withFleet<T>(n: number, drift: number, fn: (emu: RunningEmulator, dir: string, work: string) => Promise<T>) {
  const work = mkdtempSync(join(tmpdir(), 'aac-bench-'));
  const emu = await startEmulator({});
  try {
    const fleet = makeFleet(work, n, drift);
    emu.seed(fleet.live);
    return { fleet, result: await fn(emu, fleet.dir, work) };
  } finally {
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function benchPlan(n: number, latencyMs: number): Promise<Row> {
  const { fleet, result } = await withFleet(n, 0.01, async (emu, dir) => {
    emu.setFaults({ latencyMs });
    emu.resetStats();
    const r = await runNode(CHILD, ['plan', '--dir', dir, '--detailed-exitcode'], apiEnv(emu));
    return { r, requests: listRequests(emu) };
  });
  const lowerBoundMs = pages(n) * latencyMs;
  const ratio = result.r.wallMs / lowerBoundMs;
  const memoryLimitBytes = 3 * (fleet.liveJsonBytes + fleet.desiredJsonBytes);
  const target = n >= 1000 ? 1.3 : Infinity;
  return {
    scenario: 'plan',
    n,
    requests: result.requests,
    expectedRequests: pages(n),
    wallMs: result.r.wallMs,
    lowerBoundMs,
    ratio,
    target,
    met: ratio <= target && (n < 10_000 || result.r.maxRssBytes <= memoryLimitBytes),
    cpuMs: result.r.cpuMs,
    maxRssBytes: result.r.maxRssBytes,
    memoryLimitBytes,
    note: `${fleet.drifted} drifted`,
  };
}

async function benchApply(k: number, concurrency: number, latencyMs: number, rateLimitPerMinute?: number): Promise<Row> {
  const { result } = await withFleet(k, 1, async (emu, dir, work) => {
    const planFile = join(work, 'plan.json');
    await runNode(CHILD, ['plan', '--dir', dir, '--out', planFile], apiEnv(emu));
    // A one-second window holding R/60 requests is a steady rate R with a burst of one second, the
    // way the API's limits replenish; a full-minute window would let the first R requests through at once.
    emu.setFaults({ latencyMs, ...(rateLimitPerMinute ? { rateLimitPerMinute: rateLimitPerMinute / 60, rateLimitWindowMs: 1000 } : {}) });
    emu.resetStats();
    const r = await runNode(
      CHILD,
      ['apply', planFile, '--dir', dir, '--concurrency', String(concurrency), '--format', 'json'],
      apiEnv(emu),
      true,
    );
    const stats = emu.stats();
    // Requests that did their work; those answered 429 are reported beside them.
    const served = stats.byStatus['200'] ?? 0;
    let failed = 0;
    try {
      failed = (JSON.parse(r.stdout) as { outcomes: Array<{ status: string }> }).outcomes.filter((o) => o.status === 'failed').length;
    } catch {
      failed = Number.NaN;
    }
    return { r, requests: served, rejected: stats.byStatus['429'] ?? 0, failed };
  });
  const expectedRequests = k + pages(k);
  // Under a rate limit every request that must succeed spends the budget: the bound is their
  // count over R. Otherwise latency bounds it: the listing's round trips, then ⌈k/c⌉ waves.
  const lowerBoundMs = rateLimitPerMinute
    ? (expectedRequests / rateLimitPerMinute) * 60_000
    : (listRoundTrips(k) + Math.ceil(k / concurrency)) * latencyMs;
  const ratio = result.r.wallMs / lowerBoundMs;
  const target = rateLimitPerMinute ? 1.15 : k >= 1000 ? 1.3 : Infinity;
  return {
    scenario: rateLimitPerMinute ? `apply @${rateLimitPerMinute}/min` : `apply c=${concurrency}`,
    n: k,
    requests: result.requests,
    expectedRequests,
    wallMs: result.r.wallMs,
    lowerBoundMs,
    ratio,
    target,
    met: ratio <= target && result.failed === 0,
    cpuMs: result.r.cpuMs,
    maxRssBytes: result.r.maxRssBytes,
    failed: result.failed,
    note: rateLimitPerMinute ? `${result.rejected} answered 429, c=${concurrency}` : undefined,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function benchStartup(runs: number): Promise<Row[]> {
  const version: number[] = [];
  for (let i = 0; i < runs; i++) version.push((await runNode(CLI, ['--version'], {})).processMs);
  const work = mkdtempSync(join(tmpdir(), 'aac-bench-'));
  const validate: number[] = [];
  try {
    const fleet = makeFleet(work, 100, 0);
    for (let i = 0; i < runs; i++) validate.push((await runNode(CLI, ['validate', '--dir', fleet.dir], {})).processMs);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const row = (scenario: string, n: number, times: number[], target: number): Row => ({
    scenario,
    n,
    requests: 0,
    expectedRequests: 0,
    wallMs: median(times),
    lowerBoundMs: target,
    ratio: median(times) / target,
    target: 1,
    met: median(times) <= target,
    note: `median of ${runs} whole-process runs`,
  });
  return [row('aac --version', 0, version, 150), row('aac validate', 100, validate, Infinity)];
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
function fmtMb(bytes?: number): string {
  return bytes === undefined ? '' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

function renderTable(rows: Row[]): string {
  const header = ['scenario', 'N', 'requests (bound)', 'wall', 'lower bound', 'ratio', 'target', 'CPU', 'peak RSS (limit)', 'result', 'note'];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.n),
    r.expectedRequests ? `${r.requests} (${r.expectedRequests})` : '',
    fmtMs(r.wallMs),
    Number.isFinite(r.lowerBoundMs) ? fmtMs(r.lowerBoundMs) : '',
    Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '',
    Number.isFinite(r.target) ? `≤ ${r.target}` : 'report',
    r.cpuMs === undefined ? '' : fmtMs(r.cpuMs),
    r.maxRssBytes === undefined ? '' : `${fmtMb(r.maxRssBytes)}${r.memoryLimitBytes ? ` (${fmtMb(r.memoryLimitBytes)})` : ''}`,
    r.met ? 'ok' : 'MISSED',
    [r.failed ? `${r.failed} failed` : '', r.note ?? ''].filter(Boolean).join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

async function mainBench(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      latency: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const quick = Boolean(values.quick);
  const latencyMs = Number(values.latency ?? 50);
  const concurrency = Number(values.concurrency ?? 16);
  const sizes = (values.sizes ?? (quick ? '100' : '100,1000,10000')).split(',').map(Number);
  const applyK = quick ? 50 : 1000;
  const limited = quick ? { k: 60, rpm: 1200 } : { k: 300, rpm: 1200 };

  const rows: Row[] = [];
  const step = async (what: string, fn: () => Promise<Row | Row[]>) => {
    process.stderr.write(`bench: ${what}…\n`);
    const r = await fn();
    rows.push(...(Array.isArray(r) ? r : [r]));
  };
  for (const n of sizes) await step(`plan N=${n}`, () => benchPlan(n, latencyMs));
  await step(`apply k=${applyK} c=${concurrency}`, () => benchApply(applyK, concurrency, latencyMs));
  await step(`apply k=${limited.k} under ${limited.rpm}/min`, () => benchApply(limited.k, concurrency, latencyMs, limited.rpm));
  await step('start-up', () => benchStartup(quick ? 3 : 10));

  const table = renderTable(rows);
  process.stdout.write(`\nlatency ${latencyMs} ms per request, node ${process.version}\n\n${table}\n`);
  const out = values.out ?? join(HERE, '..', '..', 'bench-results', quick ? 'quick.json' : 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, latencyMs, concurrency, rows }, null, 2));
  process.stdout.write(`\nwritten: ${out}\n`);
  const missed = rows.filter((r) => !r.met);
  if (missed.length) process.stdout.write(`targets missed: ${missed.map((r) => `${r.scenario} N=${r.n}`).join(', ')} (see README, Performance)\n`);
  return 0;
}

process.exitCode = await mainBench();
