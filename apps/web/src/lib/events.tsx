import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from "react";
import { useTRPC, type TrpcProxy } from "./trpc";
import { useWorkspace } from "./workspace";

/** One event of the workspace's live stream (`workspace.events`). */
export interface WorkspaceEvent {
  /** Monotonic id, used to resume after a reconnection. */
  id: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** `@sillage/api`'s STREAM_READY (the SPA imports only types from the server's packages). */
const STREAM_READY = "stream.ready";

export type LiveStatus = "idle" | "connecting" | "live" | "offline";
type Listener = (event: WorkspaceEvent) => void;

interface LiveEventsValue {
  status: LiveStatus;
  subscribe(listener: Listener): () => void;
}

const LiveEventsContext = createContext<LiveEventsValue | null>(null);

/**
 * What each event type makes stale. Later features add their event types here (e.g. `post.` → posts.list),
 * so every page stays fresh without wiring anything itself.
 */
export function invalidateForEvent(event: WorkspaceEvent, trpc: TrpcProxy, queryClient: QueryClient): void {
  const invalidate = (filter: Parameters<QueryClient["invalidateQueries"]>[0]) => void queryClient.invalidateQueries(filter);
  const { type } = event;
  // The getting-started checklist counts real data: whatever changed may tick a step (one small query when shown).
  invalidate(trpc.onboarding.checklist.queryFilter());
  if (type === "workspace.updated") {
    invalidate(trpc.workspace.get.queryFilter());
    invalidate(trpc.auth.me.queryFilter()); // name, locale and zone shown in the switcher
  } else if (type.startsWith("member") || type.startsWith("invitation")) {
    invalidate(trpc.workspace.members.queryFilter());
    if (type === "member.role_changed") invalidate(trpc.auth.me.queryFilter()); // one's own role, shown in the switcher
  } else if (type.startsWith("apiToken") || type.startsWith("api_token")) {
    invalidate(trpc.apiTokens.list.queryFilter());
  } else if (type === "post.status") {
    // Calendar, list and the open post: statuses change live.
    invalidate(trpc.posts.list.queryFilter());
    invalidate(trpc.posts.calendar.queryFilter());
    invalidate(trpc.posts.get.queryFilter());
  } else if (type.startsWith("inbox.")) {
    // New messages, statuses, media, reactions, assignments: the list and the open thread refetch; a status or
    // `inbox.decision` may end an automatic reply, so the decisions table too; `inbox.triaged` is a decision stored
    // (an escalation sends nothing else the list would hear of).
    invalidate(trpc.inbox.conversations.infiniteQueryFilter());
    invalidate(trpc.inbox.messages.queryFilter());
    // `inbox.contact`: a profile read gives the panel its name and picture; a new message, its conversations.
    invalidate(trpc.inbox.contact.queryFilter());
    invalidate(trpc.ai.decisions.queryFilter());
    // `inbox.note` / `inbox.mention`: the thread's notes and the list's "mentioned" marks.
    invalidate(trpc.notes.list.queryFilter());
    invalidate(trpc.notes.mentions.queryFilter());
  } else if (type.startsWith("comment.")) {
    // A comment stored, triaged, answered, hidden or deleted: the posts' counts and the open comments refetch.
    invalidate(trpc.comments.posts.queryFilter());
    invalidate(trpc.comments.list.infiniteQueryFilter());
    invalidate(trpc.comments.thread.queryFilter());
  } else if (type.startsWith("notification.")) {
    invalidate(trpc.notifications.list.queryFilter());
  } else if (type === "credits.changed") {
    // The ledger moved: the out-of-credits banner and Settings › Billing show the new balance.
    invalidate(trpc.billing.pathFilter());
  } else if (type.startsWith("channel")) {
    invalidate(trpc.channels.list.queryFilter());
    invalidate(trpc.channels.health.queryFilter());
  }
}

/**
 * Holds the single event stream of the current workspace (one SSE connection for the whole app, however many
 * components listen). Mounted by the app shell, keyed by workspace so switching reconnects.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { workspaceId } = useWorkspace();
  const listeners = useRef(new Set<Listener>());

  const subscription = useSubscription(
    trpc.workspace.events.subscriptionOptions(undefined, {
      enabled: Boolean(workspaceId),
      onData(tracked) {
        // The stream follows new events from here: whatever the page fetched before may have missed one committed
        // while it opened (a reconnect after an error may also start afresh), so refetch what is shown, once.
        if (tracked.data.type === STREAM_READY) return void queryClient.invalidateQueries({ type: "active" });
        const event: WorkspaceEvent = { id: tracked.id, ...tracked.data };
        invalidateForEvent(event, trpc, queryClient);
        for (const listener of listeners.current) listener(event);
      },
    }),
  );

  const status: LiveStatus =
    subscription.status === "pending"
      ? "live"
      : subscription.status === "connecting"
        ? "connecting"
        : subscription.status === "error"
          ? "offline"
          : "idle";

  const value = useMemo<LiveEventsValue>(
    () => ({
      status,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [status],
  );

  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

/**
 * Calls `onEvent` for each live event of the current workspace. Relevant queries are already invalidated by the
 * provider (see `invalidateForEvent`); use this for anything else (a toast, a sound, an optimistic list update).
 * Returns the connection status.
 */
export function useWorkspaceEvents(onEvent?: (event: WorkspaceEvent) => void): LiveStatus {
  const ctx = useContext(LiveEventsContext);
  if (!ctx) throw new Error("useWorkspaceEvents() outside <LiveEventsProvider>");
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  const { subscribe } = ctx;
  useEffect(() => subscribe((event) => latest.current?.(event)), [subscribe]);
  return ctx.status;
}
