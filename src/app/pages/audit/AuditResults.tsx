import { useRef, useState } from 'react';
import type { ClassificationAuditReport, IdentificationAuditReport } from '../../../lab/audit/report';
import { groupings, isIdentification, largestGaps, type Gap } from '../../../lab/audit/report-table';
import type { AuditOutcome } from '../../../worker/api/audit';
import { GroupMetricsPanel } from '../../components/GroupMetricsPanel';
import { downloadFile } from '../../download';
import { chartPng } from './chart-png';
import { OverallResults } from './OverallResults';

const METRIC_WORDS: Record<string, string> = {
  accuracy: 'Accuracy',
  selection_rate: 'Selection rate',
  tpr: 'True positive rate',
  fpr: 'False positive rate',
  precision: 'Precision',
  roc_auc: 'ROC-AUC',
};

const f3 = (x: number) => x.toFixed(3);

/** "Accuracy ranges from 0.812 for black (n = 40) to 0.950 for white (n = 40): a gap of 0.138 [0.02, 0.27]." */
export function gapSentence(gap: Gap): string {
  const ci = gap.interval
    ? ` (95% CI of the difference [${f3(gap.interval[0])}, ${f3(gap.interval[1])}])`
    : '';
  return (
    `${METRIC_WORDS[gap.metric] ?? gap.metric} ranges from ${f3(gap.low.value)} for ${gap.low.group} ` +
    `(n = ${gap.low.count}) to ${f3(gap.high.value)} for ${gap.high.group} (n = ${gap.high.count}): ` +
    `a gap of ${f3(gap.gap)}${ci}.`
  );
}

function fileBase(report: ClassificationAuditReport | IdentificationAuditReport): string {
  const model = report.model?.name ?? 'predictions';
  const clean = (s: string) => s.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '');
  return `audit-${clean(model)}-${clean(report.dataset.name)}-${clean(report.dataset.target)}`;
}

/** The audit's outcome: what was audited, the largest gaps in words, per-group panels, downloads. */
export function AuditResults({ outcome }: { outcome: AuditOutcome }) {
  const { report } = outcome;
  const chartRef = useRef<HTMLDivElement>(null);
  const [pngError, setPngError] = useState<string | null>(null);
  const base = fileBase(report);
  const noGroups = report.group_attributes.length === 0;
  const groupsLabel = report.group_attributes.join(' × ');

  const savePng = async () => {
    if (!chartRef.current) return;
    try {
      const metric =
        chartRef.current.querySelector('[data-testid="group-metrics-chart"]')?.getAttribute('data-metric') ??
        'accuracy';
      const ci = report.ci ? ` (${Math.round(report.ci.level * 100)}% bootstrap CIs)` : '';
      const title = `${report.model?.name ?? report.dataset.name}: ${report.dataset.target} ${metric} by ${groupsLabel}${ci}`;
      downloadFile(`${base}-chart.png`, await chartPng(chartRef.current, title), 'image/png');
      setPngError(null);
    } catch (error) {
      setPngError((error as Error).message);
    }
  };

  return (
    <div className="page audit-results" data-testid="audit-results">
      <div className="card">
        <h2>Results</h2>
        <p data-testid="audit-summary">
          <strong data-testid="audit-n">{report.dataset.n_audited}</strong> images of{' '}
          <strong>{report.dataset.name}</strong> (split {report.dataset.split}) audited for{' '}
          <strong>{report.dataset.target}</strong>{' '}
          {noGroups ? (
            <span data-testid="audit-no-groups-summary">
              with no groups given (overall and per class only)
            </span>
          ) : (
            <>
              by <strong>{groupsLabel}</strong>
            </>
          )}
          {report.model ? ` with ${report.model.name}` : ''}; {report.n_filtered} filtered out,{' '}
          {report.n_skipped} skipped{report.backend ? ` · backend ${report.backend}` : ''}.
          {report.filters.length > 0 && (
            <>
              {' '}
              Filters:{' '}
              {report.filters.map((f) => (
                <code key={f}>{f} </code>
              ))}
            </>
          )}
        </p>
        {isIdentification(report) ? null : <Gaps report={report} />}
        <div className="row downloads" data-testid="audit-downloads">
          <button
            type="button"
            onClick={() => downloadFile(`${base}.json`, outcome.reportJson, 'application/json')}
            data-testid="download-report-json"
          >
            Report (JSON)
          </button>
          <button
            type="button"
            onClick={() => downloadFile(`${base}-groups.csv`, outcome.reportCsv, 'text/csv')}
            data-testid="download-report-csv"
          >
            Per-group table (CSV)
          </button>
          <button
            type="button"
            onClick={() => downloadFile(`${base}.md`, outcome.markdown, 'text/markdown')}
            data-testid="download-markdown"
          >
            Model-card section (Markdown)
          </button>
          <button
            type="button"
            onClick={() => downloadFile(`${base}-predictions.csv`, outcome.predictionsCsv, 'text/csv')}
            data-testid="download-predictions"
          >
            Predictions (CSV)
          </button>
          {!isIdentification(report) && !noGroups && (
            <button type="button" onClick={() => void savePng()} data-testid="download-png">
              Chart (PNG)
            </button>
          )}
        </div>
        {pngError && <p className="error">{pngError}</p>}
      </div>
      {isIdentification(report) ? (
        <IdentificationTable report={report} />
      ) : noGroups ? (
        <OverallResults report={report} />
      ) : (
        <>
          <div ref={chartRef} data-testid="audit-panel-main">
            <GroupMetricsPanel
              report={report}
              title={`${report.dataset.target} by ${groupsLabel}${report.ci ? ` (${Math.round(report.ci.level * 100)}% bootstrap CIs, B = ${report.ci.replicates})` : ''}`}
            />
          </div>
          {Object.entries(report.by_attribute ?? {}).map(([name, sub]) => (
            <div key={name} data-testid={`audit-panel-${name}`}>
              <GroupMetricsPanel report={sub} title={`${report.dataset.target} by ${name} alone`} />
            </div>
          ))}
        </>
      )}
      <details className="card">
        <summary>Model-card section (Markdown)</summary>
        <pre className="markdown" data-testid="audit-markdown">
          {outcome.markdown}
        </pre>
      </details>
    </div>
  );
}

