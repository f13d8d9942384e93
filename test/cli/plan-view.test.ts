import { render } from 'ink-testing-library';
import { createElement, useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlanView } from '../../cli/plan-view/plan-view.js';
import { renderPreviewMarkdown } from '../../cli/plan-view/render-preview-markdown.js';
import { renderPreviewText } from '../../cli/plan-view/render-preview-text.js';
import type { ObjectPreview, PlanPreview } from '../../runtime/preview/preview-types.js';

const company: ObjectPreview = {
  object: 'Company',
  model: 'res.partner',
  table: 'customerdata.organization',
  level: 1,
  dependsOn: [],
  status: 'computed',
  counts: { sourceRows: 40, create: 0, update: 1, unchanged: 39, rejected: 0, deduplicated: 0 },
  samples: {
    create: [],
    update: [{ key: 'ORG-1001', externalId: 'company__ORG-1001', id: 7, changes: [{ field: 'city', before: 'Frankfurt am Main', after: 'Berlin' }] }],
  },
  rejects: [],
  valueMaps: [],
};

const workObject: ObjectPreview = {
  object: 'WorkObject',
  model: 'crm.lead',
  table: 'data.pc_acme_cs_work',
  level: 2,
  dependsOn: ['Company'],
  status: 'computed',
  counts: { sourceRows: 12, create: 1, update: 0, unchanged: 9, rejected: 2, deduplicated: 0 },
  samples: {
    create: [{ key: 'S-9001', externalId: 'work_object__S-9001', values: { name: 'Welcome call | first', partner_id: { model: 'res.partner', id: null, name: 'Nora Lindgren' }, active: true } }],
    update: [],
  },
  rejects: [{
    code: 'missing-reference',
    summary: 'partner_id references a Contact that was not loaded',
    count: 2,
    examples: [{ key: 'S-1003', message: 'partner_id: no Contact with key "CONT-0000" was loaded' }],
  }],
  valueMaps: [{ map: 'CaseStage', field: 'stage_id', uncovered: [{ value: 'Resolved-Cancelled', count: 3, outcome: 'else', sent: 'New' }], moreValues: 0 }],
};

const preview: PlanPreview = {
  pmapPlanPreview: 1,
  odooVersion: '16.0',
  objects: [company, workObject],
  totals: { create: 1, update: 1, unchanged: 48, rejected: 2, deduplicated: 0 },
  customFields: { toAdd: [{ model: 'res.partner', name: 'x_pega_org_id', type: 'char', label: 'Pega organization ID' }], conflicts: [] },
  referenceData: { missing: [] },
  hasChanges: true,
  hasErrors: false,
};

