// What the GitHub Actions runner would obey of a step's output: its workflow commands outside a
// `::stop-commands::<token>` … `::<token>::` pause (GitHub's "Workflow commands for GitHub
// Actions", "Stopping and starting workflow commands"); the runner trims leading blanks.

/** The workflow command lines of `output` the runner would obey, in order, leading blanks trimmed. */
export function obeyed(output: string): string[] {
  const out: string[] = [];
  let resume: string | null = null;
  for (const line of output.split('\n').map((l) => l.trimStart())) {
    if (resume !== null) {
      if (line === resume) resume = null;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) resume = `::${stop[1]}::`;
    else if (line.startsWith('::')) out.push(line);
  }
  return out;
}
