/** Counts images left out of an audit by reason, keeping a few file names per reason. */

export interface SkippedReason {
  reason: string;
  count: number;
  /** Up to `examplesPerReason` files. */
  examples: string[];
}

export interface SkipSummary {
  n_skipped: number;
  skipped: SkippedReason[];
}

export class SkipLog {
  private readonly reasons = new Map<string, SkippedReason>();

  constructor(private readonly examplesPerReason = 5) {}

  add(reason: string, file: string, count = 1): void {
    let entry = this.reasons.get(reason);
    if (!entry) this.reasons.set(reason, (entry = { reason, count: 0, examples: [] }));
    entry.count += count;
    if (file && entry.examples.length < this.examplesPerReason) entry.examples.push(file);
  }

  /** Adds another log's counts (e.g. files the importer could not decode). */
  merge(summary: SkipSummary): void {
    for (const r of summary.skipped) {
      this.add(r.reason, r.examples[0] ?? '', r.count);
      const entry = this.reasons.get(r.reason)!;
      for (const file of r.examples.slice(1))
        if (entry.examples.length < this.examplesPerReason) entry.examples.push(file);
    }
  }

  /** Reasons by count, largest first. */
  summary(): SkipSummary {
    const skipped = [...this.reasons.values()].sort(
      (a, b) => b.count - a.count || a.reason.localeCompare(b.reason),
    );
    return { n_skipped: skipped.reduce((sum, r) => sum + r.count, 0), skipped: structuredClone(skipped) };
  }
}
