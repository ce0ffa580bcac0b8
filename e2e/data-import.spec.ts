import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter, configure } from '@zip.js/zip.js';
import { zipSync } from 'fflate';
import jpeg from 'jpeg-js';

/** Real sample datasets live next to the repository (never copied into it). */
const here = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(here, '../../shared/datasets');
const UTKFACE = path.join(SHARED, 'utkface-sample');
const ATT_FACES = path.join(SHARED, 'att-faces');

const IMPORT_TIMEOUT = 180_000;

/** The Data page on the cpu backend (the backend is irrelevant here and cpu starts fastest). */
async function openDataPage(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?backend=cpu#/data');
  await expect(page.getByTestId('page-data')).toBeVisible();
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  await expect(page.getByTestId('storage-estimate')).toHaveText(/MB used of [\d.]+ GB/);
  expect(errors).toEqual([]);
}

/** Picks a folder through the webkitdirectory input, checks the preview, imports it. */
async function importFolder(
  page: Page,
  dir: string,
  options: {
    format: string;
    name: string;
    expectImages: number;
    size?: number;
    beforeImport?: () => Promise<void>;
  },
): Promise<void> {
  await page.getByTestId('import-format').selectOption(options.format);
  await page.getByTestId('import-folder').setInputFiles(dir);
  await expect(page.getByTestId('import-source')).toContainText(path.basename(dir));
  await expect(page.getByTestId('import-preview-images')).toHaveText(
    options.expectImages.toLocaleString('en-US'),
  );
  await options.beforeImport?.();
  if (options.size) await page.getByTestId('import-size').fill(String(options.size));
  await page.getByTestId('import-name').fill(options.name);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: IMPORT_TIMEOUT });
  await expect(page.getByTestId(`dataset-row-${options.name}`)).toBeVisible();
  await expect(page.getByTestId('dataset-details')).toBeVisible();
}

/** A tiny UTKFace-style folder: valid JPEGs named [age]_[gender]_[race]_[datetime].jpg. */
function writeUtkFixture(dir: string, names: string[]): void {
  mkdirSync(dir, { recursive: true });
  names.forEach((name, k) => {
    const width = 24;
    const height = 24;
    const data = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      data[i * 4] = (i * 7 + k * 40) % 256;
      data[i * 4 + 1] = (i * 3) % 256;
      data[i * 4 + 2] = (k * 60) % 256;
      data[i * 4 + 3] = 255;
    }
    writeFileSync(path.join(dir, name), jpeg.encode({ data, width, height }, 90).data);
  });
}

const VALID_NAMES = [
  '25_0_0_20170101000000001.jpg',
  '31_1_0_20170101000000002.jpg',
  '42_0_1_20170101000000003.jpg',
  '19_1_1_20170101000000004.jpg',
  '55_0_2_20170101000000005.jpg',
  '63_1_2_20170101000000006.jpg',
];
const CORRUPT_NAME = '28_1_3_20170101000000007.jpg';
const TRUNCATED_NAME = '33_0_4_20170101000000008.jpg';

let tmp: string;
test.beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'data-import-e2e-'));
});
test.afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('imports the UTKFace sample through the folder picker: 5 races × 2 genders, 100 each', async ({
  page,
}) => {
  test.skip(!existsSync(UTKFACE), `${UTKFACE} is not available`);
  await openDataPage(page);
  await importFolder(page, UTKFACE, { format: 'utkface', name: 'utk-sample', expectImages: 1000 });

  await expect(page.getByTestId('import-result-images')).toHaveText('1000');
  await expect(page.getByTestId('import-result-skipped')).toHaveText('0');

  const table = page.getByTestId('cross-counts');
  await expect(table).toBeVisible();
  await expect(table).toHaveAttribute('data-rows', 'race');
  await expect(table).toHaveAttribute('data-cols', 'gender');
  await expect(table.getByTestId('cross-row')).toHaveCount(5);
  await expect(table.getByTestId('col-header')).toHaveText(['male', 'female']);
  for (const race of ['white', 'black', 'asian', 'indian', 'others']) {
    for (const gender of ['male', 'female']) {
      await expect(table.getByTestId(`cell-${race}-${gender}`)).toHaveText('100');
    }
  }
  // Two or more sensitive attributes: the intersectional table is there too.
  await expect(page.getByTestId('intersectional-counts')).toBeVisible();
  await expect(page.getByTestId('split-kind')).toHaveText('stratified');
  await expect(page.getByTestId('split-train-images')).toHaveText(/^\d+$/);
});

