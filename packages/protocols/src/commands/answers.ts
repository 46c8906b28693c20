/**
 * The device answers to our commands in the text protocols, for their sessions to report through
 * `CommandSessionHandle.answered`. Each returns the answer's text, or null for any other message.
 */

/** Suntech: `ST300CMD;Res;<id>;<ver>;Enable1;…` (ST300 layout) or `RES;<id>;04;01;…` (universal). */
export function suntechCommandAnswer(line: string): string | null {
  const text = line.trim();
  return /^(?:ST\d{3,4}|SA\d{3})CMD;Res;/.test(text) || /^RES;\d+;\d{2};/.test(text) ? text : null;
}

/** Queclink @Track: `+ACK:GTOUT,<protocol>,<imei>,<name>,<serial>,<time>,<count>$` and the other `+ACK:GT…`. */
export function queclinkCommandAnswer(message: string): string | null {
  const text = message.trim();
  return /^\+ACK:GT[A-Z]{3},/.test(text) ? text : null;
}
