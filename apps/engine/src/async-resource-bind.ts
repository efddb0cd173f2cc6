import { AsyncResource } from 'node:async_hooks';

/**
 * Makes `AsyncResource.prototype.bind` return a plain wrapper, as Node.js 24 does, on the Node.js
 * releases that still give every bound function a deprecated `asyncResource` accessor
 * (DEP0172, end of life in Node.js 24). ADR 0036.
 *
 * Why: Fastify binds a callback of every request that has a body (its content-type parser's
 * `done`), and Node 22 defines that accessor with a fresh getter and setter each time. A
 * property whose getter differs gives the function a map of its own, and V8 allocates maps in
 * the old generation. The dead map keeps its young getter alive through every scavenge until
 * the next major GC, and with it everything the getter's closure reaches: the request, its
 * reply and the command's records. So every start outlived two scavenges and was promoted:
 * about 8 KB a start, scavenges of 4–5 ms instead of under 2, and a major GC every few seconds
 * at 400 starts/s (docs/benchmarks.md, "Every request with a body promoted").
 *
 * The wrapper runs `fn` in the resource's async scope with the caller's `this` and arguments,
 * exactly as Node's does; only the deprecated property is missing, and nothing the engine
 * loads reads it. Idempotent; does nothing where `bind` already adds no property.
 */
export function bindAsyncResourcesWithoutAccessor(): void {
  if (!('asyncResource' in new AsyncResource('osprey.probe').bind(() => undefined))) return;
  AsyncResource.prototype.bind = function bind(this: AsyncResource, fn: Bindable, thisArg?: unknown) {
    return boundTo(this, fn, thisArg);
  } as unknown as typeof AsyncResource.prototype.bind;
}

type Bindable = (...args: unknown[]) => unknown;

function boundTo(resource: AsyncResource, fn: Bindable, thisArg: unknown): Bindable {
  if (typeof fn !== 'function') throw new TypeError(`Expected a function to bind, but got ${typeof fn}`);
  const bound: Bindable =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : resource.runInAsyncScope.bind(resource, fn, thisArg);
  // A data property gives every bound function the same map; only the accessor, with its
  // getter made anew for each call, gave each function a map of its own.
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
  return bound;
}
