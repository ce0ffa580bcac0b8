import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { generateDataset, openLab } from './helpers';

test('a dataset exported as a bundle comes back whole after deleting it', async ({ page }) => {
  await openLab(page, 'd.size=16&d.ids=40&d.per=10');
  await generateDataset(page);
  await page.getByTestId('nav-data').click();
  const row = page.locator('[data-testid^="dataset-row-"]');
  await expect(row).toHaveCount(1);
  const name = (await row.getAttribute('data-testid'))!.replace('dataset-row-', '');
  const rowText = await row.textContent();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${name}`).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.flab$/);
  const bundle = await readFile((await download.path())!);
  expect(bundle.byteLength).toBeGreaterThan(400 * 16 * 16);

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId(`delete-${name}`).click();
  await expect(row).toHaveCount(0);

  await page
    .getByTestId('bundle-input')
    .setInputFiles({ name: 'data.flab', mimeType: 'application/octet-stream', buffer: bundle });
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  expect(await row.textContent()).toBe(rowText);

  await page.getByTestId('bundle-input').setInputFiles({
    name: 'bad.flab',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not a bundle at all'),
  });
  await expect(page.getByTestId('bundle-error')).toContainText(/bundle/i);
  await expect(row).toHaveCount(1);
});
