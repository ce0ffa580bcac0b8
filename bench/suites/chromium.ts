import { chromium } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'vite';
import { ISOLATION_HEADERS } from '../../vite.config';
import type { BenchRow } from '../types';

/**
 * The same throughput measurements in headless Chromium (WebGPU, WebGL, wasm): serves
 * bench/browser/ with Vite on 127.0.0.1 and reads the rows the page leaves on `window`.
 */
export async function runChromiumThroughput(options: {
  quick: boolean;
  backends?: string[];
  notes: string[];
}): Promise<BenchRow[]> {
  const server = await createServer({
    root: resolve(process.cwd(), 'bench/browser'),
    configFile: false,
    logLevel: 'error',
    // Cross-origin isolated, as the lab is served, so wasm runs threaded.
    server: { host: '127.0.0.1', port: 0, fs: { allow: [process.cwd()] }, headers: ISOLATION_HEADERS },
    // Pre-bundled (unlike the app's config): the wasm backend's threaded worker is CommonJS.
    cacheDir: join(tmpdir(), 'fairness-lab-bench-vite'),
  });
  await server.listen();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--enable-features=Vulkan'],
  });
  try {
    const page = await browser.newPage();
    page.on(
      'console',
      (m) => m.type() === 'error' && options.notes.push(`chromium console: ${m.text().slice(0, 160)}`),
    );
    const url = new URL(server.resolvedUrls!.local[0]);
    url.searchParams.set('backends', (options.backends ?? ['wasm', 'webgpu', 'webgl']).join(','));
    if (options.quick) url.searchParams.set('quick', '1');
    await page.goto(url.toString());
    const timeout = options.quick ? 300_000 : 1_800_000;
    await page
      .waitForFunction(
        () => (window as unknown as { benchResult?: { done: boolean } }).benchResult?.done,
        null,
        {
          timeout,
          polling: 1000,
        },
      )
      .catch(() => options.notes.push(`chromium: stopped after ${timeout / 1000} s; rows so far kept`));
    const result = (await page.evaluate(
      () => (window as unknown as { benchResult: unknown }).benchResult,
    )) as {
      rows: BenchRow[];
      notes: string[];
    };
    options.notes.push(...result.notes);
    return result.rows;
  } catch (error) {
    options.notes.push(
      `chromium: incomplete (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
    return [];
  } finally {
    await browser.close();
    await server.close();
  }
}
