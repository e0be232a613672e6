/** A native app's message handler, as a WebView injects it into the page. */
interface NativeHandler {
  postMessage(message: string): void;
}

declare global {
  interface Window {
    webkit?: { messageHandlers?: { jumioVerification?: NativeHandler } };
    ReactNativeWebView?: NativeHandler;
    JumioVerificationAndroid?: NativeHandler;
  }
}

/**
 * The handler `lookup` finds, if it is one. Markup may clobber the names: `<iframe name="webkit">`
 * on another origin throws at `messageHandlers`, and a frame named like a bridge is a Window.
 */
function handlerAt(lookup: () => unknown): NativeHandler | undefined {
  try {
    const handler = lookup() as (Partial<NativeHandler> & { window?: unknown }) | null | undefined;
    // A WindowProxy, even of another origin, is its own `window`.
    if (!handler || handler.window === handler || typeof handler.postMessage !== "function") return undefined;
    return handler as NativeHandler;
  } catch {
    return undefined;
  }
}

/**
 * Posts an event the element dispatched, as `{ "type": …, "detail": … }` in JSON, to each native
 * host the page is in: a WKWebView's script message handler, React Native's WebView, an Android
 * JavaScript interface. Looked up at every event: a host may add its handler late.
 */
export function postToNativeHosts({ type, detail }: CustomEvent): void {
  let message: string | undefined;
  for (const handler of [
    handlerAt(() => window.webkit?.messageHandlers?.jumioVerification),
    handlerAt(() => window.ReactNativeWebView),
    handlerAt(() => window.JumioVerificationAndroid),
  ]) {
    if (!handler) continue;
    message ??= JSON.stringify({ type, detail });
    try {
      handler.postMessage(message);
    } catch (error) {
      console.warn("jumio-verification: a native host refused an event.", error);
    }
  }
}
