/**
 * The objects under a prefix, one ListObjectsV2 page at a time, each with its key relative to
 * the prefix; and two such listings merged by that relative key, so a source and a destination
 * are compared in one pass without holding either in memory.
 */
import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { compareKeys } from "../../rules/keyOrder";

export interface ListedObject {
  /** The key after the prefix. */
  relative: string;
  Key: string;
  Size: number;
  ETag: string;
}

export async function* objectsUnder(
  s3: S3Client,
  Bucket: string,
  Prefix: string,
  afterRelative?: string,
): AsyncGenerator<ListedObject> {
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket,
        Prefix: Prefix || undefined,
        StartAfter: ContinuationToken || afterRelative === undefined ? undefined : Prefix + afterRelative,
        ContinuationToken,
      }),
    );
    for (const object of page.Contents ?? []) {
      const Key = object.Key ?? "";
      yield { relative: Key.slice(Prefix.length), Key, Size: object.Size ?? 0, ETag: object.ETag ?? "" };
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
}

export interface Pair {
  relative: string;
  source?: ListedObject;
  destination?: ListedObject;
}

/** Both listings in S3's key order, paired where the relative keys match. */
export async function* mergedByKey(
  sources: AsyncGenerator<ListedObject>,
  destinations: AsyncGenerator<ListedObject>,
): AsyncGenerator<Pair> {
  let source = await sources.next();
  let destination = await destinations.next();
  while (!source.done || !destination.done) {
    const order = source.done
      ? 1
      : destination.done
        ? -1
        : compareKeys(source.value.relative, destination.value.relative);
    if (order <= 0 && !source.done) {
      const paired = order === 0 && !destination.done ? destination.value : undefined;
      yield { relative: source.value.relative, source: source.value, destination: paired };
      source = await sources.next();
      if (paired) destination = await destinations.next();
    } else if (!destination.done) {
      yield { relative: destination.value.relative, destination: destination.value };
      destination = await destinations.next();
    }
  }
}
