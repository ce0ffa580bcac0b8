import type { DatasetManifest } from '../../../lab/data/types';
import { isMarginHead, DEFAULT_HEADS } from '../../../lab/models/heads/spec';
import type { ExperimentState } from '../../url-state';
import { taskForTarget } from '../../url-state';
import { groupChoices, taskChoices } from './task-choices';

interface Props {
  experiment: ExperimentState;
  onExperiment(update: (e: ExperimentState) => ExperimentState): void;
  dataset: DatasetManifest | null;
}

/** What to learn (the target, and so the task) and which groups to compare. */
export function TaskFields({ experiment, onExperiment, dataset }: Props) {
  const choices = dataset ? taskChoices(dataset) : [];
  const target = experiment.train.target;
  const known = choices.some((c) => c.target === target);
  const groups = dataset ? groupChoices(dataset, target) : [];
  const setTarget = (next: string) =>
    onExperiment((e) => {
      const task = taskForTarget(next);
      const margin = isMarginHead(DEFAULT_HEADS[e.head]);
      const head = task === 'identification' ? (margin ? e.head : 'cosface') : 'softmax';
      const x = task === 'identification' ? 'rank_disparity' : 'accuracy_difference';
      return {
        ...e,
        head,
        train: { ...e.train, target: next, task, groupAttribute: undefined },
        axes: { ...e.axes, x },
      };
    });
  return (
    <div className="row">
      <label>
        Task
        <select value={known ? target : ''} onChange={(e) => setTarget(e.target.value)} data-testid="task">
          {!known && <option value="">{target} (not in this dataset)</option>}
          {choices.map((c) => (
            <option key={c.target} value={c.target}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Groups
        <select
          value={experiment.train.groupAttribute ?? groups[0] ?? ''}
          onChange={(e) =>
            onExperiment((x) => ({ ...x, train: { ...x.train, groupAttribute: e.target.value } }))
          }
          data-testid="group-attribute"
          disabled={groups.length === 0}
        >
          {groups.length === 0 && <option value="">none</option>}
          {groups.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
