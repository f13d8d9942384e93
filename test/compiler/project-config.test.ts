import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../compiler/project-config.js';

const valid = `source:
  kind: bix
  path: extract
target:
  url: http://127.0.0.1:8069
  database: odoo
  login: admin
`;

describe('parseProjectConfig', () => {
  it('applies defaults', () => {
    const { config, diagnostics } = parseProjectConfig('pmap.yaml', valid);
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({
      source: { kind: 'bix', path: 'extract' },
      target: { url: 'http://127.0.0.1:8069', database: 'odoo', login: 'admin', passwordEnv: 'PMAP_ODOO_PASSWORD', protocol: 'xmlrpc' },
      state: { kind: 'sqlite' },
      module: 'pmap',
      batchSize: 100,
    });
  });

  it('keeps tls_verify only when set', () => {
    const { config, diagnostics } = parseProjectConfig('pmap.yaml', `${valid}  tls_verify: false\n`);
    expect(diagnostics).toEqual([]);
    expect(config?.target.tlsVerify).toBe(false);
    expect(parseProjectConfig('pmap.yaml', valid).config?.target).not.toHaveProperty('tlsVerify');
  });

  it('rejects a tls_verify that is not a boolean', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', `${valid}  tls_verify: "no"\n`);
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['target.tls_verify must be boolean']);
  });

  it('names an unknown key and its line', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('  login: admin', '  login: admin\n  pasword: secret'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toBe('unknown key `pasword` in target');
    expect(diagnostics[0]!.span).toMatchObject({ startLine: 8, startColumn: 3, endColumn: 10 });
    expect(diagnostics[0]!.hint).toBe('the keys allowed here are url, database, login, password_env, protocol, tls_verify');
  });

  it('names a missing key', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('  database: odoo\n', ''));
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['target.database is missing']);
  });

  it('lists allowed values of an enum', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('kind: bix', 'kind: csv'));
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['source.kind must be one of: bix, postgres, dx']);
    expect(diagnostics[0]!.span?.startLine).toBe(2);
  });

  it('requires the path of a bix source', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('  path: extract\n', ''));
    expect(diagnostics[0]!.message).toBe('source.path is missing: a bix source needs the folder that contains the BIX extract files');
  });

  it('reads format and encoding of a BIX CSV source', () => {
    const { config, diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('  path: extract\n', '  path: extract\n  format: csv\n  encoding: iso-8859-1\n'));
    expect(diagnostics).toEqual([]);
    expect(config?.source).toEqual({ kind: 'bix', path: 'extract', format: 'csv', encoding: 'iso-8859-1' });
  });

  it('rejects an encoding for BIX XML', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('  path: extract\n', '  path: extract\n  encoding: iso-8859-1\n'));
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'source.encoding applies only to a bix source with format: csv; an XML extract declares its encoding in its XML declaration',
    ]);
    expect(diagnostics[0]!.span?.startLine).toBe(4);
  });

  it('lists the encodings a CSV source reads', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('  path: extract\n', '  path: extract\n  format: csv\n  encoding: utf-16\n'));
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['source.encoding must be one of: utf-8, iso-8859-1, iso-8859-15, windows-1252']);
  });

  it('reports YAML syntax errors with a line', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', 'source: [unclosed\n');
    expect(diagnostics[0]!.code).toBe('PM501');
    expect(diagnostics[0]!.message).toMatch(/^invalid YAML/);
  });

  it('suggests the key a top-level typo meant', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('source:', 'sorce:'));
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['source is missing', 'unknown key `sorce` at the top level']);
    expect(diagnostics[1]!.hint).toBe('did you mean `source`?');
    expect(diagnostics[1]!.span?.startLine).toBe(1);
  });

  it('explains a URL without a scheme', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('http://127.0.0.1:8069', '127.0.0.1:8069'));
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['target.url must start with http:// or https://']);
  });

  describe('a dx source', () => {
    const dx = valid.replace(
      '  kind: bix\n  path: extract\n',
      [
        '  kind: dx',
        '  url: https://pega.example.com',
        '  api: v1',
        '  client_id_env: PMAP_PEGA_CLIENT_ID',
        '  client_secret_env: PMAP_PEGA_CLIENT_SECRET',
        '  page_size: 2000',
        '  data_views:',
        '    data.pc_acme_cs_work: D_ServiceCaseList',
        '    data.pc_history_acme_cs_work: { data_view: D_pyWorkHistory, history_of: data.pc_acme_cs_work }',
        '    PegaData-Contact: { data_view: D_ContactList, parameters: { Region: EMEA } }',
        '',
      ].join('\n'),
    );

    it('reads its settings', () => {
      const { config, diagnostics } = parseProjectConfig('pmap.yaml', dx);
      expect(diagnostics).toEqual([]);
      expect(config?.source).toEqual({
        kind: 'dx',
        url: 'https://pega.example.com',
        api: 'v1',
        clientIdEnv: 'PMAP_PEGA_CLIENT_ID',
        clientSecretEnv: 'PMAP_PEGA_CLIENT_SECRET',
        pageSize: 2000,
        dataViews: {
          'data.pc_acme_cs_work': 'D_ServiceCaseList',
          'data.pc_history_acme_cs_work': { dataView: 'D_pyWorkHistory', historyOf: 'data.pc_acme_cs_work' },
          'PegaData-Contact': { dataView: 'D_ContactList', parameters: { Region: 'EMEA' } },
        },
      });
    });

    it('defaults to API v2', () => {
      const { config } = parseProjectConfig('pmap.yaml', dx.replace('  api: v1\n', ''));
      expect(config?.source.api).toBe('v2');
    });

    it('requires the client id variable', () => {
      const { diagnostics } = parseProjectConfig('pmap.yaml', dx.replace('  client_id_env: PMAP_PEGA_CLIENT_ID\n', ''));
      expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['source.client_id_env is missing: a dx source reads its OAuth 2.0 client id from an environment variable']);
      expect(diagnostics[0]!.code).toBe('PM501');
    });

    it('requires the data views', () => {
      const { diagnostics } = parseProjectConfig('pmap.yaml', dx.replace(/  data_views:[\s\S]*EMEA \} \}\n/, ''));
      expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
        'source.data_views is missing: a dx source needs the data view that each Pega table or class is read from',
      ]);
    });

    it('rejects a history of a table without a data view', () => {
      const { diagnostics } = parseProjectConfig('pmap.yaml', dx.replace('history_of: data.pc_acme_cs_work', 'history_of: data.pc_other_work'));
      expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
        'source.data_views.data.pc_history_acme_cs_work.history_of names data.pc_other_work, which has no case data view under source.data_views',
      ]);
      expect(diagnostics[0]!.span?.startLine).toBe(10);
    });

    it('rejects a page size above 5000', () => {
      const { diagnostics } = parseProjectConfig('pmap.yaml', dx.replace('page_size: 2000', 'page_size: 6000'));
      expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['source.page_size must be <= 5000']);
    });

    it('rejects a secret in the file', () => {
      const { diagnostics } = parseProjectConfig('pmap.yaml', dx.replace('  page_size: 2000\n', '  page_size: 2000\n  client_secret: s3cr3t\n'));
      expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['`client_secret` must not be in pmap.yaml: secrets never go into files that are committed']);
    });
  });
});
