import { useTranslation } from "react-i18next";
import { Dialog } from "../Dialog";
import { SHORTCUT_LIST } from "./shortcuts";

/** The shortcut list `?` opens: a native modal dialog (focus kept inside, Esc closes, focus returns). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t("inbox.shortcutsTitle")}>
      <dl className="shortcuts" data-testid="shortcuts-dialog">
        {SHORTCUT_LIST.map((s) => (
          <div className="shortcuts__row" key={s.action}>
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && (s.action === "move" ? " " : " + ")}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(`inbox.shortcutAction.${s.action}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="small muted">{t("inbox.shortcutsOff")}</p>
    </Dialog>
  );
}
