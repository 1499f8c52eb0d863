import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

/** What a form's fields say: the mutation's input, or why it cannot be sent (a message for the one checked field). */
export type SecretFormRead<TInput> = { error: string; input?: never } | { error?: never; input: TInput };

/**
 * A form that creates something shown only once (an API token, an invitation link): the secret stays on screen until
 * dismissed or the next submission, and the form is cleared as soon as it is sent.
 */
export function useSecretForm<TData, TError, TInput, TContext>(
  options: UseMutationOptions<TData, TError, TInput, TContext>,
  { read, onCreated }: { read: (form: FormData) => SecretFormRead<TInput>; onCreated: () => void },
) {
  const [created, setCreated] = useState<TData | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const mutation = useMutation({
    ...options,
    onSuccess(...args) {
      const [data] = args;
      setCreated(data);
      onCreated();
      return options.onSuccess?.(...args);
    },
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fields = read(new FormData(e.currentTarget));
    if (fields.error !== undefined) {
      setClientError(fields.error);
      return;
    }
    setClientError(null);
    setCreated(null);
    mutation.mutate(fields.input);
    e.currentTarget.reset();
  }

  return { mutation, created, dismiss: () => setCreated(null), clientError, submit };
}
