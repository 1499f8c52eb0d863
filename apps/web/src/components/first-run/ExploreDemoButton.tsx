import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useEnterApp } from "../../lib/auth";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { FormError } from "../Field";

/** Demo mode only (SILLAGE_DEMO=1): one click signs into the demo shop; elsewhere nothing is shown. */
export function ExploreDemoButton({ redirect, separator = false }: { redirect?: string; separator?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const available = useQuery(trpc.demo.available.queryOptions(undefined, { staleTime: Infinity }));
  const enterApp = useEnterApp(redirect);
  const login = useMutation(trpc.demo.login.mutationOptions({ onSuccess: enterApp }));
  if (!available.data?.enabled) return null;
  const busy = login.isPending || login.isSuccess;
  return (
    <div className="explore-demo">
      {separator && (
        <p className="explore-demo__or" aria-hidden="true">
          <span>{t("firstRun.demo.or")}</span>
        </p>
      )}
      <FormError message={errorMessageOf(login.error, t)} />
      <button type="button" className="btn btn--block explore-demo__button" onClick={() => login.mutate()} disabled={busy} data-testid="explore-demo">
        {busy ? t("firstRun.demo.exploring") : t("firstRun.demo.explore")}
      </button>
      <p className="muted small explore-demo__hint">{t("firstRun.demo.hint")}</p>
    </div>
  );
}
