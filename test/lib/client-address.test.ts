// Which address is the client: the socket peer, unless that peer is a proxy named in TRUST_PROXY.
import { describe, expect, it } from 'vitest';
import { clientAddress, socketAddress } from '../../src/lib/client-address.ts';

const xff = (value?: string) => new Headers(value === undefined ? {} : { 'x-forwarded-for': value });

describe('clientAddress', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.5', xff('198.51.100.7'), [])).toBe('203.0.113.5');
    expect(clientAddress('127.0.0.1', xff('198.51.100.7, 10.0.0.1'), [])).toBe('127.0.0.1');
    expect(clientAddress('203.0.113.5', xff(), ['loopback'])).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('203.0.113.5', xff('198.51.100.7'), ['loopback'])).toBe('203.0.113.5');
    expect(clientAddress('10.1.2.3', xff('198.51.100.7'), ['10.0.0.0/16'])).toBe('10.1.2.3');
  });

  it('walks X-Forwarded-For from the right through trusted proxies to the first untrusted hop', () => {
    expect(clientAddress('127.0.0.1', xff('198.51.100.7'), ['loopback'])).toBe('198.51.100.7');
    expect(clientAddress('::1', xff('198.51.100.7'), ['loopback'])).toBe('198.51.100.7');
    // A client that writes its own header entry cannot get past the hop the proxy appended.
    expect(clientAddress('127.0.0.1', xff('1.2.3.4, 198.51.100.7'), ['loopback'])).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', xff('1.2.3.4, 198.51.100.7, 10.0.0.2'), ['loopback', '10.0.0.0/8'])).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.9', xff('198.51.100.7'), ['10.0.0.9'])).toBe('198.51.100.7');
  });

  it('has no address without a socket address', () => {
    expect(clientAddress(undefined, xff('198.51.100.7'), ['loopback'])).toBeUndefined();
    expect(clientAddress('', xff('198.51.100.7'), [])).toBeUndefined();
  });

  it('reads the socket address @astrojs/node records on the request', () => {
    const request = new Request('http://localhost/');
    expect(socketAddress(request)).toBeUndefined();
    Reflect.set(request, Symbol.for('astro.clientAddress'), '192.0.2.4');
    expect(socketAddress(request)).toBe('192.0.2.4');
  });

  it('or the clientAddress a server entry handed to app.render()', () => {
    const request = new Request('http://localhost/');
    Reflect.set(request, Symbol.for('astro.renderOptions'), { clientAddress: '192.0.2.5', addCookieHeader: false });
    expect(socketAddress(request)).toBe('192.0.2.5');
  });
});
