import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings of the engine process, applied before anything else is loaded (`main.ts` imports
 * this module first), so that no allocation site has been judged yet. ADR 0031.
 *
 * Allocation-site pretenuring is off. With it on, V8 starts allocating some of the engine's
 * short-lived objects (a command's statement parameters, its records) straight into the old
 * generation once a scavenge finds many survivors, which happens while the modules load. Those
 * old objects die a moment later but still point at young ones, so every scavenge copied and
 * promoted 4–9 % of all it scanned, until the next major GC. Off, a start's objects die young:
 * a third to a half of the scavenge survivors and pauses, and few major GCs (docs/benchmarks.md).
 *
 * The flag is not accepted in `NODE_OPTIONS`, and V8 reads it at each pretenuring decision, so
 * it is set here rather than on every command line that starts the engine.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
