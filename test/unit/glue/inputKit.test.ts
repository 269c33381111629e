/**
 * Input declarations (src/glue/inputKit.ts): an input is declared without its key and takes it
 * from the property it is placed under, so its errors name the key a builder sees in the
 * designer, and one declaration cannot end up under two keys.
 */
import { input } from "@prismatic-io/spectral";
import {
  booleanInput,
  groupInput,
  integerInput,
  optionalTextInput,
  placeInputs,
  refOf,
  requiredChoiceInput,
  withComments,
} from "../../../src/glue/inputKit";

const maxKeys = () =>
  integerInput({ label: "Max Keys", comments: "Keys per page.", min: 1, max: 1_000, fallback: 1_000 });

describe("placeInputs and refOf", () => {
  it("give each input the key it is placed under, which its errors name", () => {
    const declared = maxKeys();
    const inputs = placeInputs({ pageSize: declared, fetchAll: booleanInput({ label: "Fetch All", comments: "" }) });
    expect(refOf(inputs.pageSize)).toEqual({ key: "pageSize", label: "Max Keys" });
    expect(refOf(inputs.fetchAll).key).toBe("fetchAll");
    expect(() => declared.clean?.("5000")).toThrow(
      "Max Keys (pageSize): must be a whole number from 1 to 1,000; got 5,000.",
    );
    expect(declared.clean?.("")).toBe(1_000);
    expect(() => inputs.fetchAll.clean?.("maybe")).toThrow('Fetch All (fetchAll): must be true or false; got "maybe".');
  });

  it("refuses an input that is not placed yet, naming it", () => {
    expect(() => refOf(maxKeys())).toThrow("Input Max Keys is not placed under a key in any inputs object.");
    expect(() => refOf({ label: "Elsewhere" })).toThrow(
      "Input (not built by inputKit) is not placed under a key in any inputs object.",
    );
  });

  it("refuses one declaration under two keys, so no error names the wrong one", () => {
    const shared = maxKeys();
    placeInputs({ maxKeys: shared });
    expect(() => placeInputs({ pageSize: shared })).toThrow(
      'Input "Max Keys" is placed as "pageSize" and as "maxKeys"; declare one input per key.',
    );
    expect(() => placeInputs({ maxKeys: shared })).not.toThrow();
    expect(refOf(shared).key).toBe("maxKeys");
  });

  it("leaves inputs it did not build alone", () => {
    const plain = input({ label: "Plain", type: "string" });
    expect(placeInputs({ plain }).plain).toBe(plain);
    expect(() => refOf(plain)).toThrow("Input (not built by inputKit) is not placed under a key in any inputs object.");
  });

  it("keeps the key of an input whose comments are changed for one action", () => {
    const prefix = optionalTextInput({ label: "Prefix", comments: "Any keys." });
    const forPolling = withComments(prefix, "Only files under this prefix are watched.");
    placeInputs({ prefix: forPolling });
    expect(forPolling.comments).toBe("Only files under this prefix are watched.");
    expect(refOf(prefix).key).toBe("prefix");
    expect(() => placeInputs({ folder: prefix })).toThrow('Input "Prefix" is placed as "folder" and as "prefix"');
  });
});

describe("groupInput", () => {
  it("places its members as group.member, and their errors name that key", () => {
    const members = {
      maxKeys: maxKeys(),
      versioningStatus: requiredChoiceInput({
        label: "Versioning Status",
        comments: "",
        choices: ["Enabled", "Suspended"],
      }),
    };
    const inputs = placeInputs({ pagination: groupInput({ label: "Pagination", comments: "One page." }, members) });
    expect(refOf(inputs.pagination)).toEqual({ key: "pagination", label: "Pagination" });
    expect(refOf(members.maxKeys)).toEqual({ key: "pagination.maxKeys", label: "Max Keys" });
    expect(() => members.maxKeys.clean?.("0")).toThrow(
      "Max Keys (pagination.maxKeys): must be a whole number from 1 to 1,000; got 0.",
    );
    expect(() => members.versioningStatus.clean?.("")).toThrow(
      "Versioning Status (pagination.versioningStatus): is required: choose Enabled or Suspended.",
    );
  });
});
