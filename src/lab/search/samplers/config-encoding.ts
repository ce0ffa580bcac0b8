/**
 * A configuration as the surrogate's feature vector: parameters in name order; a categorical
 * one-hot over its choices (all zeros when inactive), a float or int at its position in [0, 1]
 * (log-scaled where `log`), −1 when inactive. SMAC also imputes inactive conditionals with a
 * value outside the active range so a tree can split them off.
 */
import type { Distribution, ParamValue } from '../distributions';
import { choiceEqual } from '../distributions';
import { toUnit } from '../unit-space';

export interface EncodingLayout {
  names: string[];
  distributions: Distribution[];
  width: number;
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
  const width = distributions.reduce((w, d) => w + (d.type === 'categorical' ? d.choices.length : 1), 0);
  return { names, distributions, width };
}

export function encode(layout: EncodingLayout, params: Readonly<Record<string, ParamValue>>): number[] {
  const row: number[] = [];
  layout.names.forEach((name, i) => {
    const d = layout.distributions[i];
    const active = name in params;
    if (d.type === 'categorical') {
      for (const c of d.choices) row.push(active && choiceEqual(c, params[name]) ? 1 : 0);
    } else row.push(active ? toUnit(d, params[name] as number) : -1);
  });
  return row;
}
