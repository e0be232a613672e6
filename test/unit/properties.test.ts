import { expect } from "@open-wc/testing";
import fc from "fast-check";
import { JUMIO_ERROR_CODES } from "../../src/error-codes.js";
import { type JumioMessage, parseJumioMessage } from "../../src/messages.js";
import { type JumioRedirect, parseRedirect } from "../../src/redirect.js";
import { allowedOriginOf, parseAllowedOrigins, trustedHref } from "../../src/trust.js";

// Property-based tests: fast-check generates the inputs, and shrinks a failing one to the
// smallest it can find (the seed is printed to replay it).
const RUNS = { numRuns: 300 };

// ---------------------------------------------------------------------------------------
// parseJumioMessage

const DETAIL_KEYS = new Set([
  "accountId",
  "workflowExecutionId",
  "customerInternalReference",
  "eventType",
  "dateTime",
  "value",
  "errorCode",
  "publicErrorCode",
  "retriable",
]);

/** The public API's JumioMessage, and nothing else: a plain object of the right field types, no token. */
function expectValidDetail(detail: JumioMessage): void {
  expect(Object.getPrototypeOf(detail)).to.equal(Object.prototype);
  for (const [key, value] of Object.entries(detail)) {
    expect(DETAIL_KEYS.has(key), `unexpected field ${key}`).to.equal(true);
    expect(value, `field ${key}`).not.to.equal(undefined);
  }
  expect(detail.eventType).to.equal(510);
  for (const key of ["accountId", "workflowExecutionId", "dateTime", "value"] as const)
    expect(detail[key]).to.be.a("string");
  if ("customerInternalReference" in detail) expect(detail.customerInternalReference).to.be.a("string");
  if ("errorCode" in detail) expect(Number.isInteger(detail.errorCode)).to.equal(true);
  if ("publicErrorCode" in detail) expect(detail.publicErrorCode).to.be.a("string");
  if ("retriable" in detail) expect(detail.retriable).to.be.a("boolean");
  expect(detail).not.to.have.property("authorizationToken");
}

function expectNullOrValid(data: unknown): void {
  const detail = parseJumioMessage(data);
  if (detail !== null) expectValidDetail(detail);
}

/** Strings of any code points, lone surrogates included. */
const anyString = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ maxLength: 200 }));
const text = fc.string({ unit: "grapheme", maxLength: 30 });
/** A value of any type but `T`'s, for optional fields that must be dropped. */
const notA = (kind: "string" | "integer" | "boolean") =>
  fc.oneof(
    kind === "string" ? fc.integer() : text,
    kind === "integer" ? fc.constantFrom(0.5, -1.25, Number.NaN, Number.POSITIVE_INFINITY) : fc.integer(),
    kind === "boolean" ? fc.constantFrom("true", 1, 0) : fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(text, fc.integer(), { maxKeys: 2 }),
  );
/** The guide's fields, at any position among unknown ones (the live client sends more). */
const KNOWN = new Set([
  "accountId",
  "authorizationToken",
  "workflowExecutionId",
  "eventType",
  "dateTime",
  "payload",
  "customerInternalReference",
  "value",
  "metainfo",
]);
const extras = fc.dictionary(
  fc.string({ maxLength: 12 }).filter((key) => !KNOWN.has(key)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 4 },
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });

