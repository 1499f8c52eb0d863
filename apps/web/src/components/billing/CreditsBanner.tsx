import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useAreas } from "../../i18n";
import { useTRPC } from "../../lib/trpc";
import "./billing.css";

/** Shown on every page while the workspace has no automatic-reply credit left (new messages then go to a person). */
export function CreditsBanner() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.billing.credits.queryOptions({ limit: 1 }), staleTime: 60_000 });
  const out = !!data && data.balance <= 0;
  // Its words are the billing page's: fetched only for a workspace out of credits.
  const worded = useAreas(["billing"], out);
  if (!out || !worded) return null;
  return (
    <div className="billing-banner" role="alert" data-testid="credits-banner">
      <span>{t("billing.bannerOut")}</span> <Link to="/settings/billing">{t("billing.bannerLink")}</Link>
    </div>
  );
}
