/**
 * The local runner (`npm start`): flags, listing, error messages, single actions, a trigger and
 * the demo flow, run against the test run's Ceph through the runner's own connection options
 * (S3_ENDPOINT and the AWS_* variables), plus one run on an embedded S3 of its own and one real
 * child process.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { component as defineComponent, input, trigger } from "@prismatic-io/spectral";
import component from "../../../src";
import { parseArgs } from "../../../tools/runner/args";
import { PROJECT_DIR, runCli } from "../../../tools/runner/cli";
import type { RunnerIO } from "../../../tools/runner/io";
import { removeAfterTests, sha256, useVerifier } from "../../support/harness";
import { match } from "../../support/matchers";
import { startCountingProxy } from "../../support/servers/countingProxy";
import { testTarget, uniqueBucketName } from "../../support/target";

const s3 = useVerifier();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "runner-test-"));

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** The environment that points the runner at the test S3, as a user would for their own service. */
function targetEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const target = testTarget();
  return {
    S3_ENDPOINT: target.endpoint,
    AWS_ACCESS_KEY_ID: target.accessKeyId,
    AWS_SECRET_ACCESS_KEY: target.secretAccessKey,
    AWS_SESSION_TOKEN: target.sessionToken,
    AWS_REGION: target.region,
    ...overrides,
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(
  argv: string[],
  env: NodeJS.ProcessEnv = targetEnv(),
  options: Parameters<typeof runCli>[3] = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: RunnerIO = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    interactive: false,
    cwd: workDir,
  };
  const code = await runCli(argv, env, io, options);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** The JSON result a run printed on stdout. */
function printed(run: Run): unknown {
  expect(run.stderr).not.toContain("Error:");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const field = (value: unknown, name: string): unknown =>
  typeof value === "object" && value !== null ? Reflect.get(value, name) : undefined;

async function bucketExists(name: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    return true;
  } catch {
    return false;
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("flags", () => {
  it("splits the key, --name value, --name=value, bare and repeated flags", () => {
    const { targetKey, flags } = parseArgs([
      "putObject",
      "--bucket",
      "b",
      "--objectKey=a/--b.txt",
      "--ifNoneMatch",
      "--metadata",
      "a=1",
      "--metadata",
      "b=2",
    ]);
    expect(targetKey).toBe("putObject");
    expect(Object.fromEntries(flags)).toEqual({
      bucket: ["b"],
      objectKey: ["a/--b.txt"],
      ifNoneMatch: [true],
      metadata: ["a=1", "b=2"],
    });
    expect(parseArgs(["--list", "getObject"])).toEqual({ targetKey: "getObject", flags: new Map([["list", [true]]]) });
    expect(() => parseArgs(["putObject", "--bucket", "b", "stray"])).toThrow(
      'Unexpected "stray": every value belongs to a flag',
    );
  });
});

describe("listing and help", () => {
  it("--list shows every action, trigger and data source, required inputs and comments", async () => {
    const run = await cli(["--list"], {});
    expect(run.code).toBe(0);
    const keys = [
      ...Object.keys(component.actions),
      ...Object.keys(component.triggers),
      ...Object.keys(component.dataSources),
    ];
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys)
      expect(run.stdout).toMatch(new RegExp(`^  ${key} \\((action|trigger|data source)\\): `, "m"));
    expect(run.stdout).toContain(`Triggers (${Object.keys(component.triggers).length})`);
    expect(run.stdout).toContain("--bucket  (required)  Bucket");
    expect(run.stdout).toContain("--objectKeys  (required)  Object Keys [repeat the flag");
    expect(run.stdout).toContain("--metadata  Metadata [key=value, repeat the flag]");
    expect(run.stdout).toContain("--fileContents  (required)  File Contents [text, or @file for a file's bytes]");
    expect(run.stdout).toContain("The bucket's name, e.g. my-company-invoices (not its ARN or URL).");
  });

  it("--help explains the commands, flags, environment and exit codes; <key> --help one target", async () => {
    const help = await cli(["--help"], {});
    expect(help.code).toBe(0);
    for (const text of [
      "npm start -- --list",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_ROLE_ARN",
      "S3_ENDPOINT",
      "AWS_S3_LOCAL_DIR",
      "--out",
      "--demo-size",
      "@path",
      "Exit codes",
    ]) {
      expect(help.stdout).toContain(text);
    }
    const one = await cli(["getObject", "--help"], {});
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^getObject \(action\): Get Object\./);
    expect(one.stdout).toContain("--maxObjectSizeMiB  Size Limit (MiB) [default 122]");
    expect(one.stdout).not.toContain("putObject");
  });

  it("works as a real command: npm start's node --import tsx tools/run.ts", async () => {
    const packageJson: unknown = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8"));
    expect(field(field(packageJson, "scripts"), "start")).toBe("node --import tsx tools/run.ts");
    const start = (args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "tools/run.ts", ...args], {
        cwd: PROJECT_DIR,
        env: { PATH: process.env.PATH },
      });
    const { stdout } = await start(["--list"]);
    expect(stdout).toContain("putObject (action): Put Object.");
    const failed = await start(["putObjekt"]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(field(failed, "code")).toBe(2);
    expect(String(field(failed, "stderr"))).toContain(
      'There is no action, trigger or data source "putObjekt". Did you mean putObject',
    );
  });
});

describe("errors a person can act on", () => {
  it("an unknown action suggests the closest keys", async () => {
    const run = await cli(["listObject"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no action, trigger or data source "listObject". Did you mean listObjects');
    expect((await cli(["deletebucket"], {})).stderr).toContain("Did you mean deleteBucket?");
  });

  it("names every missing required input in one message, and sends nothing", async () => {
    const proxy = await startCountingProxy(testTarget().endpoint);
    try {
      const run = await cli(["putObject"], targetEnv({ S3_ENDPOINT: proxy.endpoint }));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "putObject needs 3 required inputs that were not given: --bucket (Bucket), --objectKey (Object Key), --fileContents (File Contents).",
      );
      expect(run.stderr).toContain(
        "For example: npm start -- putObject --bucket my-company-invoices --objectKey invoices/2024/march.pdf --fileContents @file",
      );
      const unknown = await cli(
        ["putObject", "--buckt", "b", "--objectKey", "k", "--fileContents", "x"],
        targetEnv({ S3_ENDPOINT: proxy.endpoint }),
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("--buckt is not an input of putObject; did you mean --bucket?");
      const binary = await cli(
        ["getObject", "--bucket", "b-b-b", "--objectKey", "k"],
        targetEnv({ S3_ENDPOINT: proxy.endpoint }),
      );
      expect(binary.code).toBe(2);
      expect(binary.stderr).toContain(
        "getObject returns the object's bytes: give a file to write them to with --out <file>",
      );
      const badName = await cli(["headBucket", "--bucket", "Not a bucket"], targetEnv({ S3_ENDPOINT: proxy.endpoint }));
      expect(badName.code).toBe(1);
      expect(badName.stderr).toContain('Error: Bucket (bucket): "Not a bucket" is not a valid bucket name');
      const bodyOnAction = await cli(["listBuckets", "--body", "x"], targetEnv({ S3_ENDPOINT: proxy.endpoint }));
      expect(bodyOnAction.stderr).toContain("--body describes a webhook request: it is for webhook triggers only");
      expect(proxy.seen).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("says which endpoint is unreachable and why, with exit code 1 and no stack trace", async () => {
    const port = await closedPort();
    const run = await cli(["listBuckets"], targetEnv({ S3_ENDPOINT: `http://127.0.0.1:${port}` }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Error: ListBuckets failed: could not reach the endpoint http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it("refuses half a key pair, or an endpoint without keys, before starting anything", async () => {
    const half = await cli(["listBuckets"], { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE" });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY (or --secret-access-key) is not");
    const endpointOnly = await cli(["listBuckets"], { S3_ENDPOINT: "http://127.0.0.1:9000" });
    expect(endpointOnly.code).toBe(2);
    expect(endpointOnly.stderr).toContain("S3_ENDPOINT is set, but no credentials");
  });
});

describe("running one action at a time", () => {
  const bucket = uniqueBucketName("runner");
  const key = "reports/q1 – ünïcødé.bin";
  const bytes = randomBytes(1024 * 1024 + 7);
  const secret = (): string => testTarget().secretAccessKey;

  it("creates, writes from @file with metadata, reads to --out, lists, presigns and deletes", async () => {
    removeAfterTests(bucket);
    expect(printed(await cli(["createBucket", "--bucket", bucket]))).toMatchObject({ Bucket: bucket });
    expect(await bucketExists(bucket)).toBe(true);

    fs.writeFileSync(path.join(workDir, "upload.bin"), bytes);
    const put = await cli([
      "putObject",
      "--bucket",
      bucket,
      "--objectKey",
      key,
      "--fileContents",
      "@upload.bin",
      "--metadata",
      "team=ops",
      "--metadata",
      "stage=test",
    ]);
    expect(printed(put)).toMatchObject({ Bucket: bucket, Key: key });
    expect(put.stderr).toContain('fileContents: {"data":"<1.0 MiB data>","contentType":"application/octet-stream"}');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.Metadata).toEqual({ team: "ops", stage: "test" });
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(sha256(Buffer.from((await stored.Body?.transformToByteArray()) ?? []))).toBe(sha256(bytes));

    const get = await cli(["getObject", "--bucket", bucket, "--objectKey", key, "--out", "downloads/copy.bin"]);
    expect(printed(get)).toBe(`<1.0 MiB data, written to ${path.join(workDir, "downloads", "copy.bin")}>`);
    expect(sha256(fs.readFileSync(path.join(workDir, "downloads", "copy.bin")))).toBe(sha256(bytes));
    const detailed = printed(
      await cli(["getObjectWithMetadata", "--bucket", bucket, "--objectKey", key, "--out", "downloads/again.bin"]),
    );
    expect(field(detailed, "data")).toBe(`<1.0 MiB data, written to ${path.join(workDir, "downloads", "again.bin")}>`);
    expect(field(detailed, "Metadata")).toEqual({ team: "ops", stage: "test" });
    expect(sha256(fs.readFileSync(path.join(workDir, "downloads", "again.bin")))).toBe(sha256(bytes));

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "other.txt", Body: "other" }));
    fs.writeFileSync(path.join(workDir, "keys.txt"), `${key}\nother.txt\n`);
    expect(printed(await cli(["listObjects", "--bucket", bucket, "--fetchAll"]))).toEqual(["other.txt", key]);
    // The official pagination group, as key=value pairs.
    expect(printed(await cli(["listObjects", "--bucket", bucket, "--pagination", "maxKeys=1"]))).toEqual(["other.txt"]);

    const presign = await cli(["generatePresignedUrl", "--bucket", bucket, "--objectKey", key, "--out", "url.json"]);
    const masked = String(printed(presign));
    expect(masked).toContain("X-Amz-Signature=********");
    expect(masked).toContain("X-Amz-Credential=********");
    const url = String(JSON.parse(fs.readFileSync(path.join(workDir, "url.json"), "utf8")));
    expect(url).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    const fetched = await fetch(url);
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(bytes));

    const picklist = printed(await cli(["selectBucket"]));
    expect(picklist).toEqual(match.arrayContaining([{ key: bucket, label: bucket }]));

    // a list input from @file, one key per line
    const deleted = printed(await cli(["deleteObjects", "--bucket", bucket, "--objectKeys", "@keys.txt"]));
    expect(field(deleted, "DeletedCount")).toBe(2);
    expect(printed(await cli(["listObjects", "--bucket", bucket]))).toEqual([]);

    for (const run of [put, get, presign]) expect(run.stdout + run.stderr).not.toContain(secret());
  });

  it("repeats a list flag, and reports a failed step with the error hook's message", async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a.txt", Body: "a" }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "b.txt", Body: "b" }));
    expect(
      field(
        printed(await cli(["deleteObjects", "--bucket", bucket, "--objectKeys", "a.txt", "--objectKeys", "b.txt"])),
        "DeletedCount",
      ),
    ).toBe(2);
    expect(printed(await cli(["listObjects", "--bucket", bucket]))).toEqual([]);

    const missing = await cli(["headObject", "--bucket", bucket, "--objectKey", "nothing-here.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /Error: HeadObject failed: NotFound \(HTTP 404.*there is no object "nothing-here.txt" in bucket "/,
    );
  });
});

describe("--until-done", () => {
  it("loops copyPrefix on each result's Cursor until Done, a line per call", async () => {
    const bucket = uniqueBucketName("runner-loop");
    await s3.send(new CreateBucketCommand({ Bucket: removeAfterTests(bucket) }));
    for (let index = 0; index < 6; index++) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `in/${index} ü.txt`, Body: `object ${index}` }));
    }
    // Every request takes 0.2 s through the proxy, so each 2-second call copies a few objects.
    const slow = await startCountingProxy(testTarget().endpoint, {}, { beforeForward: () => sleep(200) });
    let run: Run;
    try {
      run = await cli(
        [
          "copyPrefix",
          "--sourceBucket",
          bucket,
          "--sourcePrefix",
          "in/",
          "--destinationBucket",
          bucket,
          "--destinationPrefix",
          "out/",
          "--concurrency",
          "1",
          "--timeBudgetSeconds",
          "2",
          "--until-done",
        ],
        targetEnv({ S3_ENDPOINT: slow.endpoint }),
      );
    } finally {
      await slow.close();
    }
    expect(field(printed(run), "Done")).toBe(true);
    expect(run.stderr).toContain("6 keys under the prefix");
    const calls = run.stderr.match(/ {2}call \d+: /g) ?? [];
    expect(calls.length).toBeGreaterThan(1);
    expect(run.stderr).toContain('"Copied":6,"Skipped":0');
    for (let index = 0; index < 6; index++) {
      const copied = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `out/${index} ü.txt` }));
      expect(await copied.Body?.transformToString()).toBe(`object ${index}`);
    }
  });

  it("is refused with an action that returns no Cursor", async () => {
    const run = await cli(["headBucket", "--bucket", "any-bucket", "--until-done"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--until-done goes with the actions that return a Cursor \(copyPrefix, deletePrefix\)/);
  });
});

