// Sending email. With RESEND_API_KEY: the real Resend SDK (RESEND_BASE_URL points it at another host,
// such as the test suite's fake Resend). Without: a dev mailbox of files under the data directory,
// so `npm start` works offline. Both answer a batch with one result per email or one typed error,
// and both honour the idempotency key, so the outbox worker cannot tell them apart.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Resend } from 'resend';
import type { Config } from '../../config.ts';

/** Resend's batch endpoint takes at most 100 emails per call. */
export const MAX_BATCH = 100;
/** A request that has not answered within this time is treated as a network error (and retried under its key). */
const REQUEST_TIMEOUT_MS = 30_000;

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
}

export type MailError =
  /** 429 (rate limit or quota): nothing was sent; wait this long before any further request. */
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  /** 5xx, network failure, timeout, a concurrent request under the same key, or a key Resend refuses (401/403): retry the same batch later. */
  | { kind: 'transient'; status: number | null; message: string }
  /** 409 invalid_idempotent_request: this key was already used for a different body. */
  | { kind: 'key_conflict'; message: string }
  /** Any other 4xx: the batch as a whole is refused and retrying cannot help. */
  | { kind: 'permanent'; status: number; message: string };

/** Rate-limit headers of the answer (Resend sends them on every response). */
export interface RateInfo {
  /** Requests allowed per second. */
  perSecond?: number | undefined;
  remaining?: number | undefined;
  resetMs?: number | undefined;
}

export type EmailResult = { id: string } | { error: string };

export type BatchOutcome = { ok: true; results: EmailResult[]; rate: RateInfo } | { ok: false; error: MailError; rate: RateInfo };

export interface Mailer {
  readonly kind: 'resend' | 'mailbox';
  /** Sends up to MAX_BATCH emails; the same key with the same emails never sends twice. */
  sendBatch(emails: OutgoingEmail[], o: { idempotencyKey: string }): Promise<BatchOutcome>;
}

/** `clock` is the application's clock (AppContext.clock): retry-after dates and mailbox times read it. */
export function createMailer(config: Config, o: { clock: () => number; mailboxDir?: string }): Mailer {
  if (config.resendApiKey) return resendMailer(config.resendApiKey, config.resendBaseUrl, o.clock);
  return mailboxMailer(o.mailboxDir ?? mailboxDirFor(config), o.clock);
}

// ---- Resend ----

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

function rateInfo(headers: Record<string, string> | null): RateInfo {
  if (!headers) return {};
  const limit = num(headers['ratelimit-limit']);
  // IETF draft: `ratelimit-policy: 10;w=1`; Resend's window is one second when no policy is given.
  const window = num(/(?:^|;)\s*w=(\d+(?:\.\d+)?)/.exec(headers['ratelimit-policy'] ?? '')?.[1]) ?? 1;
  const reset = num(headers['ratelimit-reset']);
  return {
    perSecond: limit === undefined || limit === 0 ? undefined : limit / window,
    remaining: num(headers['ratelimit-remaining']),
    resetMs: reset === undefined ? undefined : reset * 1000,
  };
}

/** retry-after is seconds (or an HTTP date); quotas without one are retried after an hour. */
function retryAfterMs(headers: Record<string, string> | null, name: string, now: number): number {
  const value = headers?.['retry-after'];
  const seconds = num(value);
  if (seconds !== undefined) return Math.max(seconds * 1000, 100);
  const date = value ? Date.parse(value) : NaN;
  if (!Number.isNaN(date)) return Math.max(date - now, 100);
  return name.endsWith('quota_exceeded') ? 3_600_000 : 1000;
}

export function classifyResendError(error: { statusCode: number | null; name: string; message: string }, headers: Record<string, string> | null, now: number): MailError {
  const status = error.statusCode;
  const message = `${status ?? 'network'} ${error.name}: ${error.message}`;
  if (status === null || status >= 500) return { kind: 'transient', status, message };
  if (status === 429) return { kind: 'rate_limited', retryAfterMs: retryAfterMs(headers, error.name, now), message };
  if (status === 409 && error.name === 'invalid_idempotent_request') return { kind: 'key_conflict', message };
  // Another request with this key is still running: its answer will be ours on the next try.
  if (status === 409) return { kind: 'transient', status, message };
  // A wrong or restricted API key is an operator's mistake; keep the emails until it is fixed.
  if (status === 401 || status === 403) return { kind: 'transient', status, message };
  return { kind: 'permanent', status, message };
}

