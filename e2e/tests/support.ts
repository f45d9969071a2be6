// Helpers shared by the browser tests: the demo accounts, logging in, reading the e-mails the
// server wrote to its outbox, and the accessibility audit.
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The password of every demo account. */
export const DEMO_PASSWORD = "Passerelle-2026";

/** The demo accounts (see crates/storage/src/demo.rs). */
export const DEMO = {
  accueil: "accueil@ml-demo.test",
  conseiller: "conseiller@ml-demo.test",
  manager: "manager@ml-demo.test",
  direction: "direction@ml-demo.test",
  admin: "admin@ml-demo.test",
  jeunes: {
    lea: "lea.moreau@ml-demo.test",
    yanis: "yanis.belkacem@ml-demo.test",
    chloe: "chloe.petit@ml-demo.test",
  },
  partenaire: "partenaire@ml-demo.test",
} as const;

/**
 * Logs in through the login page (`/connexion`) and waits until the page has left it.
 * The labels are the login form's (frontend/src/pages/login.rs): adjust both together.
 */
export async function login(page: Page, email: string, password: string = DEMO_PASSWORD) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).not.toHaveURL(/\/connexion/);
}

/** One e-mail of the outbox. */
export interface OutboxMessage {
  file: string;
  to: string;
  subject: string;
  text: string;
}

const alreadyRead = new Set<string>();

/**
 * Waits up to `timeoutMs` for an e-mail to `to` in the server's outbox (env OUTBOX_DIR) that no
 * earlier call returned, written at `since` (ms since the epoch) or later, and returns the
 * newest such message. Each message is returned once,
 * so a test that triggers a new e-mail never gets an older one.
 */
export async function readOutboxMessage(
  to: string,
  timeoutMs = 10_000,
  since = 0,
): Promise<OutboxMessage> {
  const dir = process.env.OUTBOX_DIR;
  if (!dir) throw new Error("OUTBOX_DIR is not set: run the browser tests with `cargo xtask test`.");
  const wanted = to.trim().toLowerCase();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found: { message: OutboxMessage; mtime: number }[] = [];
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith(".eml") || alreadyRead.has(name)) continue;
      const file = join(dir, name);
      const message = parseEml(file, await readFile(file, "utf8"));
      const mtime = (await stat(file)).mtimeMs;
      if (addresses(message.to).includes(wanted) && mtime >= since) {
        found.push({ message, mtime });
      }
    }
    if (found.length > 0) {
      found.sort((a, b) => b.mtime - a.mtime);
      const newest = found[0].message;
      alreadyRead.add(newest.file.split(/[\\/]/).pop() ?? newest.file);
      return newest;
    }
    if (Date.now() > deadline) {
      throw new Error(`no new e-mail to ${to} in ${dir} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The decoded text body of the newest unread e-mail to `to` (see `readOutboxMessage`). */
export async function readOutbox(to: string, since = 0): Promise<string> {
  return (await readOutboxMessage(to, 10_000, since)).text;
}

/** The e-mail addresses in a header value: `"Léa" <lea@x.fr>, bob@y.fr` → both, lower case. */
export function addresses(header: string): string[] {
  // Commas inside quoted display names do not separate addresses.
  const mailboxes = header.match(/(?:"[^"]*"|[^,])+/g) ?? [];
  return mailboxes
    .map((mailbox) => (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase())
    .filter((address) => address.includes("@"));
}

/** Parses an RFC 5322 message as lettre writes it; finds the text/plain part. */
export function parseEml(file: string, raw: string): OutboxMessage {
  const { headers, body } = splitMessage(raw);
  return {
    file,
    to: decodeWords(headers.get("to") ?? ""),
    subject: decodeWords(headers.get("subject") ?? ""),
    text: textBody(headers, body),
  };
}

function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const text = raw.replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  const head = end >= 0 ? text.slice(0, end) : text;
  const body = end >= 0 ? text.slice(end + 2) : "";
  const headers = new Map<string, string>();
  // Unfold continuation lines, then split "Name: value".
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function textBody(headers: Map<string, string>, body: string): string {
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    let html: string | undefined;
    for (const part of parts) {
      if (part.startsWith("--")) break;
      const inner = splitMessage(part.replace(/^\n/, ""));
      const innerType = inner.headers.get("content-type") ?? "text/plain";
      if (/^(text\/plain|multipart\/)/i.test(innerType)) {
        const found = textBody(inner.headers, inner.body);
        if (found) return found;
      } else if (/^text\/html/i.test(innerType)) {
        html = textBody(inner.headers, inner.body);
      }
    }
    return html ?? "";
  }
  return decodeBody(body, headers.get("content-transfer-encoding") ?? "7bit");
}

/** Decodes a body from quoted-printable, base64, 7bit or 8bit (UTF-8 text). */
export function decodeBody(body: string, encoding: string): string {
  switch (encoding.trim().toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    default:
      return body.replace(/\n$/, "");
  }
}

/** Quoted-printable (RFC 2045): soft line breaks, then `=XX` bytes as UTF-8. */
export function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/\r\n/g, "\n").replace(/=\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i];
    const hex = joined.slice(i + 1, i + 3);
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8").replace(/\n$/, "");
}

/** Encoded words in headers (RFC 2047): `=?utf-8?b?...?=` and `=?utf-8?q?...?=`. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_all, _charset, kind: string, data: string) =>
      kind.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

/**
 * Runs axe on the page with the WCAG 2.0 and 2.1 A and AA rules; returns the violations, so a
 * test can `expect(await a11y(page)).toEqual([])` and read what is wrong in the diff.
 */
export async function a11y(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations;
}
