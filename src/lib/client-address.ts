// Which address a request comes from: the one decision every per-client limit rests on. The socket's
// peer address is the truth; X-Forwarded-For is believed only hop by hop from a proxy the operator
// named in TRUST_PROXY (walking the header from the right, as proxy-addr does for Express), so a
// client cannot pick its own rate-limit bucket by sending the header itself.
import proxyaddr from 'proxy-addr';

export type TrustProxy = (address: string, hop: number) => boolean;

const compiled = new Map<string, TrustProxy>();

/**
 * The trust function of a TRUST_PROXY list ('loopback', 'uniquelocal', addresses and CIDR ranges).
 * Throws a TypeError naming the bad entry; config.ts calls it at start-up so a typo stops the server.
 */
export function compileTrust(list: readonly string[]): TrustProxy {
  const key = list.join(',');
  let trust = compiled.get(key);
  if (!trust) {
    trust = list.length === 0 ? () => false : proxyaddr.compile([...list]);
    compiled.set(key, trust);
  }
  return trust;
}

/**
 * The client's address: `socketAddress` (the TCP peer) unless that peer is a trusted proxy, in which
 * case the right-most X-Forwarded-For entry not itself trusted. Undefined without a socket address.
 */
export function clientAddress(socketAddress: string | undefined, headers: Headers, trustProxy: readonly string[]): string | undefined {
  if (socketAddress === undefined || socketAddress === '') return undefined;
  const forwardedFor = headers.get('x-forwarded-for') ?? undefined;
  if (trustProxy.length === 0 || forwardedFor === undefined) return socketAddress;
  // proxy-addr reads a Node request; these two fields are all it looks at.
  const req = { socket: { remoteAddress: socketAddress }, headers: { 'x-forwarded-for': forwardedFor } };
  return proxyaddr(req as unknown as Parameters<typeof proxyaddr>[0], compileTrust(trustProxy));
}

// @astrojs/node puts the request's socket peer address on the Request under this symbol (Astro's
// `clientAddress`). It would put the first X-Forwarded-For hop there instead if Astro's
// `security.allowedDomains` were set, so astro.config.mjs must not set it: TRUST_PROXY decides.
// A server entry that calls `app.render(request, { clientAddress })` itself leaves the address in
// the render options Astro attaches to the request for src/fetch.ts instead; both are read.
const ASTRO_CLIENT_ADDRESS = Symbol.for('astro.clientAddress');
const ASTRO_RENDER_OPTIONS = Symbol.for('astro.renderOptions');

/** The TCP peer address the server entry recorded on `request`, if any. */
export function socketAddress(request: Request): string | undefined {
  const options = Reflect.get(request, ASTRO_RENDER_OPTIONS) as { clientAddress?: unknown } | undefined;
  for (const address of [Reflect.get(request, ASTRO_CLIENT_ADDRESS), options?.clientAddress]) if (typeof address === 'string' && address !== '') return address;
  return undefined;
}
