import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { generateDataset, openLab } from './helpers';

// 16 px, 40 identities × 10 images: the smallest synthetic identity task.
const DATA = 'backend=wasm&d.size=16&d.ids=40&d.per=10';
// 4 sampled FR-NAS trials at the smallest width, one epoch each, one Worker, plus FR-NAS's three
// found architectures (in the study) and two mitigation baselines (beside it).
const STUDY =
  's.trials=4&s.min=1&s.max=1&s.workers=1&s.batch=16&s.width=0.04&s.mit=flipped,adversarial&s.sampler=random';

async function openSearchOnTinyData(page: Page, study: string): Promise<void> {
  await openLab(page, DATA, '#/train');
  await generateDataset(page);
  await page.goto(`/?${DATA}&${study}#/search`);
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  await page.getByTestId('search-dataset').selectOption({ index: 1 });
  await expect(page.getByTestId('search-start')).toBeEnabled();
}

test('a 4-trial FR-NAS study resumes after a reload, draws its trials, front and baselines, and opens a trial', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openSearchOnTinyData(page, STUDY);
  await expect(page.getByTestId('search-trials')).toHaveValue('4');
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('study-progress')).toBeVisible();
  // The study's bar counts trials out of its total (never a Worker's steps); each Worker has its own.
  await expect(page.getByTestId('study-progress-text')).toContainText(/^\d+ \/ 9 trials · /);
  await expect(page.getByTestId('worker-progress-0')).toContainText(
    /Worker 1: (starting|trial \d+, to 1 epoch\b)/,
  );
  // Reload once the first trial is done: the study must go on from where it was.
  await expect(page.getByTestId('study-summary')).toContainText(/^[1-9]\d* of 9 trials finished/, {
    timeout: 300_000,
  });
  await page.reload();
  await expect(page.getByTestId('search-notice')).toContainText('Resumed', { timeout: 120_000 });
  await expect(page.getByTestId('study-results')).toHaveAttribute('data-status', 'done', {
    timeout: 600_000,
  });
  await expect(page.getByTestId('study-summary')).toContainText('9 of 9 trials finished');

  const scatter = page.getByTestId('study-scatter');
  // Every trial once: 4 searched, 3 FR-NAS baselines, 2 mitigation baselines (no trial run twice).
  await expect(scatter).toHaveAttribute('data-points', '9');
  const searched = scatter.locator('[data-testid="study-point-front"], [data-testid="study-point-searched"]');
  expect(await searched.count()).toBeLessThanOrEqual(4);
  expect(await scatter.getByTestId('study-point-baseline').count()).toBeGreaterThanOrEqual(3);
  // Each mitigation method is its own series, with its own marker and legend entry.
  const mitigated = scatter.getByTestId('study-point-mitigation');
  await expect(mitigated).toHaveCount(2);
  expect(
    new Set(await mitigated.evaluateAll((els) => els.map((e) => e.getAttribute('data-series')))),
  ).toEqual(new Set(['flipped', 'adversarial']));
  expect(
    new Set(await mitigated.locator('polygon').evaluateAll((els) => els.map((e) => e.getAttribute('fill')))),
  ).toHaveProperty('size', 2);
  await expect(scatter.locator('.recharts-legend-wrapper')).toContainText('mitigation: flipped');
  await expect(scatter.locator('.recharts-legend-wrapper')).toContainText('mitigation: adversarial');
  expect(Number(await scatter.getAttribute('data-front'))).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('hypervolume-chart')).toBeVisible();
  await expect(page.getByTestId('reference-point')).toContainText('error');
  await expect(page.getByTestId('dominance')).toContainText('flipped');
  await expect(page.getByTestId('dominance')).toContainText('adversarial');

  // A mitigation baseline's detail states its method and every parameter it trained with.
  // Points may overlap, so the click goes to the point itself, not to whatever is drawn on top of it.
  await scatter.locator('[data-series="adversarial"]').dispatchEvent('click');
  await expect(page.getByTestId('trial-mitigation')).toContainText(
    'adversarial discriminator (gradient reversal): weight 1, hidden 32, warmup 0.2',
  );
  await expect(page.getByTestId('trial-detail').getByTestId('epoch-chart')).toBeVisible();

  // Clicking a point opens its trial: architecture by FR-NAS's op names, per-group ranks, per-epoch objectives.
  const point = scatter
    .locator('[data-testid="study-point-front"], [data-testid="study-point-searched"]')
    .first();
  const key = (await point.getAttribute('data-key'))!;
  await point.dispatchEvent('click');
  const detail = page.getByTestId('trial-detail');
  await expect(detail).toHaveAttribute('data-trial', key.slice(1));
  await expect(detail.getByTestId('trial-architecture')).toContainText(/edge1 \(1x1_a\).*op \d: /s);
  await expect(detail.getByTestId('trial-parameters')).toHaveText(/^\d[\d,]*$/);
  await expect(detail.getByTestId('epoch-chart')).toBeVisible();
  await expect(detail.getByTestId('trial-export')).toBeEnabled();

  // The study as an Optuna journal: one create_study with both directions, one create_trial per trial.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-optuna').click(),
  ]);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines[0]).toMatchObject({ op_code: 0, directions: [1, 1] });
  expect(lines.filter((l) => l.op_code === 4)).toHaveLength(7);

  // The trial's model downloads in tfjs format, and "Compress this model" opens it on the Compress page.
  const files: string[] = [];
  page.on('download', (d) => files.push(d.suggestedFilename()));
  await detail.getByTestId('trial-export').click();
  await expect.poll(() => files.length).toBe(2);
  expect(files.sort()).toEqual(['model.json', 'weights.bin']);
  await detail.getByTestId('trial-compress').click();
  await expect(page.getByTestId('page-compress')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('compress-model-name')).toContainText('run-trial-', { timeout: 60_000 });
});

