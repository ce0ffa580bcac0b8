import { objectivesOf } from '../eval/evaluation';
import type { GroupEvaluation } from '../eval/group-evaluation';
import { RUN_SCHEMA_VERSION, type RunRecord } from './types';

/** A record as version 1 wrote it: no schema version, a classification evaluation without `kind`. */
type StoredRecord = Omit<Partial<RunRecord>, 'schemaVersion' | 'evaluation'> & {
  schemaVersion?: number;
  evaluation?: Omit<GroupEvaluation, 'kind'> | RunRecord['evaluation'];
};

/**
 * Brings a stored record to the current schema. Version 1 (before trials): the evaluation gets
 * kind 'classification', the objectives are derived from its report, and the run becomes a complete
 * trial at the epochs it trained. Newer versions are refused rather than misread.
 */
export function migrateRunRecord(stored: StoredRecord): RunRecord {
  const version = stored.schemaVersion ?? 1;
  if (version === RUN_SCHEMA_VERSION) return stored as RunRecord;
  if (version > RUN_SCHEMA_VERSION)
    throw new Error(`Run "${stored.id}" was written by a newer Fairness Lab (schema ${version})`);
  const evaluation = stored.evaluation
    ? ({ ...stored.evaluation, kind: 'classification' } as GroupEvaluation)
    : undefined;
  const objectives = evaluation ? objectivesOf(evaluation) : {};
  return {
    ...(stored as RunRecord),
    schemaVersion: RUN_SCHEMA_VERSION,
    evaluation,
    objectives,
    trial: {
      params: { model: stored.model?.name ?? 'unknown' },
      state: 'complete',
      objectiveNames: ['error', 'accuracy_difference'],
      values: [objectives.error ?? null, objectives.accuracy_difference ?? null],
      epochs: [],
      budget: stored.history?.epochsCompleted ?? 0,
    },
  };
}
