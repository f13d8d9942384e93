import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApplyReport } from '../../runtime/apply-report.js';
import { escapeMarkdown, markdownCode } from '../../runtime/docs/render-documents.js';
import { buildInventory } from '../../runtime/inventory/build-inventory.js';
import { exportedRules } from '../../runtime/inventory/export-archive.js';
import { writeInventory } from '../../runtime/inventory/inventory-files.js';
import { isInventoryRuleClass } from '../../runtime/inventory/rule-identity.js';
import type { RuleTableRow } from '../../runtime/inventory/rule-tables.js';
import { readZipArchive } from '../../runtime/inventory/zip-archive.js';
import { buildApplicationArchive } from '../fixtures/pega-db/application-archive.js';
import { flowRuleInstances, ruleInstances } from '../fixtures/pega-db/rule-tables.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const runFile = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const SCRIPT_LABEL = '<script>alert(1)</script> | Pega ID';
const projects: string[] = [];

/** Writes the inventory that discovery makes from the fixture's rule tables and export archive. */
function writeFixtureInventory(project: string): void {
  const rows: RuleTableRow[] = [...ruleInstances(), ...flowRuleInstances()].flatMap((instance) => (isInventoryRuleClass(instance.ruleClass)
    ? [{ ruleClass: instance.ruleClass, handle: instance.handle, className: instance.appliesTo, name: instance.name, label: instance.label, ruleSet: instance.ruleSet, ruleSetVersion: instance.ruleSetVersion }]
    : []));
  const exported = exportedRules(readZipArchive(buildApplicationArchive(), 'export.zip'), 'export.zip');
  writeInventory(join(project, 'inventory'), buildInventory(rows, exported).inventory);
}

function demoProject(): string {
  const project = copyDemoProject();
  projects.push(project);
  return project;
}

const read = (project: string, file: string): string => readFileSync(join(project, 'docs', file), 'utf8');

