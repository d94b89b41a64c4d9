// Incident templates: the incident's service rules, unique names, audited changes; and the audit
// log's filters by record and by person.
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { CLI_ACTOR } from '../../../src/cli/common.ts';
import { loadConfig } from '../../../src/config.ts';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from '../../../src/services/incidents/templates.ts';
import { auditActors, listAudit } from '../../../src/services/kernel/audit.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { makeService } from '../../support/factories.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const ops = { kind: 'user' as const, keyId: null, userId: 1, name: 'ops@example.com', role: 'editor' as const };
const key = { keyId: 7, name: 'deploy bot', role: 'editor' as const };

describe('incident templates', () => {
  it('are created, changed and deleted with the incident service rules, each change audited by who made it', () => {
    const db = createDb(':memory:');
    const ctx = createContext({ db, config: loadConfig({ BAKEN_DEMO: '0' }), clock: () => NOW });
    const web = makeService(db, { slug: 'web' });
    makeService(db, { slug: 'old', archivedAt: 1 });
    const input = { name: 'Mail delays', title: 'Email delayed', severity: 'medium' as const, message: 'Slow.', services: [{ service: 'web', impact: 'degraded_performance' as const }] };
    const t = createTemplate(ctx, ops, input);
    expect(t).toEqual({ id: 1, ...input, services: [{ serviceId: web, impact: 'degraded_performance' }], createdAt: NOW, updatedAt: NOW });
    expect(() => createTemplate(ctx, ops, input)).toThrow(expect.objectContaining({ code: 'name_taken' }));
    expect(() => createTemplate(ctx, ops, { ...input, name: 'B', services: [{ service: 'old', impact: 'major_outage' }] })).toThrow(expect.objectContaining({ code: 'unknown_service' }));
    expect(() => createTemplate(ctx, ops, { ...input, name: 'C', services: [{ service: 'web', impact: 'major_outage' }, { service: web, impact: 'partial_outage' }] })).toThrow(expect.objectContaining({ code: 'duplicate_service' }));
    updateTemplate(ctx, key, t.id, { ...input, title: 'Email is delayed' });
    expect(listTemplates(db).map((x) => x.title)).toEqual(['Email is delayed']);
    deleteTemplate(ctx, CLI_ACTOR, t.id);
    expect(listTemplates(db)).toEqual([]);

    // The audit log by record and by person.
    expect(listAudit(db, { entityType: 'template', entityId: 1, limit: 10 }).map((a) => a.action)).toEqual(['template.delete', 'template.update', 'template.create']);
    expect(listAudit(db, { actorName: 'ops@example.com', limit: 10 }).map((a) => a.action)).toEqual(['template.create']);
    expect(listAudit(db, { actorKeyId: 7, limit: 10 }).map((a) => a.action)).toEqual(['template.update']);
    expect(listAudit(db, { actorName: 'deploy bot', limit: 10 })).toEqual([]);
    expect(auditActors(db)).toEqual([
      { keyId: null, name: 'cli' },
      { keyId: 7, name: 'deploy bot' },
      { keyId: null, name: 'ops@example.com' },
    ]);
  });
});
