// Before any record moves, pmap apply checks that every record the specs
// name exists in Odoo once and is active, and lists every problem at once
// with the spec line.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canonicalJson } from '../../compiler/canonical-json.js';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { collectReferenceData } from '../../compiler/reference-data.js';
import { checkReferenceData } from '../../runtime/check-reference-data.js';
import { discoverOdooSchema } from '../../runtime/discover-odoo.js';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { ReferenceDataError } from '../../runtime/resolve-value-map-targets.js';
import { BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const password = 'reference-data';

describe('reference data check', () => {
  let sandbox: Sandbox;
  let client: OdooClient;
  let directory: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ password });
    client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password });
    await client.create('crm.team', [{ name: 'Europe', active: false }]);

    directory = copyDemoProject();
    const schema = await discoverOdooSchema(client, ['crm.lead', 'crm.stage', 'crm.team', 'mail.activity.type', 'res.country', 'res.country.state', 'res.partner']);
    writeFileSync(join(directory, 'schemas', 'odoo.json'), `${canonicalJson(schema)}\n`);

    // A misspelt stage, an archived team, a missing activity type, a state
    // code that is not in Odoo, and a country code in the extract that no
    // country has.
    editProjectFile(directory, 'specs/work-object.pmap', '"Resolved-Completed" => "Won"', '"Resolved-Completed" => "Wonn"');
    editProjectFile(directory, 'specs/work-object.pmap', '  partner_id  = ref(Contact, CustomerID)', '  partner_id  = ref(Contact, CustomerID)\n  team_id     = Team(pyStatusWork)');
    writeFileSync(
      join(directory, 'specs', 'teams.pmap'),
      'values Team -> crm.team {\n  "Open" => "Europe"\n  else   => "Sales"\n}\n\nvalues NextStep -> mail.activity.type {\n  else => "Site Visit"\n}\n',
    );
    editProjectFile(directory, 'specs/company.pmap', '  city       = trim(City)', '  city       = trim(City)\n  state_id   = lookup(res.country.state, code: "ZZ")');
    const extract = join(directory, 'extract', 'customerdata.organization.xml');
    writeFileSync(extract, readFileSync(extract, 'utf8').replace(/<CountryCode>[A-Z]{2}<\/CountryCode>/, '<CountryCode>XX</CountryCode>'));
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('lists every problem with its spec line', async () => {
    const loaded = loadProject(directory);
    const compiled = compileProject(loaded.inputs!);
    expect(compiled.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const before = await client.searchCount('ir.model.data', [['module', '=', 'pmap']]);

    const attempt = checkReferenceData({
      plan: compiled.plan!,
      referenceData: collectReferenceData(loaded.inputs!.specs),
      client,
      source: new BixXmlSource({ directory: join(directory, 'extract') }),
    });
    const error = (await attempt.catch((caught: unknown) => caught)) as ReferenceDataError;

    expect(error).toBeInstanceOf(ReferenceDataError);
    expect(error.problems).toHaveLength(5);
    expect(error.problems[0]).toBe('specs/company.pmap:12: Company.state_id: no res.country.state with code "ZZ" exists in Odoo; res.country.state.code repeats across countries ("WA" is a US and an Australian state); add the state in Odoo or map the value first');
    expect(error.problems[1]).toMatch(/^specs\/teams\.pmap:2: value map Team: the crm\.team with name "Europe" is archived in Odoo \(id \d+\); unarchive it, or map to an active record$/);
    expect(error.problems[2]).toBe('specs/teams.pmap:7: value map NextStep: no mail.activity.type with name "Site Visit" exists in Odoo; create it in Odoo, or map to a record that exists');
    expect(error.problems[3]).toBe('specs/work-object.pmap:22: value map CaseStage: no crm.stage with name "Wonn" exists in Odoo; did you mean "Won"?');
    expect(error.problems[4]).toMatch(/^lookup\(res\.country, code: "XX"\) matches no record \(needed by Company [^)]+\); add it in Odoo or map the value first\. The lookup is in specs\/company\.pmap \(Company\.country_id\)$/);
    expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBe(before);
  });

  it('pmap apply prints them and loads nothing', async () => {
    editProjectFile(directory, 'pmap.yaml', 'url: http://127.0.0.1:8069', `url: ${sandbox.url}`);
    const before = await client.searchCount('ir.model.data', [['module', '=', 'pmap']]);

    const result = await runPmap(['apply', directory], { env: { PMAP_ODOO_PASSWORD: password } });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pmap: reference data check failed, nothing was loaded:\n  - specs/company.pmap:12: Company.state_id: no res.country.state');
    expect(result.stderr).toContain('  - specs/teams.pmap:7: value map NextStep: no mail.activity.type with name "Site Visit"');
    expect(result.stderr).not.toContain('    at ');
    expect(result.stdout).not.toContain('loading ');
    expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBe(before);
  });

  // The country code "XX" is still in the extract: with the named records
  // fixed, the source lookups are left to apply, which resolves them itself.
  it('passes once the records exist', async () => {
    await client.create('crm.stage', [{ name: 'Wonn', sequence: 80 }]);
    await client.create('mail.activity.type', [{ name: 'Site Visit' }]);
    const [europe] = await client.searchRead('crm.team', [['name', '=', 'Europe']], ['id']);
    await client.write('crm.team', [europe!.id], { active: true });
    const [us] = await client.searchRead('res.country', [['code', '=', 'US']], ['id']);
    await client.create('res.country.state', [{ name: 'Zed', code: 'ZZ', country_id: us!.id }]);
    const loaded = loadProject(directory);
    const compiled = compileProject(loaded.inputs!);

    const check = checkReferenceData({
      plan: compiled.plan!,
      referenceData: collectReferenceData(loaded.inputs!.specs),
      client,
      source: new BixXmlSource({ directory: join(directory, 'extract') }),
    });

    await expect(check).resolves.toBeUndefined();
  });
});
