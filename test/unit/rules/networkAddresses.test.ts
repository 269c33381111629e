/** Which addresses a URL a builder gives may lead to: the address check itself, with no connection made. */
import { addressKind, refusedAddress } from "../../../src/rules/networkAddresses";

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
  ["fd00:ec2::254", "unique-local"],
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
