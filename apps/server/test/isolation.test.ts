/**
 * Tenant isolation: for every procedure of the app router, a member of workspace A can neither read nor change
 * anything of workspace B. Cases live in isolation/<router>.ts (one file per router); this suite enumerates the
 * router, so a new procedure without a case fails it.
 */
import { appRouter } from "@sillage/api";
import { withWorkspace } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "./harness";
import { createSeededWorld, loadCaseFiles, type IsolationCase, type World } from "./isolation/context";

const files = await loadCaseFiles();
const cases: Record<string, IsolationCase> = {};
for (const [file, mod] of Object.entries(files)) {
  for (const [path, run] of Object.entries(mod.cases)) {
    if (cases[path]) throw new Error(`${path} has two isolation cases (second in ${file})`);
    cases[path] = run;
  }
}

let world: World;
beforeAll(async () => {
  world = await createSeededWorld(files);
});
afterAll(() => world.server.close());

const procedures = Object.keys((appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures).sort();

describe("tenant isolation", () => {
  it("has a case for every procedure of the app router", () => {
    expect(procedures.length).toBeGreaterThan(10);
    expect(procedures.filter((p) => !cases[p])).toEqual([]);
    expect(Object.keys(cases).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it.each(procedures)("%s: workspace A cannot read or change workspace B", async (path) => {
    const run = cases[path];
    if (!run) throw new Error(`No isolation case for ${path}: add one in apps/server/test/isolation/`);
    await run(world);
  });

  it("an API token stays in its own workspace whatever header it sends", async () => {
    const { token } = ok<{ token: string }>(await world.a.mutation("apiTokens.create", { name: "a-tool" }));
    const res = await fetch(`${world.server.url}/trpc/workspace.get`, { headers: { authorization: `Bearer ${token}`, "x-sillage-workspace": world.bIds.workspaceId! } });
    const body = (await res.json()) as { result: { data: { json: { id: string } } } };
    expect(body.result.data.json.id).toBe(world.a.workspaceId);
  });

  it("row-level security refuses cross-workspace rows even to a query that forgets its filter", async () => {
    const { db } = world.server.db;
    const names = await withWorkspace(db, world.a.workspaceId!, (trx) => trx.selectFrom("workspaces").select("name").execute());
    expect(names.map((n) => n.name)).toEqual(["Workspace A"]);
    await expect(
      withWorkspace(db, world.a.workspaceId!, (trx) =>
        trx.insertInto("api_tokens").values({ workspace_id: world.bIds.workspaceId!, name: "x", token_hash: Buffer.from("x"), prefix: "x" }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
