// Admin JSON speaks ISO-8601 times; the database speaks epoch ms. These convert at the edge.
import type { ApiKeyInfo } from '../../services/api-keys.ts';

export function iso(t: number): string;
export function iso(t: number | null): string | null;
export function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

export function isoKey(k: ApiKeyInfo) {
  return { id: k.id, name: k.name, role: k.role, prefix: k.prefix, createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt) };
}
