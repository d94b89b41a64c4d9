// The admin OpenAPI document over real HTTP generates a working client: every operation has an
// operationId and a schema for each success and error answer it lists; openapi-typescript turns
// the served document into types, tsc type-checks a script written against openapi-fetch with
// them (test/fixtures/openapi-client/script.ts), and the script runs against the built server.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../support/admin.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('admin OpenAPI → generated client', () => {
  let server: RunningServer;
  let doc: any;
  beforeAll(async () => {
    server = await startServer({ databasePath: tempDbPath('openapi-client'), env: { ADMIN_TOKEN } });
    doc = await (await fetch(`${server.url}/api/admin/openapi.json`)).json();
  });
  afterAll(() => server?.stop());

  it('every operation: a unique operationId, a JSON schema for every answer, the shared error answers', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) => Object.entries(item).map(([method, op]: [string, any]) => ({ path, method, op })));
    expect(ops.length).toBe(34);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const where = `${method} ${path}`;
      for (const [status, r] of Object.entries(op.responses) as [string, any][]) {
        expect(r.content?.['application/json']?.schema, `${where} ${status}`).toBeDefined();
        if (Number(status) >= 400) expect(r.content['application/json'].schema.$ref, `${where} ${status}`).toBe('#/components/schemas/Error');
      }
      const statuses = Object.keys(op.responses).map(Number);
      expect(statuses, where).toEqual(expect.arrayContaining([401, 403, 429]));
      if (path.includes('{id}')) expect(statuses, where).toContain(404);
      if (op.requestBody) expect(statuses, where).toEqual(expect.arrayContaining([400, 413, 415]));
      expect(statuses.some((s) => s >= 200 && s < 300), where).toBe(true);
    }
  });

  it('openapi-typescript + openapi-fetch: the script type-checks and works against the server', async () => {
    // Inside node_modules/.cache so the script resolves openapi-fetch from the project.
    const dir = join(ROOT, 'node_modules', '.cache', `baken-openapi-client-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const types = astToString(await openapiTS(doc));
    expect(types).not.toMatch(/content\?: never/);
    writeFileSync(join(dir, 'schema.ts'), types);
    copyFileSync(join(ROOT, 'test', 'fixtures', 'openapi-client', 'script.ts'), join(dir, 'script.ts'));

    const program = ts.createProgram([join(dir, 'script.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      types: [],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);

    // (The fixture is left out of the project's tsconfig: it only compiles next to its generated schema.)
    const { script } = (await import(join(dir, 'script.ts'))) as { script: (baseUrl: string, token: string) => Promise<Record<string, unknown>> };
    const result = await script(server.url, ADMIN_TOKEN);
    expect(result).toStrictEqual({
      slug: 'webhosting',
      groupId: 1,
      incidentStatus: 'investigating',
      targets: 'met',
      resolvedStatus: 'resolved',
      resolvedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      resolvedIds: [1],
      missing: [404, 'not_found'],
      conflict: [409, 'name_taken'],
      cacheEntries: 'number',
    });
  });
});
