const IMMUTABLE = 'A compiled process graph is immutable';

/** A `Map` that refuses changes once built: graphs are shared by every instance of a definition. */
export class FrozenMap<K, V> extends Map<K, V> {
  constructor(entries: Iterable<readonly [K, V]>) {
    super();
    for (const [key, value] of entries) super.set(key, value);
    Object.freeze(this);
  }

  override set(_key: K, _value: V): this {
    throw new TypeError(IMMUTABLE);
  }

  override delete(_key: K): boolean {
    throw new TypeError(IMMUTABLE);
  }

  override clear(): void {
    throw new TypeError(IMMUTABLE);
  }
}

/** A `Set` that refuses changes once built. */
export class FrozenSet<T> extends Set<T> {
  constructor(values: Iterable<T>) {
    super();
    for (const value of values) super.add(value);
    Object.freeze(this);
  }

  override add(_value: T): this {
    throw new TypeError(IMMUTABLE);
  }

  override delete(_value: T): boolean {
    throw new TypeError(IMMUTABLE);
  }

  override clear(): void {
    throw new TypeError(IMMUTABLE);
  }
}

/**
 * Freezes plain objects and arrays recursively. Maps and sets are expected to be built as
 * {@link FrozenMap} / {@link FrozenSet} and are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || value instanceof Map || value instanceof Set)
    return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
