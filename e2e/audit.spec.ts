import { expect, test, type Download, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDataset, openLab, readIdbStore } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const UTKFACE = path.resolve(here, '../../shared/datasets/utkface-sample');
const HUMAN_MODELS = path.resolve(here, '../node_modules/@vladmandic/human/models');

// Small settings keep software-rendered Chromium fast: 16 px, 40 identities × 10 images.
const TINY = 'd.size=16&d.ids=40&d.per=10&steps=3&batch=16';
const AUDIT_TIMEOUT = 240_000;

interface LabRun {
  id: string;
  evaluation: { n: number; byGroup: Record<string, { accuracy: number; count: number }> };
}

/** The runs the lab stored, straight from its IndexedDB. */
const storedRuns = (page: Page) => readIdbStore<LabRun>(page, 'fairness-lab-runs', 'runs');

/** Cells of a GroupMetricsPanel row: group, n, metric, CI. */
async function rowCells(page: Page, scope: string, group: string): Promise<string[]> {
  return page.getByTestId(scope).getByTestId(`group-row-${group}`).locator('td').allTextContents();
}

async function downloadText(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

async function runAudit(page: Page): Promise<void> {
  await expect(page.getByTestId('audit-run')).toBeEnabled();
  await page.getByTestId('audit-run').click();
  await expect(page.getByTestId('audit-results')).toBeVisible({ timeout: AUDIT_TIMEOUT });
}

test('(a) a model trained in the lab audits to exactly the lab’s own per-group numbers', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openLab(page, `backend=cpu&${TINY}`);
  await generateDataset(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 280_000 });

  // What the lab shows for the run, and its exact record.
  const labLight = await rowCells(page, 'run-details', 'light');
  const labDark = await rowCells(page, 'run-details', 'dark');
  const [run] = await storedRuns(page);
  expect(run.evaluation.byGroup.light.count + run.evaluation.byGroup.dark.count).toBe(run.evaluation.n);

  // Download the model: one click, two files.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('export-model').click();
  await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
  const files = await Promise.all(
    downloads.map(async (d) => ({
      name: d.suggestedFilename(),
      mimeType: 'application/octet-stream',
      buffer: readFileSync(await d.path()),
    })),
  );
  expect(files.map((f) => f.name).sort()).toEqual(['model.json', 'weights.bin']);

  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('page-audit')).toBeVisible();
  await page.getByTestId('model-files').setInputFiles(files);
  await expect(page.getByTestId('model-info')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('model-lab')).toContainText('expression');
  await expect(page.getByTestId('model-runnable')).toBeVisible();
  await expect(page.getByTestId('mapping-source')).toHaveText('preset:fairness-lab');
  // Prefilled like the lab's own evaluation: the test split, by skin.
  await expect(page.getByTestId('audit-split')).toHaveValue('test');
  await expect(page.getByTestId('audit-target')).toHaveValue('expression');
  await expect(page.getByTestId('audit-group-skin')).toBeChecked();
  await page.getByTestId('audit-bootstrap').fill('1000');
  await runAudit(page);

  const scope = 'audit-panel-main';
  // group, n, accuracy as shown (the CI column depends only on the same seeded bootstrap).
  expect((await rowCells(page, scope, 'light')).slice(0, 3)).toEqual(labLight.slice(0, 3));
  expect((await rowCells(page, scope, 'dark')).slice(0, 3)).toEqual(labDark.slice(0, 3));
  const { text } = await downloadText(page, 'download-report-json');
  const report = JSON.parse(text) as {
    by_group: Record<string, { accuracy: number; count: number }>;
    dataset: { split: string; n_audited: number };
    mapping: { source: string };
  };
  expect(report.dataset.split).toBe('test');
  expect(report.dataset.n_audited).toBe(run.evaluation.n);
  for (const group of ['light', 'dark']) {
    expect(report.by_group[group].count).toBe(run.evaluation.byGroup[group].count);
    expect(report.by_group[group].accuracy).toBe(run.evaluation.byGroup[group].accuracy);
  }
  expect(report.mapping.source).toBe('preset:fairness-lab');

  // The same run through "Trained in this lab" gives the same table.
  await page.getByTestId('model-source-lab').check();
  await expect(page.getByTestId('model-run')).toHaveValue(run.id);
  await page.getByTestId('model-run-load').click();
  await expect(page.getByTestId('model-name')).toContainText(run.id, { timeout: 60_000 });
  await expect(page.getByTestId('audit-split')).toHaveValue('test');
  await runAudit(page);
  // group, n, accuracy as shown (the CI column depends only on the same seeded bootstrap).
  expect((await rowCells(page, scope, 'light')).slice(0, 3)).toEqual(labLight.slice(0, 3));
  expect((await rowCells(page, scope, 'dark')).slice(0, 3)).toEqual(labDark.slice(0, 3));

  // A reload keeps the mapping form and the data choices.
  await page.reload();
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  await expect(page.getByTestId('mapping-source')).toHaveText('preset:fairness-lab');
  await expect(page.getByTestId('map-kind')).toHaveValue('classes');
  await expect(page.getByTestId('audit-split')).toHaveValue('test');
  await expect(page.getByTestId('audit-group-skin')).toBeChecked();
  expect(errors).toEqual([]);
});

