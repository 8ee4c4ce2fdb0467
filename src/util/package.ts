// This package's own name and version, read once from its package.json (dist/util/ → ../../).
import { readFileSync } from 'node:fs';

let pkg: { name: string; version: string } | undefined;

export function packageInfo(): { name: string; version: string } {
  pkg ??= JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return pkg;
}
