/**
 * Every one-line name and multi-line text the API takes, over real HTTP: a name with a line break, a control
 * character, a bidi override or nothing visible is refused BAD_REQUEST with a coded field error at its full path; a
 * multi-line text keeps its line breaks and tabs but refuses other C0 controls; French accents and emoji pass. Each
 * value sits in the procedure's valid sample (boundary/samples.ts), so the refusal is the field's, not the input's.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, type TrpcResult } from "./harness";
import { createSeededWorld, loadCaseFiles } from "./isolation/context";
import { sampleContext, samples, type SampleContext } from "./boundary/samples";

type Path = (string | number)[];
type Kind = "name" | "text";
interface Field {
  procedure: string;
  /** Which of the procedure's samples (default the first). */
  sample?: number;
  path: Path;
  kind: Kind;
  /** Added to every value (a file name's extension). */
  suffix?: string;
  /** A blank item is dropped from its list, not refused. */
  blankDropped?: boolean;
}

const FIELDS: Field[] = [
  { procedure: "auth.signup", path: ["name"], kind: "name" },
  { procedure: "auth.signup", path: ["workspaceName"], kind: "name" },
  { procedure: "workspace.create", path: ["name"], kind: "name" },
  { procedure: "workspace.update", path: ["name"], kind: "name" },
  { procedure: "ai.rules.create", path: ["name"], kind: "name" },
  { procedure: "ai.rules.create", path: ["keywords", 0], kind: "name", blankDropped: true },
  { procedure: "ai.rules.create", path: ["examples", 0], kind: "text" },
  { procedure: "ai.rules.update", path: ["name"], kind: "name" },
  { procedure: "ai.test", path: ["text"], kind: "text" },
  { procedure: "apiTokens.create", path: ["name"], kind: "name" },
  { procedure: "channels.connectWhatsApp", path: ["displayName"], kind: "name" },
  { procedure: "comments.reply", path: ["text"], kind: "text" },
  { procedure: "comments.privateReply", path: ["text"], kind: "text" },
  { procedure: "inbox.reply", path: ["text"], kind: "text" },
  { procedure: "inbox.reply", sample: 1, path: ["image", "caption"], kind: "text" },
  { procedure: "knowledge.add", path: ["title"], kind: "name" },
  { procedure: "knowledge.add", path: ["text"], kind: "text" },
  { procedure: "knowledge.add", sample: 1, path: ["file", "name"], kind: "name", suffix: ".txt" },
  { procedure: "labels.create", path: ["name"], kind: "name" },
  { procedure: "labels.update", path: ["name"], kind: "name" },
  { procedure: "media.upload", path: ["filename"], kind: "name" },
  { procedure: "notes.add", path: ["text"], kind: "text" },
  { procedure: "savedReplies.create", path: ["title"], kind: "name" },
  { procedure: "savedReplies.create", path: ["body"], kind: "text" },
  { procedure: "savedReplies.update", path: ["title"], kind: "name" },
  { procedure: "posts.create", path: ["content", "text"], kind: "text" },
];

/** Refused in a one-line name, with the field-issue code the SPA words. */
const BAD_NAMES: [string, string, string][] = [
  ["line feed", "Bou\ntique", "one_line"],
  ["CR LF", "Bou\r\ntique", "one_line"],
  ["Unicode line separator", "Bou\u2028tique", "one_line"],
  ["NEL (C1)", "Bou\u0085tique", "one_line"],
  ["tab", "Bou\ttique", "control_character"],
  ["escape", "Bou\u001b[31mtique", "control_character"],
  ["DEL", "Bou\u007ftique", "control_character"],
  ["C1 control", "Bou\u009btique", "control_character"],
  ["right-to-left override", "Bou\u202etique", "control_character"],
  ["left-to-right embedding", "\u202aBoutique", "control_character"],
  ["first-strong isolate", "Bou\u2068tique", "control_character"],
  ["pop directional isolate", "Boutique\u2069", "control_character"],
  ["zero-width only", "\u200b\u200c\u200d", "invisible_only"],
  ["Hangul filler only", "\u3164", "invisible_only"],
  ["spaces only", "   ", "required"],
];
/** Refused in a multi-line text. */
const BAD_TEXTS: [string, string, string][] = [
  ["bell", "Bonjour\u0007", "control_character"],
  ["escape", "Bonjour \u001b[2J", "control_character"],
  ["vertical tab", "Bon\u000bjour", "control_character"],
  ["backspace", "Bon\bjour", "control_character"],
];
let unique = 0;
/** Accepted (each call gets its own suffix: several of these procedures refuse a duplicate name). */
const GOOD_NAMES = [() => `Crème brûlée à l’atelier ${++unique}`, () => `Cafe\u0301 🍰👩‍👩‍👧 ${++unique}`];
const GOOD_TEXTS = [() => `Bonjour,\r\nvotre colis part demain ✨\n\tÀ bientôt ! ${++unique}`];

