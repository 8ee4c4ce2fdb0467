// The ```yaml blocks of a markdown file that are whole workflows (they contain `jobs:`).
export interface YamlBlock {
  /** 1-based line of the block's first content line, to point at it when it fails. */
  line: number;
  text: string;
}

export function workflowBlocks(markdown: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    const text = lines.slice(start, end).join('\n') + '\n';
    if (/^jobs:/m.test(text)) blocks.push({ line: start + 1, text });
    i = end;
  }
  return blocks;
}
