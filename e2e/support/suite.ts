import type { FakeGraph } from "@sillage/fake-graph";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser";
import { startServer, startServerWithFakeGraph, type RunningServer } from "./server";

/** A test file's server and browser: started before its first test, stopped after its last (read them inside tests). */
export interface Suite {
  server: RunningServer;
  browser: Browser;
}

/** The server as `startServer(env)` runs it, and Chromium, for the calling test file. */
export function serverSuite(env: Record<string, string> = {}, opts: { appHost?: string } = {}): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.server = await startServer(env, opts);
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** The server pointed at a fake Graph API in this process (the test plays the customer), and Chromium. */
export function fakeGraphSuite(): Suite & { fake: FakeGraph } {
  const suite = {} as Suite & { fake: FakeGraph };
  let stopServer: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ fake: suite.fake, server: suite.server, stop: stopServer } = await startServerWithFakeGraph());
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await stopServer?.();
  });
  return suite;
}
