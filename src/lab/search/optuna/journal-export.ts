/**
 * Writes a study as an Optuna journal: the JSON-lines operations of Optuna 3.1's
 * `JournalStorage` (`optuna/storages/_journal/storage.py`), in the order a live Optuna run
 * writes them, so `optuna.load_study(study_name=…, storage=JournalStorage(JournalFileStorage(
 * path)))` loads it. Op codes: 0 CREATE_STUDY (both directions, 1 = minimise), 2/3 study user /
 * system attrs, 4 CREATE_TRIAL, 5 SET_TRIAL_PARAM (internal value + the distribution JSON as
 * Optuna writes it), 8/9 trial user / system attrs, 6 SET_TRIAL_STATE_VALUES (1 COMPLETE,
 * 2 PRUNED, 3 FAIL; 0 RUNNING and 4 WAITING are left as created). Every line carries `worker_id`.
 *
 * Only full-budget trials are COMPLETE, so Optuna's `best_trials` is the lab's Pareto front.
 * Low-fidelity trials are PRUNED (what Optuna calls a trial its pruner stopped) without values;
 * their objectives at every budget are in the user attr `values_by_budget`. Constraint values
 * go to the system attr `constraints`, as Optuna's samplers store them; Optuna ≥ 4.0 filters
 * infeasible trials out of `best_trials` with them (optuna/optuna#5426), Optuna 3.1 does not.
 * Per-epoch reports are not written: Optuna keeps one float per step and refuses `report` in
 * multi-objective studies (export JSON keeps them).
 */
import { toInternal } from '../distributions';
import { latestValues, type FrozenTrial } from '../frozen-trial';
import type { StudyRecord } from '../storage/ops';
import { distributionToJson } from './distribution-json';
import { pyFloat, pyJson, type PyJsonValue } from './py-json';

export const OPTUNA_STATE = { RUNNING: 0, COMPLETE: 1, PRUNED: 2, FAIL: 3, WAITING: 4 } as const;

/** Python's `datetime.isoformat(timespec="microseconds")` of a UTC instant (naive, as Optuna writes). */
export function pythonIsoformat(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${iso}`);
  return d
    .toISOString()
    .replace('Z', '')
    .replace(/\.(\d{3})$/, '.$1000');
}

/** JSON from the lab (numbers, strings, objects) as Python values; non-integral numbers are floats. */
function toPy(value: unknown): PyJsonValue {
  if (value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? value : pyFloat(value);
  if (Array.isArray(value)) return value.map(toPy);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPy(v)]));
  return value as PyJsonValue;
}

export interface OptunaExportOptions {
  /** Optuna's `worker_id` (default: a fresh uuid4 and thread 0, as Optuna's `<uuid>-<thread>`). */
  workerId?: string;
  /** Written for trials without their own dates (default: now). */
  now?: string;
}

export function toOptunaJournal(
  study: StudyRecord,
  trials: readonly FrozenTrial[],
  options: OptunaExportOptions = {},
): string {
  const worker = options.workerId ?? `${globalThis.crypto.randomUUID()}-0`;
  const now = pythonIsoformat(options.now ?? new Date().toISOString());
  const lines: string[] = [];
  const log = (opCode: number, fields: Record<string, PyJsonValue>) =>
    lines.push(pyJson({ op_code: opCode, worker_id: worker, ...fields }));

  log(0, { study_name: study.name, directions: study.objectives.map(() => 1) });
  log(3, { study_id: 0, system_attr: { 'study:metric_names': study.objectives } });
  log(2, { study_id: 0, user_attr: { lab_config: toPy(study.config) } });

  [...trials]
    .sort((a, b) => a.number - b.number)
    .forEach((t, trialId) => {
      const start = t.datetimeStart ? pythonIsoformat(t.datetimeStart) : null;
      if (t.state === 'WAITING') log(4, { study_id: 0, datetime_start: null, state: OPTUNA_STATE.WAITING });
      else log(4, { study_id: 0, datetime_start: start ?? now });
      for (const [key, value] of Object.entries(t.systemAttrs))
        log(9, { trial_id: trialId, system_attr: { [key]: toPy(value) } });
      for (const [name, d] of Object.entries(t.distributions)) {
        const internal = toInternal(d, t.params[name]);
        log(5, {
          trial_id: trialId,
          param_name: name,
          param_value_internal: d.type === 'categorical' ? internal : pyFloat(internal),
          distribution: distributionToJson(d),
        });
      }
      const byBudget = Object.fromEntries(
        t.results.filter((r) => r.values).map((r) => [String(r.budget), r.values!.map((v) => pyFloat(v))]),
      );
      const latest = latestValues(t);
      const userAttrs: Record<string, PyJsonValue> = {
        ...(toPy(t.userAttrs) as Record<string, PyJsonValue>),
        lab_trial_id: t.id,
        lab_study: study.name,
        budget: latest?.budget ?? null,
        values_by_budget: byBudget,
        lab_state: t.state,
      };
      for (const [key, value] of Object.entries(userAttrs))
        log(8, { trial_id: trialId, user_attr: { [key]: value } });
      if (t.state === 'COMPLETE' || t.state === 'PRUNED' || t.state === 'FAIL') {
        const values = t.state === 'COMPLETE' && latest ? latest.values.map((v) => pyFloat(v)) : null;
        const complete = t.datetimeComplete ? pythonIsoformat(t.datetimeComplete) : now;
        log(6, { trial_id: trialId, state: OPTUNA_STATE[t.state], values, datetime_complete: complete });
      }
    });
  return lines.join('\n') + '\n';
}
