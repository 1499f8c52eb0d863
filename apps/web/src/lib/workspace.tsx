import { useQueryClient, useSuspenseQuery, type Query } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from "react";
import { applyWorkspaceLocale } from "../i18n";
import { roleAtLeast, type Role } from "./roles";
import { useTRPC, type Me, type WorkspaceSummary } from "./trpc";
import { workspaceStore } from "./workspace-store";

export { workspaceStore };

/** The stored workspace if the person still belongs to it, else their first one (null: they have none). */
export function resolveWorkspaceId(workspaces: readonly { id: string }[], stored = workspaceStore.get()): string | null {
  if (stored && workspaces.some((w) => w.id === stored)) return stored;
  return workspaces[0]?.id ?? null;
}

/** Every cached query except the signed-in person: what belongs to a workspace. */
function isWorkspaceQuery(query: Query): boolean {
  const path = query.queryKey[0];
  return !(Array.isArray(path) && path[0] === "auth" && path[1] === "me");
}

export interface WorkspaceContextValue {
  me: Me;
  workspaces: WorkspaceSummary[];
  /** Null only when the person belongs to no workspace any more (the shell then offers to create one). */
  workspace: WorkspaceSummary | null;
  workspaceId: string | null;
  role: Role | null;
  /** Owners and admins manage settings, members and tokens; agents see them read-only. */
  canManage: boolean;
  switchWorkspace(id: string): Promise<void>;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useCurrentWorkspaceId(): string | null {
  return useSyncExternalStore(workspaceStore.subscribe, workspaceStore.get, () => null);
}

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: me } = useSuspenseQuery(trpc.auth.me.queryOptions());
  const storedId = useCurrentWorkspaceId();
  const workspaces = useMemo(() => me?.workspaces ?? [], [me]);
  const workspaceId = resolveWorkspaceId(workspaces, storedId);
  const workspace = workspaces.find((w) => w.id === workspaceId) ?? null;

  const switchWorkspace = useCallback(
    async (id: string) => {
      if (id === workspaceStore.get()) return;
      await queryClient.cancelQueries({ predicate: isWorkspaceQuery });
      workspaceStore.set(id);
      // Query keys do not carry the workspace: drop the previous one's data so nothing leaks across.
      await queryClient.resetQueries({ predicate: isWorkspaceQuery });
    },
    [queryClient],
  );

  // Removed from the current workspace (or first visit): fall back to one the person belongs to.
  useEffect(() => {
    if (workspaceId === storedId) return;
    if (workspaceId) void switchWorkspace(workspaceId);
    else workspaceStore.set(null);
  }, [workspaceId, storedId, switchWorkspace]);

  useEffect(() => {
    void applyWorkspaceLocale(workspace?.locale);
  }, [workspace?.locale]);

  const value = useMemo<WorkspaceContextValue | null>(() => {
    if (!me) return null;
    const role = (workspace?.role as Role | undefined) ?? null;
    return {
      me,
      workspaces,
      workspace,
      workspaceId,
      role,
      canManage: roleAtLeast(role, "admin"),
      switchWorkspace,
    };
  }, [me, workspaces, workspace, workspaceId, switchWorkspace]);

  if (!value) return null; // signed out: the query cache handler sends the person to /login
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace() outside <WorkspaceProvider>");
  return value;
}
