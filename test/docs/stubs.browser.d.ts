// Modules the docs' page snippets import that are not installed here: just what the snippets
// use of them, typed as their packages type it.

declare module "react-native-webview" {
  interface WebViewMessageEvent {
    nativeEvent: { data: string };
  }
  interface WebViewProps {
    source: { uri: string };
    onMessage?: (event: WebViewMessageEvent) => void;
  }
  export const WebView: import("react").ComponentType<WebViewProps>;
}
