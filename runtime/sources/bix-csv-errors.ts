/**
 * A BIX CSV extract (or its manifest) that cannot be read: malformed CSV,
 * a row with the wrong number of fields, bytes outside the file's encoding,
 * a missing key column, or a manifest that does not match the files.
 * `line` is the 1-based physical line where the problem is.
 */
export class BixCsvError extends Error {
  override readonly name = 'BixCsvError';

  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
    advice: string,
  ) {
    super(`${file}:${line}: ${problem}. ${advice}`);
  }
}
