import type { GroupEvaluation } from './group-evaluation';
import type { IdentificationEvaluation } from './identification-evaluation';
import { IDENTIFICATION_NAMES } from '../fairness/identification';
import type { Objectives } from '../train/config';

/** What a run was judged by: a classifier's per-group table, or an identification model's ranks. */
export type Evaluation = GroupEvaluation | IdentificationEvaluation;

/**
 * Every objective of an evaluation by name, flat: error and accuracy, then every disparity of the
 * fairness module (classification: `report.disparities`; identification: FR-NAS's six metrics).
 */
export function objectivesOf(evaluation: Evaluation): Objectives {
  if (evaluation.kind === 'identification') {
    const r = evaluation.report;
    return {
      accuracy: evaluation.accuracy,
      ...Object.fromEntries(IDENTIFICATION_NAMES.map((name) => [name, r[name]])),
    };
  }
  const accuracy = evaluation.accuracy;
  return {
    accuracy,
    error: accuracy === null ? null : 1 - accuracy,
    ...evaluation.report.disparities,
  };
}

/** The names a scatter axis or a search objective can choose for this kind of evaluation. */
export function disparityNames(evaluation: Evaluation): string[] {
  return Object.keys(objectivesOf(evaluation)).filter((k) => k !== 'accuracy' && k !== 'error');
}
