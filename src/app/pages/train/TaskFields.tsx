import type { DatasetManifest } from '../../../lab/data/types';
import type { ExperimentState } from '../../url-state';
import { groupChoices, resolvedGroup, taskChoices, withTarget } from './task-choices';

interface Props {
  experiment: ExperimentState;
  onExperiment(update: (e: ExperimentState) => ExperimentState): void;
  dataset: DatasetManifest | null;
}

/** What to learn (the target, and so the task) and which groups to compare, from the dataset's attributes. */
export function TaskFields({ experiment, onExperiment, dataset }: Props) {
  const target = experiment.train.target;
  if (!dataset) {
    return (
      <div className="row">
        <label>
          Task
          <select value={target} disabled data-testid="task">
            <option value={target}>{target}</option>
          </select>
        </label>
        <span className="muted">
          The task and groups come from the dataset: generate or choose one above.
        </span>
      </div>
    );
  }
  const choices = taskChoices(dataset);
  const known = choices.some((c) => c.target === target);
  const groups = groupChoices(dataset, target);
  const group = resolvedGroup(dataset, experiment.train);
  return (
    <div className="row">
      <label title="The attribute the model learns to predict (identity: who it is, by embeddings)">
        Task
        <select
          value={known ? target : ''}
          onChange={(e) => onExperiment((x) => withTarget(x, e.target.value))}
          data-testid="task"
        >
          {!known && <option value="">choose: “{target}” is not in this dataset</option>}
          {choices.map((c) => (
            <option key={c.target} value={c.target}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label title="The sensitive attribute whose groups are compared">
        Groups
        <select
          value={group ?? ''}
          onChange={(e) =>
            onExperiment((x) => ({ ...x, train: { ...x.train, groupAttribute: e.target.value } }))
          }
          data-testid="group-attribute"
          disabled={groups.length === 0}
        >
          {group === undefined && <option value="">{groups.length ? 'choose' : 'none for this task'}</option>}
          {groups.map((g) => (
            <option key={g} value={g}>
              {g} ({dataset.categorical.find((a) => a.name === g)?.values.join(' / ')})
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
