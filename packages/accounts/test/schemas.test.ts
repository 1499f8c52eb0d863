import { timeZoneSchema } from "@sillage/time";
import { describe, expect, it } from "vitest";
import { slugify, workspaceUpdateSchema } from "../src/schemas";

describe("workspace settings", () => {
  it("accept IANA zones only", () => {
    expect(timeZoneSchema.safeParse("Europe/Paris").success).toBe(true);
    expect(timeZoneSchema.safeParse("America/Argentina/Buenos_Aires").success).toBe(true);
    expect(timeZoneSchema.safeParse("UTC").success).toBe(true);
    expect(timeZoneSchema.safeParse("Mars/Olympus").success).toBe(false);
    expect(timeZoneSchema.safeParse("+02:00").success).toBe(false);
  });
  it("reject an empty update and unknown locales", () => {
    expect(workspaceUpdateSchema.safeParse({}).success).toBe(false);
    expect(workspaceUpdateSchema.safeParse({ locale: "de" }).success).toBe(false);
    expect(workspaceUpdateSchema.safeParse({ locale: "en", name: " Shop " }).data).toEqual({ locale: "en", name: "Shop" });
  });
  it("slugify names, accents included", () => {
    expect(slugify("Boulangerie Élodie & Fils")).toBe("boulangerie-elodie-fils");
    expect(slugify("x")).toMatch(/^ws-x/);
  });
});
