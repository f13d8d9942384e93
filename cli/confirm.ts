import { createInterface } from 'node:readline/promises';
import { UserError } from './user-error.js';

/**
 * Asks the user to type `yes` before a change. Without a terminal there is
 * nobody to ask, so the command stops and names the flag that skips the
 * question.
 */
export async function confirm(question: string, autoApprove: boolean): Promise<boolean> {
  if (autoApprove) return true;
  if (!process.stdin.isTTY) {
    throw new UserError(`${question.replace(/\?$/, '')}: no terminal to confirm on; run again with --auto-approve to go ahead without a question`);
  }
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await readline.question(`${question} Only 'yes' is accepted: `);
    return answer.trim() === 'yes';
  } finally {
    readline.close();
  }
}
