import { flushSync } from "react-dom";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import { insertMention, matchMembers, mentionAt, mentionedIn, type MentionTarget } from "./mentions";

/**
 * The reply area's "Note" mode: a note for the team, never sent to the customer. Typing "@" offers the workspace's
 * members (arrows, Enter or Tab to pick, Esc to close); the members still named in the text are notified.
 */
export function NoteBox({ conversationId, onPosted }: { conversationId: string; onPosted: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const listId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const [picked, setPicked] = useState<MentionTarget[]>([]);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const members = useQuery(trpc.workspace.members.queryOptions());
  const add = useMutation(
    trpc.notes.add.mutationOptions({
      onSuccess() {
        setText("");
        setPicked([]);
        onPosted();
      },
    }),
  );

  const typing = mentionAt(text, caret);
  const open = typing !== null && dismissed !== typing.start;
  const options = useMemo(
    () => (open && typing ? matchMembers(members.data?.members.map((m) => ({ userId: m.userId, name: m.name, email: m.email })) ?? [], typing.query) : []),
    [open, typing, members.data],
  );
  const showList = open && options.length > 0;
  const body = text.trim();

  function pick(member: MentionTarget) {
    if (!typing) return;
    const next = insertMention(text, typing.start, caret, member.name);
    // Written to the field at once (not on the next render), so keys typed right after the pick land after the name.
    flushSync(() => {
      setText(next.text);
      setCaret(next.caret);
      setPicked((p) => [...p, member]);
      setActive(0);
    });
    field.current?.focus();
    field.current?.setSelectionRange(next.caret, next.caret);
  }

  function post(e?: FormEvent) {
    e?.preventDefault();
    if (!body || add.isPending) return;
    add.mutate({ conversationId, text: body, mentionedUserIds: mentionedIn(body, picked) });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (showList) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((i) => (i + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        pick(options[Math.min(active, options.length - 1)]!);
        return;
      }
      if (e.key === "Escape") {
        // Closes the suggestions only; a second Esc leaves the box.
        e.preventDefault();
        setDismissed(typing!.start);
        return;
      }
    }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) post();
    if (e.key === "Escape") e.currentTarget.blur();
  }

  const error = errorMessageOf(add.error, t, { BAD_REQUEST: t("notes.badMention") });

  return (
    <form className="reply note-box" onSubmit={post} data-testid="note-form">
      <p className="small note-box__hint">{t("notes.hint")}</p>
      <label className="sr-only" htmlFor="note-text">
        {t("notes.label")}
      </label>
      <div className="note-box__field">
        <textarea
          id="note-text"
          ref={field}
          className="input reply__text note-box__text"
          rows={3}
          placeholder={t("notes.placeholder")}
          value={text}
          maxLength={4096}
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList ? `${listId}-${Math.min(active, options.length - 1)}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          data-testid="note-text"
        />
        <ul id={listId} role="listbox" className="note-box__mentions" hidden={!showList} aria-label={t("notes.members")} data-testid="note-mentions">
          {options.map((m, i) => (
            <li
              key={m.userId}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`note-box__mention${i === active ? " note-box__mention--active" : ""}`}
              // mousedown, not click: the text box keeps its focus and caret.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
              data-testid="note-mention-option"
            >
              <strong>{m.name}</strong> <span className="muted small">{m.email}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="reply__row">
        <span className="small muted reply__hint">{t("inbox.reply.shortcut")}</span>
        <button type="submit" className="btn note-box__post" disabled={!body || add.isPending} data-testid="note-post">
          {add.isPending ? t("notes.posting") : t("notes.post")}
        </button>
      </div>
      {error && <p className="alert alert--error">{error}</p>}
    </form>
  );
}
