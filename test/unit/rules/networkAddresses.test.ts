/** Which addresses a URL a builder gives may lead to: the address check itself, with no connection made. */
import { addressKind, refusedAddress, refusedEndpointAddress } from "../../../src/rules/networkAddresses";

it.each([
  ["8.8.8.8", "public"],
  ["52.216.0.1", "public"],
  ["2606:4700:4700::1111", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback"],
  ["::1", "loopback"],
  ["10.1.2.3", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["172.32.0.1", "public"],
  ["192.168.1.1", "private"],
  ["100.64.0.1", "private"],
  ["169.254.169.254", "link-local"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["fd00:ec2::254", "metadata"],
  ["fd00:ec2::23", "metadata"],
  ["fd00:0ec2:0000:0000:0000:0000:0000:0254", "metadata"],
  ["fd00:ec2::255", "unique-local"],
  ["100.100.100.200", "metadata"],
  ["100.100.100.201", "private"],
  ["::ffff:100.100.100.200", "metadata"],
  ["::ffff:6464:64c8", "metadata"],
  ["169.254.170.2", "link-local"],
  ["::ffff:a9fe:a9fe", "link-local"],
  ["fc00::1", "unique-local"],
  ["0.0.0.0", "unspecified"],
  ["::", "unspecified"],
  ["224.0.0.1", "multicast"],
  ["ff02::1", "multicast"],
  ["255.255.255.255", "reserved"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:169.254.169.254", "link-local"],
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:8.8.8.8", "public"],
  ["::10.0.0.1", "private"],
  ["64:ff9b::169.254.169.254", "link-local"],
  ["2002:a9fe:a9fe::1", "link-local"],
  ["2002:0808:0808::1", "public"],
  ["fec0::1", "private"],
])("%s is %s", (address, kind) => {
  expect(addressKind(address)).toBe(kind);
});

it("allows only the public internet by default, and loopback, private and unique-local addresses when private networks are allowed", () => {
  expect(refusedAddress("8.8.8.8", false)).toBeUndefined();
  expect(refusedAddress("10.0.0.1", false)).toBe("10.0.0.1 is a private network address");
  expect(refusedAddress("10.0.0.1", true)).toBeUndefined();
  expect(refusedAddress("::1", true)).toBeUndefined();
  expect(refusedAddress("fd12::1", true)).toBeUndefined();
  for (const never of ["169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "::ffff:169.254.169.254"])
    expect(refusedAddress(never, true)).toMatch(/ is (a link-local|the unspecified|a multicast) address/);
  expect(() => addressKind("example.com")).toThrow('"example.com" is not an IP address');
});

it("refuses metadata addresses for builders' URLs in every mode", () => {
  for (const address of ["fd00:ec2::254", "fd00:ec2::23", "100.100.100.200", "::ffff:100.100.100.200"]) {
    expect(refusedAddress(address, true)).toBe(`${address} is a cloud metadata service's address`);
    expect(refusedAddress(address, false)).toBe(`${address} is a cloud metadata service's address`);
  }
});

/** The host a URL leads to, as the WHATWG parser (Node's, the SDK's) writes it, brackets removed. */
const hostOf = (url: string): string => new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");

describe("endpoints (S3, SNS, STS): loopback and private allowed, link-local and metadata never", () => {
  it.each([
    ["http://169.254.169.254", "169.254.169.254", "link-local"],
    ["http://169.254.170.2", "169.254.170.2", "link-local"],
    ["http://[fd00:ec2::254]", "fd00:ec2::254", "metadata"],
    ["http://[fd00:ec2::23]", "fd00:ec2::23", "metadata"],
    ["http://[fe80::1]", "fe80::1", "link-local"],
    ["http://[febf::1]", "febf::1", "link-local"],
    ["http://[::ffff:169.254.169.254]", "::ffff:a9fe:a9fe", "link-local"],
    ["http://0xa9fea9fe", "169.254.169.254", "link-local"],
    ["http://2852039166", "169.254.169.254", "link-local"],
    ["http://0251.0376.0251.0376", "169.254.169.254", "link-local"],
    ["http://169.254.43518", "169.254.169.254", "link-local"],
    ["http://100.100.100.200", "100.100.100.200", "metadata"],
    ["http://[64:ff9b::169.254.169.254]", "64:ff9b::a9fe:a9fe", "link-local"],
  ])("refuses %s (%s)", (url, host, kind) => {
    expect(hostOf(url)).toBe(host);
    expect(addressKind(host)).toBe(kind);
    expect(refusedEndpointAddress(host)).toMatch(
      kind === "metadata" ? / is a cloud metadata service's address$/ : / is a link-local address/,
    );
  });

  it.each([
    "http://127.0.0.1:9000",
    "http://[::1]:9000",
    "http://10.0.0.5",
    "http://192.168.1.20",
    "http://172.20.0.3",
    "http://[fd12::5]",
    "http://100.64.0.1",
    "https://52.216.0.1",
  ])("allows %s", (url) => {
    expect(refusedEndpointAddress(hostOf(url))).toBeUndefined();
  });
});
