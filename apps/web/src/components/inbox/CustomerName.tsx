import { useTranslation } from "react-i18next";
import { readablePhone } from "../../lib/phone";

/** What the list, the thread and the panel know of a customer. */
export interface CustomerLike {
  contactName: string | null;
  contactUsername: string | null;
  contactPlatformId: string;
  contactAvatarUrl?: string | null;
  platform: string;
}

/**
 * The name to show: the profile's name, else the Instagram username, else (WhatsApp) the number; the platform id alone
 * only when nothing else is known (an Instagram profile not read yet or not shared).
 */
export function customerName(c: CustomerLike): string {
  if (c.contactName) return c.contactName;
  if (c.contactUsername) return `@${c.contactUsername}`;
  return c.platform === "whatsapp" ? readablePhone(c.contactPlatformId) : c.contactPlatformId;
}

/** The line under the name: the @username beside a real name, the phone number on WhatsApp. */
export function customerSecondary(c: CustomerLike): string | null {
  if (c.contactName && c.contactUsername) return `@${c.contactUsername}`;
  if (c.platform === "whatsapp" && c.contactName) return readablePhone(c.contactPlatformId);
  return null;
}

/** The stored profile picture (a signed link), or the name's initials. */
export function CustomerAvatar({ name, url, size = 32 }: { name: string; url: string | null | undefined; size?: number }) {
  const initials =
    name
      .replace(/^[@+]/, "")
      .split(/[\s._-]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join("") || "?";
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  return url ? (
    <img className="avatar" src={url} alt="" width={size} height={size} style={style} data-testid="customer-avatar" />
  ) : (
    <span className="avatar avatar--initials" aria-hidden="true" style={style} data-testid="customer-initials">
      {initials}
    </span>
  );
}

/** The channel a conversation came through, by name, with its platform spelled out (not only a coloured dot). */
export function ChannelLabel({ platform, channelName }: { platform: string; channelName: string }) {
  const { t } = useTranslation();
  const label = t(`inbox.platform.${platform as "whatsapp" | "instagram"}`);
  return (
    <span className={`channel-label channel-label--${platform}`} data-testid="channel-label">
      <span className={`inbox__platform inbox__platform--${platform}`} aria-hidden="true" />
      <span className="channel-label__text">
        {label} · {channelName}
      </span>
    </span>
  );
}

/** Avatar, name and secondary line for a conversation row or a thread header. */
export function CustomerName({
  customer,
  size = 32,
  as: Tag = "span",
  inline = false,
  nameClassName,
}: {
  customer: CustomerLike;
  size?: number;
  as?: "span" | "h2";
  inline?: boolean;
  /** Added to the name's element (the list's `inbox__name`). */
  nameClassName?: string;
}) {
  const name = customerName(customer);
  const secondary = customerSecondary(customer);
  return (
    <span className={`customer${inline ? " customer--inline" : ""}`}>
      <CustomerAvatar name={name} url={customer.contactAvatarUrl} size={size} />
      <span className="customer__names">
        <Tag className={`customer__name${nameClassName ? ` ${nameClassName}` : ""}`} data-testid="customer-name">
          {name}
        </Tag>
        {secondary && (
          <span className="customer__secondary small muted" data-testid="customer-secondary">
            {secondary}
          </span>
        )}
      </span>
    </span>
  );
}
