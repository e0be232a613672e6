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

/** The native hosts this page runs in: a WKWebView's script message handler, React Native's WebView, an Android JavaScript interface. */
function nativeHandlers(): NativeHandler[] {
  const handlers = [
    window.webkit?.messageHandlers?.jumioVerification,
    window.ReactNativeWebView,
    window.JumioVerificationAndroid,
  ];
  return handlers.filter((handler): handler is NativeHandler => typeof handler?.postMessage === "function");
}

/** Posts an event the element dispatched to every native host, as `{ "type": …, "detail": … }` in JSON. */
export function postToNativeHosts({ type, detail }: CustomEvent): void {
  const handlers = nativeHandlers();
  if (handlers.length === 0) return;
  const message = JSON.stringify({ type, detail });
  for (const handler of handlers) {
    try {
      handler.postMessage(message);
    } catch (error) {
      console.warn("jumio-verification: a native host refused an event.", error);
    }
  }
}
