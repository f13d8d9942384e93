/**
 * A problem with the rule inventory or its inputs (the export archive, a
 * hand-edited inventory file). The message names the file, the entry or the
 * line and key path, and what to do; the CLI prints it without a stack trace.
 */
export class InventoryError extends Error {
  override readonly name = 'InventoryError';
}
