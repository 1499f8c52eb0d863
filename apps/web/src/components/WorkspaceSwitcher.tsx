import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspace } from "../lib/workspace";
import { CreateWorkspaceForm } from "./CreateWorkspaceForm";
import { Dialog } from "./Dialog";
import { Icon } from "./Icon";

export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const { workspaces, workspaceId, workspace, switchWorkspace, me } = useWorkspace();
  const [creating, setCreating] = useState(false);
  const canCreate = me.kind === "session";

  return (
    <div className="ws-switcher">
      <label className="ws-switcher__label" htmlFor="workspace-switcher">
        {t("workspace.label")}
      </label>
      <div className="ws-switcher__row">
        <select
          id="workspace-switcher"
          className="ws-switcher__select"
          value={workspaceId ?? ""}
          onChange={(e) => void switchWorkspace(e.target.value)}
          title={workspace?.name}
          data-testid="workspace-switcher"
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
        {canCreate && (
          <button
            type="button"
            className="btn btn--icon btn--ghost"
            onClick={() => setCreating(true)}
            aria-label={t("workspace.new")}
            title={t("workspace.new")}
            data-testid="workspace-create"
          >
            <Icon name="plus" size={18} />
          </button>
        )}
      </div>
      {workspace && <p className="ws-switcher__role">{t(`roles.${workspace.role as "owner" | "admin" | "agent"}`)}</p>}
      <Dialog open={creating} onClose={() => setCreating(false)} title={t("workspace.new")}>
        <CreateWorkspaceForm onDone={() => setCreating(false)} />
      </Dialog>
    </div>
  );
}
