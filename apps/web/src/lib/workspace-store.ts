/**
 * The current workspace id, outside React: the tRPC links read it on every request (X-Sillage-Workspace header,
 * `?workspace=` for the event stream) and React components subscribe to it through `useSyncExternalStore`.
 * Persisted in localStorage so a reload keeps the same workspace.
 */
const STORAGE_KEY = "sillage.workspace";

type Listener = () => void;
const listeners = new Set<Listener>();

function read(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

let current: string | null = read();

export const workspaceStore = {
  get(): string | null {
    return current;
  },
  set(id: string | null): void {
    if (id === current) return;
    current = id;
    try {
      if (id) localStorage.setItem(STORAGE_KEY, id);
      else localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Private mode or storage full: the choice still holds for this tab.
    }
    for (const listener of listeners) listener();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// Another tab switched workspace: follow it only when this tab has none (switching under the user's feet would
// be surprising, and every tab sends its own header anyway).
if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === STORAGE_KEY && current === null) workspaceStore.set(e.newValue);
  });
}
