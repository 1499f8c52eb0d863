/**
 * Every input is bounded: the schema tree of every procedure (zod 4 exposes it as `_zod.def`) is walked, and a
 * string without a maximum length, an array without a maximum count, or a value of any shape (`z.unknown()`,
 * `z.any()`) fails, naming where it is. A uuid is bounded by its format.
 */
import { appRouter } from "@sillage/api";
import { describe, expect, it } from "vitest";
import type { z } from "zod";

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string; format?: string } } }[];
  format?: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  catchall?: z.ZodType;
  getter?: () => z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const hasCheck = (def: Def, check: string) => (def.checks ?? []).some((c) => c._zod.def.check === check);

/** Where, under `root`, an input is unbounded. */
export function unboundedInputs(root: z.ZodType, at = "input"): string[] {
  const found: string[] = [];
  const seen = new Set<z.ZodType>();
  const walk = (schema: z.ZodType, path: string) => {
    if (seen.has(schema)) return;
    seen.add(schema);
    const def = defOf(schema);
    switch (def.type) {
      case "string":
        if (def.format !== "uuid" && !hasCheck(def, "max_length") && !hasCheck(def, "length_equals")) found.push(`${path}: string without max`);
        return;
      case "array":
        if (!hasCheck(def, "max_length") && !hasCheck(def, "length_equals")) found.push(`${path}: array without max`);
        return walk(def.element!, `${path}[]`);
      case "object":
        for (const [k, v] of Object.entries(def.shape!)) walk(v, `${path}.${k}`);
        if (def.catchall && defOf(def.catchall).type !== "never") walk(def.catchall, `${path}.*`);
        return;
      case "record":
        walk(def.keyType!, `${path}{key}`);
        return walk(def.valueType!, `${path}{value}`);
      case "union":
        return def.options!.forEach((o, i) => walk(o, `${path}|${i}`));
      case "intersection":
        walk(def.left!, path);
        return walk(def.right!, path);
      case "tuple":
        def.items!.forEach((item, i) => walk(item, `${path}[${i}]`));
        if (def.rest) found.push(`${path}: tuple with a rest`);
        return;
      case "pipe":
        walk(def.in!, path);
        return walk(def.out!, path);
      case "lazy":
        return walk(def.getter!(), path);
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "catch":
      case "readonly":
      case "nonoptional":
        return walk(def.innerType!, path);
      case "unknown":
      case "any":
        found.push(`${path}: any value`);
        return;
      default:
        // number, boolean, date, enum, literal, transform, never…: bounded by their kind.
        return;
    }
  };
  walk(root, at);
  return found;
}

const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { inputs: z.ZodType[] } }> }).procedures;

describe("procedure inputs", () => {
  it("bound every string and array, and take no value of any shape", () => {
    const found = Object.entries(procedures).flatMap(([path, p]) => p._def.inputs.flatMap((schema) => unboundedInputs(schema, path)));
    expect(found.join("\n")).toBe("");
  });
});
