import { Field, ProgressBar } from '@fluentui/react-components';
import { formatCount } from './format';

export interface LoadingProgressProps {
  usersLoaded: number;
  usersExpected: number | null;
  locale?: string;
}

/** "Loading people… 1,998 of about 5,000" with a bar (indeterminate until the size is known). */
export function loadingText({ usersLoaded, usersExpected, locale }: LoadingProgressProps): string {
  if (usersExpected === null || usersExpected === 0) return `Loading people… ${formatCount(usersLoaded, locale)}`;
  return `Loading people… ${formatCount(usersLoaded, locale)} of about ${formatCount(usersExpected, locale)}`;
}

export function LoadingProgress(props: LoadingProgressProps) {
  const { usersLoaded, usersExpected } = props;
  const value = usersExpected ? Math.min(1, usersLoaded / usersExpected) : undefined;
  return (
    <Field validationMessage={loadingText(props)} validationState="none">
      <ProgressBar value={value} aria-label="Loading people" />
    </Field>
  );
}
