import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

/**
 * Browser tests run Debian's Chromium (Playwright's own download is not used) against a portal
 * that the test command starts on its own ports with a fresh SQLite folder.
 */
const dataDir = path.join(os.tmpdir(), `lookout-e2e-${process.pid}`);

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list'], ['json']],
  outputDir: '.lookout/reports/playwright',
  webServer: {
    command:
      'yarn backstage-cli repo start --config ../../app-config.yaml --config ../../app-config.e2e.yaml',
    url: 'http://localhost:7107/api/incidents/health',
    env: { LOOKOUT_DATA_DIR: dataDir, BROWSER: 'none' },
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: 'http://localhost:3100',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.LOOKOUT_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
      ],
    },
  },
});
