import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { canonicalJson } from '../../compiler/canonical-json.js';
import { hasErrors } from '../../compiler/diagnostic.js';
import { profilePlan } from '../../runtime/profile/profile-plan.js';
import type { ProfileReport } from '../../runtime/profile/profile-types.js';
import { renderProfileHtml } from '../../runtime/profile/render-profile-html.js';
import { renderProfileMarkdown } from '../../runtime/profile/render-profile-markdown.js';
import { renderProfileText } from '../../runtime/profile/render-profile-text.js';
import { openSource } from '../open-source.js';
import { compileProjectAt, formatDiagnostics } from '../project-context.js';
import { UserError } from '../user-error.js';

export type ProfileFormat = 'text' | 'markdown' | 'html' | 'json';

export const PROFILE_FORMATS: readonly ProfileFormat[] = ['text', 'markdown', 'html', 'json'];

/** Default for --max-distinct: enough for most CRM tables, at an estimated 10 to 30 MB per full set of short values. */
export const DEFAULT_MAX_DISTINCT = 200_000;

export interface ProfileCommandOptions {
  /** Objects to profile; every object when empty. */
  readonly objects: readonly string[];
  readonly format: ProfileFormat;
  /** File to write the `format` output to instead of standard output. */
  readonly out?: string;
  /** Whether the report carries a generated-at line. */
  readonly timestamp: boolean;
  readonly maxDistinct: number;
}

const SOURCE_LABELS = { bix: 'BIX extract', postgres: 'Pega PostgreSQL database', dx: 'Pega DX API' } as const;

/**
 * `pmap profile`: read every object's source rows and report their data
 * quality. Writes `.pmap/reports/profile.md` and `.pmap/reports/profile.html`
 * for sign-off, and prints `format` to standard output or `out`.
 */
export async function runProfile(directory: string, options: ProfileCommandOptions): Promise<number> {
  const compiled = compileProjectAt(directory);
  if (compiled.diagnostics.length > 0) process.stderr.write(formatDiagnostics(directory, compiled, 'text'));
  if (hasErrors(compiled.diagnostics) || !compiled.plan || !compiled.inputs) {
    process.stderr.write('nothing was profiled: fix the errors above and run pmap profile again\n');
    return 1;
  }
  const { plan, inputs } = compiled;

  const known = plan.phases.map((phase) => phase.object);
  const unknown = options.objects.filter((object) => !known.includes(object));
  if (unknown.length > 0) {
    throw new UserError(`--object ${unknown.join(', ')}: no such object in the specs; the objects are ${known.join(', ')}`);
  }

  const source = openSource(inputs, process.env);
  let report: ProfileReport;
  try {
    const objects = await profilePlan({
      plan,
      pegaSchema: inputs.pegaSchema,
      source,
      maxDistinct: options.maxDistinct,
      ...(options.objects.length > 0 ? { objects: options.objects } : {}),
      onObject: (phase) => process.stderr.write(`profiling ${phase.object} (${phase.source.table})\n`),
    });
    const generatedAt = options.timestamp ? generationTime() : undefined;
    report = {
      pmapProfile: 1,
      project: inputs.config.name ?? basename(resolve(directory)),
      source: SOURCE_LABELS[inputs.config.source.kind],
      ...(generatedAt === undefined ? {} : { generatedAt }),
      maxDistinct: options.maxDistinct,
      objects,
    };
  } finally {
    await source.close();
  }

  const written = writeProfileReports(directory, report);
  const output = render(report, options.format);
  if (options.out !== undefined) {
    try {
      mkdirSync(dirname(options.out), { recursive: true });
      writeFileSync(options.out, output);
    } catch (error) {
      throw new UserError(`cannot write --out ${options.out}: ${(error as Error).message}; choose a file in a folder you can write to`);
    }
    written.push(options.out);
  } else {
    process.stdout.write(output);
  }
  const message = `Profile written to ${written.map((path) => relative(process.cwd(), path) || path).join(' and ')}\n`;
  // Machine-readable output on standard output stays clean of the message.
  if (options.format === 'text' && options.out === undefined) process.stdout.write(`\n${message}`);
  else process.stderr.write(message);
  return 0;
}

function render(report: ProfileReport, format: ProfileFormat): string {
  switch (format) {
    case 'text':
      return renderProfileText(report);
    case 'markdown':
      return renderProfileMarkdown(report);
    case 'html':
      return renderProfileHtml(report);
    case 'json':
      return `${canonicalJson(report)}\n`;
  }
}

/** Writes the sign-off documents to `.pmap/reports/`, replacing the previous profile's. */
function writeProfileReports(directory: string, report: ProfileReport): string[] {
  const folder = join(directory, '.pmap', 'reports');
  mkdirSync(folder, { recursive: true });
  const markdownPath = join(folder, 'profile.md');
  const htmlPath = join(folder, 'profile.html');
  writeFileSync(markdownPath, renderProfileMarkdown(report));
  writeFileSync(htmlPath, renderProfileHtml(report));
  return [markdownPath, htmlPath];
}

/**
 * Returns the time of the profile, to the second. SOURCE_DATE_EPOCH (seconds
 * since 1970, the reproducible-builds convention) replaces the clock, so a
 * rerun can give byte-identical reports.
 */
function generationTime(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) throw new UserError(`SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01, not ${JSON.stringify(epoch)}`);
    return new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
