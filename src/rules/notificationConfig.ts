/**
 * Bucket notification configurations as pure data: validating what a builder typed, reading
 * what S3 returned, and changing exactly one entry while keeping every other entry of every
 * kind (topic, queue, Lambda, EventBridge). S3 only offers "replace the whole configuration",
 * so every change is read, modify, write; these functions are the "modify".
 */
import {
  Event,
  type EventBridgeConfiguration,
  type FilterRule,
  type LambdaFunctionConfiguration,
  type NotificationConfiguration,
  type NotificationConfigurationFilter,
  type QueueConfiguration,
  type TopicConfiguration,
} from "@aws-sdk/client-s3";
import { describe, InputError, type InputRef, optionalJson, textList } from "../glue/clean";
import { isRecord } from "../glue/guards";
import { isLambdaFunctionArn, isQueueArn, isTopicArn, TOPIC_ARN_FORM } from "./arns";

/** Every event S3 can notify about (s3:TestEvent is sent by S3 itself and cannot be configured). */
export const S3_EVENT_NAMES: readonly Event[] = Object.values(Event);

const isEventName = (name: string): name is Event => S3_EVENT_NAMES.some((event) => event === name);

const EVENT_LIST_NOTE = `S3 event names: ${S3_EVENT_NAMES.join(", ")}.`;

/** Why `name` is not an event name, with the likely fix; undefined when it is one. */
function eventNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return `must be an event name, got ${describe(name)}`;
  if (isEventName(name)) return undefined;
  const guess = [`s3:${name}`, `${name}:*`, `s3:${name}:*`].find(isEventName);
  return `"${name}" is not an S3 event name${guess ? ` (did you mean "${guess}"?)` : ""}`;
}

/** The event names of a value-list input: at least one, each one S3 knows. */
export function eventNames(ref: InputRef, value: unknown): Event[] {
  const names = textList(ref, value).map((name) => name.trim());
  if (names.length === 0)
    throw new InputError(ref, `give at least one event, e.g. s3:ObjectCreated:*. ${EVENT_LIST_NOTE}`);
  const problems = names.map(eventNameProblem).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new InputError(ref, `${problems.join("; ")}. ${EVENT_LIST_NOTE}`);
  return names.filter(isEventName);
}

/** A key filter from a prefix and a suffix (either may be absent); undefined when neither is set. */
export function keyFilter(
  prefix: string | undefined,
  suffix: string | undefined,
): NotificationConfigurationFilter | undefined {
  const rules: FilterRule[] = [];
  if (prefix) rules.push({ Name: "prefix", Value: prefix });
  if (suffix) rules.push({ Name: "suffix", Value: suffix });
  return rules.length === 0 ? undefined : { Key: { FilterRules: rules } };
}

// ----- Validating configurations typed as JSON -----

interface Destination<T> {
  arnField: "TopicArn" | "QueueArn" | "LambdaFunctionArn";
  isArn: (arn: string) => boolean;
  arnForm: string;
  build: (arn: string, common: { Id?: string; Events: Event[]; Filter?: NotificationConfigurationFilter }) => T;
}

const TOPIC: Destination<TopicConfiguration> = {
  arnField: "TopicArn",
  isArn: isTopicArn,
  arnForm: TOPIC_ARN_FORM,
  build: (TopicArn, common) => ({ ...common, TopicArn }),
};
const QUEUE: Destination<QueueConfiguration> = {
  arnField: "QueueArn",
  isArn: isQueueArn,
  arnForm: "arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE_NAME",
  build: (QueueArn, common) => ({ ...common, QueueArn }),
};
const LAMBDA: Destination<LambdaFunctionConfiguration> = {
  arnField: "LambdaFunctionArn",
  isArn: isLambdaFunctionArn,
  arnForm: "arn:aws:lambda:REGION:ACCOUNT_ID:function:NAME",
  build: (LambdaFunctionArn, common) => ({ ...common, LambdaFunctionArn }),
};