test('(b) human faceres on the UTKFace sample: per-race gender accuracy with CIs and downloads', async ({
  page,
}) => {
  test.skip(!existsSync(UTKFACE), `${UTKFACE} is not available`);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openLab(page, 'backend=wasm', '#/data');
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  await page.getByTestId('import-format').selectOption('utkface');
  await page.getByTestId('import-folder').setInputFiles(UTKFACE);
  await expect(page.getByTestId('import-preview-images')).toHaveText('1,000');
  await page.getByTestId('import-name').fill('utk');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 180_000 });

  await page.getByTestId('nav-audit').click();
  await page.getByTestId('model-files').setInputFiles(
    ['faceres.json', 'faceres.bin'].map((name) => ({
      name,
      mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      buffer: readFileSync(path.join(HUMAN_MODELS, name)),
    })),
  );
  await expect(page.getByTestId('model-info')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('model-inputs')).toContainText('[?, 224, 224, 3]');
  await expect(page.getByTestId('model-outputs')).toContainText('gender_pred/Sigmoid');
  await expect(page.getByTestId('model-runnable')).toContainText('wasm');
  await expect(page.getByTestId('mapping-source')).toHaveText('preset:faceres-gender');
  await expect(page.getByTestId('map-scale')).toHaveValue('0-255');
  await expect(page.getByTestId('map-positive')).toHaveValue('male');

  await expect(page.getByTestId('audit-target')).toHaveValue('gender');
  await expect(page.getByTestId('audit-group-race')).toBeChecked();
  await page.getByTestId('audit-group-age_band').uncheck();
  await page.getByTestId('filter-input').fill('age>=eighteen');
  await page.getByTestId('filter-add').click();
  await expect(page.getByTestId('filter-error')).toContainText('not a number');
  await page.getByTestId('filter-input').fill('age>=18');
  await page.getByTestId('filter-add').click();
  await expect(page.getByTestId('filter-0')).toContainText('age>=18');
  await page.getByTestId('audit-privileged').selectOption('white');
  await page.getByTestId('audit-bootstrap').fill('200');

  // Cancel: the whole sample is long enough to stop part-way.
  await page.getByTestId('audit-limit').fill('0');
  await page.getByTestId('audit-run').click();
  await expect(page.getByTestId('audit-progress')).toContainText(/audit: [1-9]\d* \//, { timeout: 120_000 });
  await expect(page.getByTestId('audit-progress')).toContainText(/left|estimating/);
  await page.getByTestId('audit-cancel').click();
  await expect(page.getByTestId('audit-cancelled')).toBeVisible({ timeout: 120_000 });

  await page.getByTestId('audit-limit').fill('100');
  await runAudit(page);
  await expect(page.getByTestId('audit-n')).toHaveText('100');
  await expect(page.getByTestId('audit-summary')).toContainText('age>=18');
  await expect(page.getByTestId('audit-gaps')).toContainText('Accuracy ranges from');

  const panel = page.getByTestId('audit-panel-main');
  const rows = panel.locator('[data-testid^="group-row-"]');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  for (const race of ['white', 'black', 'asian']) {
    const cells = await rowCells(page, 'audit-panel-main', race);
    expect(cells[2]).toMatch(/^[01]\.\d{3}$/);
    expect(cells[3]).toMatch(/^\[[01]\.\d{3}, [01]\.\d{3}\]$/);
  }
  await expect(panel.locator('.recharts-errorBar').first()).toBeAttached();
  // The signed view keeps its intervals for the privileged group the audit used.
  await panel.getByTestId('view-toggle').click();
  await expect(panel.getByTestId('privileged-select')).toHaveValue('white');
  await expect(panel.getByTestId('disparity-statistical_parity_difference').locator('td').nth(2)).toHaveText(
    /^\[-?\d\.\d{3}, -?\d\.\d{3}\]$/,
  );

  const json = await downloadText(page, 'download-report-json');
  expect(json.name).toMatch(/\.json$/);
  const report = JSON.parse(json.text) as Record<string, unknown> & {
    by_group: Record<string, { accuracy: number; count: number }>;
    mapping: { source: string; input: { size: number[]; scale: string } };
    filters: string[];
    n_filtered: number;
    ci: { replicates: number };
  };
  expect(Object.keys(report.by_group).length).toBeGreaterThanOrEqual(3);
  expect(report.mapping.source).toBe('preset:faceres-gender');
  expect(report.mapping.input).toMatchObject({ size: [224, 224], scale: '0-255' });
  expect(report.filters).toEqual(['age>=18']);
  expect(report.n_filtered).toBeGreaterThan(0);
  expect(report.ci.replicates).toBe(200);

  const csv = await downloadText(page, 'download-report-csv');
  expect(csv.text.split('\n')[0]).toContain('accuracy_ci_low');
  const markdown = await downloadText(page, 'download-markdown');
  expect(markdown.text).toContain('### By race');
  const predictions = await downloadText(page, 'download-predictions');
  expect(predictions.text.split('\n')[0]).toBe('file,y_true,y_pred,score,race');
  expect(predictions.text.trim().split('\n')).toHaveLength(101);

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-png').click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const bytes = readFileSync(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(5_000);
  expect(errors).toEqual([]);
});

