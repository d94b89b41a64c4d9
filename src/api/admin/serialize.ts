// Admin JSON speaks ISO-8601 times; the database speaks epoch ms. These convert at the edge.
import { iso } from '../../lib/time.ts';
import type { ApiKeyInfo } from '../../services/kernel/api-keys.ts';

export { iso };

export function isoKey(k: ApiKeyInfo) {
  return { id: k.id, name: k.name, role: k.role, prefix: k.prefix, createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt) };
}
