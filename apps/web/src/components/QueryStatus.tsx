import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../lib/errors";
import { FormError } from "./Field";

/** "Loading…", announced to screen readers. */
export function LoadingNote() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t("common.loading")}
    </p>
  );
}

/** What a list shows before its data: loading, or why it could not load. */
export function QueryStatus({ query }: { query: { isPending: boolean; isError: boolean; error: unknown } }) {
  const { t } = useTranslation();
  return (
    <>
      {query.isPending && <LoadingNote />}
      {query.isError && <FormError message={errorMessageOf(query.error, t)} />}
    </>
  );
}
