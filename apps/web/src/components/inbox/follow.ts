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
