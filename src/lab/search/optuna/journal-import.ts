/**
 * Reads an Optuna journal (Optuna 3.1's `JournalStorage` operations) into a study whose trials
 * the lab can list and draw. A study the lab exported comes back with its budgets (the user
 * attrs `budget` and `values_by_budget`); a foreign study's trials get budget 0 (unknown).
 * As Optuna's `JournalFileStorage` does, a torn last line is ignored.
 */
import { toExternal, type Distribution, type ParamValue } from '../distributions';
import type { BudgetResult, FrozenTrial, TrialState } from '../frozen-trial';
import { jsonToDistribution } from './distribution-json';
import { parsePyJson } from './py-json';

export interface ImportedStudy {
  name: string;
  directions: ('minimize' | 'maximize')[];
  /** `study:metric_names` when present, else objective_0, objective_1, … */
  objectives: string[];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  trials: FrozenTrial[];
}

const STATES: TrialState[] = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'];

interface RawTrial {
  studyId: number;
  state: TrialState;
  params: Record<string, number>;
  distributions: Record<string, Distribution>;
  values: number[] | null;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  datetimeStart?: string;
  datetimeComplete?: string;
}

type Log = Record<string, unknown> & { op_code: number };

export function fromOptunaJournal(text: string, options: { studyName?: string } = {}): ImportedStudy {
  const logs: Log[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      logs.push(parsePyJson(line) as Log);
    } catch {
      if (lines.slice(i + 1).some((l) => l.trim()))
        throw new Error(`Optuna journal line ${i + 1} is not JSON`);
    }
  });

  const studies = new Map<
    number,
    { name: string; directions: number[]; user: Record<string, unknown>; system: Record<string, unknown> }
  >();
  const trials: RawTrial[] = [];
  let nextStudyId = 0;
  for (const log of logs) {
    const op = log.op_code;
    const trial = typeof log.trial_id === 'number' ? trials[log.trial_id] : undefined;
    if (op === 0) {
      if ([...studies.values()].some((s) => s.name === log.study_name)) continue;
      studies.set(nextStudyId++, {
        name: String(log.study_name),
        directions: log.directions as number[],
        user: {},
        system: {},
      });
    } else if (op === 1) studies.delete(log.study_id as number);
    else if (op === 2) Object.assign(studies.get(log.study_id as number)?.user ?? {}, log.user_attr);
    else if (op === 3) Object.assign(studies.get(log.study_id as number)?.system ?? {}, log.system_attr);
    else if (op === 4) {
      const dists = Object.fromEntries(
        Object.entries((log.distributions as Record<string, string>) ?? {}).map(([k, v]) => [
          k,
          jsonToDistribution(v),
        ]),
      );
      const values =
        (log.values as number[] | null | undefined) ?? (typeof log.value === 'number' ? [log.value] : null);
      trials.push({
        studyId: log.study_id as number,
        state: STATES[(log.state as number | undefined) ?? 0],
        params: { ...((log.params as Record<string, number>) ?? {}) },
        distributions: dists,
        values,
        userAttrs: { ...((log.user_attrs as Record<string, unknown>) ?? {}) },
        systemAttrs: { ...((log.system_attrs as Record<string, unknown>) ?? {}) },
        datetimeStart: (log.datetime_start as string | null) ?? undefined,
        datetimeComplete: (log.datetime_complete as string | undefined) ?? undefined,
      });
    } else if (!trial) continue;
    else if (op === 5) {
      const name = String(log.param_name);
      trial.distributions[name] = jsonToDistribution(String(log.distribution));
      trial.params[name] = log.param_value_internal as number;
    } else if (op === 6) {
      trial.state = STATES[log.state as number];
      if (log.values !== null && log.values !== undefined) trial.values = log.values as number[];
      if (log.datetime_start) trial.datetimeStart = String(log.datetime_start);
      if (log.datetime_complete) trial.datetimeComplete = String(log.datetime_complete);
    } else if (op === 8) Object.assign(trial.userAttrs, log.user_attr);
    else if (op === 9) Object.assign(trial.systemAttrs, log.system_attr);
  }

  const entries = [...studies.entries()];
  const chosen = options.studyName
    ? entries.find(([, s]) => s.name === options.studyName)
    : entries.length === 1
      ? entries[0]
      : undefined;
  if (!chosen)
    throw new Error(
      options.studyName
        ? `no study "${options.studyName}" in the journal (found: ${entries.map(([, s]) => s.name).join(', ') || 'none'})`
        : `the journal holds ${entries.length} studies; name one (${entries.map(([, s]) => s.name).join(', ')})`,
    );
  const [studyId, s] = chosen;
  const metricNames = s.system['study:metric_names'];
  const objectives = Array.isArray(metricNames)
    ? metricNames.map(String)
    : s.directions.map((_, i) => `objective_${i}`);

  const mine = trials.filter((t) => t.studyId === studyId);
  return {
    name: s.name,
    directions: s.directions.map((d) => (d === 2 ? 'maximize' : 'minimize')),
    objectives,
    userAttrs: s.user,
    systemAttrs: s.system,
    trials: mine.map((t, number) => toFrozen(s.name, number, t)),
  };
}

function toFrozen(study: string, number: number, t: RawTrial): FrozenTrial {
  const params: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(t.params)) params[k] = toExternal(t.distributions[k], v);
  const results: BudgetResult[] = [];
  const byBudget = t.userAttrs.values_by_budget;
  if (byBudget && typeof byBudget === 'object')
    for (const [b, values] of Object.entries(byBudget as Record<string, number[]>)) {
      results.push({ budget: Number(b), state: 'COMPLETE', values });
    }
  else if (t.values)
    results.push({ budget: Number(t.userAttrs.budget ?? 0) || 0, state: 'COMPLETE', values: t.values });
  results.sort((a, b) => a.budget - b.budget);
  if (t.state === 'FAIL' && results.length === 0) results.push({ budget: 0, state: 'FAIL' });
  return {
    id: typeof t.userAttrs.lab_trial_id === 'string' ? t.userAttrs.lab_trial_id : `${study}#${number}`,
    number,
    state: t.state,
    params,
    distributions: t.distributions,
    results,
    userAttrs: t.userAttrs,
    systemAttrs: t.systemAttrs,
    ...(t.datetimeStart ? { datetimeStart: t.datetimeStart } : {}),
    ...(t.datetimeComplete ? { datetimeComplete: t.datetimeComplete } : {}),
  };
}
