#!/usr/bin/env node
// Records the schema of this release as the one the next release must stay compatible with
// (apps/engine/test/upgrades/released-schema.json). Run at release time, after `npm run build`,
// with DATABASE_URL pointing at a PostgreSQL server where the role may create databases.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Database, SCHEMA_FINGERPRINT } = require(join(root, 'libs/store/dist/src/index.js'));
const { createTestDatabase, readSchemaCatalog } = require(join(root, 'libs/testing/dist/src/index.js'));

/** Two-space JSON with each column and index on one line, so a diff shows what a release changed. */
function format(catalog) {
  const line = (value) => JSON.stringify(value).replace(/([:,])/g, '$1 ');
  const block = (entries, indent, render) => entries.map(([k, v]) => `${indent}${JSON.stringify(k)}: ${render(v)}`).join(',\n');
  const tables = block(Object.entries(catalog.tables), '    ', (cols) => `{\n${block(Object.entries(cols), '      ', line)}\n    }`);
  const indexes = block(Object.entries(catalog.uniqueIndexes), '    ', (v) => JSON.stringify(v));
  return `{\n  "tables": {\n${tables}\n  },\n  "uniqueIndexes": {\n${indexes}\n  }\n}\n`;
}

const db = await createTestDatabase(
  'snapshot',
  async (url) => {
    const d = await Database.connect({ kind: 'server', url, poolSize: 1 });
    await d.migrate();
    await d.close();
  },
  SCHEMA_FINGERPRINT,
);
try {
  const catalog = await readSchemaCatalog(db.url);
  const file = join(root, 'apps/engine/test/upgrades/released-schema.json');
  writeFileSync(file, format(catalog));
  console.log(`wrote ${Object.keys(catalog.tables).length} tables to ${file}`);
} finally {
  await db.drop();
}
