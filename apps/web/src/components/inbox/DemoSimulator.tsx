import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";

type Kind = "whatsapp_message" | "instagram_message" | "instagram_comment";

/**
 * Demo mode only (SILLAGE_DEMO=1): plays a customer through the sandbox Graph API, so the webhook path runs live;
 * with a conversation open, that customer can also edit or unsend their last message.
 */
export function DemoSimulator({ conversationId }: { conversationId?: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const status = useQuery(trpc.demo.status.queryOptions());
  const [kind, setKind] = useState<Kind>("whatsapp_message");
  const [text, setText] = useState("");
  const simulate = useMutation(trpc.demo.simulate.mutationOptions({ onSuccess: () => setText("") }));
  // Folded away by the person, it stays so: on a laptop it costs the thread its reply box otherwise.
  const [open, setOpen] = useState(() => remembered() !== "closed");
  const measured = useCallback(measure, []);
  if (!status.data?.enabled) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = text.trim() || t("inbox.demo.placeholder");
    simulate.mutate({ kind, text: body });
  }

  return (
    <details
      className="card demo-sim"
      open={open}
      onToggle={(e) => {
        setOpen(e.currentTarget.open);
        remember(e.currentTarget.open ? "open" : "closed");
      }}
      ref={measured}
      data-testid="demo-simulator"
    >
      <summary className="demo-sim__head" data-testid="demo-toggle">
        <strong>{t("inbox.demo.title")}</strong>
        <span className="small muted">{t("inbox.demo.description")}</span>
      </summary>
      <form className="demo-sim__form" onSubmit={submit}>
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
        <Outcome mutation={simulate} done={t("inbox.demo.sent")} />
      </form>
      {conversationId && <CustomerChange key={conversationId} conversationId={conversationId} />}
    </details>
  );
}

/** The panel's height (and the page's gap under it) as --demo-h on the page, which the inbox's height gives up (inbox.css). */
function measure(panel: HTMLElement | null): (() => void) | undefined {
  const page = panel?.parentElement;
  if (!panel || !page) return;
  const observer = new ResizeObserver(() => page.style.setProperty("--demo-h", `${panel.offsetHeight + parseFloat(getComputedStyle(page).rowGap || "0")}px`));
  observer.observe(panel);
  return () => {
    observer.disconnect();
    page.style.removeProperty("--demo-h");
  };
}

const PANEL_KEY = "sillage.demoPanel";

function remembered(): string | null {
  try {
    return localStorage.getItem(PANEL_KEY);
  } catch {
    return null;
  }
}

function remember(state: "open" | "closed"): void {
  try {
    localStorage.setItem(PANEL_KEY, state);
  } catch {
    // Not remembered on this device; the panel still folds.
  }
}

/** The thread's first page: Thread.tsx asks the same, so one request answers both. */
const THREAD_PAGE = 50;

/** The open conversation's customer edits or unsends their last message, as Meta would report it by webhook. */
function CustomerChange({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const thread = useQuery(trpc.inbox.messages.queryOptions({ conversationId, limit: THREAD_PAGE }));
  const [text, setText] = useState("");
  const change = useMutation(trpc.demo.simulateMessageChange.mutationOptions({ onSuccess: () => setText("") }));
  // Newest first: the customer's last message, unless they already took it back.
  const last = thread.data?.messages.find((m) => m.author === "customer" && m.platformMessageId);
  if (!last || last.deletedAt) return null;

  function edit(e: FormEvent) {
    e.preventDefault();
    if (!last) return;
    change.mutate({ kind: "edit", messageId: last.id, text: text.trim() || t("inbox.demo.editPlaceholder") });
  }

  return (
    <form className="demo-sim__form" onSubmit={edit} data-testid="demo-change">
      <span className="small muted">
        {t("inbox.demo.lastMessage")} <q data-testid="demo-change-target">{last.text ?? "…"}</q>
      </span>
      <div className="reply__row">
        {last.type === "text" && (
          <>
            <input className="input" aria-label={t("inbox.demo.editText")} placeholder={t("inbox.demo.editPlaceholder")} value={text} onChange={(e) => setText(e.target.value)} data-testid="demo-edit-text" />
            <button type="submit" className="btn" disabled={change.isPending} data-testid="demo-edit">
              {t("inbox.demo.edit")}
            </button>
          </>
        )}
        <button type="button" className="btn" disabled={change.isPending} onClick={() => change.mutate({ kind: "unsend", messageId: last.id })} data-testid="demo-unsend">
          {t("inbox.demo.unsend")}
        </button>
      </div>
      <Outcome mutation={change} done={t("inbox.demo.changed")} />
    </form>
  );
}

/** What became of a simulation: done (it now travels by webhook) or refused, in the reader's language. */
function Outcome({ mutation, done }: { mutation: { isSuccess: boolean; error: unknown }; done: string }) {
  const { t } = useTranslation();
  if (mutation.error) return <p className="alert alert--error">{errorMessageOf(mutation.error, t)}</p>;
  return mutation.isSuccess ? (
    <p className="small muted" role="status">
      {done}
    </p>
  ) : null;
}
