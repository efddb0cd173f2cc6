/** A fresh, migrated PostgreSQL database for one test file (needs `DATABASE_URL`). */
export { migratedTestDatabase } from '@osprey/testing';
