import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { FormError } from "../Field";
import { connectErrorOf } from "./errors";
import { Glyph } from "./PlatformIcon";

/**
 * Demo mode only: connects a new sandbox WhatsApp number in one click (the server creates it on the built-in fake
 * and connects it like a pasted one), as Instagram Login's button does for Instagram. Elsewhere nothing is shown.
 */
export function WhatsAppSandboxButton({ onConnected }: { onConnected: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const demo = useQuery(trpc.demo.status.queryOptions(undefined, { staleTime: Infinity }));
  const connect = useMutation(trpc.channels.connectWhatsAppSandbox.mutationOptions({ onSuccess: onConnected }));
  if (!demo.data?.enabled) return null;
  return (
    <>
      <div className="oauth-box" data-testid="whatsapp-sandbox">
        <div>
          <p className="oauth-box__title">{t("firstRun.sandbox.title")}</p>
          <p className="muted small">{t("firstRun.sandbox.hint")}</p>
        </div>
        <div className="oauth-button">
          <button
            type="button"
            className="btn btn--whatsapp"
            onClick={() => connect.isPending || connect.mutate()}
            // Not `disabled`: a disabled button drops the keyboard focus to the page's start while it connects.
            aria-disabled={connect.isPending}
            data-testid="connect-whatsapp-sandbox"
          >
            <Glyph name="link" size={16} />
            {connect.isPending ? t("firstRun.sandbox.connecting") : t("firstRun.sandbox.button")}
          </button>
          <span role="status">
            {connect.isSuccess && (
              <span className="saved" data-testid="connect-whatsapp-sandbox-done">
                {t("firstRun.sandbox.connected")}
              </span>
            )}
          </span>
          {connect.error && <FormError message={connectErrorOf(connect.error, t)} />}
        </div>
      </div>
      <div className="divider" role="separator">
        <span>{t("channels.instagram.orToken")}</span>
      </div>
    </>
  );
}
