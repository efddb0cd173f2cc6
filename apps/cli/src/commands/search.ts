import type { OspreyClient } from '@osprey/client';

/** A `/v2/<resource>/search` answer. */
export interface SearchPage<T> {
  readonly items: T[];
  readonly page: { readonly totalItems: number };
}

/** Searches `path` with the filter fields that are set, newest first when `sortBy` is given. */
export async function search<T>(client: OspreyClient, path: string, filter: Record<string, unknown>, limit: number, sortBy?: string): Promise<SearchPage<T>> {
  const set = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  const body = { filter: set, page: { limit }, ...(sortBy ? { sort: [{ field: sortBy, order: 'DESC' }] } : {}) };
  return (await client.request<SearchPage<T>>('POST', path, body))!;
}

/** `n of total` under a table. */
export function footer(page: SearchPage<unknown>, what: string): string {
  return `${page.items.length} of ${page.page.totalItems} ${what}`;
}
