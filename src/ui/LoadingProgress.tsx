import { Field, ProgressBar } from '@fluentui/react-components';
import { formatCount } from './format';
import { en, useStrings, type Strings } from './strings';

export interface LoadingProgressProps {
  usersLoaded: number;
  usersExpected: number | null;
  locale?: string;
}

/** "Loading people… 1,998 of about 5,000" with a bar (indeterminate until the size is known). */
export function loadingText({ usersLoaded, usersExpected, locale }: LoadingProgressProps, strings: Strings = en): string {
  if (usersExpected === null || usersExpected === 0) return strings.loadingProgress(formatCount(usersLoaded, locale));
  return strings.loadingProgressOf(formatCount(usersLoaded, locale), formatCount(usersExpected, locale));
}

export function LoadingProgress(props: LoadingProgressProps) {
  const strings = useStrings();
  const { usersLoaded, usersExpected } = props;
  const value = usersExpected ? Math.min(1, usersLoaded / usersExpected) : undefined;
  return (
    <Field validationMessage={loadingText(props, strings)} validationState="none">
      <ProgressBar value={value} aria-label={strings.loadingPeople} />
    </Field>
  );
}
