/**
 * Operator CLI: `pnpm cli <command>`.
 *   migrate                                   apply both schemas' migrations
 *   token create --workspace <slug> [--name N] [--role admin|agent]
 *                                             create an API token for internal tools (printed once)
 *   seed-demo                                 create the demo account and workspace (idempotent)
 *   jobs run <task> [--payload JSON]          add a job now (the running worker picks it up)
 *   jobs                                      the queue by task (due, scheduled, running, failed, oldest due
 *                                             age), cron items' last runs, worker heartbeat, the latest failures
 *   jobs failed [--limit N]                   jobs whose last run failed, with their last error
 *   jobs retry <id> | jobs remove <id>        run a failed job again with fresh attempts, or delete it
 *   jobs list                                 list the job definitions
 *   unknown-events [--limit N]                webhook events no handler understood (kept, never dropped)
 *   dead-letters [--limit N]                  webhook deliveries and events parked after failing every attempt
 *   dead-letters replay <id> | --all          hand parked ones back to their job (after fixing the cause)
 *   kpi backfill --from <date> --to <date> [--workspace <slug>] [--restart]
 *                                             recompute the 2-hour KPI windows of a range (idempotent), a day per
 *                                             transaction with progress and ETA; interrupted, the same command
 *                                             resumes after the last day done (`--restart`: from --from)
 *   topics backfill [--workspace <slug>]      embed every customer message and comment not embedded by the
 *                                             configured provider yet (the history, or after a provider change)
 *   password reset-link --email <address>     a single-use password reset link for a member who cannot get the
 *                                             e-mail (no SMTP): printed here only, valid an hour, older links void
 *   billing set-plan --workspace <slug> --plan free|pro|business
 *                                             change a workspace's plan (`changePlan`, the payment provider's seam)
 *   credits grant --workspace <slug> --amount N --reason R [--key K]
 *                                             top up credits (never expire); `--key` makes a retried command a no-op
 *   archive run [--before <date>] [--retry-failed]
 *                                             archive rows past retention now (JSONL + zstd, checked, then deleted);
 *                                             `--before` archives only older rows; `--retry-failed` rewrites failed parts
 *   archive restore --workspace <slug> --from <date> --to <date>
 *                                             put a workspace's archived rows of those UTC days back (idempotent)
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "@sillage/config";
import { createApiToken, emailSchema, findWorkspaceBySlug, issueOperatorPasswordReset, PASSWORD_RESET_POLICY } from "@sillage/accounts";
import { backfillKpisResumable, type BackfillProgress } from "@sillage/kpis";
import { listDeadLetters, listUnknownEvents, replayAllDeadLetters, replayDeadLetter } from "@sillage/inbox";
import { changePlan, creditBalance, planIdSchema, topUpCredits } from "@sillage/billing";
import { restoreArchive, retryFailedBatches, runArchive } from "@sillage/archive";
import { withWorkspace } from "@sillage/db";
import { createLogger } from "@sillage/observability";
import { cronRuns, enqueue, failedJobs, freshestHeartbeatAge, queueStats, removeFailedJob, retryFailedJob } from "@sillage/queue";
import { embedderFor, embedPendingTexts } from "@sillage/topics";
import { createModelProvider } from "@sillage/triage";
import { systemClock } from "@sillage/time";
import { oneLineNameSchema } from "@sillage/validators";
import { openDatabase } from "./database";
import { DEMO_LOGIN, seedDemo } from "./demo";
import { jobDefinitions, jobsById } from "./jobs";
import { createArchiveStoreFor, createCoreServices } from "./services";

const USAGE = `usage: pnpm cli <migrate | token create --workspace <slug> [--name N] | seed-demo | jobs [failed [--limit N] | retry <id> | remove <id> | list | run <task> [--payload JSON]] | unknown-events [--limit N] | dead-letters [--limit N] | dead-letters replay <id|--all> | kpi backfill --from <date> --to <date> [--workspace <slug>] [--restart] | topics backfill [--workspace <slug>] | password reset-link --email <address> | billing set-plan --workspace <slug> --plan P | credits grant --workspace <slug> --amount N --reason R [--key K] | archive run [--before <date>] [--retry-failed] | archive restore --workspace <slug> --from <date> --to <date>>`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      workspace: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      payload: { type: "string" },
      limit: { type: "string" },
      all: { type: "boolean" },
      from: { type: "string" },
      to: { type: "string" },
      plan: { type: "string" },
      amount: { type: "string" },
      reason: { type: "string" },
      key: { type: "string" },
      before: { type: "string" },
      "retry-failed": { type: "boolean" },
      restart: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || command === "help") {
    console.log(USAGE);
    return 0;
  }
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? "warn" });
  const database = await openDatabase(config, logger);
  const { db } = database;
  try {
    if (command === "migrate") {
      console.log("Migrations applied; the database is up to date.");
      return 0;
    }
    if (command === "token" && sub === "create") {
      if (!values.workspace) throw new Error("--workspace <slug> is required");
      const ws = await findWorkspaceBySlug(db, values.workspace);
      if (!ws) throw new Error(`No workspace with slug "${values.workspace}"`);
      const role = values.role === "agent" ? "agent" : "admin";
      const name = oneLineOption("--name", values.name ?? "cli", 80);
      const { token } = await createApiToken(db, { workspaceId: ws.id, name, role, createdBy: null });
      console.log(`API token for ${ws.name} (${role}) — shown once:\n${token}`);
      return 0;
    }
    if (command === "password" && sub === "reset-link") {
      const email = emailSchema.safeParse(values.email ?? "");
      if (!email.success) throw new Error("password reset-link needs --email <address> (the member's sign-in address)");
      const reset = await issueOperatorPasswordReset(db, { email: email.data, appUrl: config.APP_URL, now: systemClock.now() });
      if (!reset) {
        console.error(`No account signs in with ${email.data}.`);
        return 1;
      }
      // The link goes to this terminal only (stdout), never through the logger: whoever holds it sets the password.
      const minutes = PASSWORD_RESET_POLICY.ttlMs / 60_000;
      console.log(`Password reset link for ${reset.name} <${reset.email}> — works once, until ${reset.expiresAt.toISOString()} (${minutes} min); any older link no longer works:`);
      console.log(reset.link);
      console.log("Give it to that person only, over a channel you trust; choosing the new password signs them out everywhere.");
      return 0;
    }
    if (command === "seed-demo") {
      await seedDemo(db, (await createCoreServices(config)).secretBox);
      console.log(`Demo workspace ready: sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (run with SILLAGE_DEMO=1 for sandbox channels)`);
      return 0;
    }
    if (command === "unknown-events") {
      const limit = Number(values.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new Error("--limit takes a whole number from 1 to 10000");
      const rows = await listUnknownEvents(db, limit);
      for (const r of rows) {
        // The reason is what an operator acts on (an unknown account to connect, a field to support): its own line.
        // Account and field come from the sender: a forged 5,000-character id stays one readable line.
        console.log(`${r.created_at.toISOString()}  #${r.id}  ${r.platform}  ${r.kind}  workspace ${r.workspace_id ?? "-"}  account ${clip(r.account_id ?? "-")}  field ${clip(r.field ?? "-")}`);
        console.log(`  reason: ${r.reason ?? "(none recorded)"}`);
        console.log(`  raw: ${JSON.stringify(r.raw).slice(0, 200)}`);
      }
      console.log(`${rows.length} unknown event(s) shown`);
      return 0;
    }
    if (command === "dead-letters" && sub === "replay") {
      if (values.all) {
        console.log(`${await replayAllDeadLetters(db)} dead letter(s) handed back to their job; a running worker picks them up.`);
        return 0;
      }
      const id = Number(arg);
      if (!Number.isSafeInteger(id) || id <= 0) throw new Error("dead-letters replay needs an id (see `pnpm cli dead-letters`) or --all");
      if ((await replayDeadLetter(db, id)) === "not_parked") {
        console.error(`#${id} is not a parked dead letter (already replayed, applied, or unknown).`);
        return 1;
      }
      console.log(`#${id} handed back to its job; a running worker picks it up.`);
      return 0;
    }
    if (command === "dead-letters" && !sub) {
      const rows = await listDeadLetters(db, { limit: Number(values.limit ?? 50) });
      for (const r of rows) {
        const what = r.eventIndex === null ? `delivery ${r.deliveryId ?? "-"}` : `event ${r.eventIndex} of delivery ${r.deliveryId ?? "(pruned)"}`;
        console.log(
          `#${r.id}  parked ${r.parkedAt.toISOString()}  ${r.platform}  ${r.kind}  ${r.reference ?? "-"}  ${what}  workspace ${r.workspaceId ?? "-"}  ${r.attempts} attempt(s)\n    ${r.error}`,
        );
      }
      console.log(`${rows.length} dead letter(s) shown; replay with \`pnpm cli dead-letters replay <id>\` or \`--all\` once the cause is fixed`);
      return 0;
    }
    if (command === "jobs" && !sub) {
      const stats = await queueStats(database.pool);
      console.log("task                               due  sched  running  failed  oldest due");
      for (const t of stats) {
        console.log(`${t.task.padEnd(32)} ${String(t.due).padStart(5)} ${String(t.scheduled).padStart(6)} ${String(t.running).padStart(8)} ${String(t.failed).padStart(7)}  ${Math.round(t.oldestDueAgeSeconds)}s`);
      }
      if (!stats.length) console.log("(the queue is empty)");
      console.log("\ncron item                          last run");
      for (const c of await cronRuns(database.pool)) console.log(`${c.identifier.padEnd(34)} ${c.lastExecution?.toISOString() ?? "never"}`);
      const age = await freshestHeartbeatAge(database.pool);
      console.log(`\nworker heartbeat: ${age === null ? "none (no worker running)" : `${Math.round(age)}s ago`}`);
      printFailed(await failedJobs(database.pool, { limit: 10 }));
      return 0;
    }
    if (command === "jobs" && sub === "failed") {
      const limit = Number(values.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new Error("--limit takes a whole number from 1 to 10000");
      printFailed(await failedJobs(database.pool, { limit }));
      return 0;
    }
    if (command === "jobs" && (sub === "retry" || sub === "remove")) {
      if (!arg || !/^\d{1,19}$/.test(arg)) throw new Error(`jobs ${sub} needs a job id (see \`pnpm cli jobs failed\`)`);
      const done = sub === "retry" ? await retryFailedJob(database.pool, arg) : await removeFailedJob(database.pool, arg);
      if (!done) {
        console.error(`Job ${arg} is not in the queue or is running now.`);
        return 1;
      }
      console.log(sub === "retry" ? `Job ${arg} runs again now with fresh attempts.` : `Job ${arg} removed.`);
      return 0;
    }
    if (command === "kpi" && sub === "backfill") {
      const from = dateOption(values.from);
      const to = dateOption(values.to);
      if (!from || !to || !(to > from)) throw new Error("kpi backfill needs --from and --to (ISO dates, --to after --from)");
      let workspaceId: string | undefined;
      if (values.workspace) {
        const ws = await findWorkspaceBySlug(db, values.workspace);
        if (!ws) throw new Error(`No workspace with slug "${values.workspace}"`);
        workspaceId = ws.id;
      }
      // A day per transaction, each with its checkpoint: progress as it goes, and Ctrl-C (or a crash) resumes there.
      const stop = new AbortController();
      const onSigint = () => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
        console.error("Stopping after the current day (Ctrl-C again to quit now)…");
      };
      process.on("SIGINT", onSigint);
      let lastPrint = 0;
      let told = false;
      const result = await backfillKpisResumable(db, {
        from,
        to,
        workspaceId,
        clock: systemClock,
        restart: values.restart,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.resumedFrom && !told) console.log(`Resuming an interrupted backfill of this range from ${p.resumedFrom.toISOString()} (--restart to start over).`);
          told = true;
          const now = systemClock.now().getTime();
          // A line every 2 s at most (and the last), not one per day of a ten-year range.
          if (p.stepsDone < p.steps && now - lastPrint < 2_000) return;
          lastPrint = now;
          console.log(formatBackfillProgress(p));
        },
      }).finally(() => process.off("SIGINT", onSigint));
      if (!result.completed) {
        console.log(`Stopped at ${result.through.toISOString()} (${result.stepsDone}/${result.steps} days): run the same command again to resume there.`);
        return 130;
      }
      console.log(`KPI windows recomputed: ${result.windowsTotal} window(s), ${result.upserted} row(s) written, in ${(result.elapsedMs / 1000).toFixed(1)} s.`);
      return 0;
    }
    if ((command === "billing" && sub === "set-plan") || (command === "credits" && sub === "grant")) {
      if (!values.workspace) throw new Error("--workspace <slug> is required");
      const ws = await findWorkspaceBySlug(db, values.workspace);
      if (!ws) throw new Error(`No workspace with slug "${values.workspace}"`);
      if (command === "billing") {
        const plan = planIdSchema.safeParse(values.plan);
        if (!plan.success) throw new Error("--plan must be free, pro or business");
        const changed = await changePlan(db, { workspaceId: ws.id, plan: plan.data, by: "cli" }, systemClock);
        console.log(`${ws.name} is now on the ${changed.plan} plan (billing day ${changed.billingDay}).`);
        return 0;
      }
      const amount = Number(values.amount);
      if (!Number.isInteger(amount) || amount < 1 || amount > 1_000_000) throw new Error("--amount must be a whole number from 1 to 1000000");
      if (!values.reason?.trim()) throw new Error("--reason is required (kept in the ledger)");
      const note = oneLineOption("--reason", values.reason, 200);
      const key = values.key ?? `cli:${crypto.randomUUID()}`;
      const added = await withWorkspace(db, ws.id, (trx) => topUpCredits(trx, { workspaceId: ws.id, amount, note, key }, systemClock));
      console.log(`${added ? `${amount} credit(s) added` : "Already granted with this key: nothing added"}; balance ${await creditBalance(db, ws.id)}.`);
      return 0;
    }
    if (command === "archive" && sub === "run") {
      const before = dateOption(values.before);
      if (values.before !== undefined && !before) throw new Error("--before takes an ISO date (e.g. 2026-01-01)");
      if (values["retry-failed"]) console.log(`${await retryFailedBatches(db)} failed part(s) handed back to the run.`);
      const r = await runArchive(db, await createArchiveStoreFor(config), systemClock, { before, logger });
      if (r.status === "busy") {
        console.error("Another archive run holds the lock (the nightly job?); try again when it ends.");
        return 1;
      }
      console.log(`Archived ${r.rows} row(s) in ${r.objects} object(s): ${r.bytesIn} bytes of JSON → ${r.bytesOut} bytes zstd; ${r.failed} part(s) failed their check.`);
      return r.failed ? 1 : 0;
    }
    if (command === "archive" && sub === "restore") {
      if (!values.workspace) throw new Error("--workspace <slug> is required");
      if (!dateOption(values.from, "day") || !dateOption(values.to, "day") || values.to! < values.from!) throw new Error("archive restore needs --from and --to (YYYY-MM-DD, UTC days, --to not before --from)");
      const ws = await findWorkspaceBySlug(db, values.workspace);
      if (!ws) throw new Error(`No workspace with slug "${values.workspace}"`);
      const r = await restoreArchive(db, await createArchiveStoreFor(config), ws.id, values.from!, values.to!);
      console.log(`Restored ${r.inserted} row(s) of ${r.rows} archived in ${r.objects} object(s) (rows already present are left as they are).`);
      return 0;
    }
    if (command === "jobs" && sub === "list") {
      for (const d of jobDefinitions) console.log(d.id);
      return 0;
    }
    if (command === "jobs" && sub === "run") {
      const def = arg ? jobsById.get(arg) : undefined;
      if (!def) throw new Error(`Unknown task "${arg ?? ""}". Known: ${jobDefinitions.map((d) => d.id).join(", ")}`);
      const id = await enqueue(db, def, jobPayload(def.id, def.schema, values.payload) as never);
      console.log(`Job ${id} (${def.id}) added; a running worker picks it up.`);
      return 0;
    }
    if (command === "topics" && sub === "backfill") {
      const ws = values.workspace ? await findWorkspaceBySlug(db, values.workspace) : null;
      if (values.workspace && !ws) throw new Error(`No workspace with slug "${values.workspace}"`);
      const embedder = embedderFor(createModelProvider(config));
      let total = 0;
      // Batches of 2,000 so progress shows on a long history.
      for (;;) {
        const n = await embedPendingTexts(db, embedder, { workspaceId: ws?.id, maxTexts: 2000 });
        total += n;
        if (n) console.log(`${total} text(s) embedded with ${embedder.id}…`);
        if (n < 2000) break;
      }
      console.log(`Done: ${total} customer message(s) and comment(s) embedded with ${embedder.id}.`);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await database.close();
  }
}

/**
 * A date option: a UTC day (YYYY-MM-DD) or an ISO date-time with its offset, when `days` allows it; else undefined.
 * Not `new Date()`: it reads 2026-02-30 as 2 March and "1" as 2001, and PostgreSQL would answer in its own words.
 */
