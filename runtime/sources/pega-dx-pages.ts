/**
 * The two ways pmap fetches rows from Pega's DX API:
 *
 * - v2 data views, `POST /api/application/v2/data_views/{id}` with
 *   `paging { pageNumber, pageSize }` and a query that selects the properties
 *   and sorts by the key. The response is `{ data: [...], hasMoreResults,
 *   pageNumber, pageSize, resultCount, fetchDateTime, pxObjClass:
 *   "Pega-API-DataExploration-Data" }`. Without paging a data view returns at
 *   most 5,000 rows (maxResultsToFetch), with paging any number, at most
 *   5,000 per page.
 * - v1 data pages, `GET /api/v1/data/{id}?param=value`, which return the whole
 *   list page at once: `{ pxObjClass: "Code-Pega-List", pxResults: [...],
 *   pxResultCount, pxMore }`, every scalar a string, capped at 5,000 rows.
 */

import type { PegaDxHttp } from './pega-dx-http.js';
import { PegaDxError } from './pega-dx-errors.js';

/** Maximum rows Pega returns in one data view page or one unpaged data page. */
export const PEGA_ROW_CAP = 5000;

export type DxRow = Readonly<Record<string, unknown>>;

export interface DataViewQuery {
  readonly dataView: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Properties to select. */
  readonly select: readonly string[];
  /** Properties to sort by, ascending. */
  readonly sortBy: readonly string[];
  readonly pageSize: number;
}

/** Rows of one unpaged call, and whether Pega reported rows left out. */
export interface UnpagedRows {
  readonly rows: readonly DxRow[];
  readonly truncated: boolean;
}

/**
 * Yields the pages of a v2 data view in order. The rows are sorted by Pega
 * (query.sortBy), so the concatenated pages are in key order.
 *
 * Pages are numbered, so rows added or removed while the pages are read would
 * shift the later pages and lose or repeat rows. When Pega sends an eTag, a
 * change of it between pages means exactly that, and the read stops with a
 * 'data-changed' error rather than restarting: the rows of earlier pages are
 * already handed to the caller and may be loaded.
 */
export async function* dataViewPages(http: PegaDxHttp, query: DataViewQuery): AsyncGenerator<readonly DxRow[]> {
  const path = `/api/application/v2/data_views/${encodeURIComponent(query.dataView)}`;
  const subject = `data view ${query.dataView}`;
  let firstEtag: string | undefined;

  for (let pageNumber = 1; ; pageNumber++) {
    const response = await http.request(
      'POST',
      path,
      {
        ...(Object.keys(query.parameters).length > 0 ? { dataViewParameters: query.parameters } : {}),
        query: {
          select: query.select.map((field) => ({ field })),
          sortBy: query.sortBy.map((field) => ({ field, type: 'ASC' })),
        },
        paging: { pageNumber, pageSize: query.pageSize },
      },
      subject,
    );
    const page = dataViewBody(response.body, path);

    if (pageNumber === 1) {
      firstEtag = response.etag;
    } else if (firstEtag !== undefined && response.etag !== undefined && response.etag !== firstEtag) {
      throw new PegaDxError(
        'data-changed',
        `the rows of ${subject} changed while pmap read its pages (eTag ${firstEtag} on page 1, ${response.etag} on page ${pageNumber}), ` +
          'so rows may have been skipped or read twice; pmap stopped the read; run it again when fewer cases change, for example outside business hours',
      );
    }

    yield page.rows;

    const more = page.hasMoreResults ?? page.rows.length >= query.pageSize;
    if (!more) return;
    if (page.rows.length === 0) {
      throw new PegaDxError('invalid-response', `page ${pageNumber} of ${subject} (${path}) has no rows but hasMoreResults true; check the data view in Pega`);
    }
  }
}

/**
 * Fetches a data view or data page in one call, without paging: a v2 data
 * view without query or paging (Pega applies maxResultsToFetch 5,000), or a
 * v1 data page.
 */
export async function unpagedRows(
  http: PegaDxHttp,
  api: 'v1' | 'v2',
  dataView: string,
  parameters: Readonly<Record<string, string>>,
): Promise<UnpagedRows> {
  const subject = api === 'v1' ? `data page ${dataView}` : `data view ${dataView}`;

  if (api === 'v2') {
    const path = `/api/application/v2/data_views/${encodeURIComponent(dataView)}`;
    const body = Object.keys(parameters).length > 0 ? { dataViewParameters: parameters } : {};
    const response = await http.request('POST', path, body, subject);
    const page = dataViewBody(response.body, path);
    return { rows: page.rows, truncated: page.hasMoreResults === true };
  }

  const search = new URLSearchParams(parameters).toString();
  const path = `/api/v1/data/${encodeURIComponent(dataView)}${search ? `?${search}` : ''}`;
  const response = await http.request('GET', path, undefined, subject);
  const body = response.body as { pxResults?: unknown; pxMore?: unknown; pxTotalResultCount?: unknown } | null;
  if (typeof body !== 'object' || body === null || !Array.isArray(body.pxResults)) {
    throw new PegaDxError(
      'invalid-response',
      `the response of ${path.split('?')[0]} has no pxResults list, so ${subject} is not a list data page; map the table to a list data page in source.data_views`,
    );
  }

  const rows = body.pxResults as DxRow[];
  const total = Number(body.pxTotalResultCount);
  const truncated = body.pxMore === 'true' || body.pxMore === true || (Number.isFinite(total) && total > rows.length);
  return { rows, truncated };
}

function dataViewBody(body: unknown, path: string): { rows: readonly DxRow[]; hasMoreResults: boolean | undefined } {
  const page = body as { data?: unknown; hasMoreResults?: unknown } | null;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.data)) {
    throw new PegaDxError('invalid-response', `the response of ${path} has no data list; check that source.url points at the Pega server and source.api is right`);
  }
  const rows = page.data.filter((row): row is DxRow => typeof row === 'object' && row !== null);
  return { rows, hasMoreResults: typeof page.hasMoreResults === 'boolean' ? page.hasMoreResults : undefined };
}
