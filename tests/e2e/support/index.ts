/**
 * Shared support for browser tests (consumer, studio, sales):
 *
 *   const env = useE2E();                 // in a describe: server + browser for the file
 *   const { page } = await env.page();    // fresh context at env.server.url
 *   const products = await env.products(); // the published products, parsed
 *   await env.server.stop() is done for you in afterAll.
 *
 * Or use startServer / launchBrowser / newPage directly.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, type PageOptions } from './browser.js';
import { publishedProducts, type Published } from './catalog.js';
import { startServer, type StartedServer, type StartServerOptions } from './server.js';

export * from './browser.js';
export * from './server.js';
export * from './canvas.js';
export * from './configurator.js';
export * from './session.js';

export interface E2E {
  readonly server: StartedServer;
  readonly browser: Browser;
  page(opts?: PageOptions): ReturnType<typeof newPage>;
  /** The server's published products, parsed (fetched on every call: a test may publish). */
  products(): Promise<Published[]>;
}

/** beforeAll: start the server (fresh temp DATA_DIR) and Chromium; afterAll: close both. */
export function useE2E(opts: StartServerOptions = {}): E2E {
  let server: StartedServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(opts), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('useE2E: the server is not started yet (use it inside a test or hook)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('useE2E: the browser is not started yet (use it inside a test or hook)');
      return browser;
    },
    page(pageOpts) {
      return newPage(this.browser, this.server.url, pageOpts);
    },
    products() {
      return publishedProducts(this.server.url);
    },
  };
}
export * from './catalog.js';
