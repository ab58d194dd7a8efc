import { externalMongoDb, startFerretDbPostgres, startFerretDbSqlite, type Target } from '../event-store/servers';

/** The server the read-side benchmark runs against: MONGODB_URI, else FerretDB on FERRETDB_BACKEND (sqlite, postgresql). */
export async function startTarget(): Promise<Target> {
  if (process.env.MONGODB_URI) return externalMongoDb(process.env.MONGODB_URI);
  const backend = process.env.FERRETDB_BACKEND ?? 'sqlite';
  if (backend === 'sqlite') return startFerretDbSqlite();
  if (backend === 'postgresql') return startFerretDbPostgres();
  throw new Error(`FERRETDB_BACKEND must be sqlite or postgresql, not ${JSON.stringify(backend)}`);
}
