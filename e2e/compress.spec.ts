import { expect, test, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { generateDataset, openLab, readIdbStore } from './helpers';

// Small settings keep software-rendered Chromium fast: 16 px, 40 identities × 10 images, 3 steps.
const TINY = 'd.size=16&d.ids=40&d.per=10&steps=3&batch=16';
const SWEEP_TIMEOUT = 240_000;

/** A few rows in the format of Stoychev & Gunes's summary CSV (made up here: the file is never bundled). */
const PUBLISHED = [
  'dataset,method,param,n_runs,size_bytes_mean,acc_mean,f_acc_mean,m_acc_mean',
  'CK+,model,,1,16512044,0.68,0.67,0.69',
  'CK+,pruned_model,30,3,12974191,0.67,0.62,0.76',
  'CK+,pruned_model,60,3,8586447,0.41,0.44,0.36',
  'CK+,quantised_model,,3,4044623,0.68,0.67,0.69',
].join('\n');

interface StoredSweep {
  id: string;
  status: string;
  settings: { key: string; byGroup: Record<string, { accuracy: number; count: number }> }[];
}

const storedSweeps = (page: Page) => readIdbStore<StoredSweep>(page, 'fairness-lab-compress', 'sweeps');

async function storedRunIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open('fairness-lab-runs');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const all = request.result.transaction('runs').objectStore('runs').getAllKeys();
          all.onsuccess = () => resolve(all.result as string[]);
        };
      }),
  );
}

const series = async (page: Page, testId: string) =>
  JSON.parse((await page.getByTestId(testId).getAttribute('data-series')) ?? '{}') as Record<string, number>;

