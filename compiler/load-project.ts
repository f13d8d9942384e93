import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { unquote } from '../grammar/cst-to-ast.js';
import { joinSpans, tokenSpan } from '../grammar/spans.js';
import { ImportKeyword, specLexer, StringLiteral } from '../grammar/tokens.js';
import { Ajv } from 'ajv';
import type { OdooSchema, PegaSchema } from '../runtime/schema-types.js';
import type { Diagnostic, Span } from './diagnostic.js';
import { parseProjectConfig, type ProjectConfig } from './project-config.js';

/** A spec file's text and its path relative to the project folder. */
export interface SpecSource {
  readonly path: string;
  readonly text: string;
}

/** Everything the compiler reads from a migration project folder. */
export interface ProjectInputs {
  readonly directory: string;
  readonly config: ProjectConfig;
  readonly specs: readonly SpecSource[];
  readonly pegaSchema: PegaSchema;
  readonly odooSchema: OdooSchema;
}

const schemaFileSchemas = JSON.parse(readFileSync(new URL('./schema-files.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema(schemaFileSchemas);
const validatePegaSchema = ajv.getSchema('pmap-schema-files#/definitions/pegaSchema')!;
const validateOdooSchema = ajv.getSchema('pmap-schema-files#/definitions/odooSchema')!;

/**
 * Reads `pmap.yaml`, `specs/*.pmap` (sorted by name) and the two discovered
 * schemas. Missing or malformed files come back as diagnostics.
 */
export interface LoadedProject {
  readonly inputs?: ProjectInputs;
  readonly diagnostics: Diagnostic[];
  /** Text of every file read, by project-relative path, for rendering diagnostics. */
  readonly sources: ReadonlyMap<string, string>;
}

export function loadProject(directory: string): LoadedProject {
  const configured = loadProjectConfigOnly(directory);
  const { diagnostics, sources, config, specs } = configured;
  if (!configured.found) return { diagnostics, sources };

  const pegaSchema = readSchemaFile<PegaSchema>(directory, 'schemas/pega.json', validatePegaSchema, diagnostics);
  const odooSchema = readSchemaFile<OdooSchema>(directory, 'schemas/odoo.json', validateOdooSchema, diagnostics);
  if (!config || !pegaSchema || !odooSchema) return { diagnostics, sources };
  return { inputs: { directory, config, specs, pegaSchema, odooSchema }, diagnostics, sources };
}

/** Reads `pmap.yaml` and the spec files only, for commands that run before the schemas exist. */
export function loadProjectConfigOnly(directory: string): {
  found: boolean;
  config?: ProjectConfig;
  specs: SpecSource[];
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
} {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const configPath = join(directory, 'pmap.yaml');
  if (!existsSync(configPath)) {
    diagnostics.push({
      code: 'PM502',
      severity: 'error',
      message: `${configPath} not found: ${directory} is not a pmap project`,
      hint: 'run pmap in the folder that holds pmap.yaml, or pass that folder as an argument',
    });
    return { found: false, specs: [], diagnostics, sources };
  }

  const configText = readFileSync(configPath, 'utf8');
  sources.set('pmap.yaml', configText);
  const parsedConfig = parseProjectConfig('pmap.yaml', configText);
  diagnostics.push(...parsedConfig.diagnostics);

  const specs = readSpecs(directory, diagnostics);
  specs.push(...readImports(directory, specs, diagnostics));
  for (const spec of specs) sources.set(spec.path, spec.text);
  return { found: true, ...(parsedConfig.config ? { config: parsedConfig.config } : {}), specs, diagnostics, sources };
}

function readSpecs(directory: string, diagnostics: Diagnostic[]): SpecSource[] {
  const specsDirectory = join(directory, 'specs');
  if (!existsSync(specsDirectory)) {
    diagnostics.push({
      code: 'PM502',
      severity: 'error',
      message: `${specsDirectory} not found`,
      hint: 'create a specs/ folder with one .pmap file per Pega object',
    });
    return [];
  }
  const specs = readdirSync(specsDirectory)
    .filter((name) => name.endsWith('.pmap'))
    .sort()
    .map((name) => ({ path: `specs/${name}`, text: readFileSync(join(specsDirectory, name), 'utf8') }));
  if (specs.length === 0) {
    diagnostics.push({
      code: 'PM502',
      severity: 'error',
      message: `${specsDirectory} contains no .pmap files, so there is nothing to migrate`,
      hint: 'write one spec per Pega object, for example specs/contact.pmap (see docs/language.md)',
    });
  }
  return specs;
}

/**
 * Follows `import` declarations from the given specs, transitively, and
 * returns the imported files that are not already among them. Paths are
 * relative to the importing file; they appear relative to the project.
 */
function readImports(directory: string, specs: readonly SpecSource[], diagnostics: Diagnostic[]): SpecSource[] {
  const known = new Set(specs.map((spec) => spec.path));
  const imported: SpecSource[] = [];
  const queue = [...specs];

  while (queue.length > 0) {
    const spec = queue.shift()!;
    for (const declaration of scanImports(spec)) {
      const path = normalize(join(dirname(spec.path), declaration.path)).split(sep).join('/');
      if (known.has(path)) continue;
      known.add(path);
      const absolute = join(directory, path);
      if (!existsSync(absolute) || !statSync(absolute).isFile()) {
        diagnostics.push({
          code: 'PM502',
          severity: 'error',
          message: `imported file ${path} not found`,
          span: declaration.span,
          hint: 'import paths are relative to the importing file',
        });
        continue;
      }
      const source = { path, text: readFileSync(absolute, 'utf8') };
      imported.push(source);
      queue.push(source);
    }
  }
  return imported;
}

/**
 * Finds a file's `import "path"` declarations with the lexer alone, which is
 * much cheaper than a parse; the compiler parses every file later anyway.
 */
function scanImports(spec: SpecSource): Array<{ path: string; span: Span }> {
  const tokens = specLexer.tokenize(spec.text).tokens;
  const found: Array<{ path: string; span: Span }> = [];
  tokens.forEach((token, index) => {
    const next = tokens[index + 1];
    if (token.tokenType !== ImportKeyword || next?.tokenType !== StringLiteral) return;
    found.push({ path: unquote(next.image), span: joinSpans(tokenSpan(spec.path, token), tokenSpan(spec.path, next)) });
  });
  return found;
}

function readSchemaFile<T>(
  directory: string,
  relativePath: string,
  validate: (data: unknown) => boolean,
  diagnostics: Diagnostic[],
): T | undefined {
  const path = join(directory, relativePath);
  const discoverCommand = relativePath.includes('pega') ? 'pmap discover pega' : 'pmap discover odoo';
  if (!existsSync(path)) {
    diagnostics.push({
      code: 'PM502',
      severity: 'error',
      message: `${relativePath} not found`,
      hint: `the compiler checks specs against the discovered schemas; run \`${discoverCommand}\` to write it`,
    });
    return undefined;
  }

  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    diagnostics.push({
      code: 'PM503',
      severity: 'error',
      message: `${relativePath} is not valid JSON: ${(error as Error).message}`,
      hint: `restore it from version control or run \`${discoverCommand}\` again`,
    });
    return undefined;
  }
  if (!validate(data)) {
    const errors = (validate as unknown as { errors?: Array<{ instancePath: string; message?: string }> }).errors ?? [];
    const first = errors[0];
    diagnostics.push({
      code: 'PM503',
      severity: 'error',
      message: `${relativePath} does not have the expected structure${first ? `: ${first.instancePath || '(top level)'} ${first.message ?? ''}` : ''}`,
      hint: `the file must be written by \`${discoverCommand}\`; run it again`,
    });
    return undefined;
  }
  return data as T;
}
