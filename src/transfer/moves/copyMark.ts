/**
 * What a transfer stores on its copy so a later mirror run knows it holds this source version
 * whatever its own ETag (multipart, SSE-KMS): the source's ETag under source-etag, and a seal
 * of source, version and destination under source-seal. Only these credentials can make the
 * seal, so metadata the source's writer (or a third party) put there is never taken as proof.
 */
import type { Seal } from "../../rules/seal";

const SOURCE_ETAG_METADATA = "source-etag";
const SOURCE_SEAL_METADATA = "source-seal";
/** S3's limit for all user metadata of an object (keys and values). */
const MAX_METADATA_BYTES = 2048;

interface CopyIdentity {
  source: { Bucket: string; Key: string; ETag: string; Size: number };
  destination: { Bucket: string; Key: string };
}

const sealed = ({ source, destination }: CopyIdentity): string[] => [
  "copy",
  source.Bucket,
  source.Key,
  source.ETag,
  String(source.Size),
  destination.Bucket,
  destination.Key,
];

/** The source's metadata plus the marks, or without them where they would pass S3's 2 KB (such a copy is copied again by every mirror run). */
export function markedMetadata(
  seal: Seal,
  copy: CopyIdentity,
  metadata: Record<string, string>,
): Record<string, string> {
  const marked = {
    ...metadata,
    [SOURCE_ETAG_METADATA]: copy.source.ETag,
    [SOURCE_SEAL_METADATA]: seal.sign(...sealed(copy)),
  };
  const size = Object.entries(marked).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value), 0);
  return size <= MAX_METADATA_BYTES ? marked : metadata;
}

/** True when the destination's metadata proves it is this job's copy of exactly this source version. */
export function isMarkedCopy(seal: Seal, copy: CopyIdentity, metadata: Record<string, string> | undefined): boolean {
  return (
    metadata?.[SOURCE_ETAG_METADATA] === copy.source.ETag &&
    seal.verifies(metadata[SOURCE_SEAL_METADATA], ...sealed(copy))
  );
}
