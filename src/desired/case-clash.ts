// Two definition files whose paths differ only in case (`A.yaml` and `a.yaml`, or `Team/x.yaml`
// and `team/y.yaml`) are two keys on Linux, where CI runs, and one path on a case-insensitive file
// system — macOS and Windows by default — where git checks out one file for both, or puts both
// directories' files into one. Keys stay case-sensitive (the marker, --target and the API compare
// them exactly), so such a pair is a warning, not an error: it works where it is, and breaks only
// in another clone.

/** A file whose path clashes with an earlier one's: the indexes of both, and the paths (`/`-separated) of each that differ only in case: the files' own, or (`file` false) directories on their way. */
export interface CaseClash {
  index: number;
  first: number;
  mine: string;
  theirs: string;
  file: boolean;
}

/**
 * The clashes among `rels` (paths below the definitions directory, `/`-separated, in the order
 * they are reported): for each file, every step of its path (each directory on its way, then the
 * file) that equals the first path spelled so by an earlier file but for case, and whose own name
 * differs in case from that path's last name — a step that only repeats its parent's clash
 * (`team/x` after `team` against `Team/x`) is not one again. Order: by file, then from the
 * shortest step. Case is compared as `toLowerCase` folds it, as near as one rule comes to both
 * APFS's folding and NTFS's.
 */
export function caseClashes(rels: readonly string[]): CaseClash[] {
  const seen = new Map<string, { spelled: string; index: number }>();
  const clashes: CaseClash[] = [];
  rels.forEach((rel, index) => {
    // Each directory on the way (the path up to each `/`), then the file: sliced, not split and
    // joined again, which made an array and a string for each step (10,000 paths and as many keys
    // of three steps took 15–29 ms of a plan's CPU).
    for (let slash = rel.indexOf('/'); ; slash = rel.indexOf('/', slash + 1)) {
      const path = slash < 0 ? rel : rel.slice(0, slash);
      const folded = path.toLowerCase();
      const earlier = seen.get(folded);
      if (earlier === undefined) seen.set(folded, { spelled: path, index });
      else if (earlier.spelled !== path && lastName(earlier.spelled) !== lastName(path)) {
        // Not the first clash alone: `Team/a.yaml` then `team/b.yaml` and `team/B.yaml` is a
        // directory clash and, below it, two files that are one.
        clashes.push({ index, first: earlier.index, mine: path, theirs: earlier.spelled, file: slash < 0 });
      }
      if (slash < 0) return;
    }
  });
  return clashes;
}

/** The last name of a `/`-separated path. */
function lastName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
