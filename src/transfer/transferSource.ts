/**
 * What a transfer reads about its source before moving bytes: one version (size, ETag) and
 * everything the destination object carries over (headers, user metadata, tags).
 */
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
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
  const ETag = head.ETag ?? "";
  return {
    Bucket: location.Bucket,
    Key: location.Key,
    // Pinned from here on: every range read and the copy take this version, whatever changes meanwhile.
    VersionId: location.VersionId ?? head.VersionId,
    ETag,
    Size: head.ContentLength ?? 0,
    ContentType: head.ContentType,
    headers: {
      CacheControl: head.CacheControl,
      ContentDisposition: head.ContentDisposition,
      ContentEncoding: head.ContentEncoding,
      ContentLanguage: head.ContentLanguage,
      Expires: head.Expires,
    },
    Metadata: head.Metadata ?? {},
    Tagging: copyTags ? await objectTagging(s3, location) : undefined,
  };
}
