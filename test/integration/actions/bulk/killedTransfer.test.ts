/**
 * transferObject killed half-way and run again (test/support/killedTransfer.ts), at 384 MiB:
 * more than twice the 150 MiB memory goal, so an object held whole would break the bound. It
 * runs on every Node version; the scale tests run it at 1 GiB.
 */
import { describeKilledTransfer } from "../../../support/killedTransfer";

describeKilledTransfer(384);