afterAll(() => {
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

describe('pmap docs for the demo with a fixture inventory', () => {
  let project: string;

  beforeAll(async () => {
    project = demoProject();
    writeFixtureInventory(project);
    editProjectFile(project, 'specs/contact.pmap', '  parent_id  = ref(Company, OrganizationID)  # Company loads first',
      `  parent_id  = ref(Company, OrganizationID)  # Company loads first\n  x_pega_contact_id = ContactID\n\n  custom field x_pega_contact_id: char "${SCRIPT_LABEL}"\n\n  require email or phone`);
    editProjectFile(project, 'specs/work-object.pmap', '  "Open"               => "Qualified"', '  "Open"               => "Qualified"\n  "Open|Legacy"        => "Qualified"');
    const result = await runPmap(['docs', project]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote 7 Markdown files');
  });

  it('writes an index of every document', () => {
    const index = read(project, 'index.md');
    for (const file of ['case-types.md', 'decision-strategies.md', 'workflows.md', 'reports.md', 'mapping-reference.md', 'migration-scope.md']) {
      expect(index).toContain(`](${file})`);
    }
  });

  it('renders case types', () => {
    const text = read(project, 'case-types.md');
    expect(text).toMatch(/^# Case types\n/);
    expect(text).toContain('## Complaint (ACME-CS-Work-Service-Complaint)');
    for (const heading of ['### Stages and steps', '### Assignment rules', '### SLA goals and deadlines', '### Rebuilding it in Odoo']) expect(text).toContain(heading);
    expect(text).toContain('| Review (PRIM1) | automatic transition; status Open | Approve goodwill payment | `ApprovalFlow` | starts when RefundAmount &gt; 500 |');
    expect(text).toContain('work queue Approvals@ACME for skill RefundApprover (ToSkilledWorkbasket)');
    expect(text).toContain('Create stage "Resolution" in crm.stage with sequence 30, marked "Is Won Stage".');
    expect(text).toContain('Flow WrapUpFlow is not in the inventory with its shapes');
    expect(text).toContain('A refund of a payment; amounts &gt; 50 EUR need approval &amp; a reason.');
  });

  it('renders decision strategies', () => {
    const text = read(project, 'decision-strategies.md');
    expect(text).toContain('## Retention offers for complaints (RetentionOffers)');
    expect(text).toContain('- Segment: HighValue');
    expect(text).toContain('| Category fit | DecisionTable | `RouteByCategory` | 0.5 | 50% |');
    expect(text).toContain('### Rebuild recommendation');
    expect(text).toContain('No component of this strategy carries a weight.');
  });

  it('renders workflows', () => {
    const text = read(project, 'workflows.md');
    expect(text).toContain('## Review request (ReviewFlow)');
    expect(text).toContain('| Needs approval? | Approval | Large amount | `RefundAmount > 500` | 30% |');
    expect(text).toContain('### Escalation triggers');
    expect(text).toContain('| EscalationSLA | late | every 2 hours 30 minutes after the deadline | start flow EscalationFlow, urgency +30 |');
    expect(text).toContain('Only the name of this flow is known');
  });

  it('renders reports with their Odoo views', () => {
    const text = read(project, 'reports.md');
    expect(text).toContain('## Open cases by status (OpenCasesByStatus)');
    expect(text).toContain('- Odoo replacement: graph view, type bar on crm.lead');
    expect(text).toContain('```xml\n<graph string="Open cases by status" type="bar">\n  <field name="stage_id"/>\n</graph>\n```');
    expect(text).toContain('| `PegaData-Contact` | left join | Customer |');
    expect(text).toContain('- Odoo replacement: graph view, type pie on crm.lead');
    expect(text).toContain('- Odoo replacement: list view with the filters as a saved filter');
    expect(text).toContain("| B | `.pyStatusWork` | Is not equal | `\"Resolved-Withdrawn\"` | `('stage_id', '!=', 'Resolved-Withdrawn') (translate the value through value map CaseStage)` |");
  });

  it('renders the mapping reference with a value map and the load DAG', () => {
    const text = read(project, 'mapping-reference.md');
    expect(text).toContain('```mermaid\nflowchart LR\n  Company["Company: res.partner"]\n  Contact["Contact: res.partner"]\n  WorkObject["WorkObject: crm.lead"]\n  Company --> Contact\n  Contact --> WorkObject\n```');
    expect(text).toContain('CaseStage (to names of crm.stage records; other values become "New"):\n\n| Pega value | Odoo value |\n| --- | --- |\n| `"New"` | `"New"` |');
    expect(text).toContain('| `"Open\\|Legacy"` | `"Qualified"` |');
    expect(text).toContain('| `stage_id` | many2one → crm.stage | `CaseStage(pyStatusWork)` |');
    expect(text).toContain('- require email or phone: a record without any of them is rejected');
  });

  it('escapes HTML and pipes of a spec label in Markdown', () => {
    const text = read(project, 'mapping-reference.md');
    expect(text).toContain('| `x_pega_contact_id` | char | &lt;script&gt;alert(1)&lt;/script&gt; \\| Pega ID |');
    expect(text).not.toContain('<script>');
  });

  it('renders the migration scope', () => {
    const text = read(project, 'migration-scope.md');
    expect(text).toContain('| Contact | `customerdata.contact` | 200 | `extract/customerdata.contact.xml (BIX XML)` | `res.partner` |');
    expect(text).toContain('Rows in scope: 740.');
    expect(text).toContain('No run has been recorded: .pmap/reports/last-apply.json does not exist until pmap apply runs.');
    expect(text).toContain('| `data.pr_operators` | `Data-Admin-Operator-ID` | 20 |');
  });

  it('adds the last run when its report exists', async () => {
    const report: ApplyReport = {
      phases: [{ object: 'Company', model: 'res.partner', status: 'succeeded', sourceRows: 40, deduplicated: 0, created: 38, updated: 0, unchanged: 0, rejected: 2, rejectGroups: [], linked: 0, linkProblems: [], odooCount: 38 }],
      rejectFiles: [],
      createdFields: [],
    };
    mkdirSync(join(project, '.pmap', 'reports'), { recursive: true });
    writeFileSync(join(project, '.pmap', 'reports', 'last-apply.json'), JSON.stringify(report));
    const out = join(project, 'docs-with-run');
    expect((await runPmap(['docs', project, '--out', out])).code).toBe(0);
    expect(readFileSync(join(out, 'migration-scope.md'), 'utf8')).toContain('| Company | succeeded | 40 | 38 | 0 | 0 | 2 | 38 |');
  });

  it('writes one self-contained HTML file with escaped labels', async () => {
    const result = await runPmap(['docs', project, '--format', 'html']);
    expect(result.code).toBe(0);
    const html = read(project, 'pmap-docs.html');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | Pega ID');
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toContain('<pre class="mermaid"><code>flowchart LR');
    expect(html).toContain('Company --&gt; Contact');
  });

  it('shows its headings in headless Chromium', async (context) => {
    if (!existsSync(CHROMIUM)) {
      context.skip(`${CHROMIUM} does not exist, so the HTML is not checked in a browser`);
      return;
    }
    const file = join(project, 'docs', 'pmap-docs.html');
    if (!existsSync(file)) expect((await runPmap(['docs', project, '--format', 'html'])).code).toBe(0);
    const { stdout } = await runFile(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', pathToFileURL(file).href], { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 });
    const headings = [...stdout.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual(['Case types', 'Decision strategies', 'Workflows', 'Reports', 'Mapping reference', 'Migration scope']);
    expect(stdout).toContain('<h3>Complaint (ACME-CS-Work-Service-Complaint)</h3>');
    // The browser's DOM contains the label as text, so no script element was created from it.
    expect(stdout).not.toContain('<script>alert(1)</script>');
  });
});

describe('pmap docs without rule metadata', () => {
  it('says why each rebuild document is empty', async () => {
    const project = demoProject();
    const result = await runPmap(['docs', project]);
    expect(result.code).toBe(0);
    for (const file of ['case-types.md', 'decision-strategies.md', 'workflows.md', 'reports.md']) {
      expect(read(project, file), file).toContain('No inventory/ folder was found in the project; run pmap discover pega to create it.');
    }
  });

  it('says when one inventory file lists nothing', async () => {
    const project = demoProject();
    writeFixtureInventory(project);
    writeFileSync(join(project, 'inventory', 'decision-strategies.yaml'), 'pmapInventory: 1\ndecisionStrategies: []\n');
    expect((await runPmap(['docs', project])).code).toBe(0);
    expect(read(project, 'decision-strategies.md')).toBe('# Decision strategies\n\nNo decision strategies were found in the inventory (inventory/decision-strategies.yaml lists none).\n');
  });

  it('reports a broken inventory file by line and key path', async () => {
    const project = demoProject();
    writeFixtureInventory(project);
    const path = join(project, 'inventory', 'reports.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('chartType: Bar', 'chartType: Bar\n    chart: Bar'));
    const result = await runPmap(['docs', project]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^pmap: .*inventory\/reports\.yaml:\d+: reports\.1 has an unknown key `chart`\n/);
    expect(result.stderr).not.toContain('    at ');
  });

  it('writes the rebuild documents when the specs have errors', async () => {
    const project = demoProject();
    writeFixtureInventory(project);
    editProjectFile(project, 'specs/company.pmap', 'name       = trim(Name)', 'name       = trim(Nmae)');
    const result = await runPmap(['docs', project]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nmae');
    expect(read(project, 'mapping-reference.md')).toContain('The specs have errors, so this reference is not written; run pmap check and fix them.');
    expect(read(project, 'case-types.md')).toContain('## Complaint (ACME-CS-Work-Service-Complaint)');
  });

  it('rejects an unknown format', async () => {
    const result = await runPmap(['docs', demoProject(), '--format', 'pdf']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format must be markdown or html, not "pdf"');
  });
});

describe('Markdown escaping', () => {
  it('escapes text', () => {
    expect(escapeMarkdown('a|b <i>*x*</i> & [l](u)\nnext')).toBe('a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; &amp; \\[l\\](u) next');
  });

  it('fences code around backticks', () => {
    expect(markdownCode('a `b` | c')).toBe('``a `b` \\| c``');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('')).toBe('');
  });
});
