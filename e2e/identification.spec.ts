import { expect, test } from '@playwright/test';
import { generateDataset, openLab } from './helpers';

// 16 px, 40 identities × 10 images; FR-NAS's DPN at its smallest width, ArcFace, 1 epoch.
const QUERY =
  'd.size=16&d.ids=40&d.per=10&task=identity&head=arcface&arch=frnas-dpn&a.edges=680&a.width=0.04' +
  '&a.embedding=16&a.smallStem=true&opt=sgd&lr=0.1&epochs=1&batch=16';

test('trains an FR-NAS DPN with ArcFace for identification: a rank-disparity point and per-group mean ranks', async ({
  page,
}) => {
  await openLab(page, QUERY);
  await generateDataset(page);
  await expect(page.getByTestId('task')).toHaveValue('identity');
  await expect(page.getByTestId('head')).toHaveValue('arcface');
  await expect(page.getByTestId('edge-1')).toHaveValue('6');
  await expect(page.getByTestId('edge-2')).toHaveValue('8');
  await expect(page.getByTestId('edge-3')).toHaveValue('0');
  await expect(page.getByTestId('edge-2').locator('option:checked')).toHaveText('8: Conv→BN→ReLU 5×5');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 280_000 });
  expect(Number.isFinite(Number(await page.getByTestId('final-loss').textContent()))).toBe(true);
  await expect(page.getByTestId('run-details').getByTestId('epoch-chart')).toHaveAttribute(
    'data-points',
    '1',
  );

  await expect(page.getByTestId('axis-x')).toHaveValue('rank_disparity');
  const scatter = page.getByTestId('scatter');
  await expect(scatter).toHaveAttribute('data-points', '1');
  await scatter.getByTestId('scatter-selected').hover();
  await expect(page.getByTestId('scatter-tooltip')).toContainText('rank disparity');
  await expect(page.getByTestId('scatter-tooltip')).toContainText('mean rank');

  const panel = page.getByTestId('identification-panel');
  await expect(panel).toBeVisible();
  for (const group of ['light', 'dark']) {
    const meanRank = Number(
      (await page.getByTestId(`mean-rank-${group}`).textContent())?.split(' ')[0].replace(/\[.*/, ''),
    );
    expect(meanRank).toBeGreaterThanOrEqual(0);
  }
  const rankDisparity = Number(await page.getByTestId('run-rank-disparity').textContent());
  const light = Number((await page.getByTestId('mean-rank-light').textContent())!.match(/^[\d.]+/)![0]);
  const dark = Number((await page.getByTestId('mean-rank-dark').textContent())!.match(/^[\d.]+/)![0]);
  expect(rankDisparity).toBeCloseTo(Math.abs(light - dark), 2);
  await expect(page.getByTestId('run-params')).toContainText('edges 680');
  await expect(page.getByTestId('run-params')).toContainText('head arcface');
});
