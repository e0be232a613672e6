import { jumio } from "../../../../lib/jumio";

export async function POST(request: Request): Promise<Response> {
  return (await jumio()).verification(request);
}
