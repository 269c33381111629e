/** `npm start -- --help`: everything the runner does, its flags, environment and examples. */
import { RUNNER_FLAGS } from "./args";
import { LOCAL_DIR_NAME } from "./connection";

export function helpText(): string {
  const width = Math.max(...Object.keys(RUNNER_FLAGS).map((name) => name.length)) + 4;
  const flags = Object.entries(RUNNER_FLAGS)
    .map(([name, flag]) => `  ${`--${name}${flag.value ? " X" : ""}`.padEnd(width + 2)}${flag.about}`)
    .join("\n");
  return `Run the Amazon S3 component locally, the way the platform runs it (spectral's harness:
input cleaning, defaults and the error hook), against an embedded local S3 or your own.

Usage
  npm start                                   the demo flow (create a bucket, upload a text and a
                                              50 MiB object, list folders, presign and fetch, copy
                                              a unicode key, delete many objects, clean up)
  npm start -- <key> --input value ...        run one action, trigger or data source
  npm start -- --list                         every action, trigger and data source, with inputs
  npm start -- <key> --help                   one of them, with its inputs

Inputs are flags named by the input's key (see --list):
  --objectKey a/b.txt          text
  --fileContents @report.pdf   @path: a data input gets the file's bytes (content type from the
                               extension); any other input gets the file's text. @@x is the text @x.
  --objectKeys a --objectKeys b    list inputs: repeat the flag (or @file, one entry per line)
  --metadata dept=finance      key-value list inputs: key=value, repeat the flag
  --fetchAll                   a boolean input given bare means true
Unset inputs get their defaults. Missing required inputs are all named before anything runs.
Results print as JSON on stdout (binary data summarised, presigned-URL signatures masked).
A binary result (getObject) must go to a file: --out <file>. With --out any other result is
written there as full JSON.

Runner flags
${flags}

Connection (which S3)
  Default: the embedded local S3, a Ceph RADOS Gateway on 127.0.0.1 started for the run and
  stopped after it (Ctrl-C too). Its data lives in ${LOCAL_DIR_NAME}/ (or $AWS_S3_LOCAL_DIR) and survives
  between runs. The first run installs Ceph with apt-get when missing (as root on Debian).
  With credentials, the runner uses that service instead:
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   an access key pair (apiKeySecret connection)
    AWS_SESSION_TOKEN                          with temporary credentials
    AWS_REGION                                 region (default us-east-1)
    AWS_ROLE_ARN                               assume this role (awsAssumeRole connection)
    S3_ENDPOINT                                an S3-compatible service (MinIO, Ceph, R2, Wasabi),
                                               sent path-style
  The flags above override these. Secrets are never printed.

Exit codes: 0 done, 1 the step (or demo) failed, 2 the command line was wrong (nothing ran).

Examples
  npm start
  npm start -- --demo-size 5MiB
  npm start -- createBucket --bucket my-bucket
  npm start -- putObject --bucket my-bucket --objectKey a/b.txt --fileContents @b.txt --metadata team=ops
  npm start -- getObject --bucket my-bucket --objectKey a/b.txt --out b-copy.txt
  npm start -- listObjects --bucket my-bucket --prefix a/ --fetchAll
  npm start -- listObjectsDetailed --bucket my-bucket --delimiter / --pagination maxKeys=100
  npm start -- deleteObjects --bucket my-bucket --objectKeys a/b.txt --objectKeys a/c.txt
  npm start -- generatePresignedUrl --bucket my-bucket --objectKey a/b.txt --out url.json
  npm start -- selectBucket
  npm start -- snsS3NotificationWebhook --body @message.json --header x-amz-sns-message-type=Notification
  AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... AWS_REGION=eu-west-1 npm start
  S3_ENDPOINT=http://127.0.0.1:9000 AWS_ACCESS_KEY_ID=minio AWS_SECRET_ACCESS_KEY=... npm start -- listBuckets
`;
}
