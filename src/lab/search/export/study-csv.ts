/**
 * A study as CSV, one row per trial, with column names after Optuna's `trials_dataframe`
 * (`number`, `state`, `values_<objective>`, `params_<name>`, `user_attrs_<key>`), plus the
 * budget reached, the objectives at every budget (`values_<objective>@<budget>`), feasibility
 * and the constraint values. Object-valued user attrs are written as JSON.
 */
import { CONSTRAINTS_KEY, isFeasible, latestValues, type FrozenTrial } from '../frozen-trial';
import type { StudyRecord } from '../storage/ops';
import { toCsv } from '../../util/csv';

export function toStudyCsv(study: StudyRecord, trials: readonly FrozenTrial[]): string {
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const attrs = [...new Set(trials.flatMap((t) => Object.keys(t.userAttrs)))].sort();
  const budgets = [...new Set(trials.flatMap((t) => t.results.map((r) => r.budget)))].sort((a, b) => a - b);
  const header = [
    'number',
    'lab_id',
    'state',
    'budget',
    ...study.objectives.map((o) => `values_${o}`),
    'feasible',
    'constraints',
    ...params.map((p) => `params_${p}`),
    ...budgets.flatMap((b) => study.objectives.map((o) => `values_${o}@${b}`)),
    ...attrs.map((a) => `user_attrs_${a}`),
  ];
  const cell = (v: unknown) =>
    v === undefined ? '' : typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
  const rows = trials.map((t) => {
    const latest = latestValues(t);
    return [
      t.number,
      t.id,
      t.state,
      latest?.budget ?? '',
      ...study.objectives.map((_, k) => latest?.values[k] ?? ''),
      isFeasible(t),
      cell(t.systemAttrs[CONSTRAINTS_KEY]),
      ...params.map((p) => cell(t.params[p])),
      ...budgets.flatMap((b) => {
        const r = t.results.find((x) => x.budget === b);
        return study.objectives.map((_, k) => r?.values?.[k] ?? '');
      }),
      ...attrs.map((a) => cell(t.userAttrs[a])),
    ];
  });
  return toCsv(header, rows);
}