// ParEGO + Hyperband (1 → 2 epochs, η = 2) in two Workers: low-fidelity points, pause and resume.
const HYPERBAND = 's.trials=4&s.min=1&s.max=2&s.eta=2&s.workers=2&s.batch=16&s.width=0.04&s.sampler=parego';

const PUBLISHED_CSV = [
  'Model name,Error_mean,Error_std,Rank Disparity_mean,Rank Disparity_std',
  'dpn_000_CosFace_SGD,0.30,0.01,2.5,0.2',
  'dpn_680_CosFace_Adam,0.20,0.01,1.5,0.1',
].join('\n');

test('two Workers, Hyperband, pause and resume; an Optuna journal imported; FR-NAS published results overlaid', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openSearchOnTinyData(page, HYPERBAND);
  await page.getByTestId('search-start').click();
  // Both Workers train at once.
  await expect(page.getByTestId('worker-progress-1')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('worker-progress-0')).toBeVisible();
  await page.getByTestId('study-pause').click();
  await expect(page.getByTestId('study-results')).toHaveAttribute('data-status', 'paused', {
    timeout: 300_000,
  });
  await expect(page.getByTestId('study-progress')).toBeHidden();
  const finishedAtPause = Number(
    /^(\d+) of/.exec((await page.getByTestId('study-summary').textContent())!)![1],
  );
  await expect(page.getByTestId('search-start')).toHaveText('Resume study');
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('study-results')).toHaveAttribute('data-status', 'done', {
    timeout: 600_000,
  });
  const summary = (await page.getByTestId('study-summary').textContent())!;
  const [, done, total] = /^(\d+) of (\d+) trials finished/.exec(summary)!;
  expect(done).toBe(total);
  expect(Number(done)).toBeGreaterThan(finishedAtPause);
  const scatter = page.getByTestId('study-scatter');
  // Hyperband stopped some trials at 1 epoch: they stay in the study, drawn faded.
  const lowFidelity = await scatter.getByTestId('study-point-low-fidelity').count();
  const fullBudget = await scatter
    .locator(
      '[data-testid="study-point-front"], [data-testid="study-point-searched"], [data-testid="study-point-baseline"]',
    )
    .count();
  expect(lowFidelity + fullBudget).toBe(Number(await scatter.getAttribute('data-points')));
  await expect(page.getByTestId('hypervolume')).toHaveText(/^\d+\.\d{4}$/);

  // The journal, exported and imported back: the same trials on the scatter, as a study of its own.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-optuna').click(),
  ]);
  const journal = readFileSync((await download.path())!, 'utf8');
  const plotted = await scatter.getAttribute('data-points');
  await page.getByTestId('import-journal').setInputFiles({
    name: 'study.log',
    mimeType: 'application/json',
    buffer: Buffer.from(journal),
  });
  await expect(page.getByTestId('search-notice')).toContainText('Imported 7 trials from study.log');
  await expect(page.getByTestId('study-results')).toContainText('optuna:');
  await expect(scatter).toHaveAttribute('data-points', plotted!);

  // FR-NAS's published results as their own series; a malformed file is refused with the reason.
  await page.getByTestId('load-published').setInputFiles({
    name: 'celeba_test_phase2.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(PUBLISHED_CSV),
  });
  await expect(scatter.getByTestId('study-point-published')).toHaveCount(2);
  await expect(page.getByTestId('published-name')).toContainText('celeba_test_phase2.csv');
  await page.getByTestId('load-published').setInputFiles({
    name: 'wrong.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b\n1,2'),
  });
  await expect(page.getByTestId('search-error')).toContainText('lacks the column "Error_mean"');
  await expect(scatter.getByTestId('study-point-published')).toHaveCount(2);
});

