// <jumio-verification> in Vue's template type checking (vue-tsc, Vue's editor tooling).
import type {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioPreflightEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
  JumioVerificationElement,
  VerificationOptions,
} from "jumio-verification";
import type { EmitFn, HTMLAttributes, PublicProps } from "vue";

type JumioVerificationEmits = {
  "jumio-loaded": (event: JumioLoadedEvent) => void;
  "jumio-success": (event: JumioSuccessEvent) => void;
  "jumio-error": (event: JumioErrorEvent) => void;
  "jumio-message": (event: JumioMessageEvent) => void;
  "jumio-state-change": (event: JumioStateChangeEvent) => void;
  "jumio-preflight": (event: JumioPreflightEvent) => void;
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
