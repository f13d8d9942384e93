// Copies the assets that compiled code loads at run time (JSON Schemas,
// Odoo field metadata, templates) from the source folders into dist/, next to the code.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const sourceFolders = ['grammar', 'compiler', 'runtime', 'sandbox', 'cli', 'bench'];

function copyJsonFiles(folder) {
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) {
      copyJsonFiles(path);
    } else if (entry.endsWith('.json')) {
      cpSync(path, join('dist', path));
    }
  }
}

for (const folder of sourceFolders) {
  if (existsSync(folder)) copyJsonFiles(folder);
}

// Handlebars templates of `pmap docs`, read from dist/templates at run time.
if (existsSync('templates')) cpSync('templates', join('dist', 'templates'), { recursive: true });

// The standard specs that `pmap init` copies into a new project, read from dist/specs.
if (existsSync('specs')) cpSync('specs', join('dist', 'specs'), { recursive: true });
