import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useRouterState } from "@tanstack/react-router";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { useWorkspace } from "../../lib/workspace";
import { FormError } from "../Field";
import { checklistShows } from "./checklist-visibility";
import { Icon } from "../Icon";
import "./first-run.css";

type Step = "channel" | "knowledge" | "rule" | "post" | "ai";
type Where = "/settings/channels" | "/ai-control" | "/schedule";

// Where each step is done.
const WHERE: Record<Step, Where> = { channel: "/settings/channels", knowledge: "/ai-control", rule: "/ai-control", post: "/schedule", ai: "/ai-control" };

/**
 * The getting-started checklist above every page of a new workspace: each step ticks itself from the workspace's
 * real data (live events refresh it), until all are done or an admin hides it.
 */
export function GettingStarted() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canManage } = useWorkspace();
  const checklist = useQuery(trpc.onboarding.checklist.queryOptions(undefined, { refetchOnWindowFocus: true }));
  const dismiss = useMutation(
    trpc.onboarding.dismiss.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.onboarding.checklist.queryFilter()) }),
  );
  // Steps are often done on the page they lead to, by procedures that raise no live event: each page change re-reads.
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  useEffect(() => {
    void queryClient.invalidateQueries(trpc.onboarding.checklist.queryFilter());
  }, [pathname, queryClient, trpc]);
  const data = checklist.data;
  if (!data || !checklistShows(data, pathname)) return null;
  // One line of explanation, for the next step only: the checklist sits above every page and must stay short.
  const next = data.steps.find((step) => !step.done);
  return (
    <section className="getting-started" aria-labelledby="getting-started-title" data-testid="getting-started">
      <div className="getting-started__header">
        <div className="getting-started__heading">
          <h2 id="getting-started-title" className="subheading">
            {t("firstRun.checklist.title")}
          </h2>
          <p className="muted small" data-testid="getting-started-progress">
            {t("firstRun.checklist.progress", { done: data.completed, total: data.total })}
          </p>
        </div>
        <progress className="getting-started__bar" max={data.total} value={data.completed} aria-label={t("firstRun.checklist.title")} />
        {canManage && (
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            onClick={() => dismiss.mutate()}
            disabled={dismiss.isPending}
            aria-label={t("firstRun.checklist.dismissLabel")}
            data-testid="getting-started-dismiss"
          >
            {t("firstRun.checklist.dismiss")}
          </button>
        )}
      </div>
      <FormError message={errorMessageOf(dismiss.error, t)} />
      <ol className="getting-started__steps">
        {data.steps.map((step) => (
          <li key={step.id} className={`getting-started__step${step.done ? " getting-started__step--done" : ""}`} data-testid={`step-${step.id}`} data-done={step.done}>
            <span className="getting-started__check" aria-hidden="true">
              {step.done && <Icon name="check" size={14} />}
            </span>
            <span className="getting-started__text">
              {step.done ? (
                <span>{t(`firstRun.checklist.steps.${step.id}`)}</span>
              ) : (
                <Link to={WHERE[step.id]}>{t(`firstRun.checklist.steps.${step.id}`)}</Link>
              )}
              <span className="sr-only">{step.done ? ` — ${t("firstRun.checklist.done")}` : ""}</span>
            </span>
          </li>
        ))}
      </ol>
      {next && (
        <p className="muted small getting-started__next" data-testid="getting-started-next">
          {t(`firstRun.checklist.hints.${next.id}`)}
        </p>
      )}
    </section>
  );
}
