// The fake Resend itself, driven by the real SDK: what the other mail tests rely on it to do.
import { Resend } from 'resend';
import { describe, expect, it } from 'vitest';
import { startFakeResend } from '../../support/fake-resend.ts';

const email = (subject = 'Hello') => ({ from: 'Status <status@example.test>', to: 'a@example.test', subject, text: 'Hi' });

describe('the fake Resend', () => {
  it('requires a key, answers POST /emails, and honours idempotency keys as Resend documents them', async () => {
    const fake = await startFakeResend({ apiKey: 're_ok' });
    try {
      const wrong = await new Resend('re_wrong', { baseUrl: fake.url }).emails.send(email());
      expect(wrong.error).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
      const resend = new Resend('re_ok', { baseUrl: fake.url });
      const first = await resend.emails.send(email(), { idempotencyKey: 'welcome/1' });
      const again = await resend.emails.send(email(), { idempotencyKey: 'welcome/1' });
      // Resend's ids are UUIDs; the fake keeps the accepted email under the id it answered.
      expect(first.data?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(fake.emails.map((e) => e.id)).toEqual([first.data!.id]);
      expect(again.data?.id).toBe(first.data?.id);
      const other = await resend.emails.send(email('Changed'), { idempotencyKey: 'welcome/1' });
      expect(other.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
      const tooLong = await resend.emails.send(email(), { idempotencyKey: 'k'.repeat(257) });
      expect(tooLong.error).toMatchObject({ statusCode: 400, name: 'invalid_idempotency_key' });
      expect(fake.emails).toHaveLength(1);
      expect(fake.requests.map((r) => [r.status, r.replayed])).toEqual([
        [403, false],
        [200, false],
        [200, true],
        [409, false],
        [400, false],
      ]);
    } finally {
      await fake.close();
    }
  });

  it('validates batches strictly by default and permissively on request, and rate-limits with retry-after', async () => {
    const fake = await startFakeResend({ requestsPerSecond: 2 });
    try {
      const resend = new Resend('re_any', { baseUrl: fake.url });
      const batch = [email(), { ...email(), to: 'not-an-address' }];
      const strict = await resend.batch.send(batch);
      expect(strict.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
      const permissive = await resend.batch.send(batch, { batchValidation: 'permissive' });
      expect(permissive.data?.data).toHaveLength(1);
      expect(permissive.data?.errors).toEqual([{ index: 1, message: expect.stringMatching(/Invalid `to`/) }]);
      expect(permissive.headers?.['ratelimit-limit']).toBe('2');
      const limited = await resend.batch.send([email()]);
      expect(limited.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
      expect(limited.headers?.['retry-after']).toBe('1');
      expect(fake.emails).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
