import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { createFakeGraphApp } from "./app.js";
import { createControl, type FakeGraphControl } from "./control.js";
import { createFakeGraphState } from "./create-state.js";
import type { FakeGraphState } from "./state.js";

export interface StartFakeGraphOptions {
  port?: number;
  host?: string;
  /** ms epoch; the fake's now = clock() + offset moved by control.setClock/advance. */
  clock?: () => number;
  containerPollsInProgress?: number;
  /** A new container stays IN_PROGRESS at least this long. Default 0. */
  containerProcessingMs?: number;
  /** Extra status reads a video container stays IN_PROGRESS. Default 3. */
  videoPollsInProgress?: number;
  publishQuota?: number;
}

export interface FakeGraph {
  /** One origin serving graph.facebook.com, graph.instagram.com, api.instagram.com and the media lookaside. */
  url: string;
  control: FakeGraphControl;
  state: FakeGraphState;
  close(): Promise<void>;
}

export async function startFakeGraph(opts: StartFakeGraphOptions = {}): Promise<FakeGraph> {
  const state = createFakeGraphState(opts);
  const app = createFakeGraphApp(state);
  const host = opts.host ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s as Server));
    (s as Server).once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  state.publicUrl = url;
  return {
    url,
    control: createControl(state),
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        state.emitter.reset(); // stop pending retries
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
