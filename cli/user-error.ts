/**
 * An error caused by the user's input or environment. The CLI prints its
 * message without a stack trace and exits with code 1.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
