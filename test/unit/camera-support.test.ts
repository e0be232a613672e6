import { expect } from "@open-wc/testing";
import {
  type CameraFacts,
  type CameraSupport,
  cameraNeedsOwnTab,
  cameraWarning,
  checkCameraSupport,
  diagnose,
} from "../../src/camera-support.js";
import { IFRAME_ALLOW } from "../../src/frame-markup.js";
import { inAppBrowserOf } from "../../src/in-app-browsers.js";

const ENGINE = navigator.userAgent.includes("Firefox/")
  ? "Firefox"
  : navigator.userAgent.includes("Chrome/")
    ? "Chromium"
    : "WebKit";

/**
 * The test runner's own server under its other name: a second origin, as test-servers.mjs's is,
 * but one that compiles TypeScript, so that the framed page runs the module itself.
 */
const FRAME_ORIGIN = `http://127.0.0.1:${location.port}`;

/** Runs the check in test/fixtures/camera-support.html, framed cross-origin with `allow` (or none). */
async function checkedInFrame(allow?: string): Promise<{ support: CameraSupport; ownTab: boolean }> {
  const frame = document.createElement("iframe");
  // The policy is fixed when the frame navigates: allow goes before src.
  if (allow !== undefined) frame.allow = allow;
  frame.src = `${FRAME_ORIGIN}/test/fixtures/camera-support.html`;
  const answer = new Promise<{ support: CameraSupport; ownTab: boolean }>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || event.origin !== FRAME_ORIGIN) return;
      window.removeEventListener("message", listener);
      resolve(event.data);
    };
    window.addEventListener("message", listener);
  });
  document.body.append(frame);
  try {
    return await answer;
  } finally {
    frame.remove();
  }
}

const codes = (support: CameraSupport) => support.problems.map((problem) => problem.code);
/** The allow attribute every iframe around the page needs: the element's own list. */
const EVERY_FRAME_ALLOW = `allow="${IFRAME_ALLOW}" allowfullscreen`;

// Chromium 156 has document.featurePolicy (not yet document.permissionsPolicy); Firefox ESR 153
// and WebKitGTK 2.50 have neither. All three answer the Permissions API for "camera" and give
// headless pages navigator.mediaDevices.getUserMedia.
describe("checkCameraSupport() in this browser", () => {
  it("finds no problem on the secure localhost page; only Chromium can check its permissions policy", async () => {
    expect(await checkCameraSupport()).to.deep.equal({
      ok: true,
      problems: [],
      unchecked: ENGINE === "Chromium" ? [] : ["permissions-policy"],
    });
    expect(cameraNeedsOwnTab()).to.equal(false);
  });

  it("in a cross-origin frame without allow: Chromium reports blocked-by-permissions-policy, Firefox and WebKit permission-denied", async () => {
    const { support, ownTab } = await checkedInFrame();
    expect(support.ok).to.equal(false);
    if (ENGINE === "Chromium") {
      expect(codes(support)).to.deep.equal(["blocked-by-permissions-policy"]);
      // The policy's block makes the Permissions API say denied too: that says nothing of the user's choice.
      expect(support.unchecked).to.deep.equal(["permission"]);
      expect(ownTab).to.equal(true);
    } else {
      // The Permissions API says denied for a feature the policy blocks; without a policy API that
      // cannot be told from the user's denial, so the message names both fixes.
      expect(codes(support)).to.deep.equal(["permission-denied"]);
      expect(support.unchecked).to.deep.equal(["permissions-policy"]);
      expect(support.problems[0]!.message).to.include("site settings");
      expect(ownTab).to.equal(false);
    }
    expect(support.problems[0]!.message).to.include(EVERY_FRAME_ALLOW);
  });

  for (const allow of [IFRAME_ALLOW, "camera"]) {
    it(`in the same frame with allow="${allow}": no problem`, async () => {
      expect(await checkedInFrame(allow)).to.deep.equal({
        support: { ok: true, problems: [], unchecked: ENGINE === "Chromium" ? [] : ["permissions-policy"] },
        ownTab: false,
      });
    });
  }
});

