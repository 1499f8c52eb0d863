// Comments under a post, read page by page with Sillage's own cursor.

import type { WithUsage } from "./channel";

export interface Comment {
  id: string;
  postId: string;
  parentId: string | null;
  text: string;
  /** ISO time. */
  timestamp: string;
  from: { id: string | null; username: string | null };
  hidden: boolean;
  likeCount: number | null;
}

export interface CommentPage extends WithUsage {
  comments: Comment[];
  /** Opaque cursor of Sillage (not Meta's): pass it back to get only newer comments. */
  nextCursor: string;
  pagesFetched: number;
}
