/**
 * Verifies the audit log's hash chain from the command line, for auditors and cron jobs.
 * Reads `DATABASE_URL`; prints the verification as JSON; exits 0 when the chain is valid,
 * 1 when it is not, 2 when it could not be checked.
 *
 * @example
 * DATABASE_URL=postgres://… node apps/engine/dist/src/audit-verify.js
 */
import { Database, verifyAuditChain } from '@osprey/store';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL: Expected the PostgreSQL server of the engine, but it is not set\n');
    return 2;
  }
  const db = await Database.connect({ kind: 'server', url, poolSize: 1 });
  try {
    const result = await verifyAuditChain(db);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.valid ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // The message names the host, never the password (Database.connect).
    process.stderr.write(`Could not verify the audit log: ${(error as Error).message}\n`);
    process.exit(2);
  },
);
