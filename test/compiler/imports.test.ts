import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { loadProject } from '../../compiler/load-project.js';
import { copyDemoProject, editProjectFile } from '../support/demo-project.js';

describe('spec imports', () => {
  it('reads value maps from an imported file', () => {
    const directory = copyDemoProject();
    mkdirSync(join(directory, 'shared'));
    writeFileSync(join(directory, 'shared', 'urgency.pmap'), 'values SharedUrgency { 10 => "0" else => "1" }\n');
    editProjectFile(directory, 'specs/work-object.pmap', '# Pega service cases', 'import "../shared/urgency.pmap"\n# Pega service cases');
    editProjectFile(directory, 'specs/work-object.pmap', 'Urgency(pxUrgencyWork)', 'SharedUrgency(pxUrgencyWork)');

    const loaded = loadProject(directory);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.inputs!.specs.map((spec) => spec.path)).toContain('shared/urgency.pmap');
    const compiled = compileProject(loaded.inputs!);
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.plan!.valueMaps.SharedUrgency).toEqual({ entries: [[10, '0']], otherwise: { value: '1' } });
  });

  it('names a missing imported file at the import', () => {
    const directory = copyDemoProject();
    editProjectFile(directory, 'specs/company.pmap', '# Pega organizations', 'import "lib/missing.pmap"\n# Pega organizations');
    const loaded = loadProject(directory);
    expect(loaded.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message, diagnostic.span?.file, diagnostic.span?.startLine])).toEqual([
      ['PM502', 'imported file specs/lib/missing.pmap not found', 'specs/company.pmap', 1],
    ]);
  });
});
