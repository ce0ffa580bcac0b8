/** Percentile intervals over bootstrap replicates (NaN marks an undefined replicate). */

export type Interval = [number, number];

/** Linear-interpolated quantile of sorted values (numpy's default method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Central `level` interval of the defined replicates; null when none is defined. */
export function percentileInterval(
  replicates: Float64Array,
  level: number,
): { interval: Interval | null; undefinedCount: number } {
  const defined = replicates.filter((v) => !Number.isNaN(v)).sort();
  const undefinedCount = replicates.length - defined.length;
  if (defined.length === 0) return { interval: null, undefinedCount };
  const alpha = (1 - level) / 2;
  return { interval: [quantileSorted(defined, alpha), quantileSorted(defined, 1 - alpha)], undefinedCount };
}

/** Collects replicate values by statistic name, then turns them into intervals. */
export class ReplicateRecorder {
  private readonly series = new Map<string, Float64Array>();

  constructor(private readonly replicates: number) {}

  record(name: string, replicate: number, value: number | null | undefined): void {
    let values = this.series.get(name);
    if (!values) {
      values = new Float64Array(this.replicates).fill(NaN);
      this.series.set(name, values);
    }
    values[replicate] = value ?? NaN;
  }

  /** Interval per statistic, and a warning for each one with undefined replicates. */
  intervals(level: number): { intervals: Map<string, Interval | null>; warnings: string[] } {
    const intervals = new Map<string, Interval | null>();
    const warnings: string[] = [];
    for (const [name, values] of this.series) {
      const { interval, undefinedCount } = percentileInterval(values, level);
      intervals.set(name, interval);
      if (undefinedCount > 0) {
        warnings.push(
          `ci ${name}: ${undefinedCount} of ${this.replicates} replicates undefined, interval over the rest`,
        );
      }
    }
    return { intervals, warnings };
  }
}