test('imports AT&T faces as folder-per-identity with an identity-disjoint split', async ({ page }) => {
  test.skip(!existsSync(ATT_FACES), `${ATT_FACES} is not available`);
  await openDataPage(page);
  await importFolder(page, ATT_FACES, { format: 'folder', name: 'att', expectImages: 400, size: 32 });

  // Gray PNGs stay one channel.
  await expect(page.getByTestId('dataset-row-att')).toContainText('32×32×1');
  await expect(page.getByTestId('split-kind')).toHaveText('identity-disjoint');
  const identities = await Promise.all(
    ['train', 'val', 'test'].map(async (s) => {
      const cell = page.getByTestId(`split-${s}-identities`);
      await expect(cell).toHaveText(/^\d+$/);
      return Number(await cell.textContent());
    }),
  );
  expect(identities.reduce((a, b) => a + b, 0)).toBe(40);
  expect(Math.min(...identities)).toBeGreaterThan(0);
  // Every identity has 10 images, so each split holds 10 images per identity.
  for (const [k, s] of ['train', 'val', 'test'].entries()) {
    await expect(page.getByTestId(`split-${s}-images`)).toHaveText(String(identities[k] * 10));
  }
  await expect(page.getByTestId('split-disjoint')).toContainText('none of the 40');
  // No sensitive attribute: the warning says so, visibly.
  await expect(page.getByTestId('import-warnings')).toContainText('No sensitive attribute');
});

test('imports AT&T faces as folder-per-label: the attribute is "label", split stratified', async ({
  page,
}) => {
  test.skip(!existsSync(ATT_FACES), `${ATT_FACES} is not available`);
  await openDataPage(page);
  await importFolder(page, ATT_FACES, {
    format: 'folder-label',
    name: 'att-label',
    expectImages: 400,
    size: 16,
  });
  await expect(page.getByTestId('dataset-row-att-label')).toContainText('folder-label');
  await expect(page.getByTestId('split-kind')).toHaveText('stratified');
  // Every class (10 images each) is in every split: 7 train, 1 val, 2 test.
  await expect(page.getByTestId('split-train-images')).toHaveText('280');
  await expect(page.getByTestId('split-val-images')).toHaveText('40');
  await expect(page.getByTestId('split-test-images')).toHaveText('80');
  await expect(page.getByTestId('cross-rows').locator('option')).toContainText(['label']);
  await expect(page.getByTestId('cross-rows').locator('option', { hasText: 'identity' })).toHaveCount(0);
});

test('CelebA as downloaded: a folder with Img/img_align_celeba.zip (Zip64) beside its label files', async ({
  page,
}) => {
  const dir = path.join(tmp, 'CelebA');
  const names = Array.from({ length: 12 }, (_, i) => `${String(i + 1).padStart(6, '0')}.jpg`);
  writeUtkFixture(path.join(tmp, 'celeba-images'), names);
  configure({ useWebWorkers: false });
  const writer = new ZipWriter(new Uint8ArrayWriter(), { zip64: true });
  for (const n of names) {
    await writer.add(
      `img_align_celeba/${n}`,
      new Uint8ArrayReader(readFileSync(path.join(tmp, 'celeba-images', n))),
    );
  }
  mkdirSync(path.join(dir, 'Img'), { recursive: true });
  mkdirSync(path.join(dir, 'Anno'), { recursive: true });
  mkdirSync(path.join(dir, 'Eval'), { recursive: true });
  writeFileSync(path.join(dir, 'Img', 'img_align_celeba.zip'), await writer.close());
  const attr = names.map((n, i) => `${n} ${i % 2 ? ' 1' : '-1'} ${i % 3 ? ' 1' : '-1'}`);
  writeFileSync(
    path.join(dir, 'Anno', 'list_attr_celeba.txt'),
    ['12', 'Male Smiling', ...attr].join('\n') + '\n',
  );
  writeFileSync(
    path.join(dir, 'Anno', 'identity_CelebA.txt'),
    names.map((n, i) => `${n} ${1 + (i % 4)}`).join('\n'),
  );
  writeFileSync(
    path.join(dir, 'Eval', 'list_eval_partition.txt'),
    names.map((n, i) => `${n} ${i < 8 ? 0 : i < 10 ? 1 : 2}`).join('\n'),
  );

  await openDataPage(page);
  await importFolder(page, dir, {
    format: 'celeba',
    name: 'celeba-zip',
    expectImages: 12,
    size: 16,
    beforeImport: async () => {
      // The zip itself is read, not ignored.
      await expect(page.getByTestId('import-preview-ignored')).toHaveText('0');
    },
  });
  await expect(page.getByTestId('import-result-images')).toHaveText('12');
  await expect(page.getByTestId('import-result-skipped')).toHaveText('0');
  await expect(page.getByTestId('split-kind')).toHaveText('predefined');
  await expect(page.getByTestId('split-train-images')).toHaveText('8');
  await expect(page.getByTestId('import-counts-gender')).toHaveText('gender: male 6 · female 6');
});