describe("triggers", () => {
  // The runner reads triggers from the component, so any webhook trigger runs the same way.
  const echo = trigger({
    display: { label: "Echo", description: "Returns the request it got" },
    inputs: { note: input({ label: "Note", type: "string", required: true, comments: "Any text." }) },
    scheduleSupport: "invalid",
    synchronousResponseSupport: "valid",
    perform: (_context, payload, params) =>
      Promise.resolve({
        payload: {
          ...payload,
          body: {
            data: {
              text: payload.body.data,
              note: params.note,
              headers: payload.headers,
              query: payload.queryParameters,
            },
          },
        },
        response: { statusCode: 200, contentType: "text/plain", body: "OK" },
      }),
  });
  const withTrigger = defineComponent({
    key: "runner-test",
    public: false,
    display: { label: "Runner test", description: "A trigger for the runner test", iconPath: "icon.png" },
    triggers: { echoWebhook: echo },
  });

  it("hands --body @file, --header and --query to the trigger as a webhook request", async () => {
    fs.writeFileSync(path.join(workDir, "message.json"), '{"Type":"Notification"}');
    const run = await cli(
      [
        "echoWebhook",
        "--body",
        "@message.json",
        "--header",
        "x-amz-sns-message-type=Notification",
        "--query",
        "a=1",
        "--note",
        "hi",
      ],
      targetEnv(),
      { component: withTrigger },
    );
    const result = printed(run);
    expect(field(field(field(result, "payload"), "body"), "data")).toEqual({
      text: '{"Type":"Notification"}',
      note: "hi",
      headers: { "Content-Type": "application/json", "x-amz-sns-message-type": "Notification" },
      query: { a: "1" },
    });
    expect(field(result, "response")).toEqual({ statusCode: 200, contentType: "text/plain", body: "OK" });
    const missing = await cli(["echoWebhook", "--body", "x"], targetEnv(), { component: withTrigger });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("echoWebhook needs a required input that was not given: --note (Note).");
  });
});

