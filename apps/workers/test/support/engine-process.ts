/** The engine-process harness lives in `@osprey/testing`; re-exported for these specs. */
export { eventually, freePort, kill, oneTaskProcess, REPO_ROOT, startEngineProcess, type EngineProcess } from '@osprey/testing';
