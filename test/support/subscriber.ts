// A subscriber's side of the mail, over real HTTP: wait for an email in the fake Resend's inbox, and
// subscribe with double opt-in by following the link the confirmation email carries.
import { expect } from 'vitest';
import type { FakeResend, RecordedEmail } from './fake-resend.ts';

/** The first email to `address` whose subject matches, waiting up to `timeoutMs` for the outbox worker. */
export async function emailTo(fake: FakeResend, address: string, subject: RegExp, timeoutMs = 15_000): Promise<RecordedEmail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = fake.emails.find((e) => e.to.includes(address) && subject.test(e.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${address} matching ${subject}; got ${JSON.stringify(fake.emails.map((e) => [e.to, e.subject]))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Subscribes `email` to everything in `locale` and confirms with the token from the confirmation email. */
export async function subscribeAndConfirm(baseUrl: string, fake: FakeResend, email: string, locale: 'nl' | 'en', timeoutMs?: number): Promise<void> {
  const res = await fetch(`${baseUrl}/api/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, locale }) });
  expect(res.status).toBe(202);
  const confirmation = await emailTo(fake, email, /Bevestig uw aanmelding|Confirm your subscription/, timeoutMs);
  const token = new RegExp(`${baseUrl}/${locale}/subscribe/confirm\\?token=(\\S+)`).exec(confirmation.text!)![1]!;
  expect((await fetch(`${baseUrl}/api/subscriptions/confirm?token=${token}`, { method: 'POST' })).status).toBe(200);
}
