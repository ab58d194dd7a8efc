import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleAssets } from '../../../api/console/console-assets';
import { problemErrorHandler } from '../../../api/http/problem';

let server: Server;
let base: string;
const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));

beforeAll(async () => {
  const app = express();
  app.use(consoleAssets(dist));
  app.use(problemErrorHandler(pino({ level: 'silent' })));
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('console assets', () => {
  it('answers 503 problem+json, with the command that builds it, while the console is not built', async () => {
    const res = await fetch(`${base}/console/`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toContain('npm run build:console');
  });

  it('serves the built page with a strict CSP, redirects /console, and caches only hashed assets', async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/console/assets/app-1.js"></script>');
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'export {};');

    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp.split(';').map((d) => d.trim())).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]));
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(page.headers.get('cache-control')).toBe('no-cache');

    const asset = await fetch(`${base}/console/assets/app-1.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const bare = await fetch(`${base}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
  });
});