/** A GraphModel model.json: Placeholder [?, size, size, channels] → `op` → output "y". */
function tinyGraphModel(op: string, size: number, channels: number): Buffer {
  const dims = [-1, size, size, channels].map((d) => ({ size: String(d) }));
  return Buffer.from(
    JSON.stringify({
      format: 'graph-model',
      generatedBy: 'e2e',
      convertedBy: 'e2e',
      modelTopology: {
        node: [
          {
            name: 'x',
            op: 'Placeholder',
            attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: dims } } },
          },
          { name: 'y', op, input: ['x'], attr: { T: { type: 'DT_FLOAT' } } },
        ],
        versions: { producer: 1 },
      },
      weightsManifest: [],
    }),
  );
}

test('(c) an unsupported op and a wrong input shape each show their own error and keep Run disabled', async ({
  page,
}) => {
  await openLab(page, `backend=cpu&${TINY}`);
  await generateDataset(page);
  await page.getByTestId('nav-audit').click();

  // A graph with an op tfjs has never heard of: named in red on load, and the run refuses.
  await page
    .getByTestId('model-files')
    .setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: tinyGraphModel('FancyUnknownOp', 4, 3) },
    ]);
  await expect(page.getByTestId('model-unsupported')).toContainText('FancyUnknownOp', { timeout: 60_000 });
  await expect(page.getByTestId('mapping-problems')).toContainText('"FancyUnknownOp" that the cpu backend');
  await expect(page.getByTestId('audit-run')).toBeDisabled();
  await expect(page.getByTestId('audit-blockers')).toContainText('"FancyUnknownOp" that the cpu backend');
  await expect(page.getByTestId('audit-results')).toHaveCount(0);

  // A 32×32 gray model, dropped on the drop zone: the mapping is read from it; ask for 64×64
  // and the shape error says so.
  const transfer = await page.evaluateHandle(
    (json) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], 'model.json', { type: 'application/json' }));
      return dt;
    },
    tinyGraphModel('Relu', 32, 1).toString('utf8'),
  );
  await page.getByTestId('model-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('model-inputs')).toContainText('[?, 32, 32, 1]', { timeout: 60_000 });
  await expect(page.getByTestId('model-runnable')).toBeVisible();
  await expect(page.getByTestId('map-height')).toHaveValue('32');
  await expect(page.getByTestId('map-channels')).toHaveValue('gray');
  await page.getByTestId('map-height').fill('64');
  await page.getByTestId('map-width').fill('64');
  const shapeError = /Input "x" expects shape \[\?, 32, 32, 1\] but the mapping produces \[\?, 64, 64, 1\]/;
  await expect(page.getByTestId('mapping-problems')).toContainText(shapeError);
  await expect(page.getByTestId('audit-run')).toBeDisabled();
  await expect(page.getByTestId('audit-blockers')).toContainText(shapeError);
  await expect(page.getByTestId('audit-results')).toHaveCount(0);

  // The URL source: the Worker fetches model.json (here answered by the test).
  await page
    .context()
    .route('**/e2e-models/bogus/model.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: tinyGraphModel('AnotherBogusOp', 8, 3) }),
    );
  await page.getByTestId('model-source-url').check();
  await page.getByTestId('model-url').fill('/e2e-models/bogus/model.json');
  await page.getByTestId('model-url-load').click();
  await expect(page.getByTestId('model-unsupported')).toContainText('AnotherBogusOp', { timeout: 60_000 });
});