/** A secure, unframed desktop Chrome page whose camera nothing keeps away. */
const FINE: CameraFacts = {
  secureContext: true,
  getUserMedia: true,
  cameraPolicy: true,
  permission: "prompt",
  framed: false,
  userAgent:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36",
};
const IPHONE_INSTAGRAM =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 14_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 142.0.0.22.109 (iPhone12,5; iOS 14_1; en_US; en-US; scale=3.00; 1242x2688; 214888322) NW/1";

/** ua-parser-js, "Klarna in-App Browser for iOS": a WKWebView, which ends in "Mobile/15E148 …" without Safari/. */
const IOS_WEBVIEW =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Klarna/23.36.223";
/** ua-parser-js, "Chrome WebView". */
const ANDROID_WEBVIEW =
  "Mozilla/5.0 (Linux; Android 5.1.1; Nexus 5 Build/LMY48B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/43.0.2357.65 Mobile Safari/537.36";

// The facts an engine gives cannot all be had in the test browsers (an http page on another
// host, a WebView): the diagnosis from them is pure and tested here; the real pages are e2e.
describe("diagnose(facts)", () => {
  it("finds nothing when every fact is fine", () => {
    expect(diagnose(FINE)).to.deep.equal({ ok: true, problems: [], unchecked: [] });
  });

  it("takes granted as fine, and an unanswered permission as unchecked", () => {
    expect(diagnose({ ...FINE, permission: "granted" })).to.deep.equal({ ok: true, problems: [], unchecked: [] });
    expect(diagnose({ ...FINE, permission: undefined })).to.deep.equal({
      ok: true,
      problems: [],
      unchecked: ["permission"],
    });
  });

  it("reports an insecure context alone, not the missing getUserMedia it causes", () => {
    const support = diagnose({ ...FINE, secureContext: false, getUserMedia: false, permission: "denied" });
    expect(codes(support)).to.deep.equal(["insecure-context"]);
    expect(support.problems[0]!.message).to.include("https").and.include("new tab");
    expect(support.unchecked).to.deep.equal(["permission"]);
  });

  it("reports an insecure context and a blocking frame together: each needs its own fix", () => {
    expect(codes(diagnose({ ...FINE, secureContext: false, cameraPolicy: false }))).to.deep.equal([
      "insecure-context",
      "blocked-by-permissions-policy",
    ]);
  });

  it("reports no-media-devices in a secure context without getUserMedia", () => {
    const support = diagnose({ ...FINE, getUserMedia: false });
    expect(codes(support)).to.deep.equal(["no-media-devices"]);
    expect(support.problems[0]!.message).to.include("open this page in Safari, Chrome or Firefox");
    expect(support.unchecked).to.deep.equal(["permission"]);
  });

  it("reports a blocking policy, with the allow attribute every frame needs, and ignores the denied it implies", () => {
    const support = diagnose({ ...FINE, cameraPolicy: false, permission: "denied", framed: true });
    expect(support).to.deep.equal({
      ok: false,
      problems: [
        {
          code: "blocked-by-permissions-policy",
          message: `A frame around this page blocks the camera: give every iframe around this page ${EVERY_FRAME_ALLOW}, or continue in a new tab.`,
        },
      ],
      unchecked: ["permission"],
    });
  });

  it("reports permission-denied with the site settings fix where the policy is known to allow the camera", () => {
    for (const framed of [false, true]) {
      expect(diagnose({ ...FINE, permission: "denied", framed }).problems).to.deep.equal([
        {
          code: "permission-denied",
          message: "The camera is blocked for this site: allow it in the browser's site settings, then reload.",
        },
      ]);
    }
  });

  it("names the frame fix too for a denied permission in a frame whose policy is unknown", () => {
    const framed = diagnose({ ...FINE, cameraPolicy: undefined, permission: "denied", framed: true });
    expect(codes(framed)).to.deep.equal(["permission-denied"]);
    expect(framed.problems[0]!.message).to.include("site settings").and.include(EVERY_FRAME_ALLOW);
    expect(framed.unchecked).to.deep.equal(["permissions-policy"]);
    const top = diagnose({ ...FINE, cameraPolicy: undefined, permission: "denied" });
    expect(top.problems[0]!.message).not.to.include("iframe");
  });

  it("reports the in-app browser a user agent names, with the way out of it", () => {
    const support = diagnose({ ...FINE, userAgent: IPHONE_INSTAGRAM });
    expect(support).to.deep.equal({
      ok: false,
      problems: [
        {
          code: "in-app-browser",
          message:
            "Instagram's in-app browser may block the camera: open this page in your browser (the app's menu, \"Open in browser\").",
        },
      ],
      unchecked: [],
    });
  });

  for (const [userAgent, fix] of [
    [IOS_WEBVIEW, "open this page in Safari (an app can show it in an SFSafariViewController)"],
    [ANDROID_WEBVIEW, "has the camera only if the app grants it: if it does not start, open this page in Chrome"],
  ] as const) {
    it(`reports a web view with its platform's fix: "${fix}"`, () => {
      const support = diagnose({ ...FINE, userAgent });
      expect(codes(support)).to.deep.equal(["webview"]);
      expect(support.problems[0]!.message).to.include(fix);
    });
  }

  it("lists the environment's problems before the app's", () => {
    expect(codes(diagnose({ ...FINE, cameraPolicy: false, userAgent: IPHONE_INSTAGRAM }))).to.deep.equal([
      "blocked-by-permissions-policy",
      "in-app-browser",
    ]);
  });
});

