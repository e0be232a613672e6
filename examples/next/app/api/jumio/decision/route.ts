import { decisions, signedInUser } from "../../../../lib/users";

// The page asks for its user's decision once Jumio's web client is done.
export function GET(request: Request): Response {
  const user = signedInUser(request.headers.get("cookie"));
  const verification = user === undefined ? undefined : decisions.get(user);
  return Response.json(verification ?? { error: "No decision yet" }, { status: verification ? 200 : 404 });
}
