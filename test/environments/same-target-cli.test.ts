// Two environments on one target (the same provider, endpoint and namespace) are an error whatever
// the spelling of the endpoint: a URL copied with its host's capitals or the scheme's default port
// (`:443`, as Azure's portal shows a project endpoint) is the same host.
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

let cwd: string;
beforeEach(() => {
  cwd = testDir('aac-same-target-');
  writeFile(cwd, 'assistants/support.yaml', 'model: gpt-4o-mini\nname: Support\n');
});

/** `file:line:column message` of each error `aac validate --format json` reports. */
async function errors(config: string): Promise<string[]> {
  writeFile(cwd, 'assistants/aac.yaml', config);
  const r = await runCli(['validate', '--format', 'json'], { cwd });
  const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ severity: string; file: string; line: number; column: number; message: string }> };
  return doc.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
}

describe('two environments on one target', () => {
  it('are found whatever the endpoint\'s spelling: host case, the default port, a trailing slash', async () => {
    const found = await errors([
      'namespace: bots',
      'environments:',
      '  dev: { endpoint: "https://api.example.com/v1" }',
      '  staging: { endpoint: "https://API.Example.com:443/v1/" }',
      '  prod: { endpoint: "https://api.example.com/v1/" }',
      '  qa: { endpoint: "http://api.example.com:80/v1" }',
      '  demo: { endpoint: "http://api.example.com/v1/#top" }',
      '',
    ].join('\n'));
    const same = (a: string, b: string) => `environments '${a}' and '${b}' manage the same live resources (same provider, endpoint and namespace): each apply would undo the other's`;
    expect(found).toEqual([
      `assistants/aac.yaml:4:3 ${same('dev', 'staging')}`,
      `assistants/aac.yaml:5:3 ${same('dev', 'prod')}`,
      `assistants/aac.yaml:7:3 ${same('qa', 'demo')}`,
    ]);
  });

  it('are not found for another port, path or scheme', async () => {
    expect(await errors([
      'namespace: bots',
      'environments:',
      '  dev: { endpoint: "https://api.example.com/v1" }',
      '  staging: { endpoint: "https://api.example.com:8443/v1" }',
      '  prod: { endpoint: "https://api.example.com/v2" }',
      '  qa: { endpoint: "http://api.example.com/v1" }',
      '',
    ].join('\n'))).toEqual([]);
  });
});

describe('an environment whose target field was refused', () => {
  // Its endpoint, namespace or provider is reported where it is written; where its resources are
  // is then not known, so it is never said to share a target with another (a false second error
  // whose fix, a new namespace, is the wrong one). The others are still compared.
  it('is compared with no other environment, whether the refused value is its own or the top level\'s', async () => {
    const same = (a: string, b: string) => `environments '${a}' and '${b}' manage the same live resources (same provider, endpoint and namespace): each apply would undo the other's`;
    expect(await errors([
      'namespace: bots',
      'environments:',
      '  dev: { endpoint: "ftp://dev.example.com/v1" }',
      '  qa: { endpoint: "htps://qa.example.com/v1" }',
      '  prod: { endpoint: "https://prod.example.com/v1" }',
      '  prod2: { endpoint: "https://prod.example.com/v1" }',
      '  other: { provider: opnai }',
      '  other2: { provider: opnai }',
      '',
    ].join('\n'))).toEqual([
      'assistants/aac.yaml:3:20 endpoint must be an http:// or https:// URL, not ftp://',
      'assistants/aac.yaml:4:19 endpoint must be an http:// or https:// URL, not htps://',
      `assistants/aac.yaml:6:3 ${same('prod', 'prod2')}`,
      expect.stringMatching(/^assistants\/aac\.yaml:7:22 .*provider/),
      expect.stringMatching(/^assistants\/aac\.yaml:8:23 .*provider/),
    ]);
    expect(await errors(['namespace: 5', 'environments:', '  a: {}', '  b: {}', ''].join('\n'))).toEqual([
      expect.stringMatching(/^assistants\/aac\.yaml:1:12 namespace must be a string/),
    ]);
  });
});
