/** A CEP as people write it, "20040-002"; anything that is not eight digits is shown as it came. */
export function formatCep(cep: string | null | undefined): string {
  if (!cep) return '—';
  const digits = cep.replace(/\D/g, '');
  return digits.length === 8 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : cep;
}
