import type { Metadata } from 'next';
import { LoginForm } from '@/features/auth/LoginForm';

export const metadata: Metadata = { title: 'Login' };

type Params = Promise<{ next?: string | string[]; reason?: string | string[] }>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function LoginPage({ searchParams }: { searchParams: Params }) {
  const { next, reason } = await searchParams;
  return <LoginForm next={one(next)} reason={one(reason)} />;
}
