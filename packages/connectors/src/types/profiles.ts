// Who a customer is, as Instagram's User Profile API tells it (read with the account's token, once the person has
// messaged the account).

/** An Instagram customer's profile. Meta allows `name` and the picture to be missing. */
export interface CustomerProfile {
  /** Instagram-scoped id (IGSID) of the person, as webhooks carry it. */
  igsid: string;
  name: string | null;
  username: string;
  /** Meta's CDN link, valid a few days only: fetch the bytes (`fetchProfilePicture`) and store them. */
  pictureUrl: string | null;
  followerCount: number | null;
  /** The person follows the business (`is_user_follow_business`). */
  followsBusiness: boolean | null;
  /** The business follows the person (`is_business_follow_user`). */
  followedByBusiness: boolean | null;
  verified: boolean | null;
  /** When Meta answered (the connector's clock), ISO 8601: the picture link expires days after. */
  fetchedAt: string;
}

/** A profile picture's bytes, their type read from the bytes themselves. */
export interface ProfilePicture {
  bytes: Uint8Array;
  mimeType: "image/jpeg" | "image/png" | "image/webp" | "image/gif";
  fileSize: number;
}
