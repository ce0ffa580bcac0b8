import { expect, test } from '@playwright/test';
import { countIdbRecords, generateDataset, openLab } from './helpers';

// Small settings keep software-rendered Chromium fast: 16 px, 40 identities × 10 images.
const TINY = 'd.size=16&d.ids=40&d.per=10';

test('(a) the full flow on the default backend puts a model on the scatter', async ({ page }) => {
  await openLab(page, 'epochs=1');
  const reason = (await page.getByTestId('backend-reason').textContent()) ?? '';
  // Without a real GPU the header says a measured calibration chose the backend.
  if (/software fallback|no WebGPU adapter/.test(reason)) expect(reason).toMatch(/calibrated.*img\/s/);
  // On wasm, the lab's hand-assembled SIMD loops loaded in the production bundle's Worker.
  if ((await page.getByTestId('backend-badge').textContent()) === 'wasm')
    expect(reason).toContain('training kernels: WebAssembly SIMD');
  await expect(page.getByTestId('dataset-count')).toHaveText('0 stored');
  await generateDataset(page);
  await expect(page.getByTestId('dataset-count')).toHaveText('1 stored');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toBeVisible();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 280_000 });
  const loss = Number(await page.getByTestId('final-loss').textContent());
  expect(Number.isFinite(loss)).toBe(true);
  const scatter = page.getByTestId('scatter');
  await expect(scatter).toHaveAttribute('data-points', '1');
  const point = scatter.locator('.recharts-scatter-symbol').first();
  await expect(point).toBeVisible();
  await point.hover();
  await expect(page.getByTestId('scatter-tooltip')).toContainText('accuracy');
  await expect(page.getByTestId('group-metrics-panel')).toBeVisible();
  await expect(page.getByTestId('group-row-light')).toBeVisible();
  await expect(page.getByTestId('group-row-dark')).toBeVisible();
});

test('(b) ?backend=webgpu runs a tiny training on WebGPU with a finite loss', async ({ page }) => {
  await openLab(page, `backend=webgpu&${TINY}&steps=2&batch=8`);
  await expect(page.getByTestId('backend-badge')).toHaveText('webgpu');
  await expect(page.getByTestId('backend-reason')).toContainText('forced');
  await generateDataset(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 280_000 });
  await expect(page.getByTestId('train-summary')).toContainText('2 steps');
  await expect(page.getByTestId('train-summary')).toContainText('webgpu');
  const loss = Number(await page.getByTestId('final-loss').textContent());
  expect(Number.isFinite(loss)).toBe(true);
});

test('(c) a reload keeps the generated dataset listed, without regenerating it', async ({ page }) => {
  await openLab(page, TINY);
  await generateDataset(page);
  const listed = await page.getByTestId('dataset-select').locator('option').allTextContents();
  await page.reload();
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  await expect(page.getByTestId('dataset-count')).toHaveText('1 stored');
  expect(await page.getByTestId('dataset-select').locator('option').allTextContents()).toEqual(listed);
  await expect(page.getByTestId('generate-progress')).toHaveCount(0);
});

test('(d) cancelling a generation leaves no partial dataset', async ({ page }) => {
  // 64 px RGB, 40,000 images: long enough to cancel part-way.
  await openLab(page, 'd.size=64&d.ch=3&d.ids=2000&d.per=20');
  await page.getByTestId('generate').click();
  const progress = page.getByTestId('generate-progress');
  await expect(progress).toContainText(/generate: [1-9]\d* \//, { timeout: 120_000 });
  await page.getByTestId('generate-cancel').click();
  await expect(page.getByTestId('generate-cancelled')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('dataset-count')).toHaveText('0 stored');
  expect(await countIdbRecords(page, 'fairness-lab', 'shards')).toBe(0);
  expect(await countIdbRecords(page, 'fairness-lab', 'pending')).toBe(0);
  await page.reload();
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  await expect(page.getByTestId('dataset-count')).toHaveText('0 stored');
});

test('(e) Cancel stops a training run promptly and records no run', async ({ page }) => {
  // The reference CNN for 50 epochs would run for minutes.
  await openLab(page, `${TINY}&model=reference-cnn&epochs=50&batch=8`);
  await generateDataset(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toContainText(/train: [1-9]\d* \//, { timeout: 120_000 });
  await page.getByTestId('train-cancel').click();
  await expect(page.getByTestId('train-cancelled')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('No trained models yet')).toBeVisible();
});

test('(f) ?backend=wasm trains on the hand-assembled SIMD kernels, and the header says so', async ({
  page,
}) => {
  await openLab(page, `backend=wasm&${TINY}&model=reference-cnn&epochs=1&batch=16`);
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  // Chromium has relaxed SIMD, so the filter-gradient tiles use its multiply-add.
  await expect(page.getByTestId('backend-reason')).toContainText(
    'training kernels: WebAssembly SIMD with relaxed multiply-add',
  );
  await generateDataset(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 120_000 });
  expect(Number.isFinite(Number(await page.getByTestId('final-loss').textContent()))).toBe(true);
});
