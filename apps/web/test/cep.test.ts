import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCep } from '../src/features/parcels/cep';

test('a CEP shows as 00000-000 whether it was stored bare or already formatted', () => {
  assert.equal(formatCep('20040002'), '20040-002');
  assert.equal(formatCep('20040-002'), '20040-002');
  assert.equal(formatCep(null), '—');
  assert.equal(formatCep('2004'), '2004');
});
