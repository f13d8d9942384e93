import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { didYouMeanHint } from './did-you-mean.js';
import type { Diagnostic, Span } from './diagnostic.js';
import { buildOwnersConfig, type OwnersConfig, type RawOwnersConfig } from './owners-config.js';

/** Contents of `pmap.yaml` after validation, with defaults applied. */
export interface ProjectConfig {
  readonly name?: string;
  readonly source: {
    readonly kind: 'bix' | 'postgres' | 'dx';
    /** Folder of BIX files, relative to the project (bix). */
    readonly path?: string;
    /** `xml` or `csv`: the format of the BIX files (bix); absent means xml. */
    readonly format?: 'xml' | 'csv';
    /** Encoding of BIX CSV files, UTF-8 by default; an XML file declares its own (bix, csv). */
    readonly encoding?: string;
    /** Environment variable holding the Pega database URL (postgres). */
    readonly urlEnv?: string;
    /** BIX file per table, when a file is not named `<table>.xml`. */
    readonly files?: Readonly<Record<string, string>>;
    /** PostgreSQL schema per schema name used in schemas/pega.json (postgres), for sites whose schemas are named otherwise. */
    readonly schemas?: Readonly<Record<string, string>>;
    /** Pega server URL (dx); its path is the context root, `/prweb` when it has none. */
    readonly url?: string;
    /** DX API version (dx), `v2` by default. */
    readonly api?: 'v1' | 'v2';
    /** Environment variables holding the OAuth 2.0 client id and secret (dx). */
    readonly clientIdEnv?: string;
    readonly clientSecretEnv?: string;
    /** Data view (v2) or data page (v1) per table or class name (dx). */
    readonly dataViews?: Readonly<Record<string, DxDataViewConfig>>;
    /** Rows per data view page (dx, v2). */
    readonly pageSize?: number;
  };
  readonly target: {
    readonly url: string;
    readonly database: string;
    readonly login: string;
    /** Environment variable holding the Odoo password or API key. */
    readonly passwordEnv: string;
    /** `xmlrpc` (default) or `json2`, Odoo 19's API, which needs an API key. */
    readonly protocol: 'xmlrpc' | 'json2';
    /** `tls_verify` as pmap.yaml sets it; absent means certificates of an https URL are verified. */
    readonly tlsVerify?: boolean;
  };
  /** Where runs, checkpoints and record hashes are kept: a SQLite file in `.pmap/` (default) or a PostgreSQL schema shared by a team. */
  readonly state: { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly urlEnv: string; readonly schema: string };
  readonly module: string;
  readonly batchSize: number;
  /** `options.concurrency`: Odoo connections apply loads on at once, 1 to 8; absent means 1. */
  readonly concurrency?: number;
  /** The Pega operator table that `owner(...)` reads; absent when pmap.yaml has no `owners:` section. */
  readonly owners?: OwnersConfig;
}

/** A data view by name, or with parameters, or a case history data view (`history_of` names the case table or class). */
export type DxDataViewConfig = string | { readonly dataView: string; readonly parameters?: Readonly<Record<string, string>>; readonly historyOf?: string };

