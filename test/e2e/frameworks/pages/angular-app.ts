// Renders <jumio-verification> from a standalone Angular component, compiled in the browser by
// Angular's JIT compiler (no Angular CLI here), and lets the spec drive it through
// `window.angularHarness`. `VerificationComponent` is docs/frameworks.md's Angular example, with handlers
// that record their calls instead of logging them. The element is defined before the application
// starts, as the docs' `import "jumio-verification"` does, or after its first render, as a
// lazily loaded element is.
import "@angular/compiler"; // JIT: before anything declares or bootstraps a component.
import {
  type ApplicationRef,
  Component,
  CUSTOM_ELEMENTS_SCHEMA,
  Input,
  input,
  provideZonelessChangeDetection,
  signal,
} from "@angular/core";
import { bootstrapApplication } from "@angular/platform-browser";
import { JumioVerificationElement } from "../../../../src/element.js";
import type { JumioErrorEvent, JumioLoadedEvent, JumioSuccessEvent } from "../../../../src/index.js";
import { type Call, callOf } from "./calls.js";

export interface AngularMountOptions {
  href: string;
  allowedOrigins: string;
  /** When `<jumio-verification>` gets defined. */
  define: "before-bootstrap" | "after-first-render";
}

export interface AngularHarness {
  /** Every handler call, in order. */
  calls: Call[];
  /** Bootstraps the application; resolves once it has rendered. */
  mount(options: AngularMountOptions): Promise<void>;
  /** Changes the value the root component binds to `[href]`. */
  setHref(href: string): void;
  /** Destroys the application. */
  destroy(): void;
}

declare global {
  interface Window {
    angularHarness: AngularHarness;
  }
}

const calls: Call[] = [];
const csrfToken = () => "csrf-token";

@Component({
  selector: "app-verification",
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <jumio-verification
      [href]="href()"
      [allowedOrigins]="allowedOrigins()"
      [requestInit]="requestInit"
      [loadTimeout]="20000"
      size="medium"
      (jumio-loaded)="onLoaded($event)"
      (jumio-success)="onSuccess($event)"
      (jumio-error)="onError($event)"
    ></jumio-verification>
  `,
})
export class VerificationComponent {
  readonly href = input.required<string>();
  readonly allowedOrigins = input("");
  readonly requestInit: RequestInit = { headers: { "X-CSRF-Token": csrfToken() } };
  readonly loaded = signal(false);

  onLoaded(event: JumioLoadedEvent) {
    this.loaded.set(true);
    calls.push(callOf("(jumio-loaded)", 1, event));
  }

  onSuccess(event: JumioSuccessEvent) {
    calls.push(callOf("(jumio-success)", 1, event));
  }

  onError(event: JumioErrorEvent) {
    calls.push(callOf("(jumio-error)", 1, event));
  }
}

// Signal inputs are found by Angular's AOT compiler in the source; in JIT, the Angular CLI adds
// this metadata for each `input()` (its JIT transform). Here, with no CLI, we add it ourselves.
Object.assign(VerificationComponent, {
  propDecorators: {
    href: [{ type: Input, args: [{ isSignal: true, alias: "href", required: true, transform: undefined }] }],
    allowedOrigins: [
      { type: Input, args: [{ isSignal: true, alias: "allowedOrigins", required: false, transform: undefined }] },
    ],
  },
});

const href = signal("");
const allowedOrigins = signal("");

@Component({
  selector: "app-root",
  imports: [VerificationComponent],
  template: `<app-verification [href]="href()" [allowedOrigins]="allowedOrigins()" />`,
})
class AppComponent {
  readonly href = href;
  readonly allowedOrigins = allowedOrigins;
}

let app: ApplicationRef | undefined;

window.angularHarness = {
  calls,
  async mount(options) {
    href.set(options.href);
    allowedOrigins.set(options.allowedOrigins);
    if (options.define === "before-bootstrap") JumioVerificationElement.define();
    app = await bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] });
    await app.whenStable();
    JumioVerificationElement.define();
  },
  setHref(value) {
    href.set(value);
  },
  destroy() {
    app?.destroy();
    app = undefined;
  },
};
