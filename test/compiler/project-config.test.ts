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
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['source.kind must be one of: bix, postgres']);
    expect(diagnostics[0]!.span?.startLine).toBe(2);
  });

  it('requires the path of a bix source', () => {
    const { diagnostics } = parseProjectConfig('pmap.yaml', valid.replace('  path: extract\n', ''));
    expect(diagnostics[0]!.message).toBe('source.path is missing: a bix source needs the folder that contains the BIX extract files');
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
});
