import { z } from "zod";
import { appRouter } from "./root";
import { decisionOutcomeDoc } from "./router/ai";
import { channelWebhooksDoc } from "./router/channels";
import { analyticsDoc } from "./router/analytics";
import { editedMessagesDoc, needsPersonDoc } from "./router/inbox";
import { notesDoc } from "./router/notes";
import { savedRepliesDoc } from "./router/saved-replies";
import { creditsLedgerDoc } from "./router/billing";
import { publicationOutcomeDoc } from "./router/posts";
import { topicsDoc } from "./router/topics";

export interface ProcedureDoc {
  path: string;
  type: "query" | "mutation" | "subscription";
  input: string;
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; enum?: unknown[]; const?: unknown; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; format?: string; default?: unknown; minimum?: number; maximum?: number; minLength?: number; maxLength?: number };

function render(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf ?? s.oneOf) return (s.anyOf ?? s.oneOf)!.map(render).join(" | ");
  if (s.allOf) return s.allOf.map(render).join(" & ");
  if (s.type === "object" || s.properties) {
    const req = new Set(s.required ?? []);
    const fields = Object.entries(s.properties ?? {}).map(([k, v]) => `${k}${req.has(k) ? "" : "?"}: ${render(v)}`);
    return `{ ${fields.join(", ")} }`;
  }
  if (s.type === "array") {
    const items = s.items ?? {};
    const alternatives = (items.anyOf ?? items.oneOf ?? items.enum ?? []).length > 1;
    return alternatives ? `(${render(items)})[]` : `${render(items)}[]`;
  }
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
    "and act in the token's workspace. Errors carry `data.code` (tRPC codes) and a one-sentence `message`.",
    "",
    "`workspace.events` opens with a `stream.ready` item (its id the newest event's) once it follows new events: read",
    "the state you show after it, not when the connection opens, and resume with `lastEventId` after a reconnect.",
    "",
    "Bad input is a `BAD_REQUEST` in one shape, from a schema or a procedure's own checks: `data.fieldErrors` maps each",
    "field's full path to one-line messages (`{ \"content.whatsapp.audience.phones.1\": [\"A phone number in international",
    "format, digits only\"] }`), `data.formErrors` lists what concerns the input as a whole, and `message` is the first",
    "problem with its path (`content.whatsapp.audience.phones.1: A phone number…`); at most 50 problems are listed.",
    "Every string is checked before any procedure sees it: a NUL character (U+0000), which PostgreSQL cannot store, is",
    "refused with a field error at its path (refused, not removed, so what is stored is what was sent), and a lone UTF-16",
    "surrogate is replaced by U+FFFD. Every string has a maximum length and no list takes more than 10,000 items; access",
    "and invitation tokens take visible ASCII only; links that Meta fetches (`inbox.reply` `image.url`, template media",
    "`link`) must be public http(s) addresses: loopback, private, link-local, reserved and IPv4-mapped addresses and local",
    "names (`localhost`, `.local`, `.internal`, one-label hosts) are refused (names are not resolved: Meta resolves them).",
    "One-line names (workspace, member, rule, keyword, label, saved reply and document titles, file names, token names,",
    "a channel's display name; `oneLineNameSchema` in `@sillage/validators`) are trimmed and stored in Unicode NFC; a line",
    "break is refused (`one_line`), as is a control character — C0, C1, DEL, the bidi embeddings, overrides and isolates",
    "U+202A–202E, U+2066–2069 — (`control_character`, the character as `params.char`) and a name with nothing visible",
    "(zero-width characters only: `invisible_only`). Multi-line texts (captions, replies, notes, comments, knowledge text,",
    "saved reply bodies, rule examples; `multiLineTextSchema`) keep line feeds and tabs, store CR LF as LF, and refuse",
    "other C0 controls (`control_character`). A JSON body must be UTF-8 (else `malformed_request`). Dates (`from`, `to`,",
    "`until`) and the instants inside cursors are years 0000 to 9999 (`isStorableInstant` in `@sillage/time`): a date",
    "outside is `date_invalid`, a cursor outside `bad_cursor` (or the first page, where a foreign cursor already meant",
    "it); the credits ledger's cursor is at most bigint's largest value.",
    "",
    "Refusals carry `data.appError` (`{ code, params }`), also those of the transport: a body that is not JSON or",
    "superjson is a `BAD_REQUEST` `malformed_request`; a batch (`/trpc/a,b?batch=1`) takes at most 50 calls, more is a",
    "`BAD_REQUEST` `batch_too_large` (`params.max`) and none of them runs; an unexpected failure is an",
    "`INTERNAL_SERVER_ERROR` `internal_error` whose `params.requestId` (also the `X-Request-Id` header) finds its cause in",
    "the server's logs, never in the answer. A body over the limit (about 70 MB on `/trpc`, room for a media upload in",
    "base64; 3 MB on the webhooks) is answered 413 and the connection closed.",
    "",
    "| procedure | kind | input |",
    "|---|---|---|",
    ...rows,
    "",
    ...channelWebhooksDoc,
    "",
    ...publicationOutcomeDoc,
    "",
    ...decisionOutcomeDoc,
    "",
    ...needsPersonDoc,
    "",
    ...editedMessagesDoc,
    "",
    ...notesDoc,
    "",
    ...savedRepliesDoc,
    "",
    ...creditsLedgerDoc,
    "",
    ...analyticsDoc,
    ...topicsDoc,
  ].join("\n");
}
