// `aac version` with more words: the launcher answers the version word alone (src/version.ts);
// help and -json (the version document, as Terraform's) are the CLI's, in-process and in the
// installed program alike.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { packageInfo } from '../../src/util/package.js';
import { expectDocument } from '../output-schemas/schemas.js';

const version = packageInfo().version;

describe('aac version with more words', () => {
  it('prints its help for --help, -h and -help, and for aac help version', async () => {
    for (const argv of [['version', '--help'], ['--version', '-h'], ['-v', '-help'], ['help', 'version'], ['help', '--version']]) {
      const r = await runCli(argv);
      expect(r, argv.join(' ')).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout, argv.join(' ')).toMatch(/^Usage: aac --version /);
    }
  });

  it("prints Terraform's -json (and --json, --format json) as the version document, exit 0", async () => {
    for (const argv of [['version', '-json'], ['version', '--json'], ['--version', '--format', 'json'], ['-version', '-format=json']]) {
      const r = await runCli(argv);
      expect(r, argv.join(' ')).toMatchObject({ code: 0, stderr: '' });
      expect(expectDocument('version', r.stdout), argv.join(' ')).toEqual({ format_version: '1.0', aac_version: version, platform: `${process.platform}_${process.arch}`, node_version: process.version });
    }
  });

  it('refuses any other word, and still answers the version word alone', async () => {
    const r = await runCli(['version', 'plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("aac version takes no arguments but -json: 'plan'");
    const text = await runCli(['version', '-json', '--format', 'text']);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain('aac_version');
    expect(await runCli(['version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
