import { describe, expect, it } from "vitest";
import { KPI_DEFINITIONS } from "../src/definitions";

describe("KPI definitions (shown as the dashboard's tooltips)", () => {
  it("French uses the typographic apostrophe (’), as the web dictionaries do (apps/web/test/i18n-typography.test.ts)", () => {
    const straight = Object.entries(KPI_DEFINITIONS).filter(([, d]) => /\p{L}'\p{L}/u.test(d.fr));
    expect(straight.map(([metric]) => metric)).toEqual([]);
  });
});
