import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { Card } from "../Card";
import { Dialog } from "../Dialog";
import { FormError, TextField } from "../Field";
import { QueryStatus } from "../QueryStatus";
import { SecretReveal } from "../SecretReveal";
import { DeliveryOutcome } from "./DeliveryOutcome";

/** What the browser can tell before asking the server: a full http(s) address (the server checks where it leads). */
function urlProblem(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol !== "https:" && url.protocol !== "http:";
  } catch {
    return true;
  }
}

type Shown = { url: string; secret: string } | null;
type Asking = { kind: "edit" | "rotate" | "delete"; id: string; url: string } | null;

/** The workspace's webhooks: add one (secret shown once), send a test, change the address, renew the secret, delete. */
export function WebhookList() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const format = useFormatters();
  const hooks = useQuery({
    ...trpc.workspace.webhooks.list.queryOptions(),
    // A last delivery on its way (a test just sent) is followed until it settles.
    refetchInterval: (query) => (query.state.data?.some((h) => h.lastDelivery?.status === "pending") ? 2000 : false),
  });
  const [shown, setShown] = useState<Shown>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.workspace.webhooks.list.queryFilter());
    void queryClient.invalidateQueries(trpc.workspace.webhooks.deliveries.queryFilter());
  };
  const test = useMutation(
    trpc.workspace.webhooks.test.mutationOptions({
      onSuccess: (_data, input) => {
        setNotice(t("webhooks.testQueued", { url: hooks.data?.find((h) => h.id === input.id)?.url ?? "" }));
        refresh();
      },
    }),
  );
  const rotate = useMutation(
    trpc.workspace.webhooks.rotateSecret.mutationOptions({
      onSuccess: (data) => {
        setAsking(null);
        setShown({ url: data.url, secret: data.secret });
        refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.workspace.webhooks.delete.mutationOptions({
      onSuccess: () => {
        setAsking(null);
        refresh();
      },
    }),
  );

  return (
    <>
      <Card titleId="webhooks-add" title={t("webhooks.addTitle")}>
        {shown ? (
          <div className="subcard">
            <SecretReveal label={t("webhooks.secretLabel", { url: shown.url })} value={shown.secret} note={t("webhooks.secretOnce")} onDismiss={() => setShown(null)} testId="webhook-secret" />
            <VerifyHelp />
          </div>
        ) : (
          <AddWebhookForm
            onCreated={(created) => {
              setShown({ url: created.url, secret: created.secret });
              refresh();
            }}
          />
        )}
      </Card>
      <Card titleId="webhooks-list" title={t("webhooks.listTitle")}>
        <QueryStatus query={hooks} />
        {notice && (
          <p className="alert alert--info" role="status" data-testid="webhooks-notice">
            {notice}
          </p>
        )}
        <FormError message={errorMessageOf(test.error, t)} />
        {hooks.data && hooks.data.length === 0 && <p className="muted">{t("webhooks.none")}</p>}
        {hooks.data && hooks.data.length > 0 && (
          <ul className="hooks" data-testid="webhooks-list">
            {hooks.data.map((h) => (
              <li key={h.id} className="hook" data-testid="webhook">
                <div className="hook__main">
                  <span className="hook__url">{h.url}</span>
                  <span className="hook__meta">
                    {t("webhooks.created")} {format.date(h.createdAt)}
                    {h.secretRotatedAt && ` · ${t("webhooks.rotatedOn", { date: format.date(h.secretRotatedAt) })}`}
                  </span>
                  <span className="hook__meta">
                    {t("webhooks.lastDelivery")}{" "}
                    {h.lastDelivery ? (
                      <>
                        {format.dateTime(h.lastDelivery.at)} · <DeliveryOutcome delivery={h.lastDelivery} />
                      </>
                    ) : (
                      t("webhooks.never")
                    )}
                  </span>
                </div>
                <div className="hook__actions">
                  <button type="button" className="btn btn--sm" disabled={test.isPending} onClick={() => test.mutate({ id: h.id })} data-testid="webhook-test">
                    {t("webhooks.sendTest")}
                  </button>
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAsking({ kind: "edit", id: h.id, url: h.url })} data-testid="webhook-edit">
                    {t("webhooks.edit")}
                  </button>
                  <button type="button" className="btn btn--ghost btn--sm" onClick={() => setAsking({ kind: "rotate", id: h.id, url: h.url })} data-testid="webhook-rotate">
                    {t("webhooks.rotate")}
                  </button>
                  <button type="button" className="btn btn--ghost btn--sm btn--danger-text" onClick={() => setAsking({ kind: "delete", id: h.id, url: h.url })} data-testid="webhook-delete">
                    {t("webhooks.delete")}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Dialog open={asking?.kind === "edit"} onClose={() => setAsking(null)} title={t("webhooks.editTitle")}>
        {asking?.kind === "edit" && (
          <EditUrlForm
            id={asking.id}
            url={asking.url}
            onDone={() => {
              setAsking(null);
              refresh();
            }}
          />
        )}
      </Dialog>
      <Dialog open={asking?.kind === "rotate"} onClose={() => setAsking(null)} title={t("webhooks.rotateTitle")}>
        <p>{t("webhooks.rotateText")}</p>
        <FormError message={errorMessageOf(rotate.error, t)} />
        <div className="form__actions">
          <button type="button" className="btn btn--danger" disabled={rotate.isPending} onClick={() => asking && rotate.mutate({ id: asking.id })} data-testid="webhook-rotate-confirm">
            {t("webhooks.rotateConfirm")}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setAsking(null)}>
            {t("common.cancel")}
          </button>
        </div>
      </Dialog>
      <Dialog open={asking?.kind === "delete"} onClose={() => setAsking(null)} title={t("webhooks.deleteTitle")}>
        <p>{t("webhooks.deleteText", { url: asking?.url ?? "" })}</p>
        <FormError message={errorMessageOf(remove.error, t)} />
        <div className="form__actions">
          <button type="button" className="btn btn--danger" disabled={remove.isPending} onClick={() => asking && remove.mutate({ id: asking.id })} data-testid="webhook-delete-confirm">
            {t("webhooks.deleteConfirm")}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setAsking(null)}>
            {t("common.cancel")}
          </button>
        </div>
      </Dialog>
    </>
  );
}

/** The URL field, checked as typed (format) and by the server (where it leads), its refusal under the field. */
function UrlForm({ initial, submitLabel, pending, serverError, onSubmit, testId }: { initial?: string; submitLabel: string; pending: boolean; serverError: unknown; onSubmit: (url: string) => void; testId: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial ?? "");
  const [touched, setTouched] = useState(false);
  const invalid = value.trim() !== "" && urlProblem(value.trim());
  const clientError = touched && (invalid || value.trim() === "") ? t("webhooks.urlInvalid") : null;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setTouched(true);
    if (value.trim() === "" || invalid) return;
    onSubmit(value.trim());
  }

  return (
    <form className="hook-form" onSubmit={submit} noValidate>
      <TextField
        label={t("webhooks.url")}
        hint={t("webhooks.urlHint")}
        name="url"
        type="url"
        inputMode="url"
        autoComplete="off"
        maxLength={2000}
        placeholder="https://"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => setTouched(value.trim() !== "")}
        error={clientError ?? errorMessageOf(serverError, t)}
        data-testid={`${testId}-url`}
      />
      <button type="submit" className="btn btn--primary" disabled={pending} data-testid={`${testId}-submit`}>
        {pending ? t("common.saving") : submitLabel}
      </button>
    </form>
  );
}

function AddWebhookForm({ onCreated }: { onCreated: (created: { url: string; secret: string }) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const create = useMutation(trpc.workspace.webhooks.create.mutationOptions({ onSuccess: onCreated }));
  return <UrlForm submitLabel={t("webhooks.add")} pending={create.isPending} serverError={create.error} onSubmit={(url) => create.mutate({ url })} testId="webhook-add" />;
}

function EditUrlForm({ id, url, onDone }: { id: string; url: string; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const update = useMutation(trpc.workspace.webhooks.update.mutationOptions({ onSuccess: onDone }));
  return (
    <>
      <p className="muted">{t("webhooks.editNote")}</p>
      <UrlForm initial={url} submitLabel={t("common.save")} pending={update.isPending} serverError={update.error} onSubmit={(next) => update.mutate({ id, url: next })} testId="webhook-edit" />
    </>
  );
}

const VERIFY_EXAMPLE = `// Node.js
const crypto = require("node:crypto");
const timestamp = req.headers["x-sillage-timestamp"];
const expected = "sha256=" + crypto.createHmac("sha256", SECRET).update(timestamp + "." + rawBody).digest("hex");
const ok = crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(req.headers["x-sillage-signature"]))
  && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;`;

/** How a receiver checks a request: the headers, the algorithm, a short example. */
function VerifyHelp() {
  const { t } = useTranslation();
  return (
    <div className="hook-verify" data-testid="webhook-verify">
      <h3 className="subheading">{t("webhooks.verifyTitle")}</h3>
      <p>{t("webhooks.verifyText", { timestampHeader: "X-Sillage-Timestamp", signatureHeader: "X-Sillage-Signature" })}</p>
      <pre>
        <code>{VERIFY_EXAMPLE}</code>
      </pre>
    </div>
  );
}
