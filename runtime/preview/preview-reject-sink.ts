import type { RejectReason } from '../reject.js';
import { RejectSink } from '../reject-sink.js';
import type { PreviewRejectGroup, RejectExample } from './preview-types.js';

const examplesPerGroup = 3;

/**
 * A reject sink that keeps no file and remembers, per reason, the first
 * records with their full messages, so a reviewer sees the values that
 * failed and not only the keys.
 */
export class PreviewRejectSink extends RejectSink {
  private readonly examples = new Map<string, RejectExample[]>();

  constructor(object: string) {
    super(object, undefined);
  }

  override add(key: string, reason: RejectReason, values?: Record<string, unknown>): void {
    super.add(key, reason, values);
    const groupKey = `${reason.code}\u0000${reason.summary}`;
    const examples = this.examples.get(groupKey) ?? [];
    if (examples.length < examplesPerGroup) examples.push({ key, message: reason.message });
    this.examples.set(groupKey, examples);
  }

  /** Groups of records the run would reject, largest first, without dedupe removals. */
  previewGroups(): PreviewRejectGroup[] {
    return this.rejectGroups()
      .filter((group) => group.code !== 'deduplicated')
      .map((group) => ({ code: group.code, summary: group.summary, count: group.count, examples: this.examples.get(`${group.code}\u0000${group.summary}`) ?? [] }));
  }
}
