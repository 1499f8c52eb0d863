import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../../lib/trpc";
import { insertSavedReply, matchSavedReplies, pickerKey, savedReplyQuery } from "./saved-replies";
import "./saved-replies.css";

/**
 * The saved-reply picker of the reply box: `/` at the start of the box opens a listbox of the workspace's saved
 * replies filtered by what follows; arrows move, Enter (or Tab, or a click) puts the reply — its variables filled by
 * the server for this conversation — in the box, Esc closes it. The textarea keeps the focus throughout (a combobox
 * with `aria-activedescendant`), so typing goes on narrowing the list.
 */
export function useSavedReplyPicker(conversationId: string, text: string, setText: (text: string) => void) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const listId = useId();
  const query = savedReplyQuery(text);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(0);
  const replies = useQuery({ ...trpc.savedReplies.forConversation.queryOptions({ conversationId }), enabled: query !== null, staleTime: 30_000 });
  const matches = query === null ? [] : matchSavedReplies(replies.data ?? [], query);
  const open = query !== null && !dismissed;

  // Esc closes the picker until the `/` is typed again; a new query starts from the first option.
  useEffect(() => {
    if (query === null) setDismissed(false);
    setActive(0);
  }, [query]);

  const optionId = (i: number) => `${listId}-option-${i}`;
  const choose = (i: number) => {
    const reply = matches[i];
    if (reply) setText(insertSavedReply(reply.text));
  };

  /** Handles the key when it belongs to the picker (true: the box must not act on it). */
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    const action = pickerKey(e, active, matches.length);
    if (!action) return false;
    e.preventDefault();
    if (action.kind === "move") setActive(action.index);
    else if (action.kind === "choose") choose(action.index);
    else setDismissed(true);
    return true;
  }

  const listed = open && matches.length > 0;
  const textareaProps = {
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": listed,
    "aria-controls": listed ? listId : undefined,
    "aria-activedescendant": listed ? optionId(Math.min(active, matches.length - 1)) : undefined,
  } as const;

  let picker: ReactNode = null;
  if (open && replies.data) {
    picker = listed ? (
      <ul id={listId} role="listbox" className="saved-picker" aria-label={t("savedReplies.picker")} data-testid="saved-reply-picker">
        {matches.map((r, i) => (
          <li
            key={r.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`saved-picker__option${i === active ? " saved-picker__option--active" : ""}`}
            // mousedown would take the focus from the textarea before the click lands.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(i)}
            onMouseEnter={() => setActive(i)}
            data-testid="saved-reply-option"
          >
            <span className="saved-picker__head">
              <code>/{r.shortcut}</code> <span className="saved-picker__title">{r.title}</span>
            </span>
            <span className="saved-picker__text small muted">{r.text}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p className="saved-picker saved-picker--empty small muted" role="status" data-testid="saved-reply-none">
        {replies.data.length === 0 ? t("savedReplies.noneYet") : t("savedReplies.noMatch", { query })}
      </p>
    );
  }

  return { onKeyDown, textareaProps, picker };
}
