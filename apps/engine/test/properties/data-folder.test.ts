import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDataDir } from '../support/engine-harness';
import { ENGINE_MAIN } from '../support/engine-process';

/** `npm start` without DATABASE_URL keeps its data in OSPREY_DATA_DIR; a wrong folder is named. */
describe('embedded data folder', () => {
  it('refuses a folder that holds other files, naming OSPREY_DATA_DIR and the folder, and leaves the files alone', () => {
    // given a folder of someone's notes
    const dir = tempDataDir();
    writeFileSync(join(dir, 'notes.txt'), 'not a database');

    // when the engine is started on it
    const env: NodeJS.ProcessEnv = { ...process.env, OSPREY_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    delete env.KAFKA_BROKERS;
    const run = spawnSync(process.execPath, [ENGINE_MAIN], { env, encoding: 'utf8', timeout: 60_000 });

    // then it exits with a message a person can act on, and writes nothing into the folder
    const output = `${run.stdout}${run.stderr}`;
    assert.notEqual(run.status, 0);
    assert.match(output, /OSPREY_DATA_DIR/);
    assert.ok(output.includes(dir), output);
    assert.match(output, /to be empty or to hold an embedded database, but it holds other files \('notes\.txt'\)/);
    assert.doesNotMatch(output, /Program terminated/);
    assert.deepEqual(readdirSync(dir), ['notes.txt']);
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'not a database');
  });
});
