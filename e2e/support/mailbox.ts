// A local SMTP server for the e2e tests: the product, given `SMTP_URL` pointing here, e-mails as it would in
// production, and the test reads what arrived. Just the commands nodemailer sends (no TLS, no AUTH, no extensions).
import { createServer, type AddressInfo, type Socket } from "node:net";

export interface Mailbox {
  /** `SMTP_URL` for the server under test. */
  url: string;
  /** Every message accepted: its recipients and its raw text (headers and MIME parts as sent). */
  received: { to: string[]; raw: string }[];
  /** Waits for the first message to `to` that arrives (or already did). */
  waitFor(to: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const received: Mailbox["received"] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.setEncoding("utf8");
    let buffer = "";
    let data: string | null = null;
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 mailbox.test ESMTP");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          received.push({ to, raw: data.replace(/^\.\./gm, ".") });
          data = null;
          to = [];
          reply("250 queued");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 mailbox.test");
        else if (verb === "MAIL" || verb === "RSET" || verb === "NOOP") reply("250 ok");
        else if (verb === "RCPT") {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 ok");
        } else if (verb === "DATA") {
          data = "";
          reply("354 go on");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("502 not implemented");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(address, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((m) => m.to.includes(address));
        if (found) return decodeQuotedPrintable(found.raw);
        if (Date.now() > until) throw new Error(`no e-mail to ${address} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A message's text with quoted-printable soft breaks and escapes undone (links survive as typed). */
function decodeQuotedPrintable(raw: string): string {
  return Buffer.from(raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
}
