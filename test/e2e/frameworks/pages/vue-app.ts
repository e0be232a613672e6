// Renders <jumio-verification> from a Vue 3 component whose template is compiled in the browser
// (Vue's full build), with the same `isCustomElement` option a vite + @vitejs/plugin-vue app
// passes to its template compiler. The spec drives it through `window.vueHarness`.
import { type App, createApp, ref } from "vue";
import { JumioVerificationElement } from "../../../../src/element.js";
import type { JumioLoadedEvent, JumioSuccessEvent } from "../../../../src/index.js";
import { type Call, callOf } from "./calls.js";

export interface VueMountOptions {
  href: string;
  allowedOrigins: string;
}

export interface VueHarness {
  /** Every handler call, in order. */
  calls: Call[];
  mount(options: VueMountOptions): void;
  /** Changes the value bound to `:href`. */
  setHref(href: string): void;
  unmount(): void;
}

declare global {
  interface Window {
    vueHarness: VueHarness;
  }
}

const calls: Call[] = [];
const href = ref("");
let app: App | undefined;

window.vueHarness = {
  calls,
  mount(options) {
    href.value = options.href;
    app = createApp({
      setup: () => ({
        href,
        allowedOrigins: options.allowedOrigins,
        onLoaded: (event: JumioLoadedEvent) => calls.push(callOf("@jumio-loaded", 1, event)),
        onSuccess: (event: JumioSuccessEvent) => calls.push(callOf("@jumio-success", 1, event)),
      }),
      template: `
        <jumio-verification
          :href="href"
          :allowed-origins="allowedOrigins"
          @jumio-loaded="onLoaded"
          @jumio-success="onSuccess"
        ></jumio-verification>`,
    });
    app.config.compilerOptions.isCustomElement = (tag) => tag === "jumio-verification";
    app.mount("#app");
    // Defined after the first render, as a lazily loaded element is. Before that, only
    // `isCustomElement` keeps Vue from resolving the tag as a component (its runtime compiler
    // would otherwise find the tag in the registry; the SFC compiler never looks there).
    JumioVerificationElement.define();
  },
  setHref(value) {
    href.value = value;
  },
  unmount() {
    app?.unmount();
    app = undefined;
  },
};