describe("the demo flow", () => {
  it("runs every step against the S3 the environment names, verifies the bytes and leaves nothing behind", async () => {
    const run = await cli(["--demo-size", "20MiB"]);
    expect(run.stderr).not.toContain("Error:");
    expect(run.code).toBe(0);
    const steps = [...run.stdout.matchAll(/^\[(\d+)\/11\] (\S+)/gm)].map((match) => match[2]);
    expect(steps).toEqual([
      "createBucket",
      "putObject",
      "putObject",
      "putObject",
      "listObjectsDetailed",
      "generatePresignedUrl",
      "HTTP",
      "copyObject",
      "getObject",
      "deleteObjects",
      "deleteBucket",
    ]);
    expect(run.stdout).toContain('fileContents: {"data":"<20.0 MiB data>","contentType":"application/octet-stream"}');
    expect(run.stdout).toMatch(/time {4}[\d.]+ m?s · sent 20\.0 MiB at /);
    expect(run.stdout).toContain("check   ✓ the folders are data/, docs/ and many/");
    expect(run.stdout).toMatch(/check {3}✓ the 20\.0 MiB downloaded have the SHA-256 of the bytes uploaded/);
    expect(run.stdout).toContain("check   ✓ the copy holds the original text");
    expect(run.stdout).toContain('"DeletedCount": 23');
    expect(run.stdout).toContain("X-Amz-Signature=********");
    expect(run.stdout + run.stderr).not.toContain(testTarget().secretAccessKey);
    expect(run.stdout).toMatch(/Demo done: 11 steps in [\d.]+ s\./);
    const bucket = /"bucket": ?"(aws-s3-demo-[a-z0-9-]+)"|bucket: "(aws-s3-demo-[a-z0-9-]+)"/.exec(run.stdout);
    const name = bucket?.[1] ?? bucket?.[2];
    expect(name).toBeDefined();
    if (name !== undefined) expect(await bucketExists(name)).toBe(false);
  });
});

/** PIDs of running processes whose command line names a file in `dir` (the Ceph daemons take its ceph.conf). */
function daemonsOf(dir: string): number[] {
  return fs.readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(`${dir}/`) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

describe("the embedded S3", () => {
  it("starts on demand in its own directory and stops when the runner is done", async () => {
    if (testTarget().external) return; // Ceph may not be installed when the suite runs against another S3
    const baseDir = path.join(workDir, "local-s3");
    const created = await cli(["createBucket", "--bucket", "kept-bucket"], {
      AWS_S3_LOCAL_DIR: baseDir,
      PATH: process.env.PATH,
    });
    expect(printed(created)).toMatchObject({ Bucket: "kept-bucket" });
    expect(created.stderr).toMatch(/Embedded S3 ready at http:\/\/127\.0\.0\.1:\d+/);
    expect(created.stderr).toContain(`data kept in ${baseDir}, first start: creating it`);
    expect(daemonsOf(baseDir)).toEqual([]);
    expect(fs.existsSync(path.join(baseDir, "runner.pid"))).toBe(false);
    // A restart on the same directory brings the bucket back (file-backed store): checked by hand,
    // as a second start would double this test's ~10 s.
  }, 120_000);
});
