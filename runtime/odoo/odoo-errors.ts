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
  constructor(
    message: string,
    readonly url: string,
    readonly details: {
      /** HTTP status of a non-XML-RPC answer, such as a proxy's 503. */
      readonly httpStatus?: number;
      /** Seconds from a Retry-After header. */
      readonly retryAfterSeconds?: number;
      /** The connection broke after the request was sent, so Odoo may have run the call. */
      readonly transient?: boolean;
      /** The connection was refused, so Odoo never saw the call. */
      readonly notSent?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'OdooConnectionError';
  }

  get httpStatus(): number | undefined {
    return this.details.httpStatus;
  }

  get retryAfterSeconds(): number | undefined {
    return this.details.retryAfterSeconds;
  }

  get transient(): boolean {
    return this.details.transient ?? false;
  }

  get notSent(): boolean {
    return this.details.notSent ?? false;
  }
}

/**
 * A call that creates or deletes records lost its answer, so whether Odoo
 * committed it is unknown; pmap does not send it again.
 */
export class OdooOutcomeUnknownError extends Error {
  constructor(readonly model: string, readonly method: string, cause: Error) {
    super(
      `the ${method} call on ${model} lost its answer (${cause.message}), so whether Odoo saved it is unknown; ` +
        'pmap did not send it again. Records it may have created have no pmap external id yet: check the model in Odoo before running pmap apply again',
    );
    this.name = 'OdooOutcomeUnknownError';
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
