// Files of a definitions directory (or of an environment's overlay directory) named almost like
// definitions, which the walk passes over: a definition saved as JSON, or a YAML name with more
// after it (an editor's backup `x.yml~`, `x.yaml.bak`, `x.yaml.orig`). aac reads only names ending
// in .yaml or .yml (discover.ts DEFINITION), so such a file was left out without a word: what it
// defines would plan as an orphan to delete, or never be made. A warning says so (README, Files
// that are not definitions). Other names (README.md, an instructions file, .gitkeep) are no
// definitions and are not named; hidden, `_`-prefixed and `.aacignore`d ones are not walked at all.
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import pLimit from 'p-limit';
import { everyKindsFields, readsAsDefinitionAsync } from './definitions-dir.js';
import { andList, cappedItems } from '../util/words.js';
import { JSON_NAME, YAML_AND_MORE } from './discover.js';

/** More files of one directory than this are said in one warning at the directory, the first of them named. */
const NAMED_ONE_BY_ONE = 3;

/** JSON files read at once to decide whether each reads as a definition (`--dir .` over a project holds many). */
const READ_AT_ONCE = 16;

/**
 * A warning (code `unread-file`) for each file of `paths` (absolute, the walk's nearDefinitionName
 * ones) that may have been meant as a definition: a YAML name with more after it, or a JSON file
 * whose text reads as a definition of some kind (readsAsDefinition; in an overlay directory,
 * `overlays`, any field of one) — a saved plan, a package.json or a JSON Schema is none. More than
 * NAMED_ONE_BY_ONE in one directory: one warning there, whose hint still gives each file its own
 * rename (a hint is one line: a line break in it is escaped, so they are listed in it). `read`: the files
 * the walk read, by absolute path (a backup beside its original is said to be a copy of it), put in
 * a set only when there is a file to warn of (a set of 10,000 paths took 5–10 ms of a plan that
 * warns of none); `shown`: how messages show a path; `ignoreFile`: the .aacignore of the directory
 * walked, absolute.
 */
export async function unreadFileWarnings(paths: readonly string[], read: ReadonlyArray<{ path: string }>, opts: { shown: (abs: string) => string; ignoreFile: string; overlays?: boolean }): Promise<Diagnostic[]> {
  if (paths.length === 0) return [];
  const readPaths = new Set(read.map((f) => f.path));
  const kinds = paths.some((p) => JSON_NAME.test(p)) ? everyKindsFields() : [];
  const limit = pLimit(READ_AT_ONCE);
  const reads = await Promise.all(paths.map((p) => (JSON_NAME.test(p) ? limit(() => readsAsDefinitionAsync(p, kinds, opts.overlays)) : true)));
  const meant = paths.filter((_, i) => reads[i]).sort();
  const [one, many] = opts.overlays ? ['an overlay', 'overlays'] : ['a definition', 'definitions'];
  const byDir = new Map<string, string[]>();
  for (const p of meant) byDir.set(dirname(p), [...(byDir.get(dirname(p)) ?? []), p]);
  const keep = `move it out of the definitions directory, prefix its name with _ or list it in ${opts.shown(opts.ignoreFile)}`;
  const out: Diagnostic[] = [];
  // The name a file is read under, and whether a file of that name beside it is read (it is then a copy).
  const renaming = (file: string) => {
    const name = basename(file);
    const json = JSON_NAME.test(name);
    const renamed = json ? name.replace(JSON_NAME, '.yaml') : name.replace(YAML_AND_MORE, '$1');
    return { name, json, renamed, original: readPaths.has(join(dirname(file), renamed)) };
  };
  for (const [dir, files] of byDir) {
    if (files.length > NAMED_ONE_BY_ONE) {
      const each = files.map(renaming);
      // A hint is one line: a folder of hundreds of backups gives the first renames (cappedItems).
      const renames = cappedItems(each.map((f) => (f.original ? `${f.name} over ${f.renamed} (it looks like a copy of it, which is read)` : `${f.name} to ${f.renamed}`)));
      out.push({
        severity: 'warning',
        code: 'unread-file',
        location: { file: opts.shown(dir) },
        path: '',
        message: `${files.length} files of ${opts.shown(dir)}/ are not read, though named like ${many} (${andList([...each.slice(0, NAMED_ONE_BY_ONE).map((f) => f.name), `${each.length - NAMED_ONE_BY_ONE} more`])}): aac reads ${many} from files named *.yaml or *.yml only`,
        hint: `rename each that is ${one}: ${renames.join(', ')}${each.some((f) => f.json) ? ' (JSON is YAML: its text can stay as it is)' : ''}; to keep the others unread, move them out of the definitions directory, prefix their names with _ or list them in ${opts.shown(opts.ignoreFile)}`,
      });
      continue;
    }
    for (const file of files) {
      const { json, renamed, original } = renaming(file);
      out.push({
        severity: 'warning',
        code: 'unread-file',
        location: { file: opts.shown(file) },
        path: '',
        message: `${opts.shown(file)} is not read: ${json ? `it reads as ${one}, but ` : ''}aac reads ${many} from files named *.yaml or *.yml only${original ? `, and it looks like a copy of ${renamed} beside it, which is read` : ''}`,
        hint: original
          ? `to keep the copy, ${keep}; if it is the one meant, rename it over ${renamed}${json ? ' (JSON is YAML: its text can stay as it is)' : ''}`
          : json
            ? `rename it to ${renamed} (JSON is YAML: its text can stay as it is); to keep it unread, ${keep}`
            : `if it is ${one}, rename it to ${renamed}; to keep it unread, ${keep}`,
      });
    }
  }
  return out;
}
