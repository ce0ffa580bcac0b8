/**
 * The threshold card's settings and last result, kept in localStorage so a reload keeps both
 * (the CSV itself is not kept: choose it again to refit).
 */
import {
  fromJsonText,
  isConstraint,
  isObjective,
  toJsonText,
  type Constraint,
  type Objective,
} from '../../../lab/mitigation';
import type { PostprocessOutcome } from '../../../worker/api/mitigation';

export type FitMode = 'same' | 'random' | 'column';

export interface ThresholdSettings {
  constraint: Constraint;
  objective: Objective;
  seed: number;
  fitMode: FitMode;
  /** Share of rows that fit, for fitMode 'random'. */
  fraction: number;
  /** For fitMode 'column': fit where column = fitValue, evaluate where it = evalValue ('' = the rest). */
  column: string;
  fitValue: string;
  evalValue: string;
}

const SETTINGS_KEY = 'fairness-lab.thresholds.v1';
const RESULT_KEY = 'fairness-lab.thresholds.result.v1';

export const DEFAULT_SETTINGS: ThresholdSettings = {
  constraint: 'equalized_odds',
  objective: 'accuracy_score',
  seed: 0,
  fitMode: 'random',
  fraction: 0.5,
  column: 'split',
  fitValue: 'val',
  evalValue: 'test',
};

export function loadSettings(): ThresholdSettings {
  try {
    const saved = JSON.parse(window.localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<ThresholdSettings>;
    const merged = { ...DEFAULT_SETTINGS, ...saved };
    if (!isConstraint(merged.constraint)) merged.constraint = DEFAULT_SETTINGS.constraint;
    if (!isObjective(merged.objective)) merged.objective = DEFAULT_SETTINGS.objective;
    if (!['same', 'random', 'column'].includes(merged.fitMode)) merged.fitMode = DEFAULT_SETTINGS.fitMode;
    return merged;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function loadResult(): PostprocessOutcome | null {
  try {
    const raw = window.localStorage.getItem(RESULT_KEY);
    return raw ? fromJsonText<PostprocessOutcome>(raw) : null;
  } catch {
    return null;
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage full or blocked: the card simply is not kept.
  }
}

export const saveSettings = (settings: ThresholdSettings) => store(SETTINGS_KEY, JSON.stringify(settings));
export const saveResult = (result: PostprocessOutcome | null) =>
  store(RESULT_KEY, result === null ? null : toJsonText(result));
