// The paths one `git ls-files -z` printed, searched in the bytes it printed. A listing of a whole
// work tree holds every file of the repository — 100,000 paths and 5 MB in a large one — and a
// run asks of the few hundred it reads: a Set of every path costs ~80 ms of CPU and 100,000
// strings, a search of the bytes for the paths below one directory ~2 ms, and only those become
// strings.

const NUL = 0;
const SLASH = 0x2f;

/** What one `git ls-files -z` printed: each path relative to the work tree's root, `/`-separated, followed by a NUL. */
export class ListedPaths {
  /** By directory prefix (`teams/a/`, or '' for the root), the paths printed below it: each searched for once. */
  private readonly below = new Map<string, ReadonlySet<string>>();

  /** The directory's paths start with this: '' for the root, else `dir/`. */
  private readonly dirPrefix: string;

  /**
   * `printed`: the output, as git wrote it. `dir`: the directory (relative to the root,
   * `/`-separated, '' for the root) most paths asked of are below: its paths are found in one
   * search; a path outside it is found with the others of its own directory.
   */
  constructor(private readonly printed: Buffer, dir: string) {
    this.dirPrefix = dir === '' ? '' : `${dir}/`;
  }

  /** Whether `path` (relative to the root, `/`-separated) was printed. */
  has(path: string): boolean {
    const inDir = path.startsWith(this.dirPrefix);
    const prefix = inDir ? this.dirPrefix : path.slice(0, path.lastIndexOf('/') + 1);
    // A file of the root outside the directory: searched alone, not with every path of the work tree.
    if (!inDir && prefix === '') return this.printed.indexOf(`\0${path}\0`) !== -1 || this.startsWith(`${path}\0`);
    let paths = this.below.get(prefix);
    if (paths === undefined) this.below.set(prefix, (paths = this.pathsBelow(prefix)));
    return paths.has(path);
  }

  /** The paths printed whose last step is one of `names`, each once (git prints an unmerged file once for each of its stages). */
  named(names: readonly string[]): string[] {
    const out = new Set<string>();
    for (const name of names) {
      const needle = Buffer.from(`${name}\0`);
      for (let at = this.printed.indexOf(needle); at !== -1; at = this.printed.indexOf(needle, at + 1)) {
        const before = at === 0 ? NUL : this.printed[at - 1];
        if (before !== NUL && before !== SLASH) continue;
        // Below a directory: the path starts after the NUL before it, or at the output's start.
        const start = before === NUL ? at : this.printed.lastIndexOf(NUL, at - 1) + 1;
        out.add(this.printed.toString('utf8', start, at + name.length));
      }
    }
    return [...out];
  }

  /** How many paths were printed. */
  count(): number {
    let n = 0;
    for (let at = this.printed.indexOf(NUL); at !== -1; at = this.printed.indexOf(NUL, at + 1)) n++;
    return n;
  }

  /** The paths printed that start with `prefix` ('' or ending in `/`). */
  private pathsBelow(prefix: string): Set<string> {
    const out = new Set<string>();
    const add = (start: number) => {
      const end = this.printed.indexOf(NUL, start);
      if (end > start) out.add(this.printed.toString('utf8', start, end));
    };
    if (this.startsWith(prefix)) add(0);
    const needle = Buffer.from(`\0${prefix}`);
    for (let at = this.printed.indexOf(needle); at !== -1; at = this.printed.indexOf(needle, at + 1)) add(at + 1);
    return out;
  }

  /** Whether the first path printed starts with `text`. */
  private startsWith(text: string): boolean {
    const bytes = Buffer.from(text);
    return this.printed.length >= bytes.length && this.printed.subarray(0, bytes.length).equals(bytes);
  }
}
