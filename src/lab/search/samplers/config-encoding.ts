/**
 * A configuration as the surrogate's feature vector, as SMAC3 encodes it for its random forest:
 * one feature per parameter in name order; a categorical as its choice index (the forest splits
 * it as a category, `categories` says how many there are, and an inactive one is its own extra
 * category), a float or int at its position in [0, 1] (log-scaled where `log`), −1 when inactive
 * (SMAC also imputes inactive conditionals outside the active range, so a split sets them apart).
 */
import type { Distribution, ParamValue } from '../distributions';
import { choiceEqual } from '../distributions';
import { toUnit } from '../unit-space';

export interface EncodingLayout {
  names: string[];
  distributions: Distribution[];
  /** Per feature: the number of categories (choices + 1 for inactive), or 0 for a numeric feature. */
  categories: number[];
}

/** The union of the parameters seen (first distribution seen for each name). */
export function encodingLayout(
  configs: Iterable<{ distributions: Readonly<Record<string, Distribution>> }>,
): EncodingLayout {
  const seen = new Map<string, Distribution>();
  for (const c of configs)
    for (const [name, d] of Object.entries(c.distributions)) if (!seen.has(name)) seen.set(name, d);
  const names = [...seen.keys()].sort();
  const distributions = names.map((n) => seen.get(n)!);
  const categories = distributions.map((d) => (d.type === 'categorical' ? d.choices.length + 1 : 0));
  return { names, distributions, categories };
}

export function encode(layout: EncodingLayout, params: Readonly<Record<string, ParamValue>>): number[] {
  return layout.names.map((name, i) => {
    const d = layout.distributions[i];
    const active = name in params;
    if (d.type === 'categorical') {
      const index = active ? d.choices.findIndex((c) => choiceEqual(c, params[name])) : -1;
      return index < 0 ? d.choices.length : index;
    }
    return active ? toUnit(d, params[name] as number) : -1;
  });
}
