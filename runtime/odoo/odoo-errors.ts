/**
 * A fault Odoo returned for a call. `message` is the useful part: for fault
 * code 1 Odoo sends a whole Python traceback, whose last line holds it.
 */
export class OdooFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
    readonly model: string,
    readonly method: string,
  ) {
    super(faultMessage(faultString));
    this.name = 'OdooFault';
  }

  /** True when the fault is Odoo's "record does not exist" (MissingError). */
  isMissingRecord(): boolean {
    return this.faultCode === 2 && this.faultString.includes('does not exist or has been deleted');
  }
}

/** Odoo could not be reached, or answered with something that is not XML-RPC. */
export class OdooConnectionError extends Error {
  constructor(message: string, readonly url: string) {
    super(message);
    this.name = 'OdooConnectionError';
  }
}

/** The login was refused by `authenticate`. */
export class OdooAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OdooAuthenticationError';
  }
}

/** Extracts the message from a fault string: the last line of a traceback, else the text itself. */
export function faultMessage(faultString: string): string {
  const text = faultString.trimEnd();
  if (!text.startsWith('Traceback (most recent call last)')) return text;
  const lastLine = text.split('\n').pop() ?? text;
  return lastLine.trim();
}
