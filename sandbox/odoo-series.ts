// The Odoo releases a sandbox can emulate, and what differs between them.
//
// Both series serve the field metadata recorded on a real Odoo 16.0. For
// 19.0 the field labels and model descriptions that changed are taken from a
// real Odoo 19.0, because they appear in error texts, and the error texts
// follow 19.0 where a real 19.0 was seen to differ.
// NOTE: the 19.0 field set itself is not emulated: fields that 19.0 removed
// (e.g. res.partner.mobile) still exist, and fields it added do not.

export type OdooSeries = '16.0' | '19.0';

export const SUPPORTED_SERIES: readonly OdooSeries[] = ['16.0', '19.0'];

export interface SeriesTraits {
  readonly series: OdooSeries;
  /** `common.version()` of a community build of this series. */
  readonly versionInfo: {
    readonly server_version: string;
    readonly server_version_info: readonly (string | number)[];
    readonly server_serie: string;
    readonly protocol_version: number;
  };
  /** `_description` values that differ from 16.0, by model. */
  readonly modelDescriptions: Readonly<Record<string, string>>;
  /** Whether `name_get()` exists (it was removed in 18.0). */
  readonly hasNameGet: boolean;
  /** Whether `search()` still takes `count` (it was removed in 17.0). */
  readonly searchHasCount: boolean;
  /** The name of name_search's domain parameter: `args` up to 18.0, `domain` in 19.0. */
  readonly nameSearchDomainParameter: 'args' | 'domain';
  /** Whether `/web/version` returns the version as JSON to a plain HTTP request (19.0). 16.0 has no such route. */
  readonly servesWebVersion: boolean;
  /** Whether `res.users.context_get()` includes `uid` (17.0 and later). */
  readonly contextHasUid: boolean;
}

const TRAITS: Readonly<Record<OdooSeries, SeriesTraits>> = {
  '16.0': {
    series: '16.0',
    versionInfo: { server_version: '16.0', server_version_info: [16, 0, 0, 'final', 0, ''], server_serie: '16.0', protocol_version: 1 },
    modelDescriptions: {},
    hasNameGet: true,
    searchHasCount: true,
    nameSearchDomainParameter: 'args',
    servesWebVersion: false,
    contextHasUid: false,
  },
  '19.0': {
    series: '19.0',
    versionInfo: { server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''], server_serie: '19.0', protocol_version: 1 },
    modelDescriptions: { 'crm.lead': 'Lead' },
    hasNameGet: false,
    searchHasCount: false,
    nameSearchDomainParameter: 'domain',
    servesWebVersion: true,
    contextHasUid: true,
  },
};

export function seriesTraits(series: OdooSeries): SeriesTraits {
  return TRAITS[series];
}

export function isSupportedSeries(value: string): value is OdooSeries {
  return (SUPPORTED_SERIES as readonly string[]).includes(value);
}
