// The commands aac suggests next (`aac apply FILE` after `plan --out`, `aac plan`/`aac apply` after
// an import) repeat the flags that chose what this run read, quoted for a shell: run as printed,
// they work; the bare command would read another directory, namespace or provider.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';
import { repeatedFlags, shellWord } from '../../src/render/command-line.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The words of a command line as a POSIX shell splits it (the shell itself does the splitting). */
function shellSplit(line: string): string[] {
  const script = 'eval "set -- $0"; for w in "$@"; do printf "%s\\0" "$w"; done';
  return execFileSync('sh', ['-c', script, line], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('shellWord and repeatedFlags', () => {
  it('a shell reads every value back unchanged', () => {
    for (const s of ['bots', 'my bots', "it's", '$HOME `id` "q" \\ *', 'team-a/support', '']) {
      expect(shellSplit(`x ${shellWord(s)}`)).toEqual(['x', s]);
    }
  });

  it('leaves out the default directory and what was not given', () => {
    expect(repeatedFlags({ dir: 'assistants' })).toBe('');
    expect(repeatedFlags({ dir: 'my bots', namespace: 'team-a', provider: 'zerobot' })).toBe(" --dir 'my bots' --namespace team-a --provider zerobot");
  });
});

describe('the suggested commands, run as printed', () => {
  it('plan --out: the apply it suggests repeats --dir, --namespace and --provider, and applies', async () => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'my bots'));
    writeFileSync(join(h.ws.root, 'my bots', 'a.yaml'), 'model: gpt-4o\n');
    const plan = await h.cli(['plan', '--dir', 'my bots', '--namespace', 'team-a', '--provider', 'openai', '--out', 'the plan.json']);
    expect(plan.code, plan.stderr).toBe(0);
    const line = /run: (aac apply .*)$/m.exec(plan.stdout)?.[1];
    expect(line).toBe("aac apply 'the plan.json' --dir 'my bots' --namespace team-a --provider openai");
    // Without the flags, apply reads another directory and namespace and refuses the plan.
    expect((await h.cli(['apply', 'the plan.json'])).code).toBe(1);
    const applied = await h.cli(shellSplit(line!).slice(1));
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 1 created');
  });

  it('import: the plan and apply it suggests repeat --dir; --provider, recorded in aac.yaml, is not repeated', async () => {
    h = await harness();
    h.emu.seed([{ model: 'gpt-4o', name: 'Hand Made' }]);
    const r = await h.cli(['import', '--dir', 'my bots', '--provider', 'openai']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Recorded (the namespace and )?the provider in my bots\/aac\.yaml/);
    expect(r.stdout).toContain("run `aac plan --dir 'my bots'`");
    expect(r.stdout).toContain("then `aac apply --dir 'my bots'`");
    const plan = await h.cli(shellSplit("plan --dir 'my bots'"));
    expect(plan.stdout).toContain('adopt');
  });
});