function resendMailer(apiKey: string, baseUrl: string | undefined, clock: () => number): Mailer {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    kind: 'resend',
    async sendBatch(emails, { idempotencyKey }) {
      // Permissive validation: one bad address fails alone (reported by index), not the whole batch.
      const res = await resend.batch.send(emails, { idempotencyKey, batchValidation: 'permissive', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const rate = rateInfo(res.headers);
      if (res.error) return { ok: false, error: classifyResendError(res.error, res.headers, clock()), rate };
      const failed = new Map((res.data.errors ?? []).map((e) => [e.index, e.message]));
      // `data` lists the accepted emails in request order, skipping the refused ones.
      const ids = res.data.data ?? [];
      let next = 0;
      const results: EmailResult[] = emails.map((_, i) => {
        const refused = failed.get(i);
        if (refused !== undefined) return { error: `refused: ${refused}` };
        const id = ids[next++]?.id;
        return id ? { id } : { error: 'no id in the response' };
      });
      return { ok: true, results, rate };
    },
  };
}

// ---- dev mailbox ----

/** `<directory of DATABASE_PATH>/mailbox`; an in-memory database writes to the system temp directory. */
export function mailboxDirFor(config: Pick<Config, 'databasePath'>): string {
  if (config.databasePath === ':memory:') return join(tmpdir(), 'baken-mailbox');
  return join(dirname(resolve(config.databasePath)), 'mailbox');
}

export interface MailboxEntry {
  id: string;
  idempotencyKey: string;
  from: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  text: string;
  /** File name of the HTML part, next to the JSON. */
  htmlFile: string;
  createdAt: string;
}

function mailboxName(idempotencyKey: string, index: number): string {
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24);
  return `${digest}-${String(index).padStart(3, '0')}`;
}

export function mailboxMailer(dir: string, clock: () => number): Mailer {
  return {
    kind: 'mailbox',
    async sendBatch(emails, { idempotencyKey }) {
      await mkdir(dir, { recursive: true });
      const results: EmailResult[] = [];
      for (const [i, email] of emails.entries()) {
        const name = mailboxName(idempotencyKey, i);
        const jsonPath = join(dir, `${name}.json`);
        // The same key and index again (a retry after a crash): the email is already there.
        const existing = await readFile(jsonPath, 'utf8').then((s) => JSON.parse(s) as MailboxEntry, () => undefined);
        if (existing) {
          results.push({ id: existing.id });
          continue;
        }
        const entry: MailboxEntry = { id: `mailbox_${name}`, idempotencyKey, from: email.from, to: email.to, subject: email.subject, headers: email.headers, tags: email.tags, text: email.text, htmlFile: `${name}.html`, createdAt: new Date(clock()).toISOString() };
        await writeFile(join(dir, entry.htmlFile), email.html);
        // Written under a temporary name and renamed, so a crash never leaves half a JSON file.
        await writeFile(`${jsonPath}.tmp`, JSON.stringify(entry, null, 2));
        await rename(`${jsonPath}.tmp`, jsonPath);
        results.push({ id: entry.id });
      }
      return { ok: true, results, rate: {} };
    },
  };
}

/** The newest emails in the dev mailbox, newest first. */
export async function listMailbox(dir: string, limit = 100): Promise<MailboxEntry[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map(async (n) => ({ n, mtime: await stat(join(dir, n)).then((s) => s.mtimeMs, () => 0) })),
  );
  files.sort((a, b) => b.mtime - a.mtime || (a.n < b.n ? 1 : -1));
  const entries = await Promise.all(files.slice(0, limit).map((f) => readFile(join(dir, f.n), 'utf8').then((s) => JSON.parse(s) as MailboxEntry, () => undefined)));
  return entries.filter((e): e is MailboxEntry => e !== undefined);
}
