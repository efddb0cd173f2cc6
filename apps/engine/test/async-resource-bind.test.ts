import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { bindAsyncResourcesWithoutAccessor } from '../src/async-resource-bind';

/**
 * The engine replaces `AsyncResource.prototype.bind` (ADR 0036) because Fastify binds a callback
 * of every request with a body. The replacement must behave as Node's own for every caller:
 * the bound function runs in the async context the resource was made in, with its caller's
 * `this` and arguments, and returns what the function returns.
 */
describe('AsyncResource.bind once the engine has started', () => {
  bindAsyncResourcesWithoutAccessor();
  const store = new AsyncLocalStorage<string>();

  it('given a function bound in a request context, when it is called from another context, then it runs in the request context with the caller’s this and arguments', () => {
    // given a resource made while request "r-1" was being handled
    const bound = store.run('r-1', () =>
      new AsyncResource('test').bind(function (this: { id: string } | undefined, a: number, b: number) {
        return { context: store.getStore(), self: this?.id, sum: a + b };
      }),
    );

    // when another request's code calls it
    const result = store.run('r-2', () => bound.call({ id: 'caller' }, 2, 3));

    // then it ran in "r-1", with the caller's this and arguments
    assert.deepEqual(result, { context: 'r-1', self: 'caller', sum: 5 });
    assert.equal(bound.length, 2);
  });

  it('given a function bound with thisArg, then that this is used whoever calls it', () => {
    // Node documents thisArg; the type declarations leave it out.
    type BindWithThis = (fn: (this: { id: string }) => string, thisArg: { id: string }) => (this: unknown) => string;
    const bound = store.run('r-1', () => {
      const resource = new AsyncResource('test');
      return (resource.bind as unknown as BindWithThis).call(
        resource,
        function (this: { id: string }) {
          return `${store.getStore()}:${this.id}`;
        },
        { id: 'bound' },
      );
    });
    assert.equal(bound.call({ id: 'caller' }), 'r-1:bound');
  });

  it('given a bound function that throws, then the caller gets the error and its own context back', () => {
    const bound = store.run('r-1', () =>
      new AsyncResource('test').bind(() => {
        throw new Error('Expected this failure');
      }),
    );
    store.run('r-2', () => {
      assert.throws(() => bound(), /Expected this failure/);
      assert.equal(store.getStore(), 'r-2');
    });
  });

  it('given a bound function, then it carries no deprecated asyncResource property (whose per-call getter kept every request alive past its scavenges)', () => {
    const bound = new AsyncResource('test').bind(() => 1);
    assert.equal('asyncResource' in bound, false);
  });

  it('given something that is not a function, then bind refuses it as Node does', () => {
    assert.throws(() => new AsyncResource('test').bind(42 as never), TypeError);
  });
});
