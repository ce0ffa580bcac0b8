/**
 * `lab postprocess`: Fairlearn-style threshold post-processing of a scores CSV, no model needed.
 *   --input preds.csv        y_true, score and group columns (the lab's predictions CSV works)
 *   --constraint C           demographic_parity | equalized_odds | {true,false}_{positive,negative}_rate_parity
 *   --objective O            accuracy_score (default) | balanced_accuracy_score
 *   --group-col G[,H]        group column(s); default every column but file/y_true/y_pred/score/split
 *   --fit-split col=value    fit on those rows, evaluate on the others (or on --eval-split col=value)
 *   --fit-fraction F         or: fit on a seeded random share F, stratified by group × label
 *                            (neither: fit and evaluate on the same rows, with a warning)
 *   --seed S                 seed of the sampled draw and of --fit-fraction (default 0)
 * --json prints thresholds, before, after, after_sampled, operating points and ROC curves
 * (±∞ thresholds as "inf" / "-inf"); otherwise a short table.
 */
import { readFileSync } from 'node:fs';
import type { ParsedArgs } from '../args';
import { UsageError, numberFlag, parseArgs, rejectUnknown, requiredFlag } from '../args';
import {
  CONSTRAINTS,
  OBJECTIVES,
  describeOperation,
  isConstraint,
  isObjective,
  postprocessCsv,
  toJsonText,
  type FitSplit,
  type PostprocessReport,
  type PostprocessResult,
} from '../../lab/mitigation';

const FLAGS = [
  'input',
  'constraint',
  'objective',
  'group-col',
  'pos-label',
  'fit-split',
  'eval-split',
  'fit-fraction',
  'seed',
  'grid-size',
  'threshold',
  'flip',
  'json',
];

function columnValue(args: ParsedArgs, name: string): { column: string; value: string } | undefined {
  const raw = args.flags.get(name);
  if (raw === undefined) return undefined;
  const eq = raw.indexOf('=');
  if (eq <= 0 || eq === raw.length - 1)
    throw new UsageError(`--${name} must read column=value (got "${raw}")`);
  return { column: raw.slice(0, eq).trim(), value: raw.slice(eq + 1).trim() };
}

function fitSplit(args: ParsedArgs, seed: number): FitSplit {
  const fit = columnValue(args, 'fit-split');
  const evaluate = columnValue(args, 'eval-split');
  if (fit && args.flags.has('fit-fraction'))
    throw new UsageError('give --fit-split or --fit-fraction, not both');
  if (evaluate && !fit) throw new UsageError('--eval-split needs --fit-split');
  if (fit) {
    if (evaluate && evaluate.column !== fit.column)
      throw new UsageError(`--eval-split must use the --fit-split column "${fit.column}"`);
    return { kind: 'column', column: fit.column, fit: fit.value, evaluate: evaluate?.value };
  }
  if (args.flags.has('fit-fraction'))
    return { kind: 'random', fraction: numberFlag(args, 'fit-fraction', 0.5), seed };
  return { kind: 'same' };
}

const fmt = (value: number | null) => (value === null ? '  null' : value.toFixed(4));

function reportLines(name: string, report: PostprocessReport, constraint: string): string[] {
  const lines = [
    `${name}: accuracy ${fmt(report.accuracy)}, balanced accuracy ${fmt(report.balanced_accuracy)}, ${constraint} gap ${fmt(report.gaps[constraint as keyof PostprocessReport['gaps']])}`,
  ];
  for (const [group, row] of Object.entries(report.by_group))
    lines.push(
      `  ${group.padEnd(16)} n=${String(row.count).padEnd(6)} sel=${fmt(row.selection_rate)} tpr=${fmt(row.tpr)} fpr=${fmt(row.fpr)}`,
    );
  return lines;
}

function summary(result: PostprocessResult): string {
  const lines = [
    `${result.constraints} / ${result.objective}: fit on ${result.fit.description}, evaluated on ${result.evaluate.description}`,
    'thresholds:',
  ];
  for (const [group, rule] of Object.entries(result.thresholds)) {
    const mix = `${rule.p0.toFixed(4)} × ${describeOperation(rule.operation0)} + ${rule.p1.toFixed(4)} × ${describeOperation(rule.operation1)}`;
    const ignore =
      rule.p_ignore !== undefined && rule.p_ignore > 0
        ? `, then with p_ignore ${rule.p_ignore.toFixed(4)} a positive with probability ${rule.prediction_constant?.toFixed(4)}`
        : '';
    lines.push(`  ${group.padEnd(16)} ${mix}${ignore}`);
  }
  lines.push(
    ...reportLines(`before (score ≥ ${result.threshold})`, result.before, result.constraints),
    ...reportLines('after (expected)', result.after, result.constraints),
    ...reportLines(`after_sampled (seed ${result.seed})`, result.after_sampled, result.constraints),
  );
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['json', 'flip']);
  rejectUnknown(args, FLAGS);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
  const file = requiredFlag(args, 'input');
  const constraint = requiredFlag(args, 'constraint');
  if (!isConstraint(constraint))
    throw new UsageError(`--constraint must be one of ${CONSTRAINTS.join(', ')} (got "${constraint}")`);
  const objective = args.flags.get('objective') ?? 'accuracy_score';
  if (!isObjective(objective))
    throw new UsageError(`--objective must be one of ${OBJECTIVES.join(', ')} (got "${objective}")`);
  const seed = numberFlag(args, 'seed', 0);
  const gridSize = numberFlag(args, 'grid-size', 1000);
  if (!Number.isInteger(gridSize) || gridSize < 1)
    throw new UsageError('--grid-size must be a whole number ≥ 1');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  let result: PostprocessResult;
  try {
    result = postprocessCsv(text, {
      constraints: constraint,
      objective,
      seed,
      gridSize,
      flip: args.switches.has('flip'),
      threshold: numberFlag(args, 'threshold', 0.5),
      groupCols: args.flags
        .get('group-col')
        ?.split(',')
        .map((g) => g.trim()),
      positive: args.flags.get('pos-label'),
      fitSplit: fitSplit(args, seed),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (args.switches.has('json')) {
    for (const warning of result.warnings) console.error(`lab postprocess: warning: ${warning}`);
    console.log(toJsonText(result, 2));
  } else console.log(summary(result));
  return 0;
}
