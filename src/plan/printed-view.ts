// A plan's printed view saved where a plan file is wanted: `aac plan > plan.txt` or `aac plan
// --format markdown > plan.md`, as `terraform plan > plan.txt` is a habit, then `aac apply plan.txt`.
// Such a file is for reading; apply and show take the JSON document `aac plan --out` saves.

/**
 * Which view of a plan `text` holds, by the lines aac's renderers open it with (render/: the text
 * view's `aac will perform the following actions …` or `No changes in …`, the markdown view's
 * bold `**Plan: …**` or `**No changes.**`); undefined for anything else.
 */
export function printedPlanView(text: string): 'text' | 'markdown' | undefined {
  const first = /^\s*(.*)/.exec(text.replace(/^\uFEFF/, ''))?.[1] ?? '';
  if (/^(?:aac will perform the following actions |No changes in )/.test(first)) return 'text';
  if (/^\*\*(?:Plan: \d|No changes\.)/.test(first)) return 'markdown';
  return undefined;
}
