/**
 * Builds the reports document: each report definition's data sources,
 * filters, groupings and chart type, and the Odoo view that replaces it.
 * A chart becomes a graph view, a summarized report without a chart a pivot
 * view, and a plain list a list view.
 */

import type { Plan } from '../../compiler/plan-types.js';
import type { Report, RuleInventory } from '../inventory/inventory-types.js';
import { missingBodyNote, ruleTitle } from './inventory-index.js';
import { fieldOfProperty, odooTargetOf, type OdooTarget } from './odoo-targets.js';

export interface ReportView {
  readonly title: string;
  readonly className: string;
  readonly missingBody?: string;
  readonly dataSources: ReadonlyArray<{ readonly className: string; readonly join: string; readonly prefix: string }>;
  readonly columns: ReadonlyArray<{ readonly property: string; readonly label: string; readonly summary: string; readonly sort: string; readonly odooField: string }>;
  readonly columnsReason?: string;
  readonly filters: ReadonlyArray<{ readonly label: string; readonly property: string; readonly operator: string; readonly value: string; readonly domain: string }>;
  readonly filterLogic?: string;
  readonly filtersReason?: string;
  readonly groupings: readonly string[];
  readonly groupingsReason?: string;
  readonly chartType: string;
  readonly odooView: string;
  readonly odooModel: string;
  readonly viewArch: string;
  readonly notes: readonly string[];
}

export interface ReportsDocument {
  readonly title: string;
  readonly reports: readonly ReportView[];
  readonly emptyReason?: string;
}

/** Odoo graph types (16 to 19) per Pega chart type. */
const GRAPH_TYPES: Readonly<Record<string, 'bar' | 'line' | 'pie'>> = {
  bar: 'bar', column: 'bar', stackedbar: 'bar', stackedcolumn: 'bar', line: 'line', area: 'line', spark: 'line', pie: 'pie', donut: 'pie', funnel: 'bar',
};

const OPERATORS: Readonly<Record<string, string>> = {
  'is equal': '=', 'is not equal': '!=', 'greater than': '>', 'greater than or equal': '>=', 'less than': '<', 'less than or equal': '<=', 'contains': 'ilike', 'does not contain': 'not ilike',
};

function fieldText(target: OdooTarget | undefined, property: string): string {
  const found = fieldOfProperty(target, property);
  if (found === undefined) return target ? 'not loaded by any spec' : 'unknown: no spec loads this class';
  return found.valueMap ? `${found.field} (through value map ${found.valueMap})` : found.field;
}

/** Quotes text as a Python string literal, as Odoo domains are written. */
function pythonString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Translates a filter into an Odoo domain term when the operator has a direct counterpart. */
function domainOf(target: OdooTarget | undefined, property: string, operator: string, value: string | undefined): string {
  const found = fieldOfProperty(target, property);
  if (found === undefined) return 'write by hand: the property is not loaded into Odoo';
  const unquoted = (value ?? '').replace(/^"(.*)"$/, '$1');
  const lower = operator.toLowerCase();
  const mapped = found.valueMap ? ` (translate the value through value map ${found.valueMap})` : '';
  if (lower === 'starts with') return `('${found.field}', '=ilike', ${pythonString(`${unquoted}%`)})${mapped}`;
  const odooOperator = OPERATORS[lower];
  if (odooOperator === undefined) return `write by hand: "${operator}" has no single Odoo operator`;
  return `('${found.field}', '${odooOperator}', ${pythonString(unquoted)})${mapped}`;
}

function graphTypeOf(report: Report): 'bar' | 'line' | 'pie' {
  return GRAPH_TYPES[(report.chartType ?? '').toLowerCase().replace(/\s+/g, '')] ?? 'bar';
}

/** Chooses the Odoo view: a graph for a chart, a pivot for a summarized report, a list otherwise. */
function viewTypeOf(report: Report): 'graph' | 'pivot' | 'list' {
  if (report.chartType) return 'graph';
  return report.columns.some((column) => column.summary !== undefined) ? 'pivot' : 'list';
}

const VIEW_DESCRIPTIONS: Readonly<Record<'pivot' | 'list', string>> = {
  pivot: 'pivot view',
  list: 'list view with the filters as a saved filter (a pivot view adds totals if needed)',
};