test('(d) a predictions CSV made elsewhere gets the same per-group report', async ({ page }) => {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const race = ['white', 'black', 'asian'][i % 3];
    const truth = i % 2 ? 'male' : 'female';
    // black rows are wrong every third time, the others never.
    const wrong = race === 'black' && i % 9 === 1;
    const pred = wrong ? (truth === 'male' ? 'female' : 'male') : truth;
    return `img_${i}.jpg,${truth},${pred},${pred === 'male' ? 0.9 : 0.1},${race},${20 + i}`;
  });
  const text = ['file,y_true,y_pred,score,race,age', ...rows].join('\n') + '\n';
  await openLab(page, 'backend=cpu', '#/audit');
  await page.getByTestId('route-csv').check();
  await page.getByTestId('csv-file').setInputFiles({
    name: 'preds.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });
  await expect(page.getByTestId('csv-source')).toContainText('60 rows');
  await page.getByTestId('csv-group-age').uncheck();
  await page.getByTestId('csv-positive').selectOption('male');
  await page.getByTestId('csv-filters').fill('age>=25');
  await page.getByTestId('csv-bootstrap').fill('200');
  await page.getByTestId('csv-run').click();
  await expect(page.getByTestId('audit-results')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('audit-n')).toHaveText('55');
  const white = await rowCells(page, 'audit-panel-main', 'white');
  expect(white[2]).toBe('1.000');
  const black = await rowCells(page, 'audit-panel-main', 'black');
  expect(Number(black[2])).toBeLessThan(1);
  await expect(page.getByTestId('audit-gaps')).toContainText(/Accuracy ranges from [\d.]+ for black/);
  const { text: json } = await downloadText(page, 'download-report-json');
  const report = JSON.parse(json) as { mapping: unknown; filters: string[]; n_filtered: number };
  expect(report.mapping).toBeNull();
  expect(report.filters).toEqual(['age>=25']);
  expect(report.n_filtered).toBe(5);

  // No group column: overall accuracy, said so.
  await page.getByTestId('csv-group-race').uncheck();
  await expect(page.getByTestId('csv-no-groups')).toBeVisible();
  await page.getByTestId('csv-run').click();
  await expect(page.getByTestId('audit-no-groups-summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('overall-row').locator('td').first()).toHaveText('55');
});

test('(e) a sample model trained here in one click: loading states, a mapping that cannot run, no groups, resize sampling', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Remember every misleading "nothing here" text the page ever shows, from its first paint.
  await page.addInitScript(() => {
    const seen = new Set<string>();
    (window as unknown as { auditSeen: Set<string> }).auditSeen = seen;
    const look = () => {
      const text = document.body?.textContent ?? '';
      for (const phrase of ['No stored dataset', 'no trained runs', 'Loading the stored datasets'])
        if (text.includes(phrase)) seen.add(phrase);
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const seen = () => page.evaluate(() => [...(window as unknown as { auditSeen: Set<string> }).auditSeen]);

  await openLab(page, 'backend=wasm', '#/audit');
  await expect(page.getByTestId('sample-explained')).toContainText('not a real face model');
  await page.getByTestId('sample-train').click();
  await expect(page.getByTestId('sample-progress')).toBeVisible();
  await expect(page.getByTestId('sample-note')).toContainText('Trained and loaded the sample model', {
    timeout: AUDIT_TIMEOUT,
  });
  await expect(page.getByTestId('model-lab')).toContainText('expression');
  await expect(page.getByTestId('mapping-source')).toHaveText('preset:fairness-lab');
  await expect(page.getByTestId('map-resize-convention')).toHaveValue('half-pixel');
  await expect(page.getByTestId('audit-dataset').locator('option:checked')).toContainText('Audit sample');
  await expect(page.getByTestId('audit-split')).toHaveValue('test');
  await expect(page.getByTestId('audit-target')).toHaveValue('expression');
  await expect(page.getByTestId('audit-group-skin')).toBeChecked();
  await runAudit(page);
  await expect(page.getByTestId('audit-gaps')).toContainText(/Accuracy ranges from [\d.]+ for dark/);

  // A target the model's labels cannot fit: Run is disabled and the page says exactly what does not fit.
  await page.getByTestId('audit-target').selectOption('skin');
  await expect(page.getByTestId('audit-run')).toBeDisabled();
  const problems = page.getByTestId('mapping-problems');
  await expect(problems).toContainText(
    'model labels "neutral", "happy", "sad", "surprised" have no value of "skin", and values "light", "dark" of "skin" are predicted by no model label',
  );
  await expect(problems).toContainText(
    'The model\'s labels are values of "expression": choose it as the target',
  );
  await expect(problems).not.toContainText('{"neutral"');
  await expect(page.getByTestId('audit-blockers')).toContainText('have no value of "skin"');
  await expect(problems.locator('li')).toHaveCount(1);
  await page.getByTestId('audit-target').selectOption('expression');
  await page.getByTestId('audit-group-skin').check();
  await expect(page.getByTestId('audit-run')).toBeEnabled();

  // Legacy sampling is one choice away, and the report says which was used.
  await page.getByTestId('map-resize-convention').selectOption('legacy');
  await expect(page.getByTestId('mapping-source')).toHaveText('preset:fairness-lab (edited)');
  await expect(page.getByTestId('mapping-summary')).toContainText('bilinear resize (legacy)');
  await page.getByTestId('map-resize-convention').selectOption('half-pixel');

  // No group attribute: overall and per-class accuracy, said so.
  await page.getByTestId('audit-group-skin').uncheck();
  await page.getByTestId('audit-group-age').uncheck();
  await expect(page.getByTestId('audit-no-groups')).toBeVisible();
  await runAudit(page);
  await expect(page.getByTestId('audit-no-groups-summary')).toBeVisible();
  await expect(page.getByTestId('overall-row').locator('td').nth(1)).toHaveText(/^[01]\.\d{3} \[/);
  for (const expression of ['neutral', 'happy', 'sad', 'surprised'])
    await expect(page.getByTestId(`class-row-${expression}`).locator('td').nth(1)).toHaveText(
      /^[01]\.\d{3}$/,
    );
  const markdown = await downloadText(page, 'download-markdown');
  expect(markdown.text).toContain('no groups given');
  expect(markdown.text).toContain('### Per class (one-vs-rest, all images)');
  const csv = await downloadText(page, 'download-report-csv');
  expect(csv.text).toMatch(/\nclass,surprised,/);

  // After a reload the lists say "loading…" until they arrive, never "nothing stored".
  await page.reload();
  await page.getByTestId('model-source-lab').check();
  await expect(page.getByTestId('model-run').locator('option:checked')).toContainText('quick-cnn', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('audit-dataset').locator('option:checked')).toContainText('Audit sample');
  const phrases = await seen();
  expect(phrases).toContain('Loading the stored datasets');
  expect(phrases).not.toContain('No stored dataset');
  expect(phrases).not.toContain('no trained runs');
  // The second click loads the same sample instead of training again.
  await page.getByTestId('sample-train').click();
  await expect(page.getByTestId('sample-note')).toContainText('Loaded the sample model trained here before', {
    timeout: AUDIT_TIMEOUT,
  });
  expect(errors).toEqual([]);
});

test('(f) a model URL that cannot be fetched says which URLs were tried and what the server must allow', async ({
  page,
}) => {
  await openLab(page, 'backend=cpu', '#/audit');
  await page.getByTestId('model-source-url').check();
  // Nothing listens on port 9: the browser's fetch fails as it does for a CORS refusal.
  await page.getByTestId('model-url').fill('http://127.0.0.1:9/models/face/model.json');
  await page.getByTestId('model-url-load').click();
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('Could not fetch http://127.0.0.1:9/models/face/model.json (', {
    timeout: 60_000,
  });
  await expect(error).toContainText('CORS: Access-Control-Allow-Origin');

  // model.json arrives, its weight shard does not.
  const json = JSON.parse(tinyGraphModel('Relu', 8, 3).toString('utf8')) as Record<string, unknown>;
  json.weightsManifest = [{ paths: ['group1-shard1of1.bin'], weights: [] }];
  await page
    .context()
    .route('**/e2e-models/shardless/model.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(json) }),
    );
  await page.context().route('**/e2e-models/shardless/group1-shard1of1.bin', (route) => route.abort());
  await page.getByTestId('model-url').fill('/e2e-models/shardless/model.json');
  await page.getByTestId('model-url-load').click();
  await expect(error).toContainText('model.json loaded, then shard 1 of 1 http://', { timeout: 60_000 });
  await expect(error).toContainText('/e2e-models/shardless/group1-shard1of1.bin failed (');
});
