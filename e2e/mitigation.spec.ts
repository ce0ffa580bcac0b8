import { expect, test } from '@playwright/test';
import { generateDataset, openLab } from './helpers';

// Identification on 16 px synthetic faces, one epoch: FR-NAS's adversarial discriminator on a plain run.
const QUERY =
  'd.size=16&d.ids=40&d.per=10&task=identity&arch=frnas-dpn&a.width=0.04&a.embedding=16&a.smallStem=true' +
  '&opt=adam&lr=0.003&epochs=1&batch=32&mit=adversarial';

test('a plain training run can use a mitigation method; the run states it and links to Compress', async ({
  page,
}) => {
  await openLab(page, QUERY);
  await generateDataset(page);
  await expect(page.getByTestId('mitigation')).toHaveValue('adversarial');
  // Methods that do not fit the task are offered but disabled, with the reason once chosen.
  await expect(page.getByTestId('mitigation').locator('option[value="threshold"]')).toBeDisabled();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 280_000 });
  await expect(page.getByTestId('run-params')).toContainText('method adversarial');
  await expect(page.getByTestId('identification-panel')).toBeVisible();
  await expect(page.getByTestId('discriminator-accuracy')).toContainText('%');
  const href = await page.getByTestId('compress-run').getAttribute('href');
  expect(href).toMatch(/^\?run=run-.*#\/compress$/);
  await page.getByTestId('compress-run').click();
  await expect(page.getByTestId('page-compress')).toBeVisible();
});
