import { Type, type Static } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';
import { searchRoute } from './search';

/** `POST /v2/osprey/sign-in`: a configured development user's name and password. */
export const SignInRequest = Type.Object({ username: Type.String(), password: Type.String() });
export type SignInRequest = Static<typeof SignInRequest>;

/** A short-lived bearer token for the user, with the groups and roles it carries. */
export const SignInResponse = Type.Object({
  token: Type.String(),
  username: Type.String(),
  groups: Type.Array(Type.String()),
  roles: Type.Array(Type.String()),
  /** Seconds until the token expires. */
  expiresIn: Type.Integer({ minimum: 1 }),
});
export type SignInResponse = Static<typeof SignInResponse>;

/** `GET /v2/authentication/me`: who the request's credentials name, in Camunda 8.8's shape. */
export const CurrentUser = Type.Object({
  username: Type.String(),
  /** The web app's parts the user may open: `modeler`, `inbox` and `monitor`. */
  authorizedComponents: Type.Array(Type.String()),
  /** The tenants the user works in; the id is the only name Osprey knows. */
  tenants: Type.Array(Type.Object({ tenantId: Type.String(), name: Type.String() })),
  groups: Type.Array(Type.String()),
  /** Osprey's roles of the user (`read`, `start`, `operate`, …). */
  roles: Type.Array(Type.String()),
  /** Camunda's SaaS plan; always empty, Osprey has none. */
  salesPlanType: Type.String(),
  /** Links to the other components of a Camunda 8 stack; always empty, Osprey is one service. */
  c8Links: Type.Record(Type.String(), Type.String()),
  /** True for a signed-in person (a token), false for an API key, which cannot sign out. */
  canLogout: Type.Boolean(),
});
export type CurrentUser = Static<typeof CurrentUser>;

/** A user work can be delegated to. */
export const KnownUser = Type.Object({ username: Type.String(), name: Type.String(), groups: Type.Array(Type.String()) });
export type KnownUser = Static<typeof KnownUser>;

const tag = 'Identity';

export const SIGN_IN: RouteContract = {
  method: 'post',
  path: '/v2/osprey/sign-in',
  tag,
  summary: 'Development sign-in: a short-lived token for a configured development user (Osprey)',
  public: true,
  body: SignInRequest,
  response: SignInResponse,
};
export const CURRENT_USER: RouteContract = { method: 'get', path: '/v2/authentication/me', tag, summary: 'The signed-in user, their groups and the tenants they work in', response: CurrentUser };
export const SEARCH_USERS = searchRoute(
  '/v2/users/search',
  tag,
  "The users work can be delegated to (the development users; none with OIDC sign-in); the body's filter is not applied",
  KnownUser,
);

/** Sign-in, "who am I" and the users the engine knows. */
export const IDENTITY_ROUTES: readonly RouteContract[] = [SIGN_IN, CURRENT_USER, SEARCH_USERS];