test('the preview says what the import will do; corrupt and truncated JPEGs are skipped and named, ignored files counted', async ({
  page,
}) => {
  const dir = path.join(tmp, 'utk-corrupt');
  writeUtkFixture(dir, VALID_NAMES);
  writeFileSync(path.join(dir, CORRUPT_NAME), Buffer.from('this is not a jpeg at all, just garbage bytes'));
  // A JPEG cut short: Chromium's decoder would fill the missing rows with grey.
  const whole = readFileSync(path.join(dir, VALID_NAMES[0]));
  writeFileSync(path.join(dir, TRUNCATED_NAME), whole.subarray(0, whole.length - 60));
  writeFileSync(path.join(dir, 'notes.txt'), 'where these faces came from');

  await openDataPage(page);
  await importFolder(page, dir, {
    format: 'utkface',
    name: 'corrupt',
    expectImages: 8,
    beforeImport: async () => {
      // Before anything is written: what will be imported, skipped and ignored, and what only the
      // import can find.
      await expect(page.getByTestId('import-preview-skipped')).toHaveText('0');
      await expect(page.getByTestId('import-preview-ignored')).toHaveText('1');
      await page.getByTestId('import-preview-ignored-list').locator('summary').click();
      await expect(page.getByTestId('import-preview-ignored-list')).toContainText('notes.txt');
      await expect(page.getByTestId('import-preview-decode-note')).toContainText(
        'corrupt or truncated are found only while importing',
      );
    },
  });

  await expect(page.getByTestId('import-result-images')).toHaveText('6');
  await expect(page.getByTestId('import-result-skipped')).toHaveText('2');
  await expect(page.getByTestId('import-result-ignored')).toHaveText('1');
  const skipped = page.getByTestId('skipped-list');
  await expect(skipped.getByTestId('skipped-row')).toHaveCount(2);
  await expect(skipped.getByTestId('skipped-row').filter({ hasText: CORRUPT_NAME })).toHaveCount(1);
  await expect(skipped.getByTestId('skipped-row').filter({ hasText: TRUNCATED_NAME })).toContainText(
    'truncated JPEG',
  );
  // Warnings: the skipped files, and small groups, but never an empty group such as "0-2 (0)".
  const warnings = page.getByTestId('import-warnings');
  await expect(warnings).toContainText('files skipped');
  await expect(warnings).toContainText('has groups under');
  await expect(warnings).not.toContainText('(0)');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-report').click(),
  ]);
  const report = readFileSync(await download.path(), 'utf8');
  const lines = report.trim().split('\n');
  expect(lines[0]).toBe('file,line,reason');
  expect(lines).toHaveLength(4);
  expect(lines.some((l) => l.includes(CORRUPT_NAME))).toBe(true);
  expect(lines.some((l) => l.includes(TRUNCATED_NAME) && l.includes('truncated JPEG'))).toBe(true);
  expect(lines.at(-1)).toMatch(/notes\.txt,,ignored: not an image or a label file$/);
});

test('dataset details open right under the clicked row', async ({ page }) => {
  const dir = path.join(tmp, 'utk-layout');
  writeUtkFixture(dir, VALID_NAMES);
  await openDataPage(page);
  await importFolder(page, dir, { format: 'utkface', name: 'first', expectImages: 6, size: 16 });
  await importFolder(page, dir, { format: 'utkface', name: 'second', expectImages: 6, size: 16 });
  // The last import is open under its own row; clicking the first row moves the details there.
  await expect(page.getByTestId('dataset-details-row-second')).toBeVisible();
  await page.getByTestId('dataset-row-first').getByRole('button', { name: 'first' }).click();
  const details = page.getByTestId('dataset-details-row-first');
  await expect(details).toBeVisible();
  await expect(page.getByTestId('dataset-details-row-second')).toHaveCount(0);
  await expect(page.getByTestId('dataset-list').getByTestId('dataset-details')).toHaveCount(1);
  const row = (await page.getByTestId('dataset-row-first').boundingBox())!;
  const box = (await details.boundingBox())!;
  expect(Math.abs(box.y - (row.y + row.height))).toBeLessThan(2);
  // The Import card comes after the list, not between the row and its details.
  const card = (await page.getByTestId('import-card').boundingBox())!;
  expect(card.y).toBeGreaterThan(box.y + box.height);
  // A second click closes it.
  await page.getByTestId('dataset-row-first').getByRole('button', { name: 'first' }).click();
  await expect(page.getByTestId('dataset-details')).toHaveCount(0);
});

