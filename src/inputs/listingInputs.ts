/**
 * The inputs of a listing, shared by listObjects and listObjectsDetailed. Both the official
 * component's `pagination` group (its newer form) and top-level `maxKeys` and
 * `continuationToken` (its older form, and ours) are accepted.
 */
import { InputError, type InputRef, optionalInteger, optionalText } from "../glue/clean";
import {
  booleanInput,
  groupInput,
  integerInput,
  optionalTextInput,
  placeInputs,
  refOf,
  textInput,
} from "../glue/inputKit";
import type { Listing } from "../transfer/reads/listObjectsV2";

const KEYS_PER_PAGE = { min: 1, max: 1000 };

const pageSize = () =>
  textInput(
    { label: "Max Keys", comments: "Keys per page, 1 to 1,000 (S3's default, 1,000, when empty).", example: "1000" },
    (ref, value) => optionalInteger(ref, value, KEYS_PER_PAGE),
  );
const pageToken = () =>
  optionalTextInput({
    label: "Continuation Token",
    comments: "The NextContinuationToken of an earlier call, to fetch the following page.",
  });

/** The official component's newer form of the page inputs. */
const paginationGroup = { maxKeys: pageSize(), continuationToken: pageToken() };

export const listingInputs = placeInputs({
  prefix: textInput(
    {
      label: "Prefix",
      comments: "Only keys that start with this, e.g. invoices/2024/. Leave empty for the whole bucket.",
      example: "path/to/files/",
    },
    optionalText,
  ),
  pagination: groupInput(
    {
      label: "Pagination",
      comments:
        "Max Keys (keys per page) and Continuation Token (the NextContinuationToken of an earlier call) of one page, as in Prismatic's own component.",
    },
    paginationGroup,
  ),
  delimiter: textInput(
    {
      label: "Delimiter",
      comments: "Set to / to list one folder level: keys below it are rolled up into CommonPrefixes (the sub-folders).",
    },
    optionalText,
  ),
  startAfter: textInput({ label: "Start After", comments: "List keys that sort after this key." }, optionalText),
  maxKeys: pageSize(),
  continuationToken: pageToken(),
  fetchAll: booleanInput({ label: "Fetch All", comments: "Follow every page, up to Limit keys." }),
  limit: integerInput({
    label: "Limit",
    comments: "With Fetch All: stop after this many keys (and return NextContinuationToken to go on).",
    min: 1,
    max: 1_000_000,
    fallback: 100_000,
  }),
});

interface PagingValues {
  pagination?: { maxKeys?: number; continuationToken?: string } | string;
  maxKeys?: number;
  continuationToken?: string;
}

/** One value from the pagination group or the top-level input; both given and different is a mistake. */
function either<T>(ref: InputRef, grouped: T | undefined, topLevel: T | undefined): T | undefined {
  if (grouped !== undefined && topLevel !== undefined && grouped !== topLevel) {
    throw new InputError(ref, `is set both in Pagination and on its own, to different values; clear one of them.`);
  }
  return grouped ?? topLevel;
}

interface ListingValues extends PagingValues {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  startAfter?: string;
  fetchAll: boolean;
  limit: number;
}

/** The listing a step's inputs ask for. */
export function listingOf(values: ListingValues): Listing {
  return {
    Bucket: values.bucket,
    Prefix: values.prefix,
    Delimiter: values.delimiter,
    StartAfter: values.startAfter,
    fetchAll: values.fetchAll,
    limit: values.limit,
    ...paging(values),
  };
}

/** The page size and token of a listing, from whichever form of the inputs the step uses. */
function paging(values: PagingValues): { maxKeys: number; ContinuationToken?: string } {
  // The platform hands an unset group over as an empty value.
  if (typeof values.pagination === "string" && values.pagination.trim() !== "") {
    throw new InputError(
      refOf(listingInputs.pagination),
      "must be a group of Max Keys and Continuation Token, not text; or leave it empty and use Max Keys and Continuation Token on their own.",
    );
  }
  const group = typeof values.pagination === "object" ? values.pagination : {};
  return {
    maxKeys: either(refOf(paginationGroup.maxKeys), group.maxKeys, values.maxKeys) ?? KEYS_PER_PAGE.max,
    ContinuationToken: either(
      refOf(paginationGroup.continuationToken),
      group.continuationToken,
      values.continuationToken,
    ),
  };
}
