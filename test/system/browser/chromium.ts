/**
 * Real Chromium for the system tests (Debian's `chromium`, driven by playwright-core). When it is
 * not installed the tests skip with a loud reason, except when STAMPEDE_REQUIRE_SYSTEM_TESTS=1 (CI),
 * where they fail.
 */
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches Chromium, or skips the test (fails it under STAMPEDE_REQUIRE_SYSTEM_TESTS=1) when absent. */
export async function launchChromium(t: TestContext): Promise<Browser | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `SKIPPED LOUDLY: no Chromium at ${CHROMIUM_PATH}; install it with 'apt-get install -y chromium' to run the browser tests`;
    if (process.env.STAMPEDE_REQUIRE_SYSTEM_TESTS === '1') throw new Error(`${reason} (STAMPEDE_REQUIRE_SYSTEM_TESTS=1 makes this a failure)`);
    process.stderr.write(`\n*** ${reason} ***\n\n`);
    t.skip(reason);
    return null;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, timeout: 30_000 });
  t.after(() => browser.close());
  return browser;
}
