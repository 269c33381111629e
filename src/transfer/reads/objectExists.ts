import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { describeAwsError } from "../../aws/errors";

/**
 * Whether an object exists at the key, for Do Not Overwrite checks made before any byte moves:
 * some S3-compatible stores (Ceph) ignore If-None-Match on multipart uploads.
 */
export async function objectExists(s3: S3Client, object: { Bucket: string; Key: string }): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: object.Bucket, Key: object.Key })).then(
    () => true,
    (error: unknown) => {
      if (describeAwsError(error).status === 404) return false;
      throw error;
    },
  );
}
