/**
 * What a transfer reads about its source before moving bytes: one version (size, ETag) and
 * everything the destination object carries over (headers, user metadata, tags). A server-side
 * copy asks with HeadObject; a streamed transfer with a GetObject of the first bytes, whose body
 * is the whole of a small object, so a small object costs one request here.
 */
import { Readable } from "node:stream";
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { describeAwsError } from "../../aws/errors";
import { objectTagging, type StoredHeaders } from "../copies/copyObjectAnySize";

export interface ObjectLocation {
  Bucket: string;
  Key: string;
  VersionId?: string;
}

export interface SourceObject extends ObjectLocation {
  ETag: string;
  Size: number;
  ContentType?: string;
  headers: StoredHeaders;
  /** The source's user metadata. */
  Metadata: Record<string, string>;
  /** The tags to store, as a Tagging header value. */
  Tagging?: string;
}

export async function readSource(s3: S3Client, location: ObjectLocation, copyTags: boolean): Promise<SourceObject> {
  const head = await s3.send(new HeadObjectCommand(location));
  return sourceOf(location, head, copyTags ? await objectTagging(s3, location) : undefined);
}

/**
 * The source as a GetObject of its first `probeBytes` answers, with that answer's body (unread):
 * `whole` when the body is the whole object. The range bounds what is read and dropped of a
 * large object to `probeBytes`.
 */
export async function openSource(
  s3: S3Client,
  location: ObjectLocation,
  copyTags: boolean,
  probeBytes: number,
): Promise<{ source: SourceObject; body?: Readable; whole: boolean }> {
  const response = await firstBytes(s3, location, probeBytes);
  const body = response.Body instanceof Readable ? response.Body : undefined;
  try {
    // "bytes 0-1023/5000": the object's size is after the slash; no Content-Range, the whole object came.
    const total = /\/(\d+)$/.exec(response.ContentRange ?? "")?.[1];
    const answer = { ...response, ContentLength: total === undefined ? response.ContentLength : Number(total) };
    // GetObject counts the tags (AWS, Ceph and MinIO send x-amz-tagging-count only for a tagged
    // object, and only to a principal that may read them): an untagged object needs no GetObjectTagging.
    const tagged = copyTags && (response.TagCount ?? 0) > 0;
    const source = sourceOf(location, answer, tagged ? await objectTagging(s3, location) : undefined);
    return { source, body, whole: source.Size === (response.ContentLength ?? 0) };
  } catch (error) {
    body?.destroy();
    throw error;
  }
}

async function firstBytes(s3: S3Client, location: ObjectLocation, probeBytes: number): Promise<GetObjectCommandOutput> {
  try {
    return await s3.send(new GetObjectCommand({ ...location, Range: `bytes=0-${probeBytes - 1}` }));
  } catch (error) {
    // An empty object has no byte 0: S3 answers 416, and the whole (empty) object is asked for.
    if (describeAwsError(error).code !== "InvalidRange") throw error;
    return s3.send(new GetObjectCommand(location));
  }
}

function sourceOf(
  location: ObjectLocation,
  answer: HeadObjectCommandOutput | GetObjectCommandOutput,
  Tagging: string | undefined,
): SourceObject {
  return {
    Bucket: location.Bucket,
    Key: location.Key,
    // Pinned from here on: every range read and the copy take this version, whatever changes meanwhile.
    VersionId: location.VersionId ?? answer.VersionId,
    ETag: answer.ETag ?? "",
    Size: answer.ContentLength ?? 0,
    ContentType: answer.ContentType,
    headers: {
      CacheControl: answer.CacheControl,
      ContentDisposition: answer.ContentDisposition,
      ContentEncoding: answer.ContentEncoding,
      ContentLanguage: answer.ContentLanguage,
      Expires: answer.Expires,
    },
    Metadata: answer.Metadata ?? {},
    Tagging,
  };
}
