// A variable that chooses a setting, set but empty (`AAC_NAMESPACE=` in a CI file, an input that
// expanded to nothing), is refused where it would be read, as an empty endpoint variable is: never
// read as unset, which would quietly run in another namespace or without an environment. And an
// AAC_ENV exported for another project, in a directory that declares no environments, is refused
// naming the variable and how to unset it (as Terraform refuses a TF_WORKSPACE naming no workspace).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../apply/helpers.js';
import { GLOBAL_OPTIONS } from '../../src/cli.js';
import { COMMANDS } from '../../src/commands/registry.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const requests = (hh: Harness) => hh.emu.stats().total;

describe('a setting variable set but empty', () => {
  it('AAC_NAMESPACE: refused where it is read, naming it and what unsetting it means; a flag wins over it', async () => {
    h = await harness({ bot: { model: 'gpt-4o' } });
    for (const value of ['', '  ']) {
      const r = await h.cli(['plan'], { env: { AAC_NAMESPACE: value } });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('Error: AAC_NAMESPACE is set but empty\n');
      expect(r.stderr).toContain("give the namespace (e.g. team-a), or unset it to use the default (the definitions directory's path in its git repository)");
    }
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'namespace: support\n');
    const inConfig = await h.cli(['apply', '--yes'], { env: { AAC_NAMESPACE: '' } });
    expect(inConfig.code).toBe(1);
    expect(inConfig.stderr).toContain("or unset it to use aac.yaml's namespace: support");
    expect(requests(h)).toBe(0);

    // --namespace wins, so the variable is not read.
    const flag = await h.cli(['plan', '--namespace', 'team-a'], { env: { AAC_NAMESPACE: '' } });
    expect(flag.code, flag.stderr).toBe(0);
  });

  it('AAC_ENV: refused where it is read (validate, plan), naming it; --env wins over it', async () => {
    h = await harness({ bot: { model: 'gpt-4o' } });
    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'environments:\n  dev: {}\n');
    for (const argv of [['validate'], ['plan']]) {
      const r = await h.cli(argv, { env: { AAC_ENV: '' } });
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toContain('Error: AAC_ENV is set but empty\n  give the name of an environment aac.yaml declares, or unset it (--env NAME chooses one for a single run)');
    }
    expect(requests(h)).toBe(0);
    expect((await h.cli(['plan', '--env', 'dev'], { env: { AAC_ENV: '' } })).code).toBe(0);
  });
});

describe('AAC_ENV in a directory without environments', () => {
  it('is refused naming the variable, that it came from the environment, and how to unset it for this directory', async () => {
    h = await harness({ bot: { model: 'gpt-4o' } });
    const none = await h.cli(['plan'], { env: { AAC_ENV: 'prod' } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("Error: AAC_ENV is 'prod' (set in the environment), but assistants has no aac.yaml to declare environments\n");
    expect(none.stderr).toContain('unset AAC_ENV for this directory (`env -u AAC_ENV aac …` for one run)');

    writeFileSync(join(h.ws.root, 'assistants', 'aac.yaml'), 'namespace: support\n');
    const undeclared = await h.cli(['validate'], { env: { AAC_ENV: 'prod' } });
    expect(undeclared.code).toBe(1);
    expect(undeclared.stderr).toContain("Error: AAC_ENV is 'prod' (set in the environment), but assistants/aac.yaml declares no environments\n");
    expect(undeclared.stderr).toContain('or declare prod under environments: in aac.yaml');
    expect(requests(h)).toBe(0);
    // Unset, the directory runs as always.
    expect((await h.cli(['plan'], { env: { AAC_ENV: undefined } })).code).toBe(0);
  });
});

describe('an option or argument given an empty value', () => {
  it('is refused before anything is read, for every string option of every command, in both spellings', async () => {
    h = await harness({ bot: { model: 'gpt-4o' } });
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      const options = Object.entries({ ...GLOBAL_OPTIONS, ...command.options }).filter(([, o]) => o.type === 'string');
      expect(options.length, name).toBeGreaterThan(0);
      for (const [option, spec] of options) {
        for (const argv of [[`--${option}`, ''], [`--${option}=`]]) {
          const r = await h.cli([name, ...argv]);
          expect(r.code, `${name} ${argv.join(' ')}`).toBe(1);
          expect(r.stderr, `${name} ${argv.join(' ')}`).toBe(`Error: option '--${option}' is empty: --${option} ${spec.arg ?? 'VALUE'} (a variable that expanded to nothing?)\n  give --${option} a value, or leave the option out\n`);
        }
      }
    }
    // The definitions directory's empty spelling no longer plans the working directory as a new fleet.
    expect(requests(h)).toBe(0);
    // A Terraform spelling is named as typed.
    expect((await h.cli(['apply', '-parallelism='])).stderr).toContain("Error: option '-parallelism' is empty: -parallelism N");
  });

  it('a plan file or lock id that is empty is refused naming what it should be', async () => {
    h = await harness({ bot: { model: 'gpt-4o' } });
    for (const command of ['show', 'apply']) {
      const r = await h.cli([command, '']);
      expect(r.code, command).toBe(1);
      expect(r.stderr).toBe(`Error: the plan file given to aac ${command} is empty (a variable that expanded to nothing?)${command === 'apply' ? '; nothing was changed' : ''}\n  name the file saved by \`aac plan --out plan.json\`\n`);
    }
    const unlock = await h.cli(['force-unlock', '']);
    expect(unlock.code).toBe(1);
    expect(unlock.stderr).toContain('Error: the lock given to aac force-unlock is empty');
    expect(requests(h)).toBe(0);
    // The Action lists every environment with an empty name after `--`: that one stays accepted.
    expect((await h.cli(['environments', '--', ''])).code).toBe(0);
  });
});
