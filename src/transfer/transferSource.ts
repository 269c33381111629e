/**
 * What a transfer reads about its source before moving bytes: one version (size, ETag) and
 * everything the destination object carries over (headers, user metadata, tags).
 */
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { objectTagging, type StoredHeaders } from "./objectCopy";

/** User metadata the transfer adds: the source's ETag, so a later mirror run recognises the copy whatever its own ETag. */
export const SOURCE_ETAG_METADATA = "source-etag";
const MAX_METADATA_BYTES = 2048;

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
  /** The source's user metadata plus its ETag under source-etag (left out where it would pass S3's 2 KB limit). */
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
    Metadata: withSourceETag(head.Metadata ?? {}, ETag),
    Tagging: copyTags ? await objectTagging(s3, location) : undefined,
  };
}

function withSourceETag(metadata: Record<string, string>, etag: string): Record<string, string> {
  const marked = { ...metadata, [SOURCE_ETAG_METADATA]: etag };
  const size = Object.entries(marked).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value), 0);
  return size <= MAX_METADATA_BYTES ? marked : metadata;
}
