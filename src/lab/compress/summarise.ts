/** Repeats of one setting → its summary: means over repeats, the CIEs against the baseline. */
import { compressionIdentifiedExemplars } from './cie';
import type { GroupResult, ModelEvaluation } from './evaluate';
import type { SizeReport } from './measure';
import type { Setting } from './settings';
import { CIE_EXAMPLES, type CieExample, type GroupSummary, type SettingSummary } from './sweep-types';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function groups(runs: Record<string, GroupResult>[]): Record<string, GroupSummary> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(
    names.map((g) => {
      const present = runs.map((r) => r[g]).filter((x): x is GroupResult => x !== undefined);
      const cis = present.map((x) => x.ci).filter((ci): ci is [number, number] => ci !== null);
      return [
        g,
        {
          accuracy: mean(present.map((x) => x.accuracy)),
          count: present[0].count,
          ci: cis.length === present.length ? [mean(cis.map((c) => c[0])), mean(cis.map((c) => c[1]))] : null,
          repeats: present.map((x) => x.accuracy),
        },
      ];
    }),
  );
}

export function summariseSetting(input: {
  setting: Setting;
  format: string;
  sizes: SizeReport[];
  evaluations: ModelEvaluation[];
  baseline: ModelEvaluation[];
  disparity: string;
}): SettingSummary {
  const { setting, sizes, evaluations } = input;
  const names = Object.keys(evaluations[0].disparities);
  const disparities = Object.fromEntries(
    names.map((name) => {
      const values = evaluations.map((e) => e.disparities[name]);
      return [name, values.every((v): v is number => v !== null && v !== undefined) ? mean(values) : null];
    }),
  );
  const summary: SettingSummary = {
    key: setting.key,
    method: setting.method,
    param: setting.param,
    format: input.format,
    sizeBytes: Math.round(mean(sizes.map((s) => s.sizeBytes))),
    sizeDeflateBytes: Math.round(mean(sizes.map((s) => s.sizeDeflateBytes))),
    parameters: sizes[0].parameters,
    sparsity: mean(sizes.map((s) => s.sparsity)),
    distinctValues: Math.max(...sizes.map((s) => s.distinctValues)),
    accuracy: mean(evaluations.map((e) => e.accuracy)),
    accuracyRepeats: evaluations.map((e) => e.accuracy),
    byGroup: groups(evaluations.map((e) => e.byGroup)),
    byIntersection: groups(evaluations.map((e) => e.byIntersection)),
    disparities,
    disparity: disparities[input.disparity] ?? null,
  };
  if (evaluations.length >= 2 && setting.steps.length > 0) {
    const first = evaluations[0];
    const cie = compressionIdentifiedExemplars({
      baseline: input.baseline.map((e) => e.labels),
      compressed: evaluations.map((e) => e.labels),
      yTrue: first.yTrue,
      groups: first.groups,
    });
    const examples: Record<string, CieExample[]> = {};
    for (let i = 0; i < cie.isCie.length; i++) {
      const g = first.groups[i];
      if (!cie.isCie[i] || g === '') continue;
      const list = (examples[g] ??= []);
      if (list.length < CIE_EXAMPLES)
        list.push({
          index: first.indices[i],
          label: first.yTrue[i],
          baseline: cie.baselineModal[i],
          compressed: cie.compressedModal[i],
        });
    }
    summary.cie = { overall: cie.overall, byGroup: cie.byGroup, examples };
  }
  return summary;
}
