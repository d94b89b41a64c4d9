// Where a webhook may point. Only http(s) URLs without credentials. Unless WEBHOOK_ALLOW_PRIVATE=1,
// every address the host name resolves to must be public unicast: loopback, private (RFC 1918,
// fc00::/7), link-local (cloud metadata at 169.254.169.254), CGNAT, multicast and reserved ranges
// are refused, so a staff account cannot make Baken probe the network it runs in. The check runs
// when the endpoint is saved (literal addresses) and again at every connection through the
// socket's own DNS lookup, so a name that later resolves to a private address (DNS rebinding)
// is refused at send time too.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { ApiError } from '../../lib/http-error.ts';

const MAX_URL = 2000;

/** Whether an address is one a webhook may reach without WEBHOOK_ALLOW_PRIVATE. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The URL, normalised, or a 400 naming what is wrong with it. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError('invalid_webhook_url', 'The webhook URL is not a valid absolute URL.', { field: 'url' });
  }
  if (raw.length > MAX_URL) throw new ApiError('invalid_webhook_url', `The webhook URL is longer than ${MAX_URL} characters.`, { field: 'url' });
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ApiError('invalid_webhook_url', 'A webhook URL must use http or https.', { field: 'url', protocol: url.protocol });
  if (url.username || url.password) throw new ApiError('invalid_webhook_url', 'A webhook URL must not carry a user name or password; use the signature to authenticate Baken.', { field: 'url' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (ipaddr.isValid(host) ? !isPublicAddress(host) : host === 'localhost' || host.endsWith('.localhost'))) {
    throw new ApiError('invalid_webhook_url', 'A webhook URL must not point at a loopback, private or link-local address (set WEBHOOK_ALLOW_PRIVATE=1 to allow it).', { field: 'url', host });
  }
  url.hash = '';
  return url.toString();
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses non-public addresses (the send-time half of the check). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to no public address (${list.map((a) => a.address).join(', ')}); refused`);
        refused.code = 'EWEBHOOKPRIVATE';
        return callback(refused, '');
      }
      if ((options as LookupAllOptions).all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