/** A message of the guide's format ("Optional iFrame Logging") and the detail it must give. */
const guideMessage = fc
  .record({
    accountId: fc.oneof(fc.uuid(), text),
    workflowExecutionId: fc.oneof(fc.uuid(), text),
    token: fc.uuid().map((id) => `token-${id}`),
    dateTime: fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      text,
    ),
    value: fc.oneof(fc.constantFrom("loaded", "success", "error"), text),
    customerInternalReference: maybe(fc.oneof(text, notA("string"))),
    metainfo: maybe(
      fc.record(
        {
          code: fc.oneof(fc.integer({ min: -1, max: 99999 }), fc.constantFrom(9100, 9200, 9210, 9820), notA("integer")),
          publicErrorCode: fc.oneof(text, notA("string")),
          retriable: fc.oneof(fc.boolean(), notA("boolean")),
        },
        { requiredKeys: [] },
      ),
    ),
    extra: extras,
    payloadExtra: extras,
  })
  .map(
    ({
      accountId,
      workflowExecutionId,
      token,
      dateTime,
      value,
      customerInternalReference,
      metainfo,
      extra,
      payloadExtra,
    }) => {
      const wire = {
        ...extra,
        accountId,
        authorizationToken: token,
        workflowExecutionId,
        eventType: 510,
        dateTime,
        payload: { ...payloadExtra, value, ...(metainfo === undefined ? {} : { metainfo }) },
        ...(customerInternalReference === undefined ? {} : { customerInternalReference }),
      };
      const expected: Record<string, unknown> = { accountId, workflowExecutionId, eventType: 510, dateTime, value };
      if (typeof customerInternalReference === "string") expected.customerInternalReference = customerInternalReference;
      if (Number.isInteger(metainfo?.code)) expected.errorCode = metainfo?.code;
      if (typeof metainfo?.publicErrorCode === "string") expected.publicErrorCode = metainfo.publicErrorCode;
      if (typeof metainfo?.retriable === "boolean") expected.retriable = metainfo.retriable;
      return { wire, token, expected };
    },
  );