test('on a fresh profile the Search page makes its own demo dataset; a shared link makes it elsewhere; a bad setting is reported', async ({
  page,
  browser,
}) => {
  await openLab(page, 'backend=wasm&s.trials=zero', '#/search');
  await expect(page.getByTestId('search-error')).toContainText(
    'URL parameter "s.trials" must be a whole number',
  );
  await expect(page.getByTestId('search-start')).toBeDisabled();
  await expect(page.getByTestId('search-problem')).toContainText('Choose a stored dataset');
  await page.getByTestId('search-generate-demo').click();
  await expect(page.getByTestId('search-dataset')).not.toHaveValue('', { timeout: 180_000 });
  await expect(page.getByTestId('search-no-datasets')).toBeHidden();
  await page.getByTestId('preset-workshop').click();
  await expect(page.getByTestId('preset-workshop')).toHaveClass(/active/);
  await expect(page.getByTestId('search-trials')).toHaveValue('6');
  await expect(page.getByTestId('search-start')).toBeEnabled();
  await expect(page.getByTestId('search-start')).toHaveText('Start search');
  // The study's settings are in the URL, ready to share: another browser makes the same dataset
  // from the link's synthetic settings and names the same study.
  const link = new URL(page.url());
  expect(link.searchParams.get('s.data')).not.toBeNull();
  expect(link.searchParams.get('d.size')).not.toBeNull();
  const name = await page.getByTestId('search-study-name').textContent();
  const other = await (await browser.newContext()).newPage();
  await other.goto(link.toString());
  await expect(other.getByTestId('search-linked-dataset')).toBeVisible({ timeout: 120_000 });
  await other.getByTestId('search-generate-linked').click();
  await expect(other.getByTestId('search-linked-dataset')).toBeHidden({ timeout: 180_000 });
  await expect(other.getByTestId('search-trials')).toHaveValue('6');
  await expect(other.getByTestId('search-study-name')).toHaveText(name!);
  await expect(other.getByTestId('search-start')).toBeEnabled();
});

test('a study keeps running while the user visits another page, and the scatter follows it on return', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await openSearchOnTinyData(
    page,
    's.trials=3&s.min=1&s.max=1&s.workers=1&s.batch=16&s.width=0.04&s.sampler=random&s.seed=5',
  );
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('study-progress')).toBeVisible();
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('page-train')).toBeVisible();
  await page.getByTestId('nav-search').click();
  await expect(page.getByTestId('study-detached')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('study-results')).toHaveAttribute('data-status', 'done', {
    timeout: 300_000,
  });
  await expect(page.getByTestId('study-detached')).toBeHidden();
  await expect(page.getByTestId('study-summary')).toContainText('6 of 6 trials finished');
});
