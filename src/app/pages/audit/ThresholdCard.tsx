import { GroupColumns } from './GroupColumns';
import { useEffect, useMemo, useState } from 'react';
import {
  CONSTRAINTS,
  OBJECTIVES,
  type Constraint,
  type FitSplit,
  type Objective,
} from '../../../lab/mitigation';
import { parseCsv } from '../../../lab/util/csv';
import type { AuditOutcome } from '../../../worker/api/audit';
import type { PostprocessOutcome } from '../../../worker/api/mitigation';
import { JobProgress } from '../../components/JobProgress';
import { useJob } from '../../hooks/useJob';
import { useLab } from '../../lab-session';
import { ThresholdResults } from './ThresholdResults';
import {
  loadResult,
  loadSettings,
  saveResult,
  saveSettings,
  type FitMode,
  type ThresholdSettings,
} from './threshold-state';

const FIXED = ['file', 'y_true', 'y_pred', 'score', 'sample_weight', 'split'];

interface ScoresSource {
  name: string;
  text: string;
  header: string[];
  /** Distinct y_true values. */
  labels: string[];
  /** Distinct values per column, for the split choice (first 50). */
  values: Record<string, string[]>;
  rows: number;
  /** Positive label the audit used, if the source is an audit's predictions. */
  positive: string | null;
}

function readSource(name: string, text: string, positive: string | null): ScoresSource {
  const table = parseCsv(text);
  const values: Record<string, string[]> = {};
  table.header.forEach((h, c) => {
    values[h] = [...new Set(table.rows.slice(0, 5000).map((r) => r[c].trim()))].slice(0, 50).sort();
  });
  return {
    name,
    text,
    header: table.header,
    labels: values.y_true ?? [],
    values,
    rows: table.rows.length,
    positive,
  };
}

/** A binary classification audit with scores can be post-processed; its predictions CSV is the source. */
function auditedSource(outcome: AuditOutcome | null): ScoresSource | null {
  const report = outcome?.report;
  if (!outcome || !report || report.kind !== 'classification') return null;
  if (report.meta.classes.length !== 2 || !report.meta.scores) return null;
  return readSource(
    `${report.dataset.name} (audited predictions)`,
    outcome.predictionsCsv,
    report.meta.pos_label,
  );
}

function fitSplit(s: ThresholdSettings): FitSplit {
  if (s.fitMode === 'same') return { kind: 'same' };
  if (s.fitMode === 'random') return { kind: 'random', fraction: s.fraction, seed: s.seed };
  return { kind: 'column', column: s.column, fit: s.fitValue, evaluate: s.evalValue || undefined };
}

/**
 * Fairlearn-style threshold post-processing of binary scores (ThresholdOptimizer): per-group
 * thresholds fitted under a fairness constraint, with the before / after table and the ROC chart.
 * Its scores are the last audit's predictions or a scores CSV (y_true, score, group columns).
 */
