import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";

type Kind = "whatsapp_message" | "instagram_message" | "instagram_comment";

/** Demo mode only (SILLAGE_DEMO=1): plays a customer through the sandbox Graph API, so the webhook path runs live. */
export function DemoSimulator() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const status = useQuery(trpc.demo.status.queryOptions());
  const [kind, setKind] = useState<Kind>("whatsapp_message");
  const [text, setText] = useState("");
  const simulate = useMutation(trpc.demo.simulate.mutationOptions({ onSuccess: () => setText("") }));
  if (!status.data?.enabled) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = text.trim() || t("inbox.demo.placeholder");
    simulate.mutate({ kind, text: body });
  }

  return (
    <form className="card demo-sim" onSubmit={submit} data-testid="demo-simulator">
      <div className="demo-sim__head">
        <strong>{t("inbox.demo.title")}</strong>
        <span className="small muted">{t("inbox.demo.description")}</span>
      </div>
      <div className="reply__row">
        <select className="select" aria-label={t("inbox.demo.title")} value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="demo-kind">
          {(["whatsapp_message", "instagram_message", "instagram_comment"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`inbox.demo.kind.${k}`)}
            </option>
          ))}
        </select>
        <input className="input" aria-label={t("inbox.demo.text")} placeholder={t("inbox.demo.placeholder")} value={text} onChange={(e) => setText(e.target.value)} data-testid="demo-text" />
        <button type="submit" className="btn btn--primary" disabled={simulate.isPending} data-testid="demo-send">
          {t("inbox.demo.send")}
        </button>
      </div>
      {simulate.isSuccess && <p className="small muted" role="status">{t("inbox.demo.sent")}</p>}
      {simulate.error && <p className="alert alert--error">{errorMessageOf(simulate.error, t)}</p>}
    </form>
  );
}