test('a 3-setting sweep on a tiny trained model draws the charts, and its export loads on the Audit page', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openLab(page, `backend=cpu&${TINY}`);
  await generateDataset(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 280_000 });
  const [runId] = await storedRunIds(page);

  // "Compress this model": another page links to ?run=<id>.
  await openLab(page, `backend=cpu&run=${runId}`, '#/compress');
  await expect(page.getByTestId('page-compress')).toBeVisible();
  await expect(page.getByTestId('compress-model-name')).toContainText(runId, { timeout: 60_000 });
  await expect(page.getByTestId('compress-prunable')).toContainText('conv_1/kernel');

  await page.getByTestId('sweep-methods').fill('prune:0.3,prune:0.6,int8');
  await page.getByTestId('sweep-repeats').fill('2');
  await page.getByTestId('sweep-bootstrap').fill('200');
  await expect(page.getByTestId('sweep-run')).toHaveText('Run the sweep (7 models)');
  // Bad input is named before anything runs.
  await page.getByTestId('sweep-methods').fill('prune:1.5');
  await expect(page.getByTestId('sweep-problems')).toHaveText('sparsity must be in [0, 1) (got 1.5)');
  await expect(page.getByTestId('sweep-run')).toBeDisabled();
  await page.getByTestId('sweep-methods').fill('prune:0.3,prune:0.6,int8');
  await expect(page.getByTestId('sweep-run')).toHaveText('Run the sweep (7 models)');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'done', {
    timeout: SWEEP_TIMEOUT,
  });

  // Size vs accuracy and size vs disparity: one series per technique, a point per setting.
  const perTechnique = { baseline: 1, prune: 2, int8: 1 };
  expect(await series(page, 'chart-size-accuracy')).toEqual(perTechnique);
  expect(await series(page, 'chart-size-disparity')).toEqual(perTechnique);
  await expect(page.getByTestId('chart-size-accuracy').locator('.recharts-line-dot')).toHaveCount(4);
  // Sparsity vs accuracy per group: the baseline at 0, then 0.3 and 0.6, with CI bands.
  await expect(page.getByTestId('group-chart-method')).toHaveValue('prune');
  expect(await series(page, 'chart-group-accuracy')).toEqual({ light: 3, dark: 3 });
  await expect(page.getByTestId('chart-group-accuracy').locator('.recharts-area').first()).toBeAttached();

  // Published results beside the lab's, as labelled series.
  await page.getByTestId('published-file').setInputFiles({
    name: 'published.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(PUBLISHED),
  });
  await expect(page.getByTestId('published-name')).toContainText('4 rows');
  expect(await series(page, 'chart-size-accuracy')).toEqual({
    ...perTechnique,
    'CK+ (published): baseline': 1,
    'CK+ (published): prune': 2,
    'CK+ (published): int8': 1,
  });
  expect(await series(page, 'chart-group-accuracy')).toEqual({
    light: 3,
    dark: 3,
    'CK+ (published): female': 3,
    'CK+ (published): male': 3,
  });

  // The table sorts, and downloads as CSV.
  const table = page.getByTestId('results-table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await page.getByTestId('sort-size_bytes').click();
  await expect(table.locator('tbody tr').first()).toHaveAttribute('data-testid', 'result-row-int8');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('results-csv').click()]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  expect(csvText.split('\n')[0]).toContain('acc_light_ci_low');
  expect(csvText.trim().split('\n')).toHaveLength(5);

  // Two repeats: the CIE browser shows each group and its images.
  await expect(page.getByTestId('cie-row-light')).toBeVisible();
  await expect(page.getByTestId('cie-row-dark')).toBeVisible();
  await expect(page.getByTestId('cie-images')).toBeVisible();

  // Export the int8 model: model.json + weights.bin, which the Audit page loads and runs.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('export-int8').click();
  await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
  const files = await Promise.all(
    downloads.map(async (d) => ({
      name: d.suggestedFilename(),
      mimeType: 'application/octet-stream',
      buffer: readFileSync(await d.path()),
    })),
  );
  expect(files.map((f) => f.name).sort()).toEqual(['model.json', 'weights.bin']);
  const manifest = JSON.parse(files.find((f) => f.name === 'model.json')!.buffer.toString('utf8'));
  expect(manifest.userDefinedMetadata.compression.setting).toBe('int8');

  const [sweep] = await storedSweeps(page);
  const int8 = sweep.settings.find((s) => s.key === 'int8')!;
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('model-files').setInputFiles(files);
  await expect(page.getByTestId('model-info')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('mapping-source')).toHaveText('preset:fairness-lab');
  await expect(page.getByTestId('audit-split')).toHaveValue('test');
  await page.getByTestId('audit-bootstrap').fill('0');
  await page.getByTestId('audit-run').click();
  await expect(page.getByTestId('audit-results')).toBeVisible({ timeout: SWEEP_TIMEOUT });
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-report-json').click(),
  ]);
  const audited = JSON.parse(readFileSync(await report.path(), 'utf8')) as {
    by_group: Record<string, { accuracy: number; count: number }>;
  };
  // What the sweep evaluated is what was exported.
  for (const group of ['light', 'dark']) {
    expect(audited.by_group[group].count).toBe(int8.byGroup[group].count);
    expect(audited.by_group[group].accuracy).toBeCloseTo(int8.byGroup[group].accuracy, 9);
  }

  // A reload keeps the sweep, its charts and the overlay.
  await page.goto('/?backend=cpu#/compress');
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  await expect(page.getByTestId('sweep-status')).toHaveAttribute('data-status', 'done');
  expect(await series(page, 'chart-size-accuracy')).toMatchObject(perTechnique);
  await expect(page.getByTestId('published-name')).toContainText('4 rows');

  // Cancel stops a long sweep; what finished is kept, marked cancelled.
  await page.getByTestId('compress-run-load').click();
  await expect(page.getByTestId('compress-model-name')).toContainText(runId, { timeout: 60_000 });
  await page
    .getByTestId('sweep-methods')
    .fill('prune:0.1,prune:0.2,prune:0.3,prune:0.4,prune:0.5,prune:0.6,prune:0.7');
  await page.getByTestId('sweep-repeats').fill('20');
  await page.getByTestId('sweep-bootstrap').fill('2000');
  await expect(page.getByTestId('sweep-run')).toHaveText('Run the sweep (141 models)');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-progress')).toContainText(/compress: \d+ \/ \d+ \(prune/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('sweep-progress')).toContainText(/left|estimating/);
  await page.getByTestId('sweep-cancel').click();
  await expect(page.getByTestId('sweep-cancelled')).toBeVisible({ timeout: 60_000 });
  const after = await storedSweeps(page);
  expect(after).toHaveLength(2);
  expect(after.map((s) => s.status).sort()).toEqual(['cancelled', 'done']);
  expect(errors).toEqual([]);
});
