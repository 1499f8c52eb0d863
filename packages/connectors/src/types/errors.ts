// A classified error as plain data: what webhook events and publish progress keep of a failure.

export interface ErrorInfo {
  kind: string;
  code: number | null;
  subcode: number | null;
  title: string | null;
  message: string;
  userMessage: string;
  retryable: boolean;
}
