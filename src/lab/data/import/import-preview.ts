import { groupWarnings, MIN_GROUP_COUNT } from './group-warnings';
import { prepareImport, type ImportOptions } from './import-pipeline';
import type { FileSource } from './file-source';
import type { ImportPlan, SkippedFile } from './types';

/** What an import will do, known before decoding; the preview shows it. */
export interface PlanSummary {
  /** Images that will be decoded and stored (unless a file turns out corrupt). */
  nImages: number;
  /** attribute → value → images to import (labels as read, before decoding). */
  labelCounts: Record<string, Record<string, number>>;
  sensitive: string[];
  targets: string[];
  split: string;
  /** The importer's warnings and the group-size warnings these counts already give. */
  warnings: string[];
  /** Left out before decoding: label problems, unknown values, identities the split drops. */
  nSkipped: number;
  skipped: SkippedFile[];
  /** Files that are neither images to import nor label files. */
  nIgnored: number;
  ignored: SkippedFile[];
}

/**
 * Runs every check the import runs before decoding (the same code: prepareImport), so the preview
 * and the import agree; only decoding errors are left for the import to find.
 */
export function summarisePlan(
  plan: ImportPlan,
  options: Pick<
    ImportOptions,
    'seed' | 'fractions' | 'minImagesPerIdentity' | 'balanceIdentities' | 'minGroupCount'
  > = {},
  source?: FileSource,
  listed = 50,
): PlanSummary {
  const prepared = prepareImport(plan, options, source);
  const labelCounts: Record<string, Record<string, number>> = {};
  for (const attr of prepared.categorical) {
    const counts: Record<string, number> = Object.fromEntries(attr.values.map((v) => [v, 0]));
    for (const { record } of prepared.kept) {
      const v = record.categorical[attr.name];
      if (v !== undefined) counts[v] = (counts[v] ?? 0) + 1;
    }
    labelCounts[attr.name] = counts;
  }
  const ignored = plan.ignored ?? [];
  return {
    nImages: prepared.kept.length,
    labelCounts,
    sensitive: prepared.categorical.filter((a) => a.sensitive).map((a) => a.name),
    targets: plan.targets,
    split: plan.split.kind,
    warnings: [
      ...plan.warnings,
      ...(prepared.kept.length > 0
        ? groupWarnings(
            prepared.categorical,
            labelCounts,
            prepared.kept.length,
            options.minGroupCount ?? MIN_GROUP_COUNT,
          )
        : []),
    ],
    nSkipped: prepared.skipped.length,
    skipped: prepared.skipped.slice(0, listed),
    nIgnored: ignored.length,
    ignored: ignored.slice(0, listed),
  };
}
