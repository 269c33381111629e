/** transferObject of 1 GiB between two users, killed half-way and run again (test/support/killedTransfer.ts). */
import { describeKilledTransfer } from "../support/killedTransfer";

describeKilledTransfer(1024);
