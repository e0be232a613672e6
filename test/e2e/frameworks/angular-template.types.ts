// Type-level test of the README's Angular example against the installed @angular/core types,
// checked by `tsc -p tsconfig.e2e.json` (never run; `pages/angular-app.ts` runs the same component).
// Angular's template type checker is not installed here (@angular/compiler-cli); what it generates
// for a DOM event binding under `strictTemplates` (`strictDomEventTypes`) is reproduced below, so
// the README's claim about `$event` is checked against the package's own declarations.
import { Component, CUSTOM_ELEMENTS_SCHEMA, input, signal } from "@angular/core";
import "../../../src/index.js"; // `import "jumio-verification"`
import type { JumioErrorEvent, JumioLoadedEvent, JumioSuccessEvent } from "../../../src/index.js";

declare function csrfToken(): string;

// ---- The README's example, as written there. ----
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
  /** Extra trusted origins: only for a proxy or the local simulated Jumio. */
  readonly allowedOrigins = input("");
  readonly requestInit: RequestInit = { headers: { "X-CSRF-Token": csrfToken() } };
  readonly loaded = signal(false);

  onLoaded(event: JumioLoadedEvent) {
    this.loaded.set(true);
    console.log("verification shown:", event.detail.workflowExecutionId);
  }

  onSuccess(event: JumioSuccessEvent) {
    console.log("accepted for verification:", event.detail.workflowExecutionId);
  }

  onError(event: JumioErrorEvent) {
    console.warn(event.detail.code, event.detail.description);
  }
}
// ---- End of the README's example. ----

/**
 * What Angular's type-check block does with the template's event bindings under
 * `strictDomEventTypes`: the element is `document.createElement(tag)` (so `HTMLElementTagNameMap`),
 * and each `(event)` becomes an `addEventListener` call whose listener's parameter is `$event` (so
 * `HTMLElementEventMap`). Without `strictDomEventTypes`, the listener is `($event: any) => …`.
 */
export function strictDomEventTypes(ctx: VerificationComponent): void {
  const _t1 = document.createElement("jumio-verification");
  _t1.addEventListener("jumio-loaded", ($event) => ctx.onLoaded($event));
  _t1.addEventListener("jumio-success", ($event) => ctx.onSuccess($event));
  _t1.addEventListener("jumio-error", ($event) => ctx.onError($event));
  _t1.addEventListener("jumio-success", ($event) => $event.detail.workflowExecutionId satisfies string);
  // @ts-expect-error a jumio-success `$event` is no JumioErrorEvent: a mixed-up handler is caught
  _t1.addEventListener("jumio-success", ($event) => ctx.onError($event));
  // @ts-expect-error nor is a jumio-error `$event` a JumioSuccessEvent
  _t1.addEventListener("jumio-error", ($event) => ctx.onSuccess($event));
}
