/**
 * What kind of network an IP address is in, so that a URL a builder gives is fetched only from
 * the public internet unless a private network is allowed, and no request of the component
 * ever reaches a link-local address or a cloud metadata service. IPv4, IPv6, and IPv6 forms
 * that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by the
 * IPv4 address inside.
 */
import net from "node:net";

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "unique-local"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "multicast"
  | "reserved";

/** Kinds a source inside a private network may have, when the builder allows private networks. */
export const PRIVATE_NETWORK_KINDS: ReadonlySet<AddressKind> = new Set(["loopback", "private", "unique-local"]);

/**
 * Kinds no request of the component ever connects to, whatever else is allowed: there answer
 * the cloud metadata services, which hand out the machine's own credentials.
 */
export const NEVER_CONTACTED_KINDS: ReadonlySet<AddressKind> = new Set(["link-local", "metadata"]);

const DESCRIPTIONS: Record<Exclude<AddressKind, "public">, string> = {
  loopback: "a loopback address (this machine)",
  private: "a private network address",
  "unique-local": "a unique-local IPv6 address (a private network)",
  "link-local": "a link-local address (where cloud metadata services answer)",
  metadata: "a cloud metadata service's address",
  unspecified: "the unspecified address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

export function describeKind(kind: Exclude<AddressKind, "public">): string {
  return DESCRIPTIONS[kind];
}

/** [first address, prefix length, kind]: IPv4 ranges of RFC 6890 that are not the public internet. */
const IPV4_RANGES: readonly [string, number, AddressKind][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

const ipv4Number = (address: string): number =>
  address.split(".").reduce((value, part) => value * 256 + Number(part), 0);

/**
 * Metadata services outside 169.254.0.0/16 (link-local already): Alibaba Cloud's sits in the
 * carrier-grade NAT range, AWS's IPv6 ones (instance metadata, ECS task metadata) in fd00::/8,
 * both of which private networks use too; so these exact addresses are a kind of their own.
 */
const METADATA_IPV4 = new Set(["100.100.100.200"]);
const METADATA_IPV6 = ["fd00:ec2::254", "fd00:ec2::23"];

function ipv4Kind(address: string): AddressKind {
  if (METADATA_IPV4.has(address)) return "metadata";
  const value = ipv4Number(address);
  for (const [first, bits, kind] of IPV4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = ipv4Number(first);
    if (value >= start && value < start + size) return kind;
  }
  return "public";
}

/** The 16 bytes of an IPv6 address (one Node accepts), dotted IPv4 tails and zone ids included. */
function ipv6Bytes(address: string): number[] {
  const plain = address.replace(/%.*$/, "");
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(plain)?.[1];
  const hex = tail
    ? plain.slice(0, -tail.length) +
      ((ipv4Number(tail) >>> 16).toString(16) + ":" + (ipv4Number(tail) & 0xffff).toString(16))
    : plain;
  const [head, rest] = hex.includes("::") ? hex.split("::") : [hex, undefined];
  const groups = (text: string | undefined) =>
    text
      ? text
          .split(":")
          .filter((group) => group !== "")
          .map((group) => parseInt(group, 16))
      : [];
  const front = groups(head);
  const back = groups(rest);
  const words =
    rest === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

const dotted = (bytes: number[]): string => bytes.join(".");

const METADATA_IPV6_BYTES = METADATA_IPV6.map((address) => dotted(ipv6Bytes(address)));

function ipv6Kind(address: string): AddressKind {
  const bytes = ipv6Bytes(address);
  // Compared byte for byte: fd00:0ec2:0:0::0254 is the same address.
  if (METADATA_IPV6_BYTES.includes(dotted(bytes))) return "metadata";
  const zeroUpTo = (end: number) => bytes.slice(0, end).every((byte) => byte === 0);
  if (zeroUpTo(16)) return "unspecified";
  if (zeroUpTo(15) && bytes[15] === 1) return "loopback";
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the IPv4 address decides.
  if (zeroUpTo(10) && bytes[10] === 0xff && bytes[11] === 0xff) return ipv4Kind(dotted(bytes.slice(12)));
  if (zeroUpTo(12)) return ipv4Kind(dotted(bytes.slice(12)));
  if (
    bytes[0] === 0x00 &&
    bytes[1] === 0x64 &&
    bytes[2] === 0xff &&
    bytes[3] === 0x9b &&
    bytes.slice(4, 12).every((byte) => byte === 0)
  )
    return ipv4Kind(dotted(bytes.slice(12)));
  // 2002:AABB:CCDD::/48 (6to4) carries the IPv4 address AA.BB.CC.DD.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return ipv4Kind(dotted(bytes.slice(2, 6)));
  const first = bytes[0] ?? 0;
  const second = bytes[1] ?? 0;
  if ((first & 0xfe) === 0xfc) return "unique-local";
  if (first === 0xfe && (second & 0xc0) === 0x80) return "link-local";
  // fec0::/10, site-local: deprecated, and private where still in use.
  if (first === 0xfe && (second & 0xc0) === 0xc0) return "private";
  if (first === 0xff) return "multicast";
  return "public";
}

export function addressKind(address: string): AddressKind {
  if (net.isIPv4(address)) return ipv4Kind(address);
  if (net.isIPv6(address)) return ipv6Kind(address);
  throw new Error(`"${address}" is not an IP address`);
}

/**
 * Why a connection to `address` is refused, or undefined when it may be made: for URLs a builder
 * gives. Metadata and link-local addresses are refused in every mode.
 */
export function refusedAddress(address: string, allowPrivateNetwork: boolean): string | undefined {
  const kind = addressKind(address);
  if (kind === "public" || (allowPrivateNetwork && PRIVATE_NETWORK_KINDS.has(kind))) return undefined;
  return `${address} is ${describeKind(kind)}`;
}

/**
 * Why a connection to `address` is refused, or undefined when it may be made: for S3, SNS and
 * STS endpoints, which may be loopback or private (MinIO, Ceph in a VPC), never link-local or
 * a metadata service.
 */
export function refusedEndpointAddress(address: string): string | undefined {
  const kind = addressKind(address);
  if (kind === "public" || !NEVER_CONTACTED_KINDS.has(kind)) return undefined;
  return `${address} is ${describeKind(kind)}`;
}
