// <jumio-verification> in Vue's template type checking (vue-tsc, Vue's editor tooling).
import type { JumioVerificationElement, VerificationOptions } from "jumio-verification";
import type { EmitFn, HTMLAttributes, PublicProps } from "vue";

/** Each of the element's events (the package declares them in HTMLElementEventMap), for Vue's `@jumio-…` listeners. */
type JumioVerificationEmits = {
  [Name in keyof HTMLElementEventMap as Name extends `jumio-${string}` ? Name : never]: (
    event: HTMLElementEventMap[Name],
  ) => void;
};

declare module "vue" {
  interface GlobalComponents {
    "jumio-verification": new () => JumioVerificationElement & {
      /** @deprecated For template type checking only: not a property of the element. */
      $props: HTMLAttributes & Partial<VerificationOptions> & PublicProps;
      /** @deprecated For template type checking only: not a property of the element. */
      $emit: EmitFn<JumioVerificationEmits>;
    };
  }
}
