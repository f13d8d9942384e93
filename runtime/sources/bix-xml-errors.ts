/**
 * A BIX XML extract that cannot be read: not well-formed, truncated, in an
 * unsupported encoding, or containing a DOCTYPE. `line` and `column` are
 * 1-based and point at the place where reading stopped.
 */
export class BixFormatError extends Error {
  override readonly name = 'BixFormatError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    problem: string,
    advice: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}. ${advice}`);
  }
}

/** The BIX XML or CSV file configured (or expected by default) for a table does not exist. */
export class BixFileNotFoundError extends Error {
  override readonly name = 'BixFileNotFoundError';

  constructor(
    readonly file: string,
    readonly table: string,
    usedDefaultName: boolean,
    extension: 'xml' | 'csv' = 'xml',
  ) {
    const advice = usedDefaultName
      ? `A table's extract file is named after the table by default (${table}.${extension}). ` +
        `If the file has another name, map the table to it under source.files in pmap.yaml, ` +
        `for example "${table}": Contacts_20240101.${extension}.`
      : `Check the file name given for "${table}" under source.files in pmap.yaml; ` +
        `a relative name is resolved against the source folder (source.path).`;
    super(`BIX extract file for table ${table} not found: ${file}. ${advice}`);
  }
}

