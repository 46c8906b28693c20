import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CommandEncodeError,
  commandAnswerOutcome,
  crcItu,
  encodeCodec12Command,
  encodeCodec12Response,
  encodeGt06Command,
  encodeTeltonikaImei,
  H02Session,
  queclinkCommandAnswer,
  renderCommand,
  suntechCommandAnswer,
  TeltonikaSession,
} from '@pioneira/protocols';
import { TRACCAR_CODEC_12_RESPONSE, WIKI_CODEC_12 } from './fixtures/teltonika';
import { H02_TEXT } from './fixtures/trackers';

const hex = (text: string) => Buffer.from(text, 'hex');

test('Codec 12: the official getinfo command is byte for byte what we encode', () => {
  assert.deepEqual(encodeCodec12Command('getinfo'), hex(WIKI_CODEC_12.getinfo));
});

test('Codec 12: Traccar\'s "setdigout 11\\r\\n" vector, CRC included', () => {
  // TeltonikaProtocolEncoderTest (Traccar, Apache-2.0) sends this text with a CR LF.
  assert.deepEqual(
    encodeCodec12Command('setdigout 11\r\n'),
    hex('00000000000000160C01050000000E7365746469676F75742031310D0A010000E258'),
  );
});

test('engine block on Teltonika is the configured output command in Codec 12', () => {
  const block = renderCommand('teltonika', '356307042441013', { type: 'engine_block' });
  assert.equal(block.text, 'setdigout 1');
  // The same layout as the official getinfo example, with the text "setdigout 1" (11 bytes).
  assert.deepEqual(block.bytes, hex('00000000000000130c01050000000b7365746469676f7574203101000087a2'));
  const custom = renderCommand(
    'teltonika',
    '356307042441013',
    { type: 'engine_block' },
    { teltonikaBlock: 'setdigout ?1' },
  );
  assert.equal(custom.text, 'setdigout ?1');
  assert.equal(renderCommand('teltonika', 'x', { type: 'engine_unblock' }).text, 'setdigout 0');
  assert.equal(renderCommand('teltonika', 'x', { type: 'custom', text: 'getver' }).sms, '  getver');
});

test('the Teltonika session reads the device answers: official getinfo response and a Traccar capture', () => {
  const session = new TeltonikaSession();
  const frames = session.push(
    Buffer.concat([encodeTeltonikaImei('356307042441013'), hex(WIKI_CODEC_12.getinfoResponse)]),
  );
  assert.equal(frames.length, 2);
  assert.equal(frames[1].type, 'command-response');
  if (frames[1].type === 'command-response') assert.match(frames[1].text, /^INI:2019\/7\/22 7:22 RTC:/);
  const binary = session.push(hex(TRACCAR_CODEC_12_RESPONSE));
  assert.deepEqual(
    binary.map((f) => f.type),
    ['command-response'],
  );
  // Split anywhere, the answer still comes out once.
  const split = new TeltonikaSession();
  const response = encodeCodec12Response('DOUT1:1 DOUT2:0 Timeout:INFINITY');
  split.push(encodeTeltonikaImei('356307042441013'));
  const parts = [...response].flatMap((byte) => split.push(Buffer.from([byte])));
  assert.deepEqual(parts, [{ type: 'command-response', text: 'DOUT1:1 DOUT2:0 Timeout:INFINITY' }]);
});

test('Codec 12 from the device: a command echoed back, a bad CRC or a lying size close the session', () => {
  const refuse = (packet: Buffer) => {
    const session = new TeltonikaSession();
    session.push(encodeTeltonikaImei('356307042441013'));
    const frames = session.push(packet);
    assert.equal(frames.at(-1)?.type, 'error');
    assert.equal(session.canContinue, false);
  };
  refuse(encodeCodec12Command('setdigout 1'));
  const badCrc = encodeCodec12Response('DOUT1:1');
  badCrc[badCrc.length - 1] ^= 0xff;
  refuse(badCrc);
  const lying = encodeCodec12Response('DOUT1:1');
  lying.writeUInt32BE(99, 11);
  refuse(lying);
});

