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
 * Posts an event the element dispatched, as `{ "type": …, "detail": … }` in JSON, to each native
 * host the page is in: a WKWebView's script message handler, React Native's WebView, an Android
 * JavaScript interface. Looked up at every event: a host may add its handler late.
 */
export function postToNativeHosts({ type, detail }: CustomEvent): void {
  let message: string | undefined;
  for (const handler of [
    window.webkit?.messageHandlers?.jumioVerification,
    window.ReactNativeWebView,
    window.JumioVerificationAndroid,
  ]) {
    if (typeof handler?.postMessage !== "function") continue;
    message ??= JSON.stringify({ type, detail });
    try {
      handler.postMessage(message);
    } catch (error) {
      console.warn("jumio-verification: a native host refused an event.", error);
    }
  }
}
