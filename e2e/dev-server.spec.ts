import { expect, test } from '@playwright/test';
import { generateDataset, openLab } from './helpers';

test('`npm start` serves a working lab: the Worker starts, generates and trains', async ({ page }) => {
  await openLab(page, 'd.size=16&d.ids=40&d.per=10&steps=3&batch=8');
  await expect(page.getByTestId('backend-info')).toBeVisible();
  await generateDataset(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toContainText('3 steps', { timeout: 120_000 });
});
