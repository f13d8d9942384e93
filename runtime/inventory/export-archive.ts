/**
 * Reads the rule instances of a Pega application export (the ZIP archive a
 * product rule writes) that the inventory needs. Other entries (the control
 * file, rules of other types, data instances) are skipped.
 */

import { readFileSync } from 'node:fs';

import { InventoryError } from './inventory-error.js';
import { isInventoryRuleClass, type InventoryRuleClass } from './rule-identity.js';
import { parseRulePage, textOf, type RulePage } from './rule-page-xml.js';
import { readZipArchive } from './zip-archive.js';

export interface ExportedRule {
  readonly ruleClass: InventoryRuleClass;
  /** Instance handle (`pzInsKey`), or the entry name when the XML has none. */
  readonly handle: string;
  readonly page: RulePage;
}

/** Reads the archive at `path`; `displayPath` names it in messages. */
export function readExportArchive(path: string, displayPath: string): ExportedRule[] {
  let archive: Buffer;
  try {
    archive = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
    throw new InventoryError(`the application export ${displayPath} is ${reason}; pass the .zip file that Pega's export (a product rule) wrote to --inventory-from`);
  }
  return exportedRules(readZipArchive(archive, displayPath), displayPath);
}

/** Parses the XML entries of an archive already read. */
export function exportedRules(entries: ReadonlyArray<{ name: string; content: Buffer }>, displayPath: string): ExportedRule[] {
  const rules: ExportedRule[] = [];
  for (const entry of entries) {
    if (!entry.name.toLowerCase().endsWith('.xml')) continue;
    const page = parseRulePage(entry.content.toString('utf8'), `${displayPath}!${entry.name}`);
    if (page === undefined) continue;
    const ruleClass = textOf(page, 'pxObjClass');
    if (ruleClass === undefined || !isInventoryRuleClass(ruleClass)) continue;
    rules.push({ ruleClass, handle: textOf(page, 'pzInsKey') ?? entry.name.replace(/\.xml$/i, ''), page });
  }
  return rules;
}
