/** What a user agent says about the app around the page: a named in-app browser or a bare web view. */
export type InAppBrowser = { code: "in-app-browser"; app: string } | { code: "webview"; platform: "ios" | "android" };

// Each token is one a real user agent carries; the strings are quoted in test/unit/camera-support.test.ts.
// ua-parser-js = faisalman/ua-parser-js test/data/ua/browser/browser-all.json;
// inapp-spy = shalanah/inapp-spy src/regexAppName.ts and src/tests/mobile.ts. Messenger before Facebook.
const APPS: readonly [app: string, token: RegExp][] = [
  // inapp-spy: "FBAN/MessengerForiOS" (iOS), "FB_IAB/MESSENGER" (Android).
  ["Messenger", /\bFB\w+\/Messenger/i],
  // ua-parser-js: "[FBAN/FBIOS;FBAV/…]" (iOS), "[FB_IAB/FB4A;FBAV/…;]" (Android); inapp-spy: "MetaIAB Facebook" (iOS 18).
  ["Facebook", /\bFB(AN|AV|_IAB)\/|\bMetaIAB\b/],
  // ua-parser-js and inapp-spy: "Instagram 142.0.0.22.109 (iPhone12,5; …)", "Instagram 10.21.0 Android (…)".
  ["Instagram", /\bInstagram\b/],
  // ua-parser-js: "Line/6.5.1/IAB" (Android), "Safari Line/8.4.1" (iOS).
  ["LINE", /\bLine\/\d/],
  // ua-parser-js: "MicroMessenger/6.3.6" (iOS and Android).
  ["WeChat", /\bMicroMessenger\//],
  // ua-parser-js: "musical_ly_21.1.0", "trill_43.0.0", "BytedanceWebview/d8a21c6".
  ["TikTok", /\bmusical_ly|\btrill_\d|\bBytedanceWebview\//],
  // ua-parser-js: "Snapchat/12.33.0.36 (like Safari/8614.1.25.0.31, panda)": it names Safari, so check it by name.
  ["Snapchat", /\bSnapchat\//],
  // ua-parser-js: "[LinkedInApp]".
  ["LinkedIn", /\bLinkedInApp\b/],
  // ua-parser-js: "TwitterAndroid", "Twitter for iPhone/10.34". Newer iOS X apps send Safari's own string
  // (zenn.dev/kecy/articles/f51851e42c4243), which no token can tell apart.
  ["X", /\bTwitterAndroid\b|\bTwitter for iPhone\b/],
];

/**
 * The in-app browser or web view a user agent string names, or null for a browser. Android's
 * compatibility definition (CDD 3.4.1) fixes a WebView's string as "Mozilla/5.0 (Linux; Android
 * $(VERSION); [$(MODEL)] [Build/$(BUILD)]; wv) …", and the Android Developers Blog (2024-12-06,
 * "User-Agent Reduction on Android WebView") says to "look for the wv token". On iOS a WKWebView
 * ends in WebKit's default application name "Mobile/15E148" (WKWebViewConfiguration.mm,
 * defaultApplicationNameForUserAgent) where Safari, Chrome (CriOS), Firefox (FxiOS) and
 * SFSafariViewController end in "Safari/…" (inapp-spy src/regexInApp.ts: "(iPhone|iPod|iPad)(?!.*Safari/)").
 * An app that replaces the whole string, or an iPad web view asking for the desktop site, is not seen.
 */
export function inAppBrowserOf(userAgent: string): InAppBrowser | null {
  const named = APPS.find(([, token]) => token.test(userAgent));
  if (named) return { code: "in-app-browser", app: named[0] };
  if (/; wv\)/.test(userAgent)) return { code: "webview", platform: "android" };
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent) && !/\bSafari\//.test(userAgent))
    return { code: "webview", platform: "ios" };
  return null;
}