describe("cameraWarning(support)", () => {
  it("is null when nothing was found", () => {
    expect(cameraWarning(diagnose(FINE))).to.equal(null);
    expect(cameraWarning(diagnose({ ...FINE, cameraPolicy: undefined, permission: undefined }))).to.equal(null);
  });

  it("names each problem and its fix, the allow attribute of the outer iframes among them", () => {
    const support = diagnose({ ...FINE, secureContext: false, cameraPolicy: false, userAgent: IPHONE_INSTAGRAM });
    expect(cameraWarning(support)!.split("\n")).to.deep.equal([
      "jumio-verification: the camera may not work on this page.",
      ...support.problems.map(({ code, message }) => `- ${code}: ${message}`),
    ]);
    expect(cameraWarning(support)).to.include(
      'allow="camera;autoplay;fullscreen;clipboard-read;clipboard-write;accelerometer;gyroscope;magnetometer" allowfullscreen',
    );
  });
});

// Real user agent strings. ua-parser-js = faisalman/ua-parser-js test/data/ua/browser/browser-all.json
// (the "desc" quoted); inapp-spy = shalanah/inapp-spy src/tests/mobile.ts and desktop.ts (commit 9fa2050
// for the two Messenger strings, which later commits garbled).
describe("inAppBrowserOf(userAgent)", () => {
  const IN_APP: [app: string, source: string, userAgent: string][] = [
    [
      "Messenger",
      "inapp-spy, iPhone MESSENGER",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.4.6 (KHTML, like Gecko) Mobile/14D27 [FBAN/MessengerForiOS;FBAV/117.0.0.36.70;FBBV/57539258;FBDV/iPhone7,2;FBMD/iPhone;FBSN/iOS;FBSV/10.2.1;FBSS/2;FBCR/&#20013-&#33775-&#38651-&#20449-;FBID/phone;FBLC/zh_TW;FBOP/5;FBRV/0]",
    ],
    [
      "Messenger",
      "inapp-spy, Sony MESSENGER",
      "Mozilla/5.0 (Linux; Android 6.0.1; D6653 Build/23.5.A.0.575; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/58.0.3029.83 Mobile Safari/537.36 [FB_IAB/MESSENGER;FBAV/118.0.0.19.82;]",
    ],
    [
      "Facebook",
      "ua-parser-js, Facebook in-App Browser for Android with version",
      "Mozilla/5.0 (Linux; Android 5.0; SM-G900P Build/LRX21T; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/43.0.2357.121 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/35.0.0.48.273;]",
    ],
    [
      "Facebook",
      "ua-parser-js, Facebook in-App Browser for iOS without version",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 13_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone10,2;FBMD/iPhone;FBSN/iOS;FBSV/13.3.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBCR/]",
    ],
    [
      "Facebook",
      "inapp-spy, iPhone FACEBOOK (iOS 18, ends in Safari/)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22G100 Safari/604.1 MetaIAB Facebook",
    ],
    ["Instagram", "ua-parser-js, Instagram in-App Browser for iOS", IPHONE_INSTAGRAM],
    [
      "Instagram",
      "inapp-spy, Pixel INSTAGRAM",
      "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240905.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.58 Mobile Safari/537.36 Instagram 355.1.0.44.103 Android (34/14; 420dpi; 1080x2205; Google/google; Pixel 8; shiba; shiba; en_US; 658190016)",
    ],
    [
      "Instagram",
      "inapp-spy, iPhone INSTAGRAM (iOS 18.5, with Safari/)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22F76 Instagram 393.1.0.36.70 (iPhone15,3; iOS 18_5; en_US; en; scale=3.00; 1290x2796; IABMV/1; 776538208) Safari/604.1)",
    ],
    [
      "LINE",
      "ua-parser-js, LINE on Android",
      "Mozilla/5.0 (Linux; Android 5.0; ASUS_Z00AD Build/LRX21V; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/51.0.2704.81 Mobile Safari/537.36 Line/6.5.1/IAB",
    ],
    [
      "LINE",
      "ua-parser-js, LINE on iOS",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 11_2_6 like Mac OS X) AppleWebKit/604.5.6 (KHTML, like Gecko) Mobile/15D100 Safari Line/8.4.1",
    ],
    [
      "WeChat",
      "ua-parser-js, WeChat on iOS",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 8_4_1 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Mobile/12H321 MicroMessenger/6.3.6 NetType/WIFI Language/zh_CN",
    ],
    [
      "WeChat",
      "ua-parser-js, WeChat on Android",
      "Mozilla/5.0 (Linux; U; Android 5.1; zh-cn; Lenovo K50-t5 Build/LMY47D) AppleWebKit/533.1 (KHTML, like Gecko)Version/4.0 MQQBrowser/5.4 TBS/025478 Mobile Safari/533.1 MicroMessenger/6.3.5.50_r1573191.640 NetType/WIFI Language/zh_CN",
    ],
    [
      "TikTok",
      "ua-parser-js, TikTok (Android, trill_)",
      "Mozilla/5.0 (Linux; Android 11; 21061119AG Build/RP1A.200720.011; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/92.0.4515.131 Mobile Safari/537.36 trill_2022109040 JsSdk/1.0 NetType/MOBILE Channel/googleplay AppName/musical_ly app_version/21.9.4 ByteLocale/ru-RU ByteFullLocale/ru-RU Region/KG BytedanceWebview/d8a21c6",
    ],
    [
      "TikTok",
      "ua-parser-js, TikTok (iOS, musical_ly_)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 14_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_21.1.0 JsSdk/2.0 NetType/4G Channel/App Store ByteLocale/ru Region/RU ByteFullLocale/ru-RU isDarkMode/1 WKWebView/1 BytedanceWebview/d8a21c6",
    ],
    [
      "TikTok",
      "ua-parser-js, TikTok (iOS 18, ends in Safari/ trill_)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1 trill_43.0.0 BytedanceWebview/d8a21c6",
    ],
    [
      "TikTok",
      "inapp-spy, iPhone TIKTOK (musical_ly_ alone)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1 musical_ly_41.9.0",
    ],
    [
      "Snapchat",
      "ua-parser-js, Snapchat (its 'like Safari/' passes for Safari)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Snapchat/12.33.0.36 (like Safari/8614.1.25.0.31, panda)",
    ],
    [
      "LinkedIn",
      "ua-parser-js, LinkedIn",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 15_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]",
    ],
    [
      "X",
      "ua-parser-js, Twitter (Android)",
      "Mozilla/5.0 (Linux; Android 13; CPH2531 Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.120 Mobile Safari/537.36 TwitterAndroid",
    ],
    [
      "X",
      "ua-parser-js, Twitter (iPad)",
      "Mozilla/5.0 (iPad; CPU OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/19H12 Twitter for iPhone/10.34",
    ],
  ];
  for (const [app, source, userAgent] of IN_APP) {
    it(`names ${app} (${source})`, () => {
      expect(inAppBrowserOf(userAgent)).to.deep.equal({ code: "in-app-browser", app });
    });
  }

  const WEBVIEWS: ["ios" | "android", string, string][] = [
    ["android", "ua-parser-js, Chrome WebView", ANDROID_WEBVIEW],
    [
      "android",
      "ua-parser-js, Klarna in-App Browser for Android: an app the table does not name",
      "Mozilla/5.0 (Linux; Android 12; moto g(60)s Build/S3RLS32.114-25-13; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 Klarna/23.36.215",
    ],
    ["ios", "ua-parser-js, Klarna in-App Browser for iOS", IOS_WEBVIEW],
    [
      "ios",
      "ua-parser-js, Zalo on iOS",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 13_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Zalo/20.05.01 Mobile/15E148",
    ],
  ];
  for (const [platform, source, userAgent] of WEBVIEWS) {
    it(`sees an ${platform === "ios" ? "iOS" : "Android"} web view (${source})`, () => {
      expect(inAppBrowserOf(userAgent)).to.deep.equal({ code: "webview", platform });
    });
  }

  const BROWSERS: [string, string][] = [
    [
      "ua-parser-js, Chrome 112.0 on Win10",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36",
    ],
    [
      "ua-parser-js, Chrome 112.0 on macOS",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36",
    ],
    [
      "inapp-spy, macOS SAFARI",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    ],
    [
      "ua-parser-js, Firefox (macOS)",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:100.0) Gecko/20100101 Firefox/100.0",
    ],
    ["inapp-spy, Ubuntu FIREFOX", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:53.0) Gecko/20100101 Firefox/53.0"],
    [
      "ua-parser-js, Mobile Safari (iOS 16.3)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 16_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)  Mobile/15E148 Safari/604.1",
    ],
    [
      "inapp-spy, iPhone SAFARI and SFSVC (one string for both)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    ],
    [
      "inapp-spy, iPhone CHROME",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.1.50 (KHTML, like Gecko) CriOS/58.0.3029.113 Mobile/14D27 Safari/602.1",
    ],
    [
      "ua-parser-js, Firefox on iOS",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 16_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/112.0 Mobile/15E148 Safari/605.1.15",
    ],
    [
      "ua-parser-js, Microsoft Edge on iOS",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 11_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/11.0 EdgiOS/42.1.1.0 Mobile/15F79 Safari/605.1.15",
    ],
    [
      "inapp-spy, Pixel CHROME",
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36",
    ],
    [
      "ua-parser-js, Samsung Internet for Android",
      "Mozilla/5.0 (Linux; Android 6.0.1; SAMSUNG-SM-G925A Build/MMB29K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/44.0.2403.133 Mobile Safari/537.36",
    ],
    ["ua-parser-js, Firefox Mobile (Android)", "Mozilla/5.0 (Android 5.0; Mobile; rv:41.0) Gecko/41.0 Firefox/41.0"],
    ["this test browser", navigator.userAgent],
  ];
  for (const [source, userAgent] of BROWSERS) {
    it(`flags no browser (${source})`, () => {
      expect(inAppBrowserOf(userAgent)).to.equal(null);
    });
  }
});