describe("properties: parseJumioMessage", () => {
  it("never throws on any JSON value, as an object or as its JSON string, and gives null or a valid detail", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectNullOrValid(value);
        expectNullOrValid(JSON.stringify(value));
      }),
      RUNS,
    );
  });

  it("never throws on any string, JSON text or not, and gives null or a valid detail", () => {
    fc.assert(fc.property(fc.oneof(anyString, fc.json()), expectNullOrValid), RUNS);
  });

  it("never throws on any value at all (null prototypes, boxed values, typed arrays, maps, sparse arrays)", () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withDate: true,
      withBigInt: true,
      withObjectString: true,
    });
    fc.assert(fc.property(anything, expectNullOrValid), RUNS);
  });

  it("parses every message of the guide's format to the same detail, field by field, whether string or object, never with the token", () => {
    fc.assert(
      fc.property(guideMessage, ({ wire, token, expected }) => {
        const fromObject = parseJumioMessage(wire);
        const fromString = parseJumioMessage(JSON.stringify(wire));
        expect(fromObject).to.deep.equal(expected);
        expect(fromString).to.deep.equal(expected);
        expectValidDetail(fromString!);
        expect(JSON.stringify(fromString)).not.to.contain(token);
      }),
      RUNS,
    );
  });

  it("returns null once any required field is missing or of the wrong type", () => {
    const required = [
      "accountId",
      "authorizationToken",
      "workflowExecutionId",
      "eventType",
      "dateTime",
      "payload",
      "payload.value",
    ] as const;
    const broken = fc.oneof(
      fc.constant(undefined),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(text, { maxLength: 2 }),
      fc.constant({}),
    );
    fc.assert(
      fc.property(guideMessage, fc.constantFrom(...required), broken, ({ wire }, field, replacement) => {
        const copy = structuredClone(wire) as Record<string, unknown> & { payload: Record<string, unknown> };
        const [owner, key] = field === "payload.value" ? [copy.payload, "value"] : [copy, field];
        if (replacement === undefined) delete owner[key];
        else owner[key] = replacement;
        expect(parseJumioMessage(copy)).to.equal(null);
        expect(parseJumioMessage(JSON.stringify(copy))).to.equal(null);
      }),
      RUNS,
    );
  });

  it("returns null for any eventType but the number 510", () => {
    const otherType = fc.oneof(
      fc.integer().filter((type) => type !== 510),
      fc.constantFrom("510", 510.5, "screen", null, true),
    );
    fc.assert(
      fc.property(guideMessage, otherType, ({ wire }, eventType) => {
        expect(parseJumioMessage({ ...wire, eventType })).to.equal(null);
        expect(parseJumioMessage(JSON.stringify({ ...wire, eventType }))).to.equal(null);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------
// trustedHref / allowedOriginOf

const JUMIO_DOMAINS = ["jumio.ai", "netverify.com", "jumio.com"];
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/** The rule restated by labels: the host's last two labels are one of Jumio's domains. */
function onJumioDomain(hostname: string): boolean {
  return JUMIO_DOMAINS.includes(hostname.split(".").slice(-2).join("."));
}

function parse(href: string): URL | null {
  try {
    return new URL(href);
  } catch {
    return null;
  }
}

/** Hosts built to look like Jumio's or like an allowed origin: lookalikes, user-info tricks, odd ports and paths. */
const lookalike = fc
  .record({
    scheme: fc.constantFrom(
      "https",
      "HTTPS",
      "http",
      "javascript",
      "data",
      "blob:https",
      "ftp",
      "wss",
      "https:/",
      "https:\\\\",
    ),
    userInfo: fc.constantFrom("", "", "user@", "user:secret@", ":@", "jumio.com@", ":secret@"),
    prefix: fc.constantFrom("", "", "acme.", "a.web.amer-1.", "evil-", "xjumio.", "jumio.com.", "..", "%2e", "Ａcme."),
    host: fc.constantFrom(
      ...JUMIO_DOMAINS,
      "jumio.ai.evil.com",
      "jumio.co",
      "jumio.com.",
      "JUMIO.COM",
      "ｊｕｍｉｏ.ai",
      "netverify.com.evil",
      "127.0.0.1",
      "localhost",
      "[::1]",
      "example.com",
    ),
    port: fc.constantFrom("", "", ":443", ":8443", ":5174", ":0", ":99999"),
    rest: fc.constantFrom(
      "",
      "/",
      "/web/v4/app?authorizationToken=x",
      "\\@evil.com/",
      "#@evil.com",
      "?@evil.com",
      "@evil.com",
      ".evil.com/",
      "%00",
      " ",
    ),
  })
  .map(({ scheme, userInfo, prefix, host, port, rest }) => `${scheme}://${userInfo}${prefix}${host}${port}${rest}`);

const webUrl = fc.webUrl({
  validSchemes: ["https", "http", "ftp", "ws"],
  authoritySettings: { withIPv4: true, withIPv6: true, withIPv4Extended: true, withPort: true, withUserInfo: true },
  withQueryParameters: true,
  withFragments: true,
});

const ORIGIN_CANDIDATES = [
  "http://127.0.0.1:5174",
  "https://proxy.example.com",
  "http://localhost:8080",
  "http://[::1]:3000",
  "https://jumio.ai.example.net:8443",
];
const allowedOrigins = fc
  .subarray(ORIGIN_CANDIDATES)
  .chain((fixed) =>
    fc
      .array(webUrl, { maxLength: 3 })
      .map((urls) => [...fixed, ...urls.map(allowedOriginOf).filter((origin): origin is string => origin !== null)]),
  );
/** An href near the allowed origins too: the origin itself, with a path, credentials, another scheme or port. */
const nearAllowed = fc
  .tuple(
    fc.constantFrom(...ORIGIN_CANDIDATES),
    fc.constantFrom("", "/", "/web/v4/app?x=1", ":1", "@evil.com", ".evil.com/"),
    fc.constantFrom("", "user:pw@"),
    fc.boolean(),
  )
  .map(([origin, rest, credentials, swapScheme]) => {
    const url = `${origin}${rest}`.replace("//", `//${credentials}`);
    return swapScheme ? url.replace(/^https?/, (scheme) => (scheme === "http" ? "https" : "http")) : url;
  });
const href = fc.oneof(lookalike, webUrl, nearAllowed, anyString);

describe("properties: the trust rules", () => {
  it("allowedOriginOf gives, for any string, null or an origin that is https: or http: on a loopback host, taken from a URL without credentials", () => {
    fc.assert(
      fc.property(fc.oneof(webUrl, lookalike, nearAllowed, anyString), (value) => {
        const origin = allowedOriginOf(value);
        if (origin === null) return;
        const url = new URL(origin);
        expect(url.origin).to.equal(origin);
        expect(
          url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.includes(url.hostname)),
          origin,
        ).to.equal(true);
        const source = new URL(value);
        expect(source.username + source.password).to.equal("");
        expect(source.origin).to.equal(origin);
      }),
      RUNS,
    );
  });

  it("trustedHref accepts an href only with an allowed origin — https: on Jumio's domains, or one of allowed-origins — and never with credentials", () => {
    fc.assert(
      fc.property(href, allowedOrigins, (candidate, origins) => {
        const url = trustedHref(candidate, origins);
        if (url === null) return;
        expect(url.username, candidate).to.equal("");
        expect(url.password, candidate).to.equal("");
        const onJumio = url.protocol === "https:" && onJumioDomain(url.hostname);
        const allowed = (url.protocol === "https:" || url.protocol === "http:") && origins.includes(url.origin);
        expect(onJumio || allowed, `${candidate} → ${url.href}`).to.equal(true);
        expect(url.href).to.equal(new URL(candidate).href);
      }),
      { numRuns: 1000 },
    );
  });

  describe("from raw allowed-origins entries (parseAllowedOrigins, before the element splits its attribute)", () => {
    const entry = fc.oneof(nearAllowed, lookalike, webUrl, anyString);
    const acceptable = (value: string) => {
      const url = parse(value);
      return (
        url !== null &&
        url.username + url.password === "" &&
        (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.includes(url.hostname)))
      );
    };
    let warn: typeof console.warn;
    beforeEach(() => {
      warn = console.warn;
      console.warn = () => {}; // parseAllowedOrigins warns about each entry it drops
    });
    afterEach(() => {
      console.warn = warn;
    });

    it("an accepted href is https: on Jumio's domains, or on the origin of an entry that is https: or http: on a loopback host, without credentials", () => {
      fc.assert(
        fc.property(fc.oneof(nearAllowed, href), fc.array(entry, { maxLength: 4 }), (candidate, entries) => {
          const url = trustedHref(candidate, parseAllowedOrigins(entries));
          if (url === null) return;
          expect(url.username + url.password, candidate).to.equal("");
          if (url.protocol === "https:" && onJumioDomain(url.hostname)) return;
          const from = entries.filter((value) => acceptable(value) && parse(value)!.origin === url.origin);
          expect(from, `${candidate} accepted from ${JSON.stringify(entries)}`).to.not.be.empty;
        }),
        { numRuns: 1000 },
      );
    });

    it("an href on the origin of an acceptable entry, with a path and query, is accepted", () => {
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 3 }), entry, fc.webPath(), (others, chosen, path) => {
          fc.pre(acceptable(chosen));
          const candidate = `${parse(chosen)!.origin}${path}?authorizationToken=t`;
          expect(trustedHref(candidate, parseAllowedOrigins([...others, chosen])), candidate).to.not.equal(null);
        }),
        { numRuns: 300 },
      );
    });
  });

  it("trustedHref accepts every href the rules allow (the rules are exact, not merely safe)", () => {
    fc.assert(
      fc.property(href, allowedOrigins, (candidate, origins) => {
        const url = parse(candidate);
        const credentials = url !== null && (url.username !== "" || url.password !== "");
        const ruled =
          url !== null &&
          !credentials &&
          ((url.protocol === "https:" && onJumioDomain(url.hostname)) ||
            ((url.protocol === "https:" || url.protocol === "http:") && origins.includes(url.origin)));
        expect(trustedHref(candidate, origins) !== null, candidate).to.equal(ruled);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// parseRedirect

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REDIRECT_KEYS = new Set([
  "accountId",
  "workflowExecutionId",
  "acquisitionStatus",
  "customerInternalReference",
  "errorCode",
  "errorDescription",
]);

function expectValidRedirect(redirect: JumioRedirect): void {
  for (const [key, value] of Object.entries(redirect)) {
    expect(REDIRECT_KEYS.has(key), `unexpected field ${key}`).to.equal(true);
    expect(value, `field ${key}`).not.to.equal(undefined);
  }
  expect(redirect.accountId).to.match(UUID);
  expect(redirect.workflowExecutionId).to.match(UUID);
  expect(["SUCCESS", "ERROR"]).to.include(redirect.acquisitionStatus);
  if ("customerInternalReference" in redirect) expect(redirect.customerInternalReference).to.be.a("string");
  expect("errorCode" in redirect).to.equal("errorDescription" in redirect);
  if (redirect.errorCode !== undefined) {
    expect(redirect.acquisitionStatus).to.equal("ERROR");
    expect(Number.isInteger(redirect.errorCode) && redirect.errorCode >= 0).to.equal(true);
    expect(redirect.errorDescription).to.be.a("string");
  }
}

function expectNullOrValidRedirect(input: string | URL | URLSearchParams): void {
  const redirect = parseRedirect(input);
  if (redirect !== null) expectValidRedirect(redirect);
}

const uuid = fc.tuple(fc.uuid(), fc.boolean()).map(([id, upper]) => (upper ? id.toUpperCase() : id));
const PARAM_KEYS = ["accountId", "workflowExecutionId", "acquisitionStatus", "customerInternalReference", "errorCode"];
/** Query parameters near the guide's: its keys with odd values, unknown keys, repeats. */
const nearParams = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom(...PARAM_KEYS), fc.string({ maxLength: 10 })),
    fc.oneof(
      uuid,
      fc.constantFrom("SUCCESS", "ERROR", "success", "", "9200", "-1", "1e3", "0x10", "1234567", " 9200"),
      anyString,
    ),
  ),
  { maxLength: 8 },
);

describe("properties: parseRedirect", () => {
  it("never throws on any string (a URL, a query string or neither) and gives null or a valid result", () => {
    fc.assert(fc.property(fc.oneof(anyString, webUrl), expectNullOrValidRedirect), RUNS);
  });

  it("never throws on any parameters, as URLSearchParams, URL or string, and gives null or a valid result", () => {
    fc.assert(
      fc.property(nearParams, (pairs) => {
        const params = new URLSearchParams(pairs);
        expectNullOrValidRedirect(params);
        expectNullOrValidRedirect(new URL(`https://shop.example.com/done?${params}`));
        expectNullOrValidRedirect(`https://shop.example.com/done?${params}`);
        expectNullOrValidRedirect(params.toString());
      }),
      RUNS,
    );
  });

  it("round-trips the guide's parameters in every input form", () => {
    const redirect = fc.record({
      accountId: uuid,
      workflowExecutionId: uuid,
      acquisitionStatus: fc.constantFrom("SUCCESS" as const, "ERROR" as const),
      customerInternalReference: maybe(fc.string({ unit: "grapheme", maxLength: 40 })),
      errorCode: maybe(fc.stringMatching(/^\d{1,6}$/)),
      unknown: fc.array(
        fc.tuple(
          fc.string({ maxLength: 8 }).filter((key) => !PARAM_KEYS.includes(key)),
          text,
        ),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(
        redirect,
        ({ accountId, workflowExecutionId, acquisitionStatus, customerInternalReference, errorCode, unknown }) => {
          const params = new URLSearchParams(unknown);
          params.append("accountId", accountId);
          params.append("workflowExecutionId", workflowExecutionId);
          params.append("acquisitionStatus", acquisitionStatus);
          if (customerInternalReference !== undefined)
            params.append("customerInternalReference", customerInternalReference);
          if (errorCode !== undefined) params.append("errorCode", errorCode);
          const expected: JumioRedirect = {
            accountId,
            workflowExecutionId,
            acquisitionStatus,
            ...(customerInternalReference === undefined ? {} : { customerInternalReference }),
          };
          // The guide: errorCode is "only appended to errorUrl when acquisitionStatus is ERROR".
          if (errorCode !== undefined && acquisitionStatus === "ERROR") {
            const code = Number(errorCode);
            expected.errorCode = code;
            expected.errorDescription = JUMIO_ERROR_CODES[code]?.description ?? `Unknown error code ${code}`;
          }
          const url = `https://shop.example.com/verified?${params}`;
          for (const input of [params, new URL(url), url, params.toString(), `?${params}`])
            expect(parseRedirect(input)).to.deep.equal(expected);
        },
      ),
      RUNS,
    );
  });
});
