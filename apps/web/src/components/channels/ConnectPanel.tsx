import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useEffect, useRef, useState, type ComponentProps, type FormEvent, type ReactNode, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf } from "../../lib/errors";
import { usePhoneWidth } from "../../lib/phone-width";
import { FormError, TextField } from "../Field";
import { connectErrorOf, focusForReconnect } from "./errors";
import { PlatformIcon } from "./PlatformIcon";
import { ACCESS_TOKEN_MAX, ACCESS_TOKEN_MIN, type Channel, type Platform, type ReconnectTarget } from "./types";

/** A connect form's fields as read on submit: the input to send, and each field's failed local check (none: send). */
export interface ConnectFormRead<Field extends string, TInput> {
  input: TInput;
  errors: Partial<Record<Field, string>>;
}

/** What the Channels page hands each connect form. */
export interface ConnectFormProps {
  /** The account to reconnect (the form is then prefilled for it), or null for a new one. */
  reconnect: ReconnectTarget | null;
  onCancelReconnect: () => void;
  onConnected: () => void;
}

/**
 * The state both connect forms share: local checks before the platform's, a "connected" note, and a fresh form at
 * each Reconnect click. `options` is the tRPC mutation that connects the account.
 */
export function useConnectForm<Field extends string, TData, TError, TInput, TContext>(
  options: UseMutationOptions<TData, TError, TInput, TContext>,
  { reconnect, onCancelReconnect, onConnected }: ConnectFormProps,
  read: (form: FormData) => ConnectFormRead<Field, TInput>,
) {
  const panelRef = useRef<HTMLDivElement>(null);
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<"connected" | "reconnected" | null>(null);
  const connect = useMutation({
    ...options,
    onSuccess(...args) {
      setDone(reconnect ? "reconnected" : "connected");
      onConnected();
      if (reconnect) onCancelReconnect();
      return options.onSuccess?.(...args);
    },
  });

  // Each Reconnect click: fresh form (prefilled via the form's key), no stale messages, cursor in the token.
  const { reset } = connect;
  useEffect(() => {
    if (!reconnect) return;
    reset();
    setLocalErrors({});
    setDone(null);
    focusForReconnect(panelRef.current);
  }, [reconnect, reset]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const { input, errors } = read(new FormData(formEl));
    setLocalErrors(errors);
    setDone(null);
    if (Object.values(errors).some(Boolean)) return;
    connect.mutate(input, {
      onSuccess() {
        formEl.reset();
      },
    });
  }

  const fieldErrors = fieldErrorsOf(connect.error);
  const err = (name: Field) => localErrors[name] ?? fieldErrors[name];
  return { reconnect, channel: reconnect?.channel ?? null, onCancelReconnect, panelRef, connect, done, submit, err };
}

/** What `ConnectPanel` shows of `useConnectForm`. */
interface ConnectFormState {
  reconnect: ReconnectTarget | null;
  channel: Channel | null;
  onCancelReconnect: () => void;
  panelRef: RefObject<HTMLDivElement | null>;
  connect: { error: unknown; isPending: boolean };
  done: "connected" | "reconnected" | null;
  submit: (e: FormEvent<HTMLFormElement>) => void;
}

/**
 * One platform's connect panel: heading, the account being reconnected (if any), then the form with its submit button
 * and "connected" note around `children` (the platform's own fields).
 */
export function ConnectPanel({
  platform,
  state,
  reconnectingMessage,
  beforeForm,
  afterForm,
  children,
}: {
  platform: Platform;
  state: ConnectFormState;
  /** The line above the form while reconnecting `channel`. */
  reconnectingMessage: (channel: Channel) => string;
  beforeForm?: ReactNode;
  afterForm?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { reconnect, channel, onCancelReconnect, panelRef, connect, done, submit } = state;
  const phone = usePhoneWidth();
  const [opened, setOpened] = useState(false);
  const held = !!channel || !!connect.error;
  const form = (
    <form key={reconnect?.nonce ?? "new"} className="form" onSubmit={submit} noValidate data-testid={`connect-${platform}-form`}>
      <FormError message={connectErrorOf(connect.error, t)} />
      {children}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={connect.isPending} data-testid={`connect-${platform}-submit`}>
          {connect.isPending ? t("channels.checking") : channel ? t("channels.reconnect") : t(`channels.${platform}.submit`)}
        </button>
        <span className="form__status" role="status">
          {done && (
            <span className="saved" data-testid={`connect-${platform}-done`}>
              {done === "reconnected" ? t(`channels.${platform}.reconnected`) : t(`channels.${platform}.connected`)}
            </span>
          )}
        </span>
      </div>
    </form>
  );
  return (
    <div ref={panelRef} className={`connect-panel${reconnect ? " connect-panel--reconnect" : ""}`} id={`connect-${platform}`}>
      <div className="connect-panel__header">
        <PlatformIcon platform={platform} size={36} />
        <div>
          <h3 className="subheading">{t(`channels.${platform}.title`)}</h3>
          <p className="muted small">{t(`channels.${platform}.description`)}</p>
        </div>
      </div>
      {channel && (
        <div className="alert alert--warning connect-panel__reconnect" role="status">
          <span>{reconnectingMessage(channel)}</span>
          <button type="button" className="link-button" onClick={onCancelReconnect}>
            {t("common.cancel")}
          </button>
        </div>
      )}
      {beforeForm}
      {phone ? (
        // On a phone the pasted-token form is folded (the one-click connection is the usual way); it opens by itself
        // for a reconnect or when it holds an error.
        <details className="connect-manual" open={opened || held} onToggle={(e) => setOpened(e.currentTarget.open)} data-testid={`connect-${platform}-manual`}>
          {/* Held open: folding it would hide the account being reconnected or the refusal. */}
          <summary onClick={(e) => held && e.preventDefault()}>{t("channels.manual")}</summary>
          {form}
        </details>
      ) : (
        form
      )}
      {afterForm}
    </div>
  );
}

/** The pasted access token, masked. */
export function AccessTokenField({ platform, error }: { platform: Platform; error: string | string[] | undefined }) {
  const { t } = useTranslation();
  return (
    <TextField
      label={t("channels.accessToken")}
      name="accessToken"
      type="password"
      autoComplete="off"
      spellCheck={false}
      maxLength={ACCESS_TOKEN_MAX}
      className="input--mono"
      hint={t(`channels.${platform}.accessTokenHint`)}
      error={error}
    />
  );
}

/** A numeric Graph API id (Instagram user, WhatsApp phone number or business account), pasted from Meta's tools. */
export function GraphIdField(props: Omit<ComponentProps<typeof TextField>, "inputMode" | "autoComplete" | "className">) {
  return <TextField inputMode="numeric" autoComplete="off" className="input--mono" {...props} />;
}

/** The local check of a pasted token (the platform checks it for real). */
export function accessTokenError(token: string, t: TFunction): string | undefined {
  if (token.length >= ACCESS_TOKEN_MIN) return undefined;
  return token ? t("channels.validation.token", { count: ACCESS_TOKEN_MIN }) : t("validation.required");
}
