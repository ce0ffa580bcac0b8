/**
 * Threshold post-processing end to end, for the CLI and the Worker: fit Fairlearn's
 * ThresholdOptimizer on the fit rows, then report the evaluated rows before (one threshold for
 * everyone), after (expected outcome under the randomisation) and after_sampled (one seeded draw).
 */
import { createRng } from '../util/rng';
import { pmfPredict, predict } from './interpolated-thresholder';
import { decisionReport, expectedReport, type PostprocessReport } from './postprocess-report';
import { groupRoc, type GroupRoc, type RocPoint } from './roc-curve';
import { DegenerateLabelsError } from './tradeoff-curve';
import {
  PostprocessInputError,
  readScoresCsv,
  type ScoredRows,
  type ScoresCsv,
  type ScoresCsvOptions,
} from './scores-csv';
import {
  DEFAULT_GRID_SIZE,
  fitThresholdOptimizer,
  type Constraint,
  type GroupInterpolation,
  type Objective,
} from './threshold-optimizer';

export interface PostprocessOptions {
  constraints: Constraint;
  objective?: Objective;
  /** Seed of the sampled draw (default 0). */
  seed?: number;
  gridSize?: number;
  flip?: boolean;
  /** The single threshold of the "before" report: ŷ = 1 when score ≥ it (default 0.5). */
  threshold?: number;
}

export interface PostprocessResult {
  constraints: Constraint;
  objective: Objective;
  seed: number;
  grid_size: number;
  threshold: number;
  /** Per group, the fitted thresholds and the probability of each (Fairlearn's interpolation_dict). */
  thresholds: Record<string, GroupInterpolation>;
  /** Per group, the expected (FPR, TPR) and selection rate of the fitted rule on the fit rows. */
  operating_points: Record<string, RocPoint & { selection_rate: number }>;
  /** Per group, where the single "before" threshold puts the fit rows (to compare on the ROC chart). */
  threshold_points: Record<string, RocPoint & { selection_rate: number }>;
  /** Fairlearn's x_best (and y_best for equalized_odds) on the fit rows. */
  x_metric: string;
  x_best: number;
  y_best?: number;
  before: PostprocessReport;
  after: PostprocessReport;
  after_sampled: PostprocessReport;
  /** Per group, the ROC curve and hull of the fit rows. */
  roc: Record<string, GroupRoc>;
  fit: { rows: number; description: string };
  evaluate: { rows: number; description: string };
  warnings: string[];
}

export interface PostprocessContext {
  fitDescription?: string;
  evaluateDescription?: string;
  warnings?: string[];
}

export function postprocessScores(
  fit: ScoredRows,
  evaluate: ScoredRows,
  options: PostprocessOptions,
  context: PostprocessContext = {},
): PostprocessResult {
  const seed = options.seed ?? 0;
  const threshold = options.threshold ?? 0.5;
  const gridSize = options.gridSize ?? DEFAULT_GRID_SIZE;
  let fitted;
  try {
    fitted = fitThresholdOptimizer(fit, {
      constraints: options.constraints,
      objective: options.objective,
      gridSize,
      flip: options.flip,
    });
  } catch (error) {
    if (error instanceof DegenerateLabelsError)
      throw new PostprocessInputError(
        `${error.message} (in the fit rows: ${context.fitDescription ?? 'all rows'})`,
      );
    throw new PostprocessInputError((error as Error).message);
  }
  const { thresholder } = fitted;
  const unknown = evaluate.groups.find((g) => !(g in thresholder.interpolation));
  if (unknown !== undefined)
    throw new PostprocessInputError(
      `group "${unknown}" is among the evaluated rows but not the fit rows: every group needs fit rows`,
    );

  const fitReport = expectedReport(fit.labels, pmfPredict(thresholder, fit.scores, fit.groups), fit.groups);
  const fitBefore = decisionReport(
    fit.labels,
    Uint8Array.from(fit.scores, (s) => (s >= threshold ? 1 : 0)),
    fit.groups,
  );
  // Both labels are present in every fit group (the optimiser checked), so no rate is null.
  const point = (report: PostprocessReport, group: string) => {
    const row = report.by_group[group];
    return { fpr: row.fpr ?? 0, tpr: row.tpr ?? 0, selection_rate: row.selection_rate ?? 0 };
  };
  const operating_points: PostprocessResult['operating_points'] = {};
  const threshold_points: PostprocessResult['threshold_points'] = {};
  const roc: Record<string, GroupRoc> = {};
  for (const group of fitted.groups) {
    operating_points[group] = point(fitReport, group);
    threshold_points[group] = point(fitBefore, group);
    const members = fit.groups.flatMap((g, i) => (g === group ? [i] : []));
    roc[group] = groupRoc(
      members.map((i) => fit.labels[i]),
      members.map((i) => fit.scores[i]),
      group,
    );
  }

  const before = decisionReport(
    evaluate.labels,
    Uint8Array.from(evaluate.scores, (s) => (s >= threshold ? 1 : 0)),
    evaluate.groups,
  );
  const after = expectedReport(
    evaluate.labels,
    pmfPredict(thresholder, evaluate.scores, evaluate.groups),
    evaluate.groups,
  );
  const sampled = predict(thresholder, evaluate.scores, evaluate.groups, createRng(seed));
  const after_sampled = decisionReport(evaluate.labels, sampled, evaluate.groups);

  const result: PostprocessResult = {
    constraints: fitted.constraints,
    objective: fitted.objective,
    seed,
    grid_size: gridSize,
    threshold,
    thresholds: thresholder.interpolation,
    operating_points,
    threshold_points,
    x_metric: fitted.x_metric,
    x_best: fitted.x_best,
    before,
    after,
    after_sampled,
    roc,
    fit: { rows: fit.labels.length, description: context.fitDescription ?? `${fit.labels.length} rows` },
    evaluate: {
      rows: evaluate.labels.length,
      description: context.evaluateDescription ?? `${evaluate.labels.length} rows`,
    },
    warnings: [...(context.warnings ?? [])],
  };
  if (fitted.y_best !== undefined) result.y_best = fitted.y_best;
  return result;
}

export type PostprocessCsvOptions = PostprocessOptions & ScoresCsvOptions;

/** Reads a scores CSV and post-processes it; the result also names the positive label and groups. */
export function postprocessCsv(
  text: string,
  options: PostprocessCsvOptions,
): PostprocessResult & { positive: string; negative: string; group_cols: string[] } {
  const csv: ScoresCsv = readScoresCsv(text, options);
  const result = postprocessScores(csv.fit, csv.evaluate, options, {
    fitDescription: csv.fitDescription,
    evaluateDescription: csv.evaluateDescription,
    warnings: csv.warnings,
  });
  return { ...result, positive: csv.positive, negative: csv.negative, group_cols: csv.groupCols };
}
