// `aac version` with more words: the launcher answers the version word alone (src/version.ts);
// help and -json are the CLI's, in-process and in the installed program alike.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { packageInfo } from '../../src/util/package.js';

const version = packageInfo().version;

describe('aac version with more words', () => {
  it('prints its help for --help, -h and -help, and for aac help version', async () => {
    for (const argv of [['version', '--help'], ['--version', '-h'], ['-v', '-help'], ['help', 'version'], ['help', '--version']]) {
      const r = await runCli(argv);
      expect(r, argv.join(' ')).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout, argv.join(' ')).toMatch(/^Usage: aac --version /);
    }
  });

  it("refuses Terraform's -json (and --json, --format json) with what to read instead, never the bare line a JSON reader cannot parse", async () => {
    for (const argv of [['version', '-json'], ['version', '--json'], ['--version', '--format', 'json'], ['-version', '-format=json']]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toContain(`Error: aac version has no JSON form: it prints the version alone, one line (${version})\n  read that line: \`aac --version\``);
      expect(r.stdout, argv.join(' ')).not.toBe(`${version}\n`);
    }
  });

  it('refuses any other word, and still answers the version word alone', async () => {
    const r = await runCli(['version', 'plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("aac version takes no arguments: 'plan'");
    expect(await runCli(['version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
