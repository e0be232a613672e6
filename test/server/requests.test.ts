import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clientAddress, isProxyAddress, plainAddress, requestOrigin } from "../../src/server/requests.js";

const forwardedFor = (value: string) => new Headers({ "X-Forwarded-For": value });

describe("clientAddress: the caller's address behind trusted proxies", () => {
  const cases: [
    name: string,
    header: string | undefined,
    peer: string | undefined,
    trustProxy: number | string[],
    expected: string | undefined,
  ][] = [
    ["no proxy: the socket's peer, whatever the header says", "203.0.113.7", "198.51.100.1", 0, "198.51.100.1"],
    [
      "one proxy: the entry it appended, not the left-most one",
      "203.0.113.7, 198.51.100.1",
      "10.0.0.2",
      1,
      "198.51.100.1",
    ],
    ["two proxies", "203.0.113.7, 198.51.100.1, 10.0.0.3", "10.0.0.2", 2, "198.51.100.1"],
    ["fewer entries than hops: unknown", undefined, "10.0.0.2", 1, undefined],
    [
      "proxies by address: the right-most address that is not one",
      "203.0.113.7, 198.51.100.1, 10.0.0.3",
      "10.0.0.2",
      ["10.0.0.2", "10.0.0.3"],
      "198.51.100.1",
    ],
    ["proxies by subnet", "203.0.113.7, 198.51.100.1, 10.1.2.3", "10.0.0.2", ["10.0.0.0/8"], "198.51.100.1"],
    ["IPv6 proxies by subnet, in any case", "198.51.100.1", "FD00::1", ["fd00::/8"], "198.51.100.1"],
    [
      "a proxy named by its IPv4-mapped address",
      "198.51.100.1",
      "::ffff:10.0.0.2",
      ["::ffff:10.0.0.2"],
      "198.51.100.1",
    ],
    ["an entry with a port", "198.51.100.1:50123", "10.0.0.2", 1, "198.51.100.1"],
    ["a bracketed IPv6 entry with a port", "[2001:DB8::1]:443", "10.0.0.2", 1, "2001:db8::1"],
    ["an IPv4-mapped IPv6 peer", undefined, "::ffff:198.51.100.1", 0, "198.51.100.1"],
    ["an entry that is no address: unknown", "unknown, not-an-ip", "10.0.0.2", 1, undefined],
    [
      "no socket (a route handler): the nearest proxy's entry stands for it",
      "203.0.113.7, 198.51.100.1",
      undefined,
      1,
      "198.51.100.1",
    ],
    ["no socket and two proxies", "203.0.113.7, 198.51.100.1, 10.0.0.3", undefined, 2, "198.51.100.1"],
    ["no socket and no proxy: unknown, the header is anyone's", "203.0.113.7", undefined, 0, undefined],
    ["no socket and an empty list of proxies: unknown, as with 0", "203.0.113.7", undefined, [], undefined],
    ["an empty list of proxies: the socket's peer, as with 0", "203.0.113.7", "198.51.100.1", [], "198.51.100.1"],
  ];
  for (const [name, header, peer, trustProxy, expected] of cases) {
    test(name, () => {
      assert.equal(
        clientAddress(header === undefined ? new Headers() : forwardedFor(header), peer, trustProxy),
        expected,
      );
    });
  }
});

test("plainAddress strips ports, brackets and the IPv4-mapped prefix, and lower-cases", () => {
  assert.deepEqual(["1.2.3.4:80", "[::1]:8080", "[FE80::1]", "::FFFF:1.2.3.4", "2001:db8::1"].map(plainAddress), [
    "1.2.3.4",
    "::1",
    "fe80::1",
    "1.2.3.4",
    "2001:db8::1",
  ]);
});

test("isProxyAddress takes addresses and subnets, nothing else", () => {
  assert.deepEqual(
    ["10.0.0.1", "10.0.0.0/8", "fd00::/8", "::1", "10.0.0.0/33", "10.0.0.0/x", "localhost", "10.0.0.0/8/1", ""].map(
      isProxyAddress,
    ),
    [true, true, true, true, false, false, false, false, false],
  );
});

test("requestOrigin reads the nearest proxy's X-Forwarded-Proto and -Host only behind trusted hops", () => {
  const request = new Request("http://app.internal:3000/api", {
    headers: { "X-Forwarded-Proto": "http, https", "X-Forwarded-Host": "evil.example, app.example" },
  });
  assert.equal(requestOrigin(request, 0), "http://app.internal:3000");
  assert.equal(requestOrigin(request, 1), "https://app.example");
});
