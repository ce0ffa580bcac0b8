import { useMemo } from 'react';
import type { DatasetManifest } from '../../../lab/data/types';
import type { RunRecord } from '../../../lab/runs/types';
import { AccuracyDisparityScatter } from '../../components/AccuracyDisparityScatter';
import { metricLabel } from '../../components/metric-labels';
import { distinctRunNames } from '../../components/run-names';
import type { ChartAxes } from '../../url-state';
import { RunDetails } from './RunDetails';

/** The disparities the runs have, for the x-axis select. */
function disparityOptions(runs: RunRecord[], current: string): string[] {
  const names = new Set<string>([current]);
  for (const run of runs)
    for (const key of Object.keys(run.objectives)) if (key !== 'error' && key !== 'accuracy') names.add(key);
  return [...names];
}

/** Step 3: every trained model on the error/accuracy-vs-disparity plane, and the chosen one per group. */
export function ResultsSection({
  runs,
  datasets,
  shown,
  axes,
  onAxes,
  onSelect,
  onDelete,
  onRename,
}: {
  runs: RunRecord[];
  /** The stored datasets, for their current names (a run keeps the name it was trained under). */
  datasets: DatasetManifest[];
  shown: RunRecord | null;
  axes: ChartAxes;
  onAxes(axes: ChartAxes): void;
  onSelect(id: string): void;
  onDelete(id: string): void;
  onRename(id: string, label: string): Promise<void>;
}) {
  const names = useMemo(() => {
    const datasetNames = new Map(datasets.map((d) => [d.id, d.name]));
    const nameOf = (run: RunRecord) => datasetNames.get(run.datasetId) ?? run.datasetName;
    return { runs: distinctRunNames(runs, nameOf), datasets: datasetNames, datasetOf: nameOf };
  }, [runs, datasets]);
  return (
    <div className="card">
      <h2>3 · Results</h2>
      {runs.length === 0 ? (
        <p className="muted">No trained models yet. Each trained model appears here as one point.</p>
      ) : (
        <>
          <div className="row">
            <label>
              x axis
              <select
                value={axes.x}
                onChange={(e) => onAxes({ ...axes, x: e.target.value })}
                data-testid="axis-x"
              >
                {disparityOptions(runs, axes.x).map((name) => (
                  <option key={name} value={name}>
                    {metricLabel(name)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              y axis
              <select
                value={axes.y}
                onChange={(e) => onAxes({ ...axes, y: e.target.value as ChartAxes['y'] })}
                data-testid="axis-y"
              >
                <option value="accuracy">accuracy</option>
                <option value="error">error</option>
              </select>
            </label>
          </div>
          <AccuracyDisparityScatter
            runs={runs}
            axes={axes}
            selected={shown?.id ?? null}
            onSelect={onSelect}
            names={names}
          />
          <div className="run-list" role="list" aria-label="trained runs">
            {runs.map((run) => (
              <button
                key={run.id}
                type="button"
                role="listitem"
                className={run.id === shown?.id ? 'link selected' : 'link'}
                onClick={() => onSelect(run.id)}
                data-testid="run-item"
              >
                {names.runs.get(run.id)}
              </button>
            ))}
          </div>
        </>
      )}
      {shown && (
        <RunDetails
          key={shown.id}
          run={shown}
          name={names.runs.get(shown.id) ?? shown.id}
          datasetName={names.datasetOf(shown)}
          disparity={axes.x}
          onDelete={() => onDelete(shown.id)}
          onRename={(label) => onRename(shown.id, label)}
        />
      )}
    </div>
  );
}
