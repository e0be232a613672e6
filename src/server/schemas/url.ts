import { z } from "zod";

export const httpUrlSchema = z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" });
