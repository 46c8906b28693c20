'use client';

import { PageHeader } from '@/components';
import { useAuth } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ProfileForm } from './ProfileForm';

export function ProfilePage() {
  const t = useT();
  const { user } = useAuth();
  if (!user) return null;
  return (
    <>
      <PageHeader title={t('profile.title')} />
      <div className="grid-2">
        <ProfileForm user={user} />
        <ChangePasswordForm />
      </div>
    </>
  );
}
