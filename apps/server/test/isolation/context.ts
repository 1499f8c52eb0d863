import { readdirSync } from "node:fs";
import { expect } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "../harness";

/**
 * The world every isolation case runs in: workspace A (the intruder's) and workspace B (the target), each with an
 * owner browser session. Case files add B's objects in their `seed` and refer to them through `world.b`.
 */
export interface World {
  server: TestServer;
  a: ApiSession;
  b: ApiSession;
  /** Ids of B's objects, filled by each case file's seed. */
  bIds: Record<string, string>;
}

export type IsolationCase = (world: World) => Promise<void>;

export interface CaseFile {
  /** Creates B's objects this file's cases try to reach (runs once, before every case). */
  seed?: (world: World) => Promise<void>;
  cases: Record<string, IsolationCase>;
}

export async function createWorld(serverOptions?: Parameters<typeof startTestServer>[0]): Promise<World> {
  const server = await startTestServer(serverOptions);
  const a = await ApiSession.signup(server.url, { email: "a@example.com", workspaceName: "Workspace A" });
  const b = await ApiSession.signup(server.url, { email: "b@example.com", workspaceName: "Workspace B" });
  const bIds: Record<string, string> = { workspaceId: b.workspaceId!, userId: ok<{ user: { id: string } }>(await b.query("auth.me")).user.id };
  return { server, a, b, bIds };
}

/** Every `*.cases.ts` file of this folder, by file name. */
export async function loadCaseFiles(): Promise<Record<string, CaseFile>> {
  const dir = new URL("./", import.meta.url);
  return Object.fromEntries(
    await Promise.all(
      readdirSync(dir)
        .filter((f) => f.endsWith(".cases.ts"))
        .sort()
        .map(async (f) => [f, ((await import(new URL(f, dir).href)) as { default: CaseFile }).default] as const),
    ),
  );
}

/** A world whose workspace B holds what every case file seeds (channels, a conversation, posts, media…). */
export async function createSeededWorld(files: Record<string, CaseFile>, serverOptions?: Parameters<typeof startTestServer>[0]): Promise<World> {
  const world = await createWorld(serverOptions);
  for (const mod of Object.values(files)) await mod.seed?.(world);
  return world;
}

/** A, pointing at B's workspace, is refused as if B did not exist. */
export async function refusedInB(world: World, kind: "query" | "mutation", path: string, input?: unknown) {
  const intruder = new ApiSession(world.server.url);
  intruder.cookie = world.a.cookie;
  intruder.workspaceId = world.bIds.workspaceId!;
  const res = kind === "query" ? await intruder.query(path, input) : await intruder.mutation(path, input);
  expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
}

export { ApiSession, ok };
