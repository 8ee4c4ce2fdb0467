// A project on disk for the CLI's tests — its files, in a git repository when the test is about
// one (definitions directories beside each other) — and the CLI run in it against an emulator of
// its own over loopback. Both last one test (each-test.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { runCli, type CliResult } from './cli.js';
import { testDir, testEmulator } from './each-test.js';

/** A project that is a git repository (`git init`), or a plain directory, where aac runs no git. */
export interface RepoOptions {
  git?: boolean;
  /** Of its files, the paths (files or directories) added to the repository's index. */
  tracked?: string[];
}

/** A new directory (removed after the test) holding `files` (path below it → text, directories made as needed), a git repository when `git`; returns its path. */
export function projectDir(files: Record<string, string>, { git = false, tracked = [] }: RepoOptions = {}): string {
  const root = testDir('aac-project-');
  // No user or system git configuration reaches the repository: only what the test sets up.
  const run = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'pipe' });
  if (git) run('init', '-q');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  if (tracked.length > 0) run('add', '--', ...tracked);
  return root;
}

export interface EmulatedProject {
  root: string;
  emu: RunningEmulator;
  /**
   * `aac ...argv --no-color` in the project against `emu` (OPENAI_BASE_URL, and OPENAI_API_KEY the
   * emulator's key, with the project's `env` over them); `requests`: how many the emulator answered
   * during this run.
   */
  cli(argv: string[]): Promise<CliResult & { requests: number }>;
}

/**
 * projectDir's project of `files` and an emulator of its own taking `apiKey`, both gone after the
 * test; `env`: what every run of it sets besides, over runCli's (`AAC_NAMESPACE: undefined` for a
 * test of the namespace rules).
 */
export async function emulatedProject(files: Record<string, string>, apiKey: string, { env = {}, ...repo }: RepoOptions & { env?: Record<string, string | undefined> } = {}): Promise<EmulatedProject> {
  const root = projectDir(files, repo);
  const emu = await testEmulator({ apiKey });
  return {
    root,
    emu,
    async cli(argv) {
      const before = emu.stats().total;
      const r = await runCli([...argv, '--no-color'], { cwd: root, env: { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: emu.url, ...env } });
      return { ...r, requests: emu.stats().total - before };
    },
  };
}
