import { useState } from 'react';
import type { ClassificationReport } from '../../lab/fairness/report';
import type { OvrRateName } from '../../lab/fairness/table';
import { balancedAccuracyByGroup, classRateRows, macroDisparities } from './class-rates';

const RATES: { name: OvrRateName; label: string; means: string }[] = [
  { name: 'tpr', label: 'TPR', means: 'share of the class’s images predicted as that class (its accuracy)' },
  { name: 'fpr', label: 'FPR', means: 'share of other classes’ images wrongly predicted as this class' },
  { name: 'precision', label: 'precision', means: 'share of predictions of this class that are right' },
  { name: 'selection_rate', label: 'selection rate', means: 'share of all images predicted as this class' },
];

const MACRO_NAMES: Record<string, string> = {
  macro_tpr_difference: 'macro TPR difference (mean over classes of max − min)',
  worst_class_tpr_difference: 'worst-class TPR difference',
  macro_equalized_odds_difference: 'macro equalized-odds difference',
  macro_demographic_parity_difference: 'macro demographic-parity difference',
  balanced_accuracy_difference: 'balanced-accuracy difference (max − min of the macro TPR row)',
};

const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/**
 * A multiclass target per class and group, one-vs-rest (each class positive, the rest negative):
 * a rate per cell, the gap per class, each group's macro TPR (balanced accuracy), and the macro
 * disparities (unweighted means over classes, as scikit-learn's average='macro').
 */
export function PerClassTable({ report }: { report: ClassificationReport }) {
  const [rate, setRate] = useState<OvrRateName>('tpr');
  const rows = classRateRows(report, rate);
  const groups = report.meta.groups;
  const balanced = balancedAccuracyByGroup(report);
  const macro = macroDisparities(report);
  const chosen = RATES.find((r) => r.name === rate)!;
  const hasUndefined = rows.some((r) => Object.values(r.byGroup).some((v) => v === null));
  return (
    <div className="per-class" data-testid="per-class">
      <h3>Per class (one-vs-rest)</h3>
      <div className="row">
        <label>
          rate
          <select
            value={rate}
            onChange={(e) => setRate(e.target.value as OvrRateName)}
            data-testid="class-rate"
          >
            {RATES.map((r) => (
              <option key={r.name} value={r.name}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {chosen.label}: {chosen.means}
        </span>
      </div>
      <table className="table" data-testid="per-class-table">
        <thead>
          <tr>
            <th>class</th>
            {groups.map((g) => (
              <th key={g}>{g}</th>
            ))}
            <th>overall</th>
            <th>max − min</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.cls} data-testid={`class-row-${r.cls}`}>
              <td>{r.cls}</td>
              {groups.map((g) => (
                <td key={g}>{fmt(r.byGroup[g])}</td>
              ))}
              <td>{fmt(r.overall)}</td>
              <td>{fmt(r.difference)}</td>
            </tr>
          ))}
          {rate === 'tpr' && (
            <tr data-testid="class-row-macro">
              <td>
                <em>macro (balanced accuracy)</em>
              </td>
              {groups.map((g) => (
                <td key={g}>{fmt(balanced[g])}</td>
              ))}
              <td />
              <td>{fmt(macro.balanced_accuracy_difference)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {hasUndefined && (
        <p className="muted" data-testid="per-class-undefined">
          — : undefined (0/0) — the group has no image of that class, or no prediction of it.
        </p>
      )}
      <table className="table" data-testid="macro-disparities">
        <thead>
          <tr>
            <th>disparity over classes</th>
            <th>value</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(macro).map(([name, value]) => (
            <tr key={name} data-testid={`macro-${name}`}>
              <td>{MACRO_NAMES[name] ?? name}</td>
              <td>{fmt(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
