import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { plainServerPort } from './e2e/ports';

const systemChromium = '/usr/bin/chromium';
const executablePath = process.env.CHROMIUM_PATH || (existsSync(systemChromium) ? systemChromium : undefined);
// Ports are settable so two checkouts can run their e2e tests side by side.
const previewPort = Number(process.env.E2E_PORT ?? 4173);
const devPort = Number(process.env.E2E_DEV_PORT ?? 5173);
// The same build served without the cross-origin isolation headers (e2e/plain-server.mjs).
const plainPort = plainServerPort();

export default defineConfig({
  testDir: 'e2e',
  timeout: 300_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'off',
    launchOptions: {
      executablePath,
      args: [
        '--enable-unsafe-webgpu',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Everything against the production build, as deployed.
    {
      name: 'build',
      testIgnore: /dev-server\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${previewPort}` },
    },
    // The newcomer's `npm start`: Vite's dev server serves modules unbundled, a different path.
    { name: 'dev', testMatch: /dev-server\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${devPort}` } },
  ],
  webServer: [
    {
      command: `npm run build && npx vite preview --host 127.0.0.1 --port ${previewPort} --strictPort`,
      url: `http://127.0.0.1:${previewPort}`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      // Reads dist/ per request, so it serves whatever the build above wrote.
      command: `node e2e/plain-server.mjs ${plainPort}`,
      url: `http://127.0.0.1:${plainPort}/health`,
      timeout: 30_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${devPort} --strictPort`,
      url: `http://127.0.0.1:${devPort}`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
