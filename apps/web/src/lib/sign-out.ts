import type { QueryClient } from "@tanstack/react-query";
import { sessionGate, trpc, trpcClient } from "./trpc";

const isMe = (queryKey: readonly unknown[]) => JSON.stringify(queryKey[0]) === JSON.stringify(["auth", "me"]);

/**
 * Leaves the signed-in app, by the sign-out button (`callServer`) or because the session expired: nothing of the
 * app may reach the server afterwards (each call would answer 401 into the console), so the gate closes first,
 * whatever is in flight is cancelled, the person is forgotten (the signed-in layout unmounts: polls and the event
 * stream stop), the login page shows, and only then the cache of the pages that are gone is dropped.
 */
export async function leaveApp(
  queryClient: QueryClient,
  goToLogin: () => Promise<void>,
  { callServer }: { callServer: boolean },
): Promise<void> {
  sessionGate.closed = true;
  try {
    await queryClient.cancelQueries({ predicate: (q) => !isMe(q.queryKey) });
    // A sign-out the server did not hear (offline) still signs out this tab; the cookie's own expiry ends the rest.
    if (callServer) await trpcClient.auth.logout.mutate().catch(() => undefined);
    queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    await goToLogin();
    queryClient.removeQueries({ predicate: (q) => !isMe(q.queryKey) });
    queryClient.getMutationCache().clear();
  } finally {
    sessionGate.closed = false;
  }
}
