/**
 * What a transfer reads about its source before moving bytes: one version (size, ETag) and
 * everything the destination object carries over (headers, user metadata, tags). A server-side
 * copy asks with HeadObject; a streamed transfer with the GetObject whose body it then reads
 * (or drops, for an object larger than one part), so a small object costs one request here.
 */
import { Readable } from "node:stream";
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { objectTagging, type StoredHeaders } from "./objectCopy";

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

/** The source as its GetObject answers, and that answer's body (unread). */
export async function openSource(
  s3: S3Client,
  location: ObjectLocation,
  copyTags: boolean,
): Promise<{ source: SourceObject; body?: Readable }> {
  const response = await s3.send(new GetObjectCommand(location));
  const body = response.Body instanceof Readable ? response.Body : undefined;
  try {
    // GetObject counts the tags (AWS, Ceph and MinIO send x-amz-tagging-count only for a tagged
    // object, and only to a principal that may read them): an untagged object needs no GetObjectTagging.
    const tagged = copyTags && (response.TagCount ?? 0) > 0;
    return { source: sourceOf(location, response, tagged ? await objectTagging(s3, location) : undefined), body };
  } catch (error) {
    body?.destroy();
    throw error;
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
