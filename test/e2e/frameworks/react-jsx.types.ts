// Type-level test of `jumio-verification/jsx` for React 19, checked by `tsc -p tsconfig.e2e.json`
// (never run). `satisfies` checks each object exactly as the JSX attributes of
// `<jumio-verification …>` are checked, including the handlers' contextual event types.
import type { JSX } from "react";
import type { JumioVerificationElement } from "../../../src/index.js";
import type {} from "../../../src/jsx.js";

type Props = JSX.IntrinsicElements["jumio-verification"];

export const everyAttribute = {
  href: "https://example.web.amer-1.jumio.ai/web/v4/app?authorizationToken=…",
  endpoint: "/api/jumio/href",
  "fetch-timeout": 10000,
  "allowed-origins": "http://localhost:5174",
  size: "medium",
  label: "Verify your identity",
  "auto-renew": true,
  "load-timeout": 20000,
} satisfies Props;

export const propertiesAndReactProps = {
  requestInit: { headers: { "X-CSRF-Token": "token" } },
  fetchTimeout: 10000,
  allowedOrigins: "http://localhost:5174",
  autoRenew: false,
  loadTimeout: 20000,
  className: "verification",
  id: "kyc",
  style: { maxWidth: 900 },
  ref: (element: JumioVerificationElement | null) => element?.reload(),
  children: null,
} satisfies Props;

export const typedListeners = {
  "onjumio-loaded": (event) => event.detail.workflowExecutionId satisfies string,
  "onjumio-success": (event) => event.detail.accountId satisfies string,
  "onjumio-error": (event) => {
    if (event.detail.source !== "element") event.detail.code satisfies number;
    else
      event.detail.code satisfies
        | "invalid-href"
        | "fetch-failed"
        | "fetch-timeout"
        | "invalid-response"
        | "http-error"
        | "load-timeout";
    event.preventDefault();
  },
  "onjumio-message": (event) => event.detail.value satisfies string,
  "onjumio-state-change": (event) =>
    event.detail.state satisfies "idle" | "fetching" | "loading" | "loaded" | "success" | "error" | "handed-over",
  "onjumio-preflight": (event) => {
    event.detail.problems.map(({ code }) => code) satisfies string[];
    event.preventDefault();
  },
} satisfies Props;

export const rejected = [
  // @ts-expect-error not a size option
  { size: "huge" } satisfies Props,
  // @ts-expect-error timeouts are numbers of milliseconds
  { "load-timeout": "20s" } satisfies Props,
  // @ts-expect-error `state` is read-only
  { state: "loaded" } satisfies Props,
  // @ts-expect-error a jumio-success listener does not receive a JumioErrorEvent's detail
  { "onjumio-success": (event) => event.detail.source } satisfies Props,
  // @ts-expect-error `requestInit` is a RequestInit
  { requestInit: "POST" } satisfies Props,
];
