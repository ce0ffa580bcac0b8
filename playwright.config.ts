import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const systemChromium = '/usr/bin/chromium';
const executablePath = process.env.CHROMIUM_PATH || (existsSync(systemChromium) ? systemChromium : undefined);

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
    { name: 'build', testIgnore: /dev-server\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:4173' } },
    // The newcomer's `npm start`: Vite's dev server serves modules unbundled, a different path.
    { name: 'dev', testMatch: /dev-server\.spec\.ts/, use: { baseURL: 'http://127.0.0.1:5173' } },
  ],
  webServer: [
    {
      command: 'npm run build && npm run preview -- --host 127.0.0.1',
      url: 'http://127.0.0.1:4173',
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: 'npm start -- --host 127.0.0.1',
      url: 'http://127.0.0.1:5173',
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
