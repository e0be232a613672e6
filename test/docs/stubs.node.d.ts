// Modules the docs' backend snippets import that are not installed here: just what the
// snippets use of them, typed as their packages type it.

declare module "@vitejs/plugin-vue" {
  interface Options {
    template?: { compilerOptions?: { isCustomElement?: (tag: string) => boolean } };
  }
  export default function vue(options?: Options): import("vite").Plugin;
}

declare module "hono" {
  interface Context {
    req: { raw: Request };
  }
  export class Hono {
    post(path: string, handler: (c: Context) => Response | Promise<Response>): this;
  }
}

// The reader's own module, at create-next-app's `@/` alias: server.md's `verification.ts`.
declare module "@/lib/verification" {
  export const verification: ReturnType<typeof import("jumio-verification/server").createVerificationHandler>;
}
