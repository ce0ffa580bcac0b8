import { expect, test, type Page } from '@playwright/test';
import { generateDataset, openLab } from './helpers';
import { plainServerPort } from './ports';

// Small settings keep the run short: 16 px, 40 identities × 10 images, one epoch of the reference CNN.
const TINY = 'backend=wasm&d.size=16&d.ids=40&d.per=10&model=reference-cnn&epochs=1&batch=16';

async function trainsToAFiniteLoss(page: Page): Promise<void> {
  await generateDataset(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-summary')).toBeVisible({ timeout: 180_000 });
  expect(Number.isFinite(Number(await page.getByTestId('final-loss').textContent()))).toBe(true);
}

test('served with COOP/COEP, the page is cross-origin isolated and trains on the threaded wasm build', async ({
  page,
}) => {
  await openLab(page, TINY);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  // tfjs's XNNPACK pool reports its size once started: every core, up to its 8 pthread workers.
  const cores = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
  test.skip(cores < 2, 'a single-core machine has no second thread to use');
  await expect(page.getByTestId('backend-threads')).toHaveText(`${cores} threads`);
  await trainsToAFiniteLoss(page);
});

test('served without the headers, the page trains single-threaded and the header says why', async ({
  page,
}) => {
  await page.goto(`http://127.0.0.1:${plainServerPort()}/?${TINY}#/train`);
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  await expect(page.getByTestId('backend-threads')).toHaveText('single-threaded: not cross-origin isolated');
  await trainsToAFiniteLoss(page);
});
