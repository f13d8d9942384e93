import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RejectGroup } from './apply-report.js';
import type { RejectReason } from './reject.js';

/**
 * Collects one phase's rejects: counts them by reason for the report and
 * appends each to a JSON-lines reject file (object, source key, reason, the
 * values that would have been sent), so none is lost silently.
 */
export class RejectSink {
  private readonly groups = new Map<string, { code: RejectReason['code']; summary: string; count: number; examples: string[] }>();
  private descriptor: number | undefined;
  count = 0;
  /** True once the reject file was created, which happens at the first reject. */
  written = false;

  /**
   * Removes the reject file of an earlier run, so the file only ever lists
   * this run's rejects. Without a path, rejects are only counted.
   */
  constructor(private readonly object: string, readonly path: string | undefined) {
    if (path !== undefined) rmSync(path, { force: true });
  }

  add(key: string, reason: RejectReason, values?: Record<string, unknown>): void {
    this.count += 1;
    const groupKey = `${reason.code}\u0000${reason.summary}`;
    const group = this.groups.get(groupKey) ?? { code: reason.code, summary: reason.summary, count: 0, examples: [] };
    group.count += 1;
    if (group.examples.length < 3) group.examples.push(key);
    this.groups.set(groupKey, group);

    if (this.path === undefined) return;
    if (this.descriptor === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.descriptor = openSync(this.path, 'w');
      this.written = true;
    }
    const line = { object: this.object, key, code: reason.code, reason: reason.message, ...(values ? { values } : {}) };
    writeSync(this.descriptor, `${JSON.stringify(line)}\n`);
  }

  /** Groups, largest first. */
  rejectGroups(): RejectGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.summary.localeCompare(b.summary));
  }

  close(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }
}