test("GT06: CRC-ITU check value and Traccar's Relay,1# vector (online command 0x80)", () => {
  assert.equal(crcItu(Buffer.from('123456789')), 0x906e);
  // Gt06ProtocolEncoderTest (Traccar, Apache-2.0): engine stop with server flag 0 and serial 0.
  assert.deepEqual(encodeGt06Command('Relay,1#'), hex('787812800c0000000052656c61792c312300009dee0d0a'));
  const block = renderCommand('gt06', '123456789012345', { type: 'engine_block' });
  assert.deepEqual(block.bytes, hex('787812800c0000000052656c61792c312300009dee0d0a'));
  assert.equal(block.sms, 'Relay,1#');
  assert.equal(renderCommand('gt06', 'x', { type: 'engine_unblock' }).text, 'Relay,0#');
  const dyd = renderCommand(
    'gt06',
    'x',
    { type: 'engine_block' },
    { gt06Variant: 'dyd', password: '654321' },
  );
  assert.equal(dyd.text, 'DYD,654321#');
  assert.equal(
    renderCommand('gt06', 'x', { type: 'engine_unblock' }, { gt06Variant: 'dyd' }).text,
    'HFYD,123456#',
  );
  const custom = encodeGt06Command('WHERE#', 7, 0x01020304);
  assert.equal(custom[2], 1 + 1 + 4 + 6 + 2 + 2);
  assert.equal(custom.readUInt32BE(5), 0x01020304);
  assert.equal(custom.readUInt16BE(15), 7);
  assert.equal(custom.readUInt16BE(17), crcItu(custom.subarray(2, 17)));
});

test('Suntech: ST300 Enable1/Disable1 (operation manual §7-6, §7-7) and the universal 04;01 / 04;02', () => {
  const block = renderCommand('suntech', '100850000', { type: 'engine_block' });
  assert.equal(block.text, 'ST300CMD;100850000;02;Enable1');
  assert.deepEqual(block.bytes, Buffer.from('ST300CMD;100850000;02;Enable1\r'));
  assert.equal(
    renderCommand('suntech', '100850000', { type: 'engine_unblock' }).text,
    'ST300CMD;100850000;02;Disable1',
  );
  const universal = { suntechVariant: 'universal' as const };
  assert.equal(
    renderCommand('suntech', '907126119', { type: 'engine_block' }, universal).text,
    'CMD;907126119;04;01',
  );
  assert.equal(
    renderCommand('suntech', '907126119', { type: 'engine_unblock' }, universal).text,
    'CMD;907126119;04;02',
  );
  assert.throws(() => renderCommand('suntech', 'abc', { type: 'engine_block' }), CommandEncodeError);
});

test('Queclink: AT+GTOUT drives output 1 with the password and a serial the +ACK echoes', () => {
  const block = renderCommand('queclink', '135790246811220', { type: 'engine_block' });
  assert.equal(block.text, 'AT+GTOUT=gv300,1,,,0,0,0,0,0,0,0,,,,,,,FFFF$');
  const unblock = renderCommand('queclink', 'x', { type: 'engine_unblock' }, { password: 'abc123' });
  assert.equal(unblock.text, 'AT+GTOUT=abc123,0,,,0,0,0,0,0,0,0,,,,,,,FFFF$');
  assert.deepEqual(unblock.bytes, Buffer.from(unblock.text));
});

test('custom text: printable ASCII only, not empty, bounded; unknown protocols refuse', () => {
  for (const text of ['', '   ', 'ação', 'a\u0000b', 'x'.repeat(501)])
    assert.throws(
      () => renderCommand('teltonika', 'x', { type: 'custom', text }),
      (e: unknown) => e instanceof CommandEncodeError && e.code === 'INVALID_COMMAND_TEXT',
      JSON.stringify(text).slice(0, 20),
    );
  assert.throws(
    () => renderCommand('osmand', 'x', { type: 'engine_block' }),
    (e: unknown) => e instanceof CommandEncodeError && e.code === 'COMMAND_NOT_SUPPORTED',
  );
});

test("the text protocols' answers to commands are recognised, anything else is not", () => {
  // ST300/340 operation manual §7-6: the response to Enable1.
  assert.equal(
    suntechCommandAnswer('ST300CMD;Res;100850000;010;Enable1;20140213;05:16:03;04f54\r'),
    'ST300CMD;Res;100850000;010;Enable1;20140213;05:16:03;04f54',
  );
  assert.equal(suntechCommandAnswer('ST300STT;100850000;010;20090724;07:12:16'), null);
  assert.equal(
    queclinkCommandAnswer('+ACK:GTOUT,270C03,135790246811220,,FFFF,20260101120000,11F0$'),
    '+ACK:GTOUT,270C03,135790246811220,,FFFF,20260101120000,11F0$',
  );
  assert.equal(queclinkCommandAnswer('+RESP:GTFRI,270C03,135790246811220,,0,0,1,1,4.3'), null);
});

test('H02: S20 block and unblock with the server UTC time (Traccar H02ProtocolEncoderTest layout)', () => {
  const at = new Date('2026-12-04T01:02:03Z');
  const block = renderCommand('h02', '123456789012345', { type: 'engine_block' }, {}, at);
  assert.equal(block.text, '*HQ,123456789012345,S20,010203,1,1#');
  assert.deepEqual(block.bytes, Buffer.from('*HQ,123456789012345,S20,010203,1,1#', 'latin1'));
  assert.equal(block.sms, block.text);
  const unblock = renderCommand('h02', '4210051415', { type: 'engine_unblock' }, {}, at);
  assert.deepEqual(unblock.bytes, hex('2a48512c343231303035313431352c5332302c3031303230332c312c3023'));
  // The time is UTC whatever the offset of the date given.
  const evening = renderCommand(
    'h02',
    '4210051415',
    { type: 'engine_block' },
    {},
    new Date('2026-12-04T21:30:59-03:00'),
  );
  assert.equal(evening.text, '*HQ,4210051415,S20,003059,1,1#');
  assert.throws(
    () => renderCommand('h02', 'HQ-1', { type: 'engine_block' }),
    (e: unknown) => e instanceof CommandEncodeError && e.code === 'COMMAND_NOT_SUPPORTED',
  );
});

