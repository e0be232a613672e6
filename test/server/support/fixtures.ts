import type { AccountRequest } from "../../../src/server/index.js";

export const ACCOUNT_ID = "11111111-1111-1111-1111-aaaaaaaaaaaa";
export const WORKFLOW_ID = "22222222-2222-2222-2222-aaaaaaaaaaaa";
export const CREDENTIAL_ID = "33333333-3333-3333-3333-aaaaaaaaaaaa";

/** The guide's Account Create example. */
export function accountRequest(): AccountRequest {
  return {
    customerInternalReference: "CUSTOMER_REFERENCE",
    workflowDefinition: {
      key: 10013,
      credentials: [
        {
          category: "ID",
          country: { predefinedType: "DEFINED", values: ["USA", "CAN", "AUT", "GBR"] },
          type: { predefinedType: "DEFINED", values: ["DRIVING_LICENSE", "ID_CARD"] },
        },
      ],
      capabilities: { watchlistScreening: { additionalProperties: "string" } },
    },
    callbackUrl: "https://www.yourcompany.com/callback",
    userReference: "YOUR_USER_REFERENCE",
    tokenLifetime: "5m",
    web: {
      successUrl: "https://www.yourcompany.com/success",
      errorUrl: "https://www.yourcompany.com/error",
      locale: "es",
    },
    userConsent: {
      userIp: "226.80.211.232",
      userLocation: { country: "USA", state: "IL" },
      consent: { obtained: "yes", obtainedAt: "2022-07-20T17:20:35.000Z" },
    },
  };
}

/** The guide's Account Create/Update response example. */
export function accountResponse() {
  return {
    timestamp: "2021-05-28T09:17:50.240Z",
    account: { id: ACCOUNT_ID },
    web: {
      href: "https://mycompany.web.amer-1.jumio.ai/web/v4/app?authorizationToken=xxx&locale=es",
      successUrl: "https://www.yourcompany.com/success",
      errorUrl: "https://www.yourcompany.com/error",
    },
    sdk: { token: "xxx" },
    workflowExecution: {
      id: WORKFLOW_ID,
      credentials: [
        {
          id: CREDENTIAL_ID,
          category: "ID",
          allowedChannels: ["WEB", "API", "SDK"],
          api: {
            token: "xxx",
            parts: { front: `https://api.amer-1.jumio.ai/api/v1/accounts/${ACCOUNT_ID}/…/parts/FRONT` },
            workflowExecution: `https://api.amer-1.jumio.ai/api/v1/accounts/${ACCOUNT_ID}/workflow-executions/${WORKFLOW_ID}`,
          },
        },
        { id: "33333333-3333-3333-cccccccccccc", category: "FACEMAP", allowedChannels: ["WEB", "SDK"] },
      ],
    },
  };
}

/** A PNG header with the given size: enough for the format and size checks. */
export function png(width: number, height: number): Uint8Array {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  bytes.writeUInt32BE(13, 8);
  bytes.write("IHDR", 12, "latin1");
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.set([8, 2, 0, 0, 0], 24);
  return new Uint8Array(bytes);
}

/** A JPEG with an APP0 segment before its baseline start-of-frame. */
export function jpeg(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0", "latin1"), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const frame = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3];
  const components = [1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...frame, ...components, 0xff, 0xd9]);
}
