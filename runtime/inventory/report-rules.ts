/** Converts an exported `Rule-Obj-Report-Definition` instance into a report of the inventory. */

import type { Report, ReportColumn, ReportDataSource, ReportFilter } from './inventory-types.js';
import { identityOf, withoutUndefined } from './rule-identity.js';
import { numberOf, pageListOf, pageOf, textOf, type RulePage } from './rule-page-xml.js';

const SUMMARIES: Readonly<Record<string, ReportColumn['summary']>> = {
  COUNT: 'count', SUM: 'sum', AVG: 'average', AVERAGE: 'average', MIN: 'min', MAX: 'max', 'COUNT DISTINCT': 'count-distinct', COUNTDISTINCT: 'count-distinct',
};

const JOINS: Readonly<Record<string, ReportDataSource['join']>> = { INNER: 'inner', LEFT: 'left', RIGHT: 'right' };

function columnOf(field: RulePage): ReportColumn {
  const sortType = textOf(field, 'pySortType')?.toUpperCase();
  return withoutUndefined({
    property: textOf(field, 'pyFieldName') ?? '',
    label: textOf(field, 'pyFieldLabel'),
    dataType: textOf(field, 'pyDataType'),
    summary: SUMMARIES[textOf(field, 'pySummaryFunction')?.toUpperCase() ?? ''],
    sort: sortType === 'ASC' ? ('ascending' as const) : sortType === 'DESC' ? ('descending' as const) : undefined,
    sortOrder: numberOf(field, 'pySortOrder'),
  });
}

function filterOf(filter: RulePage): ReportFilter {
  return withoutUndefined({
    property: textOf(filter, 'pyFilterName') ?? '',
    operator: textOf(filter, 'pyFilterOperation') ?? 'Is equal',
    value: textOf(filter, 'pyFilterValue'),
    label: textOf(filter, 'pyLogicLabel'),
  });
}

export function reportOf(page: RulePage): Report {
  const identity = identityOf(page, 'Rule-Obj-Report-Definition');
  const content = pageOf(page, 'pyContent');
  const columns = content === undefined ? [] : pageListOf(content, 'pyFields').map(columnOf);
  const joins: ReportDataSource[] = content === undefined ? [] : pageListOf(content, 'pyJoins').map((join) => withoutUndefined({
    className: textOf(join, 'pyJoinClassName') ?? '',
    join: JOINS[textOf(join, 'pyJoinType')?.toUpperCase() ?? ''] ?? ('inner' as const),
    prefix: textOf(join, 'pyPrefix'),
  }));
  // A report that summarizes any column groups its rows by every column it does not summarize.
  const summarized = columns.some((column) => column.summary !== undefined);
  const ui = pageOf(page, 'pyUI');
  return withoutUndefined({
    ...identity,
    title: textOf(page, 'pyReportTitle'),
    dataSources: [{ className: identity.className, join: 'primary' as const }, ...joins],
    columns,
    filters: content === undefined ? [] : pageListOf(content, 'pyFilters').map(filterOf),
    filterLogic: content === undefined ? undefined : textOf(content, 'pyFilterLogic'),
    groupings: summarized ? columns.filter((column) => column.summary === undefined).map((column) => column.property) : [],
    chartType: ui === undefined ? undefined : textOf(ui, 'pyChartType'),
    maxRecords: content === undefined ? undefined : numberOf(content, 'pyMaxRecords'),
  });
}
