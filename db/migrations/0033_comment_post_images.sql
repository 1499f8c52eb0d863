-- The followed post's image for the comments surface (issue 14 item 7): Graph's media_url (IMAGE, CAROUSEL_ALBUM)
-- or thumbnail_url (VIDEO). A CDN URL that expires: refreshed on each media listing, never treated as permanent.
ALTER TABLE comment_posts ADD COLUMN image_url text;
ALTER TABLE comment_posts ADD COLUMN image_url_at timestamptz;
