// Diagnostics as GitHub Actions workflow commands, so they show on the pull request's changed lines.
// The escaping is the runner's own (actions/toolkit `command.ts`): data escapes `%`, CR and LF;
// properties also escape `:` and `,`, which would otherwise end the property or the property list.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic, RunWarning } from '../model/diagnostic.js';

export interface AnnotationPaths {
  /** The directory the diagnostics' relative file paths are relative to (the CLI's working directory). */
  cwd: string;
  /** `GITHUB_WORKSPACE`: GitHub matches annotation files against paths relative to it. */
  workspace?: string;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Paths stay as given unless a workspace is known: then they are made relative to it, because a
 * run in a `working-directory` below the repository root would otherwise annotate no file.
 */
function annotationFile(file: string, paths?: AnnotationPaths): string {
  if (!paths?.workspace) return file;
  const rel = relative(paths.workspace, isAbsolute(file) ? file : resolve(paths.cwd, file));
  // A file outside the workspace cannot be annotated by path; keep what the user would recognise.
  if (rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

function title(d: Diagnostic): string {
  return d.path ? `aac ${d.code}: ${d.path}` : `aac ${d.code}`;
}

/** One `::error` or `::warning` line per diagnostic, each ending in a newline; '' for none. */
export function renderAnnotations(diags: readonly Diagnostic[], paths?: AnnotationPaths): string {
  return diags
    .map((d) => {
      const props = [
        `file=${escapeProperty(annotationFile(d.location.file, paths))}`,
        // A directory has no line to mark: the annotation names it alone.
        ...(d.location.line === undefined ? [] : [`line=${Math.max(1, d.location.line)}`, `col=${Math.max(1, d.location.column ?? 1)}`]),
        `title=${escapeProperty(title(d))}`,
      ].join(',');
      const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
      return `::${d.severity} ${props}::${escapeData(message)}\n`;
    })
    .join('');
}

/**
 * A warning of what the run was given (RunWarning: no file, so no place to mark) as one
 * `::warning` line titled `title` (`aac --target`), its hint on the line below its message, as a
 * diagnostic's is: the run's page lists it with the annotations of the files.
 */
export function renderRunAnnotation(w: RunWarning, title: string): string {
  return `::warning title=${escapeProperty(title)}::${escapeData(`${w.message}\n${w.hint}`)}\n`;
}
