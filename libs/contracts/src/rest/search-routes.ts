import { Type } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';
import { SearchPage, SearchRequest } from './search';

/** An item whose own contract is not written yet: its fields are Camunda's for the entity. */
const EntityItem = Type.Object({}, { additionalProperties: true });

function search(path: string, tag: string, summary: string): RouteContract {
  return { method: 'post', path, tag, summary, body: SearchRequest, bodyRequired: false, response: SearchPage(EntityItem) };
}

/**
 * The Camunda searches whose items have no contract yet (the others sit with their entity's
 * routes): one request envelope (`SearchRequest`) and one page shape for all. The
 * entity's own filter and sort fields are checked by the store against its field list.
 */
export const SEARCH_ROUTES: readonly RouteContract[] = [
  search('/v2/element-instances/search', 'Element instance', 'Search element instances'),
  search('/v2/variables/search', 'Variable', 'Search variables'),
  search('/v2/jobs/search', 'Job', 'Search jobs'),
  search('/v2/user-tasks/search', 'User task', 'Search user tasks'),
  search('/v2/user-tasks/{userTaskKey}/variables/search', 'User task', 'Search the variables a user task sees'),
];
