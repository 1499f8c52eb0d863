import { z } from "zod";
import { appRouter } from "./root";
import { publicationOutcomeDoc } from "./router/posts";

export interface ProcedureDoc {
  path: string;
  type: "query" | "mutation" | "subscription";
  input: string;
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; anyOf?: JsonSchema[]; format?: string; default?: unknown; minimum?: number; maximum?: number; minLength?: number; maxLength?: number };

function render(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(render).join(" | ");
  if (s.type === "object" || s.properties) {
    const req = new Set(s.required ?? []);
    const fields = Object.entries(s.properties ?? {}).map(([k, v]) => `${k}${req.has(k) ? "" : "?"}: ${render(v)}`);
    return `{ ${fields.join(", ")} }`;
  }
  if (s.type === "array") return `${render(s.items ?? {})}[]`;
  const base = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "unknown");
  return s.format ? `${base} (${s.format})` : base;
}

/** Every procedure of the app router with its kind and input shape, for docs/api.md. */
export function describeProcedures(): ProcedureDoc[] {
  const procedures = (appRouter._def as unknown as { procedures: Record<string, { _def: { type: ProcedureDoc["type"]; inputs: z.ZodType[] } }> }).procedures;
  return Object.entries(procedures)
    .map(([path, p]) => {
      const schema = p._def.inputs[0];
      let input = "—";
      if (schema) {
        try {
          input = render(
            z.toJSONSchema(schema, {
              io: "input",
              unrepresentable: "any",
              // Dates (z.coerce.date) travel as ISO strings through superjson or JSON.
              override: (ctx) => {
                if ((ctx.zodSchema as { _zod?: { def?: { type?: string } } })._zod?.def?.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
              },
            }) as JsonSchema,
          );
        } catch {
          input = "(see source)";
        }
      }
      return { path, type: p._def.type, input };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

export function renderApiDoc(): string {
  const rows = describeProcedures().map((p) => `| \`${p.path}\` | ${p.type} | \`${p.input.replace(/\|/g, "\\|")}\` |`);
  return [
    "# API",
    "",
    "Generated from the routers by `pnpm docs:api` (a test fails when this page is stale). Every procedure is served at",
    "`/trpc/<path>` with the superjson transformer; browsers authenticate with the session cookie and choose a workspace",
    "with the `X-Sillage-Workspace` header (or `?workspace=` for subscriptions); tools send `Authorization: Bearer <token>`",
    "and act in the token's workspace. Errors carry `data.code` (tRPC codes) and, for bad input, `data.fieldErrors`.",
    "",
    "| procedure | kind | input |",
    "|---|---|---|",
    ...rows,
    "",
    ...publicationOutcomeDoc,
  ].join("\n");
}
