import type { ClassificationAuditReport } from '../../../lab/audit/report';
import { CLASS_METRICS, classRows } from '../../../lab/audit/report-table';

const OVERALL_METRICS = [
  ['accuracy', 'accuracy'],
  ['tpr', 'TPR'],
  ['fpr', 'FPR'],
  ['precision', 'precision'],
  ['selection_rate', 'selection rate'],
  ['roc_auc', 'ROC-AUC'],
] as const;

const CLASS_LABELS: Record<(typeof CLASS_METRICS)[number], string> = {
  tpr: 'recall (class accuracy)',
  precision: 'precision',
  selection_rate: 'selection rate',
  fpr: 'FPR',
};

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));
const interval = (ci: [number, number] | null | undefined) => (ci ? ` [${fmt(ci[0])}, ${fmt(ci[1])}]` : '');

/** A report without groups: the overall metrics (with intervals) and each class one-vs-rest. */
export function OverallResults({ report }: { report: ClassificationAuditReport }) {
  const metrics = OVERALL_METRICS.filter(
    ([m]) => report.overall[m] !== null && report.overall[m] !== undefined,
  );
  const ci = report.ci?.overall;
  const classes = classRows(report);
  return (
    <div className="card" data-testid="audit-overall">
      <h2>
        {report.dataset.target}: overall
        {report.ci ? ` (${Math.round(report.ci.level * 100)}% bootstrap CIs)` : ''}
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th>n</th>
            {metrics.map(([m, label]) => (
              <th key={m}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr data-testid="overall-row">
            <td>{report.overall.count}</td>
            {metrics.map(([m]) => (
              <td key={m}>
                {fmt(report.overall[m])}
                {interval(ci?.[m])}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {classes.length > 0 && (
        <>
          <h3>Per class (one-vs-rest)</h3>
          <table className="table" data-testid="audit-classes">
            <thead>
              <tr>
                <th>class</th>
                {CLASS_METRICS.map((m) => (
                  <th key={m}>{CLASS_LABELS[m]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {classes.map(({ label, rates }) => (
                <tr key={label} data-testid={`class-row-${label}`}>
                  <td>{label}</td>
                  {CLASS_METRICS.map((m) => (
                    <td key={m}>{fmt(rates[m])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
