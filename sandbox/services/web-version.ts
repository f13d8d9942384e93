// `/web/version` (and its alias `/json/version`), which replaces
// `common.version` for JSON-2 clients in Odoo 19: a plain HTTP route that
// needs no credentials and takes any method. Odoo 19 responds with
// `{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}`.

import { seriesTraits, type OdooSeries } from '../odoo-series.js';
import type { HttpReply } from './json2.js';

export const WEB_VERSION_PATHS: ReadonlySet<string> = new Set(['/web/version', '/json/version']);

export function webVersionReply(series: OdooSeries): HttpReply {
  const { versionInfo } = seriesTraits(series);
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ version_info: versionInfo.server_version_info, version: versionInfo.server_version }),
  };
}
