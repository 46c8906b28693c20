import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { AuthProvider } from '@/lib/auth';
import { I18nProvider } from '@/lib/i18n';
import { DEFAULT_LOCALE, LOCALE_COOKIE, toLocale } from '@/lib/i18n/locales';
import '@/styles/base.css';
import '@/styles/forms.css';
import '@/styles/shell.css';
import '@/styles/table.css';
import '@/styles/dialog.css';
import '@/styles/auth.css';

export const metadata: Metadata = {
  title: { default: 'Pioneira', template: '%s · Pioneira' },
  description: 'Fleet telemetry dashboard',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendering in the chosen language on the server avoids a flash of the wrong one.
  const chosen = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const locale = chosen ?? DEFAULT_LOCALE;
  return (
    <html lang={locale}>
      <body>
        <I18nProvider initialLocale={locale} hasCookie={chosen !== undefined}>
          <AuthProvider>{children}</AuthProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
