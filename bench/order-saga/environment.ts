import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * The FerretDB binary the run used (the one test/support/servers.ts starts) and its hash: the
 * figures depend on whether it carries scripts/ferretdb/indexed-id-lookups.patch, which
 * install-tools.sh applies; the binary has no --version to tell.
 */
export function ferretDbBinary(): { path: string; sha256: string } {
  const path = join(process.env.SAGA_TOOLS_DIR ?? join(ROOT, '.tools'), 'bin/ferretdb');
  try {
    return { path, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
  } catch {
    return { path, sha256: 'unreadable' };
  }
}
