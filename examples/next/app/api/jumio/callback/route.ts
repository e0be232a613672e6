import { jumio } from "../../../../lib/jumio";

export async function POST(request: Request): Promise<Response> {
  // A route handler does not see the socket: the right-most X-Forwarded-For entry is the address
  // your platform's proxy saw (one proxy in front; count further ones with trustProxy).
  const remoteAddress = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return (await jumio()).service.callbackHandler(request, { remoteAddress });
}