test('a reload keeps the imported dataset listed', async ({ page }) => {
  const dir = path.join(tmp, 'utk-small');
  writeUtkFixture(dir, VALID_NAMES);

  await openDataPage(page);
  await importFolder(page, dir, { format: 'utkface', name: 'kept', expectImages: 6, size: 16 });
  await page.reload();
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  const row = page.getByTestId('dataset-row-kept');
  await expect(row).toBeVisible();
  await expect(row).toContainText('16×16×3');
  await row.getByRole('button', { name: 'kept' }).click();
  await expect(page.getByTestId('cross-counts')).toBeVisible();
});

test('generic CSV: maps columns over a 20-row preview; wrong columns are reported before import', async ({
  page,
}) => {
  const dir = path.join(tmp, 'csv-set');
  const names = Array.from({ length: 24 }, (_, i) => `img_${String(i).padStart(2, '0')}.jpg`);
  writeUtkFixture(path.join(dir, 'images'), names);
  const rows = names.map((n, i) => `images/${n},${i % 2 ? 'happy' : 'sad'},${i % 3 ? 'a' : 'b'}`);
  writeFileSync(path.join(dir, 'labels.csv'), ['path,expression,group', ...rows].join('\n') + '\n');

  await openDataPage(page);
  await page.getByTestId('import-format').selectOption('csv');
  await page.getByTestId('import-folder').setInputFiles(dir);
  await expect(page.getByTestId('csv-mapping')).toBeVisible();
  await expect(page.getByTestId('csv-preview').locator('tbody tr')).toHaveCount(20);
  await expect(page.getByTestId('map-file-path')).toBeChecked();
  await expect(page.getByTestId('import-start')).toBeDisabled();
  await page.getByTestId('map-label-expression').check();
  await page.getByTestId('map-sensitive-group').check();
  await expect(page.getByTestId('import-preview-images')).toHaveText('24');
  await page.getByTestId('import-name').fill('csv-set');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: IMPORT_TIMEOUT });
  await expect(page.getByTestId('cross-counts').getByTestId('cell-a-happy')).toHaveText('8');

  // A FairFace folder whose CSV lacks a column: the error names expected and found columns.
  const fairface = path.join(tmp, 'fairface-bad');
  writeUtkFixture(path.join(fairface, 'train'), ['1.jpg']);
  writeFileSync(path.join(fairface, 'fairface_label_train.csv'), 'file,age,gender\ntrain/1.jpg,20-29,Male\n');
  await page.getByTestId('import-format').selectOption('fairface');
  await page.getByTestId('import-folder').setInputFiles(fairface);
  const error = page.getByTestId('import-preview-error');
  await expect(error).toContainText('race');
  await expect(error).toContainText(/found .*file, age, gender/);
  await expect(page.getByTestId('import-start')).toBeDisabled();
});

test('a .zip dropped on the drop zone imports', async ({ page }) => {
  const dir = path.join(tmp, 'utk-zip');
  writeUtkFixture(dir, VALID_NAMES);
  const zip = zipSync(
    Object.fromEntries(
      VALID_NAMES.map((n) => [`faces/${n}`, new Uint8Array(readFileSync(path.join(dir, n)))]),
    ),
  );

  await openDataPage(page);
  const transfer = await page.evaluateHandle((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'faces.zip', { type: 'application/zip' }));
    return dt;
  }, Array.from(zip));
  await page.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('import-source')).toContainText('zip faces.zip');
  await expect(page.getByTestId('import-preview-images')).toHaveText('6');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: IMPORT_TIMEOUT });
  await expect(page.getByTestId('dataset-row-faces')).toBeVisible();
  await expect(page.getByTestId('import-result-images')).toHaveText('6');
});

test('Cancel stops an import and lists nothing', async ({ page }) => {
  test.skip(!existsSync(UTKFACE), `${UTKFACE} is not available`);
  await openDataPage(page);
  await page.getByTestId('import-folder').setInputFiles(UTKFACE);
  await expect(page.getByTestId('import-preview-images')).toHaveText('1,000');
  await page.getByTestId('import-size').fill('128');
  await page.getByTestId('import-start').click();
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-cancelled')).toBeVisible();
  await expect(page.getByTestId('dataset-list').locator('tbody tr')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
  await expect(page.getByTestId('dataset-list').locator('tbody tr')).toHaveCount(0);
});
