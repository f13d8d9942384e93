import { inlineText, profileDocument, type Block, type Text } from './profile-document.js';
import type { ProfileReport } from './profile-types.js';

/** Renders the profile as GitHub-flavoured Markdown, with every source value escaped. */
export function renderProfileMarkdown(report: ProfileReport): string {
  return `${profileDocument(report).map(renderBlock).join('\n\n')}\n`;
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`;
    case 'paragraph':
      return renderText(block.text);
    case 'list':
      return block.items.map((item) => `- ${renderText(item)}`).join('\n');
    case 'table': {
      const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
      const rule = block.numeric.map((numeric) => (numeric ? '---:' : '---'));
      return [row(block.header.map(escapeMarkdown)), row(rule), ...block.rows.map((cells) => row(cells.map(renderText)))].join('\n');
    }
  }
}

function renderText(text: Text): string {
  return text.map((inline) => escapeMarkdown(inlineText(inline))).join('');
}

/**
 * Escapes what Markdown or the HTML it may contain would interpret inside a
 * line: emphasis, links, code, table pipes, entities and tags. Every line
 * starts with pmap's own text or a quoted value, so line-start syntax (`#`,
 * `-`, `>`) needs no escape, and source values reach here JSON-quoted, with
 * line breaks escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\r\n]+/g, ' ');
}