/** Checks a `Filter` field; problems are pushed, prefixed with where they are. */
function filterOf(value: unknown, problems: string[], where: string): NotificationConfigurationFilter | undefined {
  if (value === undefined || value === null) return undefined;
  const rules = isRecord(value) && isRecord(value.Key) ? value.Key.FilterRules : undefined;
  if (!Array.isArray(rules)) {
    problems.push(`${where}Filter must look like {"Key": {"FilterRules": [{"Name": "prefix", "Value": "images/"}]}}`);
    return undefined;
  }
  const checked: FilterRule[] = [];
  rules.forEach((rule: unknown, index) => {
    const name = isRecord(rule) && typeof rule.Name === "string" ? rule.Name.toLowerCase() : undefined;
    const ruleValue = isRecord(rule) ? rule.Value : undefined;
    if (name !== "prefix" && name !== "suffix") {
      problems.push(`${where}Filter.Key.FilterRules[${index}].Name must be "prefix" or "suffix"`);
    } else if (typeof ruleValue !== "string" || ruleValue === "" || Buffer.byteLength(ruleValue) > 1024) {
      problems.push(`${where}Filter.Key.FilterRules[${index}].Value must be text of 1 to 1,024 bytes`);
    } else if (checked.some((seen) => seen.Name === name)) {
      problems.push(`${where}Filter has more than one ${name} rule`);
    } else {
      checked.push({ Name: name, Value: ruleValue });
    }
  });
  return checked.length === 0 ? undefined : { Key: { FilterRules: checked } };
}

function entriesOf<T>(ref: InputRef, value: unknown, destination: Destination<T>): T[] {
  const parsed = optionalJson(ref, value);
  if (parsed === undefined) return [];
  const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  const allowed = ["Id", destination.arnField, "Events", "Filter"];
  const problems: string[] = [];
  let badEvent = false;
  const entries = list.map((entry, index): T | undefined => {
    const where = `entry ${index + 1}: `;
    if (!isRecord(entry)) {
      problems.push(`${where}must be an object with ${allowed.join(", ")}; got ${describe(entry)}`);
      return undefined;
    }
    const before = problems.length;
    for (const field of Object.keys(entry)) {
      if (!allowed.includes(field)) problems.push(`${where}unknown field "${field}" (allowed: ${allowed.join(", ")})`);
    }
    const id = entry.Id;
    if (id !== undefined && (typeof id !== "string" || id.trim() === ""))
      problems.push(`${where}Id must be non-empty text`);
    const arn = entry[destination.arnField];
    if (typeof arn !== "string" || arn.trim() === "") problems.push(`${where}${destination.arnField} is required`);
    else if (!destination.isArn(arn.trim()))
      problems.push(`${where}${destination.arnField} "${arn}" is not of the form ${destination.arnForm}`);
    const events = entry.Events;
    if (!Array.isArray(events) || events.length === 0) {
      problems.push(`${where}Events must be a list of at least one event name, e.g. ["s3:ObjectCreated:*"]`);
    } else {
      events.forEach((event: unknown, eventIndex) => {
        const problem = eventNameProblem(event);
        if (problem) {
          problems.push(`${where}Events[${eventIndex}] ${problem}`);
          badEvent = true;
        }
      });
    }
    const filter = filterOf(entry.Filter, problems, where);
    if (problems.length > before || typeof arn !== "string" || !Array.isArray(events)) return undefined;
    return destination.build(arn.trim(), {
      ...(typeof id === "string" ? { Id: id.trim() } : {}),
      Events: events.filter((event): event is Event => typeof event === "string" && isEventName(event)),
      ...(filter ? { Filter: filter } : {}),
    });
  });
  if (problems.length > 0) throw new InputError(ref, `${problems.join("; ")}.${badEvent ? ` ${EVENT_LIST_NOTE}` : ""}`);
  return entries.filter((entry): entry is T => entry !== undefined);
}

export const topicConfigurations = (ref: InputRef, value: unknown): TopicConfiguration[] =>
  entriesOf(ref, value, TOPIC);
export const queueConfigurations = (ref: InputRef, value: unknown): QueueConfiguration[] =>
  entriesOf(ref, value, QUEUE);
export const lambdaFunctionConfigurations = (ref: InputRef, value: unknown): LambdaFunctionConfiguration[] =>
  entriesOf(ref, value, LAMBDA);

/** EventBridge takes no settings: {} (or true) turns delivery on, empty (or false) leaves it off. */
export function eventBridgeConfiguration(ref: InputRef, value: unknown): EventBridgeConfiguration | undefined {
  const parsed = optionalJson(ref, value);
  if (parsed === undefined || parsed === false) return undefined;
  if (parsed === true || (isRecord(parsed) && Object.keys(parsed).length === 0)) return {};
  throw new InputError(
    ref,
    `EventBridge takes no settings: give {} to send every event of the bucket to EventBridge, or leave it empty; got ${describe(parsed)}.`,
  );
}

/** Ids name entries across all kinds, so they must be unique across all kinds. */
export function withUniqueIds(parts: { ref: InputRef; entries: { Id?: string }[] }[]): void {
  const seen = new Map<string, InputRef>();
  for (const { ref, entries } of parts) {
    for (const { Id } of entries) {
      if (Id === undefined) continue;
      const earlier = seen.get(Id);
      if (earlier) {
        throw new InputError(
          ref,
          `the Id "${Id}" is used twice${earlier === ref ? "" : ` (also in ${earlier.label})`}; every entry needs its own Id.`,
        );
      }
      seen.set(Id, ref);
    }
  }
}

