import { expect, type Page } from '@playwright/test';

/** Opens the lab and waits until the Worker has chosen a backend. */
export async function openLab(page: Page, query = '', hash = '#/train'): Promise<void> {
  await page.goto(`/${query ? `?${query}` : ''}${hash}`);
  await expect(page.getByTestId('backend-badge')).not.toHaveText(/starting/, { timeout: 120_000 });
}

/** Counts records in one object store of the lab's IndexedDB, straight from the page. */
export async function countIdbRecords(page: Page, dbName: string, store: string): Promise<number> {
  return page.evaluate(
    ([name, storeName]) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains(storeName)) return resolve(0);
          const count = db.transaction(storeName).objectStore(storeName).count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => reject(count.error);
        };
      }),
    [dbName, store] as const,
  );
}

/** Generates the synthetic dataset set in the URL and waits until it is listed. */
export async function generateDataset(page: Page): Promise<void> {
  const before = await page.getByTestId('dataset-count').textContent();
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('dataset-count')).not.toHaveText(before ?? '', { timeout: 180_000 });
}

/** Every record of one object store of the lab's IndexedDB, straight from the page. */
export async function readIdbStore<T>(page: Page, dbName: string, store: string): Promise<T[]> {
  return page.evaluate(
    ([name, storeName]) =>
      new Promise<T[]>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction(storeName).objectStore(storeName).getAll();
          all.onsuccess = () => {
            resolve(all.result as T[]);
            db.close();
          };
          all.onerror = () => reject(all.error);
        };
      }),
    [dbName, store] as const,
  );
}
