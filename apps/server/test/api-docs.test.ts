import { readFileSync } from "node:fs";
import { renderApiDoc } from "@sillage/api";
import { describe, expect, it } from "vitest";

describe("docs/api.md", () => {
  it("matches the routers (run `pnpm docs:api` after changing a procedure)", () => {
    expect(readFileSync(new URL("../../../docs/api.md", import.meta.url), "utf8")).toBe(renderApiDoc());
  });
});
