import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Folder of the run logs, relative to the project. */
export const LOG_FOLDER = join('.pmap', 'logs');

const REDACTED = '[redacted]';

/**
 * A structured log of one command run: one JSON object per line, each with
 * `time` (ISO 8601, UTC) and `event`. Lines are written synchronously, so a
 * process that is killed leaves every line before the kill complete.
 *
 * Every value of `secrets` (and the password inside a secret URL) is
 * replaced by `[redacted]` wherever it appears in a line, as a safety net
 * behind the rule that no secret is passed to the log at all.
 */
export class RunLog {
  private descriptor: number | undefined;
  private readonly secrets: string[];

  private constructor(readonly path: string, descriptor: number, secrets: readonly string[]) {
    this.descriptor = descriptor;
    this.secrets = redactionForms(secrets);
  }

  /** Creates `.pmap/logs/<command>-<start time>.jsonl` in the project. */
  static open(directory: string, command: string, startedAt: Date, secrets: readonly string[]): RunLog {
    const folder = join(directory, LOG_FOLDER);
    mkdirSync(folder, { recursive: true });
    const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
    const path = join(folder, `${command}-${stamp}.jsonl`);
    return new RunLog(path, openSync(path, 'a'), secrets);
  }

  write(event: string, fields: Record<string, unknown> = {}): void {
    if (this.descriptor === undefined) return;
    let line = JSON.stringify({ time: new Date().toISOString(), event, ...fields });
    for (const secret of this.secrets) line = line.split(secret).join(REDACTED);
    writeSync(this.descriptor, `${line}\n`);
  }

  close(): void {
    if (this.descriptor === undefined) return;
    closeSync(this.descriptor);
    this.descriptor = undefined;
  }
}

/**
 * Lists the strings to replace for each secret: the secret as it is and as JSON
 * escapes it, and for a URL the password in it, decoded and as written.
 * Values of fewer than 4 characters are left alone, because replacing them
 * would garble ordinary words and numbers without hiding anything useful.
 */
function redactionForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    const password = urlPassword(secret);
    if (password) {
      forms.add(password);
      forms.add(safeDecode(password));
    }
  }
  return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

function urlPassword(text: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  try {
    return new URL(text).password || undefined;
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
