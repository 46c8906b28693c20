import type { Metadata } from 'next';
import { RegisterForm } from '@/features/auth/RegisterForm';

export const metadata: Metadata = { title: 'Cadastro' };

type Params = Promise<{ token?: string | string[] }>;

export default async function RegisterPage({ searchParams }: { searchParams: Params }) {
  const { token } = await searchParams;
  return <RegisterForm token={Array.isArray(token) ? token[0] : token} />;
}
