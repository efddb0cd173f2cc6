import { applyDecorators, createParamDecorator, HttpCode, RequestMapping, RequestMethod, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { RouteContract } from '@osprey/contracts';
import { readBody } from './read-body';

/** Where `Route` keeps a handler's contract, for `ContractBody` to find. */
const ROUTE_CONTRACT = 'osprey:route-contract';

const METHODS: Readonly<Record<RouteContract['method'], RequestMethod>> = {
  get: RequestMethod.GET,
  post: RequestMethod.POST,
  put: RequestMethod.PUT,
  patch: RequestMethod.PATCH,
  delete: RequestMethod.DELETE,
};

/**
 * The route's path as the router registers it: a key parameter (`{…Key}`) is `:key`, whatever
 * OpenAPI calls it, and any other parameter keeps its name — the names `ROUTE_RIGHTS` and the
 * guards use.
 */
export function routerPath(route: RouteContract): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name.endsWith('Key') ? ':key' : `:${name}`));
}

/**
 * Binds a controller method to its entry of `ROUTE_CONTRACTS`: method, path and status (200 with
 * an answer, else 204) come from the contract, so a route is written once. Use it in a controller
 * without a path prefix (`@Controller()`).
 */
export function Route(route: RouteContract): MethodDecorator {
  return applyDecorators(RequestMapping({ method: METHODS[route.method], path: routerPath(route) }), HttpCode(route.response ? 200 : 204), SetMetadata(ROUTE_CONTRACT, route));
}

/**
 * The request body read against the body schema of the handler's `Route` contract: nulls and
 * unknown fields dropped, int64 strings as numbers (`readRequest`).
 * @throws ValidationError (400) naming every field that breaks the contract
 */
export const ContractBody = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const route = Reflect.getMetadata(ROUTE_CONTRACT, ctx.getHandler()) as RouteContract | undefined;
  if (!route?.body) throw new Error(`Expected ${ctx.getClass().name}.${ctx.getHandler().name} to have a @Route contract with a body, but it has none`);
  return readBody(route.body, ctx.switchToHttp().getRequest<{ body?: unknown }>().body);
});
