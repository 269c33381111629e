/**
 * Amazon SNS's own hosts, `sns.<region>.<domain>`, in the partitions AWS documents: the
 * commercial regions and GovCloud under amazonaws.com, China under amazonaws.com.cn, and the
 * European Sovereign Cloud under amazonaws.eu. Signing certificates, subscription confirmations
 * and unsubscribe links of genuine messages point only there.
 */
const PARTITIONS: readonly { region: RegExp; domain: string }[] = [
  { region: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d{1,2}$/, domain: "amazonaws.com" },
  { region: /^us-gov-[a-z]+-\d{1,2}$/, domain: "amazonaws.com" },
  { region: /^cn-[a-z]+-\d{1,2}$/, domain: "amazonaws.com.cn" },
  { region: /^eusc-de-[a-z]+-\d{1,2}$/, domain: "amazonaws.eu" },
];

/** The region whose SNS host `host` is, or undefined when it is no SNS host. */
export function snsHostRegion(host: string): string | undefined {
  const match = /^sns\.([a-z0-9-]+)\.(amazonaws\.com\.cn|amazonaws\.com|amazonaws\.eu)$/.exec(host);
  if (!match) return undefined;
  const [, region = "", domain] = match;
  return PARTITIONS.some((partition) => partition.domain === domain && partition.region.test(region))
    ? region
    : undefined;
}

/**
 * `https://<SNS host>/?<query>` checked as raw text (a parsed URL would forgive `:443`,
 * userinfo, backslashes or percent-escapes in the host): its region and query, or undefined.
 */
export function snsQueryUrl(text: string): { region: string; query: URLSearchParams } | undefined {
  const match = /^https:\/\/([a-z0-9.-]+)\/\?([A-Za-z0-9._~%&=:+-]+)$/.exec(text);
  const region = match ? snsHostRegion(match[1] ?? "") : undefined;
  return match && region ? { region, query: new URLSearchParams(match[2]) } : undefined;
}
