/** S3 object operations: put (with checksum checks), get/head, delete (versions and markers), attributes. */
import { createHash, randomBytes } from "node:crypto";
import { CHECKSUMS, computeChecksum } from "./checksums";
import type { Ctx } from "./context";
import { AwsError } from "./errors";
import { headerValue } from "./httpRequest";
import { sendRaw, sendS3 } from "./responses";
import { findVersion, objectHeaders, requireBucket, STORAGE_CLASSES, storeObject } from "./s3Store";
import type { FakeAwsState, ObjectVersion } from "./state";
import { el, leaf } from "./xml";

const OBJECT_ATTRIBUTES = new Set(["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]);

export function putObject(state: FakeAwsState, ctx: Ctx, bucketName: string, key: string): void {
  const b = requireBucket(state, bucketName);
  const storageClass = headerValue(ctx.req, "x-amz-storage-class") ?? "STANDARD";
  if (!STORAGE_CLASSES.has(storageClass)) {
    throw new AwsError(400, "InvalidStorageClass", "The storage class you specified is not valid", {
      StorageClassRequested: storageClass,
    });
  }
  const md5 = headerValue(ctx.req, "content-md5");
  if (md5 !== undefined && md5 !== createHash("md5").update(ctx.body).digest("base64")) {
    throw new AwsError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
  }
  let algorithm = "CRC64NVME";
  let checksum = computeChecksum(algorithm, ctx.body) ?? "";
  for (const c of CHECKSUMS) {
    const name = `x-amz-checksum-${c.name.toLowerCase()}`;
    const supplied = ctx.trailers[name] ?? headerValue(ctx.req, name);
    if (supplied === undefined) continue;
    const actual = c.compute(ctx.body).toString("base64");
    if (supplied !== actual) {
      throw new AwsError(400, "BadDigest", `The ${c.name} you specified did not match the calculated checksum.`);
    }
    algorithm = c.name;
    checksum = actual;
  }
  const version = storeObject(
    b,
    key,
    ctx.body,
    headerValue(ctx.req, "content-type") ?? "binary/octet-stream",
    storageClass,
    algorithm,
    checksum,
  );
  const headers: Record<string, string> = {
    ETag: version.etag,
    [`x-amz-checksum-${algorithm.toLowerCase()}`]: checksum,
    "x-amz-checksum-type": "FULL_OBJECT",
  };
  if (b.versioning !== undefined) headers["x-amz-version-id"] = version.versionId;
  sendS3(ctx, 200, headers);
}

/** GetObject and HeadObject alike; `sendRaw` leaves the body out for HEAD. */
export function getObject(state: FakeAwsState, ctx: Ctx, bucketName: string, key: string): void {
  const b = requireBucket(state, bucketName);
  const version = findVersion(ctx, b, key);
  const withChecksum = headerValue(ctx.req, "x-amz-checksum-mode") === "ENABLED";
  sendRaw(ctx, 200, objectHeaders(version, b, withChecksum), version.body, version.body.length);
}

export function deleteObject(state: FakeAwsState, ctx: Ctx, bucketName: string, key: string): void {
  const b = requireBucket(state, bucketName);
  const versionId = ctx.query.find(([k]) => k === "versionId")?.[1] ?? undefined;
  const versions = b.objects.get(key) ?? [];
  const headers: Record<string, string> = {};
  if (versionId !== undefined) {
    const idx = versions.findIndex((v) => v.versionId === versionId);
    const removed = idx >= 0 ? versions.splice(idx, 1)[0] : undefined;
    headers["x-amz-version-id"] = versionId;
    if (removed?.deleteMarker === true) headers["x-amz-delete-marker"] = "true";
  } else if (b.versioning === "Enabled") {
    const marker: ObjectVersion = {
      versionId: randomBytes(24).toString("base64url"),
      deleteMarker: true,
      body: Buffer.alloc(0),
      etag: "",
      contentType: "",
      lastModified: new Date(),
      storageClass: "STANDARD",
      checksumAlgorithm: "CRC64NVME",
      checksum: "",
    };
    versions.push(marker);
    headers["x-amz-version-id"] = marker.versionId;
    headers["x-amz-delete-marker"] = "true";
  } else {
    const idx = versions.findIndex((v) => v.versionId === "null");
    if (idx >= 0) versions.splice(idx, 1);
  }
  if (versions.length === 0) b.objects.delete(key);
  else b.objects.set(key, versions);
  sendS3(ctx, 204, headers);
}

export function getObjectAttributes(state: FakeAwsState, ctx: Ctx, bucketName: string, key: string): void {
  const requested = (headerValue(ctx.req, "x-amz-object-attributes") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (requested.length === 0) {
    throw new AwsError(400, "InvalidArgument", "Invalid attribute name specified.", {
      ArgumentName: "x-amz-object-attributes",
      ArgumentValue: "",
    });
  }
  const bad = requested.find((a) => !OBJECT_ATTRIBUTES.has(a));
  if (bad !== undefined) {
    throw new AwsError(400, "InvalidArgument", "Invalid attribute name specified.", {
      ArgumentName: "x-amz-object-attributes",
      ArgumentValue: bad,
    });
  }
  const b = requireBucket(state, bucketName);
  const version = findVersion(ctx, b, key);
  const want = new Set(requested);
  let xml = `<GetObjectAttributesResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`;
  if (want.has("ETag")) xml += leaf("ETag", version.etag.replace(/"/g, ""));
  if (want.has("Checksum")) {
    xml += el(
      "Checksum",
      leaf(`Checksum${version.checksumAlgorithm}`, version.checksum) + leaf("ChecksumType", "FULL_OBJECT"),
    );
  }
  // ObjectParts is only returned for objects uploaded with multipart upload; this server has none.
  if (want.has("StorageClass")) xml += leaf("StorageClass", version.storageClass);
  if (want.has("ObjectSize")) xml += leaf("ObjectSize", String(version.body.length));
  xml += `</GetObjectAttributesResponse>`;
  const headers: Record<string, string> = { "Last-Modified": version.lastModified.toUTCString() };
  if (b.versioning !== undefined || version.versionId !== "null") headers["x-amz-version-id"] = version.versionId;
  sendS3(ctx, 200, headers, xml);
}
