import type { CategoricalAttribute } from '../types';

/** Groups smaller than this make per-group metrics unreliable. */
export const MIN_GROUP_COUNT = 30;

/**
 * Warnings about the groups fairness is measured over: no sensitive attribute, a single
 * group, groups under the minimum count, and images with no value.
 */
export function groupWarnings(
  categorical: CategoricalAttribute[],
  counts: Record<string, Record<string, number>>,
  nImages: number,
  minGroupCount = MIN_GROUP_COUNT,
): string[] {
  const sensitive = categorical.filter((a) => a.sensitive);
  if (sensitive.length === 0) {
    return ['No sensitive attribute: per-group fairness metrics need one (add an attributes CSV).'];
  }
  const warnings: string[] = [];
  for (const attr of sensitive) {
    const entries = attr.values.map((v) => [v, counts[attr.name]?.[v] ?? 0] as const);
    const present = entries.filter(([, n]) => n > 0);
    if (present.length <= 1) {
      const only = present[0]?.[0];
      warnings.push(
        only === undefined
          ? `"${attr.name}" has no values: it cannot define groups.`
          : `"${attr.name}" has one group only ("${only}"): nothing to compare it with.`,
      );
    }
    // Empty groups are values the dataset could have (e.g. the age band 0-2) but does not: they
    // are not small groups, and per-group metrics leave them out.
    const small = present.filter(([, n]) => n < minGroupCount);
    if (small.length > 0 && present.length > 1) {
      const list = small.map(([v, n]) => `${v} (${n})`).join(', ');
      warnings.push(
        `"${attr.name}" has groups under ${minGroupCount} images: ${list}; their metrics are noisy.`,
      );
    }
    const labelled = present.reduce((sum, [, n]) => sum + n, 0);
    if (labelled < nImages) warnings.push(`${nImages - labelled} images have no "${attr.name}" value.`);
  }
  return warnings;
}
