// The heading every screen opens with; it also names the browser tab.

import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';

export function ScreenHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
  return (
    <header class="screen-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </header>
  );
}
