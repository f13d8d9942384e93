import type { PlanPreview } from '../../runtime/preview/preview-types.js';
import { objectLines, objectTable, outcomeLine, planNotices, totalsLine, type Line } from './preview-lines.js';

/**
 * Renders the preview as plain text, for pipes, logs and terminals without
 * interaction: the table of objects, then every object's details, with
 * the same content as the terminal view.
 */
export function renderPreviewText(preview: PlanPreview): string {
  const table = objectTable(preview);
  const lines: Line[] = [
    { text: `Plan against Odoo ${preview.odooVersion}, objects in load order:` },
    { text: '' },
    { text: table.header },
    ...table.rows.map((row) => ({ text: row })),
    { text: '' },
    { text: `Total: ${totalsLine(preview)}` },
  ];
  const notices = planNotices(preview);
  if (notices.length > 0) lines.push({ text: '' }, ...notices);
  for (const object of preview.objects) lines.push({ text: '' }, ...objectLines(object));
  lines.push({ text: '' }, outcomeLine(preview));
  return `${lines.map((line) => line.text).join('\n')}\n`;
}
