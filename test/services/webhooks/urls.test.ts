// Where a webhook may point, and the signature receivers check: exact cases, in-process, with a
// real local receiver for the send-time guard (with WEBHOOK_ALLOW_PRIVATE off, a URL that points
// at this machine is refused before any byte is sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/http-error.ts';
import { loadConfig } from '../../../src/config.ts';
import { createDb } from '../../../db/client.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { signatureHeader, verifySignature } from '../../../src/services/webhooks/signature.ts';
import { checkWebhookUrl, isPublicAddress } from '../../../src/services/webhooks/urls.ts';
import { postWebhook } from '../../../src/services/webhooks/worker.ts';
import { startReceiver, type Receiver } from '../../support/webhook-receiver.ts';

const refused = (url: string, allowPrivate = false) => {
  try {
    checkWebhookUrl(url, allowPrivate);
  } catch (e) {
    return e instanceof ApiError ? e.code : String(e);
  }
  return 'accepted';
};

describe('webhook URLs', () => {
  it('only http(s), no credentials; private, loopback and link-local addresses only when allowed', () => {
    expect(checkWebhookUrl('https://hooks.slack.com/services/T0/B0/x#frag', false)).toBe('https://hooks.slack.com/services/T0/B0/x');
    expect(refused('http://93.184.216.34/hook')).toBe('accepted');
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'gopher://x', 'nope', 'https://a:b@example.com/']) expect(refused(url), url).toBe('invalid_webhook_url');
    for (const url of ['http://127.0.0.1:8080/', 'http://localhost/', 'http://api.localhost/', 'http://10.0.0.5/', 'http://192.168.1.1/', 'http://172.16.0.1/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]/', 'http://100.64.0.1/', 'http://0.0.0.0/']) {
      expect(refused(url), url).toBe('invalid_webhook_url');
      expect(refused(url, true), url).toBe('accepted');
    }
  });

  it('isPublicAddress: unicast only, IPv4-mapped IPv6 unwrapped', () => {
    expect(['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'].map(isPublicAddress)).toEqual([true, true, true]);
    expect(['127.0.0.1', '::1', '::ffff:10.1.2.3', '224.0.0.1', '255.255.255.255', 'example.com'].map(isPublicAddress)).toEqual([false, false, false, false, false, false]);
  });
});

describe('the send-time guard', () => {
  let rx: Receiver;
  beforeAll(async () => (rx = await startReceiver()));
  afterAll(() => rx.close());
  const ctx = (allow: boolean) => createContext({ db: createDb(':memory:'), config: loadConfig({ BAKEN_DEMO: '0', WEBHOOK_ALLOW_PRIVATE: allow ? '1' : '0', WEBHOOK_TIMEOUT_MS: '2000' }), clock: () => Date.now() });
  const row = (url: string) => ({ id: 1, url, secret: 'whsec_test', body: '{}', event_key: 'evt_1', event_type: 'incident.created' });

  it('refuses a loopback address (literal or by name) when private addresses are off, and sends nothing', async () => {
    const literal = await postWebhook(ctx(false), row(`${rx.url}/a`));
    expect(literal).toMatchObject({ statusCode: null, error: '127.0.0.1 is not a public address; refused (WEBHOOK_ALLOW_PRIVATE is off)' });
    const byName = await postWebhook(ctx(false), row(`${rx.url.replace('127.0.0.1', 'localhost')}/b`));
    expect(byName.statusCode).toBeNull();
    expect(byName.error).toMatch(/^EWEBHOOKPRIVATE: localhost resolves to no public address \(.*127\.0\.0\.1.*\); refused$/);
    expect(rx.received).toEqual([]);
    const allowed = await postWebhook(ctx(true), row(`${rx.url}/c`));
    expect(allowed).toMatchObject({ statusCode: 200, error: null });
    expect(rx.received.map((r) => r.path)).toEqual(['/c']);
  });
});

describe('Baken-Signature', () => {
  it('HMAC-SHA256 over "t.body", hex; verification refuses another body, key or an old timestamp', () => {
    // Fixed vector: printf '1767225600.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    const header = signatureHeader('whsec_test', 1767225600, '{"a":1}');
    expect(header).toBe('t=1767225600,v1=6d204545ff126a339c00513d93603299c984074ce1331c3537c3f6c976b49019');
    expect(verifySignature('whsec_test', header, '{"a":1}', 1767225600 + 299)).toBe(true);
    expect(verifySignature('whsec_test', header, '{"a":2}', 1767225600)).toBe(false);
    expect(verifySignature('whsec_other', header, '{"a":1}', 1767225600)).toBe(false);
    expect(verifySignature('whsec_test', header, '{"a":1}', 1767225600 + 301)).toBe(false);
    expect(verifySignature('whsec_test', 'garbage', '{"a":1}', 1767225600)).toBe(false);
  });
});
