import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Int32 } from './common';
import type { RouteContract } from './route-contract';

/** Largest page a search answers. */
export const MAX_SEARCH_PAGE = 1000;

/** A sort direction; Camunda writes it in capitals, lenient clients in lower case. */
export const SortOrder = Type.Union([Type.Literal('ASC'), Type.Literal('DESC'), Type.Literal('asc'), Type.Literal('desc')]);

/**
 * Camunda's search request, the body of every `POST /v2/<entity>/search`. The contract states
 * the envelope; which fields each entity filters and sorts on, and their operators (`$eq`, `$in`,
 * `$like`, …), the store checks against the entity's own field list.
 */
export const SearchRequest = Type.Object({
  /** Field conditions: a value (equality) or an object of operators. */
  filter: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'an object of field conditions' })),
  sort: Type.Optional(Type.Array(Type.Object({ field: Type.String(), order: Type.Optional(SortOrder) }), { description: 'an array of { field, order } objects' })),
  /** `from`/`limit`, or the cursors of a previous page: `after` (its `endCursor`) or `before` (its `startCursor`). */
  page: Type.Optional(
    Type.Object({
      from: Type.Optional(Int32({ minimum: 0 })),
      limit: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_SEARCH_PAGE, description: `an integer between 0 and ${MAX_SEARCH_PAGE}` })),
      after: Type.Optional(Type.String()),
      before: Type.Optional(Type.String()),
    }),
  ),
});
export type SearchRequest = Static<typeof SearchRequest>;

/** Where a page sits in the whole result; the cursors are absent on an empty page. */
export const SearchPageInfo = Type.Object({
  totalItems: Type.Integer({ minimum: 0 }),
  startCursor: Type.Optional(Type.String()),
  endCursor: Type.Optional(Type.String()),
});
export type SearchPageInfo = Static<typeof SearchPageInfo>;

/** One page of search results whose items have the shape `item`. */
export function SearchPage<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), page: SearchPageInfo });
}

/** The type of a page whose items are `T`: `Static` of {@link SearchPage} for a type instead of a schema. */
export type SearchPage<T> = { items: T[]; page: SearchPageInfo };

/** A `POST …/search` route: the `SearchRequest` envelope (optional) answered with pages of `item`. */
export function searchRoute(path: string, tag: string, summary: string, item: TSchema): RouteContract {
  return { method: 'post', path, tag, summary, body: SearchRequest, bodyRequired: false, response: SearchPage(item) };
}
