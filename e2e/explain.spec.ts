import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';

// A lab that explains itself (issue 16): names that tell datasets and runs apart, links that name
// their dataset, every stored dataset trainable, honest panels and a readable header.

// 16 px, 40 identities × 10 images, one epoch: seconds on any backend.
const TINY = 'd.size=16&d.ids=40&d.per=10&epochs=1';
const READY = { timeout: 120_000 };
const TRAINED = { timeout: 200_000 };

/** Console errors and warnings, from the page and its Worker (Playwright reports both). */
function watchConsole(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') messages.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  return messages;
}

async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('backend-info')).toHaveAttribute('data-status', 'ready', READY);
}

async function hoverPoint(page: Page, selected: boolean): Promise<string> {
  await page
    .getByTestId('scatter')
    .getByTestId(selected ? 'scatter-selected' : 'scatter-point')
    .first()
    .hover();
  const tooltip = page.getByTestId('scatter-tooltip');
  await expect(tooltip).toBeVisible();
  return (await tooltip.textContent()) ?? '';
}

test('the header: a short badge, the full reason and speeds in a popover, progress while calibrating, no console errors', async ({
  page,
}) => {
  const messages = watchConsole(page);
  // Every text the badge shows while the lab starts, recorded in the page as it changes.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { badgeTexts: string[] }).badgeTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="backend-badge"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`/?${TINY}#/train`);
  await waitReady(page);
  const reason = (await page.getByTestId('backend-reason').textContent()) ?? '';
  const texts = await page.evaluate(() => (window as unknown as { badgeTexts: string[] }).badgeTexts);
  if (/calibrated: /.test(reason)) {
    // A first visit measured the backends: the badge said so, with progress, instead of "starting…".
    expect(texts.some((t) => /measuring the fastest backend \(once\)… \w+, \d of \d/.test(t))).toBe(true);
  }
  const summary = page.getByTestId('backend-summary');
  const badge = (await summary.textContent()) ?? '';
  expect(badge).not.toContain('calibrated');
  expect(badge.length).toBeLessThan(60);
  if (
    /software fallback|no WebGPU adapter/.test(reason) &&
    (await page.getByTestId('backend-badge').textContent()) === 'wasm'
  )
    expect(badge).toMatch(/^CPU \(wasm, SIMD\) · no usable GPU/);
  await expect(page.getByTestId('backend-popover')).toBeHidden();
  await summary.click();
  await expect(page.getByTestId('backend-popover')).toBeVisible();
  await expect(page.getByTestId('backend-reason')).toHaveText(reason);
  if (/calibrated/.test(reason))
    await expect(page.getByTestId('calibration-table').locator('tr')).not.toHaveCount(0);
  await summary.click();

  // Start to a trained run, then a cancelled one: nothing on the console.
  await page.getByTestId('generate-and-train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible(TRAINED);
  await page.getByTestId('epochs').fill('300');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toContainText(/train: [1-9]\d* \//, READY);
  await page.getByTestId('train-cancel').click();
  await expect(page.getByTestId('train-cancelled')).toBeVisible();
  expect(messages).toEqual([]);
});

test('a link names its dataset; two datasets and their runs are told apart and renamed everywhere', async ({
  page,
}) => {
  const messages = watchConsole(page);
  await page.goto(`/?${TINY}#/train`);
  await waitReady(page);
  await expect(page.getByTestId('train-intro')).toContainText('facial expression');
  await expect(page.getByTestId('dataset-missing')).toHaveText(
    /This link describes a dataset you have not generated yet\./,
  );
  await expect(page.getByTestId('train')).toBeDisabled();
  await page.getByTestId('generate-and-train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible(TRAINED);
  const first = await page.getByTestId('dataset-select').inputValue();
  expect(first).toMatch(/^synthetic-/);
  await expect(page.getByTestId('dataset-name')).toHaveValue(
    'Synthetic faces: default bias · 400 × 16 px grey · seed 1',
  );

  // The same link again: the stored dataset is selected, nothing to generate.
  await page.reload();
  await waitReady(page);
  await expect(page.getByTestId('dataset-select')).toHaveValue(first);
  await expect(page.getByTestId('dataset-missing')).toHaveCount(0);
  await expect(page.getByTestId('train')).toBeEnabled();

  // A second, differently biased dataset: its own name, its own colour.
  await page.getByTestId('knob-label-noise').fill('0.3');
  await expect(page.getByTestId('dataset-missing')).toHaveText(/These settings describe a dataset/);
  await expect(page.getByTestId('train')).toBeDisabled();
  await page.getByTestId('generate-and-train').click();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-points', '2', TRAINED);
  const options = await page.getByTestId('dataset-select').locator('option').allTextContents();
  expect(options).toEqual([
    'Synthetic faces: default bias · 400 × 16 px grey · seed 1',
    'Synthetic faces: label noise dark 30% · 400 × 16 px grey · seed 1',
  ]);
  await expect(page.locator('.scatter .recharts-legend-item-text')).toHaveText(options);
  const colours = await page
    .getByTestId('scatter')
    .locator('[data-testid^="scatter-"] circle:last-child')
    .evaluateAll((circles) => circles.map((c) => c.getAttribute('fill')));
  expect(new Set(colours).size).toBe(2);
  const runs = await page.getByTestId('run-item').allTextContents();
  expect(new Set(runs).size).toBe(2);
  expect(await hoverPoint(page, true)).toContain('dataset: Synthetic faces: label noise dark 30%');

  // Rename the dataset on the Train page: the list, the run and the tooltip follow.
  await page.getByTestId('dataset-name').fill('noisy labels');
  await page.getByTestId('dataset-name').press('Enter');
  await expect(page.getByTestId('dataset-select').locator('option:checked')).toHaveText(
    /^noisy labels · 400 images/,
  );
  await expect(page.getByTestId('run-dataset')).toHaveText('on noisy labels');
  expect(await hoverPoint(page, true)).toContain('dataset: noisy labels');
  // A name another dataset has is refused, in words, and nothing changes.
  await page.getByTestId('dataset-name').fill(options[0]);
  await page.getByTestId('dataset-name').press('Enter');
  await expect(page.getByTestId('dataset-name-error')).toContainText('Another dataset is already called');
  await page.getByTestId('dataset-name').press('Escape');

  // Rename the run.
  await page.getByTestId('run-name').fill('noisy baseline');
  await page.getByTestId('run-name').press('Enter');
  await expect(page.getByTestId('run-item').nth(1)).toHaveText('noisy baseline');

  // Click the other point: it becomes the selected one, with no focus rectangle left behind.
  await page.getByTestId('scatter').getByTestId('scatter-point').first().click();
  await expect(page.getByTestId('run-dataset')).toHaveText(/on Synthetic faces: default bias/);
  const outline = await page.evaluate(() => {
    const active = document.activeElement;
    return active && active !== document.body ? getComputedStyle(active).outlineStyle : 'none';
  });
  expect(outline).toBe('none');
  // The keyboard reaches every run through the run list.
  await page.getByTestId('run-item').nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-name')).toHaveValue('noisy baseline');

  // The per-group panel of a four-class target shows per-class rates, and no pointer to "by_class".
  const panel = page.getByTestId('group-metrics-panel');
  await expect(panel.getByTestId('per-class-table')).toBeVisible();
  await expect(panel.getByTestId('class-row-happy')).toBeVisible();
  await expect(panel.getByTestId('macro-macro_tpr_difference')).toBeVisible();
  await expect(panel.getByTestId('metric-select')).toHaveCount(0);
  await expect(panel.getByTestId('view-toggle-reason')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('by_class');
  await panel.getByTestId('positive-class').selectOption('happy');
  await expect(panel.getByTestId('metric-select').locator('option')).not.toHaveCount(1);
  await expect(panel.getByTestId('disparity-equal_opportunity_difference')).toBeVisible();

  // The Data table shows the new name, and renames too.
  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('dataset-row-noisy labels')).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept('noisy, renamed on the Data page'));
  await page.getByTestId('rename-noisy labels').click();
  await expect(page.getByTestId('dataset-row-noisy, renamed on the Data page')).toBeVisible();
  expect(messages).toEqual([]);
});

/** A UTKFace-style folder: [age]_[gender]_[race]_[datetime].jpg, every race × gender. */
function writeUtkFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < 60; k++) {
    const [gender, race, age] = [k % 2, Math.floor(k / 2) % 5, 18 + (k % 40)];
    const data = Buffer.alloc(24 * 24 * 4);
    for (let i = 0; i < 24 * 24; i++) {
      data[i * 4] = (i * 7 + k * 40) % 256;
      data[i * 4 + 1] = (i * 3 + gender * 90) % 256;
      data[i * 4 + 2] = (race * 50) % 256;
      data[i * 4 + 3] = 255;
    }
    const name = `${age}_${gender}_${race}_20170101000000${String(k).padStart(3, '0')}.jpg`;
    writeFileSync(path.join(dir, name), jpeg.encode({ data, width: 24, height: 24 }, 90).data);
  }
}