export function ThresholdCard({ audited }: { audited: AuditOutcome | null }) {
  const { client, session } = useLab();
  const [settings, setSettings] = useState(loadSettings);
  const [source, setSource] = useState<ScoresSource | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [groupCols, setGroupCols] = useState<string[]>([]);
  const [positive, setPositive] = useState('');
  const [result, setResult] = useState<PostprocessOutcome | null>(loadResult);
  const job = useJob<PostprocessOutcome>();
  const running = job.state.status === 'running';
  const fromAudit = useMemo(() => auditedSource(audited), [audited]);

  useEffect(() => saveSettings(settings), [settings]);

  const choose = (next: ScoresSource) => {
    setSource(next);
    const groups = next.header.filter((h) => !FIXED.includes(h));
    setGroupCols(audited && next === fromAudit ? audited.report.group_attributes : groups);
    const binary01 = next.labels.length === 2 && next.labels[0] === '0' && next.labels[1] === '1';
    setPositive(next.positive ?? (binary01 ? '1' : ''));
    setReadError(null);
  };
  // A new audit's predictions become the source, unless a CSV was chosen here.
  useEffect(() => {
    if (fromAudit && (!source || source.positive !== null)) choose(fromAudit);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the audit changes
  }, [fromAudit]);

  const pick = async (file: File) => {
    try {
      choose(readSource(file.name, await file.text(), null));
    } catch (error) {
      setSource(null);
      setReadError(`${file.name}: ${(error as Error).message}`);
    }
  };

  const set = <K extends keyof ThresholdSettings>(key: K, value: ThresholdSettings[K]) =>
    setSettings((s) => ({ ...s, [key]: value }));

  const run = async () => {
    if (!source) return;
    const outcome = await job.start((onProgress) =>
      client.call(
        'postprocess',
        {
          text: source.text,
          name: source.name,
          options: {
            constraints: settings.constraint,
            objective: settings.objective,
            seed: settings.seed,
            groupCols,
            positive: positive || undefined,
            fitSplit: fitSplit(settings),
          },
        },
        onProgress,
      ),
    );
    if (outcome) {
      setResult(outcome);
      saveResult(outcome);
    }
  };

  const missing = source ? ['y_true', 'score'].filter((c) => !source.header.includes(c)) : [];
  const blockers = [
    !source && 'run a binary audit with scores above, or choose a scores CSV',
    missing.length > 0 && `the CSV needs ${missing.join(' and ')} columns`,
    source && groupCols.length === 0 && 'choose a group column',
    source && !positive && 'choose the positive label',
    settings.fitMode === 'column' &&
      source &&
      !source.header.includes(settings.column) &&
      'choose the split column',
  ].filter((b): b is string => typeof b === 'string');
  const extra = source?.header.filter((h) => !FIXED.includes(h)) ?? [];

  return (
    <div className="card" data-testid="threshold-card">
      <h2>Post-process: per-group thresholds</h2>
      <p className="muted">
        Fairlearn&apos;s <code>ThresholdOptimizer</code> (Hardt et al. 2016): each group gets its own
        threshold, randomised between two where needed, so that the chosen rate is equal across groups while
        accuracy stays as high as it can. Fit on one set of rows, judge on another.
      </p>
      <div className="row">
        {fromAudit && (
          <button
            type="button"
            disabled={running}
            onClick={() => choose(fromAudit)}
            data-testid="threshold-use-audit"
          >
            Use the audited predictions ({fromAudit.rows} rows)
          </button>
        )}
        <label className="file-button">
          Choose a scores CSV…
          <input
            type="file"
            accept=".csv,text/csv"
            disabled={running}
            data-testid="threshold-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void pick(file);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <p className="muted">
        A scores CSV has <code>y_true</code> (two values), <code>score</code> (of the positive label) and one
        or more group columns; a <code>split</code> column can say which rows fit.
      </p>
      {readError && (
        <p className="error" role="alert">
          {readError}
        </p>
      )}
      {source && (
        <>
          <GroupColumns
            source={source}
            extra={extra}
            groupCols={groupCols}
            onGroupCols={setGroupCols}
            disabled={running}
            testId="threshold"
          />
        </>
      )}
      <fieldset className="mapping-grid" disabled={running}>
        <label>
          constraint
          <select
            value={settings.constraint}
            onChange={(e) => set('constraint', e.target.value as Constraint)}
            data-testid="threshold-constraint"
          >
            {CONSTRAINTS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          objective
          <select
            value={settings.objective}
            onChange={(e) => set('objective', e.target.value as Objective)}
            data-testid="threshold-objective"
          >
            {OBJECTIVES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          seed
          <input
            type="number"
            step={1}
            value={settings.seed}
            onChange={(e) => set('seed', Math.round(Number(e.target.value) || 0))}
            data-testid="threshold-seed"
          />
        </label>
        {source && (
          <label>
            positive label
            <select
              value={positive}
              onChange={(e) => setPositive(e.target.value)}
              data-testid="threshold-positive"
            >
              <option value="">choose…</option>
              {source.labels.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          fit on
          <select
            value={settings.fitMode}
            onChange={(e) => set('fitMode', e.target.value as FitMode)}
            data-testid="threshold-fit-mode"
          >
            <option value="random">a random share (stratified)</option>
            <option value="column">rows where a column has a value</option>
            <option value="same">every row (evaluated on the same rows)</option>
          </select>
        </label>
        {settings.fitMode === 'random' && (
          <label>
            fit share
            <input
              type="number"
              min={0.1}
              max={0.9}
              step={0.1}
              value={settings.fraction}
              onChange={(e) => set('fraction', Math.min(0.9, Math.max(0.1, Number(e.target.value) || 0.5)))}
              data-testid="threshold-fraction"
            />
          </label>
        )}
        {settings.fitMode === 'column' && (
          <>
            <label>
              column
              <select
                value={settings.column}
                onChange={(e) => set('column', e.target.value)}
                data-testid="threshold-split-column"
              >
                {!source?.header.includes(settings.column) && (
                  <option value={settings.column}>{settings.column}</option>
                )}
                {source?.header.map((h) => (
                  <option key={h}>{h}</option>
                ))}
              </select>
            </label>
            <label>
              fit value
              <input
                type="text"
                list="threshold-split-values"
                value={settings.fitValue}
                onChange={(e) => set('fitValue', e.target.value)}
                data-testid="threshold-fit-value"
              />
            </label>
            <label>
              evaluate value (empty: every other row)
              <input
                type="text"
                list="threshold-split-values"
                value={settings.evalValue}
                onChange={(e) => set('evalValue', e.target.value)}
                data-testid="threshold-eval-value"
              />
            </label>
            <datalist id="threshold-split-values">
              {(source?.values[settings.column] ?? []).map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          </>
        )}
      </fieldset>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!session || session.status !== 'ready' || running || blockers.length > 0}
          onClick={() => void run()}
          data-testid="threshold-run"
        >
          Fit thresholds
        </button>
        {blockers.length > 0 && (
          <span className="muted" data-testid="threshold-blockers">
            First {blockers.join(', ')}.
          </span>
        )}
      </div>
      <JobProgress state={job.state} onCancel={job.cancel} label="threshold" />
      {result && (
        <ThresholdResults key={`${result.name}-${result.constraints}-${result.seed}`} result={result} />
      )}
    </div>
  );
}
