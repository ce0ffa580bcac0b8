/**
 * A study as one JSON document (the study record, every trial with its evaluations per budget,
 * and optionally the per-epoch reports), and back. Checkpoints are not included.
 */
import type { FrozenTrial, IntermediateValue } from '../frozen-trial';
import type { StudyRecord } from '../storage/ops';

export const STUDY_JSON_FORMAT = 'fairness-lab-study';

export interface StudyDocument {
  format: typeof STUDY_JSON_FORMAT;
  version: 1;
  study: StudyRecord;
  trials: FrozenTrial[];
  /** Per-epoch reports by trial number. */
  intermediate?: Record<string, IntermediateValue[]>;
}

export function toStudyJson(
  study: StudyRecord,
  trials: readonly FrozenTrial[],
  intermediate?: (number: number) => IntermediateValue[],
): string {
  const doc: StudyDocument = { format: STUDY_JSON_FORMAT, version: 1, study, trials: [...trials] };
  if (intermediate)
    doc.intermediate = Object.fromEntries(trials.map((t) => [String(t.number), intermediate(t.number)]));
  return JSON.stringify(doc, null, 2);
}

export function fromStudyJson(text: string): StudyDocument {
  let doc: Partial<StudyDocument>;
  try {
    doc = JSON.parse(text) as Partial<StudyDocument>;
  } catch (error) {
    throw new Error(`study JSON does not parse: ${(error as Error).message}`, { cause: error });
  }
  if (doc.format !== STUDY_JSON_FORMAT)
    throw new Error(`not a ${STUDY_JSON_FORMAT} document (format: ${String(doc.format)})`);
  if (doc.version !== 1) throw new Error(`unsupported ${STUDY_JSON_FORMAT} version ${String(doc.version)}`);
  if (!doc.study || !Array.isArray(doc.trials)) throw new Error('study JSON lacks "study" or "trials"');
  return doc as StudyDocument;
}
