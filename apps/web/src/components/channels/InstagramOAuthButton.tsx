import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { FormError } from "../Field";
import { connectErrorOf } from "./errors";
import { Glyph } from "./PlatformIcon";

/** Instagram Login: the server issues a single-use state and the consent URL; the browser goes there. */
export function InstagramOAuthButton({ className = "btn btn--instagram" }: { className?: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const start = useMutation(
    trpc.channels.oauthStart.mutationOptions({
      onSuccess({ url }) {
        window.location.assign(url);
      },
    }),
  );
  // Success leaves the page: keep the button busy until the browser navigates away.
  const busy = start.isPending || start.isSuccess;
  return (
    <div className="oauth-button">
      <button type="button" className={className} onClick={() => start.mutate(undefined)} disabled={busy} data-testid="connect-instagram-oauth">
        <Glyph name="link" size={16} />
        {busy ? t("channels.oauth.redirecting") : t("channels.oauth.button")}
      </button>
      {start.error && (
        <div className="oauth-button__error" data-testid="connect-instagram-oauth-error">
          <FormError message={connectErrorOf(start.error, t)} />
        </div>
      )}
    </div>
  );
}