const schema = JSON.parse(readFileSync(new URL('./project-config.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, verbose: true }).compile(schema);

export const defaultPasswordEnv = 'PMAP_ODOO_PASSWORD';

interface RawConfig {
  name?: string;
  source: {
    kind: 'bix' | 'postgres' | 'dx';
    path?: string;
    format?: 'xml' | 'csv';
    encoding?: string;
    url_env?: string;
    files?: Record<string, string>;
    schemas?: Record<string, string>;
    url?: string;
    api?: 'v1' | 'v2';
    client_id_env?: string;
    client_secret_env?: string;
    data_views?: Record<string, string | { data_view: string; parameters?: Record<string, string>; history_of?: string }>;
    page_size?: number;
  };
  target: { url: string; database: string; login: string; password_env?: string; protocol?: 'xmlrpc' | 'json2'; tls_verify?: boolean };
  state?: 'sqlite' | { kind: 'postgres'; url_env: string; schema?: string };
  options?: { module?: string; batch_size?: number; concurrency?: number };
  owners?: RawOwnersConfig;
}

/**
 * Parses and validates `pmap.yaml`. Problems come back as diagnostics that
 * name the key path and the line, never as raw ajv output.
 */
export function parseProjectConfig(file: string, text: string): { config?: ProjectConfig; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const diagnostics: Diagnostic[] = document.errors.map((error) => ({
    code: 'PM501' as const,
    severity: 'error' as const,
    message: `invalid YAML: ${error.message.split('\n')[0]}`,
    span: offsetSpan(file, lineCounter, error.pos[0], error.pos[1]),
    hint: 'fix the YAML syntax; indentation must use spaces',
  }));
  if (diagnostics.length > 0) return { diagnostics };

  const raw: unknown = document.toJS();
  if (!validate(raw)) {
    for (const error of validate.errors ?? []) diagnostics.push(schemaDiagnostic(file, document, lineCounter, error));
    return { diagnostics };
  }

  const valid = raw as unknown as RawConfig;
  const sourceProblem = checkSourceKeys(file, document, lineCounter, valid);
  if (sourceProblem) return { diagnostics: [sourceProblem] };

  const config: ProjectConfig = {
    ...(valid.name !== undefined ? { name: valid.name } : {}),
    source: {
      kind: valid.source.kind,
      ...(valid.source.path !== undefined ? { path: valid.source.path } : {}),
      ...(valid.source.format !== undefined ? { format: valid.source.format } : {}),
      ...(valid.source.encoding !== undefined ? { encoding: valid.source.encoding } : {}),
      ...(valid.source.url_env !== undefined ? { urlEnv: valid.source.url_env } : {}),
      ...(valid.source.files !== undefined ? { files: valid.source.files } : {}),
      ...(valid.source.schemas !== undefined ? { schemas: valid.source.schemas } : {}),
      ...(valid.source.kind === 'dx' ? dxSourceConfig(valid.source) : {}),
    },
    target: {
      url: valid.target.url,
      database: valid.target.database,
      login: valid.target.login,
      passwordEnv: valid.target.password_env ?? defaultPasswordEnv,
      protocol: valid.target.protocol ?? 'xmlrpc',
      ...(valid.target.tls_verify !== undefined ? { tlsVerify: valid.target.tls_verify } : {}),
    },
    state: typeof valid.state === 'object' ? { kind: 'postgres', urlEnv: valid.state.url_env, schema: valid.state.schema ?? 'pmap_state' } : { kind: 'sqlite' },
    module: valid.options?.module ?? 'pmap',
    batchSize: valid.options?.batch_size ?? 100,
    ...(valid.options?.concurrency !== undefined ? { concurrency: valid.options.concurrency } : {}),
    ...(valid.owners ? { owners: buildOwnersConfig(valid.owners, (path) => nodeSpan(file, document.getIn(path, true) as Node | undefined, lineCounter)) } : {}),
  };
  return { config, diagnostics };
}

function checkSourceKeys(file: string, document: Document, lineCounter: LineCounter, config: RawConfig): Diagnostic | undefined {
  if (config.source.kind === 'bix' && config.source.path === undefined) {
    return {
      code: 'PM501',
      severity: 'error',
      message: 'source.path is missing: a bix source needs the folder that contains the BIX extract files',
      span: nodeSpan(file, document.getIn(['source'], true) as Node | undefined, lineCounter),
      hint: 'add `path: extract` (relative to pmap.yaml) under source',
    };
  }
  if (config.source.encoding !== undefined && (config.source.kind !== 'bix' || config.source.format !== 'csv')) {
    return {
      code: 'PM501',
      severity: 'error',
      message: 'source.encoding applies only to a bix source with format: csv; an XML extract declares its encoding in its XML declaration',
      span: nodeSpan(file, document.getIn(['source', 'encoding'], true) as Node | undefined, lineCounter),
      hint: 'remove `encoding`, or add `format: csv` if the extract is CSV',
    };
  }
  if (config.source.kind === 'postgres' && config.source.format !== undefined) {
    return {
      code: 'PM501',
      severity: 'error',
      message: 'source.format applies only to a bix source: it sets whether the BIX files are XML or CSV',
      span: nodeSpan(file, document.getIn(['source', 'format'], true) as Node | undefined, lineCounter),
      hint: 'remove `format`, or set `kind: bix` if the source is a BIX extract',
    };
  }
  if (config.source.kind === 'postgres' && config.source.url_env === undefined) {
    return {
      code: 'PM501',
      severity: 'error',
      message: 'source.url_env is missing: a postgres source reads its connection URL from an environment variable',
      span: nodeSpan(file, document.getIn(['source'], true) as Node | undefined, lineCounter),
      hint: 'add `url_env: PMAP_PEGA_DATABASE_URL` under source and export that variable',
    };
  }
  if (config.source.kind === 'dx') return checkDxSourceKeys(file, document, lineCounter, config.source);
  return undefined;
}

/** Checks the keys a dx source needs, and that every history_of names a table with a data view. */
function checkDxSourceKeys(file: string, document: Document, lineCounter: LineCounter, source: RawConfig['source']): Diagnostic | undefined {
  const sourceSpan = nodeSpan(file, document.getIn(['source'], true) as Node | undefined, lineCounter);
  const required: Array<[keyof RawConfig['source'], string, string]> = [
    ['url', 'a dx source needs the URL of the Pega server', 'add `url: https://pega.example.com` under source'],
    ['client_id_env', 'a dx source reads its OAuth 2.0 client id from an environment variable', 'add `client_id_env: PMAP_PEGA_CLIENT_ID` under source and export that variable'],
    ['client_secret_env', 'a dx source reads its OAuth 2.0 client secret from an environment variable', 'add `client_secret_env: PMAP_PEGA_CLIENT_SECRET` under source and export that variable'],
    ['data_views', 'a dx source needs the data view that each Pega table or class is read from', 'add `data_views: { data.pc_acme_cs_work: D_ServiceCaseList }` under source'],
  ];
  for (const [key, reason, hint] of required) {
    if (source[key] === undefined) return { code: 'PM501', severity: 'error', message: `source.${key} is missing: ${reason}`, span: sourceSpan, hint };
  }

  for (const [table, view] of Object.entries(source.data_views ?? {})) {
    if (typeof view === 'string' || view.history_of === undefined) continue;
    const cases = source.data_views?.[view.history_of];
    if (cases === undefined || (typeof cases === 'object' && cases.history_of !== undefined)) {
      return {
        code: 'PM501',
        severity: 'error',
        message: `source.data_views.${table}.history_of names ${view.history_of}, which has no case data view under source.data_views`,
        span: nodeSpan(file, document.getIn(['source', 'data_views', table, 'history_of'], true) as Node | undefined, lineCounter) ?? sourceSpan,
        hint: `add \`${view.history_of}: D_YourCaseList\` under source.data_views, or name the case table that has one`,
      };
    }
  }
  return undefined;
}

function dxSourceConfig(source: RawConfig['source']): Partial<ProjectConfig['source']> {
  const dataViews = Object.fromEntries(
    Object.entries(source.data_views ?? {}).map(([table, view]): [string, DxDataViewConfig] => [
      table,
      typeof view === 'string'
        ? view
        : {
            dataView: view.data_view,
            ...(view.parameters !== undefined ? { parameters: view.parameters } : {}),
            ...(view.history_of !== undefined ? { historyOf: view.history_of } : {}),
          },
    ]),
  );
  return {
    url: source.url!,
    api: source.api ?? 'v2',
    clientIdEnv: source.client_id_env!,
    clientSecretEnv: source.client_secret_env!,
    dataViews,
    ...(source.page_size !== undefined ? { pageSize: source.page_size } : {}),
  };
}

function schemaDiagnostic(file: string, document: Document, lineCounter: LineCounter, error: ErrorObject): Diagnostic {
  const path = error.instancePath.split('/').filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const keyPath = path.length > 0 ? path.join('.') : '(top level)';
  const node = path.length > 0 ? (document.getIn(path, true) as Node | undefined) : document.contents ?? undefined;
  const span = nodeSpan(file, node ?? undefined, lineCounter);

  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { code: 'PM501', severity: 'error', message: `${keyPath === '(top level)' ? '' : `${keyPath}.`}${missing} is missing`, span, hint: `add the key \`${missing}\`; see the README for an example pmap.yaml` };
    }
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      if (/^pass(word)?$|secret|api_?key/i.test(extra)) {
        return {
          code: 'PM501',
          severity: 'error',
          message: `\`${extra}\` must not be in pmap.yaml: secrets never go into files that are committed`,
          span: nodeSpan(file, keyNode(document, path, extra), lineCounter) ?? span,
          hint: 'remove it, export the password or API key in an environment variable, and name that variable in target.password_env',
        };
      }
      return {
        code: 'PM501',
        severity: 'error',
        message: `unknown key \`${extra}\` ${path.length > 0 ? `in ${keyPath}` : 'at the top level'}`,
        span: nodeSpan(file, keyNode(document, path, extra), lineCounter) ?? span,
        hint: didYouMeanHint(extra, known, `the keys allowed here are ${known.join(', ')}`),
      };
    }
    case 'pattern':
      if (keyPath === 'target.url') return { code: 'PM501', severity: 'error', message: 'target.url must start with http:// or https://', span, hint: 'write the URL of the Odoo server, for example https://odoo.example.com' };
      if (keyPath === 'source.url') return { code: 'PM501', severity: 'error', message: 'source.url must start with http:// or https://', span, hint: 'write the URL of the Pega server, for example https://pega.example.com' };
      return { code: 'PM501', severity: 'error', message: `${keyPath} ${error.message ?? 'is invalid'}`, span };
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
      return { code: 'PM501', severity: 'error', message: `${keyPath} must be one of: ${allowed}`, span };
    }
    default:
      return { code: 'PM501', severity: 'error', message: `${keyPath} ${error.message ?? 'is invalid'}`, span };
  }
}

/** Finds the key node of `key` in the map at `path`, so a caret marks the misspelled key itself. */
function keyNode(document: Document, path: Array<string | number>, key: string): Node | undefined {
  const map = path.length > 0 ? document.getIn(path, true) : document.contents;
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

function nodeSpan(file: string, node: Node | undefined, lineCounter: LineCounter): Span | undefined {
  const range = node && (isMap(node) || isSeq(node) || 'range' in node) ? node.range : undefined;
  if (!range) return undefined;
  return offsetSpan(file, lineCounter, range[0], range[1]);
}

function offsetSpan(file: string, lineCounter: LineCounter, start: number, end: number): Span {
  const from = lineCounter.linePos(start);
  const to = lineCounter.linePos(Math.max(start, end));
  return {
    file,
    startLine: from.line,
    startColumn: from.col,
    endLine: to.line,
    endColumn: to.col,
    startOffset: start,
    endOffset: Math.max(start, end),
  };
}
