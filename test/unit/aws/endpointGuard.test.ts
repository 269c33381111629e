/**
 * The guard every SDK client sends through (src/aws/endpointGuard.ts): its lookup, with names
 * mapped by an injected resolver (no /etc/hosts), and its agents, against a loopback server of
 * this test. A safety net (loopbackOnly) refuses any socket off this machine, and proves that
 * refusals come before anything connects.
 */
import http from "node:http";
import https from "node:https";
import { type GuardOptions, guardedAgents, guardedLookup, type Resolve } from "../../../src/aws/endpointGuard";
import { type LoopbackOnly, loopbackOnly } from "../../support/loopbackOnly";

/** A resolver that knows only these names. */
const mapped =
  (names: Record<string, string[]>): Resolve =>
  (hostname) => {
    const addresses = names[hostname];
    if (addresses === undefined) return Promise.reject(new Error(`getaddrinfo ENOTFOUND ${hostname}`));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  };

class Refused extends Error {}
const refuse = (host: string, reason: string) => new Refused(`${host}: ${reason}`);

const lookupOf = (resolve: Resolve, hostname: string, all: boolean) =>
  new Promise<{ error: Error | null; address: unknown; family?: number }>((done) =>
    guardedLookup(refuse, resolve)(hostname, { all }, (error, address, family) => done({ error, address, family })),
  );

describe("guardedLookup", () => {
  const resolve = mapped({
    "metadata.test": ["169.254.169.254"],
    "mapped.test": ["::ffff:169.254.169.254"],
    "ec2v6.test": ["fd00:ec2::254"],
    "mixed.test": ["10.0.0.7", "fd00:ec2::23"],
    "alibaba.test": ["100.100.100.200"],
    "minio.test": ["10.0.0.7", "fd12::7"],
  });

  it.each([
    ["metadata.test", "169.254.169.254 is a link-local address (where cloud metadata services answer)"],
    ["mapped.test", "::ffff:169.254.169.254 is a link-local address (where cloud metadata services answer)"],
    ["ec2v6.test", "fd00:ec2::254 is a cloud metadata service's address"],
    ["mixed.test", "fd00:ec2::23 is a cloud metadata service's address"],
    ["alibaba.test", "100.100.100.200 is a cloud metadata service's address"],
  ])("refuses %s, which resolves to a blocked address", async (name, reason) => {
    for (const all of [true, false]) {
      const { error } = await lookupOf(resolve, name, all);
      expect(error).toEqual(new Refused(`${name}: ${reason}`));
    }
  });

  it("answers names of private networks as dns.lookup would, in both forms", async () => {
    expect(await lookupOf(resolve, "minio.test", true)).toEqual({
      error: null,
      address: [
        { address: "10.0.0.7", family: 4 },
        { address: "fd12::7", family: 6 },
      ],
      family: undefined,
    });
    expect(await lookupOf(resolve, "minio.test", false)).toEqual({ error: null, address: "10.0.0.7", family: 4 });
    const unknown = await lookupOf(resolve, "nowhere.test", false);
    expect(unknown.error?.message).toBe("getaddrinfo ENOTFOUND nowhere.test");
  });
});

describe("guarded agents", () => {
  let net: LoopbackOnly;
  let server: http.Server;
  let port: number;
  let served = 0;
  beforeAll(async () => {
    server = http.createServer((_request, response) => {
      served += 1;
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    port = typeof address === "object" && address !== null ? address.port : 0;
  });
  beforeEach(() => {
    net = loopbackOnly();
  });
  afterEach(() => net.off());
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const get = (url: string, guard: GuardOptions) => {
    const { httpAgent, httpsAgent } = guardedAgents(guard);
    return new Promise<string>((resolve, reject) => {
      const agent = url.startsWith("https:") ? httpsAgent : httpAgent;
      http
        .get(url, { agent }, (response) => {
          response.resume();
          response.on("end", () => resolve(String(response.statusCode)));
        })
        .on("error", reject)
        .on("close", () => {
          httpAgent.destroy();
          httpsAgent.destroy();
        });
    });
  };

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.170.2/v2/credentials",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fd00:ec2::23]/",
    "http://[fe80::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://0xa9fea9fe/",
    "http://2852039166/",
    "http://100.100.100.200/",
  ])("refuse %s before connecting", async (url) => {
    await expect(get(url, { refuse })).rejects.toBeInstanceOf(Refused);
    expect(net.attempted).toEqual([]);
  });

  it("refuse an https IP literal too", async () => {
    const { httpsAgent } = guardedAgents({ refuse });
    await expect(
      new Promise((resolve, reject) =>
        https.get("https://169.254.169.254/", { agent: httpsAgent }, resolve).on("error", reject),
      ),
    ).rejects.toBeInstanceOf(Refused);
    httpsAgent.destroy();
    expect(net.attempted).toEqual([]);
  });

  it("refuse a name that resolves to a metadata address, and reach loopback through a name or a literal", async () => {
    const resolve = mapped({ "metadata.test": ["169.254.169.254"], "s3.test": ["127.0.0.1"] });
    await expect(get(`http://metadata.test:${port}/`, { refuse, resolve })).rejects.toEqual(
      new Refused("metadata.test: 169.254.169.254 is a link-local address (where cloud metadata services answer)"),
    );
    const before = served;
    expect(await get(`http://s3.test:${port}/`, { refuse, resolve })).toBe("200");
    expect(await get(`http://127.0.0.1:${port}/`, { refuse })).toBe("200");
    expect(served).toBe(before + 2);
    expect(net.attempted).toEqual([]);
  });
});
