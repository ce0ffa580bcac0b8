import { expect, test, type Page } from '@playwright/test';
import { createRng } from '../src/lab/util/rng';
import { openLab } from './helpers';

/**
 * A small seeded predictions CSV: group A's scores separate the labels well, group B's poorly and
 * shifted down, so one threshold for everyone gives unequal TPR and FPR.
 */
function scoresCsv(withSplit: boolean): string {
  const rng = createRng(9);
  const lines = [`file,y_true,y_pred,score,race${withSplit ? ',split' : ''}`];
  for (let i = 0; i < 400; i++) {
    const race = i < 240 ? 'A' : 'B';
    const y = rng.next() < (race === 'A' ? 0.5 : 0.35) ? 1 : 0;
    const logit = (y ? 1 : -1) * (race === 'A' ? 1.4 : 0.6) + (race === 'A' ? 0.4 : -0.4) + rng.normal();
    const score = Math.round(1000 / (1 + Math.exp(-logit))) / 1000;
    const split = withSplit ? `,${i % 2 === 0 ? 'val' : 'test'}` : '';
    lines.push(`img_${i}.png,${y},${score >= 0.5 ? 1 : 0},${score},${race}${split}`);
  }
  return lines.join('\n') + '\n';
}

async function gap(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).getAttribute('data-value'));
}

test('equalized odds on an audited predictions CSV: the ROC chart shows the fitted points and the gap shrinks', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openLab(page, 'backend=cpu', '#/audit');
  await page.getByTestId('route-csv').check();
  await page.getByTestId('csv-file').setInputFiles({
    name: 'preds.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(scoresCsv(false)),
  });
  await page.getByTestId('csv-positive').selectOption('1');
  await page.getByTestId('csv-bootstrap').fill('0');
  await page.getByTestId('csv-run').click();
  await expect(page.getByTestId('audit-results')).toBeVisible({ timeout: 60_000 });

  // The audited predictions become the threshold card's scores.
  const card = page.getByTestId('threshold-card');
  await expect(card.getByTestId('threshold-source')).toContainText('400 rows');
  await card.getByTestId('threshold-constraint').selectOption('equalized_odds');
  await card.getByTestId('threshold-fit-mode').selectOption('random');
  await card.getByTestId('threshold-seed').fill('3');
  await card.getByTestId('threshold-run').click();
  await expect(card.getByTestId('threshold-results')).toBeVisible({ timeout: 60_000 });

  await expect(card.getByTestId('roc-chart')).toHaveAttribute('data-groups', 'A,B');
  await expect(card.getByTestId('roc-chart').locator('.recharts-line')).toHaveCount(4);
  for (const group of ['A', 'B']) {
    await expect(card.getByTestId(`roc-point-${group}`)).toBeVisible();
    await expect(card.getByTestId(`roc-single-${group}`)).toBeVisible();
    await expect(card.getByTestId(`threshold-row-${group}`)).toContainText('score >');
    await expect(card.getByTestId(`before-after-${group}`)).toBeVisible();
  }
  // Equalized odds puts both groups on one fitted operating point.
  const fpr = await Promise.all(
    ['A', 'B'].map((g) => card.getByTestId(`roc-point-${g}`).getAttribute('data-fpr')),
  );
  expect(Number(fpr[0])).toBeCloseTo(Number(fpr[1]), 6);
  const before = await gap(page, 'gap-before');
  const after = await gap(page, 'gap-after');
  expect(before).toBeGreaterThan(0.1);
  expect(after).toBeLessThan(before);

  // A reload keeps the settings and the result.
  await page.reload();
  await expect(page.getByTestId('threshold-results')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('threshold-constraint')).toHaveValue('equalized_odds');
  expect(await gap(page, 'gap-after')).toBe(after);
  expect(errors).toEqual([]);
});

test('a scores CSV with a split column fits on val and is judged on test; bad input is one clear line', async ({
  page,
}) => {
  await openLab(page, 'backend=cpu', '#/audit');
  const card = page.getByTestId('threshold-card');
  await card.getByTestId('threshold-file').setInputFiles({
    name: 'scores.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(scoresCsv(true)),
  });
  await expect(card.getByTestId('threshold-source')).toContainText('400 rows');
  await card.getByTestId('threshold-constraint').selectOption('demographic_parity');
  await card.getByTestId('threshold-objective').selectOption('balanced_accuracy_score');
  await card.getByTestId('threshold-fit-mode').selectOption('column');
  await card.getByTestId('threshold-split-column').selectOption('split');
  await card.getByTestId('threshold-fit-value').fill('val');
  await card.getByTestId('threshold-eval-value').fill('test');
  await card.getByTestId('threshold-run').click();
  await expect(card.getByTestId('threshold-results')).toContainText('fitted on split = val (200 rows)');
  await expect(card.getByTestId('threshold-results')).toContainText('evaluated on split = test (200 rows)');
  expect(await gap(page, 'gap-after')).toBeLessThan(await gap(page, 'gap-before'));

  // Group B has no positives among the fit rows.
  const bad = 'y_true,score,race,split\n1,0.9,A,val\n0,0.2,A,val\n0,0.4,B,val\n0,0.3,B,val\n1,0.5,B,test\n';
  await card
    .getByTestId('threshold-file')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(card.getByTestId('threshold-source')).toContainText('5 rows');
  await card.getByTestId('threshold-run').click();
  await expect(card.getByTestId('threshold-error')).toHaveText(/group "B" has no positives/);
});
