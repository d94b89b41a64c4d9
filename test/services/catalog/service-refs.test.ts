// One rule names a service everywhere: a JSON number is an id; a string is a slug, and only a
// digits-only string that is no service's slug is taken as an id. A slug such as "2024" must name
// the same service in a body, in an admin path and in a lookup.
import { describe, expect, it } from 'vitest';
import { findServiceRef, resolveServiceRefs } from '../../../src/services/catalog/lookup.ts';
import { ApiError } from '../../../src/lib/http-error.ts';
import { adminWorld } from '../../support/admin.ts';
import { makeService } from '../../support/factories.ts';

function world() {
  const w = adminWorld();
  const year = makeService(w.db, { slug: '2024', name: 'Archive 2024' });
  const other = makeService(w.db, { id: 2024, slug: 'other', name: 'Other' });
  return { w, year, other };
}

describe('service references', () => {
  it('a string is a slug first, a number always an id', () => {
    const { w, year, other } = world();
    expect(year).toBe(1);
    expect(findServiceRef(w.db, '2024')?.id).toBe(year);
    expect(findServiceRef(w.db, 2024)?.id).toBe(other);
    expect(findServiceRef(w.db, 'other')?.id).toBe(other);
    // A digits-only string that is no slug is an id.
    expect(findServiceRef(w.db, '1')?.id).toBe(year);
    expect(findServiceRef(w.db, '3')).toBeUndefined();
  });

  it('the admin path /services/2024 names the same service as "2024" in an incident body', async () => {
    const { w, year } = world();
    const byPath = await w.call('GET', '/api/admin/services/2024', undefined, 'viewer');
    expect(byPath.status).toBe(200);
    expect(byPath.body.id).toBe(year);
    const incident = await w.call('POST', '/api/admin/incidents', { title: 'Down', severity: 'critical', message: 'Looking.', services: [{ service: '2024', impact: 'major_outage' }] }, 'editor');
    expect(incident.status).toBe(201);
    expect(incident.body.services.map((s: { id: number }) => s.id)).toEqual([year]);
  });

  it('refuses a service named twice with duplicate_service, and unknown ones together', () => {
    const { w, year } = world();
    expect(resolveServiceRefs(w.db, ['other', '2024'])).toEqual([2024, year]);
    const dup = (() => {
      try {
        resolveServiceRefs(w.db, ['2024', 1]);
      } catch (err) {
        return err;
      }
    })() as ApiError;
    expect([dup.code, dup.status, dup.details]).toEqual(['duplicate_service', 400, { field: 'services', service: 1 }]);
    expect(() => resolveServiceRefs(w.db, ['nope', 99])).toThrow(expect.objectContaining({ code: 'unknown_service', status: 404, details: { field: 'services', services: ['nope', 99] } }));
  });
});
