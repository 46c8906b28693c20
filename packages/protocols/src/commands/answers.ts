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

/** Whether a device's answer says its command was carried out or refused. */
export type AnswerOutcome = 'acknowledged' | 'failed';

// GT06-family firmware answers in English prose: "Cut off the fuel supply: Success!", and on refusal
// the reason ("…: Fail!", "Password error", "Unknown command", "Invalid command").
const GT06_REFUSAL = /\b(fail(ed|ure)?|error|refused|denied|invalid|unknown command|not supported)\b/i;

/**
 * The outcome a device's answer reports. Only protocols whose answers can say no are read: GT06 (its
 * text answer) and H02 (`V4,<CMD>,ERROR,…`). Teltonika, Suntech and Queclink answers only ever confirm
 * (a refused Suntech or Queclink command gets no answer at all and fails at the answer timeout).
 */
export function commandAnswerOutcome(protocol: string, text: string): AnswerOutcome {
  if (protocol === 'gt06')
    return GT06_REFUSAL.test(text) && !/success/i.test(text) ? 'failed' : 'acknowledged';
  if (protocol === 'h02') {
    // The V4 answer after its kind: the command's name, then its result when it has one (DONE, OK, ERROR).
    const result = (text.split(',')[1] ?? '').trim().toUpperCase();
    return result === 'ERROR' || result === 'FAIL' || result === 'FAILED' ? 'failed' : 'acknowledged';
  }
  return 'acknowledged';
}
