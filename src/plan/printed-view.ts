// A plan's printed view saved where a plan file is wanted: `aac plan > plan.txt` or `aac plan
// --format markdown > plan.md`, as `terraform plan > plan.txt` is a habit, then `aac apply plan.txt`.
// Such a file is for reading; apply and show take the JSON document `aac plan --out` saves. The
// words the views open with are stated here, where they are recognized, and the renderers
// (render/text.ts, render/markdown.ts, render/format.ts planLine) write them from here.

/** The text view's first line when the plan changes something, before whose resources it is about. */
export const ACTIONS_OPENING = 'aac will perform the following actions';
/** The plan's count line (planLine): the text view's last, the markdown view's first, in bold. */
export const PLAN_LINE_OPENING = 'Plan:';
/** The line of a plan that changes nothing, in either view (`No changes in …` in text, `**No changes.**` in markdown). */
export const NO_CHANGES = 'No changes';

const escaped = (words: string) => words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TEXT_OPENING = new RegExp(`^(?:${escaped(ACTIONS_OPENING)} |${escaped(NO_CHANGES)}[ .])`);
const MARKDOWN_OPENING = new RegExp(`^\\*\\*(?:${escaped(PLAN_LINE_OPENING)} \\d|${escaped(NO_CHANGES)}\\.)`);

/**
 * Which view of a plan `text` holds, by the line aac's renderers open it with (ACTIONS_OPENING or
 * NO_CHANGES in text; the plan line or NO_CHANGES in bold in markdown); undefined for anything else.
 */
export function printedPlanView(text: string): 'text' | 'markdown' | undefined {
  const first = /^\s*(.*)/.exec(text.replace(/^\uFEFF/, ''))?.[1] ?? '';
  if (TEXT_OPENING.test(first)) return 'text';
  if (MARKDOWN_OPENING.test(first)) return 'markdown';
  return undefined;
}