/** Lets Ink read the keys written to stdin and render again. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await settle();
  }
}

const ENTER = '\r';
const ESCAPE = '\u001B';
const DOWN = '\u001B[B';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('plan view', () => {
  it('renders one row per object with counts', () => {
    const view = render(createElement(PlanView, { preview, color: false }));
    const frame = view.lastFrame()!;
    expect(frame).toContain('\n› 1  Company     res.partner         0         1           39           0             0\n');
    expect(frame).toContain('\n  2  WorkObject  crm.lead            1         0            9           2             0\n');
    expect(frame).toContain('+ 1 to create  ~ 1 to update  = 48 unchanged  ! 2 rejected');
    expect(frame).toContain('+ res.partner.x_pega_org_id (char "Pega organization ID")');
    view.unmount();
  });

  it('moves the selection with j, k and arrows', async () => {
    const view = render(createElement(PlanView, { preview, color: false }));
    await press(view.stdin, 'j');
    expect(view.lastFrame()).toMatch(/› 2 {2}WorkObject/);
    await press(view.stdin, 'k');
    expect(view.lastFrame()).toMatch(/› 1 {2}Company/);
    await press(view.stdin, DOWN);
    expect(view.lastFrame()).toMatch(/› 2 {2}WorkObject/);
    await press(view.stdin, 'j');
    expect(view.lastFrame()).toMatch(/› 2 {2}WorkObject/);
    view.unmount();
  });

  it('opens an object with its details', async () => {
    const view = render(createElement(PlanView, { preview, color: false }));
    await press(view.stdin, 'j', ENTER);
    const frame = view.lastFrame()!;
    expect(frame).toContain('WorkObject: data.pc_acme_cs_work -> crm.lead (level 2, after Company)');
    expect(frame).toContain('  + S-9001  (work_object__S-9001)');
    expect(frame).toContain('      partner_id = Nora Lindgren (new)');
    expect(frame).toContain('  ! 2 x partner_id references a Contact that was not loaded');
    expect(frame).toContain('      S-1003: partner_id: no Contact with key "CONT-0000" was loaded');
    expect(frame).toContain('      "Resolved-Cancelled" x 3 -> else "New"');
    expect(frame).not.toContain('Company     res.partner');
    view.unmount();
  });

  it('counts each letter of keys read together', async () => {
    const view = render(createElement(PlanView, { preview, color: false }));
    await press(view.stdin, 'jj');
    expect(view.lastFrame()).toMatch(/› 2 {2}WorkObject/);
    await press(view.stdin, 'kq');
    await vi.waitFor(() => expect(view.lastFrame()).toMatch(/› 1 {2}Company/));
    view.unmount();
  });

  it('acts on keys typed before a render', () => {
    const view = render(createElement(PlanView, { preview, color: false }));
    view.stdin.write('j');
    view.stdin.write(ENTER);
    return vi.waitFor(() => expect(view.lastFrame()).toContain('WorkObject: data.pc_acme_cs_work -> crm.lead'));
  });

  it('shows before and after of an update', async () => {
    const view = render(createElement(PlanView, { preview, color: false }));
    await press(view.stdin, ENTER);
    expect(view.lastFrame()).toContain('  ~ ORG-1001  (id 7)\n      city: "Frankfurt am Main" -> "Berlin"');
    view.unmount();
  });

  it('goes back with Escape and q', async () => {
    const view = render(createElement(PlanView, { preview, color: false }));
    await press(view.stdin, ENTER);
    expect(view.lastFrame()).toContain('Esc or q back');
    await press(view.stdin, ESCAPE);
    await vi.waitFor(() => expect(view.lastFrame()).toMatch(/› 1 {2}Company/));
    await press(view.stdin, 'j', ENTER, 'q');
    expect(view.lastFrame()).toMatch(/› 2 {2}WorkObject/);
    view.unmount();
  });

  it('quits with q on the list', async () => {
    const unmounted = vi.fn();
    function Probe() {
      useEffect(() => unmounted, []);
      return createElement(PlanView, { preview, color: false });
    }
    const view = render(createElement(Probe));
    await press(view.stdin, 'q');
    await vi.waitFor(() => expect(unmounted).toHaveBeenCalledTimes(1));
  });

  it('scrolls a long object', async () => {
    const many = { ...workObject, samples: { create: Array.from({ length: 30 }, (_, index) => ({ ...workObject.samples.create[0]!, key: `S-${9001 + index}` })), update: [] } };
    const view = render(createElement(PlanView, { preview: { ...preview, objects: [many] }, color: false }));
    await press(view.stdin, ENTER);
    expect(view.lastFrame()).toContain('lines 1-19 of');
    expect(view.lastFrame()).not.toContain('S-9030');
    await press(view.stdin, ...Array<string>(8).fill(' '));
    expect(view.lastFrame()).toContain('S-9030');
    expect(view.lastFrame()).toContain('lines 114-132 of 132');
    await press(view.stdin, 'k');
    expect(view.lastFrame()).toContain('lines 113-131 of 132');
    view.unmount();
  });
});

describe('plan preview as plain text', () => {
  it('lists the rows and every object', () => {
    const text = renderPreviewText(preview);
    expect(text).toContain('#  Object      Model        + create  ~ update  = unchanged  ! rejected  deduplicated  status\n1  Company     res.partner         0         1           39           0             0\n2  WorkObject  crm.lead            1         0            9           2             0\n');
    expect(text).toContain('      city: "Frankfurt am Main" -> "Berlin"\n');
    expect(text).toContain('      "Resolved-Cancelled" x 3 -> else "New"\n');
    expect(text.endsWith('Run `pmap apply` to make these changes; Odoo\'s own validation may still reject records then.\n')).toBe(true);
  });
});

describe('plan preview as markdown', () => {
  it('renders a table and escapes cells', () => {
    const markdown = renderPreviewMarkdown(preview, 'acme-demo');
    expect(markdown).toContain([
      '| # | Object | Model | + create | ~ update | = unchanged | ! rejected | deduplicated | status |',
      '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
      '| 1 | Company | `res.partner` | 0 | 1 | 39 | 0 | 0 |  |',
      '| 2 | WorkObject | `crm.lead` | 1 | 0 | 9 | 2 | 0 |  |',
    ].join('\n'));
    expect(markdown).toContain('| ORG-1001 | `city` | "Frankfurt am Main" | "Berlin" |');
    expect(markdown).toContain('| S-9001 | "Welcome call \\| first" | Nora Lindgren (new) | true |');
    expect(markdown).toContain('| CaseStage | `stage_id` | "Resolved-Cancelled" | 3 | else "New" |');
    expect(markdown).toContain('<details><summary>WorkObject: 1 to create, 0 to update, 2 rejected</summary>');
  });
});
