import type { Evaluation } from '../../../lab/eval/evaluation';
import { FRNAS_EDGES, frnasOp } from '../../../lab/models/families/frnas-ops';
import type { FrozenTrial, IntermediateValue } from '../../../lab/search/frozen-trial';
import { EpochObjectivesChart } from '../../components/EpochObjectivesChart';
import { GroupMetricsPanel } from '../../components/GroupMetricsPanel';
import { IdentificationPanel } from '../../components/IdentificationPanel';
import { metricLabel } from '../../components/metric-labels';
import { DEFAULT_FLIP_FRACTION } from '../../../lab/mitigation/flipped-labels';
import {
  DEFAULT_ADVERSARIAL,
  DEFAULT_ANGULAR,
  MITIGATION_METHODS,
  type MitigationSpec,
} from '../../../lab/mitigation/spec';
import { baselineLabel, mitigationOf } from './study-points';

/** The method in words with every parameter it trained with (the defaults filled in). */
function mitigationDescription(spec: MitigationSpec): string {
  const label = MITIGATION_METHODS.find((m) => m.method === spec.method)?.label ?? spec.method;
  const settings: Record<string, unknown> =
    spec.method === 'flipped'
      ? { fraction: spec.fraction ?? DEFAULT_FLIP_FRACTION }
      : spec.method === 'angular'
        ? { ...DEFAULT_ANGULAR, ...spec }
        : spec.method === 'adversarial'
          ? { ...DEFAULT_ADVERSARIAL, ...spec }
          : { ...spec };
  delete settings.method;
  const text = Object.entries(settings)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  return text ? `${label}: ${text}` : label;
}

interface Props {
  trial: FrozenTrial;
  baseline: boolean;
  objectives: string[];
  intermediate: IntermediateValue[];
  dominatedBy: number[] | null;
  busy: string | null;
  error: string | null;
  onExport(): void;
  onCompress(): void;
  onClose(): void;
}

const fmt = (v: unknown) =>
  typeof v === 'number' ? (Math.abs(v) < 0.01 ? v.toExponential(2) : String(+v.toFixed(4))) : String(v);

/** A trial's architecture in words: FR-NAS's edges with their ops' names, then the other parameters. */
function Architecture({ trial }: { trial: FrozenTrial }) {
  const p = trial.params;
  const edges = FRNAS_EDGES.filter((e) => p[e.name] !== undefined);
  const rest = Object.entries(p).filter(([k]) => !edges.some((e) => e.name === k));
  const mitigation = mitigationOf(trial);
  return (
    <table className="trial-architecture" data-testid="trial-architecture">
      <tbody>
        {edges.map((e) => (
          <tr key={e.name}>
            <th>
              {e.name} ({e.module})
            </th>
            <td>
              op {String(p[e.name])}: {frnasOp(Number(p[e.name])).label}
            </td>
          </tr>
        ))}
        {rest.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{fmt(v)}</td>
          </tr>
        ))}
        {typeof trial.userAttrs.parameter_count === 'number' && (
          <tr>
            <th>parameters</th>
            <td data-testid="trial-parameters">{trial.userAttrs.parameter_count.toLocaleString('en-US')}</td>
          </tr>
        )}
        {mitigation && (
          <tr>
            <th>mitigation</th>
            <td data-testid="trial-mitigation">{mitigationDescription(mitigation)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Validation objectives per epoch; a promoted trial's later rungs continue its epochs. */
function epochsOf(intermediate: IntermediateValue[], objectives: string[]) {
  const byEpoch = new Map<number, IntermediateValue>();
  for (const v of intermediate) byEpoch.set(v.epoch, v);
  return [...byEpoch.values()].map((v) => ({
    epoch: v.epoch,
    objectives: Object.fromEntries(objectives.map((name, i) => [name, v.values[i]])),
  }));
}

/** One trial, opened from the scatter: what it is, how it did per group and per epoch, and its model. */
export function TrialDetail(props: Props) {
  const { trial, baseline, objectives, intermediate, dominatedBy, busy, error } = props;
  const title = baselineLabel(trial) ?? `Trial ${trial.number}`;
  const evaluation = trial.userAttrs.test_evaluation as Evaluation | undefined;
  const epochs = epochsOf(intermediate, objectives);
  const canExport = trial.state === 'COMPLETE' && trial.checkpointBudget !== undefined;
  return (
    <div
      className="trial-detail"
      data-testid="trial-detail"
      data-trial={trial.number}
      data-baseline={baseline || undefined}
    >
      <h3>
        <span data-testid="trial-title">{title}</span>{' '}
        <span className="muted">
          · {trial.state.toLowerCase()}
          {trial.results.length > 0 && ` · budgets ${trial.results.map((r) => r.budget).join(' → ')} epochs`}
        </span>
        <button type="button" className="link-button" onClick={props.onClose} data-testid="trial-close">
          close
        </button>
      </h3>
      <Architecture trial={trial} />
      <ul className="trial-results" data-testid="trial-results">
        {trial.results.map((r) => (
          <li key={r.budget}>
            {r.budget} epochs: {r.state.toLowerCase()}
            {r.values &&
              ` — ${objectives.map((o, i) => `${metricLabel(o)} ${fmt(r.values![i])}`).join(', ')}`}
            {r.reason && ` (${r.reason})`}
          </li>
        ))}
      </ul>
      {dominatedBy && (
        <p data-testid="trial-dominance">
          {dominatedBy.length === 0
            ? 'No searched trial dominates this baseline.'
            : `Dominated by searched trial${dominatedBy.length === 1 ? '' : 's'} ${dominatedBy.join(', ')}.`}
        </p>
      )}
      {epochs.length > 0 && <EpochObjectivesChart epochs={epochs} disparity={objectives[1]} />}
      {evaluation?.kind === 'classification' && (
        <GroupMetricsPanel report={evaluation.report} title={`Test split, by ${evaluation.groupAttribute}`} />
      )}
      {evaluation?.kind === 'identification' && (
        <IdentificationPanel
          report={evaluation.report}
          title={`Test split, by ${evaluation.groupAttribute}`}
        />
      )}
      <div className="actions">
        <button
          type="button"
          onClick={props.onExport}
          disabled={!canExport || busy !== null}
          data-testid="trial-export"
        >
          {busy === 'export' ? 'Exporting…' : 'Export model'}
        </button>
        <button
          type="button"
          onClick={props.onCompress}
          disabled={!canExport || busy !== null}
          data-testid="trial-compress"
        >
          {busy === 'compress' ? 'Saving…' : 'Compress this model'}
        </button>
        {!canExport && (
          <span className="muted"> Its weights are kept once it completes at the full budget.</span>
        )}
      </div>
      {error && (
        <p className="error" role="alert" data-testid="trial-action-error">
          {error}
        </p>
      )}
    </div>
  );
}