// ----- Reading and changing a bucket's configuration -----

/** A configuration with every list present (possibly empty). */
export interface FullNotificationConfiguration {
  TopicConfigurations: TopicConfiguration[];
  QueueConfigurations: QueueConfiguration[];
  LambdaFunctionConfigurations: LambdaFunctionConfiguration[];
  EventBridgeConfiguration?: EventBridgeConfiguration;
}

/** The configuration part of a GetBucketNotificationConfiguration response (or of any configuration). */
export function fullConfiguration(configuration: NotificationConfiguration): FullNotificationConfiguration {
  return {
    TopicConfigurations: configuration.TopicConfigurations ?? [],
    QueueConfigurations: configuration.QueueConfigurations ?? [],
    LambdaFunctionConfigurations: configuration.LambdaFunctionConfigurations ?? [],
    ...(configuration.EventBridgeConfiguration
      ? { EventBridgeConfiguration: configuration.EventBridgeConfiguration }
      : {}),
  };
}

export function isEmptyConfiguration(configuration: NotificationConfiguration): boolean {
  const full = fullConfiguration(configuration);
  return (
    full.TopicConfigurations.length + full.QueueConfigurations.length + full.LambdaFunctionConfigurations.length ===
      0 && !full.EventBridgeConfiguration
  );
}

/** What a configuration holds, for messages: "2 topic configurations and EventBridge delivery". */
export function summarize(configuration: NotificationConfiguration): string {
  const full = fullConfiguration(configuration);
  const parts = [
    [full.TopicConfigurations.length, "topic"],
    [full.QueueConfigurations.length, "queue"],
    [full.LambdaFunctionConfigurations.length, "Lambda"],
  ] as const;
  const described = parts
    .filter(([count]) => count > 0)
    .map(([count, kind]) => `${count} ${kind} configuration${count === 1 ? "" : "s"}`);
  if (full.EventBridgeConfiguration) described.push("EventBridge delivery");
  if (described.length === 0) return "nothing";
  const last = described.pop();
  return described.length === 0 ? `${last}` : `${described.join(", ")} and ${last}`;
}

/**
 * Adds `entry` (which must carry an Id), or replaces the topic entry with the same Id; every
 * other entry of every kind is kept as it was. An Id already taken by a queue or Lambda entry
 * is refused rather than silently replaced, naming `idInput` when the Id came from one.
 */
export function upsertTopicConfiguration(
  configuration: NotificationConfiguration,
  entry: TopicConfiguration & { Id: string },
  idInput?: InputRef,
): { configuration: FullNotificationConfiguration; replaced: boolean } {
  const full = fullConfiguration(configuration);
  const other = full.QueueConfigurations.some(({ Id }) => Id === entry.Id)
    ? "a queue"
    : full.LambdaFunctionConfigurations.some(({ Id }) => Id === entry.Id)
      ? "a Lambda"
      : undefined;
  if (other) {
    const problem = `"${entry.Id}" is already the Id of ${other} configuration on this bucket; choose another name.`;
    throw idInput ? new InputError(idInput, problem) : new Error(`The notification Id ${problem}`);
  }
  const index = full.TopicConfigurations.findIndex(({ Id }) => Id === entry.Id);
  const topics =
    index < 0
      ? [...full.TopicConfigurations, entry]
      : full.TopicConfigurations.map((existing, at) => (at === index ? entry : existing));
  return { configuration: { ...full, TopicConfigurations: topics }, replaced: index >= 0 };
}

/** Removes the one entry (of any kind) with this Id; everything else is kept. */
export function removeConfigurationById(
  configuration: NotificationConfiguration,
  id: string,
): { configuration: FullNotificationConfiguration; removed: boolean } {
  const full = fullConfiguration(configuration);
  const keep = <T extends { Id?: string }>(entries: T[]): T[] => entries.filter(({ Id }) => Id !== id);
  const result = {
    ...full,
    TopicConfigurations: keep(full.TopicConfigurations),
    QueueConfigurations: keep(full.QueueConfigurations),
    LambdaFunctionConfigurations: keep(full.LambdaFunctionConfigurations),
  };
  const before =
    full.TopicConfigurations.length + full.QueueConfigurations.length + full.LambdaFunctionConfigurations.length;
  const after =
    result.TopicConfigurations.length + result.QueueConfigurations.length + result.LambdaFunctionConfigurations.length;
  return { configuration: result, removed: after < before };
}
