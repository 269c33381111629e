/**
 * The published artifact is the esbuild bundle (tools/bundle.ts), which links the AWS SDK's
 * ES module builds rather than the CommonJS ones the other tests load: this runs that bundle,
 * as the platform loads it, against the real server.
 */
import * as fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../../../src";
import { bundle } from "../../../tools/bundle";
import { bytesOf, keyConnection, region, sha256, useTestBucket } from "../../support/harness";
import { match } from "../../support/matchers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-s3-bundle-"));
const file = path.join(dir, "index.js");
/** The bundle's default export: the same component as src/index.ts, built from the same sources. */
let bundled: typeof component;
const { bucket } = useTestBucket("bundle");
let source: http.Server;
let sourceUrl: string;
const FILE = Buffer.alloc(6 * 1024 * 1024 + 5, "bundle ");

function isComponent(value: unknown): value is typeof component {
  return (
    typeof value === "object" &&
    value !== null &&
    "key" in value &&
    "actions" in value &&
    typeof value.actions === "object"
  );
}

beforeAll(async () => {
  await bundle(path.join(__dirname, "..", "..", "..", "src", "index.ts"), file);
  // Loaded as the platform loads it: require("./index.js").default.
  const loaded: unknown = createRequire(__filename)(file);
  const candidate = typeof loaded === "object" && loaded !== null && "default" in loaded ? loaded.default : undefined;
  if (!isComponent(candidate)) throw new Error("the bundle's default export is not a component");
  bundled = candidate;
  source = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/x-bundle", "content-length": FILE.length });
    response.end(FILE);
  });
  await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve));
  const address = source.address();
  sourceUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/file.bin`;
}, 60_000);

afterAll(async () => {
  source.closeAllConnections();
  await new Promise((resolve) => source.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(key: string, params: Record<string, unknown>) {
  return createHarness(bundled).action(key, { accessKey: keyConnection(), awsRegion: region(), bucket, ...params });
}

it("exports the same component as the sources", () => {
  expect(bundled.key).toBe(component.key);
  expect(Object.keys(bundled.actions).sort()).toEqual(Object.keys(component.actions).sort());
  expect(Object.keys(bundled.triggers ?? {}).sort()).toEqual(Object.keys(component.triggers ?? {}).sort());
  expect(Object.keys(bundled.dataSources ?? {}).sort()).toEqual(Object.keys(component.dataSources ?? {}).sort());
});

it("moves objects: put, get, stream from a URL in parts, copy, list, delete", async () => {
  await run("putObject", { objectKey: "b/hello.txt", fileContents: "hello from the bundle" });
  expect(bytesOf(await run("getObject", { objectKey: "b/hello.txt" })).toString()).toBe("hello from the bundle");

  const fromUrl = await run("uploadFromUrl", {
    allowPrivateNetwork: true,
    url: sourceUrl,
    objectKey: "b/url.bin",
    partSizeMiB: 5,
  });
  expect(fromUrl?.data).toMatchObject({ ContentLength: FILE.length, ETag: match.stringMatching(/-2"?$/) });
  const copied = await run("copyObject", {
    sourceBucket: bucket,
    sourceKey: "b/url.bin",
    destinationBucket: bucket,
    destinationKey: "b/copy.bin",
  });
  expect(copied?.data).toMatchObject({ Key: "b/copy.bin" });
  expect(sha256(bytesOf(await run("getObject", { objectKey: "b/copy.bin" })))).toBe(sha256(FILE));

  const listed = await run("listObjects", { prefix: "b/", fetchAll: true });
  expect(listed?.data).toEqual(["b/copy.bin", "b/hello.txt", "b/url.bin"]);
  await run("deleteObjects", { objectKeys: ["b/copy.bin", "b/hello.txt", "b/url.bin"] });
  expect((await run("listObjects", { prefix: "b/" }))?.data).toEqual([]);
});

it("maps S3 errors through the bundled error hook", async () => {
  await expect(run("getObject", { objectKey: "b/not-there.txt" })).rejects.toThrow(
    /^GetObject failed: NoSuchKey \(HTTP 404, request id [^)]+\)/,
  );
});
