/** Readable names of the fairness module's metrics, for axes, legends and selects. */
const LABELS: Record<string, string> = {
  error: 'error',
  accuracy: 'accuracy',
  accuracy_difference: 'accuracy difference (max − min)',
  accuracy_ratio: 'accuracy ratio (min / max)',
  equalized_odds_difference: 'equalized-odds difference',
  equalized_odds_ratio: 'equalized-odds ratio',
  demographic_parity_difference: 'demographic-parity difference',
  demographic_parity_ratio: 'demographic-parity ratio',
  rank_disparity: 'rank disparity (|Δ mean rank|)',
  disparity: 'accuracy disparity (|Δ accuracy|)',
  ratio: 'accuracy ratio |1 − a/b|',
  rank_ratio: 'rank ratio |1 − a/b|',
  error_ratio: 'error ratio |1 − a/b|',
};

export function metricLabel(name: string): string {
  return LABELS[name] ?? name.replace(/_/g, ' ');
}