function viewArchOf(report: Report, target: OdooTarget | undefined, viewType: 'graph' | 'pivot' | 'list'): string {
  const field = (property: string, attributes: string): string => {
    const found = fieldOfProperty(target, property);
    return found ? `  <field name="${found.field}"${attributes}/>` : `  <!-- ${property.replace(/--/g, '- -')} is not loaded by any spec -->`;
  };
  const title = (report.title ?? report.label ?? report.name).replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character]!);
  if (viewType === 'list') {
    return [`<list string="${title}">`, ...report.columns.map((column) => field(column.property, '')), '</list>'].join('\n');
  }
  const measures = report.columns.filter((column) => column.summary !== undefined && column.summary !== 'count').map((column) => field(column.property, ` type="measure"`));
  // The first grouping becomes the rows (the x axis of a graph), the others columns.
  const groups = report.groupings.map((property, position) => {
    if (position > 0) return field(property, ' type="col"');
    return field(property, viewType === 'pivot' ? ' type="row"' : '');
  });
  const graphType = graphTypeOf(report);
  const open = viewType === 'graph' ? `<graph string="${title}" type="${graphType}">` : `<pivot string="${title}">`;
  return [open, ...groups, ...measures, viewType === 'graph' ? '</graph>' : '</pivot>'].join('\n');
}

function reportView(report: Report, plan: Plan | undefined): ReportView {
  const target = odooTargetOf(plan, report.className);
  const summarized = report.columns.some((column) => column.summary !== undefined);
  const viewType = viewTypeOf(report);
  const joined = report.dataSources.filter((source) => source.join !== 'primary');
  const notes: string[] = [];
  if (joined.length > 0) notes.push(`Properties of joined classes (${joined.map((source) => source.prefix ?? source.className).join(', ')}) are reached in Odoo through relational fields, for example partner_id.country_id; a view of the main model can group by them only when they are stored related fields.`);
  const counted = report.columns.filter((column) => column.summary === 'count');
  if (counted.length > 0) notes.push(`COUNT columns (${counted.map((column) => column.label ?? column.property).join(', ')}) need no field: Odoo views count records by default.`);
  if (viewType === 'list') notes.push('Odoo 18 and later name the list view element list; Odoo 16 and 17 name it tree.');
  if (report.filters.length > 0) notes.push(`The filters become the domain of the window action (ir.actions.act_window) that opens the view, combined as ${report.filterLogic ?? 'all of them (AND)'}.`);

  return {
    title: report.title ? `${report.title} (${report.name})` : ruleTitle(report),
    className: report.className,
    ...(report.origin === 'rules-table' ? { missingBody: missingBodyNote('report definition') } : {}),
    dataSources: report.dataSources.map((source) => ({ className: source.className, join: source.join === 'primary' ? 'main class' : `${source.join} join`, prefix: source.prefix ?? '' })),
    columns: report.columns.map((column) => ({
      property: column.property,
      label: column.label ?? '',
      summary: column.summary ?? '',
      sort: column.sort ? `${column.sort}${column.sortOrder ? ` (${column.sortOrder})` : ''}` : '',
      odooField: fieldText(target, column.property),
    })),
    ...(report.columns.length === 0 ? { columnsReason: 'The columns of this report are unknown, because its body is not in the application export.' } : {}),
    filters: report.filters.map((filter) => ({ label: filter.label ?? '', property: filter.property, operator: filter.operator, value: filter.value ?? '', domain: domainOf(target, filter.property, filter.operator, filter.value) })),
    ...(report.filterLogic ? { filterLogic: report.filterLogic } : {}),
    ...(report.filters.length === 0 ? { filtersReason: 'This report has no filters: it shows every instance of its class.' } : {}),
    groupings: report.groupings,
    ...(report.groupings.length === 0 ? { groupingsReason: summarized ? 'This report summarizes all rows into one group.' : 'This report lists rows without summarizing them, so it has no groupings.' } : {}),
    chartType: report.chartType ?? 'none (a list or summary table)',
    odooView: viewType === 'graph' ? `graph view, type ${graphTypeOf(report)}` : VIEW_DESCRIPTIONS[viewType],
    odooModel: target ? target.model : `none yet: no spec loads class ${report.className}`,
    viewArch: viewArchOf(report, target, viewType),
    notes,
  };
}

export function buildReportsDocument(inventory: RuleInventory | undefined, plan: Plan | undefined): ReportsDocument {
  const title = 'Reports';
  if (inventory === undefined) return { title, reports: [], emptyReason: 'No inventory/ folder was found in the project; run pmap discover pega to create it.' };
  if (inventory.reports.length === 0) return { title, reports: [], emptyReason: 'No report definitions were found in the inventory (inventory/reports.yaml lists none).' };
  return { title, reports: inventory.reports.map((report) => reportView(report, plan)) };
}
