import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planPreviewSchemaErrors } from '../../runtime/preview/preview-schema.js';
import type { PlanPreview } from '../../runtime/preview/preview-types.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

/** Runs `pmap plan` against the project's sandbox, with no Odoo password set. */
function plan(directory: string, ...options: string[]) {
  return runPmap(['plan', directory, '--sandbox', ...options], { env: { PMAP_ODOO_PASSWORD: undefined } });
}

describe('pmap plan against the demo sandbox', () => {
  let directory: string;

  beforeAll(async () => {
    directory = copyDemoProject();
    const applied = await runPmap(['apply', directory, '--sandbox']);
    expect(applied.code).toBe(0);
  });

  it('exits 0 with --detailed-exitcode when nothing would change', async () => {
    const result = await plan(directory, '--detailed-exitcode');

    expect(result.stdout).toMatch(/1 {2}Company {5}res\.partner {9}0 {9}0 {11}40 {11}0 {13}0\n/);
    expect(result.stdout).toMatch(/3 {2}WorkObject {2}crm\.lead {12}0 {9}0 {10}485 {10}15 {13}0\n/);
    expect(result.stdout).toContain('No changes: Odoo already holds every record as the specs compute it. Nothing was written to Odoo.\n');
    expect(result.stderr).toContain('computing WorkObject (data.pc_acme_cs_work -> crm.lead)\n');
    expect(result.code).toBe(0);
  });

  describe('after the extract changes', () => {
    beforeAll(() => {
      editProjectFile(directory, 'extract/customerdata.contact.xml', '<Email>claire.evans@ashcombepublishing.example</Email>', '<Email>claire.evans@ashcombe.example</Email>');
      editProjectFile(directory, 'extract/customerdata.contact.xml', '<LastName>van Dijk</LastName>', '<LastName>van Dijk-Bos</LastName>');
      editProjectFile(directory, 'extract/customerdata.contact.xml', '<Phone>+1 512 555 0199</Phone>', '<Phone>+1 512 555 0100</Phone>');
      editProjectFile(directory, 'extract/customerdata.contact.xml', '</Classes>', `  <PegaData-Contact>
    <ContactID>CONT-9001</ContactID>
    <FirstName>Nora</FirstName>
    <LastName>Lindgren</LastName>
    <Email>nora.lindgren@alderpeak.example</Email>
    <OrganizationID>ORG-1001</OrganizationID>
  </PegaData-Contact>
</Classes>`);
    });

    it('prints json that validates against the schema', async () => {
      const result = await plan(directory, '--format', 'json');
      expect(result.code).toBe(0);

      const preview = JSON.parse(result.stdout) as PlanPreview;
      expect(planPreviewSchemaErrors(preview)).toEqual([]);
      expect(preview.objects.map((object) => [object.object, object.counts])).toEqual([
        ['Company', { sourceRows: 40, create: 0, update: 0, unchanged: 40, rejected: 0, deduplicated: 0 }],
        ['Contact', { sourceRows: 201, create: 1, update: 3, unchanged: 197, rejected: 0, deduplicated: 0 }],
        ['WorkObject', { sourceRows: 500, create: 0, update: 0, unchanged: 485, rejected: 15, deduplicated: 0 }],
      ]);
      expect(preview.objects[1]!.samples.update.map((sample) => sample.changes.map((change) => `${sample.key} ${change.field}: ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`))).toEqual([
        ['CONT-2101 email: "claire.evans@ashcombepublishing.example" -> "claire.evans@ashcombe.example"'],
        ['CONT-2102 name: "Grace van Dijk" -> "Grace van Dijk-Bos"'],
        ['CONT-2103 phone: "+1 512 555 0199" -> "+1 512 555 0100"'],
      ]);
      expect(preview.hasChanges).toBe(true);
      // Connection messages go to stderr, so stdout stays one JSON document.
      expect(result.stderr).toContain('connected to Odoo 16.0');
    });

    it('prints a markdown table for a pull request', async () => {
      const result = await plan(directory, '--format', 'markdown');

      expect(result.code).toBe(0);
      expect(result.stdout.startsWith('### pmap plan: acme-demo\n')).toBe(true);
      expect(result.stdout).toContain('| 2 | Contact | `res.partner` | 1 | 3 | 197 | 0 | 0 |  |\n');
      expect(result.stdout).toContain('| CONT-2102 | `name` | "Grace van Dijk" | "Grace van Dijk-Bos" |\n');
      expect(result.stdout).toContain('| 15 | partner_id references a Contact that was not loaded |');
    });

    it('exits 2 with --detailed-exitcode when records would change', async () => {
      const result = await plan(directory, '--detailed-exitcode');

      expect(result.stdout).toContain('  ~ CONT-2101  (id ');
      expect(result.stdout).toContain('      email: "claire.evans@ashcombepublishing.example" -> "claire.evans@ashcombe.example"\n');
      expect(result.stdout).toContain('  + CONT-9001  (contact__CONT-9001)\n');
      expect(result.code).toBe(2);
    });

    it('exits 1 when reference data is missing', async () => {
      const broken = copyDemoProject();
      editProjectFile(broken, 'specs/work-object.pmap', '"Open"               => "Qualified"', '"Open"               => "Qualifed"');
      const result = await plan(broken, '--detailed-exitcode');

      expect(result.stdout).toContain('Reference data missing in Odoo (apply stops on it):\n');
      expect(result.stdout).toContain('no crm.stage with name "Qualifed" exists in Odoo; did you mean "Qualified"?');
      expect(result.stdout).toMatch(/3 {2}WorkObject .* not-computed\n/);
      expect(result.code).toBe(1);
    });
  });

  it('prints the load order offline and keeps --out', async () => {
    const offline = copyDemoProject();
    const result = await runPmap(['plan', '.', '--offline', '--out', 'plan.json'], { cwd: offline, env: { PMAP_ODOO_PASSWORD: undefined } });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1. Company: customerdata.organization (key OrganizationID) -> res.partner');
    expect(result.stdout).toContain('\nplan written to plan.json\n');
    expect(JSON.parse(readFileSync(join(offline, 'plan.json'), 'utf8'))).toMatchObject({ pmapPlan: 1 });
  });

  it('names --offline when no Odoo password is set', async () => {
    const result = await runPmap(['plan', copyDemoProject()], { env: { PMAP_ODOO_PASSWORD: undefined } });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: the environment variable PMAP_ODOO_PASSWORD is not set or is empty; export the Odoo password or API key in it (target.password_env in pmap.yaml names the variable), run with --sandbox, or pass --offline to print the compiled plan without counts\n');
  });

  it('rejects --detailed-exitcode with --offline', async () => {
    const result = await runPmap(['plan', copyDemoProject(), '--offline', '--detailed-exitcode']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('pmap: --detailed-exitcode needs the counts of a preview against Odoo; drop --offline\n');
  });

  it('rejects an unknown format', async () => {
    const result = await runPmap(['plan', copyDemoProject(), '--format', 'yaml']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pmap: --format must be text, json or markdown, not "yaml"\nrun `pmap --help` for usage\n');
  });
});
