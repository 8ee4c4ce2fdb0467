// kubectl's command-line habits, answered as Terraform's are (terraform-habits.test.ts): `-n NS`,
// `-o json` (`--output`), `-v=6` (`--verbose`) name the aac option they are, and `--dry-run` says
// that aac's dry run is `aac plan`. Each was a bare "unknown option" with no hint.
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';

const unknown = (word: string, command: string, option: string, why: string) =>
  `Error: unknown option '${word}' for aac ${command}\n  did you mean '--${option}'? (${why}; run \`aac ${command} --help\` for its options)\n`;

test("kubectl's -n, -o, --output, -v and --verbose name the aac option each is", async () => {
  const cases: Array<[string[], string]> = [
    [['plan', '-n', 'team'], unknown('-n', 'plan', 'namespace', "kubectl's -n is aac's --namespace, the scope of the resources a directory manages")],
    [['apply', '-o', 'json'], unknown('-o', 'apply', 'format', "kubectl's -o is aac's --format")],
    [['show', 'p.json', '--output=json'], unknown('--output=json', 'show', 'format', "kubectl's --output is aac's --format")],
    [['plan', '-v=6'], unknown('-v=6', 'plan', 'debug', "kubectl's -v (and Terraform's TF_LOG) is aac's --debug, which logs each API request to stderr")],
    [['validate', '--verbose'], unknown('--verbose', 'validate', 'debug', 'it logs each API request to stderr')],
    // A file, not a format: Terraform's -out, where the command saves a plan.
    [['plan', '-o', 'plan.json'], unknown('-o', 'plan', 'out', "Terraform's -out, which aac spells as it does")],
    [['apply', '--context', 'prod'], unknown('--context', 'apply', 'env', "kubectl's --context picks the cluster a run reaches; aac.yaml's environments each name theirs, and --env picks one")],
    [['apply', '-k', 'overlays/prod'], unknown('-k', 'apply', 'env', "kubectl's -k applies a kustomization's overlay; aac's overlays are an environment's (overlays/<env>/), applied with --env")],
    [['plan', '-l', 'team=a'], unknown('-l', 'plan', 'target', "kubectl's -l selects resources by label; aac selects them by key, with * and ? as globs (--target 'support/*')")],
    [['apply', '--selector=team=a'], unknown('--selector=team=a', 'apply', 'target', "kubectl's --selector selects resources by label; aac selects them by key, with * and ? as globs (--target 'support/*')")],
    // Atlantis' `atlantis plan -d DIR -w WORKSPACE`, typed from a pull request's comment.
    [['plan', '-d', 'assistants'], unknown('-d', 'plan', 'dir', "Atlantis' -d names the directory a run reads, aac's definitions directory")],
    [['apply', '-w', 'prod'], unknown('-w', 'apply', 'env', "Atlantis' -w names a Terraform workspace, which aac.yaml's environments are")],
  ];
  for (const [argv, stderr] of cases) {
    const r = await runCli(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
  }
  // Only where the command has the option: validate has no --namespace.
  expect((await runCli(['validate', '-n', 'team'])).stderr).toBe("Error: unknown option '-n' for aac validate\n  run `aac validate --help` for its options\n");
});

test("kubectl's --dry-run: apply is told aac plan, with the run's options; a command that writes nothing, to drop it; import keeps its own", async () => {
  const apply = await runCli(['apply', '--dry-run=client', '--dir', 'ws', '--namespace', 'team']);
  expect(apply.code).toBe(1);
  expect(apply.stderr).toBe(
    "Error: option '--dry-run=client' is kubectl's and has no meaning for aac apply\n" +
      "  aac's dry run is `aac plan --dir ws --namespace team`: it prints what aac apply would change and writes nothing (`aac plan --out plan.json --dir ws --namespace team` saves it for `aac apply plan.json`)\n",
  );
  for (const command of ['plan', 'validate']) {
    const r = await runCli([command, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: option '--dry-run' is kubectl's and has no meaning for aac ${command}\n  aac ${command} writes nothing (it is a dry run already): drop it\n`);
  }
  expect((await runCli(['import', '--help'])).stdout).toContain('--dry-run');
});

test("kubectl apply -R -f DIR --prune --all --server-side --validate=false: each flag is told what aac does instead, before anything is read", async () => {
  const refused = (word: string, command: string, why: string) => `Error: option '${word}' is kubectl's and has no meaning for aac ${command}\n  ${why}\n`;
  const recursive = "aac reads every folder below the definitions directory already (given with --dir; kubectl's -f is --dir): drop it";
  const serverSide = 'aac computes each change from the definitions and the live state, one apply at a time in a namespace (its lock): there are no field managers to take over and no conflicts to force: drop it';
  const cases: Array<[string[], string]> = [
    [['apply', '-R', '-f', 'assistants'], refused('-R', 'apply', recursive)],
    [['plan', '--recursive'], refused('--recursive', 'plan', recursive)],
    [['validate', '-R'], refused('-R', 'validate', recursive)],
    [['import', '-R', '--dry-run'], refused('-R', 'import', recursive)],
    // Was "did you mean '--allow-empty'?", a flag of another meaning.
    [['apply', '--prune', '--all'], refused('--all', 'apply', "kubectl's --prune needs --all or a selector to say what it may delete; aac's --prune deletes only what its marker says this namespace manages, every such orphan: drop --all")],
    [['apply', '--server-side'], refused('--server-side', 'apply', serverSide)],
    [['plan', '--force-conflicts=true'], refused('--force-conflicts=true', 'plan', serverSide)],
    [['apply', '--validate=false', '--dir', 'ws'], refused('--validate=false', 'apply', 'aac checks the definitions on every run and never sends one that fails (`aac validate --dir ws` checks them alone): drop it')],
  ];
  for (const [argv, stderr] of cases) {
    const r = await runCli(argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
  }
  // Only on the commands that read definitions: show reads a plan file.
  expect((await runCli(['show', 'p.json', '-R'])).stderr).toBe("Error: unknown option '-R' for aac show\n  run `aac show --help` for its options\n");
});
