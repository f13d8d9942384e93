/**
 * Renders the document views with the Handlebars templates shipped in
 * `templates/`: one Markdown file per document plus an index, or one
 * self-contained HTML file (inline CSS, no script, nothing fetched).
 *
 * HTML templates rely on Handlebars' default escaping. Markdown templates are
 * compiled without it, so every value goes through a helper. `md` turns HTML
 * characters into entities and puts a backslash before Markdown punctuation
 * and table pipes. `code` writes a code span, where only pipes need escaping.
 * So no value can open a tag, a link or a table cell.
 */

import { readdirSync, readFileSync } from 'node:fs';

import Handlebars from 'handlebars';

import type { CaseTypesDocument } from './case-types-view.js';
import type { DecisionStrategiesDocument } from './decision-strategies-view.js';
import type { MappingReferenceDocument } from './mapping-reference-view.js';
import type { MigrationScopeDocument } from './migration-scope-view.js';
import type { ReportsDocument } from './reports-view.js';
import type { WorkflowsDocument } from './workflows-view.js';

/** `templates/` beside `runtime/` in the repository, and beside `dist/runtime/` after the build copies it. */
const TEMPLATE_FOLDER = new URL('../../templates/', import.meta.url);

export interface DocumentSet {
  readonly projectName: string;
  readonly caseTypes: CaseTypesDocument;
  readonly decisionStrategies: DecisionStrategiesDocument;
  readonly workflows: WorkflowsDocument;
  readonly reports: ReportsDocument;
  readonly mappingReference: MappingReferenceDocument;
  readonly migrationScope: MigrationScopeDocument;
}

export interface RenderedFile {
  readonly file: string;
  readonly text: string;
}

const DOCUMENTS = [
  { key: 'caseTypes', file: 'case-types', summary: 'stages, steps, assignment rules and SLAs of each case type, and their Odoo rebuild' },
  { key: 'decisionStrategies', file: 'decision-strategies', summary: 'context and rule weights of each strategy, and a rebuild recommendation' },
  { key: 'workflows', file: 'workflows', summary: 'stages, routing conditions, SLAs and escalation triggers of each flow' },
  { key: 'reports', file: 'reports', summary: 'data sources, filters, groupings and charts, and the Odoo view replacing each report' },
  { key: 'mappingReference', file: 'mapping-reference', summary: 'load order, fields, value maps and validators of each object' },
  { key: 'migrationScope', file: 'migration-scope', summary: 'volumes, extraction paths and the last run per object' },
] as const satisfies ReadonlyArray<{ key: keyof DocumentSet; file: string; summary: string }>;

const MARKDOWN_SPECIAL = /[\\`*_[\]#|<>&]/g;

/** Escapes text for Markdown: entities for HTML characters, a backslash before Markdown punctuation. */
export function escapeMarkdown(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text.replace(/\r?\n/g, ' ').replace(MARKDOWN_SPECIAL, (character) => {
    if (character === '<') return '&lt;';
    if (character === '>') return '&gt;';
    if (character === '&') return '&amp;';
    return `\\${character}`;
  });
}

/** Wraps text in a code span long enough for the backticks inside it; pipes are escaped for tables. */
export function markdownCode(value: unknown): string {
  const text = (value === undefined || value === null ? '' : String(value)).replace(/\r?\n/g, ' ');
  if (text === '') return '';
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

/** Writes a fenced code block whose fence is longer than any backtick run inside. */
export function markdownFence(language: string, value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  const longestRun = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

function template(path: string): string {
  return readFileSync(new URL(path, TEMPLATE_FOLDER), 'utf8');
}

function markdownEnvironment(): typeof Handlebars {
  const environment = Handlebars.create();
  environment.registerHelper('md', (value: unknown) => escapeMarkdown(value));
  environment.registerHelper('code', (value: unknown) => markdownCode(value));
  environment.registerHelper('fence', (language: string, value: unknown) => markdownFence(language, value));
  return environment;
}

function htmlEnvironment(): typeof Handlebars {
  const environment = Handlebars.create();
  for (const name of readdirSync(new URL('html/', TEMPLATE_FOLDER))) {
    if (name !== 'page.html.hbs' && name.endsWith('.html.hbs')) environment.registerPartial(name.slice(0, -'.html.hbs'.length), template(`html/${name}`));
  }
  return environment;
}

/** Collapses the blank lines that skipped sections leave behind, and ends the file with one newline. */
function tidyMarkdown(text: string): string {
  return `${text.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Renders `index.md` and one Markdown file per document. */
export function renderMarkdown(set: DocumentSet): RenderedFile[] {
  const environment = markdownEnvironment();
  const options = { noEscape: true };
  const index = environment.compile(template('markdown/index.md.hbs'), options)({
    projectName: set.projectName,
    documents: DOCUMENTS.map((document) => ({ title: set[document.key].title, file: `${document.file}.md`, summary: document.summary })),
  });
  return [
    { file: 'index.md', text: tidyMarkdown(index) },
    ...DOCUMENTS.map((document) => ({
      file: `${document.file}.md`,
      text: tidyMarkdown(environment.compile(template(`markdown/${document.file}.md.hbs`), options)(set[document.key])),
    })),
  ];
}

/** Renders every document into one self-contained HTML page. */
export function renderHtml(set: DocumentSet): RenderedFile {
  const environment = htmlEnvironment();
  const page = environment.compile(template('html/page.html.hbs'))({
    ...set,
    documents: DOCUMENTS.map((document) => ({ title: set[document.key].title, anchor: document.file, summary: document.summary })),
  });
  return { file: 'pmap-docs.html', text: page.replace(/\n{2,}/g, '\n') };
}
