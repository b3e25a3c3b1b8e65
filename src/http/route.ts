/** The routes channels and modules declare, as plain data the HTTP server mounts. */

/** A request as the HTTP layer hands it to a route: the raw body is kept for signatures. */
export interface RouteRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  query: Record<string, string | undefined>;
  /** The client's address (the socket's, or X-Forwarded-For's as far as TRUST_PROXY allows). */
  ip?: string;
}

/** What a route answers: a status, headers, and a body (text as is, an object as JSON). */
export interface RouteResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; an object as JSON. */
  body?: string | object;
}

/** A route a channel or a module declares; src/http/server.ts mounts it (nobody else imports the server). */
export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  handler(req: RouteRequest): Promise<RouteResponse>;
  /** Request budgets checked before the handler (@fastify/rate-limit); over one: 429 with Retry-After. */
  limits?: RouteLimit[];
  /** A credential the request must carry; failures are counted per client (src/http/auth-failures.ts). */
  auth?: RouteAuth;
}

/** How a route authenticates: `check` says whether the request may pass; `refusal` answers when not. */
export interface RouteAuth {
  /** Failures of routes with the same realm share one count per client. */
  realm: string;
  check(req: RouteRequest): boolean;
  refusal: RouteResponse;
}

/** At most `max` requests in `windowMs`, from one client address or from everyone together. */
export interface RouteLimit {
  /** Budgets of the same name share one count, across routes. */
  name: string;
  per: 'client' | 'everyone';
  max: number;
  windowMs: number;
}
