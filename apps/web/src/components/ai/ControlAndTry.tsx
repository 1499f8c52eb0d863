import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf, fieldErrorsOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { Card } from "../Card";
import { collidingHandles } from "../channels/channel-handle";
import { FieldShell, FormError } from "../Field";
import { decisionReason } from "./decision-reason";
import { passagesOf } from "./decision-outcome";
import { DecisionPassages } from "./DecisionOutcome";

type Decision = RouterOutputs["ai"]["test"];

type ControlChannel = RouterOutputs["ai"]["control"]["get"]["channels"][number];

/** What a channel's replies actually do: on, off because the whole workspace is, or off by its own switch. */
function effectiveState(workspaceOn: boolean, c: ControlChannel): "on" | "off_workspace" | "off_channel" {
  if (!workspaceOn) return "off_workspace";
  return c.aiEnabled ? "on" : "off_channel";
}

/** The workspace switch and one per channel (an automatic reply needs both on). */
export function ControlCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  // The sidebar badge shares this query: the page reads it afresh, so a channel connected a moment ago is listed.
  const control = useQuery({ ...trpc.ai.control.get.queryOptions(), refetchOnMount: "always" });
  const set = useMutation(
    trpc.ai.control.set.mutationOptions({
      onSuccess(data) {
        queryClient.setQueryData(trpc.ai.control.get.queryKey(), data);
      },
    }),
  );
  const data = control.data;
  const handleOf = collidingHandles(data?.channels ?? [], (c) => c.displayName);
  return (
    <Card titleId="ai-control-title" title={t("ai.control.title")} description={t("ai.control.description")}>
      <FormError message={errorMessageOf(control.error ?? set.error, t)} />
      {data && (
        <div>
          <div className="ai-switch">
            <strong>{t("ai.control.workspace")}</strong>
            <button
              type="button"
              className="btn ai-toggle"
              aria-pressed={data.enabled}
              disabled={!canManage || set.isPending}
              onClick={() => set.mutate({ enabled: !data.enabled })}
              data-testid="ai-switch"
              data-state={data.enabled ? "on" : "off"}
              aria-label={data.enabled ? t("toggles.workspaceOn") : t("toggles.workspaceOff")}
            >
              {data.enabled ? t("ai.control.on") : t("ai.control.off")}
            </button>
          </div>
          <p className={`ai-summary ai-summary--${data.enabled ? "on" : "off"}`} data-testid="ai-control-summary" data-state={data.enabled ? "on" : "off"}>
            {data.enabled ? t("ai.control.summaryOn") : t("ai.control.summaryOff")}
          </p>
          <h3 className="subheading">{t("ai.control.channels")}</h3>
          {data.channels.length === 0 && <p className="muted">{t("ai.control.noChannels")}</p>}
          {data.channels.map((c) => {
            const effective = effectiveState(data.enabled, c);
            return (
              <div className="ai-switch" key={c.id}>
                <span>
                  {c.displayName} <span className="badge badge--muted">{t(`inbox.platform.${c.platform as "whatsapp" | "instagram"}`)}</span>
                  {handleOf(c) && <span className="muted small" data-testid="channel-handle">{handleOf(c)}</span>}
                  <span className={`ai-effective ai-effective--${effective}`} data-testid={`ai-channel-state-${c.id}`} data-state={effective}>
                    {t(`ai.control.effective.${effective}`)}
                  </span>
                </span>
                {/* The channel's own switch; green only when replies really go out (the workspace on too). */}
                <button
                  type="button"
                  className={`btn btn--sm ai-toggle${effective === "off_workspace" ? " ai-toggle--idle" : ""}`}
                  aria-pressed={c.aiEnabled}
                  disabled={!canManage || set.isPending}
                  onClick={() => set.mutate({ enabled: !c.aiEnabled, channelId: c.id })}
                  data-testid={`ai-switch-${c.id}`}
                  data-state={c.aiEnabled ? "on" : "off"}
                  title={c.aiEnabled ? undefined : t("ai.control.channelOffHint")}
                >
                  {/* Names what it switches ("AI on Instagram: on"), not only its state. */}
                  {t(c.aiEnabled ? "toggles.channelOn" : "toggles.channelOff", { channel: t(`inbox.platform.${c.platform as "whatsapp" | "instagram"}`) })}
                </button>
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}

export function DecisionView({ decision, testId }: { decision: Pick<Decision, "triage" | "confidence" | "reason" | "reasonCode" | "reasonParams" | "rule" | "reply" | "sources">; testId?: string }) {
  const { t } = useTranslation();
  const { percent } = useFormatters();
  const passages = passagesOf(decision);
  return (
    <dl className="ai-result" data-testid={testId} data-triage={decision.triage}>
      <dt>{t("ai.try.decision")}</dt>
      <dd className={`ai-triage ai-triage--${decision.triage}`}>{t(`ai.triage.${decision.triage}`)}</dd>
      <dt>{t("ai.try.confidence")}</dt>
      <dd>{percent(decision.confidence)}</dd>
      <dt>{t("ai.try.reason")}</dt>
      <dd>{decisionReason(t, decision)}</dd>
      <dt>{t("ai.try.rule")}</dt>
      <dd>{decision.rule?.name ?? <span className="muted">{t("ai.try.noRule")}</span>}</dd>
      {decision.reply && (
        <>
          <dt>{t("ai.try.reply")}</dt>
          <dd>{decision.reply}</dd>
        </>
      )}
      {decision.sources.length > 0 && (
        <>
          <dt>{t("ai.try.sources")}</dt>
          <dd>{decision.sources.map((s) => `${s.title} (${percent(s.score)})`).join(", ")}</dd>
        </>
      )}
      {passages.length > 0 && (
        <>
          <dt>{t("ai.outcome.passages")}</dt>
          <dd>
            <DecisionPassages decision={decision} />
          </dd>
        </>
      )}
    </dl>
  );
}

/** "Try it": a typed message through the saved rules, knowledge and provider; nothing stored or sent. */
export function TryCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const test = useMutation(trpc.ai.test.mutationOptions());
  const fieldErrors = fieldErrorsOf(test.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (text.trim()) test.mutate({ text });
  }
  return (
    <Card titleId="ai-try-title" title={t("ai.try.title")} description={t("ai.try.description")}>
      <form className="form" onSubmit={submit}>
        <FieldShell label={t("ai.try.label")} error={fieldErrors.text}>
          {(a11y) => (
            <textarea
              className="input ai-textarea"
              value={text}
              placeholder={t("ai.try.placeholder")}
              onChange={(e) => setText(e.target.value)}
              data-testid="ai-try-input"
              {...a11y}
            />
          )}
        </FieldShell>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={test.isPending || !text.trim()} data-testid="ai-try-submit">
            {t("ai.try.submit")}
          </button>
        </div>
      </form>
      <FormError message={Object.keys(fieldErrors).length ? null : errorMessageOf(test.error, t)} />
      {test.data && <DecisionView decision={test.data} testId="ai-try-result" />}
    </Card>
  );
}
