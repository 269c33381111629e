/**
 * The command line, split into the target key and flags. Which flags exist depends on the
 * target (its inputs), so this step only tokenises; `params.ts` gives the flags their meaning.
 */
import { UsageError } from "./io";

/** A flag's occurrences, in order; `true` for a flag given without a value. */
export type FlagValues = (string | true)[];

export interface ParsedArgs {
  /** The action, trigger or data source to run; undefined runs the demo. */
  targetKey?: string;
  flags: Map<string, FlagValues>;
}

/**
 * The runner's own flags, as opposed to a target's inputs. Kebab-case (or one word), so they never
 * clash with input keys, which are camelCase; a one-word runner flag that equals an input key of the
 * chosen target goes to the input.
 */
export const RUNNER_FLAGS = {
  help: { value: false, about: "this help; after a key, that action's inputs" },
  list: { value: false, about: "every action, trigger and data source with its inputs" },
  out: { value: true, about: "write the result to this file: the bytes of a binary result, else its JSON (unmasked)" },
  "until-done": {
    value: false,
    about: "copyPrefix, deletePrefix: call again with each result's Cursor until Done, a bar showing the keys handled",
  },
  embedded: { value: false, about: "use the embedded local S3 even when AWS_ACCESS_KEY_ID is set" },
  "endpoint-url": { value: true, about: "an S3-compatible service's base URL (path-style requests); env S3_ENDPOINT" },
  "access-key-id": { value: true, about: "access key ID; env AWS_ACCESS_KEY_ID" },
  "secret-access-key": { value: true, about: "its secret; prefer env AWS_SECRET_ACCESS_KEY (flags show in `ps`)" },
  "session-token": { value: true, about: "for temporary credentials; prefer env AWS_SESSION_TOKEN" },
  "role-arn": { value: true, about: "assume this role (the role connection); env AWS_ROLE_ARN" },
  "external-id": { value: true, about: "the role's sts:ExternalId, if its trust policy requires one" },
  region: { value: true, about: "AWS region for every step; env AWS_REGION (default us-east-1)" },
  "demo-size": { value: true, about: "size of the demo's generated object, e.g. 5MiB (default 50MiB)" },
  body: { value: true, about: "triggers: the request body, text or @file" },
  header: { value: true, about: "triggers: a request header name=value (repeat the flag)" },
  query: { value: true, about: "triggers: a query parameter name=value (repeat the flag)" },
} as const;

export type RunnerFlag = keyof typeof RUNNER_FLAGS;

export function isRunnerFlag(name: string): name is RunnerFlag {
  return Object.prototype.hasOwnProperty.call(RUNNER_FLAGS, name);
}

const takesNoValue = (name: string): boolean => isRunnerFlag(name) && !RUNNER_FLAGS[name].value;

/**
 * `key --name value --name=value --bare`. A flag takes the next token as its value unless that
 * token is another flag (`--...`); `--name=--x` passes a value that starts with dashes. The key
 * comes first; `-h` is `--help`.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, FlagValues>();
  const add = (name: string, value: string | true): void => {
    if (name === "")
      throw new UsageError(
        `"--${value === true ? "" : `=${value}`}" is not a flag: flags look like --bucket my-bucket.`,
      );
    flags.set(name, [...(flags.get(name) ?? []), value]);
  };
  let targetKey: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] ?? "";
    if (token === "-h") {
      add("help", true);
    } else if (token.startsWith("--")) {
      const equals = token.indexOf("=");
      if (equals >= 0) {
        add(token.slice(2, equals), token.slice(equals + 1));
        continue;
      }
      const name = token.slice(2);
      const next = argv[index + 1];
      if (next === undefined || next.startsWith("--") || takesNoValue(name)) {
        add(name, true);
      } else {
        add(name, next);
        index++;
      }
    } else if (index === 0) {
      targetKey = token;
    } else if (targetKey === undefined && [...flags.keys()].every(takesNoValue)) {
      // `--list putObject`, `--help putObject`
      targetKey = token;
    } else {
      throw new UsageError(
        `Unexpected "${token}": every value belongs to a flag (--name value), and the action key comes first, e.g. npm start -- putObject --bucket my-bucket.`,
      );
    }
  }
  return { targetKey, flags };
}

/** The single value of a flag, or undefined when absent; refuses repeats and missing values. */
export function singleValue(flags: Map<string, FlagValues>, name: string): string | undefined {
  const values = flags.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) throw new UsageError(`--${name} was given ${values.length} times; give it once.`);
  const [value] = values;
  if (value === true || value === undefined) throw new UsageError(`--${name} needs a value, e.g. --${name} VALUE.`);
  return value;
}

export const hasFlag = (flags: Map<string, FlagValues>, name: string): boolean => flags.has(name);
