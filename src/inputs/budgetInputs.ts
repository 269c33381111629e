/** How long one call of a long job may work, and where it goes on from. */
import { integerInput, optionalTextInput, placeInputs } from "../glue/inputKit";

export const budgetInputs = placeInputs({
  timeBudgetSeconds: integerInput({
    label: "Time Budget (seconds)",
    comments:
      "Start no new work after this many seconds, 1 to 870; work in flight is finished, then the step returns Done false with a Cursor to go on from. The default leaves margin under the platform's 15-minute step limit.",
    min: 1,
    max: 870,
    fallback: 780,
  }),
  cursor: optionalTextInput({
    label: "Cursor",
    comments:
      "Empty to start from the beginning; to go on, the Cursor of the previous call's result (loop while Done is false). A call killed mid-way can be repeated with the cursor it was given: work already done is recognised and skipped.",
  }),
});
