/**
 * AIF360's signed view against one privileged group: unprivileged − privileged, where the
 * unprivileged group is every other group pooled (their confusion cells summed). Pure and
 * dependency-free, so the app can recompute it for any privileged group from a report.
 */
import type { BinaryCells } from './confusion';
import type { Rate } from './table';
import { ovrRates } from './table';

export const AIF360_NAMES = [
  'statistical_parity_difference',
  'disparate_impact',
  'equal_opportunity_difference',
  'average_odds_difference',
  'average_abs_odds_difference',
] as const;
export type Aif360Name = (typeof AIF360_NAMES)[number];

export type Aif360Metrics = Record<Aif360Name, Rate> & { privileged_group: string };

const minus = (a: Rate, b: Rate): Rate => (a === null || b === null ? null : a - b);

/** Signed metrics from per-group one-vs-rest cells (MetricTable.confusion / report.confusion). */
export function aif360Metrics(confusion: Record<string, BinaryCells>, privileged: string): Aif360Metrics {
  const cells = confusion[privileged];
  if (!cells)
    throw new Error(`privileged group "${privileged}" is not one of: ${Object.keys(confusion).join(', ')}`);
  const others: BinaryCells = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const [group, c] of Object.entries(confusion)) {
    if (group === privileged) continue;
    others.tp += c.tp;
    others.fp += c.fp;
    others.tn += c.tn;
    others.fn += c.fn;
  }
  const p = ovrRates(cells);
  const u = ovrRates(others);
  const dTpr = minus(u.tpr, p.tpr);
  const dFpr = minus(u.fpr, p.fpr);
  const bothOdds = dTpr !== null && dFpr !== null;
  return {
    privileged_group: privileged,
    statistical_parity_difference: minus(u.selection_rate, p.selection_rate),
    disparate_impact:
      u.selection_rate !== null && p.selection_rate ? u.selection_rate / p.selection_rate : null,
    equal_opportunity_difference: dTpr,
    average_odds_difference: bothOdds ? 0.5 * (dFpr + dTpr) : null,
    average_abs_odds_difference: bothOdds ? 0.5 * (Math.abs(dFpr) + Math.abs(dTpr)) : null,
  };
}