let ctx: SampleContext;
beforeAll(async () => {
  ctx = await sampleContext(await createSeededWorld(await loadCaseFiles()));
}, 120_000);
afterAll(() => ctx.server.close());

function inputWith(field: Field, value: string): { input: unknown; expect: string; as: string } {
  const sample = samples[field.procedure]!(ctx)[field.sample ?? 0]!;
  const input = structuredClone(sample.input) as Record<string | number, unknown>;
  let node = input;
  for (const key of field.path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[field.path[field.path.length - 1]!] = value + (field.suffix ?? "");
  // A sign-up's e-mail is taken once: each call signs up someone new.
  if (field.procedure === "auth.signup") input.email = `text-${randomUUID()}@example.com`;
  return { input, expect: sample.expect ?? "ok", as: sample.as ?? "owner" };
}

async function send(field: Field, value: string) {
  const { input, expect: expected, as } = inputWith(field, value);
  const who = as === "visitor" ? new ApiSession(ctx.server.url) : ctx.b;
  return { answer: await who.mutation(field.procedure, input), expected };
}

function issuesAt(answer: TrpcResult, path: Path): { code: string; params: Record<string, unknown> }[] {
  if (answer.ok) return [];
  const issues = (answer.data.fieldIssues ?? {}) as Record<string, { code: string; params: Record<string, unknown> }[]>;
  return issues[path.join(".")] ?? [];
}

describe.each(FIELDS)("$procedure $path ($kind)", (field) => {
  const bad = (field.kind === "name" ? BAD_NAMES : BAD_TEXTS).filter(
    // A blank keyword is dropped; "\u200b.txt" is a file name with something visible in it.
    ([, value, code]) => !(field.blankDropped && !value.trim()) && !(field.suffix && (code === "invisible_only" || code === "required")),
  );
  it.each(bad)("refuses %s", async (_label, value, code) => {
    const { answer } = await send(field, value);
    expect(answer.ok).toBe(false);
    expect(answer.ok ? null : answer.code).toBe("BAD_REQUEST");
    const fieldErrors = answer.ok ? {} : (answer.data.fieldErrors as Record<string, string[]>);
    expect(Object.keys(fieldErrors)).toContain(field.path.join("."));
    expect(issuesAt(answer, field.path).map((i) => i.code)).toContain(code);
  });

  it("accepts French accents, emoji and (in texts) line breaks and tabs", async () => {
    for (const good of field.kind === "name" ? GOOD_NAMES : GOOD_TEXTS) {
      const { answer, expected } = await send(field, good());
      expect(issuesAt(answer, field.path), answer.ok ? "" : answer.message).toEqual([]);
      expect(answer.ok ? "ok" : answer.code, answer.ok ? "" : answer.message).toBe(expected);
    }
  });
});

it("stores a name trimmed and in NFC, and a text with CR LF as LF", async () => {
  const label = await ctx.b.mutation("labels.create", { name: "  Cafe\u0301 fidèle  ", colour: "#1f9d55" });
  expect(label.ok && (label.data as { name: string }).name).toBe("Café fidèle");
  const reply = await ctx.b.mutation("savedReplies.create", { title: "Horaires", shortcut: `h-${randomUUID().slice(0, 8)}`, body: "Bonjour,\r\nde 9 h à 18 h" });
  expect(reply.ok && (reply.data as { body: string }).body).toBe("Bonjour,\nde 9 h à 18 h");
});
