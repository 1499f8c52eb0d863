import { useSuspenseQuery } from "@tanstack/react-query";
import { createRoute, Navigate, Outlet, redirect } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { AppShell, prepareChecklist } from "../components/AppShell";
import { CreateWorkspaceForm } from "../components/CreateWorkspaceForm";
import { AuthLayout } from "../components/AuthLayout";
import { CreditsBanner } from "../components/billing/CreditsBanner";
import { applyWorkspaceLocale, loadAreas } from "../i18n";
import { PAGE_AREAS } from "../i18n/areas";
import { LiveEventsProvider } from "../lib/events";
import { useTRPC } from "../lib/trpc";
import { resolveWorkspaceId, useWorkspace, WorkspaceProvider, workspaceStore } from "../lib/workspace";
import { rootRoute } from "./__root";

/** Everything behind sign-in: the guard, the current workspace, the live events and the sidebar layout. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  async beforeLoad({ context, location }) {
    const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
    if (!me) throw redirect({ to: "/login", search: { redirect: location.href } });
    // Pick the workspace before any page query runs, so the very first request carries the right header.
    const id = resolveWorkspaceId(me.workspaces);
    if (id !== workspaceStore.get()) workspaceStore.set(id);
    // The workspace's language before its first page renders: a French workspace opened in an English browser would
    // otherwise show its page in English, then switch.
    await applyWorkspaceLocale(me.workspaces.find((w) => w.id === id)?.locale);
  },
  // The checklist before the page renders too (arriving later, it would push the page down), but in the loader: run
  // beside the page's own loader, chunk and queries rather than before them (they wait for every `beforeLoad`).
  loader: ({ context, location }) =>
    Promise.all([loadAreas(PAGE_AREAS.app), workspaceStore.get() ? prepareChecklist(context, location.pathname) : undefined]),
  component: AppLayout,
});

function AppLayout() {
  const trpc = useTRPC();
  const { data: me } = useSuspenseQuery(trpc.auth.me.queryOptions());
  if (!me) return <Navigate to="/login" />;
  return (
    <WorkspaceProvider>
      <WorkspaceGate />
    </WorkspaceProvider>
  );
}

function WorkspaceGate() {
  const { workspaceId } = useWorkspace();
  if (!workspaceId) return <NoWorkspace />;
  return (
    <LiveEventsProvider key={workspaceId}>
      <AppShell>
        <CreditsBanner />
        <Outlet />
      </AppShell>
    </LiveEventsProvider>
  );
}

/** Signed in but no longer a member of any workspace (all removed): offer to create one. */
function NoWorkspace() {
  const { t } = useTranslation();
  return (
    <AuthLayout title={t("workspace.noneTitle")} subtitle={t("workspace.noneBody")}>
      <CreateWorkspaceForm />
    </AuthLayout>
  );
}
