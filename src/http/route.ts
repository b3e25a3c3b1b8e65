/** The routes channels and modules declare, as plain data the HTTP server mounts. */

/** A request as the HTTP layer hands it to a route: the raw body is kept for signatures. */
export interface RouteRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  query: Record<string, string | undefined>;
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
}
