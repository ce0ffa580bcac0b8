/**
 * The operations every storage records, in order, one JSON object each (Optuna's
 * JournalStorage idea: the state is the replay of its operations). The journal file writes
 * them as lines, IndexedDB as records, memory keeps them in an array.
 */
import type { Distribution, ParamValue } from '../distributions';
import type { BudgetResult, TrialState } from '../frozen-trial';

export type StorageOp =
  | {
      op: 'create_study';
      study: string;
      objectives: string[];
      config: Record<string, unknown>;
      datetime: string;
    }
  | {
      op: 'create_trial';
      study: string;
      number: number;
      params: Record<string, ParamValue>;
      distributions: Record<string, Distribution>;
      userAttrs: Record<string, unknown>;
      systemAttrs: Record<string, unknown>;
      datetime: string;
    }
  /** WAITING → RUNNING at a budget, held by a worker. */
  | { op: 'claim'; study: string; number: number; budget: number; worker: string; datetime: string }
  | { op: 'intermediate'; study: string; number: number; budget: number; epoch: number; values: number[] }
  /** RUNNING → WAITING with the evaluation at the held budget. */
  | { op: 'result'; study: string; number: number; result: BudgetResult; userAttrs?: Record<string, unknown> }
  /** The scheduler's verdict: COMPLETE, PRUNED or FAIL. */
  | { op: 'finish'; study: string; number: number; state: TrialState; datetime: string }
  /** RUNNING → WAITING without a result (an interrupted run, re-run on resume). */
  | { op: 'release'; study: string; number: number; reason: string }
  | { op: 'set_user_attr'; study: string; number: number; key: string; value: unknown }
  | { op: 'set_system_attr'; study: string; number: number; key: string; value: unknown }
  | { op: 'checkpoint'; study: string; number: number; budget: number; size: number }
  | { op: 'evict'; study: string; number: number }
  /** The study, its trials and their kept checkpoints (by trial id), gone. */
  | { op: 'delete_study'; study: string; checkpoints: string[]; datetime: string };

export interface StudyRecord {
  name: string;
  /** Objective names, all minimised (e.g. ["error", "rank_disparity"]). */
  objectives: string[];
  /** The settings the study was made with (space, sampler, scheduler, seed, …). */
  config: Record<string, unknown>;
  datetimeCreated: string;
}
