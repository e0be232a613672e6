/** `"/a/:x/b/:y"` → `"x" | "y"`. */
type ParamNames<Pattern extends string> = Pattern extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Pattern extends `${string}:${infer Name}`
    ? Name
    : never;

export interface RouteContext<Params extends string = string> {
  request: Request;
  url: URL;
  params: Record<Params, string>;
}

export interface Route {
  method: string;
  pattern: string;
  handle(context: RouteContext): Response | Promise<Response>;
}

export function route<Pattern extends string>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  pattern: Pattern,
  handle: (context: RouteContext<ParamNames<Pattern>>) => Response | Promise<Response>,
): Route {
  return { method, pattern, handle: handle as Route["handle"] };
}

function match(pattern: string, pathname: string): Record<string, string> | undefined {
  const expected = pattern.split("/");
  const actual = pathname.split("/");
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? "";
    if (segment.startsWith(":")) {
      if (value === "") return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) {
      return undefined;
    }
  }
  return params;
}

/** The first route matching method and path; `"method"` when only the path matches; `undefined` for none. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | "method" | undefined {
  let pathMatched = false;
  for (const candidate of routes) {
    const params = match(candidate.pattern, pathname);
    if (!params) continue;
    if (candidate.method === method) return { route: candidate, params };
    pathMatched = true;
  }
  return pathMatched ? "method" : undefined;
}
