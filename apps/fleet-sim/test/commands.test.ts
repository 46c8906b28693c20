import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerCommand, takeCommands } from '@pioneira/fleet-sim';
import { encodeCodec12Command, teltonikaAck } from '@pioneira/protocols';

test('a simulated FMB drives its outputs with setdigout and reports them', () => {
  const outputs = [0, 0];
  assert.equal(answerCommand('setdigout 1', outputs), 'DOUT1:1 DOUT2:0');
  assert.equal(answerCommand('setdigout ?1', outputs), 'DOUT1:1 DOUT2:1');
  assert.equal(answerCommand('setdigout 00', outputs), 'DOUT1:0 DOUT2:0');
  assert.equal(answerCommand('setdigout x', outputs), 'Bad syntax');
  assert.deepEqual(outputs, [0, 0]);
  assert.match(answerCommand('getver', outputs), /^Ver:/);
  assert.equal(answerCommand('reboot-the-moon', outputs), 'Unknown command');
});

test('commands are taken off the stream between ACKs; ACKs and partial commands stay', () => {
  const command = encodeCodec12Command('setdigout 1');
  const both = takeCommands(Buffer.concat([command, teltonikaAck(3)]));
  assert.deepEqual(both.texts, ['setdigout 1']);
  assert.deepEqual(both.rest, teltonikaAck(3));
  const partial = takeCommands(command.subarray(0, 12));
  assert.deepEqual(partial.texts, []);
  assert.equal(partial.rest.length, 12);
  const ackFirst = takeCommands(Buffer.concat([teltonikaAck(1), command]));
  assert.deepEqual(ackFirst.texts, [], 'an ACK in front is left for the reader');
  const corrupt = Buffer.from(command);
  corrupt[15] ^= 1;
  assert.deepEqual(takeCommands(corrupt).texts, [], 'a command with a bad CRC is dropped');
});
