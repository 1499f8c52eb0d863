// A comment under a post, as the connectors map Graph's.

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
