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
  return askYes(question);
}

/**
 * Asks `question` on the terminal and returns whether the answer is exactly
 * `yes`. Ctrl-C or Ctrl-D at the prompt count as no, because readline
 * would otherwise pause or close with the question still open.
 */
export async function askYes(question: string, output: NodeJS.WritableStream = process.stdout): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output });
  const cancelled = new Promise<boolean>((resolve) => {
    readline.once('SIGINT', () => {
      output.write('\n');
      resolve(false);
    });
    readline.once('close', () => resolve(false));
  });
  try {
    const answer = readline.question(`${question} Only 'yes' is accepted: `).then((text) => text.trim() === 'yes');
    return await Promise.race([answer, cancelled]);
  } finally {
    readline.close();
  }
}