function Gaps({ report }: { report: ClassificationAuditReport }) {
  const tables = groupings(report);
  // Accuracy's gap always, then the largest others.
  const pick = (all: Gap[], n: number) => {
    const accuracy = all.filter((g) => g.metric === 'accuracy');
    return [...accuracy, ...all.filter((g) => g.metric !== 'accuracy')].slice(0, n);
  };
  const gaps = tables.flatMap((t, i) => pick(largestGaps(t, 10), i === 0 ? 3 : 1));
  if (report.group_attributes.length === 0)
    return <p className="muted">No groups given: no gaps between groups to compare.</p>;
  if (gaps.length === 0) return <p className="muted">Only one group: no gaps to compare.</p>;
  return (
    <div data-testid="audit-gaps">
      <h3>Largest gaps</h3>
      <ul>
        {gaps.map((g) => (
          <li key={`${g.grouping}-${g.metric}`}>
            {tables.length > 1 && <span className="muted">{g.grouping.replace(/\|/g, ' × ')}: </span>}
            {gapSentence(g)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function IdentificationTable({ report }: { report: IdentificationAuditReport }) {
  const ci = report.ci;
  const fmtCi = (v: [number, number] | null | undefined) => (v ? `[${f3(v[0])}, ${f3(v[1])}]` : '');
  return (
    <div className="card" data-testid="identification-panel">
      <h2>Identification by {report.group_attributes.join(' × ')} (leave-one-out nearest neighbour)</h2>
      <table className="table">
        <thead>
          <tr>
            <th>group</th>
            <th>n</th>
            <th>rank-1 accuracy</th>
            {ci && <th>CI</th>}
            <th>mean rank</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.by_group).map(([group, g]) => (
            <tr key={group} data-testid={`group-row-${group}`}>
              <td>{group}</td>
              <td>{g.count}</td>
              <td>{f3(g.acc)}</td>
              {ci && <td>{fmtCi(ci.by_group[group]?.acc)}</td>}
              <td>{g.mean_rank.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table">
        <tbody>
          {(['error', 'disparity', 'ratio', 'rank_disparity', 'rank_ratio', 'error_ratio'] as const).map(
            (name) => (
              <tr key={name}>
                <th>{name}</th>
                <td>{report[name] === null ? '—' : f3(report[name] as number)}</td>
                {ci && <td>{fmtCi(ci.metrics[name])}</td>}
              </tr>
            ),
          )}
        </tbody>
      </table>
      {report.excluded > 0 && (
        <p className="muted">
          {report.excluded} probes had no other image of their identity and were left out.
        </p>
      )}
    </div>
  );
}
