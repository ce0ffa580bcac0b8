/**
 * Compression-identified exemplars (Hooker et al. 2020, "Characterising Bias in Compressed
 * Models", extending their pruning-identified exemplars): an example is a CIE when the modal
 * label over a population of compressed models differs from the modal label over the population
 * of uncompressed models. The true label is not used to find them, only to score accuracy on them.
 * Ties in a mode go to the smallest label index (Hooker et al. do not say; any fixed rule works).
 */

export interface CieGroup {
  count: number;
  cie: number;
  fraction: number;
  /** Mean accuracy of the compressed population on this group's CIEs (null: no CIE). */
  accuracyCie: number | null;
  accuracyNonCie: number | null;
  /** Mean accuracy of the uncompressed population on the same examples. */
  baselineAccuracyCie: number | null;
  baselineAccuracyNonCie: number | null;
}

export interface CieResult {
  isCie: Uint8Array;
  compressedModal: Int32Array;
  baselineModal: Int32Array;
  overall: CieGroup;
  byGroup: Record<string, CieGroup>;
}

/** The most frequent label per example over a population of prediction vectors. */
export function modalLabels(population: readonly ArrayLike<number>[]): Int32Array {
  if (population.length === 0) throw new Error('a population needs at least one model');
  const n = population[0].length;
  if (population.some((p) => p.length !== n))
    throw new Error('the models of a population predict different numbers of examples');
  const modal = new Int32Array(n);
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    counts.clear();
    for (const p of population) counts.set(p[i], (counts.get(p[i]) ?? 0) + 1);
    let best = -1;
    let bestCount = 0;
    for (const [label, count] of counts)
      if (count > bestCount || (count === bestCount && label < best)) [best, bestCount] = [label, count];
    modal[i] = best;
  }
  return modal;
}

function meanAccuracy(
  population: readonly ArrayLike<number>[],
  yTrue: ArrayLike<number>,
  rows: number[],
): number | null {
  if (rows.length === 0) return null;
  let correct = 0;
  for (const p of population) for (const i of rows) if (p[i] === yTrue[i]) correct++;
  return correct / (rows.length * population.length);
}

export function compressionIdentifiedExemplars(input: {
  baseline: readonly ArrayLike<number>[];
  compressed: readonly ArrayLike<number>[];
  yTrue: ArrayLike<number>;
  /** Group per example ('' = unknown: counted overall only). */
  groups: readonly string[];
}): CieResult {
  const baselineModal = modalLabels(input.baseline);
  const compressedModal = modalLabels(input.compressed);
  const n = baselineModal.length;
  if (compressedModal.length !== n || input.yTrue.length !== n || input.groups.length !== n)
    throw new Error('baseline, compressed, labels and groups differ in length');
  const isCie = Uint8Array.from(baselineModal, (b, i) => (b !== compressedModal[i] ? 1 : 0));
  const summarise = (rows: number[]): CieGroup => {
    const cies = rows.filter((i) => isCie[i]);
    const others = rows.filter((i) => !isCie[i]);
    return {
      count: rows.length,
      cie: cies.length,
      fraction: rows.length > 0 ? cies.length / rows.length : 0,
      accuracyCie: meanAccuracy(input.compressed, input.yTrue, cies),
      accuracyNonCie: meanAccuracy(input.compressed, input.yTrue, others),
      baselineAccuracyCie: meanAccuracy(input.baseline, input.yTrue, cies),
      baselineAccuracyNonCie: meanAccuracy(input.baseline, input.yTrue, others),
    };
  };
  const rowsOf = new Map<string, number[]>();
  input.groups.forEach((g, i) => {
    if (g === '') return;
    if (!rowsOf.has(g)) rowsOf.set(g, []);
    rowsOf.get(g)!.push(i);
  });
  return {
    isCie,
    compressedModal,
    baselineModal,
    overall: summarise(Array.from({ length: n }, (_, i) => i)),
    byGroup: Object.fromEntries(
      [...rowsOf].sort(([a], [b]) => a.localeCompare(b)).map(([g, rows]) => [g, summarise(rows)]),
    ),
  };
}