test('an imported dataset trains on a target and groups it has, and the link names it', async ({ page }) => {
  const messages = watchConsole(page);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'explain-e2e-'));
  try {
    const dir = path.join(tmp, 'utk-tiny');
    writeUtkFolder(dir);
    await page.goto('/?backend=wasm#/data');
    await waitReady(page);
    await page.getByTestId('import-format').selectOption('utkface');
    await page.getByTestId('import-folder').setInputFiles(dir);
    await page.getByTestId('import-size').fill('16');
    await page.getByTestId('import-name').fill('utk-tiny');
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-result')).toBeVisible(READY);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  await page.getByTestId('nav-train').click();
  const select = page.getByTestId('dataset-select');
  const utk = await select.locator('option', { hasText: 'utk-tiny' }).getAttribute('value');
  await select.selectOption(utk!);
  await expect(page.getByTestId('imported-note')).toContainText('utk-tiny');
  // The expression task the page opened with is not in UTKFace: a target it has is chosen instead.
  const task = page.getByTestId('task');
  expect(
    await task.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
  ).toEqual(['gender', 'race', 'age_band']);
  await expect(task).toHaveValue('gender');
  await expect(page.getByTestId('group-attribute')).toHaveValue('race');
  await expect(page.getByTestId('untrainable')).toHaveCount(0);
  expect(page.url()).toContain(`data=${utk}`);
  await page.getByTestId('max-steps').fill('2');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible(TRAINED);
  await expect(page.getByTestId('run-dataset')).toHaveText('on utk-tiny');
  const panel = page.getByTestId('group-metrics-panel');
  await expect(panel).toContainText('Test split, by race');
  // Two classes (female / male): the binary rates and the AIF360 view are there.
  await expect(panel.getByTestId('view-toggle')).toBeEnabled();
  await expect(panel.getByTestId('per-class')).toHaveCount(0);

  // The URL names the imported dataset: a reload trains on it again.
  await page.reload();
  await waitReady(page);
  await expect(select).toHaveValue(utk!);
  await expect(task).toHaveValue('gender');
  expect(messages).toEqual([]);
});

test('a forced software GPU warns, with the calibrated speeds beside it', async ({ page }) => {
  await page.goto('/?backend=webgpu#/train');
  await waitReady(page);
  const reason = (await page.getByTestId('backend-reason').textContent()) ?? '';
  const popover = page.getByTestId('backend-popover');
  test.skip(!reason.includes('forced'), 'WebGPU could not be forced here');
  await page.getByTestId('backend-summary').click();
  const adapter = (await popover.textContent()) ?? '';
  test.skip(!adapter.includes('software fallback'), 'this WebGPU adapter is a real GPU');
  await expect(page.getByTestId('backend-summary')).toContainText('forced · slow');
  const warning = page.getByTestId('backend-warning');
  await expect(warning).toContainText('webgpu is forced on a software adapter');
  await expect(warning).toContainText(/Calibrated: \w+ [\d.]+ img\/s/);
  await expect(warning).toContainText('Remove ?backend=webgpu');
});
