import { CONSTRAINTS, type Constraint } from '../../../lab/mitigation/threshold-optimizer';
import { MITIGATION_METHODS, type MitigationMethod, type MitigationSpec } from '../../../lab/mitigation/spec';
import type { DatasetManifest } from '../../../lab/data/types';
import type { ExperimentState } from '../../url-state';

interface Props {
  experiment: ExperimentState;
  onExperiment(update: (e: ExperimentState) => ExperimentState): void;
  dataset: DatasetManifest | null;
}

/** Why a method does not fit the task (null: it does). */
export function mitigationProblem(
  method: MitigationMethod,
  experiment: ExperimentState,
  dataset: DatasetManifest | null,
): string | null {
  const identification = experiment.train.task === 'identification';
  if ((method === 'flipped' || method === 'angular') && !identification)
    return 'FR-NAS’s flipped labels and angular margins act on identities: choose the identity task';
  if (method === 'angular' && experiment.head !== 'cosface')
    return 'angular margins are CosFace margins: choose the CosFace head';
  if (method === 'threshold') {
    if (identification) return 'threshold post-processing needs a binary classification task';
    const classes = dataset?.categorical.find((a) => a.name === experiment.train.target)?.values.length;
    if (classes !== undefined && classes !== 2)
      return `threshold post-processing needs a binary target ("${experiment.train.target}" has ${classes} classes)`;
  }
  return null;
}

/** A bias-mitigation method for this run (issue 14): FR-NAS's three, reweighing, balanced sampling, thresholds. */
export function MitigationFields({ experiment, onExperiment, dataset }: Props) {
  const spec = experiment.train.mitigation ?? { method: 'none' };
  const set = (mitigation: MitigationSpec) =>
    onExperiment((e) => ({
      ...e,
      train: { ...e.train, mitigation: mitigation.method === 'none' ? undefined : mitigation },
    }));
  const problem = spec.method === 'none' ? null : mitigationProblem(spec.method, experiment, dataset);
  return (
    <div className="row">
      <label>
        Mitigation
        <select
          value={spec.method}
          onChange={(e) => {
            const method = e.target.value as MitigationMethod;
            set(
              method === 'threshold'
                ? { method, constraint: 'equalized_odds' }
                : ({ method } as MitigationSpec),
            );
          }}
          data-testid="mitigation"
        >
          {MITIGATION_METHODS.map((m) => (
            <option
              key={m.method}
              value={m.method}
              disabled={m.method !== 'none' && mitigationProblem(m.method, experiment, dataset) !== null}
            >
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {spec.method === 'threshold' && (
        <label>
          Constraint
          <select
            value={spec.constraint}
            onChange={(e) => set({ ...spec, constraint: e.target.value as Constraint })}
            data-testid="mitigation-constraint"
          >
            {CONSTRAINTS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      {problem && (
        <span className="warning" data-testid="mitigation-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
