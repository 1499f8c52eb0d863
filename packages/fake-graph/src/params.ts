import type { Context } from "hono";
import { GraphError, invalidParam } from "./errors.js";

export type Params = Record<string, unknown>;

/** Query + form/multipart/JSON body, body wins (Meta accepts parameters in any of these). */
export async function readParams(c: Context): Promise<Params> {
  const out: Params = {};
  const url = new URL(c.req.url);
  for (const [k, v] of url.searchParams) out[k] = v;
  if (c.req.method === "GET" || c.req.method === "HEAD") return out;
  const ct = c.req.header("content-type") ?? "";
  try {
    if (ct.includes("application/json")) {
      const text = await c.req.text();
      if (text.trim()) {
        const json: unknown = JSON.parse(text);
        if (json && typeof json === "object" && !Array.isArray(json)) Object.assign(out, json);
      }
    } else if (ct.includes("multipart/form-data") || ct.includes("application/x-www-form-urlencoded")) {
      const body = await c.req.parseBody();
      for (const [k, v] of Object.entries(body)) out[k] = v;
    }
  } catch {
    throw invalidParam("(#100) Unable to parse request body");
  }
  return out;
}

export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** Object-valued params may arrive as JSON strings in form/query encodings. */
export function obj(p: Params, key: string): Record<string, unknown> | undefined {
  const v = p[key];
  if (v && typeof v === "object" && !Array.isArray(v) && !(v instanceof Blob)) return v as Record<string, unknown>;
  if (typeof v === "string" && v.trim().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      throw invalidParam(`(#100) Param ${key} must be a JSON object`);
    }
  }
  return undefined;
}

export function bool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  return undefined;
}

export interface FieldSpec {
  name: string;
  sub?: FieldSpec[];
  limit?: number;
}

/** Parses `a,b{c,d},e.limit(5){f}` into a tree. */
export function parseFields(input: string | undefined): FieldSpec[] | undefined {
  if (!input) return undefined;
  let i = 0;
  const parseList = (): FieldSpec[] => {
    const out: FieldSpec[] = [];
    while (i < input.length) {
      let name = "";
      while (i < input.length && !",{}".includes(input[i] ?? "")) name += input[i++];
      const spec: FieldSpec = { name: name.trim() };
      const lim = /^(.*)\.limit\((\d+)\)$/.exec(spec.name);
      if (lim) {
        spec.name = lim[1] ?? "";
        spec.limit = Number(lim[2]);
      }
      if (input[i] === "{") {
        i++;
        spec.sub = parseList();
        i++; // closing }
      }
      if (spec.name) out.push(spec);
      if (input[i] === ",") {
        i++;
        continue;
      }
      if (input[i] === "}") return out;
    }
    return out;
  };
  return parseList();
}

/**
 * Picks requested fields from a resolver map. A field the node does not have is refused the way Graph refuses it
 * (#100 "Tried accessing nonexisting field"), for the whole request: a lenient fake would hide a client asking for a
 * field that exists on another node type (e.g. `user_id` on a Page).
 */
export function pick(
  fields: FieldSpec[] | undefined,
  defaults: string[],
  resolvers: Record<string, (f: FieldSpec) => unknown>,
  nodeType: string,
): Record<string, unknown> {
  const list = fields ?? defaults.map((name) => ({ name }));
  const unknown = list.find((f) => !Object.hasOwn(resolvers, f.name));
  if (unknown) throw nonexistingField(unknown.name, nodeType);
  const out: Record<string, unknown> = {};
  for (const f of list) {
    const v = resolvers[f.name]?.(f);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** Graph's answer to a field the node type does not have. */
export function nonexistingField(field: string, nodeType: string): GraphError {
  return new GraphError({ code: 100, message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` });
}
