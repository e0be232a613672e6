import { jumio } from "../../../../lib/jumio";

export async function POST(request: Request): Promise<Response> {
  // A route handler does not see the socket: the service reads the caller's address from the
  // X-Forwarded-For entry of the proxy in front (trustProxy). Without a proxy it cannot be checked.
  return (await jumio()).service.callbackHandler(request);
}
