/** Whether the thread follows its newest message: pure decisions, so they test without a browser. */

/** How far from the bottom (px) still counts as "reading the newest": a bubble's reactions or a rounding. */
export const FOLLOW_SLACK_PX = 48;

export function isNearBottom(el: { scrollTop: number; scrollHeight: number; clientHeight: number }): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK_PX;
}

/**
 * What a new newest message does: on opening, after our own send, or while the reader is at the bottom, the thread
 * scrolls to it; when they scrolled up to read older messages, it does not move them and offers a pill instead.
 */
export function onNewest(state: { opening: boolean; justSent: boolean; following: boolean }): "scroll" | "pill" {
  return state.opening || state.justSent || state.following ? "scroll" : "pill";
}

/** The messages a thread has shown: their ids, and the time of the oldest (older ones come from "load older"). */
export interface ShownMessages {
  ids: ReadonlySet<string>;
  oldestAt: number;
}

/**
 * What changed since the thread last rendered: the messages that arrived (not shown before, and not older than
 * what was shown: those are a loaded older page). By id, not by "the newest": a platform's timestamps are whole
 * seconds, so a customer message can sort just before a reply sent a moment earlier and still be new.
 */
export function arrivals(shown: ShownMessages | null, messages: readonly { id: string; at: Date | string | number }[]): { opening: boolean; arrived: number; shown: ShownMessages } {
  const times = messages.map((m) => new Date(m.at).getTime());
  const next = { ids: new Set(messages.map((m) => m.id)), oldestAt: times.length ? Math.min(...times) : Infinity };
  if (!shown) return { opening: true, arrived: messages.length, shown: next };
  const arrived = messages.filter((m, i) => !shown.ids.has(m.id) && times[i]! >= shown.oldestAt).length;
  return { opening: false, arrived, shown: { ids: next.ids, oldestAt: Math.min(next.oldestAt, shown.oldestAt) } };
}
