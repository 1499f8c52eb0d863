import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { megabytes, readAsDataUrl } from "../../lib/upload";
import { Icon } from "../Icon";
import { useSavedReplyPicker } from "./SavedReplyPicker";

type Conversation = RouterOutputs["inbox"]["messages"]["conversation"];

/** What a reply's image may be, as the server checks it: JPEG or PNG, within the platform's limit (from the thread). */
const IMAGE_TYPES = ["image/jpeg", "image/png"];
/** The API's (and WhatsApp's) limit on an image's caption. */
const CAPTION_MAX = 1024;

/**
 * The reply box. It knows the platform's window before you type: WhatsApp outside 24 h offers the approved
 * templates instead of free text; Instagram past 24 h says the reply goes out as a person (Human Agent) or is closed.
 * A free reply may carry one image (uploaded through `media.upload`); the text then becomes its caption.
 */
export function ReplyBox({
  conversation: c,
  onSent,
  templatesOffered = false,
  onFreeReply,
}: {
  conversation: Conversation;
  onSent: () => void;
  /** The thread asks for the templates although our window reads open (the platform refused a reply: 131047). */
  templatesOffered?: boolean;
  onFreeReply?: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [template, setTemplate] = useState("");
  const [image, setImage] = useState<{ key: string; url: string } | null>(null);
  const [attachError, setAttachError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const replyText = useRef<HTMLTextAreaElement>(null);
  const upload = useMutation(trpc.media.upload.mutationOptions());
  const reply = useMutation(
    trpc.inbox.reply.mutationOptions({
      onSuccess() {
        setText("");
        setImage(null);
        onSent();
        // The send button, disabled while sending, dropped the focus to the page: the next reply starts where this one
        // did (on a phone the keyboard stays up, as in a chat app).
        if (document.activeElement === document.body) replyText.current?.focus();
      },
    }),
  );
  const windowClosed = c.platform === "whatsapp" && c.window.templatesOnly;
  const templatesOnly = c.platform === "whatsapp" && (windowClosed || templatesOffered);
  const templates = useQuery({ ...trpc.inbox.templates.queryOptions({ conversationId: c.id }), enabled: templatesOnly });
  const savedReplies = useSavedReplyPicker(c.id, text, setText);
  const templatePicker = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!templatesOffered) return;
    // Braces matter: recent Chromium returns a Promise from scrollIntoView (see Thread).
    void templatePicker.current?.scrollIntoView({ block: "nearest" });
    templatePicker.current?.focus();
  }, [templatesOffered, templates.data]);
  const humanAgentOnly = c.platform === "instagram" && c.window.open && c.lastInboundAt !== null && Date.now() - new Date(c.lastInboundAt).getTime() >= 24 * 3_600_000;
  const closed = c.platform === "instagram" && !c.window.open;
  const channelDown = c.channelStatus !== "active";
  const platform = c.platform as "whatsapp" | "instagram";
  const imageMaxMb = c.replyImageMaxMb;
  const tooLarge = t("inbox.reply.imageTooLarge", { platform: t(`inbox.platform.${platform}`), max: imageMaxMb });
  const error = errorMessageOf(reply.error, t, {
    PRECONDITION_FAILED: channelDown ? t("inbox.reply.channelDown") : c.platform === "whatsapp" ? t("inbox.reply.windowClosedWhatsApp") : t("inbox.reply.windowClosedInstagram"),
    PAYLOAD_TOO_LARGE: tooLarge,
  });
  const body = text.trim();
  const captionTooLong = image !== null && body.length > CAPTION_MAX;
  const canSend = (body.length > 0 || image !== null) && !captionTooLong && !reply.isPending && !upload.isPending;

  function send(e?: FormEvent) {
    e?.preventDefault();
    if (!canSend) return;
    if (image) reply.mutate({ conversationId: c.id, image: { key: image.key, caption: body || undefined } });
    else reply.mutate({ conversationId: c.id, text: body });
  }

  async function attach(file: File | undefined) {
    setAttachError(null);
    if (!file) return;
    // The browser's type is a first check (it may be empty); the server reads the real one from the bytes.
    if (file.type && !IMAGE_TYPES.includes(file.type)) return setAttachError(t("inbox.reply.imageType"));
    if (file.size > megabytes(imageMaxMb)) return setAttachError(tooLarge);
    try {
      const stored = await upload.mutateAsync({ data: await readAsDataUrl(file), filename: file.name });
      if (!IMAGE_TYPES.includes(stored.mimeType)) return setAttachError(t("inbox.reply.imageType"));
      setImage({ key: stored.key, url: stored.url });
    } catch (err) {
      setAttachError(errorMessageOf(err, t, { BAD_REQUEST: t("inbox.reply.imageType"), PAYLOAD_TOO_LARGE: tooLarge }));
    }
  }

  function removeImage() {
    setImage(null);
    setAttachError(null);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (savedReplies.onKeyDown(e)) return;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) send();
    // Esc leaves the box (what is typed stays), so the page's shortcuts work again.
    if (e.key === "Escape") e.currentTarget.blur();
  }

  if (channelDown) return <p className="alert alert--info reply">{t("inbox.reply.channelDown")}</p>;

  if (templatesOnly) {
    const chosen = templates.data?.find((x) => `${x.name}|${x.language}` === template);
    return (
      <div className="reply" data-testid="reply-templates">
        <p className="alert alert--info">{windowClosed ? t("inbox.reply.windowClosedWhatsApp") : t("inbox.reply.templatesOffered")}</p>
        {templates.data && templates.data.length === 0 && <p className="muted small">{t("inbox.reply.noTemplates")}</p>}
        {templates.data && templates.data.length > 0 && (
          <form
            className="reply__row"
            onSubmit={(e) => {
              e.preventDefault();
              if (chosen) reply.mutate({ conversationId: c.id, template: { name: chosen.name, language: chosen.language } });
            }}
          >
            <select ref={templatePicker} className="select" aria-label={t("inbox.reply.template")} value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="reply-template">
              <option value="">{t("inbox.reply.templates")}</option>
              {templates.data.map((x) => (
                <option key={`${x.name}|${x.language}`} value={`${x.name}|${x.language}`}>
                  {x.name} ({x.language})
                </option>
              ))}
            </select>
            <button type="submit" className="btn btn--primary" disabled={!chosen || reply.isPending} data-testid="reply-template-send">
              {t("inbox.reply.templateSend")}
            </button>
          </form>
        )}
        {chosen?.body && <p className="small muted reply__template-body">{chosen.body}</p>}
        {!windowClosed && onFreeReply && (
          <button type="button" className="link-button small" onClick={onFreeReply} data-testid="reply-free">
            {t("inbox.reply.freeReply")}
          </button>
        )}
        {error && <p className="alert alert--error">{error}</p>}
      </div>
    );
  }

  if (closed) return <p className="alert alert--info reply">{t("inbox.reply.windowClosedInstagram")}</p>;

  return (
    <form className="reply" onSubmit={send} data-testid="reply-form">
      {humanAgentOnly && <p className="alert alert--info small">{t("inbox.reply.humanAgent")}</p>}
      <label className="sr-only" htmlFor="reply-text">
        {t("inbox.reply.label")}
      </label>
      {savedReplies.picker}
      <textarea
        {...savedReplies.textareaProps}
        ref={replyText}
        id="reply-text"
        className="input reply__text"
        rows={3}
        placeholder={t("inbox.reply.placeholder")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        maxLength={c.platform === "instagram" ? 999 : 4096}
        data-testid="reply-text"
      />
      {upload.isPending && (
        <p className="small muted" role="status" data-testid="reply-uploading">
          {t("inbox.reply.uploading")}
        </p>
      )}
      {image && (
        <div className="reply__attachment" data-testid="reply-image">
          <img className="reply__thumb" src={image.url} alt={t("inbox.reply.imagePreview")} />
          <button type="button" className="btn btn--sm btn--ghost btn--icon reply__remove" onClick={removeImage} disabled={reply.isPending} aria-label={t("inbox.reply.removeImage")} title={t("inbox.reply.removeImage")} data-testid="reply-image-remove">
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
      {captionTooLong && <p className="alert alert--error small">{t("inbox.reply.captionTooLong", { max: CAPTION_MAX })}</p>}
      {attachError && (
        <p className="alert alert--error small" role="alert" data-testid="reply-attach-error">
          {attachError}
        </p>
      )}
      <div className="reply__row">
        <div className="reply__tools">
          <input
            ref={fileInput}
            type="file"
            accept={IMAGE_TYPES.join(",")}
            hidden
            onChange={(e) => {
              void attach(e.target.files?.[0]);
              // The same file can be picked again after a removal.
              e.target.value = "";
            }}
            data-testid="reply-file"
          />
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            onClick={() => fileInput.current?.click()}
            disabled={upload.isPending || reply.isPending}
            aria-label={t("inbox.reply.attach")}
            title={t("inbox.reply.attach")}
            data-testid="reply-attach"
          >
            <Icon name="paperclip" size={18} />
          </button>
          <span className="small muted reply__hint">
            {t("inbox.reply.shortcut")} · {t("savedReplies.hint")}
          </span>
        </div>
        <button type="submit" className="btn btn--primary" disabled={!canSend} data-testid="reply-send">
          {reply.isPending ? t("inbox.reply.sending") : t("inbox.reply.send")}
        </button>
      </div>
      {error && <p className="alert alert--error">{error}</p>}
    </form>
  );
}