/** `kpi backfill: 120/365 days (32.9 %), 17,280/52,560 windows, through 2026-04-30T00:00:00.000Z, ETA 1 min 05 s` */
function formatBackfillProgress(p: BackfillProgress): string {
  const pct = ((100 * p.stepsDone) / p.steps).toFixed(1);
  const n = (x: number) => x.toLocaleString("en-US");
  return `kpi backfill: ${n(p.stepsDone)}/${n(p.steps)} days (${pct} %), ${n(p.windowsDone)}/${n(p.windowsTotal)} windows, through ${p.through.toISOString()}, ETA ${p.etaMs === null ? "…" : duration(p.etaMs)}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** An option that names something (a token, a ledger reason): one line, no control characters, as the API takes it. */
function oneLineOption(flag: string, value: string, max: number): string {
  const parsed = oneLineNameSchema({ max }).safeParse(value);
  if (!parsed.success) throw new Error(`${flag}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function dateOption(value: string | undefined, kinds: "day" | "day or date-time" = "day or date-time"): Date | undefined {
  if (value === undefined) return undefined;
  if (z.iso.date().safeParse(value).success) return new Date(`${value}T00:00:00Z`);
  if (kinds === "day or date-time" && z.iso.datetime({ offset: true }).safeParse(value).success) return new Date(value);
  return undefined;
}

function printFailed(rows: Awaited<ReturnType<typeof failedJobs>>): void {
  console.log(`\nfailed jobs (${rows.length} shown; \`pnpm cli jobs retry <id>\` or \`remove <id>\`)`);
  for (const r of rows) {
    const state = r.final ? "failed for good" : "retrying";
    console.log(`#${r.id}  ${r.task}  ${state}  attempt ${r.attempts}/${r.maxAttempts}  ${r.updatedAt.toISOString()}${r.key ? `  key ${r.key}` : ""}`);
    console.log(`    ${(r.lastError ?? "").split("\n")[0]!.slice(0, 300)}`);
  }
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** `--payload` read as JSON and checked against the task's schema, with a message naming what is wrong. */
function jobPayload(task: string, schema: z.ZodType, text: string | undefined): unknown {
  let payload: unknown = {};
  if (text !== undefined) {
    try {
      payload = JSON.parse(text);
    } catch (err) {
      throw new Error(`--payload is not JSON: ${(err as Error).message}`);
    }
  }
  const checked = schema.safeParse(payload);
  if (!checked.success) throw new Error(`--payload does not fit ${task}:\n${z.prettifyError(checked.error)}`);
  return checked.data;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A check the command did not phrase itself (a schema's) still reads as a sentence, never as a dump.
    console.error(err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message);
    process.exit(1);
  },
);
