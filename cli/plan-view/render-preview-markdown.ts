import type { ObjectPreview, PlanPreview } from '../../runtime/preview/preview-types.js';
import { describeOutcome, formatSampleValue, formatSourceValue, outcomeLine, planNotices } from './preview-lines.js';

/**
 * Renders the preview as a pull-request comment: a table of objects with their
 * counts, then, folded per object, the before -> after of sampled
 * updates, the new records, the rejects and the uncovered value-map values.
 */
export function renderPreviewMarkdown(preview: PlanPreview, project: string): string {
  const { totals } = preview;
  const sections: string[] = [
    `### pmap plan: ${escapeText(project)}`,
    `Against Odoo ${preview.odooVersion}: **${totals.create}** to create, **${totals.update}** to update, ${totals.unchanged} unchanged, **${totals.rejected}** rejected, ${totals.deduplicated} deduplicated.`,
    [
      '| # | Object | Model | + create | ~ update | = unchanged | ! rejected | deduplicated | status |',
      '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
      ...preview.objects.map((object) => `| ${object.level} | ${cell(object.object)} | \`${object.model}\` | ${object.counts.create} | ${object.counts.update} | ${object.counts.unchanged} | ${object.counts.rejected} | ${object.counts.deduplicated} | ${object.status === 'computed' ? '' : cell(object.status)} |`),
    ].join('\n'),
  ];

  const notices = planNotices(preview);
  if (notices.length > 0) sections.push(notices.map((line) => (line.text.startsWith('  ') ? `- ${escapeText(line.text.trim())}` : escapeText(line.text))).join('\n'));
  for (const object of preview.objects) {
    const details = objectDetails(object);
    if (details.length > 0) sections.push(`<details><summary>${escapeText(object.object)}: ${summary(object)}</summary>\n\n${details.join('\n\n')}\n\n</details>`);
  }
  sections.push(escapeText(outcomeLine(preview).text));
  return `${sections.join('\n\n')}\n`;
}

function summary(object: ObjectPreview): string {
  const parts = [`${object.counts.create} to create`, `${object.counts.update} to update`, `${object.counts.rejected} rejected`];
  if (object.status !== 'computed') parts.push(object.status);
  return parts.join(', ');
}

function objectDetails(object: ObjectPreview): string[] {
  const details: string[] = [];
  if (object.reason !== undefined) details.push(`**${object.status}**: ${escapeText(object.reason)}`);
  const { create, update } = object.samples;
  if (update.length > 0) {
    const rows = update.flatMap((sample) => sample.changes.map((change) => `| ${cell(sample.key)} | \`${change.field}\` | ${cell(formatSampleValue(change.before))} | ${cell(formatSampleValue(change.after))} |`));
    details.push(`Updates (${update.length} of ${object.counts.update}), before -> after:\n\n| Record | Field | Before | After |\n| --- | --- | --- | --- |\n${rows.join('\n')}`);
  }
  if (create.length > 0) {
    const fields = Object.keys(create[0]!.values);
    const header = `| Record | ${fields.map((field) => `\`${field}\``).join(' | ')} |\n| --- |${fields.map(() => ' --- |').join('')}`;
    const rows = create.map((sample) => `| ${cell(sample.key)} | ${fields.map((field) => cell(formatSampleValue(sample.values[field] ?? false))).join(' | ')} |`);
    details.push(`New records (${create.length} of ${object.counts.create}):\n\n${header}\n${rows.join('\n')}`);
  }
  if (object.rejects.length > 0) {
    const rows = object.rejects.map((group) => `| ${group.count} | ${cell(group.summary)} | ${cell(group.examples.map((example) => `${example.key}: ${example.message}`).join('; '))} |`);
    details.push(`Rejects by reason:\n\n| Count | Reason | Examples |\n| ---: | --- | --- |\n${rows.join('\n')}`);
  }
  if (object.valueMaps.length > 0) {
    const rows = object.valueMaps.flatMap((coverage) => coverage.uncovered.map((value) => `| ${cell(coverage.map)} | \`${coverage.field}\` | ${cell(formatSourceValue(value.value))} | ${value.count} | ${cell(describeOutcome(value).replace(/^-> /, ''))} |`));
    details.push(`Values no value-map entry covers:\n\n| Map | Field | Source value | Rows | Outcome |\n| --- | --- | --- | ---: | --- |\n${rows.join('\n')}`);
  }
  return details;
}

/** Escapes a table cell: pipes and line breaks would end it, and HTML would be rendered. */
function cell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
