import { displayValue } from './display-value.js';
import { profileDocument, type Block, type Text } from './profile-document.js';
import type { ProfileReport } from './profile-types.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1d232a; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; } h3 { margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f3f5f7; padding: 0 .2rem; border-radius: 3px; white-space: pre-wrap; }
@media print { body { margin: 0; max-width: none; } h2 { break-before: page; } }
`;

/** Renders the profile as one self-contained HTML page (inline style, no script), with every source value escaped. */
export function renderProfileHtml(report: ProfileReport): string {
  const body = profileDocument(report).map(renderBlock).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`Data-quality profile: ${report.project}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading': {
      const id = block.id === undefined ? '' : ` id="${escapeHtml(block.id)}"`;
      return `<h${block.level}${id}>${escapeHtml(block.text)}</h${block.level}>`;
    }
    case 'paragraph':
      return `<p>${renderText(block.text)}</p>`;
    case 'list':
      return `<ul>\n${block.items.map((item) => `<li>${renderText(item)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const header = `<tr>${block.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr>`;
      const rows = block.rows.map((cells) => `<tr>${cells.map((cell, index) => `<td${block.numeric[index] ? ' class="number"' : ''}>${renderText(cell)}</td>`).join('')}</tr>`);
      return `<table>\n<thead>${header}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    }
  }
}

function renderText(text: Text): string {
  // <bdi> keeps a right-to-left name from reordering the text around it.
  return text.map((inline) => (typeof inline === 'string' ? escapeHtml(inline) : `<bdi><code>${escapeHtml(displayValue(inline.value))}</code></bdi>`)).join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
