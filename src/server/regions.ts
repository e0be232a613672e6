export const JUMIO_REGIONS = ["amer-1", "emea-1", "apac-1"] as const;
export type JumioRegion = (typeof JUMIO_REGIONS)[number];

/** `auth` is the token URL itself; the others are origins to which the guide's paths are added. */
export interface JumioBaseUrls {
  auth: string;
  account: string;
  api: string;
  retrieval: string;
  status: string;
}

export function defaultBaseUrls(region: JumioRegion): JumioBaseUrls {
  return {
    auth: `https://auth.${region}.jumio.ai/oauth2/token`,
    account: `https://account.${region}.jumio.ai`,
    api: `https://api.${region}.jumio.ai`,
    retrieval: `https://retrieval.${region}.jumio.ai`,
    status: `https://status.${region}.jumio.ai`,
  };
}

export type BaseUrlOverrides = { [Service in keyof JumioBaseUrls]?: string | undefined };

/** The region's defaults, replaced by the overrides given; origins lose trailing slashes. */
export function resolveBaseUrls(region: JumioRegion, overrides: BaseUrlOverrides = {}): JumioBaseUrls {
  const urls = defaultBaseUrls(region);
  for (const [service, url] of Object.entries(overrides) as [keyof JumioBaseUrls, string | undefined][]) {
    if (url !== undefined) urls[service] = url;
  }
  for (const origin of ["account", "api", "retrieval"] as const) urls[origin] = urls[origin].replace(/\/+$/, "");
  return urls;
}