test('H02: a custom text is framed with the id and time, or sent whole when it is a *…# command', () => {
  const at = new Date('2026-12-04T12:00:00Z');
  const custom = (text: string) => renderCommand('h02', '4210051415', { type: 'custom', text }, {}, at).text;
  assert.equal(custom('S71,22,10'), '*HQ,4210051415,S71,120000,22,10#');
  assert.equal(custom('r1'), '*HQ,4210051415,R1,120000#');
  assert.equal(custom('*HQ,4210051415,SCF,120000,0,0#'), '*HQ,4210051415,SCF,120000,0,0#');
  for (const text of ['S71#', '*HQ,1,S20,1,1', '*HQ,1#,S20#', 'S71,2*2', '71,22', 'S71\r\n,1'])
    assert.throws(
      () => custom(text),
      (e: unknown) => e instanceof CommandEncodeError && e.code === 'INVALID_COMMAND_TEXT',
      text,
    );
});

test("H02: the device's V4 confirmation is an answer frame, split anywhere, and reports go on", () => {
  const session = new H02Session();
  const answer =
    '*HQ,4210051415,V4,S20,DONE,010203,010210,A,2212.8745,N,11346.6574,E,14.28,028,041226,FFFFFBFF#';
  const bytes = Buffer.from(`${H02_TEXT}${answer}`, 'latin1');
  const frames = [...bytes].flatMap((byte) => session.push(Buffer.from([byte])));
  assert.deepEqual(
    frames.map((f) => f.type),
    ['positions', 'answer'],
  );
  const frame = frames[1]!;
  assert.ok(frame.type === 'answer');
  assert.equal(frame.identifier, '4210051415');
  assert.match(frame.text, /^S20,DONE,010203,010210,A,/);
  assert.equal(session.canContinue, true);
});

test('answers that say no: GT06 refusal prose and H02 V4 ERROR fail; confirmations and the rest acknowledge', () => {
  const outcome = commandAnswerOutcome;
  // Concox manuals: success is "…: Success!"; otherwise the device replies with the reason.
  assert.equal(outcome('gt06', 'Cut off the fuel supply: Success!'), 'acknowledged');
  assert.equal(outcome('gt06', 'Restore fuel supply: Success!'), 'acknowledged');
  assert.equal(outcome('gt06', 'Cut off the fuel supply: Fail!'), 'failed');
  assert.equal(outcome('gt06', 'Password error!'), 'failed');
  assert.equal(outcome('gt06', 'Unknown command'), 'failed');
  assert.equal(outcome('gt06', 'Invalid command'), 'failed');
  // A status or a deferred execution is an answer, not a refusal.
  assert.equal(outcome('gt06', 'Battery:100%; GPS:Fixed; ACC:ON; Fuel Supply: OFF'), 'acknowledged');
  assert.equal(
    outcome('gt06', 'Speed>20km/h, the command will be executed when the speed is lower'),
    'acknowledged',
  );
  // Traccar H02ProtocolDecoderTest captures: V4,S20,DONE and V4,S20,ERROR (the text after "V4,").
  assert.equal(
    outcome('h02', 'S20,DONE,130305,050316,A,2212.8745,N,11346.6574,E,14.28,028,220902,F7FFFBFF'),
    'acknowledged',
  );
  assert.equal(
    outcome('h02', 'S20,ERROR,130305,050316,A,2212.8745,N,11346.6574,E,14.28,028,220902,FFFFFBFF'),
    'failed',
  );
  assert.equal(
    outcome('h02', 'S17,130305,050316,A,2212.8745,N,11346.6574,E,14.28,028,220902,FFFFFBFF'),
    'acknowledged',
  );
  // Teltonika, Suntech and Queclink answers only confirm.
  assert.equal(
    outcome('suntech', 'ST300CMD;Res;100850000;010;Enable1;20140213;05:16:03;04f54'),
    'acknowledged',
  );
  assert.equal(
    outcome('queclink', '+ACK:GTOUT,270B01,135790246811220,GV300,FFFF,20260101120000,001B'),
    'acknowledged',
  );
  assert.equal(outcome('teltonika', 'DOUT1:1 DOUT2:0 Timeout:INFINITY'), 'acknowledged');
});
