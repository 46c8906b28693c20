import { notFound } from 'next/navigation';
import { RegisterForm } from '@/features/auth/RegisterForm';
import { toLocale } from '@/lib/i18n/locales';

type Params = Promise<{ locale: string }>;
type SearchParams = Promise<{ token?: string | string[] }>;

/** `/en/register?token=…`: an invitation link that also chooses the language. */
export default async function LocalizedRegisterPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const locale = toLocale((await params).locale);
  if (!locale) notFound();
  const { token } = await searchParams;
  return <RegisterForm token={Array.isArray(token) ? token[0] : token} locale={locale} />;
}
