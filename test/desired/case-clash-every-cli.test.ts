// Every pair of paths that differ only in case is a warning, not only the first a file meets:
// `team/B.yaml` below a directory that clashes with `Team/` still clashes with `team/b.yaml`; and
// the files definitions read besides themselves (`instructions_file:`, `$ref` fragments) are one
// file for two names in a clone on a case-insensitive file system just as definition files are,
// with each other and with the run's own files (a definition file, an overlay, aac.yaml).
import { afterAll, describe, expect, it } from 'vitest';
import { emulatedProject } from '../helpers/project.js';
import { cleanupTrees } from './helpers.js';

afterAll(cleanupTrees);

const KEY = 'sk-test-case-clash-every-0000000';

describe('paths that differ only in case', () => {
  it('are each a warning: a file below a clashing directory that also clashes with a file', async () => {
    const { cli } = await emulatedProject({
      'assistants/Team/a.yaml': 'model: gpt-4o\nname: a\n',
      'assistants/team/b.yaml': 'model: gpt-4o\nname: b\n',
      'assistants/team/B.yaml': 'model: gpt-4o\nname: B\n',
    }, KEY);
    const r = await cli(['validate']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/warning: the directories assistants\/team and assistants\/Team \(of assistants\/Team\/a\.yaml\) differ only in case/);
    expect(r.stdout).toMatch(/assistants\/team\/(B|b)\.yaml:\d+:\d+: warning: assistants\/team\/(B|b)\.yaml and assistants\/team\/(b|B)\.yaml differ only in case: a clone on a case-insensitive file system \(macOS, Windows\) holds one file for both/);
    // Two files below `team/` clash with `Team/`, and one of them with the other.
    expect(r.stdout.match(/warning:/g)).toHaveLength(3);
  });

  it("instructions_file and $ref targets are a warning at the later reference, naming the earlier", async () => {
    const { cli } = await emulatedProject({
      'assistants/a.yaml': 'model: gpt-4o\nname: a\ninstructions_file: prompts/Help.md\n',
      'assistants/b.yaml': 'model: gpt-4o\nname: b\ninstructions_file: prompts/help.md\n',
      'assistants/c.yaml': 'model: gpt-4o\nname: c\ntools:\n  - $ref: _Tools.yaml\n',
      'assistants/d.yaml': 'model: gpt-4o\nname: d\ntools:\n  - $ref: _tools.yaml\n',
      // One file named by two definitions is no clash.
      'assistants/e.yaml': 'model: gpt-4o\nname: e\ninstructions_file: prompts/Help.md\n',
      'assistants/prompts/Help.md': 'Help.\n',
      'assistants/prompts/help.md': 'help.\n',
      'assistants/_Tools.yaml': 'type: file_search\n',
      'assistants/_tools.yaml': 'type: code_interpreter\n',
    }, KEY);
    const r = await cli(['validate']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(
      'assistants/b.yaml:3:20: warning: the instructions_file of assistants/b.yaml reads assistants/prompts/help.md, and the instructions_file of assistants/a.yaml (assistants/a.yaml:3:20) reads assistants/prompts/Help.md: the two differ only in case, and a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there reads the same text for both [instructions_file]\n' +
      '  hint: rename one of the files so that the two names differ in more than case, and the field that names it\n',
    );
    expect(r.stdout).toMatch(/assistants\/d\.yaml:4:\d+: warning: the \$ref '_tools\.yaml' of assistants\/d\.yaml reads assistants\/_tools\.yaml, and the \$ref '_Tools\.yaml' of assistants\/c\.yaml \(assistants\/c\.yaml:4:\d+\) reads assistants\/_Tools\.yaml: the two differ only in case/);
    expect(r.stdout).not.toMatch(/assistants\/e\.yaml:\d+:\d+: warning/);
    expect(r.stdout.match(/warning:/g)).toHaveLength(2);
  });

  it('a referenced file is compared with the run\'s own files too (a definition file here), and by its whole path (a directory and a name that differ in case)', async () => {
    const { cli } = await emulatedProject({
      'assistants/aac.yaml': 'environments:\n  dev: {}\n',
      'assistants/a.yaml': 'model: gpt-4o\nname: a\ninstructions_file: prompts/Help.md\n',
      // One file on macOS: the directories differ only in case, the names not at all.
      'assistants/b.yaml': 'model: gpt-4o\nname: b\ninstructions_file: Prompts/Help.md\n',
      // A prompt kept beside the definitions, out of the run by .aacignore: on macOS, it is a.yaml.
      'assistants/.aacignore': 'A.YAML\n',
      'assistants/d.yaml': 'model: gpt-4o\nname: d\ninstructions_file: A.YAML\n',
      'assistants/A.YAML': 'Answer briefly.\n',
      'assistants/prompts/Help.md': 'Help.\n',
      'assistants/Prompts/Help.md': 'help.\n',
    }, KEY);
    const r = await cli(['validate', '--env', 'dev']);
    expect(r.stdout).toContain('assistants/b.yaml:3:20: warning: the instructions_file of assistants/b.yaml reads assistants/Prompts/Help.md, and the instructions_file of assistants/a.yaml (assistants/a.yaml:3:20) reads assistants/prompts/Help.md: the two differ only in case');
    expect(r.stdout).toContain('assistants/d.yaml:3:20: warning: the instructions_file of assistants/d.yaml reads assistants/A.YAML, and assistants/a.yaml is the definition file of this run: the two differ only in case, and a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there reads the same text for both [instructions_file]\n' +
      '  hint: rename the file assistants/A.YAML so that its name differs from assistants/a.yaml in more than case, and the field that names it\n');
  });
});
